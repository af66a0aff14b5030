"""`python -m bot content check`: every problem in the answer files as `path:line: one sentence`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from bot.content.loader import FOOTER_ID, Problem
from bot.content.store import ContentStore
from bot.core.model import LANGUAGES, Answer, Lang
from bot.settings import Settings


def _months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole months from `earlier` to `later`.

    >>> _months_between(dt.date(2025, 11, 21), dt.date(2026, 11, 20))
    11
    """
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (1 if later.day < earlier.day else 0)


def _line_of(answer: Answer, field: str, root: Path) -> int:
    """The line where `field:` is written in the answer's file (2 when it cannot be found)."""
    path = root.parent / answer.path
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.startswith(f"{field}:"):
                return number
    except OSError:
        pass
    return 2


def cross_checks(
    documents: dict[tuple[Lang, str], Answer],
    known_intents: Iterable[str],
    root: Path,
    today: dt.date,
    review_months: int,
) -> list[Problem]:
    """Checks across files: known ids, related links, both languages present, review dates, parity."""
    intents = set(known_intents)
    problems: list[Problem] = []
    ids_by_language = {lang: {i for (lg, i) in documents if lg == lang} for lang in LANGUAGES}
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
                        f"The related answer '{related}' does not exist in content/{language}/.",
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
                        f"There is no content/{other}/{answer_id}.md; people writing in that language get no answer.",
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
            if language == LANGUAGES[0]:
                if sorted(answer.related) != sorted(twin.related):
                    problems.append(
                        Problem(
                            twin.path,
                            _line_of(twin, "related", root),
                            f"The related answers differ from the {language} version; "
                            "both languages should offer the same ones.",
                        )
                    )
                if {s.url for s in answer.sources} != {s.url for s in twin.sources}:
                    problems.append(
                        Problem(
                            twin.path,
                            _line_of(twin, "sources", root),
                            f"The source links differ from the {language} version; "
                            "both languages must cite the same sources.",
                        )
                    )
                if answer.status != twin.status:
                    problems.append(
                        Problem(
                            twin.path,
                            _line_of(twin, "status", root),
                            f"The status is '{twin.status}' here but '{answer.status}' in the {language} version.",
                            "warning",
                        )
                    )
    return problems


def run_check(settings: Settings, out: TextIO, today: dt.date | None = None) -> int:
    """Print every problem; return 1 when there is an error, else 0."""
    from bot.nlu_service import DATA_DIR, NluSetupError, read_dir

    store = ContentStore(settings.content_dir)
    problems = list(store.reload())
    try:
        intents = {ex.intent for ex in read_dir(DATA_DIR)}
    except NluSetupError as exc:
        print(exc, file=out)
        intents = set()
    problems += cross_checks(
        store.index.documents(),
        intents,
        settings.content_dir,
        today or dt.date.today(),
        settings.content_review_months,
    )
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    for problem in sorted(problems, key=lambda p: (p.path, p.line)):
        print(problem, file=out)
    files = len(store.index.documents())
    print(f"{files} answer files checked: {len(errors)} errors, {len(warnings)} warnings.", file=out)
    return 1 if errors else 0
