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
