"""The content store while the bot runs: drafts never served, footers appended, safe reloads by polling and SIGHUP."""

from __future__ import annotations

import logging
import os
import signal
import time
from pathlib import Path

import pytest

from bot.content.store import ContentStore, LiveContent
from bot.content.watch import ContentWatcher, watching
from tests.content.conftest import replace_in, wait_for
from tests.fakes import FailingDiskContentStore


def loaded(root: Path) -> ContentStore:
    store = ContentStore(root)
    assert store.reload() == ()
    return store


def test_topic_answers_carry_the_legal_help_footer_and_conversation_ones_do_not(content_root: Path) -> None:
    content = LiveContent(loaded(content_root))
    topic, greet = content.answer("legal_aid", "en"), content.answer("greet", "en")
    assert topic is not None and greet is not None
    assert topic.plain.endswith("This is general information, not legal advice.")
    assert topic.html.endswith("<i>This is general information, not legal advice.</i>")
    assert "legal advice" not in greet.plain
    assert content.answer("_legal_footer", "en") is None  # the footer is never an answer of its own


def test_drafts_are_never_served(content_root: Path) -> None:
    replace_in(content_root / "vi" / "legal_aid.md", "status: published", "status: draft")
    store = loaded(content_root)
    assert store.index.answer("legal_aid", "vi") is None
    assert store.index.answer("legal_aid", "en") is not None
    assert [a.id for a in store.index.topics("vi")] == []
    assert ("vi", "legal_aid") in store.index.documents()  # still loaded, for the checker and previews


def test_a_broken_edit_keeps_the_last_good_version_and_reports_where(
    content_root: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = loaded(content_root)
    before = store.index.answer("legal_aid", "en")
    replace_in(content_root / "en" / "legal_aid.md", "status: published", "status: live")
    with caplog.at_level(logging.WARNING, logger="bot.content.store"):
        assert store.reload_if_changed() is True
    assert store.index.answer("legal_aid", "en") == before
    assert [str(p) for p in store.problems] == [
        "content/en/legal_aid.md:5: The status 'live' must be 'draft' or 'published'."
    ]
    assert "content problem: content/en/legal_aid.md:5: The status 'live'" in caplog.text
    assert "legal_aid is broken; still serving its last good version" in caplog.text


def test_a_fixed_file_replaces_the_last_good_version_and_new_files_appear(content_root: Path) -> None:
    store = loaded(content_root)
    replace_in(content_root / "en" / "legal_aid.md", "for a referral.", "for a referral, any day of the week.")
    (content_root / "en" / "thanks.md").write_text(
        (content_root / "en" / "greet.md").read_text(encoding="utf-8").replace("id: greet", "id: thanks"),
        encoding="utf-8",
    )
    assert store.reload_if_changed() is True
    answer = store.index.answer("legal_aid", "en")
    assert answer is not None and "any day of the week" in answer.plain
    assert store.index.answer("thanks", "en") is not None
    assert store.reload_if_changed() is False  # nothing changed since


def test_the_watcher_picks_up_an_edit_within_its_interval(content_root: Path) -> None:
    store = loaded(content_root)
    content = LiveContent(store)
    with watching(store, interval=0.05) as watcher:
        replace_in(content_root / "vi" / "greet.md", "Xin chào!", "Chào bạn, rất vui được gặp bạn!")
        assert wait_for(lambda: "rất vui" in getattr(content.answer("greet", "vi"), "plain", ""))
        assert watcher.reloads == 1


def test_the_watcher_survives_a_failing_disk_and_keeps_serving(
    content_root: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = FailingDiskContentStore(content_root)
    store.reload()
    before = store.index.answer("legal_aid", "en")
    store.failing = True
    with caplog.at_level(logging.ERROR, logger="bot.content.watch"), watching(store, interval=0.02):
        assert wait_for(lambda: store.looks >= 3)  # still looking after failures
        store.failing = False
        replace_in(content_root / "en" / "legal_aid.md", "for a referral.", "for a referral today.")
        assert wait_for(lambda: "today" in getattr(store.index.answer("legal_aid", "en"), "plain", ""))
    assert before is not None
    assert "content reload failed (OSError); still serving the previous answers" in caplog.text
    assert "disk holding" not in caplog.text  # the error type only


def test_sighup_reloads_at_once_even_with_polling_off(content_root: Path) -> None:
    store = loaded(content_root)
    previous = signal.getsignal(signal.SIGHUP)
    with watching(store, interval=0) as watcher:
        replace_in(content_root / "en" / "greet.md", "Hello!", "Hello there!")
        time.sleep(0.2)
        assert watcher.reloads == 0  # polling is off
        os.kill(os.getpid(), signal.SIGHUP)
        assert wait_for(lambda: "Hello there!" in getattr(store.index.answer("greet", "en"), "plain", ""))
    assert signal.getsignal(signal.SIGHUP) == previous  # the previous handler is back


def test_check_once_reports_whether_it_reloaded(content_root: Path) -> None:
    store = loaded(content_root)
    watcher = ContentWatcher(store, interval=0)
    assert watcher.check_once() is False
    assert watcher.check_once(force=True) is True
    assert watcher.reloads == 1
