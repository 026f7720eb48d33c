"""PRF: counts are the primitive; the 0/0 policy; TextEE's ratios."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchmark.prf import PRF, TextEEPRF, macro_f1, total

counts = st.integers(0, 50)


def test_derived_ratios():
    c = PRF(3, 1, 2)
    assert (c.precision, c.recall, c.f1) == (0.75, 0.6, 6 / 9)
    assert c.to_dict() == {"tp": 3, "fp": 1, "fn": 2, "precision": 0.75, "recall": 0.6,
                           "f1": 6 / 9}


@pytest.mark.parametrize("c, expected", [
    (PRF(0, 0, 0), (1.0, 1.0, 1.0)),  # nothing to find, nothing claimed
    (PRF(0, 0, 3), (0.0, 0.0, 0.0)),  # nothing predicted
    (PRF(0, 3, 0), (0.0, 0.0, 0.0)),  # nothing to find, something claimed
    (PRF(0, 2, 3), (0.0, 0.0, 0.0)),
])
def test_zero_division_policy(c, expected):
    assert (c.precision, c.recall, c.f1) == expected


def test_textee_ratios():
    assert (TextEEPRF().precision, TextEEPRF().recall, TextEEPRF().f1) == (0.0, 0.0, 0.0)
    c = TextEEPRF(2, 1, 3)
    p, r = 2 / 3, 2 / 5
    assert c.f1 == 2 * p * r / (p + r)


def test_addition_keeps_the_kind_and_refuses_mixing():
    assert PRF(1, 2, 3) + PRF(1, 1, 1) == PRF(2, 3, 4)
    assert isinstance(TextEEPRF(1, 0, 0) + TextEEPRF(0, 1, 0), TextEEPRF)
    with pytest.raises(TypeError):
        _ = PRF(1, 0, 0) + TextEEPRF(1, 0, 0)
    assert total([], TextEEPRF) == TextEEPRF()


def test_macro():
    assert macro_f1({}) is None
    assert macro_f1({"A": PRF(1, 0, 0), "B": PRF(0, 0, 1)}) == 0.5


@given(st.lists(st.tuples(counts, counts, counts), min_size=1, max_size=20))
def test_vectorised_f1_equals_scalar(rows):
    arr = np.array(rows, dtype=np.int64)
    for kind in (PRF, TextEEPRF):
        vec = kind.f1_array(arr[:, 0], arr[:, 1], arr[:, 2])
        assert list(vec) == [kind(*r).f1 for r in rows]


@given(counts, counts, counts)
def test_f1_is_harmonic_mean(tp, fp, fn):
    c = PRF(tp, fp, fn)
    assert 0.0 <= c.f1 <= 1.0
    if tp:
        assert c.f1 == pytest.approx(2 * c.precision * c.recall / (c.precision + c.recall))
