"""Submissions (format v1): the data model and the streaming validator.

A submission is JSON Lines, one object per document (``shared/spec/formats-v1.md``). The validator
reads it line by line, collects every problem as an :class:`~benchmark.errors.Issue` with a stable
code (:data:`CODES`), a location such as ``line 12 · doc 'x' · events[3].arguments[1].role`` and the
fix, and builds a :class:`Submission` that the scorer accepts. It looks at the gold document *texts*
(for offsets and ``doc_id`` s), never at the gold events.

>>> from benchmark.schema import Document
>>> doc = Document("d1", "test", "CC0", "de", None, None, "Berlin liefert Panzer.")
>>> line = b'{"doc_id": "d1", "events": [{"type": "DELIVERY", "trigger": {"start": 7, "end": 14}}]}'
>>> result = validate_submission([RawLine(1, line, len(line))], [doc])
>>> result.ok, result.submission.documents[0].events[0].trigger
(True, PredSpan(start=7, end=14, text=None))
>>> bad = b'{"doc_id": "d2", "events": []}'
>>> [i.code for i in validate_submission([RawLine(1, bad, len(bad))], [doc]).issues]
['S405']
"""

from __future__ import annotations

import difflib
import json
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import inventory
from .align import occurrences
from .errors import BenchmarkError, Issue, did_you_mean, errors_only
from .goldset import GoldSet
from .ontology import ATTRIBUTES
from .schema import Document

P = "S"  # issue-code prefix of the submission validator
MAX_LINE_BYTES = 8 * 1024 * 1024
BOM = b"\xef\xbb\xbf"

#: Every code the validator can emit, with what it means. ``tests/test_submission.py`` has a test
#: for each one. Codes ending in the same number as an annotation-checker code (``A…``) mean the
#: same problem.
CODES: Mapping[str, str] = {
    "S101": "invalid JSON (including NaN/Infinity)",
    "S102": "unknown field",
    "S103": "missing required field",
    "S104": "field of the wrong kind (string, integer, list, object)",
    "S105": "line is not valid UTF-8",
    "S106": "line too long",
    "S107": "duplicate key in a JSON object",
    "S108": "UTF-8 byte-order mark removed (warning)",
    "S109": "CRLF line ends accepted (warning)",
    "S110": "span text not in NFC, normalised (warning)",
    "S201": "offsets outside the document text",
    "S202": "start >= end",
    "S203": "span text mismatch (offsets and text disagree)",
    "S204": "span with neither offsets nor text, or with only one of start/end",
    "S205": "span text not found in the document (warning: it will be a false positive)",
    "S206": "empty span text",
    "S301": "unknown event type",
    "S302": "unknown role",
    "S303": "role not allowed for the event type",
    "S304": "bad attribute value",
    "S305": "Time argument with an invalid TIMEX3 value",
    "S306": "value on a role that takes none",
    "S402": "duplicate doc_id",
    "S403": "exact-duplicate event (warning: it will be a false positive)",
    "S405": "unknown doc_id",
    "S406": "submission holds no documents (warning)",
    "S407": "duplicate argument in an event (warning: it will be a false positive)",
}
WARNINGS = frozenset({"S108", "S109", "S110", "S205", "S403", "S406", "S407"})

DOCUMENT_KEYS = ("doc_id", "events")
EVENT_KEYS = ("type", "trigger", "arguments", "modality", "evidentiality", "change")
SPAN_KEYS = ("start", "end", "text")
ARGUMENT_KEYS = ("role", "start", "end", "text", "value")


# --------------------------------------------------------------------------- data model


@dataclass(frozen=True, slots=True)
class PredSpan:
    """A predicted span: offsets (``end`` exclusive), ``text``, or both (then they agree)."""

    start: int | None = None
    end: int | None = None
    text: str | None = None

    @property
    def has_offsets(self) -> bool:
        return self.start is not None


@dataclass(frozen=True, slots=True)
class PredArgument:
    role: str
    span: PredSpan
    value: str | None = None


@dataclass(frozen=True, slots=True)
class PredEvent:
    """A predicted event; a missing attribute is ``None`` (scored as the ontology default)."""

    type: str
    trigger: PredSpan
    arguments: tuple[PredArgument, ...] = ()
    modality: str | None = None
    evidentiality: str | None = None
    change: str | None = None


