"""Gold documents ↔ BRAT standoff (``.txt`` + ``.ann``), as written by BRAT and exported by INCEpTION.

Mapping (the ``annotation.conf`` written by :func:`annotation_conf` declares all of it):

=====================  ==========================================================================
gold                   BRAT
=====================  ==========================================================================
trigger                ``T1<TAB>ORDER 12 19<TAB>erließ`` (text-bound annotation typed by the event
                       type; events of the same type on the same span share it)
argument span          ``T2<TAB>Issuer 0 12<TAB>Die Regierung`` (entity typed by the role)
event                  ``E1<TAB>ORDER:T1 Issuer:T2 Time:T3``; a repeated role is numbered as BRAT
                       does (``Participant:T4 Participant2:T5``); the event id is kept
modality, evidentiality, change  ``A1<TAB>Modality E1 PLANNED`` (always written, defaults too)
cluster                ``A4<TAB>Cluster E1 C7`` (a multi-valued attribute; the values declared in
                       annotation.conf are the clusters in the data plus C1…C50)
TIMEX value            ``#1<TAB>AnnotatorNotes T3<TAB>value=2024-06`` on the Time entity
document metadata      not in BRAT: a sidecar ``<name>.meta.json`` (doc_id, source, license, lang,
                       dct, title) that BRAT and INCEpTION ignore
=====================  ==========================================================================

A span containing a line break is written as fragments split at the break, as BRAT does; reading,
fragments are joined from the first to the last character (lossless when only whitespace lies
between them, else counted as ``span.discontinuous``). Relations, equivalences, normalisations and
other notes have no counterpart and are counted as ``brat.ignored_line``.

>>> from benchmark.schema import Document, Event, Span
>>> doc = Document("d", "authored", "CC-BY-4.0", "de", None, None, "Kim traf Putin.",
...                (Event("E1", "MEETING", Span(4, 8, "traf")),))
>>> print(document_to_brat(doc, ConversionReport("brat")).replace("\\t", " | "), end="")
T1 | MEETING 4 8 | traf
E1 | MEETING:T1
A1 | Modality E1 ASSERTED
A2 | Evidentiality E1 DIRECT
A3 | Change E1 NONE
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from ..errors import BenchmarkError, did_you_mean
from ..ontology import (
    ATTRIBUTE_DEFAULTS,
    ATTRIBUTES,
    EVENT_TYPES,
    ROLE_NAMES,
    TYPE_NAMES,
    VALUED_ROLES,
)
from ..schema import Argument, Document, Event, Span
from .common import ConversionReport

#: BRAT attribute name for each gold event attribute.
ATTRIBUTE_NAMES = {"modality": "Modality", "evidentiality": "Evidentiality", "change": "Change"}
CLUSTER_ATTRIBUTE = "Cluster"
#: Cluster values always declared in annotation.conf, so annotators can start new clusters.
DEFAULT_CLUSTERS = tuple(f"C{i}" for i in range(1, 51))
META_KEYS = ("doc_id", "source", "license", "lang", "dct", "title")


def _fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The span split at line breaks (BRAT spans never contain one)."""
    out, pos = [], start
    for m in re.finditer(r"\n", text[start:end]):
        cut = start + m.start()
        if cut > pos:
            out.append((pos, cut))
        pos = start + m.end()
    if end > pos:
        out.append((pos, end))
    return out or [(start, end)]


def _t_line(tid: str, label: str, text: str, span: Span) -> str:
    frags = _fragments(text, span.start, span.end)
    offsets = ";".join(f"{s} {e}" for s, e in frags)
    return f"{tid}\t{label} {offsets}\t{' '.join(text[s:e] for s, e in frags)}"


