"""Measure the NLU pipeline: held-out accuracy per language group, thresholds tuned on validation data,
pipeline comparisons and the CLINC150 out-of-scope benchmark.

Training and parsing run in the NLU environment through nlu/tools/train_and_parse.py (in-process Rasa,
so no server start per run); every metric is computed here, in one place.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import subprocess
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from bot import PROJECT_ROOT
from bot.core.language import detect_language
from bot.core.model import OUT_OF_SCOPE, Lang
from bot.core.text import normalize
from bot.nlu_check import held_out_overlap
from bot.nlu_client import intent_name
from bot.nlu_service import (
    CONFIG,
    DATA_DIR,
    GROUPS,
    TESTS_DIR,
    Example,
    NluSetupError,
    rasa_env,
    rasa_training_yaml,
    read_dir,
)
from bot.settings import Settings

TOOL = PROJECT_ROOT / "nlu" / "tools" / "train_and_parse.py"
CLINC_DIR = PROJECT_ROOT.parent / "shared" / "benchmarks" / "clinc150"
#: The published CLINC150 "Full" rows (Larson et al. 2019), for printing beside ours.
CLINC_PUBLISHED = (
    ("BERT, extra oos class", 96.9, 40.3),
    ("BERT, confidence threshold", 96.2, 52.3),
    ("Rasa NLU (spacy-sklearn), extra oos class", 91.5, 45.3),
    ("Rasa NLU (spacy-sklearn), confidence threshold", 90.9, 31.2),
    ("MLP, confidence threshold", 93.4, 49.1),
)

#: The issue's CLINC150 targets: in-scope accuracy at least the published Rasa row's, and OOS recall above 66 %.
CLINC_MIN_IN_SCOPE = 0.915
CLINC_MIN_OOS_RECALL = 0.66

Ranking = list[tuple[str, float]]


@dataclass(frozen=True)
class Decision:
    """When a ranking counts as an answer: the same rule the assistant uses (Policy)."""

    threshold: float
    gap: float = 0.0

    def __call__(self, ranking: Ranking) -> str:
        """The intent served, or out_of_scope when the top intent is not confident enough.

        >>> Decision(0.5)([("legal_aid", 0.6), ("greet", 0.3)]), Decision(0.5)([("legal_aid", 0.4)])
        ('legal_aid', 'out_of_scope')
        >>> Decision(0.5, gap=0.3)([("legal_aid", 0.6), ("greet", 0.35)])
        'out_of_scope'
        """
        if not ranking:
            return OUT_OF_SCOPE
        top, confidence = ranking[0]
        second = ranking[1][1] if len(ranking) > 1 else 0.0
        if confidence < self.threshold or confidence - second < self.gap:
            return OUT_OF_SCOPE
        return top


@dataclass
class Scores:
    """Accuracy, macro-F1 and out-of-scope precision/recall over (gold, predicted) pairs."""

    gold: list[str] = field(default_factory=list)
    predicted: list[str] = field(default_factory=list)

    def add(self, gold: str, predicted: str) -> None:
        """Count one example."""
        self.gold.append(gold)
        self.predicted.append(predicted)

    @property
    def n(self) -> int:
        """Number of examples."""
        return len(self.gold)

    @property
    def accuracy(self) -> float:
        """Share of examples routed to their gold intent (out_of_scope counts as an intent)."""
        return sum(g == p for g, p in zip(self.gold, self.predicted, strict=True)) / self.n if self.n else math.nan

    @property
    def macro_f1(self) -> float:
        """Unweighted mean F1 over the gold intents present.

        >>> s = Scores(["a", "a", "b"], ["a", "b", "b"]); round(s.macro_f1, 3)
        0.667
        """
        f1s = []
        for label in sorted(set(self.gold)):
            tp = sum(g == p == label for g, p in zip(self.gold, self.predicted, strict=True))
            fp = sum(p == label != g for g, p in zip(self.gold, self.predicted, strict=True))
            fn = sum(g == label != p for g, p in zip(self.gold, self.predicted, strict=True))
            f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
        return sum(f1s) / len(f1s) if f1s else math.nan

    def _oos(self) -> tuple[int, int, int]:
        pairs = list(zip(self.gold, self.predicted, strict=True))
        tp = sum(g == p == OUT_OF_SCOPE for g, p in pairs)
        fp = sum(p == OUT_OF_SCOPE != g for g, p in pairs)
        fn = sum(g == OUT_OF_SCOPE != p for g, p in pairs)
        return tp, fp, fn

    @property
    def oos_precision(self) -> float:
        """Of the questions declined, the share that really were out of scope."""
        tp, fp, _fn = self._oos()
        return tp / (tp + fp) if tp + fp else math.nan

    @property
    def oos_recall_counts(self) -> tuple[int, int]:
        """(declined, all) out-of-scope questions."""
        tp, _fp, fn = self._oos()
        return tp, tp + fn

    @property
    def oos_recall(self) -> float:
        """Of the out-of-scope questions, the share declined."""
        return _share(*self.oos_recall_counts)

    @property
    def in_scope_counts(self) -> tuple[int, int]:
        """(routed to their gold intent, all) of the examples whose gold intent is not out_of_scope."""
        pairs = [(g, p) for g, p in zip(self.gold, self.predicted, strict=True) if g != OUT_OF_SCOPE]
        return sum(g == p for g, p in pairs), len(pairs)

    @property
    def in_scope_accuracy(self) -> float:
        """Accuracy over the examples whose gold intent is not out_of_scope."""
        return _share(*self.in_scope_counts)


def _share(successes: int, total: int) -> float:
    """successes / total, NaN when there is nothing to count."""
    return successes / total if total else math.nan


def validation_split(examples: Sequence[Example], fraction: float = 0.15) -> tuple[list[Example], list[Example]]:
    """Deterministically hold out about `fraction` of the training examples (by a hash of the text)."""
    train: list[Example] = []
    validation: list[Example] = []
    for example in examples:
        bucket = int(hashlib.sha256(normalize(example.text).encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
        (validation if bucket < fraction else train).append(example)
    return train, validation


def tune(
    rankings: Sequence[Ranking], gold: Sequence[str], min_oos_recall: float = 0.9, tolerance: float = 0.01
) -> Decision:
    """Choose the threshold and gap on validation data (never on the test set).

    Among rules whose out-of-scope recall reaches `min_oos_recall`, take the best accuracy, then the
    *highest* threshold (and smallest gap) within `tolerance` of it: a wrong confident answer costs a
    frightened person more than a "Did you mean…?" with the right topic among the buttons.
    """
    candidates: list[tuple[Decision, Scores]] = []
    for t in range(0, 96, 5):
        for g in range(0, 32, 5):
            decision = Decision(t / 100, g / 100)
            candidates.append((decision, Scores(list(gold), [decision(r) for r in rankings])))

    def recall(scores: Scores) -> float:
        return 1.0 if math.isnan(scores.oos_recall) else scores.oos_recall

    eligible = [c for c in candidates if recall(c[1]) >= min_oos_recall] or candidates
    best = max(scores.accuracy for _decision, scores in eligible)
    close = [d for d, scores in eligible if scores.accuracy >= best - tolerance]
    return max(close, key=lambda d: (d.threshold, -d.gap))


def train_and_parse(
    settings: Settings, config: Path, train: Iterable[Example], texts: Sequence[str], workdir: Path
) -> tuple[list[Ranking], dict[str, float]]:
    """Train `config` on `train` in the NLU environment and parse `texts`; return rankings and timings."""
    train_file = workdir / "train.yml"
    train_file.write_text(rasa_training_yaml(list(train)), encoding="utf-8")
    texts_file = workdir / "texts.jsonl"
    texts_file.write_text(
        "".join(json.dumps({"text": normalize(t)}, ensure_ascii=False) + "\n" for t in texts), encoding="utf-8"
    )
    out, summary = workdir / "rankings.jsonl", workdir / "summary.json"
    python = settings.nlu_venv / "bin" / "python"
    if not python.exists():
        raise NluSetupError(f"The Rasa environment is missing at {settings.nlu_venv}; run 'make test' to create it.")
    log_path = workdir / "train.log"
    with log_path.open("w", encoding="utf-8") as log_file:
        result = subprocess.run(
            [str(python), str(TOOL), "--config", str(config.resolve()), "--train", str(train_file),
             "--texts", str(texts_file), "--out", str(out), "--summary", str(summary)],
            cwd=workdir, env=rasa_env(settings), stdout=log_file, stderr=subprocess.STDOUT, check=False,
        )  # fmt: skip
    if result.returncode != 0:
        tail = log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-20:]
        raise NluSetupError(f"Training {config.name} failed:\n" + "\n".join(tail))
    rankings = [
        [(intent_name(str(name)), float(conf)) for name, conf in json.loads(line)]
        for line in out.read_text(encoding="utf-8").splitlines()
    ]
    return rankings, json.loads(summary.read_text(encoding="utf-8"))


def expected_language(group: str) -> Lang:
    """The reply language a test example's group calls for (code-mixed questions are Vietnamese)."""
    return "en" if group == "en" else "vi"


