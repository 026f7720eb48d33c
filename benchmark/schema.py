"""The domain model: typed, frozen dataclasses for gold documents (format v1).

The JSON shape is fixed by ``shared/spec/formats-v1.md``; :func:`document_from_dict` and
:meth:`Document.to_dict` are its only readers and writers, so the key order of every gold file the
project writes is the order written there.

>>> span = Span(0, 9, "Nordkorea")
>>> span.to_dict()
{'start': 0, 'end': 9, 'text': 'Nordkorea'}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .errors import BenchmarkError
from .ontology import ATTRIBUTE_DEFAULTS

FORMAT_VERSION = "1"

GOLD_DOCUMENT_KEYS = ("doc_id", "source", "license", "lang", "dct", "title", "text", "events")
GOLD_EVENT_KEYS = (
    "id", "type", "trigger", "arguments", "modality", "evidentiality", "change", "cluster",
)
GOLD_ARGUMENT_KEYS = ("role", "start", "end", "text", "value")


@dataclass(frozen=True, order=True)
class Span:
    """A contiguous character span; ``end`` is exclusive, offsets index the NFC text."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Argument:
    role: str
    span: Span
    value: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"role": self.role, **self.span.to_dict(), "value": self.value}


@dataclass(frozen=True)
class Event:
    id: str
    type: str
    trigger: Span
    arguments: tuple[Argument, ...] = ()
    modality: str = ATTRIBUTE_DEFAULTS["modality"]
    evidentiality: str = ATTRIBUTE_DEFAULTS["evidentiality"]
    change: str = ATTRIBUTE_DEFAULTS["change"]
    cluster: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "trigger": self.trigger.to_dict(),
            "arguments": [a.to_dict() for a in self.arguments],
            "modality": self.modality,
            "evidentiality": self.evidentiality,
            "change": self.change,
            "cluster": self.cluster,
        }


@dataclass(frozen=True)
class Document:
    doc_id: str
    source: str
    license: str
    lang: str
    dct: str | None
    title: str | None
    text: str
    events: tuple[Event, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "source": self.source,
            "license": self.license,
            "lang": self.lang,
            "dct": self.dct,
            "title": self.title,
            "text": self.text,
            "events": [e.to_dict() for e in self.events],
        }


def _require(obj: Any, key: str, kind: type | tuple[type, ...], where: str, nullable: bool = False):
    if not isinstance(obj, dict) or key not in obj:
        raise BenchmarkError(f"{where}: missing field {key!r}")
    value = obj[key]
    if value is None and nullable:
        return None
    if not isinstance(value, kind) or isinstance(value, bool) and kind is int:
        raise BenchmarkError(f"{where}.{key}: expected {getattr(kind, '__name__', kind)}, got {value!r}")
    return value


def _span_from_dict(obj: Any, where: str) -> Span:
    return Span(_require(obj, "start", int, where), _require(obj, "end", int, where),
                _require(obj, "text", str, where))


def document_from_dict(obj: Any, where: str = "document") -> Document:
    """Read one gold document in format v1; raises :class:`BenchmarkError` naming the bad field.

    Only structure is checked here; :func:`benchmark.goldcheck.check_gold_document` checks the
    inventory and the offsets.
    """
    if not isinstance(obj, dict):
        raise BenchmarkError(f"{where}: expected a JSON object, got {type(obj).__name__}")
    unknown = sorted(set(obj) - set(GOLD_DOCUMENT_KEYS))
    if unknown:
        raise BenchmarkError(f"{where}: unknown field(s) {', '.join(map(repr, unknown))}; "
                             f"a gold document has {', '.join(GOLD_DOCUMENT_KEYS)}")
    doc_id = _require(obj, "doc_id", str, where)
    where = f"{where} · doc {doc_id!r}"
    events = []
    for i, ev in enumerate(_require(obj, "events", list, where)):
        ew = f"{where} · events[{i}]"
        if not isinstance(ev, dict):
            raise BenchmarkError(f"{ew}: expected an object")
        unknown = sorted(set(ev) - set(GOLD_EVENT_KEYS))
        if unknown:
            raise BenchmarkError(f"{ew}: unknown field(s) {', '.join(map(repr, unknown))}")
        arguments = []
        for j, arg in enumerate(_require(ev, "arguments", list, ew)):
            aw = f"{ew}.arguments[{j}]"
            unknown = sorted(set(arg) - set(GOLD_ARGUMENT_KEYS)) if isinstance(arg, dict) else []
            if unknown:
                raise BenchmarkError(f"{aw}: unknown field(s) {', '.join(map(repr, unknown))}")
            arguments.append(Argument(_require(arg, "role", str, aw), _span_from_dict(arg, aw),
                                      arg.get("value") if isinstance(arg, dict) else None))
        events.append(Event(
            id=_require(ev, "id", str, ew),
            type=_require(ev, "type", str, ew),
            trigger=_span_from_dict(_require(ev, "trigger", dict, ew), f"{ew}.trigger"),
            arguments=tuple(arguments),
            modality=_require(ev, "modality", str, ew),
            evidentiality=_require(ev, "evidentiality", str, ew),
            change=_require(ev, "change", str, ew),
            cluster=_require(ev, "cluster", str, ew, nullable=True),
        ))
    return Document(
        doc_id=doc_id,
        source=_require(obj, "source", str, where),
        license=_require(obj, "license", str, where),
        lang=_require(obj, "lang", str, where),
        dct=_require(obj, "dct", str, where, nullable=True),
        title=_require(obj, "title", str, where, nullable=True),
        text=_require(obj, "text", str, where),
        events=tuple(events),
    )