@dataclass(frozen=True, slots=True)
class PredDocument:
    doc_id: str
    events: tuple[PredEvent, ...] = ()


@dataclass(frozen=True)
class Submission:
    """The predicted documents of one system; documents not listed predict no events."""

    documents: tuple[PredDocument, ...] = ()

    def by_id(self) -> dict[str, PredDocument]:
        return {d.doc_id: d for d in self.documents}

    @property
    def string_aligned(self) -> bool:
        """Whether any span is given by text only (and will be aligned)."""
        return any(not s.has_offsets for d in self.documents for e in d.events
                   for s in (e.trigger, *(a.span for a in e.arguments)))


@dataclass(frozen=True)
class RawLine:
    """One line of a submission file as read: ``data`` holds at most ``MAX_LINE_BYTES + 2`` bytes,
    ``length`` is the full length of the line in bytes (line end included)."""

    number: int
    data: bytes
    length: int


@dataclass(frozen=True)
class Validation:
    submission: Submission
    issues: tuple[Issue, ...]
    lines: int = 0
    missing_documents: tuple[str, ...] = field(default=())  # gold doc_ids without a line

    @property
    def ok(self) -> bool:
        return not errors_only(self.issues)


def raw_lines(data: bytes, max_line_bytes: int | None = None) -> Iterator[RawLine]:
    """Split in-memory file content into :class:`RawLine` objects (line ends kept)."""
    keep = (max_line_bytes or MAX_LINE_BYTES) + 2
    for number, line in enumerate(data.splitlines(keepends=True), start=1):
        yield RawLine(number, line[:keep], len(line))


# --------------------------------------------------------------------------- validation


class _Collector:
    def __init__(self) -> None:
        self.issues: list[Issue] = []
        self.errors = 0  # issues of severity "error" so far

    def add(self, code: str, location: str, message: str) -> None:
        severity = "warning" if code in WARNINGS else "error"
        self.errors += severity == "error"
        self.issues.append(Issue(code, location, message, severity))

    def extend(self, issues: Iterable[Issue]) -> None:
        for issue in issues:
            self.add(issue.code, issue.location, issue.message)


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    return {dict: "object", list: "list", str: "string", int: "integer",
            float: "number"}.get(type(value), type(value).__name__)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _fields(obj: dict, allowed: Sequence[str], required: Sequence[str], loc: str, what: str,
            out: _Collector) -> bool:
    """Unknown (S102) and missing (S103) fields; returns False when a required one is missing."""
    for key in obj:
        if key not in allowed:
            hint = did_you_mean(key, allowed)
            if what == "document" and key in ("text", "title", "source", "license"):
                hint += " (a submission does not repeat the document; give doc_id and events)"
            out.add(P + "102", f"{loc} · {key}" if what == "document" else f"{loc}.{key}",
                    f"unknown field {key!r} in a {what}; {hint}; remove it")
    ok = True
    for key in required:
        if key not in obj:
            ok = False
            out.add(P + "103", loc or what, f"missing required field {key!r} in a {what}; "
                    f"a {what} has {', '.join(allowed)} ({', '.join(required)} required)")
    return ok


def _offset_hint(text: str, start: int, end: int, span_text: str) -> str:
    """Why offsets and text may disagree: the text elsewhere, byte/UTF-16/NFD offsets."""
    found = occurrences(text, span_text)
    if not found:
        return ("the text does not occur in the document (offsets are code points into the NFC "
                "text)")
    for p in found:
        if len(text[:p].encode("utf-8")) == start:
            return (f"the offsets look like UTF-8 byte offsets; use code-point offsets "
                    f"{p}-{p + len(span_text)}")
        if len(text[:p].encode("utf-16-le")) // 2 == start:
            return (f"the offsets look like UTF-16 offsets; use code-point offsets "
                    f"{p}-{p + len(span_text)}")
        if len(unicodedata.normalize("NFD", text[:p])) == start:
            return (f"the offsets look like offsets into NFD text; use offsets into the NFC text "
                    f"{p}-{p + len(span_text)}")
    nearest = min(found, key=lambda p: abs(p - start))
    return f"the text occurs at {nearest}-{nearest + len(span_text)}; fix start/end or the text"


