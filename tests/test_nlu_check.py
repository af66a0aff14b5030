"""`python -m bot nlu check`: training-data mistakes reported as path:line: sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.__main__ import main
from bot.nlu_check import check_data, check_examples
from bot.nlu_service import GROUPS, Example


def _block(intent: str, group: str, texts: list[str]) -> str:
    lines = [f"- intent: {intent}", "  metadata:", f"    group: {group}", "  examples: |"]
    return "\n".join(lines + [f"    - {t}" for t in texts]) + "\n"


def _write(folder: Path, name: str, blocks: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text('version: "3.1"\nnlu:\n' + "".join(blocks), encoding="utf-8")


def _example(text: str, intent: str = "legal_aid", group: str = "en", line: int = 5) -> Example:
    return Example(text, intent, group, f"nlu/data/{intent}.yml", line)


def test_the_project_data_is_clean() -> None:
    report = check_data()
    assert report.problems == []
    assert report.examples > 5000 and report.intents >= 37


def test_a_text_under_two_intents_is_reported_even_without_diacritics() -> None:
    problems = check_examples(
        [_example("Tôi cần luật sư", group="vi"), _example("toi can luat su", "greet", "vi_nodiac", 9)],
        [],
        min_per_group=0,
    )
    assert problems == [
        "nlu/data/greet.yml:9: 'toi can luat su' is also an example of legal_aid (nlu/data/legal_aid.yml:5); "
        "one text can teach only one intent."
    ]


def test_the_same_intent_may_hold_a_text_with_and_without_diacritics() -> None:
    assert check_examples([_example("Tôi cần luật sư", group="vi"), _example("toi can luat su")], [], 0) == []


def test_exact_repeats_and_held_out_overlap_are_reported() -> None:
    trained = _example("free lawyer?", line=3)
    held_out = Example("Free  lawyer?", "legal_aid", "en", "nlu/tests/legal_aid.yml", 7)
    problems = check_examples([trained, _example("free lawyer?", line=4)], [held_out], 0)
    assert problems[0].startswith("nlu/data/legal_aid.yml:4: 'free lawyer?' repeats nlu/data/legal_aid.yml:3")
    assert problems[1].startswith("nlu/tests/legal_aid.yml:7: this held-out example is also trained on")
    assert len(problems) == 2


def test_a_group_with_too_few_examples_is_named() -> None:
    examples = [_example(f"question {g} {i}", group=g) for g in GROUPS for i in range(3 if g != "mixed" else 1)]
    problems = check_examples(examples, [], min_per_group=3)
    assert problems == [
        "nlu/data/legal_aid.yml:1: intent legal_aid has 1 examples in group mixed; "
        "it needs at least 3 so that group is understood."
    ]


def test_the_command_prints_problems_and_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data, tests = tmp_path / "data", tmp_path / "tests"
    for intent, shared in (("a", "same words"), ("b", "Same words")):
        blocks = [_block(intent, g, [shared if g == "en" else f"{intent} {g} 1", f"{intent} {g} 2"]) for g in GROUPS]
        _write(data, f"{intent}.yml", blocks)
    _write(tests, "a.yml", [_block("a", "en", ["something new"])])
    monkeypatch.setattr("bot.nlu_check.DATA_DIR", data)
    monkeypatch.setattr("bot.nlu_check.TESTS_DIR", tests)
    monkeypatch.setattr("bot.nlu_check.MIN_PER_GROUP", 2)
    assert main(["nlu", "check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        f"{data / 'b.yml'}:7: 'Same words' is also an example of a ({data / 'a.yml'}:7); "
        "one text can teach only one intent."
    )
    assert out[1:] == ["16 training examples in 2 intents checked: 1 problems."]


def test_an_unreadable_file_is_reported_with_its_line(tmp_path: Path) -> None:
    _write(tmp_path, "bad.yml", ["- intent: a\n  metadata:\n    group: en\n  examples: |\n    - ok\n  - : :\n"])
    report = check_data(tmp_path, tmp_path / "none")
    assert len(report.problems) == 1 and "bad.yml:" in report.problems[0]
