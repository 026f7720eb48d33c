"""Inter-annotator agreement, measured with the project's own scorer.

One annotation plays gold, the other is turned into a submission (with offsets) and scored under
the strict and the lenient spec: F1 is symmetric in which side plays gold, so the figures are the
pairwise F1 agreement. Attribute agreement is Cohen's kappa (scikit-learn) over the event pairs
matched at trigger classification, with the raw agreement beside it.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

from .errors import BenchmarkError
from .prf import PRF
from .schema import Document
from .scoring import ScoringSpec, document_matches, score
from .submission import submission_from_dicts

REPORTED_LEVELS = ("trigger_identification", "trigger_classification", "argument_identification",
                   "argument_classification", "argument_classification_attached", "event")
KAPPA_ATTRIBUTES = ("modality", "evidentiality", "change")


@dataclass(frozen=True)
class Kappa:
    pairs: int
    observed: float | None  # share of pairs with the same value
    kappa: float | None  # None when undefined (no pairs, or one value only on both sides)


@dataclass(frozen=True)
class AgreementReport:
    doc_ids: tuple[str, ...]
    events_first: int
    events_second: int
    levels: dict[str, dict[str, PRF]]  # mode -> level -> counts
    per_type: dict[str, PRF]  # strict trigger classification per type
    kappa: dict[str, Kappa]


def as_submission_objects(documents: Sequence[Document]) -> list[dict]:
    """Gold documents written as submission objects (offsets, attributes, Time values)."""
    return [{
        "doc_id": d.doc_id,
        "events": [{
            "type": e.type,
            "trigger": {"start": e.trigger.start, "end": e.trigger.end},
            "arguments": [{"role": a.role, "start": a.span.start, "end": a.span.end,
                           **({"value": a.value} if a.value is not None else {})}
                          for a in e.arguments],
            "modality": e.modality, "evidentiality": e.evidentiality, "change": e.change,
        } for e in d.events],
    } for d in documents]


def _kappa(first: list[str], second: list[str]) -> Kappa:
    if not first:
        return Kappa(0, None, None)
    observed = sum(a == b for a, b in zip(first, second)) / len(first)
    if len(set(first) | set(second)) < 2:
        return Kappa(len(first), observed, None)
    from sklearn.metrics import cohen_kappa_score

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = float(cohen_kappa_score(first, second))
    return Kappa(len(first), observed, None if math.isnan(value) else value)


def _paired(first: Sequence[Document], second: Sequence[Document]):
    """The documents both annotated: the first annotation as gold, the second as a submission."""
    by_id = {d.doc_id: d for d in second}
    common = sorted(d.doc_id for d in first if d.doc_id in by_id)
    if not common:
        raise BenchmarkError("the two annotations share no document (compare files with the same "
                             "doc_id)")
    gold = [d for d in first if d.doc_id in by_id]
    other = [by_id[d.doc_id] for d in gold]
    for a, b in zip(gold, other):
        if a.text != b.text:
            raise BenchmarkError(f"doc {a.doc_id!r}: the two annotations were made on different "
                                 "texts (text_sha256 differs)")
    return common, gold, other, submission_from_dicts(as_submission_objects(other), gold)


def differences(first: Sequence[Document], second: Sequence[Document]):
    """Per document, where the second annotation differs from the first (for adjudication)."""
    from .error_analysis import analyse

    _, gold, _, submission = _paired(first, second)
    return analyse(gold, submission, "strict")


def agreement(first: Sequence[Document], second: Sequence[Document]) -> AgreementReport:
    """Agreement between two annotations of the same documents (those both annotated)."""
    common, gold, other, submission = _paired(first, second)
    levels = {}
    per_type: dict[str, PRF] = {}
    for mode in ("strict", "lenient"):
        report = score(gold, submission, spec=ScoringSpec(mode=mode, bootstrap=0))
        levels[mode] = {name: report.levels[name].micro for name in REPORTED_LEVELS}
        if mode == "strict":
            per_type = dict(report.levels["trigger_classification"].per_type)
    values: dict[str, tuple[list[str], list[str]]] = {a: ([], []) for a in KAPPA_ATTRIBUTES}
    for dm in document_matches(gold, submission, "strict"):
        level = dm.levels["trigger_classification"]
        for gi, pi in level.matching.pairs:
            g_event = dm.gold[level.gold[gi].ref[0]]
            p_event = dm.pred.events[level.pred[pi].ref[0]]
            for name in KAPPA_ATTRIBUTES:
                values[name][0].append(getattr(g_event, name))
                values[name][1].append(getattr(p_event, name))
    return AgreementReport(
        doc_ids=tuple(common),
        events_first=sum(len(d.events) for d in gold),
        events_second=sum(len(d.events) for d in other),
        levels=levels, per_type=per_type,
        kappa={name: _kappa(*values[name]) for name in KAPPA_ATTRIBUTES},
    )


def agreement_dict(report: AgreementReport) -> dict:
    """The report as plain data (fractions, never percentages)."""
    def prf(c: PRF) -> dict:
        return {"tp": c.tp, "fp": c.fp, "fn": c.fn, "precision": c.precision, "recall": c.recall,
                "f1": c.f1}

    return {
        "documents": list(report.doc_ids),
        "events": {"first": report.events_first, "second": report.events_second},
        "levels": {mode: {name: prf(c) for name, c in lv.items()}
                   for mode, lv in report.levels.items()},
        "trigger_classification_per_type": {t: prf(c) for t, c in report.per_type.items()},
        "attributes": {name: {"pairs": k.pairs, "observed_agreement": k.observed,
                              "cohen_kappa": k.kappa} for name, k in report.kappa.items()},
    }


def render_agreement_markdown(report: AgreementReport, command: str) -> str:
    """The agreement report as Markdown (percentages only here, at rendering)."""
    def pct(x: float | None) -> str:
        return "—" if x is None else f"{100 * x:.1f}"

    lines = [
        "# Inter-annotator agreement", "",
        f"Reproduce: `{command}`", "",
        f"{len(report.doc_ids)} documents annotated independently twice "
        f"({report.events_first} and {report.events_second} event mentions). F1 of one annotation "
        "scored against the other with the project's scorer (F1 is symmetric).", "",
        "| level | strict F1 | lenient F1 | strict tp / fp / fn |", "|---|---|---|---|",
    ]
    for name in REPORTED_LEVELS:
        strict, lenient = report.levels["strict"][name], report.levels["lenient"][name]
        lines.append(f"| {name} | {pct(strict.f1)} | {pct(lenient.f1)} | "
                     f"{strict.tp} / {strict.fp} / {strict.fn} |")
    lines += ["", "Attributes on event pairs matched at trigger classification (strict):", "",
              "| attribute | pairs | observed agreement | Cohen's κ |", "|---|---|---|---|"]
    for name, k in report.kappa.items():
        kappa = "undefined" if k.kappa is None else f"{k.kappa:.3f}"
        lines.append(f"| {name} | {k.pairs} | {pct(k.observed)} | {kappa} |")
    lines += ["", "Trigger classification per type (strict):", "",
              "| type | F1 | tp / fp / fn |", "|---|---|---|"]
    for t, c in report.per_type.items():
        lines.append(f"| {t} | {pct(c.f1)} | {c.tp} / {c.fp} / {c.fn} |")
    lines += ["", "Documents: " + ", ".join(report.doc_ids), ""]
    return "\n".join(lines)
