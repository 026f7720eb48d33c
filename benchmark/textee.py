"""``--compat textee``: the six end-to-end metrics of TextEE's ``compute_scores``.

TextEE (github.com/ej0cl6/TextEE, ``TextEE/scorer.py``, task ``"E2E"``) scores each metric by
building a **set** of tuples from gold and from predictions over all windows and comparing the sets:

=====================  ===================================================================
``trigger_id``         (doc_id, wnd_id, trigger start, trigger end)
``trigger_cls``        (doc_id, wnd_id, trigger start, trigger end, event type)
``argument_id``        (doc_id, wnd_id, event type, argument start, argument end)
``argument_cls``       (doc_id, wnd_id, event type, argument start, argument end, role)
``argument_attached_id``  (doc_id, wnd_id, trigger start, end, event type, argument start, end)
``argument_attached_cls`` the same plus the role
=====================  ===================================================================

``match = |gold ∩ pred|``, ``precision = match / |pred|`` and ``recall = match / |gold|`` (0 when the
denominator is 0), ``f1 = 2·p·r / (p + r)`` (0 when ``p + r`` is 0); TextEE reports them ×100.
Here a window is a whole document (``wnd_id = doc_id``) and offsets are character offsets (TextEE's
are token offsets). ``docs/metrics.md`` lists the differences from the official mode.

>>> gold = [{"doc_id": "d", "wnd_id": "d", "events": [
...     {"trigger": (0, 4, "ATTACK"), "arguments": [(5, 9, "Target")]}]}]
>>> pred = [{"doc_id": "d", "wnd_id": "d", "events": [
...     {"trigger": (0, 4, "ATTACK"), "arguments": [(5, 9, "Target"), (5, 9, "Target")]},
...     {"trigger": (0, 4, "ATTACK"), "arguments": []}]}]
>>> scores = compute_scores(pred, gold)
>>> scores["trigger_cls"]["pred_num"], scores["argument_attached_cls"]["f1"]
(1, 100.0)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .align import AlignedEvent
from .bootstrap import with_intervals
from .goldset import GoldSet
from .prf import TextEEPRF, total
from .schema import Document
from .scoring import LevelScore, ScoreReport, ScoringSpec, document_matches
from .submission import Submission

METRICS = ("trigger_id", "trigger_cls", "argument_id", "argument_cls", "argument_attached_id",
           "argument_attached_cls")
HEADLINE = "argument_attached_cls"
BESIDE = "trigger_cls"
LABELS = {"trigger_id": "Tri-I", "trigger_cls": "Tri-C", "argument_id": "Arg-I",
          "argument_cls": "Arg-C", "argument_attached_id": "Arg-I (attached)",
          "argument_attached_cls": "Arg-C (attached)"}

Trigger = tuple[int, int, str]
Argument = tuple[int, int, str]

#: One key function per metric over (doc_id, wnd_id, trigger, argument or None).
KEYS: Mapping[str, Callable[[str, str, Trigger, Argument | None], tuple]] = {
    "trigger_id": lambda d, w, t, a: (d, w, t[0], t[1]),
    "trigger_cls": lambda d, w, t, a: (d, w, t[0], t[1], t[2]),
    "argument_id": lambda d, w, t, a: (d, w, t[2], a[0], a[1]),
    "argument_cls": lambda d, w, t, a: (d, w, t[2], a[0], a[1], a[2]),
    "argument_attached_id": lambda d, w, t, a: (d, w, t[0], t[1], t[2], a[0], a[1]),
    "argument_attached_cls": lambda d, w, t, a: (d, w, t[0], t[1], t[2], a[0], a[1], a[2]),
}
_ON_TRIGGERS = ("trigger_id", "trigger_cls")


TASK_METRICS = {"ED": METRICS[:2], "EAE": METRICS[2:], "EARL": METRICS[2:], "E2E": METRICS}


def _events(inst: Mapping[str, Any], task: str) -> list[Mapping[str, Any]]:
    """The events of one TextEE instance, whatever the task's instance shape."""
    if task == "ED":
        return [{"trigger": t, "arguments": []} for t in inst["triggers"]]
    if task in ("EAE", "EARL"):
        args = [a for a in inst["arguments"] if task == "EAE" or a[2] is not None]
        return [{"trigger": inst["trigger"], "arguments": args}]
    return inst["events"]