def _span(obj: dict, loc: str, doc_text: str | None, out: _Collector) -> PredSpan | None:
    """Check the start/end/text of a trigger or argument; None when it is unusable."""
    start, end, text = obj.get("start"), obj.get("end"), obj.get("text")  # null: not given
    ok = True
    for key, value in (("start", start), ("end", end)):
        if value is not None and not _is_int(value):
            out.add(P + "104", f"{loc}.{key}", f"{key} must be an integer (a code-point offset), "
                    f"got {_kind(value)} {value!r}")
            ok = False
    if text is not None and not isinstance(text, str):
        out.add(P + "104", f"{loc}.text", f"text must be a string, got {_kind(text)} {text!r}")
        ok = False
    if not ok:
        return None
    has_start, has_end = start is not None, end is not None
    if has_start != has_end:
        out.add(P + "204", loc, f"only {'start' if has_start else 'end'} is given; give both "
                "start and end, or neither (then text is aligned)")
        return None
    if not has_start and text is None:
        out.add(P + "204", loc, "a span needs start and end, or text (or all three)")
        return None
    if text is not None:
        if text == "":
            out.add(P + "206", f"{loc}.text", "the span text is empty; give the words of the span "
                    "or leave text out and give start and end")
            return None
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
            out.add(P + "110", f"{loc}.text", f"text is not in NFC and was normalised to "
                    f"{text!r}; document texts and offsets are NFC")
    if has_start:
        if start < 0 or (doc_text is not None and end > len(doc_text)):
            size = f"0..{len(doc_text)}" if doc_text is not None else "0 or more"
            out.add(P + "201", loc, f"offsets {start}-{end} lie outside the document text "
                    f"(offsets must be within {size})")
            return None
        if start >= end:
            out.add(P + "202", loc, f"start {start} is not before end {end}; end is exclusive, "
                    "so a one-character span at i is start=i, end=i+1")
            return None
        if doc_text is not None and text is not None and doc_text[start:end] != text:
            out.add(P + "203", loc, f"text {text!r} disagrees with the document text "
                    f"{doc_text[start:end]!r} at {start}-{end}; "
                    f"{_offset_hint(doc_text, start, end, text)}")
            return None
    elif doc_text is not None and not occurrences(doc_text, text):
        out.add(P + "205", f"{loc}.text", f"text {text!r} does not occur in the document; it "
                "cannot be aligned and will count as a false positive")
    return PredSpan(start, end, text)