def language_accuracy(examples: Sequence[Example], default: Lang) -> dict[str, float]:
    """Reply-language accuracy of our detector (with the default as fallback) and of lingua, if installed."""
    ours = sum((detect_language(e.text) or default) == expected_language(e.group) for e in examples)
    result = {"ours": ours / len(examples)}
    try:
        from lingua import Language, LanguageDetectorBuilder
    except ImportError:  # pragma: no cover - lingua is a dev dependency
        return result
    detector = LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.VIETNAMESE).build()
    names = {Language.ENGLISH: "en", Language.VIETNAMESE: "vi"}
    theirs = 0
    for example in examples:
        detected = detector.detect_language_of(example.text)
        theirs += (names.get(detected) if detected else default) == expected_language(example.group)
    result["lingua"] = theirs / len(examples)
    return result


@dataclass
class Evaluation:
    """Everything `nlu eval` reports."""

    decision: Decision
    groups: dict[str, Scores]
    overall: Scores
    language: dict[str, dict[str, float]]
    timings: dict[str, float]
    examples: int
    mistakes: list[tuple[str, str, str, str]]  # group, text, gold, predicted


def evaluate(
    settings: Settings,
    config: Path = CONFIG,
    decision: Decision | None = None,
    data: Path = DATA_DIR,
    tests: Path = TESTS_DIR,
) -> Evaluation:
    """Train on all of nlu/data, score the held-out nlu/tests per group with the bot's decision rule."""
    train = read_dir(data)
    test = read_dir(tests)
    _check_disjoint(train, test)
    decision = decision or Decision(settings.answer_threshold, settings.ambiguity_gap)
    with tempfile.TemporaryDirectory() as tmp:
        rankings, timings = train_and_parse(settings, config, train, [e.text for e in test], Path(tmp))
    groups: dict[str, Scores] = defaultdict(Scores)
    overall = Scores()
    mistakes = []
    for example, ranking in zip(test, rankings, strict=True):
        predicted = decision(ranking)
        groups[example.group].add(example.intent, predicted)
        overall.add(example.intent, predicted)
        if predicted != example.intent:
            mistakes.append((example.group, example.text, example.intent, predicted))
    language = {g: language_accuracy([e for e in test if e.group == g], settings.default_language) for g in GROUPS}
    language["all"] = language_accuracy(test, settings.default_language)
    return Evaluation(decision, dict(groups), overall, language, timings, len(train), mistakes)