def _tuples(instances: Sequence[Mapping[str, Any]], metric: str, task: str = "E2E") -> set[tuple]:
    key, out = KEYS[metric], set()
    for inst in instances:
        for ev in _events(inst, task):
            if metric in _ON_TRIGGERS:
                out.add(key(inst["doc_id"], inst["wnd_id"], tuple(ev["trigger"]), None))
            else:
                for arg in ev["arguments"]:
                    out.add(key(inst["doc_id"], inst["wnd_id"], tuple(ev["trigger"]), tuple(arg)))
    return out


def compute_scores(preds: Sequence[Mapping[str, Any]], golds: Sequence[Mapping[str, Any]],
                   task: str = "E2E") -> dict[str, dict[str, float]]:
    """TextEE's ``compute_scores(preds, golds, task)`` on TextEE-shaped instances, with its output
    shape (``pred_num``, ``gold_num``, ``match_num``, percentages). For ``"E2E"`` an instance is
    ``{"doc_id", "wnd_id", "events": [{"trigger": (s, e, type), "arguments": [(s, e, role)]}]}``;
    ``"ED"`` instances have ``"triggers"``, ``"EAE"``/``"EARL"`` instances one ``"trigger"`` and
    its ``"arguments"`` (EARL ignores arguments whose role is None). Like TextEE, predictions and
    gold must list the same windows in the same order."""
    if task not in TASK_METRICS:
        raise ValueError(f"unknown TextEE task {task!r}; expected one of {', '.join(TASK_METRICS)}")
    if len(preds) != len(golds) or any(
            (p["doc_id"], p["wnd_id"]) != (g["doc_id"], g["wnd_id"])
            for p, g in zip(preds, golds, strict=True)):
        raise ValueError("predictions and gold must list the same windows in the same order")
    scores = {}
    for metric in TASK_METRICS[task]:
        g, p = _tuples(golds, metric, task), _tuples(preds, metric, task)
        c = TextEEPRF(len(g & p), len(p) - len(g & p), len(g) - len(g & p))
        scores[metric] = {"pred_num": c.predicted, "gold_num": c.gold, "match_num": c.tp,
                          "precision": c.precision * 100.0, "recall": c.recall * 100.0,
                          "f1": c.f1 * 100.0}
    return scores


def to_instance(doc_id: str, events: Sequence[AlignedEvent]) -> dict[str, Any]:
    """One document as a TextEE end-to-end instance (character offsets, window = document).

    A span that could not be aligned gets a unique placeholder offset (``-1 - n``) so that it is a
    prediction that matches nothing, as in the official mode.
    """
    out, missing = [], 0
    for ev in events:
        if ev.trigger is None:
            missing += 1
            trigger = (-missing, -missing, ev.type)
        else:
            trigger = (ev.trigger[0], ev.trigger[1], ev.type)
        arguments = []
        for arg in ev.arguments:
            if arg.span is None:
                missing += 1
                arguments.append((-missing, -missing, arg.role))
            else:
                arguments.append((arg.span[0], arg.span[1], arg.role))
        out.append({"trigger": trigger, "arguments": arguments})
    return {"doc_id": doc_id, "wnd_id": doc_id, "events": out}


def score_textee(gold: GoldSet | Sequence[Document], submission: Submission, *,
                 spec: ScoringSpec) -> ScoreReport:
    """The TextEE-compatible report: six levels with set counting, per document for bootstrap."""
    matches = document_matches(gold, submission, "strict")
    per_doc: dict[str, list[TextEEPRF]] = {m: [] for m in METRICS}
    for dm in matches:
        g = [to_instance(dm.doc_id, dm.gold)]
        p = [to_instance(dm.doc_id, dm.pred.events)]
        for metric in METRICS:
            gs, ps = _tuples(g, metric), _tuples(p, metric)
            per_doc[metric].append(TextEEPRF(len(gs & ps), len(ps - gs), len(gs - ps)))
    levels = {m: LevelScore(micro=total(per_doc[m], TextEEPRF), per_document=tuple(per_doc[m]))
              for m in METRICS}
    levels = with_intervals(levels, spec, TextEEPRF.f1_array)
    return ScoreReport(
        spec=spec, doc_ids=tuple(dm.doc_id for dm in matches), levels=levels, accuracy={},
        headline=HEADLINE, beside=BESIDE, predicted_documents=len(submission.documents),
        string_aligned=submission.string_aligned,
        text_spans=sum(dm.pred.text_spans for dm in matches),
        alignment_failures=sum(len(dm.pred.failures) for dm in matches),
    )
