"""Standoff annotation files: reading, compiling to gold documents, and checking.

One YAML file per document under ``annotations/docs/``; the file format is described in
``annotations/FORMAT.md``. :func:`compile_annotation` is pure (text in, document and issues out);
:func:`load_corpus` does the file reading and source resolution around it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import inventory
from .anchors import AnchorProblem, find_word_occurrences, locate_region, resolve_anchor
from .errors import BenchmarkError, Issue, did_you_mean
from .ontology import ATTRIBUTE_DEFAULTS, ATTRIBUTES
from .schema import Argument, Document, Event, Span
from .sources import SOURCE_KINDS, nfc, resolve_text, text_sha256
from .yamlsource import LineDict, LineList, YamlSyntaxError, parse_yaml

ANNOTATION_FORMAT = 1
SPLITS = ("train", "validation", "test")
P = "A"  # issue-code prefix of the annotation checker

#: Every code the annotation checker can emit, with what it means. Tests check each one.
CODES: Mapping[str, str] = {
    "A101": "YAML syntax error",
    "A102": "unknown field",
    "A103": "missing required field",
    "A104": "field of the wrong kind (string, number, list, mapping)",
    "A105": "document without a split, in two splits, or bad splits file",
    "A106": "splits file names a document that has no annotation file",
    "A201": "anchor not found",
    "A202": "anchor ambiguous",
    "A203": "span text mismatch",
    "A204": "literal text too long for a third-party source (write long spans as text … to)",
    "A301": "unknown event type",
    "A302": "unknown role",
    "A303": "role not allowed for the event type",
    "A304": "bad attribute value",
    "A305": "Time argument without a valid TIMEX3 value",
    "A306": "value on a role that takes none",
    "A401": "duplicate event id in a document",
    "A402": "duplicate doc_id across files",
    "A403": "exact-duplicate event",
    "A404": "events of one coreference cluster have different types",
    "A501": "text checksum mismatch",
    "A502": "source text missing or unresolvable",
}

DOC_FIELDS = {"annotation_format": int, "doc_id": str, "source": str, "source_ref": (int, str),
              "text_sha256": str, "license": str, "lang": str, "dct": (str, type(None)),
              "title": (str, type(None)), "annotator": str, "reviewer": str,
              "guidelines_version": (str, float), "notes": str, "events": list}
DOC_REQUIRED = ("annotation_format", "doc_id", "source", "source_ref", "text_sha256", "license",
                "events")
EVENT_FIELDS = {"id": str, "type": str, "trigger": (str, dict), "in": str,
                "arguments": (list, type(None)),
                "modality": str, "evidentiality": str, "change": str, "cluster": (str, type(None)),
                "note": str}
EVENT_REQUIRED = ("id", "type", "trigger", "modality", "evidentiality")
#: Longest run of a third-party text an annotation file may spell out: the licence guard flags runs
#: of 90, and the characters around a literal in YAML (a space, a quote) can extend the run.
MAX_LITERAL = 80
SPAN_FIELDS = {"text": str, "to": str, "occurrence": int, "context": str, "start": int,
               "value": (str, int, type(None))}


@dataclass(frozen=True)
class AnnotatedDocument:
    """A compiled gold document with where it came from."""

    document: Document
    path: Path
    source_ref: int | str
    annotator: str | None


@dataclass(frozen=True)
class Corpus:
    documents: tuple[AnnotatedDocument, ...]
    splits: Mapping[str, str]  # doc_id -> split
    issues: tuple[Issue, ...]

    def split_documents(self, split: str) -> list[Document]:
        return [d.document for d in self.documents if self.splits.get(d.document.doc_id) == split]


def _kind_name(kind) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {str: "a string", int: "a whole number", list: "a list", dict: "a mapping",
             type(None): "null"}
    return " or ".join(names.get(k, k.__name__) for k in kinds)


class _Checker:
    """Collects issues for one file while compiling it."""

    def __init__(self, label: str):
        self.label = label
        self.doc_id = "?"
        self.issues: list[Issue] = []
        self.max_literal: int | None = None  # set for sources whose text may not be copied

    def literal(self, value: str, line: int, where: str, what: str) -> bool:
        """False (and an A204 issue) when ``value`` copies too long a run of a third-party text."""
        if self.max_literal is None or len(value) <= self.max_literal:
            return True
        self.add("A204", line, where,
                 f"{what} spells out {len(value)} characters of a third-party text (at most "
                 f"{self.max_literal}); write a long span as {{text: <its first words>, to: <its "
                 "last words>} and keep snippets short")
        return False

    def loc(self, line: int, field: str | None = None) -> str:
        parts = [f"{self.label}:{line}", f"doc {self.doc_id!r}"]
        if field:
            parts.append(field)
        return " · ".join(parts)

    def add(self, code: str, line: int, field: str | None, message: str) -> None:
        self.issues.append(Issue(code, self.loc(line, field), message))

    def fields(self, obj: LineDict, allowed: Mapping[str, Any], required: Iterable[str],
               where: str | None) -> bool:
        ok = True
        for key in obj:
            if key not in allowed:
                self.add("A102", obj.line_of(key), _join(where, key),
                         f"unknown field {key!r}; {did_you_mean(key, allowed)}")
                ok = False
            elif not isinstance(obj[key], allowed[key]) or (
                    isinstance(obj[key], bool) and allowed[key] in (int, (int, str))):
                self.add("A104", obj.line_of(key), _join(where, key),
                         f"expected {_kind_name(allowed[key])}, got {obj[key]!r}")
                ok = False
        for key in required:
            if key not in obj:
                self.add("A103", obj.line, _join(where, key) if where else key,
                         f"missing required field {key!r}")
                ok = False
        return ok


def _join(where: str | None, key: str) -> str:
    return f"{where}.{key}" if where else key


def _span_spec(raw: Any, ck: _Checker, line: int, where: str) -> dict | None:
    """Normalise a span given as a string or a mapping into a dict, or report why it is bad."""
    if isinstance(raw, str):
        return {"text": nfc(raw)}
    if isinstance(raw, LineDict):
        if not ck.fields(raw, SPAN_FIELDS, ("text",), where):
            return None
        spec = dict(raw)
        spec["text"] = nfc(spec["text"])
        if isinstance(spec.get("value"), int):
            spec["value"] = str(spec["value"])  # YAML reads an unquoted year such as 2024 as a number
        if "context" in spec:
            spec["context"] = nfc(spec["context"])
        return spec
    ck.add("A104", line, where, f"a span is a string or a mapping with 'text'; got {raw!r}")
    return None


def _resolve(text: str, spec: dict, scope, ck: _Checker, line: int, where: str) -> Span | None:
    """Offsets of a span: its ``text`` (or, with ``to``, its beginning) anchored, then its end."""
    literal_ok = all(ck.literal(spec[key], line, f"{where}.{key}", key)
                     for key in ("text", "to", "context") if isinstance(spec.get(key), str))
    result = resolve_anchor(text, spec["text"], occurrence=spec.get("occurrence"),
                            context=spec.get("context"), scope=scope, start=spec.get("start"))
    if isinstance(result, AnchorProblem):
        code = {"not-found": "A201", "ambiguous": "A202", "mismatch": "A203"}[result.kind]
        ck.add(code, line, where, result.message)
        return None
    end = result + len(spec["text"])
    if "to" in spec:
        tail = nfc(spec["to"])
        ends = find_word_occurrences(text, tail, end, len(text))
        if not ends:
            ck.add("A201", line, f"{where}.to", f"the span's end {tail!r} does not occur after its "
                                                f"beginning {spec['text']!r}")
            return None
        end = ends[0] + len(tail)
    if not literal_ok:
        return None
    return Span(result, end, text[result:end])


def _compile_event(raw: Any, index: int, text: str, ck: _Checker) -> Event | None:
    where = f"events[{index}]"
    if not isinstance(raw, LineDict):
        ck.add("A104", getattr(raw, "line", 0), where, f"an event is a mapping; got {raw!r}")
        return None
    ok = ck.fields(raw, EVENT_FIELDS, EVENT_REQUIRED, where)
    event_type = raw.get("type")
    if isinstance(event_type, str):
        for issue in inventory.check_type(event_type, ck.loc(raw.line_of("type"), f"{where}.type"), P):
            ck.issues.append(issue)
            ok = False
    attributes = {}
    for name in ATTRIBUTES:
        value = raw.get(name, ATTRIBUTE_DEFAULTS[name])
        found = inventory.check_attribute(name, value, ck.loc(raw.line_of(name), f"{where}.{name}"), P)
        ck.issues.extend(found)
        ok = ok and not found
        attributes[name] = value
    scope = None
    if isinstance(raw.get("in"), str) and not ck.literal(raw["in"], raw.line_of("in"),
                                                         f"{where}.in", "the 'in' snippet"):
        ok = False
    elif isinstance(raw.get("in"), str):
        region = locate_region(text, nfc(raw["in"]), "'in' snippet")
        if isinstance(region, AnchorProblem):
            code = "A201" if region.kind == "not-found" else "A202"
            ck.add(code, raw.line_of("in"), f"{where}.in", region.message)
            ok = False
        else:
            scope = region
    trigger = None
    if "trigger" in raw:
        spec = _span_spec(raw["trigger"], ck, raw.line_of("trigger"), f"{where}.trigger")
        if spec is not None:
            if "value" in spec:
                ck.add("A102", raw.line_of("trigger"), f"{where}.trigger.value",
                       "a trigger takes no value; remove it")
                ok = False
            trigger = _resolve(text, spec, scope, ck, raw.line_of("trigger"), f"{where}.trigger")
    arguments = []
    raw_args = raw.get("arguments") or LineList()  # "arguments:" left empty means none
    if isinstance(raw_args, list):
        lines = getattr(raw_args, "item_lines", [raw.line] * len(raw_args))
        for j, item in enumerate(raw_args):
            arg = _compile_argument(item, lines[j], f"{where}.arguments[{j}]", event_type, text,
                                    scope, ck)
            if arg is None:
                ok = False
            else:
                arguments.append(arg)
    if not ok or trigger is None or not isinstance(raw.get("id"), str):
        return None
    return Event(id=raw["id"], type=event_type, trigger=trigger, arguments=tuple(arguments),
                 cluster=raw.get("cluster"), **attributes)


def _compile_argument(item: Any, line: int, where: str, event_type: Any, text: str, scope,
                      ck: _Checker) -> Argument | None:
    if not isinstance(item, LineDict) or len(item) != 1:
        ck.add("A104", line, where, "an argument is written '- Role: span text' (one role per "
                                    f"list item); got {item!r}")
        return None
    (role, raw_span), = item.items()
    where_role = f"{where}.{role}"
    problems = inventory.check_role(event_type, role, ck.loc(line, where_role), P)
    ck.issues.extend(problems)
    spec = _span_spec(raw_span, ck, line, where_role)
    if spec is None:
        return None
    value = spec.get("value")
    value_problems = inventory.check_value(role, value, ck.loc(line, f"{where_role}.value"), P,
                                           required=True)
    ck.issues.extend(value_problems)
    span = _resolve(text, spec, scope, ck, line, where_role)
    if problems or value_problems or span is None:
        return None
    return Argument(role=role, span=span, value=value)


def _event_signature(event: Event) -> tuple:
    return (event.type, event.trigger, tuple(sorted((a.role, a.span, a.value) for a in event.arguments)),
            event.modality, event.evidentiality, event.change)


def compile_annotation(data: Any, text: str | None, label: str,
                       text_error: str | None = None) -> tuple[Document | None, list[Issue]]:
    """Compile one parsed annotation file against its document text.

    ``text`` is the resolved NFC text, or None when it could not be resolved (``text_error`` says
    why); structural problems are still reported then.
    """
    ck = _Checker(label)
    if not isinstance(data, LineDict):
        ck.add("A104", 1, None, "an annotation file is a YAML mapping (doc_id, source, events…)")
        return None, ck.issues
    if isinstance(data.get("doc_id"), str):
        ck.doc_id = data["doc_id"]
    ok = ck.fields(data, DOC_FIELDS, DOC_REQUIRED, None)
    if data.get("annotation_format", ANNOTATION_FORMAT) != ANNOTATION_FORMAT:
        ck.add("A104", data.line_of("annotation_format"), "annotation_format",
               f"this checker reads annotation_format {ANNOTATION_FORMAT}; got "
               f"{data['annotation_format']!r}")
        ok = False
    source = data.get("source")
    if source == "10kGNAD":  # the texts whose running text must not enter the repository
        ck.max_literal = MAX_LITERAL
    if isinstance(source, str) and source not in SOURCE_KINDS:
        ck.add("A502", data.line_of("source"), "source",
               f"unknown source {source!r}; expected one of {', '.join(SOURCE_KINDS)}")
        ok = False
    elif isinstance(source, str) and data.get("license") not in (None, SOURCE_KINDS[source].license):
        ck.add("A104", data.line_of("license"), "license",
               f"documents from {source} carry license {SOURCE_KINDS[source].license!r}; got "
               f"{data['license']!r}")
        ok = False
    if text is None:
        ck.add("A502", data.line_of("source_ref"), "source_ref",
               text_error or "the document text could not be resolved")
        return None, ck.issues
    if isinstance(data.get("text_sha256"), str) and data["text_sha256"] != text_sha256(text):
        ck.add("A501", data.line_of("text_sha256"), "text_sha256",
               f"the source text has sha256 {text_sha256(text)}, the annotation was made on "
               f"{data['text_sha256']}; the source changed — re-check every span before updating "
               "the checksum")
        return None, ck.issues
    events: list[Event] = []
    raw_events = data.get("events") if isinstance(data.get("events"), list) else []
    event_lines = getattr(raw_events, "item_lines", [])
    seen_ids: dict[str, int] = {}
    seen_signatures: dict[tuple, str] = {}
    for i, raw in enumerate(raw_events):
        line = event_lines[i] if i < len(event_lines) else data.line
        if isinstance(raw, LineDict) and isinstance(raw.get("id"), str):
            if raw["id"] in seen_ids:
                ck.add("A401", raw.line_of("id"), f"events[{i}].id",
                       f"event id {raw['id']!r} already used by events[{seen_ids[raw['id']]}]; "
                       "give each event its own id")
                ok = False
            seen_ids.setdefault(raw["id"], i)
        event = _compile_event(raw, i, text, ck)
        if event is None:
            ok = False
            continue
        signature = _event_signature(event)
        if signature in seen_signatures:
            ck.add("A403", line, f"events[{i}]",
                   f"exact duplicate of event {seen_signatures[signature]!r}; delete one of them")
            ok = False
        seen_signatures.setdefault(signature, event.id)
        events.append(event)
    cluster_types: dict[str, set[str]] = defaultdict(set)
    for event in events:
        if event.cluster is not None:
            cluster_types[event.cluster].add(event.type)
    for cluster, types in sorted(cluster_types.items()):
        if len(types) > 1:
            ck.add("A404", data.line_of("events"), "events",
                   f"cluster {cluster!r} mixes types {', '.join(sorted(types))}; coreferent "
                   "mentions share one type — split the cluster")
            ok = False
    if not ok:
        return None, ck.issues
    source_kind = SOURCE_KINDS[source]
    document = Document(
        doc_id=data["doc_id"], source=source, license=source_kind.license,
        lang=data.get("lang", "de"), dct=data.get("dct"), title=data.get("title"), text=text,
        events=tuple(events),
    )
    return document, ck.issues


@dataclass(frozen=True)
class FileResult:
    """What checking one file gave: the compiled document (None on errors), issues, declared id."""

    compiled: AnnotatedDocument | None
    issues: list[Issue]
    doc_id: str | None = None


def read_annotation_file(path: Path, label: str, *, annotations: Path, sources: Path) -> FileResult:
    """Parse, resolve the text of, and compile one annotation file."""
    try:
        data = parse_yaml(path.read_text(encoding="utf-8"))
    except YamlSyntaxError as exc:
        return FileResult(None, [Issue("A101", f"{label}:{exc.line}",
                                       f"YAML syntax error: {exc.message}")])
    except (OSError, UnicodeDecodeError) as exc:
        return FileResult(None, [Issue("A101", f"{label}:0", f"cannot read the file as UTF-8: {exc}")])
    declared = data.get("doc_id") if isinstance(data, dict) else None
    text, text_error = None, None
    if isinstance(data, dict) and isinstance(data.get("source"), str) and data["source"] in SOURCE_KINDS:
        try:
            text = resolve_text(data["source"], data.get("source_ref"), annotations=annotations,
                                sources=sources)
        except BenchmarkError as exc:
            text_error = str(exc)
    document, issues = compile_annotation(data, text, label, text_error)
    if document is None:
        return FileResult(None, issues, declared)
    return FileResult(AnnotatedDocument(document, path, data["source_ref"], data.get("annotator")),
                      issues, declared)


def _label(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve().parent))
    except ValueError:
        return str(path)


def annotation_files(annotations: Path) -> list[Path]:
    return sorted((annotations / "docs").rglob("*.yaml"))


def read_splits(annotations: Path) -> tuple[dict[str, str], list[Issue]]:
    path = annotations / "splits.yaml"
    label = _label(path, annotations)
    if not path.is_file():
        return {}, [Issue("A105", f"{label}:0", "splits file missing; it maps each split "
                                               f"({', '.join(SPLITS)}) to a list of doc_ids")]
    try:
        data = parse_yaml(path.read_text(encoding="utf-8"))
    except YamlSyntaxError as exc:
        return {}, [Issue("A101", f"{label}:{exc.line}", f"YAML syntax error: {exc.message}")]
    issues: list[Issue] = []
    splits: dict[str, str] = {}
    if not isinstance(data, LineDict):
        return {}, [Issue("A105", f"{label}:1", "the splits file is a mapping split -> doc_ids")]
    for split, members in data.items():
        line = data.line_of(split)
        if split == "splits_version":
            continue
        if split not in SPLITS:
            issues.append(Issue("A105", f"{label}:{line}",
                                f"unknown split {split!r}; expected {', '.join(SPLITS)}"))
            continue
        if not isinstance(members, list):
            issues.append(Issue("A105", f"{label}:{line}", f"split {split!r} must list doc_ids"))
            continue
        item_lines = getattr(members, "item_lines", [line] * len(members))
        for doc_id, item_line in zip(members, item_lines):
            if doc_id in splits:
                issues.append(Issue("A105", f"{label}:{item_line}",
                                    f"doc {doc_id!r} is in {splits[doc_id]!r} and {split!r}; "
                                    "a document belongs to one split"))
            else:
                splits[doc_id] = split
    return splits, issues


def load_corpus(annotations: Path, sources: Path, *, progress=None) -> Corpus:
    """Compile every annotation file and the splits; never raises for bad annotations."""
    issues: list[Issue] = []
    documents: list[AnnotatedDocument] = []
    seen: dict[str, str] = {}
    declared: set[object] = set()
    files = annotation_files(annotations)
    for path in progress(files) if progress else files:
        label = _label(path, annotations)
        result = read_annotation_file(path, label, annotations=annotations, sources=sources)
        issues.extend(result.issues)
        declared.add(result.doc_id)
        compiled = result.compiled
        if compiled is None:
            continue
        doc_id = compiled.document.doc_id
        if doc_id in seen:
            issues.append(Issue("A402", f"{label}:1 · doc {doc_id!r}",
                                f"doc_id already used by {seen[doc_id]}; doc_ids are unique"))
            continue
        seen[doc_id] = label
        documents.append(compiled)
    splits, split_issues = read_splits(annotations)
    issues.extend(split_issues)
    split_label = _label(annotations / "splits.yaml", annotations)
    for doc_id in sorted(set(splits) - declared):
        issues.append(Issue("A106", f"{split_label} · doc {doc_id!r}",
                            "named in the splits file but no annotation file has this doc_id"))
    for doc in documents:
        if doc.document.doc_id not in splits and (annotations / "splits.yaml").is_file():
            issues.append(Issue("A105", f"{_label(doc.path, annotations)}:1 · doc "
                                        f"{doc.document.doc_id!r}",
                                "document has no split; add its doc_id to annotations/splits.yaml"))
    documents.sort(key=lambda d: d.document.doc_id)
    return Corpus(tuple(documents), splits, tuple(issues))


__all__ = ["CODES", "Corpus", "AnnotatedDocument", "FileResult", "compile_annotation",
           "load_corpus", "read_annotation_file"]
