"""Letter classes and diacritic-insensitive phrases for Vietnamese and English patterns.

Python's `re` has no `\\p{Lu}`, so the upper- and lower-case classes are built once from the Latin
blocks Vietnamese uses; `vi_phrase` turns a phrase typed without diacritics into a pattern that also
matches it with them, because people type Vietnamese both ways.
"""

from __future__ import annotations

import re
from functools import cache

from bot.core.text import fold_diacritics

#: Latin letters: ASCII, Latin-1, Latin Extended-A/B and Latin Extended Additional (all Vietnamese letters).
_LATIN = [chr(c) for c in (*range(0x41, 0x7B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)) if chr(c).isalpha()]


def _char_class(chars: str) -> str:
    """A regex character class holding exactly `chars`."""
    return "[" + "".join(re.escape(c) for c in chars) + "]"


#: One upper-case Latin letter (A, Đ, Ư, É, …) as a regex class.
UPPER = _char_class("".join(c for c in _LATIN if c.isupper()))
#: One lower-case Latin letter (a, đ, ư, é, …) as a regex class.
LOWER = _char_class("".join(c for c in _LATIN if c.islower()))

_VARIANTS: dict[str, set[str]] = {}
for _letter in _LATIN:
    _base = fold_diacritics(_letter)
    if len(_base) == 1 and _base.isascii():
        _VARIANTS.setdefault(_base.lower(), set()).update({_letter.lower(), _base.lower()})


@cache
def _letter_pattern(base: str) -> str:
    """A class matching `base` and each of its accented forms (e -> e, é, ê, ệ, …)."""
    variants = _VARIANTS.get(base)
    if not variants or len(variants) == 1:
        return re.escape(base)
    return _char_class("".join(sorted(variants)))


def vi_phrase(phrase: str) -> str:
    """A regex matching `phrase` (written without diacritics) with or without Vietnamese diacritics.

    Spaces match any run of whitespace. Compile the result with re.IGNORECASE.

    >>> bool(re.fullmatch(vi_phrase("ten toi la"), "Tên tôi là", re.IGNORECASE))
    True
    >>> bool(re.fullmatch(vi_phrase("ngay"), "ngày")), bool(re.fullmatch(vi_phrase("duong"), "đường"))
    (True, True)
    >>> bool(re.fullmatch(vi_phrase("ten"), "tin"))
    False
    """
    return "".join(r"\s+" if ch == " " else _letter_pattern(ch) for ch in phrase.lower())


def vi_words(*phrases: str) -> str:
    """An alternation of `vi_phrase`s, longest first, as one non-capturing group.

    >>> bool(re.fullmatch(vi_words("con toi", "con"), "con tôi"))
    True
    """
    return "(?:" + "|".join(vi_phrase(p) for p in sorted(phrases, key=len, reverse=True)) + ")"
