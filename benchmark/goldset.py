"""A gold standard to score against: documents plus the identity of the data they came from."""

from __future__ import annotations

from dataclasses import dataclass

from .schema import Document


@dataclass(frozen=True)
class GoldSet:
    """Gold documents with the dataset content hash and the split name they were read from.

    ``dataset_hash`` is the built dataset's content hash for a built split, or the sha256 of the
    file for a user-supplied gold file (``split`` is then ``"file:<name>"``).
    """

    documents: tuple[Document, ...]
    dataset_hash: str
    split: str