def tune_on_validation(
    settings: Settings, config: Path = CONFIG, data: Path = DATA_DIR
) -> tuple[Decision, Scores, dict[str, float]]:
    """Train on 85% of nlu/data, choose threshold and gap on the other 15%."""
    train, validation = validation_split(read_dir(data))
    with tempfile.TemporaryDirectory() as tmp:
        rankings, timings = train_and_parse(settings, config, train, [e.text for e in validation], Path(tmp))
    gold = [e.intent for e in validation]
    decision = tune(rankings, gold)
    return decision, Scores(gold, [decision(r) for r in rankings]), timings


def _check_disjoint(train: Sequence[Example], test: Sequence[Example]) -> None:
    leaked = held_out_overlap(train, test)
    if leaked:
        first, _trained = leaked[0]
        raise NluSetupError(
            f"{first.path}:{first.line}: this test example is also in the training data; "
            f"held-out examples must never be trained on ({len(leaked)} such examples)."
        )


def _pct(value: float) -> str:
    return "  n/a" if math.isnan(value) else f"{100 * value:5.1f}"


def print_evaluation(evaluation: Evaluation, out: TextIO) -> None:
    """The per-group table, language accuracy and timings."""
    d = evaluation.decision
    print(f"Decision rule: answer when confidence >= {d.threshold:.2f} and lead >= {d.gap:.2f}", file=out)
    print(f"{'group':<10} {'n':>5} {'acc%':>6} {'macroF1':>8} {'OOS P%':>7} {'OOS R%':>7} {'lang%':>6} "
          f"{'lingua%':>8}", file=out)  # fmt: skip
    rows = [*((g, evaluation.groups[g]) for g in GROUPS if g in evaluation.groups), ("overall", evaluation.overall)]
    for name, scores in rows:
        language = evaluation.language.get(name if name != "overall" else "all", {})
        print(
            f"{name:<10} {scores.n:>5} {_pct(scores.accuracy):>6} {_pct(scores.macro_f1):>8} "
            f"{_pct(scores.oos_precision):>7} {_pct(scores.oos_recall):>7} {_pct(language.get('ours', math.nan)):>6} "
            f"{_pct(language.get('lingua', math.nan)):>8}",
            file=out,
        )
    t = evaluation.timings
    print(
        f"Trained on {evaluation.examples} examples in {t['train_seconds']} s; "
        f"parse latency p50 {t['parse_ms_p50']} ms, p95 {t['parse_ms_p95']} ms (in-process, one message at a time).",
        file=out,
    )


