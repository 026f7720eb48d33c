"""What every converter shares: the report of what a conversion dropped.

A conversion never loses information silently: whatever the target format cannot hold is counted
per kind in a :class:`ConversionReport` (with the first place it happened), and the CLI prints it.

>>> report = ConversionReport("textee")
>>> report.document(); report.drop("event.modality", "doc 'd' · E1")
>>> report.lossless, report.dropped["event.modality"]
(False, 1)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..ontology import ATTRIBUTE_DEFAULTS
from ..schema import Argument, Document, Event, Span

#: Every kind of loss a converter can report, with what it means.
DROP_KINDS: Mapping[str, str] = {
    "document.source": "the document's source and licence (the format has no place for them)",
    "document.dct": "the document creation time",
    "document.title": "the document title",
    "event.modality": "a modality other than the default ASSERTED",
    "event.evidentiality": "an evidentiality other than the default DIRECT",
    "event.change": "a change other than the default NONE",
    "event.cluster": "a coreference cluster id",
    "event.id": "the event id (a new one was numbered)",
    "argument.value": "the TIMEX3 value of a Time argument",
    "trigger.inside_token": "a trigger boundary inside a token (widened to whole tokens)",
    "argument.inside_token": "an argument boundary inside a token (widened to whole tokens)",
    "span.unaligned": "a predicted span given by text that occurs nowhere in the document",
    "span.discontinuous": "a discontinuous BRAT span (joined into one span from its first to its "
                          "last character)",
    "brat.ignored_line": "a BRAT line of a kind EventBench-DE has no use for (relation, equivalence, "
                         "normalisation, note other than a TIMEX value)",
    "brat.unused_entity": "a BRAT text-bound annotation that is no event's trigger or argument",
    "event.no_plover_category": "an event whose type has no PLOVER category in the ontology mapping",
    "event.no_actor": "an event without an actor-like argument (written with actor null)",
}


@dataclass
class ConversionReport:
    """Counts of one conversion: documents, events and arguments read, and what was dropped."""

    format: str
    documents: int = 0
    events: int = 0
    arguments: int = 0
    dropped: Counter = field(default_factory=Counter)
    first: dict[str, str] = field(default_factory=dict)  # kind -> first location

    def document(self, doc: Document | None = None) -> None:
        self.documents += 1
        if doc is not None:
            self.events += len(doc.events)
            self.arguments += sum(len(e.arguments) for e in doc.events)

    def drop(self, kind: str, where: str, count: int = 1) -> None:
        if kind not in DROP_KINDS:
            raise ValueError(f"unknown drop kind {kind!r}")
        self.dropped[kind] += count
        self.first.setdefault(kind, where)

    @property
    def lossless(self) -> bool:
        return not any(self.dropped.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "documents": self.documents,
            "events": self.events,
            "arguments": self.arguments,
            "lossless": self.lossless,
            "dropped": {k: {"count": self.dropped[k], "meaning": DROP_KINDS[k],
                            "first": self.first[k]}
                        for k in DROP_KINDS if self.dropped.get(k)},
        }


def event_where(doc: Document, event: Event) -> str:
    return f"doc {doc.doc_id!r} · event {event.id}"


def drop_attributes(doc: Document, event: Event, report: ConversionReport, *,
                    keep_cluster: bool = False, keep_values: bool = False) -> None:
    """Count the attributes of ``event`` that differ from their defaults (they will be lost)."""
    where = event_where(doc, event)
    for name, default in ATTRIBUTE_DEFAULTS.items():
        if getattr(event, name) != default:
            report.drop(f"event.{name}", where)
    if event.cluster is not None and not keep_cluster:
        report.drop("event.cluster", where)
    if not keep_values:
        for arg in event.arguments:
            if arg.value is not None:
                report.drop("argument.value", f"{where} · {arg.role}")


def plain_event(event: Event) -> Event:
    """``event`` with the attributes, cluster and TIMEX values a plain span format cannot hold."""
    return Event(event.id, event.type, event.trigger,
                 tuple(Argument(a.role, a.span, None) for a in event.arguments))


def span_of(text: str, start: int, end: int) -> Span:
    return Span(start, end, text[start:end])
