"""Text normalisation shared by training data and live messages: one place, used for both."""

from __future__ import annotations

import re
import unicodedata

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"\s+")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def normalize(text: str) -> str:
    """Return `text` in the one form the classifier sees: NFC, lower case, single spaces.

    Rasa's token patterns split decomposed (NFD) Vietnamese letters, so NFC comes first.

    >>> normalize("  Tôi CẦN\\u00a0luật sư ")
    'tôi cần luật sư'
    >>> normalize("to\\u0302i") == normalize("tôi")
    True
    """
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE).translate(_QUOTES)
    return _SPACES.sub(" ", text).strip().lower()


def fold_diacritics(text: str) -> str:
    """Strip Vietnamese (and other) diacritics, keeping letters: how people type without them.

    >>> fold_diacritics("trợ giúp pháp lý ở đâu")
    'tro giup phap ly o dau'
    >>> fold_diacritics("Đà Nẵng")
    'Da Nang'
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


def has_vietnamese_letters(text: str) -> bool:
    """True when the text holds a letter only Vietnamese uses (ă â đ ê ô ơ ư or a tone mark).

    >>> has_vietnamese_letters("toi can luat su")
    False
    >>> has_vietnamese_letters("tôi")
    True
    """
    return fold_diacritics(text) != text and any(
        unicodedata.combining(ch) or ch in "đĐ" for ch in unicodedata.normalize("NFD", text) if not ch.isascii()
    )
