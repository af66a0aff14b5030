"""Content fixtures: a small good content folder in a temporary place, and bad files to lay over it."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def make_content(tmp_path: Path, case: str | None = None) -> Path:
    """Copy the good fixture folder to tmp_path/content and lay the bad file(s) of `case` over it."""
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "good", root)
    if case is not None:
        shutil.copytree(FIXTURES / "cross" / case, root, dirs_exist_ok=True)
    return root


@pytest.fixture
def content_root(tmp_path: Path) -> Path:
    """A good content folder (en and vi: legal help footer, legal_aid, greet) that a test may edit."""
    return make_content(tmp_path)


def wait_for(condition: Callable[[], bool], seconds: float = 5.0) -> bool:
    """Poll `condition` until it holds or `seconds` pass; True when it held."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def replace_in(path: Path, old: str, new: str) -> None:
    """Edit a file in place, as a volunteer would; fails when `old` is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")
