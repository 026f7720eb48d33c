"""Hypothesis strategies for the scorer tests: small random gold sets and submissions.

Spans are drawn from a small pool per document so that gold and predictions collide often
(exact, overlapping, differing by an article or preposition). ``EVENTBENCH_HYPOTHESIS=heavy``
raises the number of examples for a longer local run.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from benchmark.ontology import allowed_roles
from benchmark.schema import Argument, Document, Event, Span

HEAVY = os.environ.get("EVENTBENCH_HYPOTHESIS") == "heavy"
SETTINGS = settings(max_examples=800 if HEAVY else 60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

VOCAB = ("der", "die", "in", "im", "nach", "Berlin", "liefert", "Panzer", "Polen", "Krieg",
         "Angriff", "„Leopard“", "Treffen,", "Moskau.", "am", "Montag", "Kiew", "und", "Macron")
TYPES = ("MEETING", "EXPORT", "ATTACK")
ATTRS = {"modality": ("ASSERTED", "PLANNED"), "evidentiality": ("DIRECT", "REPORTED"),
         "change": ("NONE", "INCREASE")}


@st.composite
def document_text(draw) -> tuple[str, list[tuple[int, int]]]:
    words = draw(st.lists(st.sampled_from(VOCAB), min_size=4, max_size=12))
    text = " ".join(words)
    starts, pos = [], 0
    for w in words:
        starts.append((pos, pos + len(w)))
        pos += len(w) + 1
    pool = set()
    for _ in range(draw(st.integers(2, 6))):
        i = draw(st.integers(0, len(words) - 1))
        j = draw(st.integers(i, min(i + 2, len(words) - 1)))
        pool.add((starts[i][0], starts[j][1]))
    if draw(st.booleans()):  # a span not on word boundaries
        s = draw(st.integers(0, len(text) - 1))
        pool.add((s, draw(st.integers(s + 1, len(text)))))
    return text, sorted(pool)


@st.composite
def events(draw, text: str, pool: list[tuple[int, int]], max_events: int = 4) -> list[dict]:
    """Events as plain dicts: {type, trigger: (s, e), arguments: [(role, (s, e), value)], attrs}."""
    out = []
    for _ in range(draw(st.integers(0, max_events))):
        etype = draw(st.sampled_from(TYPES))
        roles = allowed_roles(etype)
        args = []
        for _ in range(draw(st.integers(0, 3))):
            role = draw(st.sampled_from(roles))
            args.append((role, draw(st.sampled_from(pool)),
                         "2024-05" if role == "Time" else None))
        out.append({"type": etype, "trigger": draw(st.sampled_from(pool)), "arguments": args,
                    **{k: draw(st.sampled_from(v)) for k, v in ATTRS.items()}})
    return out


def to_document(doc_id: str, text: str, evs: list[dict]) -> Document:
    def span(s):
        return Span(s[0], s[1], text[s[0]:s[1]])

    return Document(doc_id, "test", "CC0-1.0", "de", None, None, text, tuple(
        Event(f"E{i}", e["type"], span(e["trigger"]),
              tuple(Argument(r, span(s), v) for r, s, v in e["arguments"]),
              e["modality"], e["evidentiality"], e["change"])
        for i, e in enumerate(evs)))


def _span_obj(text: str, span, as_text: bool) -> dict:
    if isinstance(span, str):
        return {"text": span}
    if as_text:
        return {"text": text[span[0]:span[1]]}
    return {"start": span[0], "end": span[1]}


def to_submission_line(doc_id: str, text: str, evs: list[dict],
                       text_flags: list[bool] | None = None) -> dict:
    """A submission line; ``text_flags`` (one per span, in order) asks for text-only spans."""
    flags = iter(text_flags or [])
    out = []
    for e in evs:
        trig = _span_obj(text, e["trigger"], next(flags, False))
        args = []
        for r, s, v in e["arguments"]:
            arg = {"role": r, **_span_obj(text, s, next(flags, False))}
            if v is not None:
                arg["value"] = v
            args.append(arg)
        out.append({"type": e["type"], "trigger": trig, "arguments": args,
                    **{k: e[k] for k in ATTRS}})
    return {"doc_id": doc_id, "events": out}


def to_reference_events(text: str, evs: list[dict], text_flags: list[bool] | None = None
                        ) -> list[dict]:
    flags = iter(text_flags or [])

    def conv(span):
        as_text = next(flags, False)  # one flag per span, consumed in the same order
        if isinstance(span, str):
            return span
        return text[span[0]:span[1]] if as_text else span

    return [{"type": e["type"], "trigger": conv(e["trigger"]),
             "arguments": [(r, conv(s), v) for r, s, v in e["arguments"]]} for e in evs]


@st.composite
def corpora(draw, max_docs: int = 3, text_spans: bool = True):
    """(gold documents, submission lines, reference docs, reference predictions)."""
    documents, lines, ref_docs, ref_preds = [], [], [], {}
    for n in range(draw(st.integers(1, max_docs))):
        doc_id = f"doc{n}"
        text, pool = draw(document_text())
        gold = draw(events(text, pool))
        documents.append(to_document(doc_id, text, gold))
        ref_docs.append((doc_id, text, [{"type": e["type"], "trigger": e["trigger"],
                                         "arguments": e["arguments"]} for e in gold]))
        if draw(st.booleans()) or not gold:
            pred = draw(events(text, pool))
        else:  # a perturbed copy of gold
            pred = [e for e in gold if draw(st.booleans())] + draw(events(text, pool, 2))
        if draw(st.booleans()):
            pred = pred + [{"type": "ATTACK", "trigger": "Zzz", "arguments": [],
                            **{k: v[0] for k, v in ATTRS.items()}}] if text_spans else pred
        n_spans = sum(1 + len(e["arguments"]) for e in pred)
        flags = (draw(st.lists(st.booleans(), min_size=n_spans, max_size=n_spans))
                 if text_spans else [])
        if pred or draw(st.booleans()):
            lines.append(to_submission_line(doc_id, text, pred, flags))
            ref_preds[doc_id] = to_reference_events(text, pred, flags)
    return documents, lines, ref_docs, ref_preds
