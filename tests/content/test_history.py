"""The git signal of the parity report, in a real temporary git repository, and the fallback without git."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.content.check import cross_checks, run_check
from bot.content.history import Change, last_changes
from bot.content.store import ContentStore
from bot.settings import Settings
from tests.content.conftest import make_content

GIT = shutil.which("git")
pytestmark = pytest.mark.skipif(GIT is None, reason="git is not installed on this machine")
INTENTS = {"legal_aid", "greet"}
TODAY = dt.date(2026, 11, 22)


def git(repo: Path, *args: str, day: str | None = None) -> None:
    """Run git in `repo` with a neutral configuration; `day` (YYYY-MM-DD) dates the commit at noon UTC."""
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test Volunteer",
        "GIT_AUTHOR_EMAIL": "volunteer@example.org",
        "GIT_COMMITTER_NAME": "Test Volunteer",
        "GIT_COMMITTER_EMAIL": "volunteer@example.org",
    }
    if day is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{day}T12:00:00+00:00"
    subprocess.run([str(GIT), *args], cwd=repo, env=env, check=True, capture_output=True)


def commit_all(repo: Path, day: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", f"content of {day}", day=day)


def edit(path: Path, old: str, new: str, day: str | None = None) -> None:
    """Replace text in a file; `day` sets its modification time (noon, local time)."""
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    if day is not None:
        stamp = dt.datetime.fromisoformat(f"{day}T12:00:00").timestamp()
        os.utime(path, (stamp, stamp))


@pytest.fixture(autouse=True)
def _utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Commit dates are read in local time; pin it to UTC so the dates below hold on any machine."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository holding the good content folder, committed on 2026-11-01."""
    root = make_content(tmp_path)
    git(tmp_path, "init", "-q")
    commit_all(tmp_path, "2026-11-01")
    return root


def parity(root: Path) -> list[str]:
    store = ContentStore(root)
    store.reload()
    problems = cross_checks(store.index.documents(), INTENTS, root, TODAY, 12, last_changes(root))
    return [str(p) for p in problems]


def test_last_changes_reads_commit_dates_and_uncommitted_edits(repo: Path) -> None:
    edit(repo / "en" / "greet.md", "Hello!", "Hi!", day="2026-11-21")
    changes = last_changes(repo)
    assert changes is not None
    assert changes[(repo / "vi" / "greet.md").resolve()] == Change(dt.date(2026, 11, 1), committed=True)
    assert changes[(repo / "en" / "greet.md").resolve()] == Change(dt.date(2026, 11, 21), committed=False)
    (repo / "vi" / "thanks.md").write_text("new and untracked\n", encoding="utf-8")
    assert (repo / "vi" / "thanks.md").resolve() in (last_changes(repo) or {})


def test_files_committed_together_are_in_step(repo: Path) -> None:
    assert parity(repo) == []


def test_a_later_commit_in_one_language_warns_on_the_other(repo: Path) -> None:
    edit(repo / "en" / "legal_aid.md", "for a referral", "for a referral to free legal help")
    commit_all(repo.parent, "2026-11-20")
    assert parity(repo) == [
        "content/vi/legal_aid.md:6: warning: content/en/legal_aid.md was changed on 2026-11-20 (committed in git), "
        "after this file was last changed on 2026-11-01 and reviewed on 2026-11-01; check whether this translation "
        "needs the same change, then set 'reviewed' to today's date in both files."
    ]


def test_setting_reviewed_in_both_files_clears_the_warning_without_ping_pong(repo: Path) -> None:
    edit(repo / "en" / "legal_aid.md", "for a referral", "for a referral to free legal help")
    commit_all(repo.parent, "2026-11-20")
    for language in ("en", "vi"):
        edit(repo / language / "legal_aid.md", "reviewed: 2026-11-01", "reviewed: 2026-11-21")
    commit_all(repo.parent, "2026-11-21")
    assert parity(repo) == []


def test_translating_on_a_later_day_asks_for_one_reviewed_date_in_both_files(repo: Path) -> None:
    edit(repo / "en" / "legal_aid.md", "reviewed: 2026-11-01", "reviewed: 2026-11-20")
    edit(repo / "en" / "legal_aid.md", "for a referral", "for a referral to free legal help")
    commit_all(repo.parent, "2026-11-20")
    edit(repo / "vi" / "legal_aid.md", "reviewed: 2026-11-01", "reviewed: 2026-11-21")
    commit_all(repo.parent, "2026-11-21")
    # only the reviewed-date warning, not a second one from git about the same thing
    assert parity(repo) == [
        "content/en/legal_aid.md:6: warning: The vi version was reviewed on 2026-11-21 but this one on 2026-11-20; "
        "bring this translation up to date."
    ]
    edit(repo / "en" / "legal_aid.md", "reviewed: 2026-11-20", "reviewed: 2026-11-21")
    commit_all(repo.parent, "2026-11-21")
    assert parity(repo) == []


def test_an_uncommitted_edit_in_one_language_warns_on_the_other(repo: Path) -> None:
    edit(repo / "vi" / "greet.md", "Xin chào!", "Chào bạn!", day="2026-11-22")
    assert parity(repo) == [
        "content/en/greet.md:6: warning: content/vi/greet.md was changed on 2026-11-22 (not yet committed), "
        "after this file was last changed on 2026-11-01 and reviewed on 2026-11-01; check whether this translation "
        "needs the same change, then set 'reviewed' to today's date in both files."
    ]


def test_editing_both_languages_is_in_step(repo: Path) -> None:
    edit(repo / "vi" / "greet.md", "Xin chào!", "Chào bạn!", day="2026-11-22")
    edit(repo / "en" / "greet.md", "Hello!", "Hi there!", day="2026-11-22")
    assert parity(repo) == []


def test_outside_a_git_checkout_there_is_no_history(content_root: Path) -> None:
    assert last_changes(content_root) is None
    out = io.StringIO()
    assert run_check(Settings(content_dir=content_root), out, today=TODAY) == 0
    assert "compared by their 'reviewed' dates only" in out.getvalue()


def test_without_git_installed_there_is_no_history(repo: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    empty = tmp_path / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert last_changes(repo) is None