def _event(ev: Any, loc: str, doc_text: str | None, out: _Collector) -> PredEvent | None:
    if not isinstance(ev, dict):
        out.add(P + "104", loc, f"an event must be an object, got {_kind(ev)}")
        return None
    before = out.errors
    _fields(ev, EVENT_KEYS, ("type", "trigger"), loc, "event", out)
    etype = ev.get("type")
    if "type" in ev:
        if isinstance(etype, str):
            out.extend(inventory.check_type(etype, f"{loc}.type", P))
        else:
            out.add(P + "104", f"{loc}.type", f"type must be a string, got {_kind(etype)}")
    trigger = None
    if "trigger" in ev:
        tobj = ev["trigger"]
        if isinstance(tobj, dict):
            _fields(tobj, SPAN_KEYS, (), f"{loc}.trigger", "trigger", out)
            trigger = _span(tobj, f"{loc}.trigger", doc_text, out)
        else:
            out.add(P + "104", f"{loc}.trigger", f"trigger must be an object with start, end "
                    f"and/or text, got {_kind(tobj)}")
    attributes: dict[str, str | None] = {}
    for name in ATTRIBUTES:
        value = ev.get(name)
        if value is not None:  # null or absent: the ontology default is scored
            out.extend(inventory.check_attribute(name, value, f"{loc}.{name}", P))
        attributes[name] = value if isinstance(value, str) else None
    arguments: list[PredArgument] = []
    args = ev.get("arguments", [])
    if not isinstance(args, list):
        out.add(P + "104", f"{loc}.arguments", f"arguments must be a list, got {_kind(args)}")
        args = []
    seen_args: dict[tuple, int] = {}
    for j, arg in enumerate(args):
        aloc = f"{loc}.arguments[{j}]"
        if not isinstance(arg, dict):
            out.add(P + "104", aloc, f"an argument must be an object, got {_kind(arg)}")
            continue
        if not _fields(arg, ARGUMENT_KEYS, ("role",), aloc, "argument", out):
            continue
        role = arg["role"]
        if not isinstance(role, str):
            out.add(P + "104", f"{aloc}.role", f"role must be a string, got {_kind(role)}")
            continue
        # a non-string type was reported above (S104); check the role against all roles then
        out.extend(inventory.check_role(etype if isinstance(etype, str) else None, role,
                                        f"{aloc}.role", P))
        value = arg.get("value")
        if value is not None and not isinstance(value, str):
            out.add(P + "104", f"{aloc}.value", f"value must be a string or null, got "
                    f"{_kind(value)}")
        else:
            out.extend(inventory.check_value(role, value, f"{aloc}.value", P, required=False))
        span = _span(arg, aloc, doc_text, out)
        if span is None:
            continue
        canon = (role, span.start, span.end, span.text)  # str, int | None, int | None, str | None
        if canon in seen_args:
            out.add(P + "407", aloc, f"this argument repeats arguments[{seen_args[canon]}]; the "
                    "copy counts as a false positive — remove it")
        seen_args.setdefault(canon, j)
        arguments.append(PredArgument(sys.intern(role), span,
                                      value if isinstance(value, str) else None))
    if trigger is None or out.errors > before:
        return None
    # labels repeat across a million events: one shared string each instead of a copy per event
    return PredEvent(sys.intern(etype), trigger, tuple(arguments),
                     **{k: v if v is None else sys.intern(v) for k, v in attributes.items()})


def _doc_hint(doc_id: str, texts: Mapping[str, str]) -> str:
    close = difflib.get_close_matches(doc_id, list(texts), n=3, cutoff=0.6)
    if close or len(texts) <= 10:
        return did_you_mean(doc_id, sorted(texts)) + " (doc_ids of the gold set)"
    return (f"it is not one of the {len(texts)} doc_ids of the gold set; is the submission for "
            "another split?")


def _parse_json(text: str) -> tuple[Any, list[str]]:
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict:
        obj: dict = {}
        for key, value in items:
            if key in obj:
                duplicates.append(key)
            obj[key] = value
        return obj

    def constant(name: str) -> Any:
        raise ValueError(f"{name} is not valid JSON")

    return json.loads(text, object_pairs_hook=pairs, parse_constant=constant), duplicates


def _canonical_json(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False)