def save_confusion_png(evaluation: Evaluation, path: Path) -> Path | None:
    """A confusion-matrix heat map of the overall test results (None when matplotlib is missing)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:  # pragma: no cover - matplotlib is a dev dependency
        return None
    labels = sorted(set(evaluation.overall.gold) | set(evaluation.overall.predicted))
    index = {label: i for i, label in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for gold, predicted in zip(evaluation.overall.gold, evaluation.overall.predicted, strict=True):
        matrix[index[gold]][index[predicted]] += 1
    fig, ax = plt.subplots(figsize=(14, 12))
    ax.imshow(matrix, cmap="Blues")
    ax.set_xticks(range(len(labels)), labels, rotation=90, fontsize=7)
    ax.set_yticks(range(len(labels)), labels, fontsize=7)
    for i, row in enumerate(matrix):
        for j, count in enumerate(row):
            if count:
                ax.text(j, i, str(count), ha="center", va="center", fontsize=6,
                        color="white" if i == j else "black")  # fmt: skip
    ax.set_xlabel("predicted (after the decision rule)")
    ax.set_ylabel("gold intent")
    overall = evaluation.overall
    ax.set_title(f"Held-out test set: {overall.n} examples, accuracy {100 * overall.accuracy:.1f}%")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


# -- CLINC150 ---------------------------------------------------------------------------------


def clinc_examples(path: Path, split: str) -> list[Example]:
    """CLINC150 `split` (train, val, test) with its out-of-scope part labelled out_of_scope."""
    data = json.loads((path / "data_full.json").read_text(encoding="utf-8"))
    examples = [Example(text, intent, "en", str(path), 0) for text, intent in data[split]]
    examples += [Example(text, OUT_OF_SCOPE, "en", str(path), 0) for text, _ in data[f"oos_{split}"]]
    return examples


@dataclass
class ClincRow:
    """One val rule's threshold and the scores it gives on val and on test."""

    rule: str
    decision: Decision
    val: Scores
    test: Scores


