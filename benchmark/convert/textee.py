"""Gold documents and submissions ↔ TextEE's processed JSON Lines (token offsets).

TextEE (github.com/ej0cl6/TextEE, ``data/README.md``) reads one JSON object per *instance*:
``doc_id``, ``wnd_id``, ``text``, ``lang``, ``tokens``, ``entity_mentions`` (``id``, ``entity_type``,
``text``, ``start``, ``end``) and ``event_mentions`` (``id``, ``event_type``, ``trigger`` {``text``,
``start``, ``end``}, ``arguments`` [{``entity_id``, ``role``, ``text``, ``start``, ``end``}]), with
token offsets, ``end`` exclusive.

Choices made here:

* **One instance per document** (``wnd_id = doc_id``), as the ``--compat textee`` scorer does:
  EventBench-DE arguments may lie in another sentence than their trigger, and a document window keeps
  them and the exact text.
* **Tokens** are the project's deterministic tokenizer (:func:`benchmark.tokens.split_sentences`,
  spaCy ``blank("de")``), whitespace tokens left out.
* **Alignment**: a character span maps to every token it overlaps. When a span boundary falls inside
  a token (e.g. ``Russland`` in ``Russlands``) the span is widened to whole tokens and the loss is
  counted (``trigger.inside_token`` / ``argument.inside_token``). Reading, a token span maps back to
  the characters from its first token's start to its last token's end.
* **Entities**: TextEE wants arguments to point at entity mentions; every distinct argument span
  becomes one (``entity_type`` ``"Entity"``, EventBench-DE has no entity types).
* **Not held** (counted when not at their default): modality, evidentiality, change, cluster, the
  TIMEX3 value of Time arguments, the document's source, licence, creation time and title. Reading a
  TextEE file restores the defaults (ASSERTED, DIRECT, NONE, no cluster, no value).

>>> from benchmark.schema import Document, Event, Span
>>> doc = Document("d", "authored", "CC-BY-4.0", "de", None, None, "Kim traf Putin.",
...                (Event("E1", "MEETING", Span(4, 8, "traf")),))
>>> inst = document_to_textee(doc, ConversionReport("textee"))
>>> inst["tokens"], inst["event_mentions"][0]["trigger"]
(['Kim', 'traf', 'Putin', '.'], {'text': 'traf', 'start': 1, 'end': 2})
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import BenchmarkError, did_you_mean
from ..ontology import EVENT_TYPES, ROLE_NAMES, TYPE_NAMES
from ..schema import Argument, Document, Event, Span
from ..tokens import Token, split_sentences
from .common import ConversionReport, drop_attributes, event_where

ENTITY_TYPE = "Entity"
#: Source and licence given to documents read from TextEE (which has no place for them).
TEXTEE_SOURCE = "textee"
TEXTEE_LICENSE = "NOASSERTION"


def document_tokens(text: str) -> list[Token]:
    return [tok for sentence in split_sentences(text) for tok in sentence.tokens]


def token_span(tokens: Sequence[Token], start: int, end: int) -> tuple[int, int, bool]:
    """The tokens ``[first, last)`` a character span overlaps, and whether it fits them exactly.

    >>> toks = [Token("Russlands", 0, 9), Token("Krieg", 10, 15)]
    >>> token_span(toks, 0, 8), token_span(toks, 0, 15)
    ((0, 1, False), (0, 2, True))
    """
    ends = [t.end for t in tokens]
    starts = [t.start for t in tokens]
    first = bisect_right(ends, start)   # first token ending after the span starts
    last = bisect_left(starts, end)     # tokens starting before the span ends
    if first >= last:
        raise BenchmarkError(f"span {start}-{end} covers no token")
    exact = tokens[first].start == start and tokens[last - 1].end == end
    return first, last, exact


def char_span(text: str, tokens: Sequence[Token], first: int, last: int) -> Span:
    start, end = tokens[first].start, tokens[last - 1].end
    return Span(start, end, text[start:end])


def document_to_textee(doc: Document, report: ConversionReport) -> dict[str, Any]:
    """One gold document as one TextEE instance (window = document)."""
    report.document(doc)
    if doc.source != TEXTEE_SOURCE or doc.license != TEXTEE_LICENSE:
        report.drop("document.source", f"doc {doc.doc_id!r}")
    if doc.dct is not None:
        report.drop("document.dct", f"doc {doc.doc_id!r}")
    if doc.title is not None:
        report.drop("document.title", f"doc {doc.doc_id!r}")
    tokens = document_tokens(doc.text)
    entities: dict[tuple[int, int], dict[str, Any]] = {}
    mentions = []
    for event in doc.events:
        where = event_where(doc, event)
        drop_attributes(doc, event, report)
        ts, te, exact = token_span(tokens, event.trigger.start, event.trigger.end)
        if not exact:
            report.drop("trigger.inside_token", where)
        arguments = []
        for arg in event.arguments:
            s, e, exact = token_span(tokens, arg.span.start, arg.span.end)
            if not exact:
                report.drop("argument.inside_token", f"{where} · {arg.role}")
            if (s, e) not in entities:
                entities[(s, e)] = {"id": f"{doc.doc_id}-T{len(entities)}", "entity_type": ENTITY_TYPE,
                                    "text": char_span(doc.text, tokens, s, e).text,
                                    "start": s, "end": e}
            arguments.append({"entity_id": entities[(s, e)]["id"], "role": arg.role,
                              "text": entities[(s, e)]["text"], "start": s, "end": e})
        mentions.append({"id": f"{doc.doc_id}-{event.id}", "event_type": event.type,
                         "trigger": {"text": char_span(doc.text, tokens, ts, te).text,
                                     "start": ts, "end": te},
                         "arguments": arguments})
    return {"doc_id": doc.doc_id, "wnd_id": doc.doc_id, "text": doc.text, "lang": doc.lang,
            "tokens": [t.text for t in tokens], "entity_mentions": list(entities.values()),
            "event_mentions": mentions}


def _align_tokens(text: str, tokens: Sequence[Any], where: str) -> list[Token]:
    """Character offsets of TextEE's tokens, found left to right in the instance text."""
    out, pos = [], 0
    for i, tok in enumerate(tokens):
        if not isinstance(tok, str) or not tok:
            raise BenchmarkError(f"{where} · tokens[{i}]: expected a non-empty string, got {tok!r}")
        found = text.find(tok, pos)
        if found < 0:
            raise BenchmarkError(f"{where} · tokens[{i}]: token {tok!r} not found in the text after "
                                 f"offset {pos}; tokens must be substrings of the text, in order")
        out.append(Token(tok, found, found + len(tok)))
        pos = found + len(tok)
    return out


