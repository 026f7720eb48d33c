"""Counts as the primitive: a frozen ``PRF(tp, fp, fn)`` that adds, with derived ratios.

The 0/0 policy is stated once, here, and nowhere else: a ratio whose denominator is 0 is **1.0 when
the counts are all zero** (nothing to find and nothing claimed is a perfect score) and **0.0
otherwise**. Micro-averaging sums counts; macro-averaging averages per-label F1.

>>> a = PRF(tp=3, fp=1, fn=2)
>>> a.precision, a.recall, round(a.f1, 4)
(0.75, 0.6, 0.6667)
>>> (a + PRF(1, 0, 0)).tp
4
>>> PRF().f1, PRF(fn=2).precision
(1.0, 0.0)

:class:`TextEEPRF` keeps the same counts but derives its ratios the way TextEE's ``compute_f1``
does (0/0 gives 0; F1 from the rounded precision and recall).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # numpy is imported only when the bootstrap runs
    import numpy as np

ZERO_DIVISION_POLICY = (
    "a ratio with denominator 0 is 1.0 when tp = fp = fn = 0 and 0.0 otherwise"
)


@dataclass(frozen=True)
class PRF:
    """True positives, false positives and false negatives; precision, recall, F1 derived."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: PRF) -> PRF:
        if type(other) is not type(self):
            return NotImplemented
        return type(self)(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def empty(self) -> bool:
        return self.tp == 0 and self.fp == 0 and self.fn == 0

    @property
    def predicted(self) -> int:
        return self.tp + self.fp

    @property
    def gold(self) -> int:
        return self.tp + self.fn

    def _ratio(self, num: int, den: int) -> float:
        if den == 0:
            return 1.0 if self.empty else 0.0
        return num / den

    @property
    def precision(self) -> float:
        return self._ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return self._ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        return self._ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    @staticmethod
    def f1_array(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> np.ndarray:
        """Vectorised :attr:`f1` (same 0/0 policy) for the bootstrap."""
        import numpy as np

        den = 2 * tp + fp + fn
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(den > 0, (2 * tp) / np.where(den > 0, den, 1), 1.0)

    def to_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": self.precision,
                "recall": self.recall, "f1": self.f1}


def _safe_div(num: float, den: float) -> float:
    return num / den if den > 0 else 0.0


@dataclass(frozen=True)
class TextEEPRF(PRF):
    """Counts with TextEE's ratios: ``p = match/pred``, ``r = match/gold`` (0 when the denominator
    is 0), ``f1 = 2pr/(p+r)`` (0 when ``p + r`` is 0), all as fractions (TextEE multiplies by 100).

    >>> TextEEPRF().f1, TextEEPRF(1, 2, 0).precision
    (0.0, 0.3333333333333333)
    """

    @property
    def precision(self) -> float:
        return _safe_div(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return _safe_div(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return _safe_div(2 * p * r, p + r)

    @staticmethod
    def f1_array(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> np.ndarray:
        import numpy as np

        tp = tp.astype(float)
        with np.errstate(divide="ignore", invalid="ignore"):
            p = np.where(tp + fp > 0, tp / np.where(tp + fp > 0, tp + fp, 1), 0.0)
            r = np.where(tp + fn > 0, tp / np.where(tp + fn > 0, tp + fn, 1), 0.0)
            return np.where(p + r > 0, 2 * p * r / np.where(p + r > 0, p + r, 1), 0.0)


def total(counts: Iterable[PRF], kind: type[PRF] = PRF) -> PRF:
    """The micro sum of ``counts`` (an empty iterable gives an empty ``kind``)."""
    result = kind()
    for c in counts:
        result = result + c
    return result


def macro_f1(per_label: Mapping[str, PRF]) -> float | None:
    """Mean F1 over the labels given (those present in gold or prediction); None when there are
    none.

    >>> macro_f1({"A": PRF(1, 0, 0), "B": PRF(0, 1, 1)})
    0.5
    """
    if not per_label:
        return None
    return sum(c.f1 for c in per_label.values()) / len(per_label)
