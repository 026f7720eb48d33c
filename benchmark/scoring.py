"""The scorer: a pure function from gold documents and a submission to a :class:`ScoreReport`.

``score(gold, submission, spec=...)`` opens no file, prints nothing and never exits. Each level is
one key function over a document's events (:data:`LEVELS`); :func:`benchmark.matching.match` does
all the matching. ``docs/metrics.md`` defines every level, key and counting rule.

>>> from benchmark.schema import Document, Event, Span
>>> from benchmark.submission import PredDocument, PredEvent, PredSpan, Submission
>>> gold = [Document("d", "t", "CC0", "de", None, None, "Berlin liefert Panzer.",
...                  (Event("E1", "DELIVERY", Span(7, 14, "liefert")),))]
>>> pred = Submission((PredDocument("d", (PredEvent("EXPORT", PredSpan(7, 14)),)),))
>>> report = score(gold, pred, spec=ScoringSpec(bootstrap=0))
>>> report.levels["trigger_identification"].micro, report.levels["trigger_classification"].micro
(PRF(tp=1, fp=0, fn=0), PRF(tp=0, fp=1, fn=1))
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .align import AlignedDocument, AlignedEvent, align_events, from_gold
from .errors import BenchmarkError
from .gcpause import gc_paused
from .goldset import GoldSet
from .lenient import IOU_THRESHOLD, STRIP_WORDS, LenientIndex
from .matching import Item, Matching, match
from .ontology import ATTRIBUTES, ROLE_NAMES, TYPE_NAMES
from .prf import PRF, ZERO_DIVISION_POLICY, macro_f1
from .schema import Document
from .submission import PredDocument, Submission

SCORER_VERSION = "1.0.0"
MODES = ("strict", "lenient")
COMPATS = ("textee",)
DEFAULT_BOOTSTRAP = 1000
DEFAULT_SEED = 20241011
HEADLINE = "argument_classification_attached"
BESIDE = "trigger_classification"


@dataclass(frozen=True)
class ScoringSpec:
    """How to score; written into every results file. The official spec is ``ScoringSpec()``."""

    mode: str = "strict"
    compat: str | None = None
    bootstrap: int = DEFAULT_BOOTSTRAP
    seed: int = DEFAULT_SEED
    confidence: float = 0.95

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise BenchmarkError(f"unknown scoring mode {self.mode!r}; expected one of "
                                 f"{', '.join(MODES)}")
        if self.compat is not None and self.compat not in COMPATS:
            raise BenchmarkError(f"unknown compatibility mode {self.compat!r}; expected one of "
                                 f"{', '.join(COMPATS)}")
        if self.compat == "textee" and self.mode != "strict":
            raise BenchmarkError("--compat textee reproduces TextEE's exact matching; it cannot "
                                 "be combined with --mode lenient")
        if not isinstance(self.bootstrap, int) or self.bootstrap < 0:
            raise BenchmarkError(f"bootstrap samples must be 0 or more, got {self.bootstrap!r}")
        if not 0 < self.confidence < 1:
            raise BenchmarkError(f"confidence must lie between 0 and 1, got {self.confidence}")

    @property
    def official(self) -> bool:
        return self.mode == "strict" and self.compat is None

    def to_dict(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "compat": self.compat,
            "official": self.official,
            "lenient": {"strip_words": sorted(STRIP_WORDS), "token_iou_threshold": IOU_THRESHOLD,
                        "applies_to": "argument spans"} if self.mode == "lenient" else None,
            "counting": "set (TextEE)" if self.compat == "textee" else "multiset",
            "zero_division": ("0.0 (TextEE safe_div)" if self.compat == "textee"
                              else ZERO_DIVISION_POLICY),
            "macro": "mean per-type F1 over the event types with a gold or predicted item at "
                     "the level",
            "bootstrap": {"samples": self.bootstrap, "seed": self.seed,
                          "confidence": self.confidence, "unit": "document",
                          "interval": "percentile"},
        }


# --------------------------------------------------------------------------- levels


def _attributes(ev: AlignedEvent) -> tuple[str, str, str]:
    return (ev.modality, ev.evidentiality, ev.change)


def _trigger_items(events: Sequence[AlignedEvent], typed: bool) -> list[Item]:
    items = []
    for i, ev in enumerate(events):
        key = None if ev.trigger is None else ((ev.trigger, ev.type) if typed else ev.trigger)
        items.append(Item(key, None, (i, None), ev.type if typed else None,
                          tiebreak=_attributes(ev)))
    return items


def _argument_items(events: Sequence[AlignedEvent], classified: bool, attached: bool
                    ) -> list[Item]:
    items = []
    for i, ev in enumerate(events):
        for j, arg in enumerate(ev.arguments):
            key: Any = (ev.type,)
            if attached:
                key += (ev.trigger,)
            if classified:
                key += (arg.role,)
            if arg.span is None or (attached and ev.trigger is None):
                key = None
            items.append(Item(key, arg.span, (i, j), ev.type, arg.role if classified else None,
                              tiebreak=arg.value))
    return items


def _event_items(events: Sequence[AlignedEvent]) -> list[Item]:
    items = []
    for i, ev in enumerate(events):
        args = tuple(sorted((a.role, a.span) for a in ev.arguments
                            if a.span is not None))
        complete = ev.trigger is not None and len(args) == len(ev.arguments)
        key = (ev.trigger, ev.type, tuple(r for r, _ in args)) if complete else None
        items.append(Item(key, args, (i, None), ev.type, tiebreak=_attributes(ev)))
    return items


@dataclass(frozen=True)
class Level:
    name: str
    items: Callable[[Sequence[AlignedEvent]], list[Item]]
    loose: str  # what lenient mode compares loosely: "none", "span" or "arguments"
    key: str  # the key, for documentation and rendering


LEVELS: Mapping[str, Level] = {lv.name: lv for lv in (
    Level("trigger_identification", lambda ev: _trigger_items(ev, False), "none",
          "(doc, trigger start, trigger end)"),
    Level("trigger_classification", lambda ev: _trigger_items(ev, True), "none",
          "(doc, trigger start, trigger end, type)"),
    Level("argument_identification", lambda ev: _argument_items(ev, False, False), "span",
          "(doc, type, argument start, argument end)"),
    Level("argument_classification", lambda ev: _argument_items(ev, True, False), "span",
          "(doc, type, argument start, argument end, role)"),
    Level("argument_identification_attached", lambda ev: _argument_items(ev, False, True),
          "span", "(doc, trigger start, trigger end, type, argument start, argument end)"),
    Level("argument_classification_attached", lambda ev: _argument_items(ev, True, True),
          "span", "(doc, trigger start, trigger end, type, argument start, argument end, role)"),
    Level("event", _event_items, "arguments",
          "(doc, trigger start, trigger end, type, multiset of (role, argument start, end))"),
)}


@dataclass(frozen=True)
class LevelMatch:
    gold: tuple[Item, ...]
    pred: tuple[Item, ...]
    matching: Matching


@dataclass(frozen=True)
class DocumentMatch:
    """Everything known about one document after alignment and matching."""

    doc_id: str
    text: str
    gold: tuple[AlignedEvent, ...]
    pred: AlignedDocument
    levels: Mapping[str, LevelMatch]


def _compatibles(text: str, mode: str) -> dict[str, Callable[[Any, Any], bool] | None]:
    if mode == "strict":
        return {"none": None, "span": None, "arguments": None}
    index = LenientIndex(text)

    def arguments(gold: tuple, pred: tuple) -> bool:
        m = match([Item(r, s) for r, s in gold], [Item(r, s) for r, s in pred], index.compatible)
        return len(m.pairs) == len(gold) == len(pred)

    return {"none": None, "span": index.compatible, "arguments": arguments}


def match_document(gold: Document, pred: PredDocument | None, mode: str = "strict"
                   ) -> DocumentMatch:
    """Align the predictions of one document and match them against gold at every level."""
    gold_events = from_gold(gold)
    aligned = align_events(gold.text, pred.events if pred else ())
    compat = _compatibles(gold.text, mode)
    levels = {}
    for name, level in LEVELS.items():
        g = tuple(level.items(gold_events))
        p = tuple(level.items(aligned.events))
        levels[name] = LevelMatch(g, p, match(g, p, compat[level.loose]))
    return DocumentMatch(gold.doc_id, gold.text, gold_events, aligned, levels)


# --------------------------------------------------------------------------- report


@dataclass(frozen=True)
class Accuracy:
    """``correct`` of ``total`` matched pairs agree; accuracy is None when ``total`` is 0."""

    correct: int = 0
    total: int = 0

    def __add__(self, other: Accuracy) -> Accuracy:
        return Accuracy(self.correct + other.correct, self.total + other.total)

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.total if self.total else None

    def to_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "total": self.total, "accuracy": self.accuracy}


@dataclass(frozen=True)
class LevelScore:
    micro: PRF
    per_type: Mapping[str, PRF] = field(default_factory=dict)
    per_role: Mapping[str, PRF] = field(default_factory=dict)
    macro_f1: float | None = None
    macro_types: tuple[str, ...] = ()
    ci: tuple[float, float] | None = None
    per_document: tuple[PRF, ...] = ()  # in the order of ScoreReport.doc_ids


@dataclass(frozen=True)
class ScoreReport:
    spec: ScoringSpec
    doc_ids: tuple[str, ...]
    levels: Mapping[str, LevelScore]
    accuracy: Mapping[str, Accuracy]
    headline: str
    beside: str
    predicted_documents: int
    string_aligned: bool
    text_spans: int
    alignment_failures: int


def _order(labels: set[str], inventory: Sequence[str]) -> list[str]:
    rank = {name: i for i, name in enumerate(inventory)}
    return sorted(labels, key=lambda x: (rank.get(x, len(rank)), x))


class _Tally:
    """Per-label tp/fp/fn of one level, added up document by document."""

    def __init__(self, attr: str) -> None:
        self.attr = attr
        self.tp: Counter[str] = Counter()
        self.fp: Counter[str] = Counter()
        self.fn: Counter[str] = Counter()

    def add(self, lm: LevelMatch) -> None:
        attr, gold, pred, m = self.attr, lm.gold, lm.pred, lm.matching
        for i, _ in m.pairs:
            self.tp[getattr(gold[i], attr)] += 1
        for j in m.unmatched_pred:
            self.fp[getattr(pred[j], attr)] += 1
        for i in m.unmatched_gold:
            self.fn[getattr(gold[i], attr)] += 1

    def table(self, inventory: Sequence[str]) -> dict[str, PRF]:
        tp, fp, fn = self.tp, self.fp, self.fn
        labels = {x for x in (tp | fp | fn) if x is not None}
        return {x: PRF(tp[x], fp[x], fn[x]) for x in _order(labels, inventory)}


def _accuracies(dm: DocumentMatch) -> dict[str, Accuracy]:
    acc = {name: Accuracy() for name in (*ATTRIBUTES, "time_value")}
    for i, j in dm.levels["trigger_classification"].matching.pairs:
        g, p = dm.gold[i], dm.pred.events[j]
        for name in ATTRIBUTES:
            acc[name] += Accuracy(int(getattr(g, name) == getattr(p, name)), 1)
    lm = dm.levels["argument_classification_attached"]
    for i, j in lm.matching.pairs:
        (gi, ga), (pi, pa) = lm.gold[i].ref, lm.pred[j].ref
        garg, parg = dm.gold[gi].arguments[ga], dm.pred.events[pi].arguments[pa]
        if garg.role == "Time":
            acc["time_value"] += Accuracy(int(garg.value == parg.value), 1)
    return acc


def _gold_documents(gold: GoldSet | Sequence[Document]) -> list[Document]:
    documents = list(gold.documents if isinstance(gold, GoldSet) else gold)
    return sorted(documents, key=lambda d: d.doc_id)


def iter_document_matches(gold: GoldSet | Sequence[Document], submission: Submission,
                          mode: str = "strict") -> Iterator[DocumentMatch]:
    """Per-document alignment and matching (sorted by doc_id), one document at a time."""
    documents = _gold_documents(gold)
    preds = submission.by_id()
    unknown = sorted(set(preds) - {d.doc_id for d in documents})
    if unknown:
        raise BenchmarkError(f"the submission has documents that are not in the gold set: "
                             f"{', '.join(map(repr, unknown[:5]))}; validate it first")
    return (match_document(d, preds.get(d.doc_id), mode) for d in documents)


def document_matches(gold: GoldSet | Sequence[Document], submission: Submission,
                     mode: str = "strict") -> list[DocumentMatch]:
    """Per-document alignment and matching (sorted by doc_id), shared by scoring and errors."""
    return list(iter_document_matches(gold, submission, mode))


def score(gold: GoldSet | Sequence[Document], submission: Submission, *,
          spec: ScoringSpec | None = None) -> ScoreReport:
    """Score ``submission`` against ``gold`` under ``spec`` (official strict spec by default)."""
    spec = spec or ScoringSpec()
    with gc_paused():
        return _score(gold, submission, spec)


def _score(gold: GoldSet | Sequence[Document], submission: Submission, spec: ScoringSpec
           ) -> ScoreReport:
    if spec.compat == "textee":
        from .textee import score_textee

        return score_textee(gold, submission, spec=spec)
    from .bootstrap import with_intervals

    # one document at a time, so that memory holds the counts, not every document's matches
    per_doc: dict[str, list[PRF]] = {name: [] for name in LEVELS}
    types = {name: _Tally("label_type") for name in LEVELS}
    roles = {name: _Tally("label_role") for name in LEVELS}
    accuracy = {name: Accuracy() for name in (*ATTRIBUTES, "time_value")}
    doc_ids: list[str] = []
    text_spans = alignment_failures = 0
    for dm in iter_document_matches(gold, submission, spec.mode):
        doc_ids.append(dm.doc_id)
        for name, lm in dm.levels.items():
            per_doc[name].append(lm.matching.counts())
            types[name].add(lm)
            roles[name].add(lm)
        for name, value in _accuracies(dm).items():
            accuracy[name] += value
        text_spans += dm.pred.text_spans
        alignment_failures += len(dm.pred.failures)
    levels: dict[str, LevelScore] = {}
    for name in LEVELS:
        counts = tuple(per_doc[name])
        per_type = types[name].table(TYPE_NAMES)
        levels[name] = LevelScore(
            micro=PRF(sum(c.tp for c in counts), sum(c.fp for c in counts),
                      sum(c.fn for c in counts)), per_type=per_type, per_role=roles[name].table(ROLE_NAMES),
            macro_f1=macro_f1(per_type), macro_types=tuple(per_type), per_document=counts)
    levels = with_intervals(levels, spec, PRF.f1_array)
    return ScoreReport(
        spec=spec, doc_ids=tuple(doc_ids), levels=levels,
        accuracy=accuracy, headline=HEADLINE, beside=BESIDE,
        predicted_documents=len(submission.documents),
        string_aligned=submission.string_aligned,
        text_spans=text_spans,
        alignment_failures=alignment_failures,
    )
