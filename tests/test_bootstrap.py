"""Bootstrap intervals and the paired test."""

from __future__ import annotations

import numpy as np

from benchmark.bootstrap import (
    paired_bootstrap,
    percentile_interval,
    replicate_f1,
    resample_weights,
)
from benchmark.prf import PRF

DOCS = [PRF(3, 1, 0), PRF(0, 2, 2), PRF(5, 0, 1), PRF(1, 1, 1), PRF(2, 0, 0)]


def test_weights_are_a_fixed_resample():
    w = resample_weights(5, 200, seed=7)
    assert w.shape == (200, 5) and (w.sum(axis=1) == 5).all()
    assert (w == resample_weights(5, 200, seed=7)).all()
    assert not (w == resample_weights(5, 200, seed=8)).all()


def test_vectorised_replicates_equal_a_loop():
    rng = np.random.default_rng(3)
    idx = rng.integers(0, len(DOCS), size=(50, len(DOCS)))
    loop = []
    for row in idx:
        c = sum((DOCS[i] for i in row), PRF())
        loop.append(c.f1)
    w = resample_weights(len(DOCS), 50, seed=3)
    assert list(replicate_f1(DOCS, w, PRF.f1_array)) == loop


def test_interval_contains_the_estimate():
    point = sum(DOCS, PRF()).f1
    lo, hi = percentile_interval(replicate_f1(DOCS, resample_weights(5, 1000, 1),
                                              PRF.f1_array), 0.95)
    assert lo <= point <= hi


def test_paired_identical_systems():
    c = paired_bootstrap(DOCS, DOCS, f1_a=0.5, f1_b=0.5, samples=300, seed=1, confidence=0.95)
    assert (c.delta, c.ci_low, c.ci_high, c.p_value) == (0.0, 0.0, 0.0, 1.0)


def test_paired_clear_difference_is_significant():
    good = [PRF(5, 0, 0)] * 30
    bad = [PRF(1, 4, 4)] * 30
    c = paired_bootstrap(good, bad, f1_a=sum(good, PRF()).f1, f1_b=sum(bad, PRF()).f1,
                         samples=500, seed=1, confidence=0.95)
    assert c.delta > 0.5 and c.ci_low > 0 and c.p_value < 0.01


def test_no_samples():
    c = paired_bootstrap(DOCS, DOCS[::-1], f1_a=0.6, f1_b=0.4, samples=0, seed=1,
                         confidence=0.95)
    assert c.p_value == 1.0 and c.ci_low == c.ci_high == c.delta


def test_compare_reports_over_all_levels():
    import pytest
    from test_scoring import E1, E2, GOLD

    from benchmark.bootstrap import compare_reports
    from benchmark.scoring import ScoringSpec, score
    from benchmark.submission import submission_from_dicts

    spec = ScoringSpec(bootstrap=0)
    a = score(GOLD, submission_from_dicts([{"doc_id": "doc", "events": [E1, E2]}], GOLD), spec=spec)
    b = score(GOLD, submission_from_dicts([{"doc_id": "doc", "events": [E1]}], GOLD), spec=spec)
    out = compare_reports(a, b, samples=20, seed=1)
    assert set(out) == set(a.levels) and out["event"].delta == pytest.approx(1 - 2 / 3)
    with pytest.raises(ValueError):
        compare_reports(a, score(GOLD, submission_from_dicts([], GOLD),
                                 spec=ScoringSpec(mode="lenient", bootstrap=0)), samples=5, seed=1)