@dataclass
class ClincResult:
    """CLINC150 figures: thresholds chosen on val by each rule, scored on test; the first row is the one reported."""

    rows: list[ClincRow]
    timings: dict[str, float]

    @property
    def decision(self) -> Decision:
        """The reported rule's threshold."""
        return self.rows[0].decision

    @property
    def test(self) -> Scores:
        """The reported rule's test scores."""
        return self.rows[0].test

    @property
    def val(self) -> Scores:
        """The reported rule's val scores."""
        return self.rows[0].val


def evaluate_clinc(
    settings: Settings, path: Path = CLINC_DIR, config: Path = CONFIG, min_in_scope: float = CLINC_MIN_IN_SCOPE
) -> ClincResult:
    """Train the pipeline on CLINC150 train (+ oos_train as out_of_scope), choose thresholds on val, score test.

    Rankings are cached under the NLU cache, keyed by the pipeline and components, so changing only the
    decision rule never retrains (training on 15,100 examples takes 8 to 16 minutes on this kind of machine).
    """
    if not (path / "data_full.json").exists():
        raise NluSetupError(f"{path / 'data_full.json'} is missing; CLINC150 lives in shared/benchmarks/clinc150.")
    train, val, test = (clinc_examples(path, s) for s in ("train", "val", "test"))
    digest = hashlib.sha256((path / "data_full.json").read_bytes() + config.read_bytes())
    for component in sorted((PROJECT_ROOT / "nlu" / "components").glob("*.py")):
        digest.update(component.read_bytes())
    cache = settings.nlu_cache_dir / f"clinc150-rankings-{digest.hexdigest()[:16]}.json"
    if cache.exists():
        stored = json.loads(cache.read_text(encoding="utf-8"))
        rankings = [[(str(n), float(c)) for n, c in r] for r in stored["rankings"]]
        timings = stored["timings"]
    else:
        with tempfile.TemporaryDirectory() as tmp:
            rankings, timings = train_and_parse(settings, config, train, [e.text for e in [*val, *test]], Path(tmp))
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps({"rankings": rankings, "timings": timings}), encoding="utf-8")
    val_rankings, test_rankings = rankings[: len(val)], rankings[len(val) :]
    val_gold, test_gold = [e.intent for e in val], [e.intent for e in test]
    rows = []
    for label, rule in CLINC_RULES:
        decision = rule(val_rankings, val_gold, min_in_scope)
        val_scores = Scores(val_gold, [decision(r) for r in val_rankings])
        rows.append(ClincRow(label, decision, val_scores, Scores(test_gold, [decision(r) for r in test_rankings])))
    return ClincResult(rows, timings)


def wilson_lower_bound(successes: int, total: int, z: float = 1.96) -> float:
    """The lower end of the Wilson score interval for a proportion (95 % with z = 1.96): what a share
    measured on `total` questions can be trusted to be at least. Small samples are discounted more."""
    if total <= 0:
        return 0.0
    share = successes / total
    centre = share + z * z / (2 * total)
    spread = z * math.sqrt(share * (1 - share) / total + z * z / (4 * total * total))
    return (centre - spread) / (1 + z * z / total)


