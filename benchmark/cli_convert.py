"""Format converters (``eventbench convert``) — registered on the main CLI.

The converters themselves are pure functions in :mod:`benchmark.convert`; this module reads and
writes the files (BRAT folders, JSON Lines, YAML) and prints what each conversion dropped.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from . import paths
from .errors import BenchmarkError

ANNOTATIONS_OPTION = click.option(
    "--annotations", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Annotations folder whose texts/ identify a document by its text (default: the "
         "repository's annotations/, or $EVENTBENCH_ANNOTATIONS).")
SOURCES_OPTION = click.option(
    "--sources", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Folder holding 10kGNAD/test.csv (default: $EVENTBENCH_SOURCES, else ../shared/sources, "
         "else ./sources).")
REPORT_OPTION = click.option(
    "--report", "report_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="Also write the conversion report (what was dropped, per kind) as JSON to this file.")


def _read_gold(path: Path):
    from .io import read_gold_jsonl

    return read_gold_jsonl(path)


def _finish(report, report_path: Path | None, what: str) -> None:
    """Print what a conversion did and dropped; optionally write the report as JSON."""
    from .convert.common import DROP_KINDS
    from .io import write_json

    click.echo(f"{what}: {report.documents} document(s), {report.events} event(s), "
               f"{report.arguments} argument(s)")
    if report.lossless:
        click.secho("nothing dropped", fg="green")
    else:
        click.secho("not carried over (counts per kind):", fg="yellow")
        for kind in DROP_KINDS:
            if report.dropped.get(kind):
                click.echo(f"  {kind:<26} {report.dropped[kind]:>6}  {DROP_KINDS[kind]} "
                           f"(first: {report.first[kind]})")
    if report_path is not None:
        write_json(report_path, report.to_dict())


# --- locating a BRAT document's source -----------------------------------------------------------

class _SourceIndex:
    """Finds the source and source_ref of a text by its checksum (texts/ and 10kGNAD rows)."""

    def __init__(self, annotations: Path, sources: Path):
        self.annotations, self.sources = annotations, sources
        self._index: dict[str, tuple[str, int | str]] | None = None

    def _build(self) -> dict[str, tuple[str, int | str]]:
        from .sources import gnad_rows, nfc, text_sha256

        index: dict[str, tuple[str, int | str]] = {}
        for source in ("seed", "authored"):
            folder = self.annotations / "texts" / source
            for path in sorted(folder.glob("*.txt")) if folder.is_dir() else []:
                index.setdefault(text_sha256(path.read_text(encoding="utf-8")), (source, path.name))
        try:
            rows = gnad_rows(self.sources)
        except BenchmarkError:
            rows = ()
        for row, (_, text) in enumerate(rows):
            index.setdefault(text_sha256(nfc(text)), ("10kGNAD", row))
        return index

    def locate(self, text: str) -> tuple[str, int | str] | None:
        from .sources import text_sha256

        if self._index is None:
            self._index = self._build()
        return self._index.get(text_sha256(text))


def _brat_documents(folder: Path, index: _SourceIndex, report):
    """(document, source_ref or None) for every ``.ann`` file of a BRAT folder, in name order."""
    from .convert.brat import META_KEYS, brat_to_document
    from .sources import SOURCE_KINDS, nfc

    anns = sorted(folder.rglob("*.ann"))
    if not anns:
        raise BenchmarkError(f"{folder}: no .ann files; expected a BRAT folder with one .txt/.ann "
                             "pair per document (as written by `eventbench convert gold-to-brat` "
                             "or exported by BRAT/INCEpTION)")
    out = []
    for ann in anns:
        txt = ann.with_suffix(".txt")
        if not txt.is_file():
            raise BenchmarkError(f"{ann}: its text {txt.name} is missing next to it")
        raw = txt.read_bytes().decode("utf-8-sig")
        text = nfc(raw)
        if text != raw:
            raise BenchmarkError(f"{txt}: the text is not NFC-normalised, so BRAT's offsets would "
                                 "not be EventBench-DE offsets; normalise it before annotating")
        meta_path = ann.with_name(ann.stem + ".meta.json")
        meta: dict[str, Any] = {}
        if meta_path.is_file():
            from .io import read_json

            meta = read_json(meta_path)
            if not isinstance(meta, dict) or set(meta) - set(META_KEYS):
                raise BenchmarkError(f"{meta_path}: expected an object with keys "
                                     f"{', '.join(META_KEYS)}")
        found = index.locate(text)
        if "source" not in meta:
            if found is None:
                raise BenchmarkError(
                    f"{ann}: no {meta_path.name} sidecar and its text matches no document of "
                    f"{index.annotations}/texts or of 10kGNAD in {index.sources}; keep the sidecar "
                    "written by `eventbench convert gold-to-brat`, or check --annotations/--sources")
            meta["source"] = found[0]
        if "license" not in meta:
            if meta["source"] not in SOURCE_KINDS:
                raise BenchmarkError(f"{meta_path}: no license given for source {meta['source']!r}")
            meta["license"] = SOURCE_KINDS[meta["source"]].license
        meta.setdefault("doc_id", ann.stem)
        label = str(ann)
        doc = brat_to_document(ann.read_text(encoding="utf-8-sig"), text, meta, report, label=label)
        ref = found[1] if found and found[0] == meta["source"] else None
        out.append((doc, ref))
    return out


def register_convert_commands(main: click.Group) -> None:
    """Add the convert commands to the ``eventbench`` group."""

    @main.group()
    def convert() -> None:
        """Convert gold data and submissions to and from TextEE, BRAT standoff and PLOVER records.

        Each conversion prints what the target format could not hold (counts per kind). Output
        made from 10kGNAD documents contains their text: keep it out of the repository.
        """

    @convert.command("gold-to-brat")
    @click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.argument("out", type=click.Path(file_okay=False, path_type=Path))
    @REPORT_OPTION
    def gold_to_brat(gold: Path, out: Path, report_path: Path | None) -> None:
        """Write GOLD (gold JSON Lines) as a BRAT folder OUT: per document <doc_id>.txt, .ann and a
        .meta.json sidecar, plus annotation.conf declaring ontology v1 for BRAT and INCEpTION."""
        from .convert.brat import annotation_conf, document_meta, document_to_brat
        from .convert.common import ConversionReport
        from .io import atomic_write_text, write_json

        documents = _read_gold(gold)
        report = ConversionReport("brat")
        for doc in documents:
            _safe_name(doc.doc_id)
            atomic_write_text(out / f"{doc.doc_id}.txt", doc.text)
            atomic_write_text(out / f"{doc.doc_id}.ann", document_to_brat(doc, report))
            write_json(out / f"{doc.doc_id}.meta.json", document_meta(doc))
        atomic_write_text(out / "annotation.conf", annotation_conf(documents))
        _finish(report, report_path, f"wrote {out}")

    @convert.command("brat-to-gold")
    @click.argument("brat", type=click.Path(exists=True, file_okay=False, path_type=Path))
    @click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
    @ANNOTATIONS_OPTION
    @SOURCES_OPTION
    @REPORT_OPTION
    def brat_to_gold(brat: Path, out: Path, annotations: Path | None, sources: Path | None,
                     report_path: Path | None) -> None:
        """Read a BRAT folder (ours or an INCEpTION/BRAT export) into gold JSON Lines OUT.

        Document metadata comes from the .meta.json sidecars; without one, the text is looked up
        by checksum among the annotation texts and 10kGNAD to find its source."""
        from .convert.common import ConversionReport
        from .io import write_gold_jsonl

        report = ConversionReport("brat")
        index = _SourceIndex(annotations or paths.annotations_dir(),
                             sources or paths.sources_dir())
        documents = [doc for doc, _ in _brat_documents(brat, index, report)]
        write_gold_jsonl(out, documents)
        _finish(report, report_path, f"wrote {out}")

    @convert.command("brat-to-yaml")
    @click.argument("brat", type=click.Path(exists=True, file_okay=False, path_type=Path))
    @click.argument("out", type=click.Path(file_okay=False, path_type=Path))
    @click.option("--annotator", default="brat-import", show_default=True,
                  help="Pseudonym written as the files' annotator.")
    @ANNOTATIONS_OPTION
    @SOURCES_OPTION
    @REPORT_OPTION
    def brat_to_yaml(brat: Path, out: Path, annotator: str, annotations: Path | None,
                     sources: Path | None, report_path: Path | None) -> None:
        """Import a BRAT folder as annotation source files (annotations/FORMAT.md), one
        <doc_id>.yaml per document in OUT, every span pinned by `start`; check them with
        `eventbench check OUT/*.yaml`. The text must be a known source document (its source_ref
        is found by checksum)."""
        from .annotations import MAX_LITERAL
        from .convert.brat import document_to_yaml
        from .convert.common import ConversionReport
        from .io import atomic_write_text

        report = ConversionReport("brat")
        index = _SourceIndex(annotations or paths.annotations_dir(),
                             sources or paths.sources_dir())
        for doc, ref in _brat_documents(brat, index, report):
            if ref is None:
                raise BenchmarkError(
                    f"doc {doc.doc_id!r}: its text matches no {doc.source} document in "
                    f"{index.annotations}/texts or 10kGNAD ({index.sources}), so the annotation "
                    "file would have no source_ref; add the text under annotations/texts/ first")
            limit = MAX_LITERAL if doc.source == "10kGNAD" else None
            _safe_name(doc.doc_id)
            atomic_write_text(out / f"{doc.doc_id}.yaml",
                              document_to_yaml(doc, ref, annotator=annotator, max_literal=limit))
        _finish(report, report_path, f"wrote {out}")

    @convert.command("gold-to-textee")
    @click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
    @REPORT_OPTION
    def gold_to_textee(gold: Path, out: Path, report_path: Path | None) -> None:
        """Write GOLD as TextEE processed JSON Lines OUT (one instance per document, token offsets
        from the project's tokenizer)."""
        from .convert.common import ConversionReport
        from .convert.textee import document_to_textee
        from .io import write_jsonl

        report = ConversionReport("textee")
        write_jsonl(out, [document_to_textee(doc, report) for doc in _read_gold(gold)])
        _finish(report, report_path, f"wrote {out}")

    @convert.command("textee-to-gold")
    @click.argument("textee", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
    def textee_to_gold(textee: Path, out: Path) -> None:
        """Read TextEE processed JSON Lines (one instance per document) into gold JSON Lines OUT;
        modality, evidentiality, change take their defaults, cluster and TIMEX values are empty."""
        from .convert.textee import textee_to_document
        from .io import iter_jsonl, write_gold_jsonl

        documents, seen = [], set()
        for number, obj in iter_jsonl(textee):
            doc = textee_to_document(obj, where=f"{textee}:{number}")
            if doc.doc_id in seen:
                raise BenchmarkError(f"{textee}:{number}: doc_id {doc.doc_id!r} appears twice; "
                                     "one instance per document is expected (window = document)")
            seen.add(doc.doc_id)
            documents.append(doc)
        write_gold_jsonl(out, documents)
        click.echo(f"wrote {out}: {len(documents)} document(s), "
                   f"{sum(len(d.events) for d in documents)} event(s)")

    @convert.command("submission-to-textee")
    @click.argument("submission", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
    @click.option("--gold", "gold_path", required=True,
                  type=click.Path(exists=True, dir_okay=False, path_type=Path),
                  help="Gold JSON Lines holding the documents' texts.")
    @REPORT_OPTION
    def submission_to_textee(submission: Path, out: Path, gold_path: Path,
                             report_path: Path | None) -> None:
        """Write a submission as TextEE end-to-end predictions (token offsets), one instance per
        gold document in gold order, as TextEE's compute_scores expects. Text-only spans are
        aligned as the scorer aligns them."""
        from .align import align_events
        from .convert.common import ConversionReport
        from .convert.textee import predictions_to_textee
        from .errors import errors_only
        from .evalio import gold_from_file, read_submission
        from .io import write_jsonl

        gold = gold_from_file(gold_path)
        validation = read_submission(submission, gold)
        errors = errors_only(validation.issues)
        if errors:
            raise BenchmarkError(f"{submission}: invalid submission ({len(errors)} error(s)); run "
                                 f"`eventbench validate` for the list. First: {errors[0].render()}")
        predicted = {d.doc_id: d.events for d in validation.submission.documents}
        report = ConversionReport("textee")
        rows = [predictions_to_textee(doc, align_events(doc.text, predicted.get(doc.doc_id, ())).events,
                                      report)
                for doc in gold.documents]
        write_jsonl(out, rows)
        _finish(report, report_path, f"wrote {out}")

    @convert.command("gold-to-plover")
    @click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
    @REPORT_OPTION
    def gold_to_plover(gold: Path, out: Path, report_path: Path | None) -> None:
        """Write GOLD as PLOVER-style dyadic records (actor, recipient, event, date), one JSON
        object per event. One way only: the records keep no offsets to rebuild gold from."""
        from .convert.common import ConversionReport
        from .convert.plover import document_to_plover
        from .io import write_jsonl

        report = ConversionReport("plover")
        rows = [rec for doc in _read_gold(gold) for rec in document_to_plover(doc, report)]
        write_jsonl(out, rows)
        _finish(report, report_path, f"wrote {out} ({len(rows)} record(s)) from")

    @convert.command("roundtrip")
    @click.argument("gold", nargs=-1, required=True,
                    type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
    def roundtrip(gold: tuple[Path, ...], as_json: bool) -> None:
        """Round-trip GOLD files through BRAT, BRAT→YAML and TextEE in memory and print how much
        came back unchanged and what each format dropped. Exits 1 if anything a format can hold
        did not come back exactly."""
        from .convert.roundtrip import FORMATS, round_trip

        documents = [doc for path in gold for doc in _read_gold(path)]
        results = [round_trip(documents, fmt) for fmt in FORMATS]
        if as_json:
            click.echo(json.dumps([r.to_dict() for r in results], ensure_ascii=False, indent=2))
        else:
            for r in results:
                d = r.to_dict()
                click.echo(f"{r.format:<10} {r.documents} docs, {r.events} events: documents "
                           f"identical {d['documents_identical_fraction']:.1%}, events identical "
                           f"{d['events_identical_fraction']:.1%}, event spans identical "
                           f"{d['events_spans_identical_fraction']:.1%}, all it can hold kept: "
                           f"{'yes' if r.held_exactly else 'NO'}")
                for kind, info in d["dropped"].items():
                    click.echo(f"           dropped {kind}: {info['count']}")
        if not all(r.held_exactly for r in results):
            sys.exit(1)


def _safe_name(doc_id: str) -> None:
    if not doc_id or "/" in doc_id or "\\" in doc_id or doc_id.startswith("."):
        raise BenchmarkError(f"doc_id {doc_id!r} cannot be used as a file name")
