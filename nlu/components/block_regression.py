"""Multinomial logistic regression over a sparse block and a dense block side by side, with
scikit-learn's own loss and optimiser: the same objective and the same L-BFGS run as
`LogisticRegression(solver="lbfgs", class_weight="balanced")`, only the matrix products differ.

Why: the classifier's features are sparse TF-IDF columns beside 384 dense e5 columns. Stacked into
one sparse matrix (all `LogisticRegression` accepts), the dense block holds about 70 % of the stored
values and every product goes through scipy's single-threaded sparse kernel. Kept apart, the dense
block is multiplied by BLAS, which is several times faster per value and uses both cores. The sparse
block is cut into row bands of about equal stored values, one per thread: scipy's sparse kernel
releases the GIL, so the bands' products run at once (1.6 times faster on two cores).
"""

from __future__ import annotations

import functools
import logging
import os
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, List, Optional, Sequence, Tuple

import numpy as np
import scipy.sparse as sp
from scipy import optimize
from sklearn._loss.loss import HalfMultinomialLoss
from sklearn.linear_model import LogisticRegression
from sklearn.linear_model._linear_loss import LinearModelLoss
from sklearn.preprocessing import LabelEncoder
from sklearn.utils.class_weight import compute_class_weight

logger = logging.getLogger(__name__)

#: Fewer rows than this per band are not worth a thread (a parsed message has one row).
MIN_BAND_ROWS = 512


