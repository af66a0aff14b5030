"""Redaction: personal data in a question is replaced by typed placeholders before anything is stored.

Each detector finds spans in the text; they run in a fixed order, and each replaces what it found
before the next looks, so a placeholder such as ``<PHONE>`` is never matched again. The order matters:
e-mails before URLs (an address holds a domain), dates before phone numbers (`phonenumbers` reads
``15.03.1985`` as a possible Vietnamese number), and a catch-all for long digit runs last.
Maintained libraries find what they are good at — ``phonenumbers`` the US and Vietnamese phone
numbers, ``urlextract`` bare domains against IANA's list of top-level domains (shipped with the
package, never downloaded at run time) — and the patterns here, each tested in tests/privacy,
find the rest. README.md ("Privacy model") says what is and is not detected.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum

import phonenumbers
from urlextract import URLExtract

from bot.privacy import words
from bot.privacy.letters import LOWER, UPPER, vi_phrase, vi_words


class Kind(StrEnum):
    """What a placeholder stands for; the placeholder is ``<KIND>``."""

    EMAIL = "EMAIL"
    URL = "URL"
    USERNAME = "USERNAME"
    A_NUMBER = "A_NUMBER"
    SSN = "SSN"
    CARD = "CARD"
    DATE = "DATE"
    PHONE = "PHONE"
    ADDRESS = "ADDRESS"
    NAME = "NAME"
    NUMBER = "NUMBER"

    @property
    def placeholder(self) -> str:
        """The text that replaces a found item, e.g. ``<PHONE>``."""
        return f"<{self.value}>"


Span = tuple[int, int]
Detector = Callable[[str], Iterable[Span]]


@dataclass(frozen=True)
class Redaction:
    """The redacted text and how many items of each kind were replaced (counts only, for logs and tests)."""

    text: str
    counts: Counter[Kind] = field(default_factory=Counter)


def _spans(pattern: str, flags: int = 0) -> Detector:
    """A detector from a regex: the span of its ``pii`` group when it has one, else of the whole match."""
    compiled = re.compile(pattern, flags)
    group = "pii" if "pii" in compiled.groupindex else 0

    def detect(text: str) -> Iterator[Span]:
        for match in compiled.finditer(text):
            start, end = match.span(group)
            if end > start:
                yield start, end

    return detect


# --- building blocks -------------------------------------------------------------------------------

#: A capitalised word in any Latin script: Lan, Đức, O'Brien, Mary-Jane.
CAP = rf"{UPPER}{LOWER}*(?:['’-]{UPPER}?{LOWER}+)*(?![\w'’])"
_PARTICLE = r"(?:de|del|la|van|von|da|di|dos|y|bin|ibn)"
#: One to four capitalised words, with lower-case particles between (Maria de la Cruz).
_CAP_NAME = rf"{CAP}(?:\s+(?:{_PARTICLE}\s+){{0,2}}{CAP}){{0,3}}"
_DIGITS = r"\d(?:[\s.-]?\d)"
_START = r"(?<![\w])"
_END = r"(?![\w])"
#: Filler between a cue and its value: "is", "my", "là", "của tôi", "#", ":".
_IS = rf"(?:\s*(?:is|was|my|:|#|no\.?|number|{vi_words('la', 'so', 'cua', 'toi', 'em', 'minh')}))*\s*"

_MONTH = (
    r"(?:(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)|May|MAY)\.?"
)
_ORDINAL = r"(?:st|nd|rd|th)?"

# --- detectors by kind -------------------------------------------------------------------------------

_EMAIL = _spans(r"(?<![\w.+-])[\w.+%-]+@[\w-]+(?:\.[\w-]+)+")
_SCHEME_URL = _spans(r"(?i)\b(?:https?|ftp)://[^\s<>\"]+|\bwww\.[^\s<>\"]+")
_USERNAME = _spans(r"(?<![\w@.])@\w{2,32}(?!\w)")

_A_NUMBER = [
    _spans(rf"{_START}[Aa][\s#:.-]{{0,3}}\d{{3}}[\s-]?\d{{3}}[\s-]?\d{{2,3}}{_END}"),
    _spans(
        rf"(?i:{_START}(?:a[\s-]?(?:number|#|no\.?)|alien\s+(?:registration\s+)?number|uscis\s+(?:number|#|no\.?)"
        rf"|{vi_words('so a', 'ma so a', 'so ho so a')})){_IS}"
        rf"(?P<pii>[Aa]?[\s#:-]{{0,2}}{_DIGITS}{{7,8}}){_END}"
    ),
]

_SSN = [
    _spans(r"(?<![\w-])\d{3}([-\s.])\d{2}\1\d{4}(?![\w-])"),
    _spans(
        rf"(?i:{_START}(?:ssn|itin|ss\s?#|social\s+security(?:\s+number)?|tax\s+id(?:\s+number)?|tin"
        rf"|{vi_words('so an sinh xa hoi', 'so an sinh', 'an sinh xa hoi', 'ma so thue', 'so thue', 'so itin')}))"
        rf"{_IS}(?P<pii>{_DIGITS}{{8}}){_END}"
    ),
]

_CARD = _spans(r"(?<![\w-])(?:(?:\d{4}[\s-]?){3}\d{1,7}|\d{4}[\s-]\d{6}[\s-]\d{5})(?![\w-])")

_DATE = [
    # 03/15/1985, 15.03.85, 1985-03-15
    _spans(r"(?<![\w/.-])(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}[/.-]\d{1,2}[/.-]\d{1,2})(?![\w/-]|\.\d)"),
    # March 15, 1985 · 15th of March 1985
    _spans(rf"{_START}{_MONTH}\s+\d{{1,2}}{_ORDINAL}(?:,?\s+\d{{4}})?(?![\w])"),
    _spans(rf"{_START}\d{{1,2}}{_ORDINAL}\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?(?![\w])"),
    # ngày 15 tháng 3 năm 1985 · mùng 5 tháng 3 · ngày 15/3
    _spans(
        rf"(?i:{_START}(?:{vi_words('ngay', 'mung', 'mong')}\s+)?\d{{1,2}}\s+{vi_phrase('thang')}\s+\d{{1,2}}"
        rf"(?:\s*,?\s*{vi_phrase('nam')}\s+\d{{2,4}})?{_END})"
    ),
    _spans(rf"(?i:{_START}{vi_words('ngay', 'mung')}\s+\d{{1,2}}[/.-]\d{{1,2}}(?:[/.-]\d{{2,4}})?{_END})"),
    # born in 1985 · sinh năm 1985 · DOB: March 1985 (a year alone is kept unless a birth cue precedes it)
    _spans(
        rf"(?i:{_START}(?:born|birthday|birth\s*date|date\s+of\s+birth|d\.?o\.?b\.?"
        rf"|(?<!{vi_phrase('hoc')}\s){vi_phrase('sinh')}(?:\s+{vi_words('nhat', 'ngay', 'nam', 'thang', 'vao')})?"
        rf"|{vi_words('ngay sinh', 'nam sinh')})(?:\s*(?:on|in|is|:|{vi_words('la', 'vao', 'nam', 'thang')}))*\s*)"
        rf"(?P<pii>(?:{_MONTH}\s+)?\d{{4}}|\d{{1,2}}[/.-]\d{{4}}"
        rf"|(?i:\d{{1,2}}\s*,?\s*{vi_phrase('nam')}\s+\d{{4}}))"
        rf"{_END}"
    ),
]

_STREET_SUFFIXES = (
    "Street",
    "St",
    "Avenue",
    "Ave",
    "Av",
    "Boulevard",
    "Blvd",
    "Bl",
    "Road",
    "Rd",
    "Drive",
    "Dr",
    "Lane",
    "Ln",
    "Parkway",
    "Pkwy",
    "Highway",
    "Hwy",
    "Terrace",
    "Ter",
    "Trail",
    "Trl",
    "Circle",
    "Cir",
    "Court",
    "Ct",
    "Place",
    "Pl",
    "Way",
    "Square",
    "Sq",
    "Alley",
    "Aly",
    "Plaza",
    "Plz",
    "Freeway",
    "Fwy",
    "Expressway",
)
#: Suffixes also taken in lower case: after a house number they are not ordinary words ("2 court dates" is not).
_LOWER_SUFFIXES = (
    "street",
    "st",
    "avenue",
    "ave",
    "blvd",
    "boulevard",
    "rd",
    "road",
    "hwy",
    "pkwy",
    "ln",
)
_SUFFIX = "(?:" + "|".join(sorted({*_STREET_SUFFIXES, *_LOWER_SUFFIXES}, key=len, reverse=True)) + r")\.?"
_UNIT = rf"(?:,?\s*(?i:apt|apartment|unit|suite|ste|#|{vi_phrase('phong')})\.?\s*#?\s*[\w-]+)"
_STATE_ZIP = r"(?:,?\s*(?:CA|Calif\.?|California)(?:\s*,?\s*\d{5}(?:-\d{4})?)?)"
_CITY = rf"(?:,\s*{CAP}(?:\s+{CAP}){{0,2}}{_STATE_ZIP}?)"

_ADDRESS = [
    # 6550 Miles Ave, Apt 3, Huntington Park, CA 90255
    _spans(
        rf"{_START}\d{{1,6}}[A-Za-z]?(?:[-/]\d+[A-Za-z]?)?\s+(?:(?:[NSEW]|North|South|East|West)\.?\s+)?"
        rf"(?:[\w'’.-]+\s+){{0,3}}?{_SUFFIX}(?![\w]){_UNIT}?{_CITY}?{_STATE_ZIP}?"
    ),
    # số 12/3 đường Lê Lợi · 45 phố Huế · số nhà 12
    _spans(
        rf"(?i:{_START}(?:{vi_words('so nha', 'so')}\s+)?\d{{1,5}}[A-Za-z]?(?:/\d{{1,4}}[A-Za-z]?)*\s*,?\s+"
        rf"{vi_words('duong', 'pho', 'hem', 'ngo', 'kiet')}\s+)(?:{CAP}|\d+)(?:\s+(?:{CAP}|\d+)){{0,3}}"
    ),
    _spans(rf"(?i:{_START}{vi_phrase('so nha')}\s+\d{{1,5}}[A-Za-z]?(?:/\d{{1,4}}[A-Za-z]?)*){_END}"),
    _spans(r"(?i:(?<![\w])p\.?\s*o\.?\s*box\s*#?\s*\d+)(?!\w)"),
    _spans(rf"{_START}(?:CA|Calif\.?|California)\s*,?\s*\d{{5}}(?:-\d{{4}})?(?!\d)"),
    _spans(
        rf"(?i:{_START}(?:zip(?:\s*code)?|postal\s+code"
        rf"|{vi_words('ma buu dien', 'ma buu chinh', 'ma zip', 'ma vung')}))"
        rf"{_IS}(?P<pii>\d{{5}}(?:-\d{{4}})?)(?!\d)"
    ),
]

#: After these the rest of the clause is an address (commas allowed), until a stop word or punctuation.
_VI_ADDRESS_CUES = (
    "dia chi nha toi la",
    "dia chi cua toi la",
    "dia chi toi la",
    "dia chi nha la",
    "dia chi la",
    "dia chi nha toi o",
    "dia chi nha toi",
    "dia chi cua toi",
    "dia chi toi",
    "dia chi",
    "nha toi o so",
    "nha toi o",
    "nha em o",
    "nha minh o",
    "toi song o so",
    "toi o so",
)
_ADDRESS_CUE = re.compile(
    rf"(?i:{_START}(?:my\s+(?:home\s+)?address\s+is|(?:home\s+)?address\s*:|(?:i|we)\s+(?:live|stay)\s+at"
    rf"|{vi_words(*_VI_ADDRESS_CUES)}))\s*:?\s*"
)


def _en_phrases(phrases: Iterable[str]) -> str:
    """An alternation of English phrases, longest first, spaces matching any whitespace."""
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))


_STRONG_NAME_CUE = re.compile(
    rf"(?i:{_START}(?:(?P<en>{_en_phrases(words.STRONG_NAME_CUES_EN)}"
    rf"|(?:my|our)\s+(?:{'|'.join(words.EN_RELATIVES)})"
    r"(?:'s\s+name\s+is|\s+is\s+named|\s+is\s+called|\s+named|\s+called))"
    rf"|(?P<vi>{vi_words(*words.STRONG_NAME_CUES_VI)}"
    rf"|{vi_words(*words.VI_RELATIVES)}\s+{vi_words(*words.VI_OWNERS)}\s+{vi_phrase('ten')}(?:\s+{vi_phrase('la')})?"
    rf"|{vi_phrase('ten')}\s+(?:{vi_phrase('cua')}\s+)?{vi_words(*words.VI_RELATIVES)}\s+{vi_words(*words.VI_OWNERS)}"
    rf"\s+{vi_phrase('la')})))\s*[:,-]?\s*"
)
_WEAK_NAME_CUE = (
    rf"(?i:{_START}(?:{_en_phrases(words.WEAK_NAME_CUES_EN)}|{vi_words(*words.WEAK_NAME_CUES_VI)}"
    rf"|{'|'.join(words.VI_HONORIFICS)}))\.?\s+"
)
_SURNAMES = "|".join(
    re.escape(s) for s in sorted({*words.VI_SURNAMES, *words.VI_SURNAMES_PLAIN}, key=len, reverse=True)
)
_NAME_AFTER_WEAK_CUE = re.compile(rf"{_WEAK_NAME_CUE}(?P<pii>{_CAP_NAME})")
_SURNAME_FIRST = re.compile(rf"{_START}(?P<pii>(?:{_SURNAMES})(?:\s+{CAP}){{1,3}})")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\d[\w/-]*|<[A-Z_]+>|,")
_CLAUSE_END = re.compile(r"[.;!?\n()\[\]\"]")

#: Any other run of six or more digits (case, receipt, licence, account numbers), letters in front included;
#: not amounts written with thousands separators (1.500.000) and not year ranges (1995-2000).
_NUMBER_RUN = re.compile(r"(?<![\w])[A-Za-z]{0,3}\d(?:[\s.-]?\d){5,}(?![\w])")
_NOT_AN_ID = re.compile(r"\d{1,3}(?:[.,]\d{3})+|(?:19|20)\d\d\s*-\s*(?:19|20)\d\d")


def _long_numbers(text: str) -> Iterator[Span]:
    """Six or more digits in a row that are not an amount or a year range."""
    for match in _NUMBER_RUN.finditer(text):
        if not _NOT_AN_ID.fullmatch(match.group()):
            yield match.span()


def _words_after(
    text: str,
    start: int,
    stop_words: frozenset[str],
    *,
    max_words: int,
    allow_commas: bool,
    allow_digits: bool,
    first_always: bool = False,
) -> Span | None:
    """The span of up to `max_words` words from `start`, ending before punctuation, a placeholder or a
    lower-case stop word (the stop lists leave out words that are also given names, e.g. "minh").

    With `first_always`, the first word is taken even if it is a stop word: after "my name is" or "tên tôi là"
    a name is likelier than not ("my name is do lan": Đỗ; "tên tôi là dang lan": Đặng), and hiding a word
    that was not a name costs less than keeping one that was.
    """
    limit = _CLAUSE_END.search(text, start)
    end_of_clause = limit.start() if limit else len(text)
    taken: list[re.Match[str]] = []
    position = start
    while len(taken) < max_words:
        match = _WORD.match(text, position)
        if match is None or match.start() >= end_of_clause:
            break
        word = match.group()
        if word == ",":
            if not allow_commas or not taken:
                break
        elif (
            (word[0].isdigit() and not allow_digits)
            or word.startswith("<")
            or (word.islower() and word in stop_words and (taken or not first_always))
        ):
            break
        else:
            taken.append(match)
        position = match.end()
        while position < len(text) and text[position].isspace():
            position += 1
    if not taken:
        return None
    return taken[0].start(), taken[-1].end()


def _addresses_after_cue(text: str) -> Iterator[Span]:
    """The rest of the clause after "my address is", "nhà tôi ở", …."""
    for cue in _ADDRESS_CUE.finditer(text):
        span = _words_after(
            text,
            cue.end(),
            words.STOP_WORDS_VI | words.STOP_WORDS_EN,
            max_words=12,
            allow_commas=True,
            allow_digits=True,
        )
        if span:
            yield span


def _names_after_strong_cue(text: str) -> Iterator[Span]:
    """Up to four words after "my name is", "tên tôi là", …, lower case included."""
    for cue in _STRONG_NAME_CUE.finditer(text):
        span = _words_after(
            text,
            cue.end(),
            words.STOP_WORDS_VI if cue.group("vi") else words.STOP_WORDS_EN,
            max_words=4,
            allow_commas=False,
            allow_digits=False,
            first_always=True,
        )
        if span and not text[span[0] : span[1]].startswith("<"):
            yield span


def _names_after_weak_cue(text: str) -> Iterator[Span]:
    """Capitalised words after "I am", "tôi là", "anh", "Mrs.", … unless they are not names."""
    for match in _NAME_AFTER_WEAK_CUE.finditer(text):
        start, end = match.span("pii")
        tokens = text[start:end].split()
        if tokens[0] in words.NOT_NAMES:
            continue
        yield start, end


def _names_by_surname(text: str) -> Iterator[Span]:
    """A Vietnamese family name followed by capitalised syllables, except known places."""
    for match in _SURNAME_FIRST.finditer(text):
        name = match.group("pii")
        if " ".join(name.split()[:2]) in words.PLACES:
            continue
        yield match.span("pii")


def _phones(text: str) -> Iterator[Span]:
    """US and Vietnamese numbers as `phonenumbers` finds them, at its most lenient (over-redact, never under),
    except amounts with thousands separators and year ranges, which it also accepts as possible numbers."""
    for region in ("US", "VN"):
        for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.POSSIBLE):
            glued_to_letters = match.start > 0 and text[match.start - 1].isalpha()  # IOE0912345678: an id
            if not glued_to_letters and not _NOT_AN_ID.fullmatch(match.raw_string):
                yield match.start, match.end


def _merge(spans: Iterable[Span]) -> list[Span]:
    """Sorted spans with overlaps joined.

    >>> _merge([(5, 9), (0, 2), (1, 3), (8, 10)])
    [(0, 3), (5, 10)]
    """
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


class Redactor:
    """Replaces personal data in a text with ``<KIND>`` placeholders. Thread-safe; build once and reuse."""

    def __init__(self) -> None:
        self._urls = URLExtract()
        self._urls_lock = threading.Lock()  # URLExtract keeps per-call state
        self._steps: list[tuple[Kind, list[Detector]]] = [
            (Kind.EMAIL, [_EMAIL]),
            (Kind.URL, [_SCHEME_URL, self._bare_urls]),
            (Kind.USERNAME, [_USERNAME]),
            (Kind.A_NUMBER, _A_NUMBER),
            (Kind.SSN, _SSN),
            (Kind.CARD, [_CARD]),
            (Kind.DATE, _DATE),
            (Kind.PHONE, [_phones]),
            (Kind.ADDRESS, [*_ADDRESS, _addresses_after_cue]),
            (Kind.NAME, [_names_after_strong_cue, _names_after_weak_cue, _names_by_surname]),
            (Kind.NUMBER, [_long_numbers]),
        ]

    def _bare_urls(self, text: str) -> Iterator[Span]:
        """Domains and links without a scheme, as urlextract finds them."""
        with self._urls_lock:
            found = self._urls.find_urls(text, only_unique=False, get_indices=True)
        for _url, (start, end) in found:
            yield start, end

    def redact(self, text: str) -> Redaction:
        """`text` (NFC) with every detected item replaced, and the count of each kind replaced."""
        text = unicodedata.normalize("NFC", text)
        counts: Counter[Kind] = Counter()
        for kind, detectors in self._steps:
            spans = _merge(span for detect in detectors for span in detect(text))
            if not spans:
                continue
            counts[kind] += len(spans)
            pieces: list[str] = []
            position = 0
            for start, end in spans:
                pieces += [text[position:start], kind.placeholder]
                position = end
            pieces.append(text[position:])
            text = "".join(pieces)
        return Redaction(text, counts)


_default: Redactor | None = None
_default_lock = threading.Lock()


def redact(text: str) -> str:
    """`text` with personal data replaced by typed placeholders (one shared Redactor).

    >>> redact("Tên tôi là Nguyễn Thị Lan, số 0912 345 678, email lan@example.com")
    'Tên tôi là <NAME>, số <PHONE>, email <EMAIL>'
    """
    global _default
    with _default_lock:
        if _default is None:
            _default = Redactor()
    return _default.redact(text).text
