"""`python -m bot content check`: every problem in the answer files as `path:line: one sentence`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TextIO

from bot.content.history import Change, last_changes
from bot.content.loader import FOOTER_ID, Problem, content_files, phone_numbers, split_front_matter
from bot.content.store import ContentStore
from bot.core.model import LANGUAGES, TOPIC_CATEGORIES, Answer, Lang
from bot.settings import Settings

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole months from `earlier` to `later`.

    >>> _months_between(dt.date(2025, 11, 21), dt.date(2026, 11, 20))
    11
    """
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (1 if later.day < earlier.day else 0)


def _lines(answer: Answer, root: Path) -> list[str]:
    """The lines of the answer's file as it is on disk now (empty when it cannot be read)."""
    try:
        return (root.parent / answer.path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def _line_of(answer: Answer, field: str, root: Path) -> int:
    """The line where `field:` is written in the answer's file (2 when it cannot be found)."""
    for number, line in enumerate(_lines(answer, root), start=1):
        if line.startswith(f"{field}:"):
            return number
    return 2


def _body(answer: Answer, root: Path) -> list[tuple[int, str]]:
    """The body's lines with their line numbers in the file."""
    lines = _lines(answer, root)
    parts = split_front_matter("\n".join(lines) + "\n")
    start = parts[2] if parts else 1
    return list(enumerate(lines[start - 1 :], start=start))


def _contacts(answer: Answer, root: Path, find: str) -> dict[str, int]:
    """Each phone number (find="phone") or e-mail address (find="email") in the body, with its first line."""
    where: dict[str, int] = {}
    for number, line in _body(answer, root):
        found = phone_numbers(line) if find == "phone" else [e.lower() for e in _EMAIL.findall(line)]
        for item in found:
            where.setdefault(item, number)
    return where


def _contact_parity(reference: Answer, twin: Answer, root: Path, find: str, what: str) -> Problem | None:
    """A problem on `twin` when its phone numbers (or e-mail addresses) are not those of `reference`."""
    mine, theirs = _contacts(twin, root, find), _contacts(reference, root, find)
    missing = [item for item in theirs if item not in mine]
    extra = [item for item in mine if item not in theirs]
    if not missing and not extra:
        return None
    body = _body(twin, root)
    line = mine[extra[0]] if extra else (body[0][0] if body else 1)
    parts = []
    if missing:
        parts.append(f"missing {', '.join(missing)}")
    if extra:
        parts.append(f"not in the {reference.language} version: {', '.join(extra)}")
    return Problem(
        twin.path,
        line,
        f"The {what} differ from the {reference.language} version ({'; '.join(parts)}); "
        "both languages must give the same ones.",
    )


def _changed_after(answer: Answer, twin: Answer, root: Path, changes: Mapping[Path, Change]) -> Problem | None:
    """A warning on `answer` when git shows its twin changed after this file was last changed and reviewed."""
    theirs = changes.get((root.parent / twin.path).resolve())
    mine = changes.get((root.parent / answer.path).resolve())
    if theirs is None or theirs.date <= answer.reviewed or (mine is not None and theirs.date <= mine.date):
        return None
    how = "committed in git" if theirs.committed else "not yet committed"
    own = f"last changed on {mine.date} and " if mine is not None else ""
    return Problem(
        answer.path,
        _line_of(answer, "reviewed", root),
        f"{twin.path} was changed on {theirs.date} ({how}), after this file was {own}reviewed on "
        f"{answer.reviewed}; check whether this translation needs the same change, "
        "then set 'reviewed' to today's date in both files.",
        "warning",
    )


def cross_checks(
    documents: dict[tuple[Lang, str], Answer],
    known_intents: Iterable[str],
    root: Path,
    today: dt.date,
    review_months: int,
    changes: Mapping[Path, Change] | None = None,
) -> list[Problem]:
    """Checks across files: known ids, related links, both languages present, review dates, parity.

    `changes` (from git, see bot.content.history) adds the stronger parity signal: an answer changed in
    one language after the other was last reviewed.
    """
    intents = set(known_intents)
    problems: list[Problem] = []
    ids_by_language = {lang: {i for (lg, i) in documents if lg == lang} for lang in LANGUAGES}
    has_topics = any(a.category in TOPIC_CATEGORIES for a in documents.values())
    for language in LANGUAGES:
        footer = documents.get((language, FOOTER_ID))
        if has_topics and (footer is None or not footer.published):
            problems.append(
                Problem(
                    f"{root.name}/{language}/{FOOTER_ID}.md",
                    1,
                    "This file is missing or not published; every topic answer needs it for the free "
                    "legal-help lines and the 'not legal advice' line.",
                )
            )
    for (language, answer_id), answer in sorted(documents.items()):
        if answer_id != FOOTER_ID and intents and answer_id not in intents:
            problems.append(
                Problem(
                    answer.path,
                    _line_of(answer, "id", root),
                    f"'{answer_id}' is not an intent in nlu/data, so this answer can never be chosen.",
                )
            )
        for related in answer.related:
            if related not in ids_by_language[language]:
                problems.append(
                    Problem(
                        answer.path,
                        _line_of(answer, "related", root),
                        f"The related answer '{related}' does not exist in {root.name}/{language}/.",
                    )
                )
        age = _months_between(answer.reviewed, today)
        if age >= review_months:
            problems.append(
                Problem(
                    answer.path,
                    _line_of(answer, "reviewed", root),
                    f"This answer was last reviewed {age} months ago; "
                    "check it against its sources and update 'reviewed'.",
                    "warning",
                )
            )
        if answer.reviewed > today:
            problems.append(
                Problem(
                    answer.path,
                    _line_of(answer, "reviewed", root),
                    "The reviewed date is in the future; use the date of the last check.",
                )
            )
        for other in LANGUAGES:
            if other == language:
                continue
            twin = documents.get((other, answer_id))
            if twin is None:
                problems.append(
                    Problem(
                        answer.path,
                        1,
                        f"There is no {root.name}/{other}/{answer_id}.md; "
                        "people writing in that language get no answer.",
                        "warning",
                    )
                )
                continue
            if answer.reviewed > twin.reviewed:
                problems.append(
                    Problem(
                        twin.path,
                        _line_of(twin, "reviewed", root),
                        f"The {language} version was reviewed on {answer.reviewed} but this one on {twin.reviewed}; "
                        "bring this translation up to date.",
                        "warning",
                    )
                )
            if changes is not None and twin.reviewed <= answer.reviewed:
                # (when the twin's review is newer, the warning above already asks for this file)
                late = _changed_after(answer, twin, root, changes)
                if late is not None:
                    problems.append(late)
            if language == LANGUAGES[0]:
                problems.extend(_pair_checks(answer, twin, root))
    return problems


def _pair_checks(answer: Answer, twin: Answer, root: Path) -> list[Problem]:
    """Problems on `twin` where it does not carry the same related answers, sources, status and contacts."""
    problems: list[Problem] = []
    if sorted(answer.related) != sorted(twin.related):
        problems.append(
            Problem(
                twin.path,
                _line_of(twin, "related", root),
                f"The related answers differ from the {answer.language} version; "
                "both languages should offer the same ones.",
            )
        )
    if {s.url for s in answer.sources} != {s.url for s in twin.sources}:
        problems.append(
            Problem(
                twin.path,
                _line_of(twin, "sources", root),
                f"The source links differ from the {answer.language} version; "
                "both languages must cite the same sources.",
            )
        )
    if answer.status != twin.status:
        problems.append(
            Problem(
                twin.path,
                _line_of(twin, "status", root),
                f"The status is '{twin.status}' here but '{answer.status}' in the {answer.language} version.",
                "warning",
            )
        )
    for find, what in (("phone", "phone numbers"), ("email", "e-mail addresses")):
        problem = _contact_parity(answer, twin, root, find, what)
        if problem is not None:
            problems.append(problem)
    return problems


def run_check(settings: Settings, out: TextIO, today: dt.date | None = None) -> int:
    """Print every problem; return 1 when there is an error, else 0."""
    from bot.nlu_service import DATA_DIR, NluSetupError, read_dir

    root = settings.content_dir
    store = ContentStore(root)
    problems = list(store.reload())
    try:
        intents = {ex.intent for ex in read_dir(DATA_DIR)}
    except NluSetupError as exc:
        print(exc, file=out)
        intents = set()
    changes = last_changes(root)
    if changes is None:
        print(
            f"{root.name}/ is not in a git checkout (or git is not installed), "
            "so translations are compared by their 'reviewed' dates only.",
            file=out,
        )
    problems += cross_checks(
        store.index.documents(),
        intents,
        root,
        today or dt.date.today(),
        settings.content_review_months,
        changes,
    )
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    for problem in sorted(problems, key=lambda p: (p.path, p.line, p.message)):
        print(problem, file=out)
    files = len(content_files(root))
    print(f"{files} answer files checked: {len(errors)} errors, {len(warnings)} warnings.", file=out)
    return 1 if errors else 0
