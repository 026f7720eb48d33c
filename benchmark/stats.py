"""Corpus statistics: pure counting over compiled documents and their splits."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from .ontology import CHANGE, EVIDENTIALITY, MODALITY, ROLE_NAMES, TYPE_NAMES
from .schema import Document

SPLIT_ORDER = ("train", "validation", "test")


def _block(documents: Iterable[Document]) -> dict:
    documents = list(documents)
    types, roles = Counter(), Counter()
    modality, evidentiality, change = Counter(), Counter(), Counter()
    arguments = clusters = 0
    for doc in documents:
        seen_clusters = set()
        for event in doc.events:
            types[event.type] += 1
            modality[event.modality] += 1
            evidentiality[event.evidentiality] += 1
            change[event.change] += 1
            arguments += len(event.arguments)
            roles.update(a.role for a in event.arguments)
            seen_clusters.add(event.cluster if event.cluster is not None else ("single", event.id))
        clusters += len(seen_clusters)
    return {
        "documents": len(documents),
        "events": sum(types.values()),
        "arguments": arguments,
        "event_clusters": clusters,
        "types": {t: types[t] for t in TYPE_NAMES},
        "roles": {r: roles[r] for r in ROLE_NAMES},
        "modality": {v: modality[v] for v in MODALITY},
        "evidentiality": {v: evidentiality[v] for v in EVIDENTIALITY},
        "change": {v: change[v] for v in CHANGE},
    }


def corpus_stats(documents: Iterable[Document], splits: Mapping[str, str]) -> dict:
    """Counts for the whole corpus, per split, and per source (subset).

    >>> corpus_stats([], {})["all"]["documents"]
    0
    """
    documents = list(documents)
    return {
        "all": _block(documents),
        "splits": {s: _block(d for d in documents if splits.get(d.doc_id) == s)
                   for s in SPLIT_ORDER},
        "sources": {src: _block(d for d in documents if d.source == src)
                    for src in sorted({d.source for d in documents})},
    }


MISSION_TYPES = ("ORDER", "AUTHORIZATION", "PRODUCTION", "EXPORT", "DELIVERY")


def corpus_targets(stats: dict) -> list[tuple[str, str, bool]]:
    """The corpus v1 targets (issue "Corpus v1") as (target, measured, met).

    >>> [met for _, _, met in corpus_targets(corpus_stats([], {}))]
    [False, False, False, False]
    """
    news = stats["sources"].get("10kGNAD", {"documents": 0})["documents"]
    events = stats["all"]["events"]
    missing = [f"{t}@{s}" for s, block in stats["splits"].items() for t, n in block["types"].items()
               if n == 0]
    thin = {t: stats["all"]["types"][t] for t in MISSION_TYPES if stats["all"]["types"][t] < 40}
    return [
        ("≥ 150 news articles (10kGNAD)", str(news), news >= 150),
        ("≥ 3,000 event mentions", str(events), events >= 3000),
        ("every type in every split", "all present" if not missing
         else f"{len(missing)} missing (e.g. {', '.join(missing[:4])})", not missing),
        ("≥ 40 mentions each of " + ", ".join(MISSION_TYPES),
         "all ≥ 40" if not thin else ", ".join(f"{t} {n}" for t, n in thin.items()), not thin),
    ]
