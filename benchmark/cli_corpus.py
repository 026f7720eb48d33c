"""Corpus-construction commands (document selection) — registered on the main CLI."""

from __future__ import annotations

from pathlib import Path

import click

from . import BENCHMARK_VERSION, paths
from .errors import BenchmarkError


def register_corpus_commands(main: click.Group) -> None:
    """Add the corpus-construction commands to the ``eventbench`` group."""

    @main.command("agreement")
    @click.option("--first", "first", multiple=True, required=True,
                  type=click.Path(exists=True, path_type=Path),
                  help="Annotation file or folder of the first annotator(s) (repeatable).")
    @click.option("--second", "second", multiple=True, required=True,
                  type=click.Path(exists=True, path_type=Path),
                  help="Annotation file or folder of the second annotator(s) (repeatable).")
    @click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
                  help="Write the report as JSON here and as Markdown beside it (.md).")
    @click.option("--differences", is_flag=True,
                  help="Instead of the report, list every difference per document (the first "
                       "annotation read as gold): the worklist for adjudication.")
    @click.option("--annotations", type=click.Path(file_okay=False, path_type=Path), default=None,
                  help="Annotations folder (for committed texts; default: annotations/).")
    @click.option("--sources", type=click.Path(file_okay=False, path_type=Path), default=None,
                  help="Folder holding third-party source texts.")
    def agreement_command(first: tuple[Path, ...], second: tuple[Path, ...], out: Path | None,
                          differences: bool, annotations: Path | None,
                          sources: Path | None) -> None:
        """Inter-annotator agreement between two independent annotations of the same documents.

        Scores one annotation against the other with the project's scorer (trigger and argument
        F1, strict and lenient) and gives Cohen's kappa for modality, evidentiality and change on
        the matched events. Every file must pass `eventbench check` first.
        """
        import shlex

        from .agreement import agreement, agreement_dict, render_agreement_markdown
        from .annotations import read_annotation_file
        from .io import atomic_write_text, write_json

        annotations = annotations or paths.annotations_dir()
        sources = sources or paths.sources_dir()

        def documents(inputs: tuple[Path, ...]) -> list:
            files = sorted(p for i in inputs for p in ([i] if i.is_file() else i.rglob("*.yaml")))
            docs, problems = [], []
            for path in files:
                result = read_annotation_file(path, str(path), annotations=annotations,
                                              sources=sources)
                problems += [i for i in result.issues if i.severity == "error"]
                if result.compiled is not None:
                    docs.append(result.compiled.document)
            if problems:
                raise BenchmarkError(f"{len(problems)} error(s) in the annotation files, e.g. "
                                     f"{problems[0].render()}; run `eventbench check` on them")
            return docs

        if differences:
            from .agreement import differences as find_differences
            from .render import errors_text

            found = find_differences(documents(first), documents(second))
            click.echo("first annotation = gold, second = prediction; 'missed' = only in the "
                       "first, 'spurious' = only in the second\n")
            click.echo(errors_text(found, show_tp=False), nl=False)
            return
        report = agreement(documents(first), documents(second))
        command = "eventbench agreement " + " ".join(
            [f"--first {shlex.quote(str(p))}" for p in first]
            + [f"--second {shlex.quote(str(p))}" for p in second]
            + ([f"--out {shlex.quote(str(out))}"] if out else []))
        markdown = render_agreement_markdown(report, command)
        if out:
            write_json(out, {"agreement_version": 1, "command": command, **agreement_dict(report)})
            atomic_write_text(out.with_suffix(".md"), markdown)
        click.echo(markdown)

    @main.group("splits")
    def splits_group() -> None:
        """Split membership (annotations/splits.yaml): drawn once, never re-drawn."""

    @splits_group.command("assign")
    @click.option("--seed", type=int, default=2026, show_default=True,
                  help="Seed of the stable order in which new documents are placed.")
    @click.option("--dry-run", is_flag=True, help="Show the assignment without writing it.")
    @click.option("--annotations", type=click.Path(file_okay=False, path_type=Path), default=None,
                  help="Annotations folder (default: the repository's annotations/).")
    @click.option("--sources", type=click.Path(file_okay=False, path_type=Path), default=None,
                  help="Folder holding third-party source texts.")
    def splits_assign(seed: int, dry_run: bool, annotations: Path | None,
                      sources: Path | None) -> None:
        """Place annotated documents that have no split yet into train/validation/test.

        Stratified by event type within each source (news, authored), targets 60/15/25; documents
        already in annotations/splits.yaml never move. Refuses while any annotation has errors.
        """
        from .annotations import load_corpus, read_splits
        from .errors import errors_only
        from .splitsfile import write_splits
        from .splitting import assign_splits

        annotations = annotations or paths.annotations_dir()
        corpus = load_corpus(annotations, sources or paths.sources_dir())
        blocking = [i for i in errors_only(corpus.issues) if i.code != "A105"]
        if blocking:
            raise BenchmarkError(f"{len(blocking)} annotation error(s); run `eventbench check` and "
                                 "fix them before assigning splits")
        existing, _ = read_splits(annotations)
        new = assign_splits([d.document for d in corpus.documents], existing, seed=seed)
        for doc_id, split in sorted(new.items()):
            click.echo(f"{doc_id} -> {split}")
        if not new:
            click.echo("every annotated document already has a split")
            return
        if dry_run:
            click.echo(f"{len(new)} document(s) would be assigned (dry run, nothing written)")
            return
        write_splits(annotations / "splits.yaml", {**existing, **new})
        click.echo(f"{len(new)} document(s) assigned; annotations/splits.yaml updated")

    @main.command("select")
    @click.option("--n", "n", type=click.IntRange(min=1), default=200, show_default=True,
                  help="Number of event-rich articles.")
    @click.option("--control", type=click.IntRange(min=0), default=20, show_default=True,
                  help="Number of control articles (few or no in-ontology events).")
    @click.option("--seed", type=int, default=2026, show_default=True,
                  help="Seed of random.Random for drawing the control articles.")
    @click.option("--min-chars", type=click.IntRange(min=0), default=400, show_default=True,
                  help="Shortest article considered (drops stubs whose full text was withdrawn).")
    @click.option("--max-chars", type=click.IntRange(min=1), default=5000, show_default=True,
                  help="Longest article considered (annotation cost).")
    @click.option("--other-quantile", type=click.FloatRange(0, 1, min_open=True), default=0.9,
                  show_default=True,
                  help="Articles outside International/Inland/Wirtschaft compete only with a score "
                       "at least this quantile of the scores in those categories.")
    @click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
                  help="Selection file to write (default: annotations/selection.yaml).")
    @click.option("--force", is_flag=True, help="Replace an existing selection file.")
    @click.option("--sources", type=click.Path(file_okay=False, path_type=Path), default=None,
                  help="Folder holding 10kGNAD/test.csv (default: $EVENTBENCH_SOURCES, else "
                       "../shared/sources, else ./sources).")
    def select(n: int, control: int, seed: int, min_chars: int, max_chars: int,
               other_quantile: float, out: Path | None, force: bool, sources: Path | None) -> None:
        """Select the 10kGNAD test-split articles to annotate and write annotations/selection.yaml.

        Scores every article with a German keyword lexicon per event type, keeps the N best of
        International, Inland and Wirtschaft (other categories only with a very high score) plus
        CONTROL low-scoring articles drawn with SEED, and writes them in an interleaved order so
        that any prefix is a balanced batch. Writes no article text. Method: annotations/SELECTION.md.
        """
        from .io import atomic_write_text, file_sha256
        from .selection import (
            SelectionParams,
            render_selection_yaml,
            render_summary,
            select_articles,
            summarize,
        )
        from .sources import GNAD_FILE, GNAD_SHA256, gnad_rows

        out = out or paths.annotations_dir() / "selection.yaml"
        if out.exists() and not force:
            raise BenchmarkError(f"{out} already exists; pass --force to replace it (or --out to "
                                 "write elsewhere)")
        sources = sources or paths.sources_dir()
        rows = gnad_rows(sources)
        params = SelectionParams(n=n, control=control, seed=seed, min_chars=min_chars,
                                 max_chars=max_chars, other_quantile=other_quantile)
        selection = select_articles(rows, params)
        checksum = file_sha256(sources / GNAD_FILE)
        command = (f"eventbench select --n {n} --control {control} --seed {seed} "
                   f"--min-chars {min_chars} --max-chars {max_chars} "
                   f"--other-quantile {other_quantile:g}")
        atomic_write_text(out, render_selection_yaml(
            selection, source_file=GNAD_FILE, source_sha256=checksum, command=command,
            benchmark_version=BENCHMARK_VERSION))
        if checksum != GNAD_SHA256:
            click.secho(f"warning: {sources / GNAD_FILE} is not the pinned 10kGNAD test split "
                        f"(sha256 {checksum[:12]}…, expected {GNAD_SHA256[:12]}…)",
                        fg="yellow", err=True)
        click.echo(render_summary(summarize(selection)))
        click.secho(f"wrote {len(selection.articles)} articles to {out}", fg="green")
