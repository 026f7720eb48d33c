"""docs/metrics.md documents what the code does: every level, code, reason and strip word."""

from __future__ import annotations

from pathlib import Path

from benchmark.error_analysis import REASONS
from benchmark.lenient import STRIP_WORDS
from benchmark.scoring import DEFAULT_BOOTSTRAP, DEFAULT_SEED, LEVELS, SCORER_VERSION
from benchmark.submission import CODES, WARNINGS
from benchmark.textee import METRICS

DOC = (Path(__file__).resolve().parent.parent / "docs" / "metrics.md").read_text(encoding="utf-8")


def test_levels_and_textee_metrics_are_documented():
    for name in (*LEVELS, *METRICS):
        assert f"`{name}`" in DOC, name


def test_every_validator_code_is_documented():
    for code in CODES:
        marker = f"| {code} W |" if code in WARNINGS else f"| {code} |"
        assert marker in DOC, code


def test_reasons_and_strip_words_are_documented():
    for reason in REASONS:
        assert f"`{reason}`" in DOC, reason
    words = set(DOC.split("Strip list")[1].split("Items with equal keys")[0]
                .replace(":", " ").split())
    assert {w.casefold() for w in STRIP_WORDS} <= {w.casefold() for w in words}


def test_versions_and_defaults_are_documented():
    assert f"scorer version {SCORER_VERSION}" in DOC
    assert f"seed `{DEFAULT_SEED}`" in DOC and f"`B = {DEFAULT_BOOTSTRAP}`" in DOC
