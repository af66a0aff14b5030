"""The evaluation arithmetic: the decision rule, scores, the validation split and threshold tuning."""

from __future__ import annotations

import pytest

from bot import PROJECT_ROOT
from bot.nlu_eval import Decision, Scores, tune, validation_split
from bot.nlu_service import DATA_DIR, Example, read_dir


def test_scores_count_out_of_scope_as_an_intent() -> None:
    scores = Scores(
        ["legal_aid", "out_of_scope", "out_of_scope", "greet"],
        ["legal_aid", "out_of_scope", "greet", "out_of_scope"],
    )
    assert scores.accuracy == pytest.approx(0.5)
    assert scores.oos_recall == pytest.approx(0.5)
    assert scores.oos_precision == pytest.approx(0.5)
    assert scores.in_scope_accuracy == pytest.approx(0.5)


def test_validation_split_is_deterministic_and_disjoint() -> None:
    examples = read_dir(DATA_DIR)
    train, validation = validation_split(examples)
    assert validation_split(examples) == (train, validation)
    assert len(train) + len(validation) == len(examples)
    assert 0.1 < len(validation) / len(examples) < 0.2
    assert not {e.text for e in train} & {e.text for e in validation}


def test_tune_prefers_the_threshold_that_reaches_the_recall_target() -> None:
    gold = ["a", "a", "out_of_scope", "out_of_scope"]
    rankings = [[("a", 0.9)], [("a", 0.6)], [("a", 0.55)], [("a", 0.3)]]
    decision = tune(rankings, gold, min_oos_recall=0.9)
    assert decision(rankings[2]) == "out_of_scope"
    assert decision(rankings[1]) == "a"
    assert Decision(0.58)(rankings[2]) == "out_of_scope"


def test_example_records_keep_their_file_and_line() -> None:
    example = read_dir(DATA_DIR)[0]
    assert isinstance(example, Example)
    assert example.path.startswith("nlu/data/") and example.line > 1


def test_every_example_points_at_its_own_line() -> None:
    for example in read_dir(DATA_DIR)[:400]:
        line = (PROJECT_ROOT / example.path).read_text(encoding="utf-8").splitlines()[example.line - 1]
        assert line.strip() == f"- {example.text}", f"{example.path}:{example.line}"


def test_clinc_threshold_keeps_in_scope_accuracy_above_the_floor() -> None:
    from bot.nlu_eval import _tune_clinc

    gold = ["a", "a", "a", "a", "out_of_scope", "out_of_scope"]
    rankings = [[("a", 0.9)], [("a", 0.8)], [("a", 0.7)], [("a", 0.4)], [("a", 0.6)], [("a", 0.3)]]
    # Above 0.7 only half the in-scope questions are still answered: below the floor.
    decision = _tune_clinc(rankings, gold, min_in_scope=0.7)
    scores = Scores(gold, [decision(r) for r in rankings])
    assert decision.threshold <= 0.7
    assert scores.in_scope_accuracy == 0.75
    assert scores.oos_recall == 1.0
