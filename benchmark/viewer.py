"""The data of the HTML error-analysis viewer (``eventbench view``): pure, no file and no HTML.

:func:`build_view` aligns and matches a submission against gold with the scorer's own
:func:`~benchmark.scoring.document_matches`, explains every unmatched item with
:func:`~benchmark.error_analysis.analyse_document`, and returns a :class:`View`: per document the
gold and the predicted triggers and arguments as :class:`Mark` objects over the text (cut into
:class:`Piece` objects that the template wraps in nested ``<span>`` elements), the findings, the
per-type figures of the scorer and the trigger-type confusion matrix. Rendering is
:func:`benchmark.render.viewer_html`; the plots are :mod:`benchmark.plots`.

Every mark has one **category**: ``match`` for a true positive, otherwise the error-analysis
reason of the item — ``missed`` (gold only), ``spurious`` (prediction only), ``boundary``,
``type``, ``role``, ``attachment`` (argument attached to the wrong trigger) and ``unaligned``
(text-only span not found; listed, but has no place in the text).

>>> from benchmark.schema import Document, Event, Span
>>> from benchmark.submission import PredDocument, PredEvent, PredSpan, Submission
>>> gold = [Document("d", "t", "CC0", "de", None, None, "Berlin liefert Panzer.",
...                  (Event("E1", "DELIVERY", Span(7, 14, "liefert")),))]
>>> pred = Submission((PredDocument("d", (PredEvent("EXPORT", PredSpan(7, 14)),)),))
>>> view = build_view(gold, pred)
>>> [(m.side, m.category, m.event_type) for m in view.documents[0].marks]
[('gold', 'type', 'DELIVERY'), ('pred', 'type', 'EXPORT')]
>>> view.confusion.count("DELIVERY", "EXPORT")
1
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from . import error_analysis as ea
from .error_analysis import Finding, analyse_document
from .goldset import GoldSet
from .ontology import TYPE_NAMES
from .prf import PRF
from .schema import Document
from .scoring import (
    BESIDE,
    HEADLINE,
    SCORER_VERSION,
    DocumentMatch,
    ScoreReport,
    ScoringSpec,
    document_matches,
    score,
)
from .submission import Submission

TRIGGER_LEVEL = BESIDE  # trigger_classification
ARGUMENT_LEVEL = HEADLINE  # argument_classification_attached

#: category -> (label, what it means); the order of the legend and of the filters
CATEGORIES: dict[str, tuple[str, str]] = {
    "match": ("match", "gold and prediction agree (true positive)"),
    "missed": ("missed", "gold item with no prediction near it (false negative)"),
    "spurious": ("spurious", "prediction with no gold item near it, or a duplicate (false "
                 "positive)"),
    "boundary": ("boundary error", "overlaps a gold/predicted item of the same kind, other "
                 "span"),
    "type": ("wrong type", "same span, other event type"),
    "role": ("wrong role", "same argument span and trigger, other role"),
    "attachment": ("wrong trigger", "argument attached to another trigger of the same type"),
    "unaligned": ("unaligned", "text-only prediction that was not found in the document"),
}
_REASON_CATEGORY = {ea.MISSED: "missed", ea.SPURIOUS: "spurious", ea.BOUNDARY: "boundary",
                    ea.WRONG_TYPE: "type", ea.WRONG_ROLE: "role", ea.WRONG_TRIGGER: "attachment",
                    ea.UNALIGNED: "unaligned"}
SIDE_LABEL = {"gold": "gold", "pred": "system"}
NO_GOLD = "(no gold trigger)"
NO_PRED = "(no prediction)"


@dataclass(frozen=True)
class Mark:
    """One gold or predicted trigger/argument placed on the text (``end`` exclusive)."""

    side: str  # "gold" or "pred"
    kind: str  # "trigger" or "argument"
    category: str  # a key of CATEGORIES
    event_type: str
    role: str | None
    start: int
    end: int
    label: str  # one line for the tooltip
    depth: int = 0  # nesting level among overlapping marks of the same side and kind


@dataclass(frozen=True)
class MarkRef:
    mark: Mark
    ends: bool  # the mark ends with this piece (the legend glyph goes here)


@dataclass(frozen=True)
class Piece:
    """A stretch of the text covered by the same marks (outermost first)."""

    text: str
    marks: tuple[MarkRef, ...] = ()


@dataclass(frozen=True)
class FindingRow:
    side: str
    outcome: str  # "tp", "fp", "fn"
    kind: str
    category: str
    event_type: str
    role: str | None
    span: tuple[int, int] | None
    text: str | None
    reason: str | None
    detail: str


@dataclass(frozen=True)
class DocumentView:
    doc_id: str
    title: str | None
    text: str
    marks: tuple[Mark, ...]
    gold_pieces: tuple[Piece, ...]
    pred_pieces: tuple[Piece, ...]
    findings: tuple[FindingRow, ...]
    counts: dict[str, PRF]  # "trigger" / "argument" -> counts of this document

    @property
    def event_types(self) -> tuple[str, ...]:
        return tuple(sorted({f.event_type for f in self.findings}))

    @property
    def categories(self) -> tuple[str, ...]:
        present = {f.category for f in self.findings}
        return tuple(c for c in CATEGORIES if c in present)


@dataclass(frozen=True)
class TypeRow:
    """Per-type counts of one event type at the two headline levels."""

    event_type: str
    trigger: PRF  # trigger_classification
    argument: PRF  # argument_classification_attached


@dataclass(frozen=True)
class Confusion:
    """Trigger-type confusion over trigger-identification matches (same trigger span).

    Rows are gold types plus :data:`NO_GOLD` (spurious predicted triggers); columns predicted
    types plus :data:`NO_PRED` (missed gold triggers).
    """

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]

    def count(self, gold_type: str, pred_type: str) -> int:
        return self.counts[self.rows.index(gold_type)][self.columns.index(pred_type)]


@dataclass(frozen=True)
class View:
    """Everything the viewer page shows."""

    system_name: str
    split: str
    dataset_hash: str | None
    mode: str
    scorer_version: str
    documents: tuple[DocumentView, ...]
    per_type: tuple[TypeRow, ...]
    totals: TypeRow  # micro counts over all types
    macro_f1: dict[str, float | None]  # "trigger" / "argument"
    confusion: Confusion
    category_counts: dict[str, dict[str, int]]  # category -> {"trigger": n, "argument": n}

    @property
    def event_types(self) -> tuple[str, ...]:
        present = {t for d in self.documents for t in d.event_types}
        return _ordered(present)


def _ordered(labels: Iterable[str]) -> tuple[str, ...]:
    rank = {name: i for i, name in enumerate(TYPE_NAMES)}
    return tuple(sorted(set(labels), key=lambda x: (rank.get(x, len(rank)), x)))


def _category(f: Finding) -> str:
    return "match" if f.outcome == "tp" else _REASON_CATEGORY.get(f.reason or "", "spurious")


def _label(side: str, kind: str, event_type: str, role: str | None, span: tuple[int, int],
           category: str, detail: str) -> str:
    what = event_type + (f"/{role}" if role else "")
    text = f"{SIDE_LABEL[side]} {kind} {what} [{span[0]}:{span[1]}] · {CATEGORIES[category][0]}"
    return text + (f" ({detail})" if detail else "")


def _with_depths(marks: list[Mark]) -> list[Mark]:
    """Give overlapping marks of the same side and kind increasing depths (greedy colouring)."""
    out: list[Mark] = []
    for side in ("gold", "pred"):
        for kind in ("trigger", "argument"):
            group = sorted((m for m in marks if m.side == side and m.kind == kind),
                           key=lambda m: (m.start, -m.end, m.category, m.event_type, m.role or ""))
            placed: list[Mark] = []
            for m in group:
                used = {p.depth for p in placed if p.start < m.end and m.start < p.end}
                depth = next(d for d in range(len(used) + 1) if d not in used)
                placed.append(replace(m, depth=depth))
            out.extend(placed)
    return out


def pieces(text: str, marks: Sequence[Mark]) -> tuple[Piece, ...]:
    """Cut ``text`` at every mark boundary; each piece lists the marks covering it.

    Marks are ordered outermost first (earlier start, then longer), so that the template can
    nest one ``<span>`` per mark.

    >>> m = Mark("gold", "argument", "match", "MEETING", "Place", 3, 8, "x")
    >>> [(p.text, [r.ends for r in p.marks]) for p in pieces("in Paris.", [m])]
    [('in ', []), ('Paris', [True]), ('.', [])]
    """
    cuts = {0, len(text)}
    for m in marks:
        cuts.update((m.start, m.end))
    bounds = sorted(c for c in cuts if 0 <= c <= len(text))
    ordered = sorted(marks, key=lambda m: (m.start, -m.end, m.kind != "argument", m.depth))
    out = []
    for a, b in zip(bounds, bounds[1:]):
        covering = tuple(MarkRef(m, m.end == b) for m in ordered if m.start <= a and b <= m.end)
        out.append(Piece(text[a:b], covering))
    return tuple(out)


def _document_view(dm: DocumentMatch, mode: str, title: str | None) -> DocumentView:
    errors = analyse_document(dm, mode)
    marks: list[Mark] = []
    rows: list[FindingRow] = []
    for f in errors.findings:
        category = _category(f)
        side = "pred" if f.outcome == "fp" else "gold"
        rows.append(FindingRow(side, f.outcome, f.kind, category, f.event_type, f.role, f.span,
                               f.text, f.reason, f.detail))
        if f.span is not None:
            marks.append(Mark(side, f.kind, category, f.event_type, f.role, f.span[0],
                              f.span[1], _label(side, f.kind, f.event_type, f.role, f.span,
                                                category, f.detail)))
    # true positives on the prediction side: the predicted spans (they may differ from gold in
    # lenient mode), taken from the same matchings the error analysis used
    preds = dm.pred.events
    for _, j in dm.levels[TRIGGER_LEVEL].matching.pairs:
        ev = preds[dm.levels[TRIGGER_LEVEL].pred[j].ref[0]]
        if ev.trigger is None:  # cannot happen: an unaligned trigger never matches
            continue
        marks.append(Mark("pred", "trigger", "match", ev.type, None, *ev.trigger,
                          _label("pred", "trigger", ev.type, None, ev.trigger, "match", "")))
    lm = dm.levels[ARGUMENT_LEVEL]
    for _, j in lm.matching.pairs:
        ei, ai = lm.pred[j].ref
        ev, arg = preds[ei], preds[ei].arguments[ai]
        if arg.span is None:  # cannot happen: an unaligned argument never matches
            continue
        marks.append(Mark("pred", "argument", "match", ev.type, arg.role, *arg.span,
                          _label("pred", "argument", ev.type, arg.role, arg.span, "match", "")))
    marks = _with_depths(marks)
    counts = {kind: PRF(errors.count(kind, "tp"), errors.count(kind, "fp"),
                        errors.count(kind, "fn")) for kind in ("trigger", "argument")}
    return DocumentView(
        doc_id=dm.doc_id, title=title, text=dm.text, marks=tuple(marks),
        gold_pieces=pieces(dm.text, [m for m in marks if m.side == "gold"]),
        pred_pieces=pieces(dm.text, [m for m in marks if m.side == "pred"]),
        findings=tuple(rows), counts=counts)


def trigger_confusion(matches: Iterable[DocumentMatch]) -> Confusion:
    """Gold type × predicted type over trigger-identification matches, plus missed/spurious.

    >>> c = trigger_confusion([])
    >>> c.rows, c.columns, c.counts
    (('(no gold trigger)',), ('(no prediction)',), ((0,),))
    """
    cells: Counter[tuple[str, str]] = Counter()
    for dm in matches:
        lm = dm.levels["trigger_identification"]
        gold = [dm.gold[item.ref[0]] for item in lm.gold]
        pred = [dm.pred.events[item.ref[0]] for item in lm.pred]
        for i, j in lm.matching.pairs:
            cells[(gold[i].type, pred[j].type)] += 1
        for i in lm.matching.unmatched_gold:
            cells[(gold[i].type, NO_PRED)] += 1
        for j in lm.matching.unmatched_pred:
            cells[(NO_GOLD, pred[j].type)] += 1
    types = _ordered({t for cell in cells for t in cell} - {NO_GOLD, NO_PRED})
    rows, columns = types + (NO_GOLD,), types + (NO_PRED,)
    return Confusion(rows, columns, tuple(tuple(cells[(r, c)] for c in columns) for r in rows))


def per_type_rows(report: ScoreReport) -> tuple[TypeRow, ...]:
    """Per event type: trigger_classification and argument_classification_attached counts."""
    trig = report.levels[TRIGGER_LEVEL].per_type
    arg = report.levels[ARGUMENT_LEVEL].per_type
    return tuple(TypeRow(t, trig.get(t, PRF()), arg.get(t, PRF()))
                 for t in _ordered(set(trig) | set(arg)))


def build_view(gold: GoldSet | Sequence[Document], submission: Submission, *,
               mode: str = "strict", system_name: str = "system") -> View:
    """The viewer's data for ``submission`` scored against ``gold`` in ``mode``."""
    spec = ScoringSpec(mode=mode, bootstrap=0)
    matches = document_matches(gold, submission, mode)
    titles = {d.doc_id: d.title for d in (gold.documents if isinstance(gold, GoldSet) else gold)}
    documents = tuple(_document_view(dm, mode, titles.get(dm.doc_id)) for dm in matches)
    report = score(gold, submission, spec=spec)
    category_counts = {c: {"trigger": 0, "argument": 0} for c in CATEGORIES}
    for d in documents:
        for f in d.findings:
            category_counts[f.category][f.kind] += 1
    return View(
        system_name=system_name,
        split=gold.split if isinstance(gold, GoldSet) else "documents",
        dataset_hash=gold.dataset_hash if isinstance(gold, GoldSet) else None,
        mode=mode, scorer_version=SCORER_VERSION, documents=documents,
        per_type=per_type_rows(report),
        totals=TypeRow("all types (micro)", report.levels[TRIGGER_LEVEL].micro,
                       report.levels[ARGUMENT_LEVEL].micro),
        macro_f1={"trigger": report.levels[TRIGGER_LEVEL].macro_f1,
                  "argument": report.levels[ARGUMENT_LEVEL].macro_f1},
        confusion=trigger_confusion(matches),
        category_counts=category_counts)
