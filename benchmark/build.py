"""Turning compiled documents into the rows of the dataset's configs (pure: data in, data out)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .schema import Document
from .tokens import bio_tags, split_sentences

CONFIGS = ("documents", "sentences")
#: Splits of the built dataset. Authored reports are a separate subset with their own splits, so
#: that evaluation on news (the official test) never mixes with them unless asked for.
BUILT_SPLITS = ("train", "validation", "test", "authored_train", "authored_validation",
                "authored_test")


def built_split(document: Document, split: str) -> str:
    """The built split of a document assigned to ``split`` in annotations/splits.yaml.

    >>> from benchmark.schema import Document
    >>> built_split(Document("a", "authored", "CC-BY-4.0", "de", None, None, "x"), "test")
    'authored_test'
    """
    return f"authored_{split}" if document.source == "authored" else split


@dataclass(frozen=True)
class BuiltSplit:
    documents: tuple[Document, ...]
    sentence_rows: tuple[dict, ...]
    untagged_triggers: int


def sentence_rows(document: Document) -> tuple[list[dict], int]:
    rows, untagged = [], 0
    for index, sentence in enumerate(split_sentences(document.text)):
        tags, dropped = bio_tags(sentence, document.events)
        untagged += dropped
        rows.append({
            "doc_id": document.doc_id,
            "sentence_index": index,
            "start": sentence.start,
            "end": sentence.end,
            "text": document.text[sentence.start:sentence.end],
            "tokens": [t.text for t in sentence.tokens],
            "token_starts": [t.start for t in sentence.tokens],
            "token_ends": [t.end for t in sentence.tokens],
            "trigger_tags": tags,
        })
    return rows, untagged


def build_splits(documents: Iterable[Document], splits: Mapping[str, str], *,
                 redistributable_only: bool = False, redistributable=None,
                 progress=None) -> dict[str, BuiltSplit]:
    """Group documents by split (sorted by doc_id) and derive the sentence rows.

    ``redistributable`` maps a document to whether its licence allows redistribution; with
    ``redistributable_only`` the others are left out.
    """
    chosen = sorted((d for d in documents
                     if not redistributable_only or redistributable(d)), key=lambda d: d.doc_id)
    by_split: dict[str, list[Document]] = {}
    target = {doc.doc_id: built_split(doc, splits[doc.doc_id]) for doc in chosen}
    for doc in chosen:
        by_split.setdefault(target[doc.doc_id], []).append(doc)
    built = {}
    iterator = progress(chosen) if progress else chosen
    rows: dict[str, list[dict]] = {s: [] for s in by_split}
    untagged: dict[str, int] = {s: 0 for s in by_split}
    for doc in iterator:
        doc_rows, dropped = sentence_rows(doc)
        rows[target[doc.doc_id]].extend(doc_rows)
        untagged[target[doc.doc_id]] += dropped
    for split, docs in by_split.items():
        built[split] = BuiltSplit(tuple(docs), tuple(rows[split]), untagged[split])
    return built