def _need(obj: Any, key: str, kind: type, where: str) -> Any:
    if not isinstance(obj, dict) or not isinstance(obj.get(key), kind) or isinstance(obj.get(key),
                                                                                      bool):
        got = obj.get(key) if isinstance(obj, dict) else obj
        raise BenchmarkError(f"{where}: field {key!r} must be {kind.__name__}, got {got!r}")
    return obj[key]


def textee_to_document(inst: Mapping[str, Any], where: str = "instance") -> Document:
    """A gold document from one TextEE instance (window = document). Token spans become character
    spans over ``text``; what TextEE does not hold takes its default. Raises
    :class:`BenchmarkError` naming the field at fault."""
    doc_id = _need(inst, "doc_id", str, where)
    where = f"{where} · doc {doc_id!r}"
    text = _need(inst, "text", str, where)
    tokens = _align_tokens(text, _need(inst, "tokens", list, where), where)
    prefix = f"{doc_id}-"

    def span(obj: Any, w: str) -> Span:
        s, e = _need(obj, "start", int, w), _need(obj, "end", int, w)
        if not 0 <= s < e <= len(tokens):
            raise BenchmarkError(f"{w}: token span {s}-{e} outside the {len(tokens)} tokens")
        return char_span(text, tokens, s, e)

    events = []
    for i, ev in enumerate(_need(inst, "event_mentions", list, where)):
        w = f"{where} · event_mentions[{i}]"
        etype = _need(ev, "event_type", str, w)
        if etype not in EVENT_TYPES:
            raise BenchmarkError(f"{w}: unknown event type {etype!r}; "
                                 f"{did_you_mean(etype, TYPE_NAMES)}")
        raw_id = ev.get("id") if isinstance(ev.get("id"), str) else ""
        eid = raw_id[len(prefix):] if raw_id.startswith(prefix) else f"E{i + 1}"
        arguments = []
        for j, arg in enumerate(ev.get("arguments") or []):
            aw = f"{w}.arguments[{j}]"
            role = _need(arg, "role", str, aw)
            if role not in EVENT_TYPES[etype].roles:
                hint = did_you_mean(role, EVENT_TYPES[etype].roles if role in ROLE_NAMES
                                    else ROLE_NAMES)
                raise BenchmarkError(f"{aw}: role {role!r} is not allowed for {etype}; {hint}")
            arguments.append(Argument(role, span(arg, aw)))
        events.append(Event(eid, etype, span(_need(ev, "trigger", dict, w), f"{w}.trigger"),
                            tuple(arguments)))
    return Document(doc_id=doc_id, source=TEXTEE_SOURCE, license=TEXTEE_LICENSE,
                    lang=inst.get("lang") or "de", dct=None, title=None, text=text,
                    events=tuple(events))


