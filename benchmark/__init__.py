"""EventBench-DE: event extraction from German news on arms, diplomacy and security.

Public API::

    import benchmark
    docs = benchmark.load("documents", split="validation")    # datasets.Dataset (typed)
    gold = benchmark.load_gold("test")                         # GoldSet: documents + dataset hash
    checked = benchmark.read_submission("preds.jsonl", gold)   # Validation: .ok, .issues, .submission
    report = benchmark.score(gold, checked.submission, spec=benchmark.ScoringSpec(mode="strict"))
    report.levels["argument_classification_attached"].micro.f1

Heavy modules (datasets, numpy) are imported only when their function is first used.
"""

from __future__ import annotations

BENCHMARK_VERSION = "0.1.0"

from .errors import BenchmarkError, Issue  # noqa: E402
from .goldset import GoldSet  # noqa: E402
from .ontology import EVENT_TYPES, ONTOLOGY_VERSION  # noqa: E402
from .schema import FORMAT_VERSION, Argument, Document, Event, Span  # noqa: E402

_LAZY = {
    "load": ("dataset", "load"),
    "load_gold": ("dataset", "load_gold"),
    "build_dataset": ("dataset", "build_dataset"),
    "gold_from_file": ("evalio", "gold_from_file"),
    "read_submission": ("evalio", "read_submission"),
    "submission_from_dicts": ("submission", "submission_from_dicts"),
    "score": ("scoring", "score"),
    "ScoringSpec": ("scoring", "ScoringSpec"),
    "ScoreReport": ("scoring", "ScoreReport"),
    "SCORER_VERSION": ("scoring", "SCORER_VERSION"),
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        module, attribute = _LAZY[name]
        return getattr(importlib.import_module(f".{module}", __name__), attribute)
    raise AttributeError(f"module 'benchmark' has no attribute {name!r}")


__all__ = [
    "BENCHMARK_VERSION", "FORMAT_VERSION", "ONTOLOGY_VERSION", "EVENT_TYPES", "Argument",
    "BenchmarkError", "Document", "Event", "GoldSet", "Issue", "Span", *_LAZY,
]