def _clinc_scores(rankings: Sequence[Ranking], gold: Sequence[str]) -> list[tuple[Decision, Scores]]:
    """Every threshold from 0 to 0.99 in steps of 0.01, with the scores it gives."""
    return [(d, Scores(list(gold), [d(r) for r in rankings])) for d in (Decision(t / 100) for t in range(100))]


def _tune_clinc(rankings: Sequence[Ranking], gold: Sequence[str], min_in_scope: float) -> Decision:
    """On CLINC val: the threshold with the best OOS recall whose in-scope accuracy stays at or above
    `min_in_scope` (the published Rasa row, 91.5 %); without one, the best sum of the two."""
    scored = _clinc_scores(rankings, gold)
    feasible = [(d, s) for d, s in scored if s.in_scope_accuracy >= min_in_scope]
    if feasible:
        return max(feasible, key=lambda ds: (ds[1].oos_recall, ds[1].in_scope_accuracy))[0]
    return max(scored, key=lambda ds: ds[1].in_scope_accuracy + ds[1].oos_recall)[0]


def _tune_clinc_equal_room(
    rankings: Sequence[Ranking],
    gold: Sequence[str],
    min_in_scope: float,
    min_oos_recall: float,
    estimate: Callable[[int, int], float],
) -> Decision:
    """The threshold with the largest smaller margin of in-scope accuracy over `min_in_scope` and OOS
    recall over `min_oos_recall` on val (ties: the larger sum), each figure read through `estimate`
    from its (successes, total) counts."""

    def margin(scores: Scores) -> tuple[float, float]:
        in_scope, recall = estimate(*scores.in_scope_counts), estimate(*scores.oos_recall_counts)
        return min(in_scope - min_in_scope, recall - min_oos_recall), in_scope + recall

    return max(_clinc_scores(rankings, gold), key=lambda ds: margin(ds[1]))[0]


def _tune_clinc_middle(
    rankings: Sequence[Ranking], gold: Sequence[str], min_in_scope: float, min_oos_recall: float = CLINC_MIN_OOS_RECALL
) -> Decision:
    """A rule printed beside the reported one: the threshold farthest inside both targets on val's figures
    as measured.

    Meant to leave room for val-to-test drift on both sides; measured once (README, CLINC150), it did
    not: val's 100 out-of-scope questions run easier than test's 1,000 at low thresholds.
    """
    return _tune_clinc_equal_room(rankings, gold, min_in_scope, min_oos_recall, _share)


def _tune_clinc_bounded(
    rankings: Sequence[Ranking], gold: Sequence[str], min_in_scope: float, min_oos_recall: float = CLINC_MIN_OOS_RECALL
) -> Decision:
    """The reported rule: the equal-room rule on what val's figures can be trusted to be, i.e. on the
    Wilson 95 % lower bounds of in-scope accuracy (3,000 questions) and of OOS recall (100 questions).

    Why: val's 100 out-of-scope questions are a small sample (a recall measured on them is uncertain by
    about ±8 points), and the plain equal-room rule trusted them as if they were 3,000.
    """
    return _tune_clinc_equal_room(rankings, gold, min_in_scope, min_oos_recall, wilson_lower_bound)


#: The val rules, the reported one first: (label, rule over val rankings, gold and the in-scope floor).
CLINC_RULES: tuple[tuple[str, Callable[[Sequence[Ranking], Sequence[str], float], Decision]], ...] = (
    ("val: room on both, lower bounds", _tune_clinc_bounded),
    ("val: in-scope floor", _tune_clinc),
    ("val: room on both", _tune_clinc_middle),
)


