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
