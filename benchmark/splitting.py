"""Assigning new documents to splits: stratified, deterministic, and never moving a document.

Splits are drawn once and stored in ``annotations/splits.yaml``. When new documents are annotated,
:func:`assign_splits` places only those, keeping every earlier assignment, with iterative
stratification (Sechidis et al., 2011): documents holding the rarest event types are placed first,
each into the split that most lacks that type relative to the target proportions, so that every type
reaches every split as soon as it has enough mentions. Each source (10kGNAD news, authored reports) is
stratified on its own, since the authored subset is scored separately.

>>> from benchmark.schema import Document, Event, Span
>>> def doc(i, t): return Document(f"d{i}", "authored", "CC-BY-4.0", "de", None, None, "x",
...                               (Event("E1", t, Span(0, 1, "x")),))
>>> docs = [doc(i, t) for i, t in enumerate(["EXPORT"] * 12 + ["ATTACK"] * 8)]
>>> splits = assign_splits(docs, {"d0": "test"})
>>> "d0" in splits, Counter(splits.values())
(False, Counter({'train': 12, 'test': 4, 'validation': 3}))
>>> sorted({(docs[int(d[1:])].events[0].type, s) for d, s in splits.items()})[:3]
[('ATTACK', 'test'), ('ATTACK', 'train'), ('ATTACK', 'validation')]
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence

from .schema import Document

SPLIT_TARGETS: Mapping[str, float] = {"train": 0.60, "validation": 0.15, "test": 0.25}


def _stable_order(doc_id: str, seed: int) -> str:
    return hashlib.sha256(f"{seed}:{doc_id}".encode()).hexdigest()


def assign_splits(documents: Sequence[Document], existing: Mapping[str, str], *,
                  seed: int = 2026) -> dict[str, str]:
    """Splits for the documents not in ``existing``; earlier assignments are never changed."""
    assigned: dict[str, str] = {}
    for source in sorted({d.source for d in documents}):
        pool = [d for d in documents if d.source == source]
        assigned.update(_assign_source(pool, existing, seed))
    return assigned


def _assign_source(pool: Sequence[Document], existing: Mapping[str, str], seed: int) -> dict[str, str]:
    type_totals = Counter(e.type for d in pool for e in d.events)
    doc_types = {d.doc_id: Counter(e.type for e in d.events) for d in pool}
    have_types = {s: Counter() for s in SPLIT_TARGETS}
    have_docs = Counter()
    for d in pool:
        if d.doc_id in existing and existing[d.doc_id] in SPLIT_TARGETS:
            split = existing[d.doc_id]
            have_types[split].update(doc_types[d.doc_id])
            have_docs[split] += 1
    new = [d for d in pool if d.doc_id not in existing]
    total_docs = len(pool)
    result: dict[str, str] = {}

    def rarity(d: Document) -> tuple:
        types = doc_types[d.doc_id]
        rarest = min((type_totals[t] for t in types), default=10**9)
        return (rarest, _stable_order(d.doc_id, seed))

    for d in sorted(new, key=rarity):
        types = doc_types[d.doc_id]
        rarest = min(types, key=lambda t: (type_totals[t], t)) if types else None

        needs = {}
        for candidate, share in SPLIT_TARGETS.items():
            doc_need = share * total_docs - have_docs[candidate]
            if rarest is None:
                needs[candidate] = (doc_need, share)
            else:
                type_need = share * type_totals[rarest] - have_types[candidate][rarest]
                needs[candidate] = (type_need, doc_need, share)
        split = max(SPLIT_TARGETS, key=needs.__getitem__)
        result[d.doc_id] = split
        have_types[split].update(types)
        have_docs[split] += 1
    return result