def textee_projection(doc: Document) -> Document:
    """What a gold → TextEE → gold round trip gives: ``doc`` as far as TextEE holds it."""
    tokens = document_tokens(doc.text)

    def widen(span: Span) -> Span:
        first, last, _ = token_span(tokens, span.start, span.end)
        return char_span(doc.text, tokens, first, last)

    events = tuple(Event(e.id, e.type, widen(e.trigger),
                         tuple(Argument(a.role, widen(a.span)) for a in e.arguments))
                   for e in doc.events)
    return Document(doc.doc_id, TEXTEE_SOURCE, TEXTEE_LICENSE, doc.lang, None, None, doc.text,
                    events)


def predictions_to_textee(doc: Document, events: Sequence[Any],
                          report: ConversionReport) -> dict[str, Any]:
    """Aligned predicted events (:class:`benchmark.align.AlignedEvent`) of one document as a TextEE
    end-to-end prediction instance: ``{"doc_id", "wnd_id", "tokens", "text", "events": [{"trigger":
    [start, end, type], "arguments": [[start, end, role], …]}]}`` in token offsets, the shape that
    TextEE's ``compute_scores`` compares. A span that could not be aligned is dropped and counted."""
    report.documents += 1
    tokens = document_tokens(doc.text)
    out = []
    for ev in events:
        report.events += 1
        where = f"doc {doc.doc_id!r} · {ev.type} event"
        if ev.trigger is None:
            report.drop("span.unaligned", where)
            continue
        ts, te, exact = token_span(tokens, *ev.trigger)
        if not exact:
            report.drop("trigger.inside_token", where)
        arguments = []
        for arg in ev.arguments:
            report.arguments += 1
            if arg.span is None:
                report.drop("span.unaligned", f"{where} · {arg.role}")
                continue
            s, e, exact = token_span(tokens, *arg.span)
            if not exact:
                report.drop("argument.inside_token", f"{where} · {arg.role}")
            arguments.append([s, e, arg.role])
        out.append({"trigger": [ts, te, ev.type], "arguments": arguments})
    return {"doc_id": doc.doc_id, "wnd_id": doc.doc_id, "tokens": [t.text for t in tokens],
            "text": doc.text, "events": out}
