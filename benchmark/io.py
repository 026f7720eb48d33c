"""The one module that reads and writes project files (JSON Lines, JSON, text).

Writes are atomic (temporary file + rename) so that an interrupted run never leaves a half-written
file where a complete one is expected.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .errors import BenchmarkError
from .schema import Document, document_from_dict


def file_sha256(path: Path) -> str:
    """sha256 of a file, read in blocks; a missing file is a :class:`BenchmarkError`."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except FileNotFoundError:
        raise BenchmarkError(f"{path}: file not found") from None
    return digest.hexdigest()


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def dumps_json(obj: Any) -> str:
    """Canonical JSON for files the project writes: UTF-8, sorted nowhere (order is the schema's)."""
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


def write_json(path: Path, obj: Any) -> None:
    atomic_write_text(path, dumps_json(obj))


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BenchmarkError(f"{path}: file not found") from None
    except json.JSONDecodeError as exc:
        raise BenchmarkError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg}") from None


def jsonl_line(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n"


def write_jsonl(path: Path, rows: Iterable[Any]) -> None:
    atomic_write_text(path, "".join(jsonl_line(r) for r in rows))


def iter_jsonl(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, parsed object) for each non-blank line; raises BenchmarkError on bad JSON."""
    try:
        handle = path.open(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BenchmarkError(f"{path}: file not found") from None
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as exc:
                raise BenchmarkError(f"{path}:{number}: invalid JSON: {exc.msg}") from None


def read_gold_jsonl(path: Path) -> list[Document]:
    """Gold documents (format v1) from a JSON Lines file, e.g. a private test set."""
    documents, seen = [], set()
    for number, obj in iter_jsonl(path):
        document = document_from_dict(obj, where=f"{path}:{number}")
        if document.doc_id in seen:
            raise BenchmarkError(f"{path}:{number}: duplicate doc_id {document.doc_id!r}")
        seen.add(document.doc_id)
        documents.append(document)
    return documents


def write_gold_jsonl(path: Path, documents: Iterable[Document]) -> None:
    write_jsonl(path, (d.to_dict() for d in documents))