def document_to_brat(doc: Document, report: ConversionReport) -> str:
    """The ``.ann`` content of one gold document (its ``.txt`` is ``doc.text`` unchanged)."""
    report.document(doc)
    t_lines: list[str] = []
    other: list[str] = []
    tids: dict[tuple, str] = {}
    counters = {"A": 0, "#": 0}

    def entity(label: str, span: Span, value: str | None = None) -> str:
        key = (label, span.start, span.end, value)
        if key not in tids:
            tids[key] = f"T{len(tids) + 1}"
            t_lines.append(_t_line(tids[key], label, doc.text, span))
            if value is not None:
                counters["#"] += 1
                other_notes.append(f"#{counters['#']}\tAnnotatorNotes {tids[key]}\tvalue={value}")
        return tids[key]

    other_notes: list[str] = []
    used_ids = {e.id for e in doc.events if re.fullmatch(r"E\d+", e.id)}
    next_id = 0
    for event in doc.events:
        eid = event.id
        if not re.fullmatch(r"E\d+", eid):
            next_id += 1
            while f"E{next_id}" in used_ids:
                next_id += 1
            eid = f"E{next_id}"
            used_ids.add(eid)
            report.drop("event.id", f"doc {doc.doc_id!r} · event {event.id}")
        parts = [f"{event.type}:{entity(event.type, event.trigger)}"]
        seen: dict[str, int] = {}
        for arg in event.arguments:
            seen[arg.role] = seen.get(arg.role, 0) + 1
            suffix = "" if seen[arg.role] == 1 else str(seen[arg.role])
            parts.append(f"{arg.role}{suffix}:{entity(arg.role, arg.span, arg.value)}")
        other.append(f"{eid}\t{' '.join(parts)}")
        for name, brat_name in ATTRIBUTE_NAMES.items():
            counters["A"] += 1
            other.append(f"A{counters['A']}\t{brat_name} {eid} {getattr(event, name)}")
        if event.cluster is not None:
            counters["A"] += 1
            other.append(f"A{counters['A']}\t{CLUSTER_ATTRIBUTE} {eid} {event.cluster}")
    return "".join(line + "\n" for line in t_lines + other + other_notes)


def document_meta(doc: Document) -> dict[str, Any]:
    """The sidecar ``<name>.meta.json``: what BRAT has no place for."""
    return {"doc_id": doc.doc_id, "source": doc.source, "license": doc.license, "lang": doc.lang,
            "dct": doc.dct, "title": doc.title}


def annotation_conf(documents: Iterable[Document] = ()) -> str:
    """BRAT's ``annotation.conf`` for ontology v1 (INCEpTION imports it too)."""
    clusters = list(DEFAULT_CLUSTERS)
    for doc in documents:
        for event in doc.events:
            if event.cluster is not None and event.cluster not in clusters:
                clusters.append(event.cluster)
    lines = ["# EventBench-DE ontology v1 (written by `eventbench convert gold-to-brat`)",
             "[entities]", *ROLE_NAMES, "", "[relations]",
             "<OVERLAP>\tArg1:<ANY>, Arg2:<ANY>, <OVL-TYPE>:<ANY>", "", "[events]"]
    for name in TYPE_NAMES:
        roles = ", ".join(f"{r}*:{r}" for r in EVENT_TYPES[name].roles)
        lines.append(f"{name}\t{roles}")
    lines += ["", "[attributes]"]
    for name, brat_name in ATTRIBUTE_NAMES.items():
        lines.append(f"{brat_name}\tArg:<EVENT>, Value:{'|'.join(ATTRIBUTES[name])}")
    lines.append(f"{CLUSTER_ATTRIBUTE}\tArg:<EVENT>, Value:{'|'.join(clusters)}")
    return "\n".join(lines) + "\n"


# --- reading -------------------------------------------------------------------------------------

_T = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t?(.*)$")


def _problem(problems: list[str], where: str, message: str) -> None:
    problems.append(f"{where}: {message}")


