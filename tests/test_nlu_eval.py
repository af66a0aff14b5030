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


def _graded(n: int) -> tuple[list[str], list[list[tuple[str, float]]]]:
    """n in-scope questions with confidences spread over 0.30-0.99 and n out-of-scope over 0.01-0.70: the
    two overlap, as on CLINC150, so every threshold trades one target against the other."""
    gold = ["a"] * n + ["out_of_scope"] * n
    rankings = [[("a", 0.3 + 0.69 * i / (n - 1))] for i in range(n)]
    rankings += [[("a", 0.01 + 0.69 * i / (n - 1))] for i in range(n)]
    return gold, rankings


def test_second_clinc_rule_leaves_room_on_both_targets_where_the_first_sits_on_the_floor() -> None:
    from bot.nlu_eval import _tune_clinc, _tune_clinc_middle

    gold, rankings = _graded(100)
    edge = _tune_clinc(rankings, gold, min_in_scope=0.9)
    middle = _tune_clinc_middle(rankings, gold, min_in_scope=0.9, min_oos_recall=0.3)
    at_edge = Scores(gold, [edge(r) for r in rankings])
    in_middle = Scores(gold, [middle(r) for r in rankings])
    # The first rule spends all its in-scope room on recall; the second splits the room evenly.
    assert at_edge.in_scope_accuracy == pytest.approx(0.9, abs=0.011)
    room = (in_middle.in_scope_accuracy - 0.9, in_middle.oos_recall - 0.3)
    assert min(room) > 0.04 and abs(room[0] - room[1]) < 0.05, room


def test_second_clinc_rule_with_no_feasible_point_minimises_the_shortfall() -> None:
    from bot.nlu_eval import _clinc_scores, _tune_clinc_middle

    gold, rankings = _graded(100)
    decision = _tune_clinc_middle(rankings, gold, min_in_scope=0.99, min_oos_recall=0.99)
    scores = Scores(gold, [decision(r) for r in rankings])
    shortfall = max(0.99 - scores.in_scope_accuracy, 0.99 - scores.oos_recall)
    best = min(max(0.99 - s.in_scope_accuracy, 0.99 - s.oos_recall) for _, s in _clinc_scores(rankings, gold))
    assert shortfall == pytest.approx(best)


def test_wilson_lower_bound_matches_known_intervals() -> None:
    from bot.nlu_eval import wilson_lower_bound

    # 10 of 10: the 95 % Wilson interval is [0.7225, 1]; 81 of 100: it starts at 0.7222.
    assert wilson_lower_bound(10, 10) == pytest.approx(0.7225, abs=1e-4)
    assert wilson_lower_bound(81, 100) == pytest.approx(0.7222, abs=1e-4)
    assert wilson_lower_bound(0, 50) == 0.0
    assert wilson_lower_bound(0, 0) == 0.0
    # The same share on more questions is trusted more.
    assert wilson_lower_bound(81, 100) < wilson_lower_bound(810, 1000) < 0.81


def test_bounded_clinc_rule_discounts_a_small_out_of_scope_sample() -> None:
    from bot.nlu_eval import _tune_clinc_bounded, _tune_clinc_middle, wilson_lower_bound

    # 1,000 in-scope questions beside 50 out-of-scope ones, confidences overlapping as in _graded.
    gold = ["a"] * 1000 + ["out_of_scope"] * 50
    rankings = [[("a", 0.3 + 0.69 * i / 999)] for i in range(1000)]
    rankings += [[("a", 0.01 + 0.69 * i / 49)] for i in range(50)]
    plain = _tune_clinc_middle(rankings, gold, min_in_scope=0.7, min_oos_recall=0.4)
    bounded = _tune_clinc_bounded(rankings, gold, min_in_scope=0.7, min_oos_recall=0.4)
    # The recall measured on 50 questions is worth less than the accuracy on 1,000: decline more.
    assert bounded.threshold > plain.threshold
    scores = Scores(gold, [bounded(r) for r in rankings])
    room = (wilson_lower_bound(*scores.in_scope_counts) - 0.7, wilson_lower_bound(*scores.oos_recall_counts) - 0.4)
    assert min(room) > 0 and abs(room[0] - room[1]) < 0.05, room


def test_clinc_report_names_each_rule_and_says_whether_the_reported_one_meets_the_target() -> None:
    import io

    from bot.nlu_eval import ClincResult, ClincRow, print_clinc

    gold = ["a"] * 9 + ["out_of_scope"]
    good = Scores(gold, ["a"] * 9 + ["out_of_scope"])  # 100 % in-scope, 100 % recall
    poor = Scores(gold, ["a"] * 10)  # 100 % in-scope, 0 % recall
    timings = {"train_seconds": 1.0, "parse_ms_p50": 2.0}
    out = io.StringIO()
    print_clinc(
        ClincResult(
            [ClincRow("rule one", Decision(0.3), good, good), ClincRow("rule two", Decision(0.7), poor, poor)], timings
        ),
        out,
    )
    text = out.getvalue()
    assert "threshold 0.30 (rule one)" in text and "threshold 0.70 (rule two)" in text
    assert "Reported rule (rule one)" in text and "NOT met" not in text
    out = io.StringIO()
    print_clinc(ClincResult([ClincRow("rule two", Decision(0.7), poor, poor)], timings), out)
    assert "NOT met" in out.getvalue()
