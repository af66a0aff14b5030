"""Reply-language detection on the cases that break off-the-shelf detectors."""

from __future__ import annotations

import pytest

from bot.core.language import detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("toi can luat su", "vi"),
        ("tro giup phap ly o dau", "vi"),
        ("ICE có vào được school không", "vi"),
        ("co free lawyer nao ko", "vi"),
        ("má em bị bắt rồi", "vi"),
        ("can ICE use city buildings?", "en"),
        ("my husband got taken by ICE this morning", "en"),
        ("where is the nearest legal aid office", "en"),
    ],
)
def test_detects_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", ["ok", "ICE", "👍", "911"])
def test_says_nothing_when_the_message_does_not_tell(text: str) -> None:
    assert detect_language(text) is None


def test_word_lists_do_not_overlap() -> None:
    """A word in two lists would only ever count for the first one checked: keep each in one place."""
    from bot.core import language

    lists = {
        "shared": language._SHARED,
        "particles": language._VI_PARTICLES,
        "vi grammar": language._VI_GRAMMAR,
        "en grammar": language._EN_GRAMMAR,
    }
    names = list(lists)
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            assert not lists[first] & lists[second], f"{first} and {second}: {sorted(lists[first] & lists[second])}"