def process_threads() -> int:
    """The CPU threads this process may use: OMP_NUM_THREADS (the bot sets it from NLU_THREADS), else
    the CPUs it may run on. The e5 encoder reads the same variable, so both stay inside one budget."""
    configured = os.environ.get("OMP_NUM_THREADS", "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return max(1, len(os.sched_getaffinity(0)))


@functools.lru_cache(maxsize=None)
def _pool(threads: int) -> ThreadPoolExecutor:
    """One shared pool per thread count (idle threads cost nothing; they end with the process)."""
    return ThreadPoolExecutor(max_workers=threads, thread_name_prefix="block-regression")


def _bands(matrix: sp.csr_matrix, threads: int) -> List[Tuple[int, int]]:
    """Row ranges [start, stop) holding about equal shares of the stored values, at most `threads` of them."""
    count = max(1, min(threads, matrix.shape[0] // MIN_BAND_ROWS))
    cuts = np.searchsorted(matrix.indptr, np.linspace(0, matrix.nnz, count + 1)[1:-1])
    edges = [0, *sorted(set(int(c) for c in cuts) - {0, matrix.shape[0]}), matrix.shape[0]]
    return list(zip(edges[:-1], edges[1:]))


class BlockFeatures:
    """The row-wise join [sparse | dense] without building it: supports `X @ W` and `G @ X`, the two
    products scikit-learn's `LinearModelLoss` takes of its design matrix."""

    #: Make numpy hand `ndarray @ BlockFeatures` to `__rmatmul__` instead of converting us to an array.
    __array_ufunc__ = None

    def __init__(self, sparse: sp.csr_matrix, dense: Optional[np.ndarray], threads: int = 1) -> None:
        if dense is not None and dense.shape[0] != sparse.shape[0]:
            raise ValueError(f"the blocks have {sparse.shape[0]} and {dense.shape[0]} rows")
        if threads < 1:
            raise ValueError(f"threads must be 1 or more, not {threads}")
        self.sparse = sp.csr_matrix(sparse, dtype=np.float64)
        self._bands = _bands(self.sparse, threads)
        self._parts = [self.sparse[a:b] for a, b in self._bands] if len(self._bands) > 1 else [self.sparse]
        self._parts_t: Optional[List[sp.csr_matrix]] = None  # each band's transpose in rows, for G @ X
        self.dense = None if dense is None else np.ascontiguousarray(dense, dtype=np.float64)
        width = 0 if self.dense is None else self.dense.shape[1]
        self.shape = (self.sparse.shape[0], self.sparse.shape[1] + width)
        self.dtype = np.dtype(np.float64)

    def __matmul__(self, weights: np.ndarray) -> np.ndarray:
        """X @ W, W of shape (features, k)."""
        cut = self.sparse.shape[1]
        sparse_weights = weights[:cut]
        if len(self._parts) == 1:
            out = np.asarray(self.sparse @ sparse_weights)
        else:
            bands = _pool(len(self._parts)).map(lambda part: np.asarray(part @ sparse_weights), self._parts)
            out = np.vstack(list(bands))
        if self.dense is not None:
            out = out + self.dense @ weights[cut:]
        return out

    def __rmatmul__(self, left: np.ndarray) -> np.ndarray:
        """G @ X, G of shape (k, samples)."""
        if self._parts_t is None:
            self._parts_t = [part.T.tocsr() for part in self._parts]
        if len(self._parts_t) == 1:
            sparse_part = np.asarray(self._parts_t[0] @ left.T).T
        else:
            tasks = [(part_t, np.ascontiguousarray(left[:, a:b].T)) for part_t, (a, b) in zip(self._parts_t, self._bands)]
            products = list(_pool(len(tasks)).map(lambda task: np.asarray(task[0] @ task[1]), tasks))
            sparse_part = functools.reduce(np.add, products).T  # summed in band order: the same result every run
        if self.dense is None:
            return sparse_part
        return np.hstack([sparse_part, left @ self.dense])


def fit_multinomial(
    features: BlockFeatures,
    labels: Sequence[Any],
    C: float,
    max_iter: int,
    tol: float = 1e-4,
    stop_on: str = "sum",
) -> LogisticRegression:
    """A fitted `LogisticRegression` (multinomial, balanced class weights, intercept) whose weights come
    from the same loss, gradient and L-BFGS-B options scikit-learn 1.1's lbfgs solver uses.

    `stop_on` says what `tol` bounds: "sum", every component of the gradient of the loss summed over
    the examples, as scikit-learn 1.1 does; "mean", of the loss averaged over them (weighted), as
    scikit-learn 1.4 and later do by default (they scale the loss by 1/n). The optimum is the same;
    "mean" stops sooner, when the remaining gain per example is small. Three or more classes only:
    with two, scikit-learn fits a binomial model, which this does not.
    """
    if stop_on not in ("sum", "mean"):
        raise ValueError(f"stop_on must be 'sum' or 'mean', not {stop_on!r}")
    encoder = LabelEncoder()
    y = encoder.fit_transform(np.asarray(labels))
    classes = encoder.classes_
    if classes.size < 3:
        raise ValueError(f"a multinomial fit needs three or more classes, got {classes.size}")
    sample_weight = compute_class_weight("balanced", classes=classes, y=np.asarray(labels))[y].astype(np.float64)
    n_features = features.shape[1]
    loss = LinearModelLoss(base_loss=HalfMultinomialLoss(n_classes=classes.size), fit_intercept=True)
    start = np.zeros((classes.size, n_features + 1), order="F", dtype=np.float64)
    started = time.perf_counter()
    result = optimize.minimize(
        loss.loss_gradient,
        start.ravel(order="F"),
        method="L-BFGS-B",
        jac=True,
        args=(features, y.astype(np.float64), sample_weight, 1.0 / C, 1),
        options={"iprint": -1, "gtol": tol * (sample_weight.sum() if stop_on == "mean" else 1.0), "maxiter": max_iter},
    )
    seconds = time.perf_counter() - started
    if not result.success:
        logger.warning("The intent regression stopped before converging: %s", result.message)
    logger.info("Fitted %d x %d regression weights in %d L-BFGS iterations, %.1f s", *start.shape, result.nit, seconds)
    weights = np.reshape(result.x, (classes.size, -1), order="F")
    model = LogisticRegression(C=C, max_iter=max_iter, class_weight="balanced", tol=tol)
    model.classes_ = classes
    model.coef_ = np.ascontiguousarray(weights[:, :n_features])
    model.intercept_ = weights[:, n_features].copy()
    model.n_iter_ = np.array([min(int(result.nit), max_iter)], dtype=np.int32)
    model.n_features_in_ = n_features
    return model
