"""Decide whether a message is Vietnamese or English, including Vietnamese typed without diacritics.

Off-the-shelf detectors read "toi can luat su" as English or Indonesian. Vietnamese syllables follow
a strict shape (onset + vowel cluster + one of eight codas), so counting the words that can only
be Vietnamese syllables against the words that can only be English tells them apart even without
diacritics.
"""

from __future__ import annotations

import re

from bot.core.model import Lang
from bot.core.text import fold_diacritics, has_vietnamese_letters, normalize

_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|g|h|k|l|m|n|p|r|s|t|v|x)?"
_NUCLEUS = r"(?:[aeiouy]{1,3})"
_CODA = r"(?:ch|ng|nh|c|m|n|p|t)?"
_SYLLABLE = re.compile(rf"^{_ONSET}{_NUCLEUS}{_CODA}$")
_WORD = re.compile(r"[^\W\d_]+")

#: Texting shortcuts Vietnamese speakers type ("ko" = không, "dc" = được, "j" = gì ...).
_VI_SHORTCUTS = frozenset(
    [
        "ko",
        "k",
        "kg",
        "khg",
        "hok",
        "hong",
        "hk",
        "dc",
        "đc",
        "j",
        "ng",
        "ns",
        "bik",
        "bit",
        "vs",
        "z",
        "zay",
        "ak",
        "ah",
        "uh",
        "dzay",
        "dzo",
        "nhe",
        "nha",
        "mik",
        "mk",
        "e",
        "a",
        "cj",
        "cn",
        "ck",
        "vk",
        "ms",
        "r",
        "ntn",
        "sao",
        "bn",
    ]
)
#: Common English words that also happen to be valid Vietnamese syllables: they say nothing.
_SHARED = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "be",
        "by",
        "can",
        "do",
        "go",
        "he",
        "hi",
        "i",
        "in",
        "is",
        "it",
        "me",
        "my",
        "no",
        "not",
        "of",
        "on",
        "or",
        "so",
        "the",
        "to",
        "up",
        "us",
        "we",
        "ma",
        "ban",
        "con",
        "cho",
        "nang",
        "tin",
        # names and loanwords both languages use: "ok", "ICE", agencies and places
        "ok",
        "oke",
        "okay",
        "ice",
        "dhs",
        "uscis",
        "daca",
        "hp",
        "la",
        "lapd",
        "lausd",
        "oc",
        "usa",
        "sb",
        "ab",
    ]
)
#: Frequent English words that cannot be mistaken for Vietnamese (vote for English even when short).
_EN_MARKERS = frozenset(
    [
        "what",
        "where",
        "when",
        "who",
        "why",
        "how",
        "is",
        "are",
        "was",
        "were",
        "you",
        "your",
        "i'm",
        "im",
        "it's",
        "could",
        "would",
        "should",
        "will",
        "does",
        "did",
        "have",
        "has",
        "help",
        "need",
        "want",
        "please",
        "with",
        "without",
        "about",
        "from",
        "they",
        "them",
        "this",
        "that",
        "there",
        "their",
        "lawyer",
        "free",
        "city",
        "police",
        "school",
    ]
)


def _is_vi_syllable(word: str) -> bool:
    """True when the (folded, lower-case) word has the shape of a Vietnamese syllable.

    >>> [_is_vi_syllable(w) for w in ("nguyen", "luat", "khong", "lawyer", "street")]
    [True, True, True, False, False]
    """
    return bool(_SYLLABLE.match(word))


def language_scores(text: str) -> tuple[int, int]:
    """Return (Vietnamese votes, English votes) for the words of `text`.

    >>> language_scores("toi can luat su")
    (3, 0)
    >>> language_scores("can ICE use city buildings?")
    (0, 3)
    """
    vi = en = 0
    for raw in _WORD.findall(normalize(text)):
        if has_vietnamese_letters(raw):
            vi += 2
            continue
        word = fold_diacritics(raw)
        if word in _VI_SHORTCUTS:
            vi += 1
        elif word in _EN_MARKERS:
            en += 1
        elif word in _SHARED:
            continue
        elif _is_vi_syllable(word):
            vi += 1
        else:
            en += 1
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