def brat_to_document(ann: str, text: str, meta: Mapping[str, Any], report: ConversionReport,
                     *, label: str = "ann") -> Document:
    """One gold document from a ``.ann`` file, its ``.txt`` text and its metadata.

    ``meta`` holds doc_id, source, license and optionally lang, dct, title (from the sidecar, or
    what the caller knows). Raises :class:`BenchmarkError` listing every problem of the file.
    """
    problems: list[str] = []
    spans: dict[str, tuple[str, Span]] = {}
    events: list[tuple[str, str, list[tuple[str, str]], int]] = []
    attrs: dict[str, dict[str, str]] = {}
    notes: dict[str, str] = {}
    for number, line in enumerate(ann.splitlines(), start=1):
        where = f"{label}:{number}"
        if not line.strip():
            continue
        kind = line[0]
        if kind == "T":
            m = _T.match(line)
            if not m:
                _problem(problems, where, f"malformed text-bound line {line!r}; expected "
                                          "'T1<TAB>TYPE START END<TAB>text'")
                continue
            frags = [tuple(map(int, f.split())) for f in m.group(3).split(";")]
            start, end = min(s for s, _ in frags), max(e for _, e in frags)
            if not 0 <= start < end <= len(text):
                _problem(problems, where, f"offsets {start}-{end} outside the text "
                                          f"(length {len(text)})")
                continue
            expected = " ".join(text[s:e] for s, e in frags)
            if m.group(4) and m.group(4) != expected:
                _problem(problems, where, f"the .ann text {m.group(4)!r} differs from the .txt "
                                          f"at {m.group(3)} ({expected!r}); was the .txt changed?")
            gaps = [text[frags[i][1]:frags[i + 1][0]] for i in range(len(frags) - 1)]
            if any(g.strip() for g in gaps):
                report.drop("span.discontinuous", where)
            spans[m.group(1)] = (m.group(2), Span(start, end, text[start:end]))
        elif kind == "E":
            eid, _, body = line.partition("\t")
            parts = body.split()
            if not parts or ":" not in parts[0]:
                _problem(problems, where, f"malformed event line {line!r}; expected "
                                          "'E1<TAB>TYPE:T1 Role:T2 …'")
                continue
            etype, tid = parts[0].split(":", 1)
            args = []
            for part in parts[1:]:
                role, _, target = part.partition(":")
                args.append((re.sub(r"\d+$", "", role), target))
            events.append((eid, etype, [("", tid), *args], number))
        elif kind == "A" or kind == "M":
            _, _, body = line.partition("\t")
            parts = body.split()
            if len(parts) < 2:
                _problem(problems, where, f"malformed attribute line {line!r}")
                continue
            value = parts[2] if len(parts) > 2 else "true"
            attrs.setdefault(parts[1], {})[parts[0].lower()] = value
        elif kind == "#":
            fields = line.split("\t")
            target = fields[1].split()[-1] if len(fields) > 1 else ""
            note = fields[2] if len(fields) > 2 else ""
            if note.startswith("value="):
                notes[target] = note[len("value="):].strip()
            else:
                report.drop("brat.ignored_line", where)
        else:
            report.drop("brat.ignored_line", where)
    used: set[str] = set()
    out: list[Event] = []
    for eid, etype, parts, number in events:
        where = f"{label}:{number} · event {eid}"
        if etype not in EVENT_TYPES:
            _problem(problems, where, f"unknown event type {etype!r}; "
                                      f"{did_you_mean(etype, TYPE_NAMES)}")
            continue
        resolved = []
        for role, tid in parts:
            if tid not in spans:
                _problem(problems, where, f"refers to {tid!r}, which is no text-bound annotation")
                continue
            used.add(tid)
            resolved.append((role, tid, spans[tid][1]))
        if len(resolved) != len(parts):
            continue
        arguments = []
        for role, tid, span in resolved[1:]:
            if role not in ROLE_NAMES:
                _problem(problems, where, f"unknown role {role!r}; {did_you_mean(role, ROLE_NAMES)}")
            elif role not in EVENT_TYPES[etype].roles:
                _problem(problems, where, f"role {role!r} is not allowed for {etype}; it takes "
                                          f"{', '.join(EVENT_TYPES[etype].roles)}")
            arguments.append(Argument(role, span, notes.get(tid) if role in VALUED_ROLES else None))
        attributes = {}
        given = attrs.get(eid, {})
        for name, brat_name in ATTRIBUTE_NAMES.items():
            value = given.get(brat_name.lower(), ATTRIBUTE_DEFAULTS[name])
            if value not in ATTRIBUTES[name]:
                _problem(problems, where, f"bad {brat_name} value {value!r}; "
                                          f"{did_you_mean(value, ATTRIBUTES[name])}")
            attributes[name] = value
        out.append(Event(eid, etype, resolved[0][2], tuple(arguments),
                         cluster=given.get(CLUSTER_ATTRIBUTE.lower()), **attributes))
    for tid in spans:
        if tid not in used:
            report.drop("brat.unused_entity", f"{label} · {tid}")
    if problems:
        more = f"\n… and {len(problems) - 30} more" if len(problems) > 30 else ""
        raise BenchmarkError(f"{label}: {len(problems)} problem(s):\n  "
                             + "\n  ".join(problems[:30]) + more)
    doc = Document(doc_id=meta["doc_id"], source=meta["source"], license=meta["license"],
                   lang=meta.get("lang") or "de", dct=meta.get("dct"), title=meta.get("title"),
                   text=text, events=tuple(out))
    report.document(doc)
    return doc


