"""The ``eventbench`` command line: parse arguments, call one library function, render the result."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import BENCHMARK_VERSION, paths
from .cli_baselines import register_baseline_commands
from .cli_convert import register_convert_commands
from .cli_corpus import register_corpus_commands
from .cli_eval import register_evaluation_commands
from .cli_perf import register_perf_commands
from .cli_view import register_view_commands
from .errors import BenchmarkError, Issue, errors_only


class BenchmarkGroup(click.Group):
    """Maps :class:`BenchmarkError` to a clean message and exit code 1 instead of a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except BenchmarkError as exc:
            click.secho(f"error: {exc}", fg="red", err=True)
            sys.exit(1)


def render_issues(issues: list[Issue]) -> None:
    for issue in issues:
        color = "red" if issue.severity == "error" else "yellow"
        click.echo(click.style(f"{issue.code}", fg=color) + f" {issue.location}: {issue.message}")


@click.group(cls=BenchmarkGroup)
@click.version_option(BENCHMARK_VERSION, prog_name="eventbench")
def main() -> None:
    """EventBench-DE: event extraction benchmark for German news on arms production and exports,
    military orders, diplomacy and sanctions.

    Typical use: `eventbench check` (validate annotations), `eventbench build` (make the Hugging Face
    dataset), `eventbench stats`, then `eventbench validate` / `eventbench score` for submissions.
    """


ANNOTATIONS_OPTION = click.option(
    "--annotations", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Annotations folder (default: the repository's annotations/, or $EVENTBENCH_ANNOTATIONS).")
SOURCES_OPTION = click.option(
    "--sources", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Folder holding third-party source texts (default: $EVENTBENCH_SOURCES, else "
         "../shared/sources, else ./sources).")


@main.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@ANNOTATIONS_OPTION
@SOURCES_OPTION
def check(files: tuple[Path, ...], annotations: Path | None, sources: Path | None) -> None:
    """Validate annotation files and report every problem with its code and location.

    Without FILES, checks every file under annotations/docs/ plus annotations/splits.yaml. With FILES,
    checks just those (e.g. a second annotation made for the agreement study). Exits 1 on errors.
    """
    from .check import check_annotations

    result = check_annotations(list(files), annotations or paths.annotations_dir(),
                               sources or paths.sources_dir())
    render_issues(list(result.issues))
    errors = errors_only(result.issues)
    summary = (f"{result.files} file(s), {result.documents} document(s), {result.events} event(s): "
               f"{len(errors)} error(s)")
    if errors:
        click.secho(summary, fg="red")
        sys.exit(1)
    click.secho(summary, fg="green")


def _progress(label: str):
    """A tqdm-style wrapper showing a rich progress bar on the terminal (silent when piped)."""
    from rich.progress import track

    return lambda items: track(items, description=label, transient=True,
                               disable=not sys.stderr.isatty())


@main.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: build/dataset, or $EVENTBENCH_BUILD).")
@click.option("--redistributable-only", is_flag=True,
              help="Leave out documents whose licence does not allow redistribution (the founding "
                   "article); use this for a folder you intend to publish.")
@click.option("--force", is_flag=True,
              help="Replace --out even if it is not an earlier EventBench-DE build.")
@ANNOTATIONS_OPTION
@SOURCES_OPTION
def build(out: Path | None, redistributable_only: bool, force: bool, annotations: Path | None,
          sources: Path | None) -> None:
    """Build the Hugging Face dataset folder from the annotations and the source texts.

    Writes Parquet files for the configs `documents` and `sentences` per split, gold JSON Lines,
    the dataset card and a manifest; prints the content hash that identifies this dataset version.
    Load it with `datasets.load_dataset(OUT, "documents")` or `benchmark.load()`.
    """
    from .dataset import build_dataset

    result = build_dataset(out or paths.build_dir(), annotations or paths.annotations_dir(),
                           sources or paths.sources_dir(),
                           redistributable_only=redistributable_only, force=force,
                           progress=_progress("tokenising"))
    sizes = ", ".join(f"{split} {n}" for split, n in result.split_sizes.items())
    click.echo(f"built {result.out}: {sizes} documents, {result.events} events")
    click.echo(f"dataset hash {result.dataset_hash}")


@main.command()
@click.option("--split", type=click.Choice(["train", "validation", "test"]), default=None,
              help="Show one split only.")
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as JSON.")
@ANNOTATIONS_OPTION
@SOURCES_OPTION
def stats(split: str | None, as_json: bool, annotations: Path | None, sources: Path | None) -> None:
    """Corpus statistics: documents, events, arguments; counts per type, role, modality,
    evidentiality and change, per split and per source."""
    from .dataset import compile_corpus
    from .render_stats import render_stats
    from .stats import corpus_stats

    corpus = compile_corpus(annotations or paths.annotations_dir(), sources or paths.sources_dir())
    figures = corpus_stats([d.document for d in corpus.documents], corpus.splits)
    if as_json:
        import json

        click.echo(json.dumps(figures, indent=2, ensure_ascii=False))
    else:
        click.echo(render_stats(figures, split), nl=False)


@main.command()
@click.argument("source", type=click.Choice(["10kGNAD", "seed", "authored"]))
@click.argument("ref")
@click.option("--find", "needles", multiple=True,
              help="List every occurrence of this text with its offset (repeatable).")
@ANNOTATIONS_OPTION
@SOURCES_OPTION
def text(source: str, ref: str, needles: tuple[str, ...], annotations: Path | None,
         sources: Path | None) -> None:
    """Print a document's NFC text and its sha256 (the annotator's view of a source).

    REF is the 10kGNAD row index or the file name under annotations/texts/SOURCE/. The output is
    for reading only: never paste 10kGNAD text into the repository.
    """
    from .anchors import find_word_occurrences, snippet
    from .sources import resolve_text, text_sha256

    resolved = resolve_text(source, int(ref) if source == "10kGNAD" and ref.isdigit() else ref,
                            annotations=annotations or paths.annotations_dir(),
                            sources=sources or paths.sources_dir())
    if needles:
        for needle in needles:
            hits = find_word_occurrences(resolved, needle, 0, len(resolved))
            click.echo(f"{needle!r}: {len(hits)} occurrence(s)")
            for k, start in enumerate(hits, start=1):
                click.echo(f"  {k}. offset {start}: {snippet(resolved, start, start + len(needle))}")
        return
    click.echo(f"# text_sha256: {text_sha256(resolved)}  ({len(resolved)} characters)")
    click.echo(resolved)


@main.group()
def sources() -> None:
    """Third-party source texts (10kGNAD): where they are and how to get them."""


@sources.command("fetch")
@click.option("--dest", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to write 10kGNAD/test.csv into (default: $EVENTBENCH_SOURCES or ./sources).")
def sources_fetch(dest: Path | None) -> None:
    """Download the 10kGNAD test split from its upstream address and verify its sha256.

    The only command that uses the network. The file is written only after its checksum matches
    the one recorded in ../shared/sources/10kGNAD/PROVENANCE.md.
    """
    from .sources import fetch_gnad

    target = fetch_gnad(dest or paths.fetched_sources_dir())
    click.echo(f"10kGNAD test split verified at {target}")


register_evaluation_commands(main)
register_corpus_commands(main)
register_baseline_commands(main)
register_perf_commands(main)
register_view_commands(main)
register_convert_commands(main)
