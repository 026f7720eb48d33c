"""Writing ``annotations/splits.yaml`` (reading it is in :mod:`benchmark.annotations`)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from .annotations import SPLITS
from .io import atomic_write_text

HEADER = """# Split membership, fixed once drawn (never re-drawn per build). A document belongs to one split.
# New documents are added by `eventbench splits assign` (stratified by event type per source);
# existing entries never move.
splits_version: 1
"""


def render_splits(assignment: Mapping[str, str]) -> str:
    """The splits file for ``assignment`` (doc_id -> split), doc_ids sorted within each split.

    >>> print(render_splits({"b": "test", "a": "test"}).split("splits_version: 1")[1].strip())
    train: []
    validation: []
    test:
      - a
      - b
    """
    body = HEADER
    for split in SPLITS:
        members = sorted(d for d, s in assignment.items() if s == split)
        body += f"{split}:" + ("".join(f"\n  - {d}" for d in members) if members else " []") + "\n"
    return body


def write_splits(path: Path, assignment: Mapping[str, str]) -> None:
    atomic_write_text(path, render_splits(assignment))
