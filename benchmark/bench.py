"""``eventbench bench``: how fast and how lean the evaluation path is, measured in one run.

For each size it writes a synthetic gold file and submission (:mod:`benchmark.synthetic`) into a
temporary folder and measures, in a fresh child process (so that the peak memory belongs to that
size alone):

* the **parse floor**: reading both files line by line with the standard ``json`` module and
  nothing else;
* **validate + score** through the code path of ``eventbench score --gold``:
  :func:`benchmark.evalio.gold_from_file`, :func:`benchmark.evalio.read_submission` and
  :func:`benchmark.scoring.score` with the official spec (1,000 bootstrap replicates), and the
  ratio of the two;
* the **peak resident memory** of the child (``resource.getrusage(RUSAGE_SELF).ru_maxrss``, which
  includes the interpreter and the imported libraries).

On the real corpus it measures the bootstrap (1,000 replicates, every level) on the test split,
the dataset build (from a snapshot of the annotations, into a temporary folder), the cached
:func:`benchmark.load`, and the lexicon baseline's documents per second when the ``baselines``
package provides one. Nothing here is a pass/fail test; :data:`TARGETS` only labels the figures.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .errors import BenchmarkError

Progress = Callable[[str], None]

#: Targets of issue 7 (2-core machine), in seconds / MiB / ratio.
TARGETS = {
    "ratio_at_100k": 2.0,
    "peak_memory_mib_1m_events": 1536,
    "bootstrap_1000_s": 1.0,
    "build_s": 10.0,
    "cached_load_s": 1.0,
}
DEFAULT_SIZES = (1000, 10000, 100000)


def _quiet(_: str) -> None:
    pass


def machine() -> dict[str, Any]:
    """nproc, CPU model, RAM and Python of this machine."""
    cpu = platform.processor() or platform.machine()
    ram = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = round(int(line.split()[1]) / 1024 / 1024, 1)
                break
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gib": ram,
            "python": platform.python_version(), "platform": platform.platform()}


def _maxrss_mib() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024, 1)


def parse_floor(*paths: Path) -> float:
    """Seconds to read every line of ``paths`` and parse it with :func:`json.loads` (no checks)."""
    start = time.perf_counter()
    for path in paths:
        with path.open("rb") as handle:
            for line in handle:
                if line.strip():
                    json.loads(line)
    return time.perf_counter() - start


def measure_scoring(gold_path: Path, sub_path: Path, bootstrap: int = 1000) -> dict[str, Any]:
    """Parse floor and validate + score of one gold/submission pair (run in a child process)."""
    from .evalio import gold_from_file, read_submission
    from .scoring import ScoringSpec, score

    floor = parse_floor(gold_path, sub_path)
    t0 = time.perf_counter()
    gold = gold_from_file(gold_path)
    t1 = time.perf_counter()
    checked = read_submission(sub_path, gold)
    t2 = time.perf_counter()
    if not checked.ok:
        raise BenchmarkError(f"the synthetic submission is invalid: {checked.issues[:3]}")
    report = score(gold, checked.submission, spec=ScoringSpec(bootstrap=bootstrap))
    t3 = time.perf_counter()
    return {
        "parse_floor_s": round(floor, 3),
        "read_gold_s": round(t1 - t0, 3),
        "validate_s": round(t2 - t1, 3),
        "score_s": round(t3 - t2, 3),
        "validate_score_s": round(t3 - t0, 3),
        "ratio": round((t3 - t0) / floor, 2),
        "peak_rss_mib": _maxrss_mib(),
        "headline_f1": round(report.levels[report.headline].micro.f1, 4),
    }


def _child(conn, gold_path: str, sub_path: str, bootstrap: int) -> None:
    try:
        conn.send(("ok", measure_scoring(Path(gold_path), Path(sub_path), bootstrap)))
    except BaseException as exc:  # reported to the parent, which prints it
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def _in_child(gold_path: Path, sub_path: Path, bootstrap: int) -> dict[str, Any]:
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, str(gold_path), str(sub_path), bootstrap))
    proc.start()
    child.close()
    try:
        status, payload = parent.recv()
    except EOFError:  # the child died without a word, e.g. killed for lack of memory
        proc.join()
        raise BenchmarkError(f"the measuring process ended with exit code {proc.exitcode} "
                             "before reporting (out of memory? try smaller --sizes)") from None
    proc.join()
    if status != "ok":
        raise BenchmarkError(f"measuring {gold_path.name} failed: {payload}")
    return payload


def bench_size(n_docs: int, folder: Path, progress: Progress = _quiet,
               bootstrap: int = 1000) -> dict[str, Any]:
    from .synthetic import write_synthetic_pair

    progress(f"[{n_docs:,} documents] generating synthetic gold and submission …")
    t = time.perf_counter()
    gold_path, sub_path, events = write_synthetic_pair(folder, n_docs)
    generated = time.perf_counter() - t
    progress(f"[{n_docs:,} documents] {events:,} gold events, "
             f"{(gold_path.stat().st_size + sub_path.stat().st_size) / 1e6:.0f} MB written in "
             f"{generated:.1f} s; parsing, validating and scoring in a child process …")
    out = {"documents": n_docs, "gold_events": events,
           "gold_bytes": gold_path.stat().st_size, "submission_bytes": sub_path.stat().st_size,
           **_in_child(gold_path, sub_path, bootstrap)}
    progress(f"[{n_docs:,} documents] floor {out['parse_floor_s']:.2f} s, validate+score "
             f"{out['validate_score_s']:.2f} s, ratio {out['ratio']:.1f}×, peak "
             f"{out['peak_rss_mib']:.0f} MiB")
    gold_path.unlink()
    sub_path.unlink()
    return out


def _snapshot_annotations(annotations: Path, folder: Path) -> Path:
    """A frozen copy, so that annotators editing files meanwhile do not disturb the timings."""
    target = folder / "annotations"
    shutil.copytree(annotations, target)
    return target


def bench_corpus(folder: Path, annotations: Path, sources: Path, progress: Progress = _quiet,
                 replicates: int = 1000) -> dict[str, Any]:
    """Build, cached load and bootstrap on the real corpus."""
    from . import dataset
    from .bootstrap import with_intervals
    from .prf import PRF
    from .scoring import ScoringSpec, score
    from .submission import submission_from_dicts
    from .synthetic import synthetic_submission

    out: dict[str, Any] = {}
    snapshot = _snapshot_annotations(annotations, folder)
    build_dir = folder / "build"
    progress("[corpus] building the dataset from a snapshot of the annotations …")
    t = time.perf_counter()
    result = dataset.build_dataset(build_dir, snapshot, sources)
    out["build_s"] = round(time.perf_counter() - t, 3)
    out["build_documents"] = sum(result.split_sizes.values())
    out["build_events"] = result.events
    progress(f"[corpus] built {out['build_documents']} documents, {result.events} events in "
             f"{out['build_s']:.2f} s; loading the cached build …")
    timings = {}
    for config in ("documents", "sentences"):
        t = time.perf_counter()
        dataset.load(config, build_dir=build_dir, annotations=snapshot, sources=sources)
        timings[config] = round(time.perf_counter() - t, 3)
    out["cached_load_s"] = timings
    t = time.perf_counter()
    gold = dataset.load_gold("test", build_dir=build_dir, annotations=snapshot, sources=sources)
    out["load_gold_test_s"] = round(time.perf_counter() - t, 3)
    out["test_documents"] = len(gold.documents)
    out["import_datasets_s"] = _import_time("datasets")
    progress(f"[corpus] cached load {timings}; bootstrap ({replicates} replicates) on the "
             f"{len(gold.documents)} test documents …")
    sub = submission_from_dicts(synthetic_submission([d.to_dict() for d in gold.documents]),
                                gold)
    report = score(gold, sub, spec=ScoringSpec(bootstrap=0))
    spec = ScoringSpec(bootstrap=replicates)
    best = float("inf")
    for _ in range(5):  # best of five: the figure is milliseconds, so noise matters
        t = time.perf_counter()
        with_intervals(report.levels, spec, PRF.f1_array)
        best = min(best, time.perf_counter() - t)
    out["bootstrap_replicates"] = replicates
    out["bootstrap_levels"] = len(report.levels)
    out["bootstrap_s"] = round(best, 4)
    t = time.perf_counter()
    score(gold, sub, spec=spec)
    out["score_test_with_bootstrap_s"] = round(time.perf_counter() - t, 3)
    progress(f"[corpus] bootstrap {out['bootstrap_s'] * 1000:.0f} ms")
    out["lexicon"] = bench_lexicon(build_dir, snapshot, sources, progress)
    return out


def _import_time(module: str) -> float | None:
    """Seconds a fresh interpreter needs to import ``module`` (paid once by the first load)."""
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    try:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              timeout=120, check=True)
        return round(float(done.stdout.strip()), 3)
    except (subprocess.SubprocessError, ValueError):
        return None


def bench_lexicon(build_dir: Path, annotations: Path, sources: Path,
                  progress: Progress = _quiet) -> dict[str, Any]:
    """Train the lexicon baseline on train (tuned on validation) and time its predictions over
    every news document, when the ``baselines`` package provides it; else say why not."""
    from . import dataset

    try:
        from baselines.base import as_input, get_baseline
    except ImportError as exc:
        note = f"not available (the baselines package has no lexicon baseline: {exc})"
        progress(f"[lexicon] {note}")
        return {"available": False, "note": note}
    try:
        gold = {s: dataset.load_gold(s, build_dir=build_dir, annotations=annotations,
                                     sources=sources) for s in ("train", "validation", "test")}
        baseline = get_baseline("lexicon")
        t = time.perf_counter()
        baseline.train(list(gold["train"].documents), list(gold["validation"].documents), 0)
        trained = time.perf_counter() - t
        documents = as_input([d for g in gold.values() for d in g.documents])
        t = time.perf_counter()
        for doc in documents:
            baseline.predict(doc)
        elapsed = time.perf_counter() - t
    except Exception as exc:  # noqa: BLE001 - work in progress elsewhere: report, never crash
        note = f"not available (the lexicon baseline failed: {type(exc).__name__}: {exc})"
        progress(f"[lexicon] {note}")
        return {"available": False, "note": note}
    rate = len(documents) / elapsed if elapsed else float("inf")
    progress(f"[lexicon] {rate:,.0f} documents/s")
    return {"available": True, "documents": len(documents), "train_s": round(trained, 3),
            "predict_s": round(elapsed, 4), "documents_per_s": round(rate, 1)}


def verdicts(results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each target with the measured figure and whether it is met (None: not measured)."""
    sizes = {s["documents"]: s for s in results.get("sizes", [])}
    largest = sizes.get(100000)
    corpus = results.get("corpus") or {}
    loads = corpus.get("cached_load_s") or {}
    rows = {
        "validate+score / parse floor at 100k documents": (
            largest and largest["ratio"], TARGETS["ratio_at_100k"], "×"),
        "peak memory at 100k documents (≈1M events)": (
            largest and largest["peak_rss_mib"], TARGETS["peak_memory_mib_1m_events"], "MiB"),
        "bootstrap, 1,000 replicates, test split": (
            corpus.get("bootstrap_s"), TARGETS["bootstrap_1000_s"], "s"),
        "dataset build": (corpus.get("build_s"), TARGETS["build_s"], "s"),
        "cached load (documents)": (loads.get("documents"), TARGETS["cached_load_s"], "s"),
    }
    return {name: {"measured": got, "target": target, "unit": unit,
                   "met": None if got is None else got <= target}
            for name, (got, target, unit) in rows.items()}


