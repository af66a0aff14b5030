"""Check the NLU training and held-out data before training: problems as `path:line: sentence`.

Staff add examples to nlu/data from the questions the assistant could not answer; this catches the
mistakes that silently make the model worse: one text taught as two intents, a held-out test
example copied into training, too few examples of an intent in one language group.
Texts are compared after normalising and folding diacritics, because the classifier sees
"tôi cần luật sư" and "toi can luat su" as nearly the same message.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.core.text import fold_diacritics, normalize
from bot.nlu_service import DATA_DIR, GROUPS, TESTS_DIR, Example, NluSetupError, read_dir

#: The issue's floor: at least this many examples per intent in every language group.
MIN_PER_GROUP = 20


@dataclass(frozen=True)
class DataReport:
    """What `check_data` found: problems (each `path:line: sentence`) and what was read."""

    problems: list[str]
    examples: int
    intents: int


def _key(text: str) -> str:
    return fold_diacritics(normalize(text))


def _at(example: Example) -> str:
    return f"{example.path}:{example.line}"


def held_out_overlap(training: Sequence[Example], held_out: Sequence[Example]) -> list[tuple[Example, Example]]:
    """Each held-out example that is also trained on (ignoring case, spacing and diacritics), with its twin.

    >>> a = Example("Tôi cần luật sư", "legal_aid", "vi", "nlu/data/legal_aid.yml", 5)
    >>> b = Example("toi can  luat su", "legal_aid", "vi_nodiac", "nlu/tests/legal_aid.yml", 3)
    >>> [(held.line, trained.line) for held, trained in held_out_overlap([a], [b])]
    [(3, 5)]
    """
    trained: dict[str, Example] = {}
    for example in training:
        trained.setdefault(_key(example.text), example)
    return [(e, trained[_key(e.text)]) for e in held_out if _key(e.text) in trained]


def check_examples(
    training: Sequence[Example], held_out: Sequence[Example], min_per_group: int | None = None
) -> list[str]:
    """Every problem in the training examples and their overlap with the held-out ones.

    >>> a = Example("Tôi cần luật sư", "legal_aid", "vi", "nlu/data/legal_aid.yml", 5)
    >>> b = Example("toi can luat su", "greet", "vi_nodiac", "nlu/data/greet.yml", 9)
    >>> check_examples([a, b], [], min_per_group=0)  # doctest: +NORMALIZE_WHITESPACE
    ["nlu/data/greet.yml:9: 'toi can luat su' is also an example of legal_aid (nlu/data/legal_aid.yml:5);
      one text can teach only one intent."]
    """
    floor = MIN_PER_GROUP if min_per_group is None else min_per_group
    problems: list[str] = []
    first_by_key: dict[str, Example] = {}
    first_exact: dict[str, Example] = {}
    for example in training:
        key, exact = _key(example.text), normalize(example.text)
        if not exact:
            problems.append(f"{_at(example)}: this example is empty.")
            continue
        earlier = first_by_key.get(key)
        if earlier is not None and earlier.intent != example.intent:
            problems.append(
                f"{_at(example)}: '{example.text}' is also an example of {earlier.intent} ({_at(earlier)}); "
                "one text can teach only one intent."
            )
        elif exact in first_exact:
            problems.append(f"{_at(example)}: '{example.text}' repeats {_at(first_exact[exact])}; remove one of them.")
        first_by_key.setdefault(key, example)
        first_exact.setdefault(exact, example)
    for example, trained in held_out_overlap(training, held_out):
        problems.append(
            f"{_at(example)}: this held-out example is also trained on ({_at(trained)}); "
            "rephrase or remove the training one, or the test no longer measures anything."
        )
    counts = Counter((e.intent, e.group) for e in training)
    first_line = {e.intent: e for e in reversed(training)}
    for intent in sorted(first_line):
        for group in GROUPS:
            if counts[(intent, group)] < floor:
                problems.append(
                    f"{first_line[intent].path}:1: intent {intent} has {counts[(intent, group)]} examples in group "
                    f"{group}; it needs at least {floor} so that group is understood."
                )
    return problems


def check_data(data: Path | None = None, tests: Path | None = None) -> DataReport:
    """Read both folders (default nlu/data and nlu/tests) and check them; an unreadable file is reported."""
    try:
        training = read_dir(data or DATA_DIR)
        held_out = read_dir(tests or TESTS_DIR)
    except NluSetupError as exc:
        return DataReport([str(exc)], 0, 0)
    problems = check_examples(training, held_out)
    return DataReport(problems, len(training), len({e.intent for e in training}))
