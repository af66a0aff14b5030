"""When each answer file last changed, from git where the content folder is a git checkout.

The parity report uses this to notice an answer changed in one language after the other. Outside a
git checkout (a copied folder, no git installed, a repository git refuses to read) there is no
history, and the report falls back to comparing the files' `reviewed` dates only.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

#: Seconds one git command may take before the history is treated as unavailable.
GIT_TIMEOUT_SECONDS = 20.0


@dataclass(frozen=True)
class Change:
    """The last change to one file: its date, and whether it is committed or still only on disk."""

    date: dt.date
    committed: bool


def _git(args: list[str], cwd: Path) -> str | None:
    """Run a read-only git command; its output, or None when git is missing or refuses."""
    env = dict(os.environ)
    env["GIT_OPTIONAL_LOCKS"] = "0"  # `git status` must never take the index lock others may be using
    env["LC_ALL"] = "C"
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotePath=false", *args],  # noqa: S607 - the volunteer's own git, from PATH
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=GIT_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.debug("git is not usable here: %s", type(exc).__name__)
        return None
    if done.returncode != 0:
        log.debug("git %s failed with exit code %s", args[0], done.returncode)
        return None
    return done.stdout


def parse_log(output: str) -> dict[str, int]:
    """Newest author time (Unix seconds) per path, from `git log --format=%x00%at --name-only`.

    >>> parse_log("\\x001700000000\\n\\ncontent/en/a.md\\n\\x001600000000\\n\\ncontent/en/a.md\\ncontent/vi/a.md\\n")
    {'content/en/a.md': 1700000000, 'content/vi/a.md': 1600000000}
    """
    newest: dict[str, int] = {}
    stamp: int | None = None
    for line in output.splitlines():
        if line.startswith("\x00"):
            stamp = int(line[1:])
        elif line and stamp is not None:
            newest.setdefault(line, stamp)  # git log lists newest commits first
    return newest


def parse_status(output: str) -> set[str]:
    """Paths with uncommitted changes (modified, added, renamed or untracked) from `git status --porcelain -z`.

    >>> status = " M content/en/a.md\\x00?? content/vi/b.md\\x00R  content/en/c.md\\x00content/en/old.md\\x00"
    >>> sorted(parse_status(status))
    ['content/en/a.md', 'content/en/c.md', 'content/vi/b.md']
    """
    paths: set[str] = set()
    entries = iter(output.split("\x00"))
    for entry in entries:
        if len(entry) < 4:
            continue
        code, path = entry[:2], entry[3:]
        if code[0] == "D" or code[1] == "D":
            continue  # a deleted file has no answer to compare
        paths.add(path)
        if "R" in code or "C" in code:
            next(entries, None)  # the old name of a rename or copy follows; skip it
    return paths


def last_changes(root: Path) -> dict[Path, Change] | None:
    """The last change of every file under `root` that git knows of, by resolved path; None without git."""
    top_text = _git(["rev-parse", "--show-toplevel"], root)
    if top_text is None:
        return None
    top = Path(top_text.strip()).resolve()
    try:
        where = str(root.resolve().relative_to(top)) or "."
    except ValueError:
        return None
    log_text = _git(["log", "--format=%x00%at", "--name-only", "--no-renames", "--", where], top)
    status_text = _git(["status", "--porcelain=v1", "-z", "--untracked-files=all", "--", where], top)
    if log_text is None or status_text is None:
        return None
    changes: dict[Path, Change] = {
        (top / path).resolve(): Change(dt.datetime.fromtimestamp(stamp).date(), committed=True)
        for path, stamp in parse_log(log_text).items()
    }
    for path in parse_status(status_text):
        full = (top / path).resolve()
        try:
            modified = dt.datetime.fromtimestamp(full.stat().st_mtime).date()
        except OSError:
            continue
        changes[full] = Change(modified, committed=False)
    return changes
