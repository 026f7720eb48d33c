"""EventBench-DE: event extraction from German news on arms, diplomacy and security.

Public API::

    import benchmark
    docs = benchmark.load("documents", split="validation")   # a datasets.Dataset
    gold = benchmark.load_gold("test")                        # list[benchmark.Document]
"""

from __future__ import annotations

BENCHMARK_VERSION = "0.1.0"

from .errors import BenchmarkError, Issue  # noqa: E402
from .ontology import EVENT_TYPES, ONTOLOGY_VERSION  # noqa: E402
from .schema import FORMAT_VERSION, Argument, Document, Event, Span  # noqa: E402


def load(config: str = "documents", split: str | None = None, **kwargs):
    """Load the dataset (building it first when missing or stale); see :func:`benchmark.dataset.load`."""
    from .dataset import load as _load

    return _load(config=config, split=split, **kwargs)


def load_gold(split: str, **kwargs) -> list[Document]:
    """Gold documents of one split as :class:`Document` objects; see :func:`benchmark.dataset.load_gold`."""
    from .dataset import load_gold as _load_gold

    return _load_gold(split, **kwargs).documents


def score(gold, submission, *, spec=None):
    """Score a validated submission against gold; see :func:`benchmark.scoring.score`."""
    from .scoring import score as _score

    return _score(gold, submission, spec=spec)


__all__ = [
    "BENCHMARK_VERSION", "FORMAT_VERSION", "ONTOLOGY_VERSION", "EVENT_TYPES", "Argument",
    "BenchmarkError", "Document", "Event", "Issue", "Span", "load", "load_gold", "score",
]