def run_bench(sizes: Sequence[int] = DEFAULT_SIZES, *, annotations: Path | None = None,
              sources: Path | None = None, corpus: bool = True, progress: Progress = _quiet,
              workdir: Path | None = None) -> dict[str, Any]:
    """Run every measurement and return the figures as a dict (see the module docstring)."""
    from . import paths

    results: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": machine(),
        "memory_measure": "ru_maxrss of a fresh child process per size (includes interpreter "
                          "and libraries)",
        "sizes": [],
    }
    with tempfile.TemporaryDirectory(prefix="eventbench-bench-", dir=workdir) as tmp:
        folder = Path(tmp)
        for n in sizes:
            results["sizes"].append(bench_size(n, folder, progress))
        if corpus:
            results["corpus"] = bench_corpus(folder, annotations or paths.annotations_dir(),
                                             sources or paths.sources_dir(), progress)
    results["targets"] = verdicts(results)
    return results


def render_bench(results: dict[str, Any]) -> str:
    """A plain-text table of the figures and the targets."""
    m = results["machine"]
    lines = [f"EventBench-DE bench — {results['date']} — {m['nproc']} cores, {m['cpu']}, "
             f"{m['ram_gib']} GiB RAM, Python {m['python']}", "",
             f"{'documents':>10} {'events':>10} {'MB':>6} {'floor s':>8} {'gold s':>7} "
             f"{'valid s':>8} {'score s':>8} {'v+s s':>8} {'ratio':>6} {'peak MiB':>9}"]
    for s in results["sizes"]:
        mb = (s["gold_bytes"] + s["submission_bytes"]) / 1e6
        lines.append(f"{s['documents']:>10,} {s['gold_events']:>10,} {mb:>6.0f} "
                     f"{s['parse_floor_s']:>8.2f} {s['read_gold_s']:>7.2f} {s['validate_s']:>8.2f} "
                     f"{s['score_s']:>8.2f} {s['validate_score_s']:>8.2f} {s['ratio']:>5.1f}× "
                     f"{s['peak_rss_mib']:>9.0f}")
    lines.append(f"(peak memory: {results['memory_measure']})")
    c = results.get("corpus")
    if c:
        lex = c["lexicon"]
        lines += [
            "",
            f"build ({c['build_documents']} documents, {c['build_events']} events): "
            f"{c['build_s']:.2f} s",
            f"cached load: documents {c['cached_load_s']['documents']:.3f} s, sentences "
            f"{c['cached_load_s']['sentences']:.3f} s (import of datasets in a fresh "
            f"interpreter: {c['import_datasets_s']} s)",
            f"bootstrap: {c['bootstrap_replicates']} replicates × {c['bootstrap_levels']} levels "
            f"on {c['test_documents']} test documents: {c['bootstrap_s'] * 1000:.1f} ms "
            f"(whole score with bootstrap: {c['score_test_with_bootstrap_s']:.3f} s)",
            "lexicon baseline: " + (f"{lex['documents_per_s']:,.0f} documents/s (predicting "
                                    f"{lex['documents']} news documents after training on train "
                                    f"in {lex['train_s']:.2f} s)"
                                    if lex["available"] else lex["note"]),
        ]
    lines += ["", "targets:"]
    for name, v in results["targets"].items():
        got = "not measured" if v["measured"] is None else f"{v['measured']} {v['unit']}"
        mark = {True: "met", False: "MISSED", None: "—"}[v["met"]]
        lines.append(f"  {name}: {got} (target ≤ {v['target']} {v['unit']}) {mark}")
    return "\n".join(lines) + "\n"