# --- BRAT -> annotation source (YAML) ------------------------------------------------------------

def _anchor(text: str, span: Span, limit: int | None) -> dict[str, Any]:
    """A span of the YAML source format, pinned by ``start``; a long span of a third-party text is
    written by its ends (``text`` … ``to``) so no run longer than ``limit`` is copied."""
    if limit is None or len(span.text) <= limit:
        return {"text": span.text, "start": span.start}
    from ..anchors import find_word_occurrences

    words = list(re.finditer(r"\S+", span.text))
    ends = [w.end() for w in words if w.end() <= limit // 2] or [words[0].end()]
    head = span.text[:ends[-1]]  # the longest head of whole words up to half the limit
    for word in reversed(words):
        tail = span.text[word.start():]
        if len(tail) > limit or word.start() < len(head):
            break
        hits = find_word_occurrences(text, tail, span.start + len(head), len(text))
        if len(head) <= limit and hits and hits[0] + len(tail) == span.end:
            return {"text": head, "to": tail, "start": span.start}
    raise BenchmarkError(f"span {span.start}-{span.end} is longer than {limit} characters and "
                         "cannot be written by its ends; shorten it in BRAT")


def document_to_yaml(doc: Document, source_ref: int | str, *, annotator: str = "brat-import",
                     max_literal: int | None = None) -> str:
    """The annotation source file (``annotations/FORMAT.md``) of ``doc``, every span pinned by
    ``start`` so that ``eventbench check`` verifies it without searching."""
    import yaml

    from ..sources import text_sha256

    events = []
    for event in doc.events:
        item: dict[str, Any] = {"id": event.id, "type": event.type,
                                "trigger": _anchor(doc.text, event.trigger, max_literal)}
        if event.arguments:
            arguments = []
            for arg in event.arguments:
                spec = _anchor(doc.text, arg.span, max_literal)
                if arg.role in VALUED_ROLES:
                    spec["value"] = arg.value
                arguments.append({arg.role: spec})
            item["arguments"] = arguments
        item["modality"] = event.modality
        item["evidentiality"] = event.evidentiality
        if event.change != ATTRIBUTE_DEFAULTS["change"]:
            item["change"] = event.change
        if event.cluster is not None:
            item["cluster"] = event.cluster
        events.append(item)
    data: dict[str, Any] = {"annotation_format": 1, "doc_id": doc.doc_id, "source": doc.source,
                            "source_ref": source_ref, "text_sha256": text_sha256(doc.text),
                            "license": doc.license}
    if doc.dct is not None:
        data["dct"] = doc.dct
    if doc.title is not None:
        data["title"] = doc.title
    data["annotator"] = annotator
    data["events"] = events
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100,
                          default_flow_style=None)
    return "# imported from BRAT standoff by `eventbench convert brat-to-yaml`\n" + body
