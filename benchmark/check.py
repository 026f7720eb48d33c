"""``eventbench check``: validate annotation files (the whole corpus, or files named by the user)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .annotations import annotation_files, load_corpus, read_annotation_file
from .errors import Issue


@dataclass(frozen=True)
class CheckResult:
    files: int
    documents: int
    events: int
    issues: tuple[Issue, ...]


def check_annotations(files: list[Path], annotations: Path, sources: Path) -> CheckResult:
    """Check ``files`` (or, when empty, the whole corpus including the splits file)."""
    if not files:
        corpus = load_corpus(annotations, sources)
        return CheckResult(len(annotation_files(annotations)), len(corpus.documents),
                           sum(len(d.document.events) for d in corpus.documents), corpus.issues)
    issues: list[Issue] = []
    documents = events = 0
    for path in files:
        result = read_annotation_file(path, str(path), annotations=annotations, sources=sources)
        issues.extend(result.issues)
        if result.compiled is not None:
            documents += 1
            events += len(result.compiled.document.events)
    return CheckResult(len(files), documents, events, tuple(issues))
