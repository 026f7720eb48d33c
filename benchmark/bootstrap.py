"""Document-level bootstrap: confidence intervals and the paired test of ``compare``.

Vectorised over per-document counts: one draw of ``samples × n`` document indices (numpy
``default_rng(seed)``, ``integers(0, n)``) becomes a weight matrix ``W`` (how often each document is
drawn in each replicate), and the replicate counts of every level are ``W @ C`` for the ``n × 3``
matrix ``C`` of per-document (tp, fp, fn). The same ``W`` serves every level, and both systems in a
paired comparison.

>>> from benchmark.prf import PRF
>>> docs = [PRF(1, 0, 0), PRF(0, 1, 1), PRF(2, 0, 1)]
>>> w = resample_weights(3, samples=4, seed=0)
>>> w.shape, bool((w.sum(axis=1) == 3).all())
((4, 3), True)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from .prf import PRF

F1Array = Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]


#: At most this many document draws are held at once (a block of replicates), so that 1,000
#: replicates over 100k documents need about 30 MB instead of 2.4 GB.
BLOCK_DRAWS = 1 << 20


def _weight_blocks(n_docs: int, samples: int, seed: int) -> Iterator[np.ndarray]:
    """The rows of :func:`resample_weights` in consecutive blocks (the same numbers: the
    generator's stream does not depend on how the draws are split into calls)."""
    rng = np.random.default_rng(seed)
    rows = max(1, BLOCK_DRAWS // max(n_docs, 1))
    for first in range(0, samples, rows):
        k = min(rows, samples - first)
        idx = rng.integers(0, n_docs, size=(k, n_docs))
        flat = (np.arange(k, dtype=np.int64)[:, None] * n_docs + idx).ravel()
        yield np.bincount(flat, minlength=k * n_docs).reshape(k, n_docs)


def resample_weights(n_docs: int, samples: int, seed: int) -> np.ndarray:
    """``samples × n_docs`` matrix: how often each document is drawn in each replicate."""
    blocks = list(_weight_blocks(n_docs, samples, seed))
    return np.vstack(blocks) if blocks else np.zeros((0, n_docs), dtype=np.int64)


def _replicate_f1s(per_documents: Sequence[Sequence[PRF]], n_docs: int, samples: int, seed: int,
                   f1_array: F1Array) -> list[np.ndarray]:
    """Replicate F1s of several count lists over the same replicates, block by block."""
    matrices = [counts_matrix(p) for p in per_documents]
    parts: list[list[np.ndarray]] = [[] for _ in matrices]
    for weights in _weight_blocks(n_docs, samples, seed):
        for out, c in zip(parts, matrices, strict=True):
            r = weights @ c
            out.append(f1_array(r[:, 0], r[:, 1], r[:, 2]))
    return [np.concatenate(p) for p in parts]


def counts_matrix(per_document: Sequence[PRF]) -> np.ndarray:
    return np.array([[c.tp, c.fp, c.fn] for c in per_document], dtype=np.int64).reshape(-1, 3)


def replicate_f1(per_document: Sequence[PRF], weights: np.ndarray, f1_array: F1Array
                 ) -> np.ndarray:
    """F1 of every bootstrap replicate."""
    r = weights @ counts_matrix(per_document)
    return f1_array(r[:, 0], r[:, 1], r[:, 2])


def percentile_interval(values: np.ndarray, confidence: float) -> tuple[float, float]:
    """The central ``confidence`` interval by the percentile method (numpy's linear rule)."""
    alpha = (1 - confidence) / 2
    lo, hi = np.percentile(values, [100 * alpha, 100 * (1 - alpha)])
    return float(lo), float(hi)


def with_intervals(levels: Mapping[str, Any], spec: Any, f1_array: F1Array) -> dict[str, Any]:
    """Return ``levels`` (``LevelScore`` objects) with ``ci`` set for each micro F1."""
    levels = dict(levels)
    n = len(next(iter(levels.values())).per_document) if levels else 0
    if spec.bootstrap == 0 or n == 0:
        return levels
    names = list(levels)
    f1s = _replicate_f1s([levels[name].per_document for name in names], n, spec.bootstrap,
                         spec.seed, f1_array)
    return {name: replace(levels[name], ci=percentile_interval(values, spec.confidence))
            for name, values in zip(names, f1s, strict=True)}


@dataclass(frozen=True)
class Comparison:
    """F1 of A minus F1 of B with its bootstrap interval and two-sided p-value."""

    f1_a: float
    f1_b: float
    delta: float
    ci_low: float
    ci_high: float
    p_value: float

    def to_dict(self) -> dict[str, float]:
        return {"f1_a": self.f1_a, "f1_b": self.f1_b, "delta": self.delta,
                "ci_low": self.ci_low, "ci_high": self.ci_high, "p_value": self.p_value}


def paired_bootstrap(per_doc_a: Sequence[PRF], per_doc_b: Sequence[PRF], *, f1_a: float,
                     f1_b: float, samples: int, seed: int, confidence: float,
                     f1_array: F1Array = PRF.f1_array) -> Comparison:
    """Paired bootstrap over documents (both systems see the same replicates).

    ``p = (1 + #{b : |δ_b − δ| ≥ |δ|}) / (samples + 1)``: the bootstrap distribution of the
    difference, shifted to mean zero under the null hypothesis, is at least as extreme as the
    observed difference δ.
    """
    if len(per_doc_a) != len(per_doc_b):
        raise ValueError("paired bootstrap needs the same documents for both systems")
    delta = f1_a - f1_b
    if samples == 0 or not per_doc_a:
        return Comparison(f1_a, f1_b, delta, delta, delta, 1.0)
    f1_a_rep, f1_b_rep = _replicate_f1s([per_doc_a, per_doc_b], len(per_doc_a), samples, seed,
                                        f1_array)
    d = f1_a_rep - f1_b_rep
    lo, hi = percentile_interval(d, confidence)
    extreme = int(np.count_nonzero(np.abs(d - delta) >= abs(delta)))
    return Comparison(f1_a, f1_b, delta, lo, hi, (1 + extreme) / (samples + 1))


def compare_reports(report_a: Any, report_b: Any, *, samples: int, seed: int,
                    confidence: float = 0.95) -> dict[str, Comparison]:
    """Paired bootstrap of two :class:`~benchmark.scoring.ScoreReport` s of the same gold set and
    spec, for every level."""
    if report_a.doc_ids != report_b.doc_ids or report_a.spec.to_dict() != report_b.spec.to_dict():
        raise ValueError("both reports must score the same documents under the same spec")
    out = {}
    for level, a in report_a.levels.items():
        b = report_b.levels[level]
        out[level] = paired_bootstrap(a.per_document, b.per_document, f1_a=a.micro.f1,
                                      f1_b=b.micro.f1, samples=samples, seed=seed,
                                      confidence=confidence, f1_array=type(a.micro).f1_array)
    return out
