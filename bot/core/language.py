"""Decide whether a message is Vietnamese or English, including Vietnamese typed without diacritics.

Off-the-shelf detectors read "toi can luat su" as English. Three signals, strongest first:

1. Vietnamese letters (ă â đ ê ô ơ ư, tone marks) only occur in Vietnamese.
2. Grammatical words decide the "matrix" language of code-mixed messages: residents borrow English
   nouns and verbs ("apply city program co bi share data ko") but keep Vietnamese function words,
   and the reverse holds for English. Words that are common in both (can/cần, the/thẻ, me/mẹ) count
   for neither.
3. Any other word votes by its shape: Vietnamese syllables are an onset, a vowel cluster and one of
   eight codas, so "lawyer" or "street" cannot be Vietnamese while "luat" or "nguyen" can.

Program, place and agency names ("HP With You", "Los Angeles", "ICE") are removed first: they appear
in both languages.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.core.text import fold_diacritics, has_vietnamese_letters, normalize

if TYPE_CHECKING:  # this module also runs inside Rasa's Python 3.10, where bot.core.model (StrEnum) cannot load
    from bot.core.model import Lang

_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|g|h|k|l|m|n|p|r|s|t|v|x)?"
_NUCLEUS = r"(?:[aeiouy]{1,3})"
_CODA = r"(?:ch|ng|nh|c|m|n|p|t)?"
_SYLLABLE = re.compile(rf"^{_ONSET}{_NUCLEUS}{_CODA}$")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def _words(text: str) -> frozenset[str]:
    """A word list written as whitespace-separated text."""
    return frozenset(text.split())


#: Weights of the kinds of evidence.
_LETTERS, _PARTICLE, _GRAMMAR, _SHAPE = 4, 3, 2, 1

#: Vietnamese sentence-final particles and forms of address: a Vietnamese speaker is talking.
_VI_PARTICLES = _words("nha nhe oi ak vay z zay dzay ha hen ad")

#: Names used the same way in both languages; removed before counting.
_NAMES = re.compile(
    r"\b(?:hp with you|represent ?la|los angeles|huntington park|santa ana|garden grove|westminster|"
    r"little saigon|orange county|city hall|office of immigrant affairs|immigrant affairs|"
    r"know your rights|red card|green card|legal aid|rapid response( network)?|special order 40|"
    r"executive directive|plyler v\.? doe|bolsa)\b"
)

#: Vietnamese grammatical and very frequent words, as typed without diacritics, including texting
#: shortcuts ("ko" = không, "dc" = được, "j" = gì). None of them is an English word.
_VI_GRAMMAR = _words(
    """
    khong ko k kg khg hok hong hk co gi j cua o duoc dc nao sao phai thi bao nhieu khi toi minh em
    anh chi ai dau lam giup voi vs va hay roi r chua bi cho neu nhung cai
    nguoi ng ong ba de den tu tren duoi trong ngoai sau truoc moi nay thoi luon nua rat lai di ve ra
    vao len xuong alo ah uh mik mk cj cn ck vk ms ntn bn ns bik bit biet muon chung tui tao may hoi
    noi xin cam cac gium dum vi lieu chao camon cmon
    """
)
#: English grammatical and chat words that are not common Vietnamese syllables.
_EN_GRAMMAR = _words(
    """
    is are was were been being what where when who why how which you your yours you're youre i'm
    im it it's its this that these those with for from of at by about will would should could does
    did have has had there their they them please and if not get got just need want help know any
    some all here than then into out up down over also very really hey hi hello bye goodbye yo sup
    hiya heyy cya ya u ur thanks thank thx ty see good day morning night bot robot human person menu
    chat end much appreciated talk tell speak
    """
)
#: Words common in both languages' typing (cần/can, thẻ/the, mẹ/me, đó/do ...): no vote. Checked first,
#: so no word here should also be in the lists above (a test keeps the lists disjoint).
_SHARED = _words(
    """
    a an as be can do go he in me my no on or so the to us we ma ban con nang tin la ok oke okay ice
    dhs uscis daca hp lapd lausd oc usa sb ab admin sir
    """
)


def _is_vi_syllable(word: str) -> bool:
    """True when the (folded, lower-case) word has the shape of a Vietnamese syllable.

    >>> [_is_vi_syllable(w) for w in ("nguyen", "luat", "khong", "lawyer", "street")]
    [True, True, True, False, False]
    """
    return bool(_SYLLABLE.match(word))


def language_scores(text: str) -> tuple[int, int]:
    """Return (Vietnamese evidence, English evidence) for `text`.

    >>> language_scores("toi can luat su")
    (4, 0)
    >>> language_scores("see you nha")
    (3, 4)
    >>> language_scores("can ICE use city buildings?")
    (0, 3)
    >>> language_scores("apply city program co bi share data ko")
    (6, 5)
    """
    vi = en = 0
    for raw in _WORD.findall(_NAMES.sub(" ", normalize(text))):
        if has_vietnamese_letters(raw):
            vi += _LETTERS
            continue
        word = fold_diacritics(raw)
        if word in _SHARED:
            continue
        if word in _VI_PARTICLES:
            vi += _PARTICLE
        elif word in _VI_GRAMMAR:
            vi += _GRAMMAR
        elif word in _EN_GRAMMAR:
            en += _GRAMMAR
        elif _is_vi_syllable(word):
            vi += _SHAPE
        else:
            en += _SHAPE
    return vi, en


def detect_language(text: str) -> Lang | None:
    """Return "vi" or "en" when the message tells, None when it does not (e.g. "ok", "ICE").

    >>> detect_language("trợ giúp pháp lý ở đâu?")
    'vi'
    >>> detect_language("toi can luat su")
    'vi'
    >>> detect_language("ICE có vào được school không")
    'vi'
    >>> detect_language("where can I find a free lawyer")
    'en'
    >>> detect_language("👍") is None
    True
    """
    vi, en = language_scores(text)
    if vi == en:
        return None
    return "vi" if vi > en else "en"
