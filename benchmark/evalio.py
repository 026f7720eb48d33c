"""File access of the evaluation commands: submissions as a byte stream, gold files, metadata.

Kept apart from the scoring logic (which never touches the filesystem); general JSON helpers live
in :mod:`benchmark.io`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .errors import BenchmarkError
from .gcpause import gc_paused
from .goldset import GoldSet
from .io import file_sha256, read_gold_jsonl, read_json
from .report import system_metadata
from .schema import Document
from .submission import MAX_LINE_BYTES, RawLine, Validation, validate_submission


def iter_raw_lines(path: Path, max_line_bytes: int | None = None) -> Iterator[RawLine]:
    """The lines of ``path`` as bytes, streaming; an over-long line is cut (its length is kept).

    At most ``max_line_bytes + 2`` bytes of a line are ever held in memory (default
    :data:`~benchmark.submission.MAX_LINE_BYTES`), however long the line is.
    """
    limit = (max_line_bytes or MAX_LINE_BYTES) + 2
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise BenchmarkError(f"{path}: file not found") from None
    with handle:
        number = 0
        while chunk := handle.readline(limit):
            number += 1
            data, length = chunk, len(chunk)
            while len(chunk) == limit and not chunk.endswith(b"\n"):
                chunk = handle.readline(limit)
                length += len(chunk)
            yield RawLine(number, data, length)


def read_submission(path: Path, gold: GoldSet, *, max_line_bytes: int | None = None
                    ) -> Validation:
    """Validate the submission file at ``path`` against ``gold`` (streaming); a line longer than
    ``max_line_bytes`` (default :data:`~benchmark.submission.MAX_LINE_BYTES`) is refused (S106)."""
    with gc_paused():
        return validate_submission(iter_raw_lines(path, max_line_bytes), gold,
                                   max_line_bytes=max_line_bytes)


def _check_gold_offsets(documents: list[Document], path: Path) -> None:
    for doc in documents:
        for i, ev in enumerate(doc.events):
            spans = [("trigger", ev.trigger)] + [(f"arguments[{j}]", a.span)
                                                 for j, a in enumerate(ev.arguments)]
            for name, span in spans:
                if not (0 <= span.start < span.end <= len(doc.text)) or \
                        doc.text[span.start:span.end] != span.text:
                    raise BenchmarkError(
                        f"{path}: doc {doc.doc_id!r} · events[{i}].{name}: offsets "
                        f"{span.start}-{span.end} do not give the span text {span.text!r}; "
                        "a gold file must be consistent (run `eventbench check` on its source)")


def gold_from_file(path: Path) -> GoldSet:
    """A gold set from any gold JSON Lines file; its hash is the file's sha256."""
    with gc_paused():
        documents = read_gold_jsonl(path)
        _check_gold_offsets(documents, path)
    return GoldSet(tuple(documents), file_sha256(path), f"file:{path.name}")


def read_metadata(path: Path) -> dict[str, Any]:
    return system_metadata(read_json(path), str(path))
