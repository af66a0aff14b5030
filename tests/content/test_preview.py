"""`content preview`: one answer as the person would see it, with its buttons, in the chosen language."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.content.preview import preview
from tests.content.conftest import replace_in


def shown(root: Path, answer_id: str, language: str, *, plain: bool = False) -> tuple[int, list[str]]:
    out = io.StringIO()
    code = preview(root, answer_id, "vi" if language == "vi" else "en", out, plain=plain)
    return code, out.getvalue().splitlines()


def test_preview_shows_text_footer_and_buttons_in_vietnamese(content_root: Path) -> None:
    code, lines = shown(content_root, "legal_aid", "vi")
    assert code == 0
    assert lines[0].startswith("content/vi/legal_aid.md · published · reviewed 2026-11-01 · ")
    assert lines[0].endswith(" of 4096 characters")
    text = "\n".join(lines)
    assert "Hãy gọi đường dây ví dụ, 888-624-4752, để được giới thiệu nơi giúp." in text  # bold markup is gone
    assert "Đây là thông tin chung, không phải tư vấn pháp lý (legal advice)." in text  # the footer
    assert lines[-3:] == ["  [ Hữu ích ]", "  [ Không hữu ích ]", "  [ Xin chào ]"]  # feedback, then related


def test_preview_in_english_uses_english_buttons(content_root: Path) -> None:
    code, lines = shown(content_root, "legal_aid", "en")
    assert code == 0
    assert lines[-3:] == ["  [ Helpful ]", "  [ Not helpful ]", "  [ Hello ]"]


def test_formatted_and_plain_previews_differ_only_in_how_links_are_written(content_root: Path) -> None:
    replace_in(
        content_root / "en" / "legal_aid.md",
        "for a referral.",
        "for a referral, or see [the directory](https://example.org/d).",
    )
    _code, formatted = shown(content_root, "legal_aid", "en")
    _code, plain = shown(content_root, "legal_aid", "en", plain=True)
    assert "or see the directory <https://example.org/d>." in "\n".join(formatted)
    assert "or see the directory (https://example.org/d)." in "\n".join(plain)
    assert "\x1b[" not in "\n".join(formatted)  # no colours when the output is not a terminal


def test_a_draft_can_be_previewed_before_it_is_published(content_root: Path) -> None:
    replace_in(content_root / "en" / "legal_aid.md", "status: published", "status: draft")
    code, lines = shown(content_root, "legal_aid", "en")
    assert code == 0
    assert "draft: people do not see it until 'status' is published" in lines[0]
    assert "  [ Helpful ]" in lines


def test_a_conversation_answer_shows_the_topic_menu(content_root: Path) -> None:
    code, lines = shown(content_root, "greet", "en")
    assert code == 0
    assert lines[-1] == "  [ Help and programs ]"  # the only category with a topic in the fixture folder


def test_an_unknown_id_suggests_close_ones(content_root: Path) -> None:
    assert shown(content_root, "legal_ad", "en") == (
        1,
        ["There is no content/en/legal_ad.md.", "Did you mean: legal_aid?"],
    )


def test_a_broken_file_lists_its_problems_instead(content_root: Path) -> None:
    replace_in(content_root / "vi" / "legal_aid.md", "status: published", "status: live")
    assert shown(content_root, "legal_aid", "vi") == (
        1,
        [
            "content/vi/legal_aid.md cannot be shown until these problems are fixed:",
            "  content/vi/legal_aid.md:5: The status 'live' must be 'draft' or 'published'.",
        ],
    )


def test_the_command_line_previews_a_real_answer(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["content", "preview", "ice_at_door", "--lang", "en"]) == 0
    screen = capsys.readouterr().out
    assert screen.startswith("content/en/ice_at_door.md · published · ")
    assert "888-624-4752" in screen.split("\n", 3)[2]  # the hotline is in the first lines
    assert "  [ Helpful ]\n  [ Not helpful ]\n" in screen
    assert "This is general information, not legal advice." in screen


def test_the_command_line_defaults_to_the_default_language(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["content", "preview", "legal_aid", "--plain"]) == 0
    assert "  [ Hữu ích ]" in capsys.readouterr().out
