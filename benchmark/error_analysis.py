"""Error analysis: per document, the true positives, false positives and misses with a reason.

Triggers are judged at ``trigger_classification`` and arguments at
``argument_classification_attached`` (the headline), in the scoring mode given. The reason of an
unmatched item is the first that applies, in this order (``docs/metrics.md`` has the full rules):

* false positive trigger: ``unaligned text``, ``wrong type`` (a gold trigger has the same span),
  ``spurious`` (duplicate of a matched prediction), ``boundary error`` (overlaps a gold trigger),
  ``spurious``;
* missed trigger: ``wrong type``, ``boundary error``, ``missed``;
* false positive argument: ``unaligned text``, ``attached to the wrong trigger``, ``wrong role``,
  ``wrong type``, ``boundary error``, ``spurious``; missed argument: the same checks against the
  predictions, then ``missed``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .align import AlignedEvent
from .goldset import GoldSet
from .lenient import LenientIndex
from .schema import Document
from .scoring import DocumentMatch, document_matches
from .submission import Submission

UNALIGNED = "unaligned text"
WRONG_TYPE = "wrong type"
WRONG_ROLE = "wrong role"
WRONG_TRIGGER = "attached to the wrong trigger"
BOUNDARY = "boundary error"
SPURIOUS = "spurious"
MISSED = "missed"
REASONS = (BOUNDARY, WRONG_TYPE, WRONG_ROLE, WRONG_TRIGGER, UNALIGNED, SPURIOUS, MISSED)

Offsets = tuple[int, int]


@dataclass(frozen=True)
class Finding:
    """One gold or predicted trigger/argument and what became of it."""

    kind: str  # "trigger" or "argument"
    outcome: str  # "tp", "fp" or "fn"
    event_type: str
    role: str | None
    span: Offsets | None
    text: str | None
    trigger: Offsets | None
    reason: str | None = None
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "outcome": self.outcome, "event_type": self.event_type,
                "role": self.role, "span": list(self.span) if self.span else None,
                "text": self.text, "trigger": list(self.trigger) if self.trigger else None,
                "reason": self.reason, "detail": self.detail}


@dataclass(frozen=True)
class DocumentErrors:
    doc_id: str
    findings: tuple[Finding, ...]

    def count(self, kind: str, outcome: str) -> int:
        return sum(1 for f in self.findings if f.kind == kind and f.outcome == outcome)

    def to_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "findings": [f.to_dict() for f in self.findings]}


def _overlap(a: Offsets | None, b: Offsets | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def _text(doc_text: str, span: Offsets | None) -> str | None:
    return doc_text[span[0]:span[1]] if span else None


def _trigger_reason(ev: AlignedEvent, others: Sequence[AlignedEvent], is_pred: bool,
                    doc_text: str) -> tuple[str, str]:
    if is_pred and ev.trigger is None:
        return UNALIGNED, "the trigger text was not found in the document"
    same = [o for o in others if o.trigger == ev.trigger]
    if any(o.type != ev.type for o in same):
        other = next(o.type for o in same if o.type != ev.type)
        return WRONG_TYPE, f"{'gold' if is_pred else 'predicted'} type {other}"
    if is_pred and same:
        return SPURIOUS, "duplicate of a matched prediction"
    near = [o for o in others if _overlap(o.trigger, ev.trigger)]
    if near:
        o = near[0]
        return BOUNDARY, (f"{'gold' if is_pred else 'predicted'} {o.type} "
                          f"{_text(doc_text, o.trigger)!r} [{o.trigger[0]}:{o.trigger[1]}]")
    return (SPURIOUS, "") if is_pred else (MISSED, "")


def _argument_reason(ev: AlignedEvent, arg_i: int, others: Sequence[AlignedEvent],
                     is_pred: bool, same_span: Callable[[Offsets, Offsets], bool]
                     ) -> tuple[str, str]:
    arg = ev.arguments[arg_i]
    if is_pred and (arg.span is None or ev.trigger is None):
        return UNALIGNED, ("the argument text was not found in the document" if arg.span is None
                           else "the event's trigger text was not found in the document")
    side = "gold" if is_pred else "predicted"
    candidates = [(o, a) for o in others for a in o.arguments if a.span is not None
                  and o.trigger is not None]
    for o, a in candidates:
        if same_span(a.span, arg.span) and a.role == arg.role and o.type == ev.type \
                and o.trigger != ev.trigger:
            return WRONG_TRIGGER, f"{side} trigger at [{o.trigger[0]}:{o.trigger[1]}]"
    for o, a in candidates:
        if same_span(a.span, arg.span) and o.trigger == ev.trigger and o.type == ev.type \
                and a.role != arg.role:
            return WRONG_ROLE, f"{side} role {a.role}"
    for o, a in candidates:
        if same_span(a.span, arg.span) and a.role == arg.role and o.trigger == ev.trigger \
                and o.type != ev.type:
            return WRONG_TYPE, f"{side} event type {o.type}"
    for o, a in candidates:
        if _overlap(a.span, arg.span) and o.trigger == ev.trigger and o.type == ev.type:
            return BOUNDARY, f"{side} {a.role} [{a.span[0]}:{a.span[1]}]"
    return (SPURIOUS, "") if is_pred else (MISSED, "")


def analyse_document(dm: DocumentMatch, mode: str = "strict") -> DocumentErrors:
    text = dm.text
    index = LenientIndex(text) if mode == "lenient" else None

    def same_span(a: Offsets, b: Offsets) -> bool:
        return a == b or (index is not None and index.compatible(a, b))

    preds = dm.pred.events
    findings: list[Finding] = []
    tm = dm.levels["trigger_classification"].matching
    for i, _ in tm.pairs:
        ev = dm.gold[i]
        findings.append(Finding("trigger", "tp", ev.type, None, ev.trigger,
                                _text(text, ev.trigger), ev.trigger))
    for j in tm.unmatched_pred:
        ev = preds[j]
        reason, detail = _trigger_reason(ev, dm.gold, True, text)
        findings.append(Finding("trigger", "fp", ev.type, None, ev.trigger,
                                _text(text, ev.trigger), ev.trigger, reason, detail))
    for i in tm.unmatched_gold:
        ev = dm.gold[i]
        reason, detail = _trigger_reason(ev, preds, False, text)
        findings.append(Finding("trigger", "fn", ev.type, None, ev.trigger,
                                _text(text, ev.trigger), ev.trigger, reason, detail))
    lm = dm.levels["argument_classification_attached"]
    for i, _ in lm.matching.pairs:
        ei, ai = lm.gold[i].ref
        ev, arg = dm.gold[ei], dm.gold[ei].arguments[ai]
        findings.append(Finding("argument", "tp", ev.type, arg.role, arg.span,
                                _text(text, arg.span), ev.trigger))
    for j in lm.matching.unmatched_pred:
        ei, ai = lm.pred[j].ref
        ev, arg = preds[ei], preds[ei].arguments[ai]
        reason, detail = _argument_reason(ev, ai, dm.gold, True, same_span)
        findings.append(Finding("argument", "fp", ev.type, arg.role, arg.span,
                                _text(text, arg.span), ev.trigger, reason, detail))
    for i in lm.matching.unmatched_gold:
        ei, ai = lm.gold[i].ref
        ev, arg = dm.gold[ei], dm.gold[ei].arguments[ai]
        reason, detail = _argument_reason(ev, ai, preds, False, same_span)
        findings.append(Finding("argument", "fn", ev.type, arg.role, arg.span,
                                _text(text, arg.span), ev.trigger, reason, detail))
    order = {"trigger": 0, "argument": 1}
    findings.sort(key=lambda f: (order[f.kind], f.span or (-1, -1), f.outcome,
                                 f.event_type, f.role or ""))
    return DocumentErrors(dm.doc_id, tuple(findings))


def analyse(gold: GoldSet | Sequence[Document], submission: Submission, mode: str = "strict"
            ) -> list[DocumentErrors]:
    """Findings for every gold document (sorted by doc_id)."""
    return [analyse_document(dm, mode) for dm in document_matches(gold, submission, mode)]
