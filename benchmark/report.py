"""Results files: a versioned, closed schema built from a :class:`~benchmark.scoring.ScoreReport`.

Shape (``RESULTS_FORMAT_VERSION`` 1; fractions, never percentages)::

    {format_version, benchmark_version, scorer_version, ontology_version, date,
     dataset: {hash, split, documents},
     spec: {...the ScoringSpec...},
     system: {name, url, ...},
     submission: {sha256, documents, string_aligned, text_spans, alignment_failures},
     headline: {level, beside},
     scores: {level: {micro: {tp, fp, fn, precision, recall, f1, ci_low, ci_high},
                      macro: {f1, types}, per_type: {type: {tp, fp, fn, precision, recall, f1}},
                      per_role: {role: {...}}}},
     accuracy: {modality|evidentiality|change|time_value: {correct, total, accuracy}}}

Apart from ``date`` the same inputs give the same dict (and, written by
:func:`benchmark.io.write_json`, the same bytes).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import BENCHMARK_VERSION
from .errors import BenchmarkError, did_you_mean
from .goldset import GoldSet
from .ontology import ONTOLOGY_VERSION
from .prf import PRF, TextEEPRF
from .scoring import SCORER_VERSION, ScoreReport

RESULTS_FORMAT_VERSION = "1"
TOP_KEYS = ("format_version", "benchmark_version", "scorer_version", "ontology_version", "date",
            "dataset", "spec", "system", "submission", "headline", "scores", "accuracy")
SYSTEM_KEYS = ("name", "url", "version", "description", "authors", "paper", "contact", "license")


def system_metadata(obj: Any, where: str = "metadata") -> dict[str, Any]:
    """Check system metadata (closed keys; ``name`` required; ``url`` http(s)); key order fixed."""
    if not isinstance(obj, dict):
        raise BenchmarkError(f"{where}: expected a JSON object with {', '.join(SYSTEM_KEYS)}")
    problems = []
    for key in obj:
        if key not in SYSTEM_KEYS:
            problems.append(f"unknown field {key!r}; {did_you_mean(key, SYSTEM_KEYS)}")
    name = obj.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append("'name' must be a non-empty string (the system's name)")
    for key in SYSTEM_KEYS[1:]:
        value = obj.get(key)
        if key == "authors":
            if value is not None and not (isinstance(value, list)
                                          and all(isinstance(a, str) for a in value)):
                problems.append("'authors' must be a list of strings")
        elif value is not None and not isinstance(value, str):
            problems.append(f"{key!r} must be a string or null")
    url = obj.get("url")
    if isinstance(url, str) and not url.startswith(("https://", "http://")):
        problems.append(f"'url' must start with https:// or http://, got {url!r}")
    if problems:
        raise BenchmarkError(f"{where}: " + "; ".join(problems))
    return {key: obj.get(key) for key in SYSTEM_KEYS if key in obj or key in ("name", "url")}


def _micro(c: PRF, ci: tuple[float, float] | None) -> dict[str, Any]:
    return {**c.to_dict(), "ci_low": ci[0] if ci else None, "ci_high": ci[1] if ci else None}


def results_dict(report: ScoreReport, *, gold: GoldSet, system: Mapping[str, Any],
                 submission_sha256: str, date: str) -> dict[str, Any]:
    """The results file of one scoring run."""
    scores = {}
    for name, level in report.levels.items():
        scores[name] = {
            "micro": _micro(level.micro, level.ci),
            "macro": {"f1": level.macro_f1, "types": list(level.macro_types)},
            "per_type": {t: c.to_dict() for t, c in level.per_type.items()},
            "per_role": {r: c.to_dict() for r, c in level.per_role.items()},
        }
    return {
        "format_version": RESULTS_FORMAT_VERSION,
        "benchmark_version": BENCHMARK_VERSION,
        "scorer_version": SCORER_VERSION,
        "ontology_version": ONTOLOGY_VERSION,
        "date": date,
        "dataset": {"hash": gold.dataset_hash, "split": gold.split,
                    "documents": len(report.doc_ids)},
        "spec": report.spec.to_dict(),
        "system": dict(system),
        "submission": {"sha256": submission_sha256, "documents": report.predicted_documents,
                       "string_aligned": report.string_aligned,
                       "text_spans": report.text_spans,
                       "alignment_failures": report.alignment_failures},
        "headline": {"level": report.headline, "beside": report.beside},
        "scores": scores,
        "accuracy": {name: acc.to_dict() for name, acc in report.accuracy.items()},
    }


def _get(obj: Any, path: str, kind: type | tuple[type, ...], where: str) -> Any:
    cur = obj
    for part in path.split("."):
        if not isinstance(cur, dict) or part not in cur:
            raise BenchmarkError(f"{where}: missing {path!r}; is this a results file written by "
                                 "`eventbench score --out`?")
        cur = cur[part]
    if not isinstance(cur, kind) or (kind is int and isinstance(cur, bool)):
        raise BenchmarkError(f"{where}: {path!r} has the wrong kind ({type(cur).__name__})")
    return cur


def check_results(obj: Any, where: str = "results") -> dict[str, Any]:
    """Check a results file read back (for the leaderboard): version, closed top-level keys,
    required fields, and that every micro precision/recall/F1 follows from its counts."""
    if not isinstance(obj, dict):
        raise BenchmarkError(f"{where}: a results file is a JSON object")
    version = obj.get("format_version")
    if version != RESULTS_FORMAT_VERSION:
        raise BenchmarkError(f"{where}: results format_version {version!r} is not supported "
                             f"(expected {RESULTS_FORMAT_VERSION!r}); re-score with this version")
    unknown = sorted(set(obj) - set(TOP_KEYS))
    if unknown:
        raise BenchmarkError(f"{where}: unknown field(s) {', '.join(map(repr, unknown))}")
    for path, kind in (("scorer_version", str), ("benchmark_version", str), ("date", str),
                       ("dataset.hash", str), ("dataset.split", str), ("spec.mode", str),
                       ("submission.sha256", str), ("submission.string_aligned", bool),
                       ("headline.level", str), ("headline.beside", str), ("scores", dict)):
        _get(obj, path, kind, where)
    system_metadata(obj.get("system"), f"{where}: system")
    kind_prf = TextEEPRF if obj["spec"].get("compat") == "textee" else PRF
    for name, level in obj["scores"].items():
        micro = _get(level, "micro", dict, f"{where}: scores.{name}")
        counts = [_get(micro, k, int, f"{where}: scores.{name}.micro") for k in ("tp", "fp", "fn")]
        expected = kind_prf(*counts).to_dict()
        for key in ("precision", "recall", "f1"):
            if micro.get(key) != expected[key]:
                raise BenchmarkError(f"{where}: scores.{name}.micro.{key} = {micro.get(key)!r} "
                                     f"does not follow from its counts ({expected[key]!r}); the "
                                     "file was edited — re-score the submission")
    for level in (obj["headline"]["level"], obj["headline"]["beside"]):
        if level not in obj["scores"]:
            raise BenchmarkError(f"{where}: headline level {level!r} is not among the scores")
    return obj


def differences(claimed: Mapping[str, Any], recomputed: Mapping[str, Any]) -> list[str]:
    """The parts of a results file that a re-scoring does not reproduce (empty: it is genuine).

    Compares everything but ``date`` and ``system``.
    """
    out = []
    for key in TOP_KEYS:
        if key in ("date", "system"):
            continue
        if claimed.get(key) != recomputed.get(key):
            out.append(key)
    return out