def validate_submission(lines: Iterable[RawLine], gold: GoldSet | Sequence[Document], *,
                        max_line_bytes: int | None = None) -> Validation:
    """Validate a submission read as a stream of lines against the gold document texts.

    A line longer than ``max_line_bytes`` (default :data:`MAX_LINE_BYTES`) is refused with S106
    without being decoded or parsed.
    """
    limit = max_line_bytes or MAX_LINE_BYTES
    documents = gold.documents if isinstance(gold, GoldSet) else gold
    texts = {d.doc_id: d.text for d in documents}
    out = _Collector()
    seen: dict[str, int] = {}
    parsed: list[PredDocument] = []
    crlf = count = nonblank = 0
    for raw in lines:
        count += 1
        nonblank += bool(raw.data.strip())
        where = f"line {raw.number}"
        if raw.length > limit:
            out.add(P + "106", where, f"line is {raw.length} bytes long, more than the limit of "
                    f"{limit}; write one document per line")
            continue
        data = raw.data
        if data.startswith(BOM):
            data = data[len(BOM):]
            out.add(P + "108", where, "a UTF-8 byte-order mark was removed; save the file as "
                    "UTF-8 without BOM")
        if data.endswith(b"\r\n"):
            crlf += 1
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            out.add(P + "105", where, f"byte {exc.start} is not valid UTF-8 "
                    f"({data[exc.start:exc.start + 1]!r}); save the file as UTF-8")
            continue
        if not text.strip():
            continue
        try:
            obj, duplicates = _parse_json(text)
        except json.JSONDecodeError as exc:
            out.add(P + "101", where, f"invalid JSON at column {exc.colno}: {exc.msg}; each line "
                    "must be one complete JSON object")
            continue
        except (ValueError, RecursionError) as exc:
            out.add(P + "101", where, f"invalid JSON: {exc}; each line must be one complete "
                    "JSON object")
            continue
        for key in duplicates:
            out.add(P + "107", where, f"key {key!r} appears twice in one JSON object; JSON "
                    "readers disagree on which value wins — keep one")
        if not isinstance(obj, dict):
            out.add(P + "104", where, f"a line must hold a JSON object with doc_id and events, "
                    f"got {_kind(obj)}")
            continue
        _fields(obj, DOCUMENT_KEYS, DOCUMENT_KEYS, where, "document", out)
        doc_id = obj.get("doc_id")
        doc_text = None
        if "doc_id" in obj:
            if not isinstance(doc_id, str):
                out.add(P + "104", f"{where} · doc_id", f"doc_id must be a string, got "
                        f"{_kind(doc_id)} {doc_id!r}")
                doc_id = None
            else:
                where = f"{where} · doc {doc_id!r}"
                if doc_id in seen:
                    out.add(P + "402", where, f"doc_id {doc_id!r} already appeared on line "
                            f"{seen[doc_id]}; give each document once, with all its events")
                elif doc_id not in texts:
                    out.add(P + "405", where, f"unknown doc_id {doc_id!r}; "
                            f"{_doc_hint(doc_id, texts)}")
                else:
                    doc_text = texts[doc_id]
                seen.setdefault(doc_id, raw.number)
        events = obj.get("events", [])
        if not isinstance(events, list):
            out.add(P + "104", f"{where} · events", f"events must be a list, got {_kind(events)}")
            events = []
        good: list[PredEvent] = []
        # Exact duplicates (S403) compare the events' canonical JSON. Computing it for every
        # event is costly, so events are first bucketed by type and trigger (equal JSON implies
        # an equal bucket) and the JSON is computed only inside a bucket holding two or more.
        buckets: dict[tuple, list[tuple[int, Any]]] = {}
        canons: dict[int, str] = {}
        for i, ev in enumerate(events):
            loc = f"{where} · events[{i}]"
            event = _event(ev, loc, doc_text, out)
            if event is None:
                continue
            bucket = buckets.setdefault((event.type, event.trigger), [])
            if bucket:
                canon = _canonical_json(ev)
                first = None
                for k, earlier in bucket:
                    if k not in canons:
                        canons[k] = _canonical_json(earlier)
                    if canons[k] == canon:
                        first = k
                        break
                if first is not None:
                    out.add(P + "403", loc, f"this event repeats events[{first}]; the "
                            "copy counts as a false positive — remove it")
                canons[i] = canon
            bucket.append((i, ev))
            good.append(event)
        if isinstance(doc_id, str) and seen.get(doc_id) == raw.number:
            parsed.append(PredDocument(doc_id, tuple(good)))
    if crlf:
        out.add(P + "109", "file", f"{crlf} line(s) end in CRLF; accepted (line ends are not "
                "part of the data)")
    if not nonblank:
        out.add(P + "406", "file", "the submission holds no documents; every gold event will "
                "count as missed")
    missing = tuple(d for d in texts if d not in seen)
    return Validation(Submission(tuple(parsed)), tuple(out.issues), count, missing)


def submission_from_dicts(objects: Iterable[Mapping[str, Any]],
                          gold: GoldSet | Sequence[Document]) -> Submission:
    """A validated :class:`Submission` from parsed objects (Python API and tests); raises
    :class:`BenchmarkError` listing the problems when it is invalid."""
    lines = []
    for number, obj in enumerate(objects, start=1):
        data = json.dumps(obj, ensure_ascii=False).encode("utf-8")
        lines.append(RawLine(number, data, len(data)))
    result = validate_submission(lines, gold)
    if not result.ok:
        errors = errors_only(result.issues)
        more = f"\n… and {len(errors) - 20} more" if len(errors) > 20 else ""
        raise BenchmarkError(f"invalid submission ({len(errors)} errors):\n"
                             + "\n".join(i.render() for i in errors[:20]) + more)
    return result.submission
