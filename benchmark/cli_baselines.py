"""Baseline commands (eventbench baseline list/train/run/table) — registered on the main CLI.

Baselines write submission files; they are scored only by `eventbench score`, like any system.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from .build import BUILT_SPLITS
from .errors import BenchmarkError

EXISTING_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


def _progress(label: str):
    """A rich progress bar on the terminal (silent when stderr is not a terminal)."""
    from rich.progress import track

    return lambda items: track(items, description=label, transient=True,
                               disable=not sys.stderr.isatty())


def _gold_documents(split: str | None, gold_file: Path | None, what: str):
    """Documents of a built split or of a gold JSON Lines file."""
    if gold_file is not None:
        from .evalio import gold_from_file

        return list(gold_from_file(gold_file).documents)
    from .dataset import load_gold

    try:
        return list(load_gold(split).documents)
    except BenchmarkError as exc:
        raise BenchmarkError(f"cannot read the {what} split {split!r}: {exc}") from None


def _llm_options(endpoint, llm_model, concurrency, timeout, retries, cache) -> dict:
    options = {"endpoint": endpoint, "model": llm_model, "concurrency": concurrency,
               "timeout": timeout, "retries": retries, "cache_dir": cache}
    return {k: v for k, v in options.items() if v is not None}


def _llm_option_decorators(f):
    for decorator in reversed([
        click.option("--endpoint", default=None, help="llm: base URL of an OpenAI-compatible API "
                     "(default: $EVENTBENCH_LLM_BASE_URL, else $OPENAI_BASE_URL)."),
        click.option("--llm-model", default=None, help="llm: model name (default: "
                     "$EVENTBENCH_LLM_MODEL)."),
        click.option("--concurrency", type=click.IntRange(min=1), default=None,
                     help="llm: parallel requests (default 4)."),
        click.option("--timeout", type=click.FloatRange(min=1), default=None,
                     help="llm: seconds per request (default 120)."),
        click.option("--retries", type=click.IntRange(min=0), default=None,
                     help="llm: retries per request with exponential backoff (default 4)."),
        click.option("--cache", type=click.Path(file_okay=False, path_type=Path), default=None,
                     help="llm: response cache folder, so an interrupted run resumes (default: "
                          "MODEL_DIR/cache)."),
    ]):
        f = decorator(f)
    return f


def register_baseline_commands(main: click.Group) -> None:
    """Add the baseline commands to the ``eventbench`` group."""

    @main.group()
    def baseline() -> None:
        """Baseline systems: list them, train them, run them on documents.

        A baseline reads documents (doc_id and text only; gold events are never used at prediction
        time) and writes a submission; score it with `eventbench score`.
        """

    @baseline.command("list")
    def baseline_list() -> None:
        """List the baselines, what they need and where their trained model goes."""
        from baselines.base import BASELINES, default_model_dir

        for info in BASELINES.values():
            folder = default_model_dir(info.name)
            state = "trained" if (folder / "baseline.json").is_file() else "not trained"
            click.echo(f"{info.name:8} {info.description}")
            click.echo(f"{'':8} needs: {info.needs}; model: {folder} ({state})")

    @baseline.command("train")
    @click.argument("name")
    @click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
                  help="Model folder (default: build/baselines/NAME).")
    @click.option("--seed", type=int, default=13, show_default=True, help="Random seed.")
    @click.option("--train-gold", type=EXISTING_FILE, default=None,
                  help="Train on this gold JSON Lines file instead of the built train split.")
    @click.option("--validation-gold", type=EXISTING_FILE, default=None,
                  help="Tune on this gold JSON Lines file instead of the built validation split.")
    def baseline_train(name: str, out: Path | None, seed: int, train_gold: Path | None,
                       validation_gold: Path | None) -> None:
        """Train baseline NAME on train (tuning on validation only) and save the model.

        For `llm` this selects the few-shot examples from train and writes the prompt.
        """
        from baselines.base import default_model_dir, get_baseline

        system = get_baseline(name)
        train = _gold_documents("train", train_gold, "train")
        validation = _gold_documents("validation", validation_gold, "validation")
        started = time.perf_counter()
        summary = system.train(train, validation, seed)
        folder = out or default_model_dir(name)
        system.save(folder)
        details = ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}"
                            for k, v in summary.items() if not isinstance(v, dict))
        click.echo(f"trained {name} on {len(train)} document(s) in "
                   f"{time.perf_counter() - started:.1f} s ({details})")
        click.echo(f"model saved to {folder}")

    @baseline.command("run")
    @click.argument("name")
    @click.option("--split", type=click.Choice(BUILT_SPLITS), default=None,
                  help="Run on a split of the built dataset.")
    @click.option("--input", "input_file", type=EXISTING_FILE, default=None,
                  help="Run on a JSON Lines file of documents (each line: doc_id and text; gold "
                       "documents work too, their events are ignored).")
    @click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
                  help="Submission file to write (JSON Lines, format v1).")
    @click.option("--model", "model_dir", type=click.Path(file_okay=False, path_type=Path),
                  default=None, help="Trained model folder (default: build/baselines/NAME).")
    @_llm_option_decorators
    def baseline_run(name: str, split: str | None, input_file: Path | None, out: Path,
                     model_dir: Path | None, endpoint, llm_model, concurrency, timeout, retries,
                     cache) -> None:
        """Run baseline NAME on documents and write a submission file."""
        from baselines import base

        if (split is None) == (input_file is None):
            raise click.UsageError("give exactly one of --split SPLIT or --input FILE")
        options = _llm_options(endpoint, llm_model, concurrency, timeout, retries, cache)
        if options and name != "llm":
            raise click.UsageError(f"--{next(iter(options)).replace('_', '-')} is an option of "
                                   "the llm baseline only")
        from baselines.llm import BaselineUnavailable

        system = base.get_baseline(name, **options)
        try:
            system.load(model_dir or base.default_model_dir(name))
        except BaselineUnavailable as exc:
            click.secho(f"{name} baseline skipped: {exc}", fg="yellow", err=True)
            return
        documents = (base.input_documents(input_file) if input_file is not None
                     else base.as_input(_gold_documents(split, None, "input")))
        started = time.perf_counter()
        predictions = base.predict_all(system, documents, _progress(f"{name} baseline"))
        seconds = time.perf_counter() - started
        base.write_submission(out, predictions)
        events = sum(len(p["events"]) for p in predictions)
        rate = len(documents) / seconds if seconds > 0 else float("inf")
        click.echo(f"{name}: {len(documents)} document(s), {events} event(s) in {seconds:.2f} s "
                   f"({rate:,.0f} documents/s) → {out}")
        notes = getattr(system, "run_notes", None)
        if notes:
            click.echo(notes())

    @baseline.command("table")
    @click.argument("results", nargs=-1, required=True, type=EXISTING_FILE)
    @click.option("--submissions", "submission_dir", type=click.Path(file_okay=False,
                  path_type=Path), default=None,
                  help="Folder holding the scored submission files, found by their sha256 "
                       "(default: the folder of the first results file).")
    def baseline_table(results: tuple[Path, ...], submission_dir: Path | None) -> None:
        """Print a Markdown table of results files (strict and lenient) with 95% intervals and
        the command that reproduces each row (the README's results table)."""
        from baselines.table import results_table

        from .io import file_sha256, read_json
        from .report import check_results

        loaded = [check_results(read_json(p), str(p)) for p in results]
        folder = submission_dir or results[0].parent
        by_sha = {file_sha256(p): p for p in sorted(folder.glob("*.jsonl"))}
        click.echo(results_table(loaded, {sha: str(p) for sha, p in by_sha.items()}), nl=False)