def print_clinc(result: ClincResult, out: TextIO) -> None:
    """Our rows beside the published ones (test figures, and the val figures each rule chose from);
    the first of ours is the reported rule."""
    print(f"{'model':<66} {'in-scope acc%':>13} {'OOS recall%':>12} {'val in%':>8} {'val OOS%':>9}", file=out)
    for name, accuracy, recall in CLINC_PUBLISHED:
        print(f"{name + ' (published)':<66} {accuracy:>13.1f} {recall:>12.1f}", file=out)
    for row in result.rows:
        ours = f"this pipeline, threshold {row.decision.threshold:.2f} ({row.rule})"
        test, val = row.test, row.val
        print(
            f"{ours:<66} {100 * test.in_scope_accuracy:>13.1f} {100 * test.oos_recall:>12.1f} "
            f"{100 * val.in_scope_accuracy:>8.1f} {100 * val.oos_recall:>9.1f}",
            file=out,
        )
    met = result.test.in_scope_accuracy >= CLINC_MIN_IN_SCOPE and result.test.oos_recall > CLINC_MIN_OOS_RECALL
    print(f"Reported rule ({result.rows[0].rule}): target (in-scope >= {100 * CLINC_MIN_IN_SCOPE:.1f} %, "
          f"OOS recall > {100 * CLINC_MIN_OOS_RECALL:.0f} %) {'met' if met else 'NOT met'}.", file=out)  # fmt: skip
    t = result.timings
    print(f"Trained on {len(Counter(result.test.gold))} test labels' data in {t['train_seconds']} s; "
          f"parse p50 {t['parse_ms_p50']} ms.", file=out)  # fmt: skip


def compare(
    settings: Settings, configs: Sequence[Path], out: TextIO, *, clinc: bool = False, data: Path = DATA_DIR
) -> None:
    """For each pipeline: tune on validation data, then score the held-out test set (and CLINC150)."""
    header = f"{'pipeline':<22} {'train s':>8} {'p50 ms':>7} {'val acc%':>9} {'thr':>5} {'test acc%':>10} {'OOS R%':>7}"
    if clinc:
        header += f" {'CLINC in%':>10} {'CLINC OOS R%':>13}"
    print(header, file=out, flush=True)
    for config in configs:
        decision, validation, _timings = tune_on_validation(settings, config, data)
        evaluation = evaluate(settings, config, decision, data)
        t = evaluation.timings
        row = (
            f"{config.stem:<22} {t['train_seconds']:>8} {t['parse_ms_p50']:>7} {_pct(validation.accuracy):>9} "
            f"{decision.threshold:>5.2f} {_pct(evaluation.overall.accuracy):>10} "
            f"{_pct(evaluation.overall.oos_recall):>7}"
        )
        if clinc:
            result = evaluate_clinc(settings, config=config)
            row += f" {_pct(result.test.in_scope_accuracy):>10} {_pct(result.test.oos_recall):>13}"
        print(row, file=out, flush=True)


def run_command(settings: Settings, args: argparse.Namespace, out: TextIO) -> int:
    """`python -m bot nlu eval | tune | compare`."""
    if args.nlu_command == "eval" and args.clinc150:
        print_clinc(evaluate_clinc(settings, config=args.config or CONFIG), out)
        return 0
    if args.nlu_command == "eval":
        evaluation = evaluate(settings, args.config or CONFIG)
        print_evaluation(evaluation, out)
        saved = save_confusion_png(evaluation, args.png or settings.nlu_cache_dir / "confusion.png")
        if saved:
            print(f"Confusion matrix: {saved}", file=out)
        return 0
    if args.nlu_command == "tune":
        decision, validation, _timings = tune_on_validation(settings, args.config or CONFIG)
        print(
            f"On {validation.n} validation examples: ANSWER_THRESHOLD={decision.threshold:.2f} "
            f"AMBIGUITY_GAP={decision.gap:.2f} gives accuracy {_pct(validation.accuracy).strip()}% "
            f"and out-of-scope recall {_pct(validation.oos_recall).strip()}%.",
            file=out,
        )
        return 0
    if args.nlu_command == "compare":
        compare(settings, args.configs, out, clinc=args.clinc150, data=args.data)
        return 0
    return 2
