"""Round trips gold → format → gold, and how much of the corpus survives them unchanged.

For each format the check is twofold: the documents read back equal the originals *as far as the
format holds them* (``projection``), and whatever differs from the originals is exactly what the
conversion report counted as dropped. ``eventbench convert roundtrip`` prints these figures.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..annotations import MAX_LITERAL, compile_annotation
from ..errors import BenchmarkError
from ..schema import Document, Event
from ..sources import SOURCE_KINDS
from ..yamlsource import parse_yaml
from . import brat, textee
from .common import ConversionReport


@dataclass(frozen=True)
class RoundTrip:
    """Figures of one format's round trip over a set of documents (fractions, not percentages)."""

    format: str
    documents: int
    events: int
    arguments: int
    documents_identical: int  # equal to the original in every field
    events_identical: int
    events_spans_identical: int  # same id, type, trigger span and (role, span) of every argument
    projection_failures: tuple[str, ...]  # doc_ids whose round trip differs from the projection
    report: ConversionReport

    @property
    def held_exactly(self) -> bool:
        """True when everything the format can hold came back unchanged."""
        return not self.projection_failures

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": self.format, "documents": self.documents, "events": self.events,
            "arguments": self.arguments,
            "documents_identical": self.documents_identical,
            "documents_identical_fraction": self.documents_identical / self.documents
            if self.documents else 1.0,
            "events_identical": self.events_identical,
            "events_identical_fraction": self.events_identical / self.events if self.events
            else 1.0,
            "events_spans_identical": self.events_spans_identical,
            "events_spans_identical_fraction": self.events_spans_identical / self.events
            if self.events else 1.0,
            "held_exactly": self.held_exactly,
            "projection_failures": list(self.projection_failures),
            "dropped": self.report.to_dict()["dropped"],
        }


def via_brat(doc: Document, report: ConversionReport) -> Document:
    ann = brat.document_to_brat(doc, report)
    return brat.brat_to_document(ann, doc.text, brat.document_meta(doc), ConversionReport("brat"),
                                 label=doc.doc_id)


def via_brat_yaml(doc: Document, report: ConversionReport) -> Document:
    """gold → BRAT → annotation source (YAML) → compiled by the annotation checker."""
    back = via_brat(doc, report)
    limit = MAX_LITERAL if doc.source == "10kGNAD" else None
    source = brat.document_to_yaml(back, 0 if doc.source == "10kGNAD" else "x.txt",
                                   max_literal=limit)
    compiled, issues = compile_annotation(parse_yaml(source), doc.text, doc.doc_id)
    if compiled is None:
        raise BenchmarkError(f"doc {doc.doc_id!r}: the YAML written from BRAT does not compile: "
                             + "; ".join(i.render() for i in issues[:5]))
    return compiled


def via_textee(doc: Document, report: ConversionReport) -> Document:
    return textee.textee_to_document(textee.document_to_textee(doc, report))


def _spans(event: Event) -> tuple:
    return (event.id, event.type, event.trigger, tuple((a.role, a.span) for a in event.arguments))


#: format -> (round trip, projection, which documents it applies to). The annotation source format
#: only holds documents of the project's sources (10kGNAD, seed, authored).
FORMATS: dict[str, tuple[Callable[[Document, ConversionReport], Document],
                         Callable[[Document], Document], Callable[[Document], bool]]] = {
    "brat": (via_brat, lambda d: d, lambda d: True),
    "brat+yaml": (via_brat_yaml, lambda d: d, lambda d: d.source in SOURCE_KINDS),
    "textee": (via_textee, textee.textee_projection, lambda d: True),
}


def round_trip(documents: Sequence[Document], fmt: str) -> RoundTrip:
    """Convert every document ``fmt`` applies to and back; compare with the original and its
    projection."""
    convert, project, applies = FORMATS[fmt]
    documents = [d for d in documents if applies(d)]
    report = ConversionReport(fmt)
    docs_same = events_same = spans_same = 0
    failures = []
    for doc in documents:
        back = convert(doc, report)
        docs_same += back == doc
        events_same += sum(a == b for a, b in zip(back.events, doc.events))
        spans_same += sum(_spans(a) == _spans(b) for a, b in zip(back.events, doc.events))
        if back != project(doc):
            failures.append(doc.doc_id)
    return RoundTrip(fmt, len(documents), report.events, report.arguments, docs_same, events_same,
                     spans_same, tuple(failures), report)
