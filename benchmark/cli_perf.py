"""Performance and reliability commands (eventbench bench, eventbench fuzz) — registered on the CLI."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click


def _sizes(ctx: click.Context, param: click.Parameter, value: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(s.replace("_", "")) for s in value.split(",") if s.strip())
    except ValueError:
        raise click.BadParameter(f"expected comma-separated document counts, got {value!r}") from None
    if not sizes or any(n < 1 for n in sizes):
        raise click.BadParameter("give at least one positive document count")
    return sizes


def register_perf_commands(main: click.Group) -> None:
    """Add the benchmark and fuzzing commands to the ``eventbench`` group."""

    @main.command()
    @click.option("--sizes", default="1000,10000,100000", show_default=True, callback=_sizes,
                  help="Synthetic corpus sizes in documents (about 10 events each).")
    @click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
                  help="Also write every figure as JSON here.")
    @click.option("--no-corpus", is_flag=True,
                  help="Skip the measurements on the real corpus (build, load, bootstrap, "
                       "lexicon baseline).")
    def bench(sizes: tuple[int, ...], out: Path | None, no_corpus: bool) -> None:
        """Measure the evaluation path (a benchmark, not a test) and print every figure.

        For each size: a synthetic gold file and submission, the time to parse both with the
        json module alone (the floor), the time to validate and score them as `eventbench score`
        does, their ratio and the peak memory. On the real corpus: build time, cached load time,
        1,000 bootstrap replicates on the test split, lexicon-baseline documents per second.
        Progress goes to stderr; the 100k size needs a few minutes and a few GB of disk in $TMPDIR.
        """
        from .bench import render_bench, run_bench
        from .io import write_json

        started = time.perf_counter()

        def progress(message: str) -> None:
            click.echo(f"[{time.perf_counter() - started:7.1f} s] {message}", err=True)

        results = run_bench(sizes, corpus=not no_corpus, progress=progress)
        results["command"] = "eventbench bench " + " ".join(sys.argv[2:])
        click.echo(render_bench(results), nl=False)
        if out is not None:
            write_json(out, results)
            click.echo(f"figures written to {out}")

    @main.command()
    @click.option("--cases", type=click.IntRange(min=1), default=10_000, show_default=True,
                  help="Number of fuzz cases (half mutation-based, half from hypothesis).")
    @click.option("--seed", type=int, default=0, show_default=True, help="Seed of the run.")
    @click.option("--json", "as_json", is_flag=True, help="Print the outcome as JSON.")
    def fuzz(cases: int, seed: int, as_json: bool) -> None:
        """Fuzz the submission validator and the scorer; exit 1 if any case fails.

        Valid submissions are mutated (deleted keys, changed types, shifted offsets, unicode,
        BOM, CRLF, surrogates, truncated lines, huge numbers, deep nesting, duplicate doc_ids,
        enormous strings) and hypothesis generates arbitrary ones. Every case must give no
        traceback, every rejection a code, every accepted submission a score.
        """
        from .fuzz import run_fuzz

        shown = {"mutation": 0, "hypothesis": 0}

        def progress(kind: str, done: int, total: int) -> None:
            step = max(1, total // 10)
            if done % step == 0 or done == total:
                if done > shown[kind]:
                    shown[kind] = done
                    click.echo(f"{kind}: {done}/{total} cases", err=True)

        started = time.perf_counter()
        outcome = run_fuzz(cases, seed, progress=progress)
        elapsed = time.perf_counter() - started
        if as_json:
            click.echo(json.dumps({**outcome.to_dict(), "seed": seed,
                                   "seconds": round(elapsed, 1)}, ensure_ascii=False, indent=2))
        else:
            click.echo(f"{outcome.cases} cases (seed {seed}) in {elapsed:.1f} s: "
                       f"{outcome.accepted} accepted and scored, {outcome.rejected} rejected "
                       f"with a code, {len(outcome.failures)} failure(s)")
            click.echo("issue codes seen: " + ", ".join(f"{c} ×{n}" for c, n in
                                                         sorted(outcome.codes.items())))
            for failure in outcome.failures[:5]:
                click.echo(failure, err=True)
        if not outcome.ok:
            sys.exit(1)
