"""The intent classifier's block regression (nlu/components/block_regression.py) against scikit-learn's
own LogisticRegression on the stacked matrix, in the NLU environment where both live."""

from __future__ import annotations

import functools
import json
import subprocess
from typing import Any

import pytest

from bot import PROJECT_ROOT
from bot.nlu_service import rasa_env
from bot.settings import Settings

pytestmark = pytest.mark.integration

#: Runs in the NLU environment: a small problem with overlapping classes, a sparse and a dense block.
COMPARE = """
import json, sys
import numpy as np, scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from components.block_regression import BlockFeatures, fit_multinomial

rng = np.random.default_rng(0)
n, k = 1200, 5  # over 2 x MIN_BAND_ROWS rows, so two threads get a band each
y = rng.integers(0, k, n)
y[:120] = 0  # unbalanced, so the balanced class weights matter
mask = sp.random(n, 300, density=0.03, random_state=1, format="csr")
sparse = sp.csr_matrix(mask.multiply(np.eye(k)[y] @ rng.normal(size=(k, 300)) + 1.0))
dense = rng.normal(size=(n, 20)) + np.eye(k)[y] @ rng.normal(size=(k, 20))
labels = np.array(["intent_%d" % i for i in y])
stacked = sp.hstack([sparse, sp.csr_matrix(dense)]).tocsr()
reference = LogisticRegression(C=100, max_iter=3000, class_weight="balanced", random_state=42).fit(stacked, labels)
block = BlockFeatures(sparse, dense, threads=2)
ours = fit_multinomial(block, labels, C=100, max_iter=3000)
sooner = fit_multinomial(BlockFeatures(sparse, dense), labels, C=100, max_iter=3000, stop_on="mean")
json.dump({
    "bands": len(block._bands),
    "mean_iterations": int(sooner.n_iter_[0]),
    "mean_agreement": float((sooner.predict(stacked) == reference.predict(stacked)).mean()),
    "classes_equal": list(reference.classes_) == list(ours.classes_),
    "coef_diff": float(np.abs(reference.coef_ - ours.coef_).max()),
    "intercept_diff": float(np.abs(reference.intercept_ - ours.intercept_).max()),
    "iterations": [int(reference.n_iter_[0]), int(ours.n_iter_[0])],
    "proba_diff": float(np.abs(reference.predict_proba(stacked) - ours.predict_proba(stacked)).max()),
    "product_diff": float(np.abs(block @ ours.coef_.T - stacked @ ours.coef_.T).max()),
    "gradient_product_diff": float(np.abs((np.ones((k, n)) @ block) - (stacked.T @ np.ones((n, k))).T).max()),
}, sys.stdout)
"""


@functools.cache
def _compare() -> dict[str, Any]:
    """COMPARE's figures (run once for the module)."""
    settings = Settings()
    python = settings.nlu_venv / "bin" / "python"
    if not python.exists():
        pytest.fail(f"the NLU environment is missing at {settings.nlu_venv}; 'make test' creates it")
    done = subprocess.run(
        [str(python), "-c", COMPARE],
        capture_output=True,
        text=True,
        env=rasa_env(settings),
        cwd=PROJECT_ROOT,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    figures: dict[str, Any] = json.loads(done.stdout)
    return figures


def test_block_fit_matches_scikit_learns_logistic_regression() -> None:
    result = _compare()
    assert result["classes_equal"] and result["bands"] == 2, result
    # The same objective and the same L-BFGS run (the sparse block's products in two threads): equal up to rounding.
    assert result["iterations"][0] == result["iterations"][1]
    assert result["coef_diff"] < 1e-6 and result["intercept_diff"] < 1e-6, result
    assert result["proba_diff"] < 1e-9, result
    assert result["product_diff"] < 1e-9 and result["gradient_product_diff"] < 1e-9, result


def test_a_tolerance_on_the_mean_loss_stops_sooner_near_the_same_answers() -> None:
    result = _compare()
    assert result["mean_iterations"] < result["iterations"][1], result
    assert result["mean_agreement"] >= 0.98, result
