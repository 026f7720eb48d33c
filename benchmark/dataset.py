"""Building the Hugging Face dataset folder and loading it back (the file-system side of the build).

The folder holds ``documents/<split>.parquet``, ``sentences/<split>.parquet``, ``gold/<split>.jsonl``
(the gold format of formats-v1), ``ontology.json``, ``MANIFEST.json`` and the card ``README.md``.
Building twice from the same annotations gives byte-identical files; the content hash (sha256 over
the data files) identifies the dataset version and is written into every results file.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import BENCHMARK_VERSION, paths
from .annotations import Corpus, load_corpus
from .build import BUILT_SPLITS, CONFIGS, build_splits
from .card import card_metadata, render_card
from .errors import BenchmarkError, errors_only
from .features import FEATURES
from .goldset import GoldSet
from .io import atomic_write_text, read_gold_jsonl, read_json, write_gold_jsonl, write_json
from .ontology import ONTOLOGY_VERSION, as_dict
from .schema import FORMAT_VERSION
from .sources import SOURCE_KINDS
from .stats import corpus_stats

MANIFEST = "MANIFEST.json"
MANIFEST_VERSION = 1


@dataclass(frozen=True)
class BuildResult:
    out: Path
    dataset_hash: str
    split_sizes: dict[str, int]
    events: int
    rebuilt: bool


def annotations_fingerprint(annotations: Path, *, redistributable_only: bool) -> str:
    """What the build depends on: every annotation and text file, the code version and options."""
    digest = hashlib.sha256()
    digest.update(f"{BENCHMARK_VERSION}|{FORMAT_VERSION}|{redistributable_only}".encode())
    for path in sorted([*annotations.glob("docs/**/*.yaml"), *annotations.glob("texts/**/*"),
                        annotations / "splits.yaml", annotations / "agreement" / "report.json"]):
        if path.is_file():
            digest.update(str(path.relative_to(annotations)).encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _content_hash(folder: Path, files: list[str]) -> tuple[str, dict[str, str]]:
    sums = {name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in sorted(files)}
    joined = "".join(f"{name}\0{digest}\n" for name, digest in sums.items())
    return hashlib.sha256(joined.encode()).hexdigest(), sums


def compile_corpus(annotations: Path, sources: Path, progress=None) -> Corpus:
    corpus = load_corpus(annotations, sources, progress=progress)
    errors = errors_only(corpus.issues)
    if errors:
        shown = "\n".join("  " + e.render() for e in errors[:10])
        more = f"\n  … and {len(errors) - 10} more" if len(errors) > 10 else ""
        raise BenchmarkError(f"the annotations have {len(errors)} error(s); run `eventbench check` "
                             f"and fix them first:\n{shown}{more}")
    return corpus


def _write_parquet(rows, config: str, path: Path) -> None:
    from datasets import Dataset, disable_progress_bars

    disable_progress_bars()  # the build shows its own progress; one bar per tiny file is noise
    path.parent.mkdir(parents=True, exist_ok=True)
    Dataset.from_list(list(rows), features=FEATURES[config]()).to_parquet(str(path))


def _is_our_build(folder: Path) -> bool:
    return (folder / MANIFEST).is_file()


def build_dataset(out: Path, annotations: Path, sources: Path, *, redistributable_only: bool = False,
                  force: bool = False, progress=None) -> BuildResult:
    """Compile the annotations and write the dataset folder ``out`` (replaced atomically)."""
    if out.exists() and any(out.iterdir()) and not _is_our_build(out) and not force:
        raise BenchmarkError(f"{out} exists and is not an EventBench-DE build (no {MANIFEST}); "
                             "choose another --out or pass --force to replace it")
    corpus = compile_corpus(annotations, sources)
    documents = [d.document for d in corpus.documents]
    built = build_splits(documents, corpus.splits, redistributable_only=redistributable_only,
                         redistributable=lambda d: SOURCE_KINDS[d.source].redistributable,
                         progress=progress)
    if not built:
        raise BenchmarkError("no documents to build (are the annotations empty, or all filtered out "
                             "by --redistributable-only?)")
    split_order = [s for s in BUILT_SPLITS if s in built]
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.staging-"))
    try:
        data_files = ["ontology.json"]
        write_json(staging / "ontology.json", as_dict())
        for split in split_order:
            part = built[split]
            _write_parquet((d.to_dict() for d in part.documents), "documents",
                           staging / "documents" / f"{split}.parquet")
            _write_parquet(part.sentence_rows, "sentences", staging / "sentences" / f"{split}.parquet")
            write_gold_jsonl(staging / "gold" / f"{split}.jsonl", part.documents)
            data_files += [f"documents/{split}.parquet", f"sentences/{split}.parquet",
                           f"gold/{split}.jsonl"]
        dataset_hash, sums = _content_hash(staging, data_files)
        built_ids = {d.doc_id for s in split_order for d in built[s].documents}
        included = [d for d in corpus.documents if d.document.doc_id in built_ids]
        included_docs = [d.document for d in included]
        stats = corpus_stats(included_docs, corpus.splits)
        split_sizes = {config: {s: (len(built[s].documents) if config == "documents"
                                    else len(built[s].sentence_rows)) for s in split_order}
                       for config in CONFIGS}
        infos = {config: _dataset_info(config, split_sizes[config],
                                       {s: (staging / config / f"{s}.parquet").stat().st_size
                                        for s in split_order})
                 for config in CONFIGS}
        agreement_file = annotations / "agreement" / "report.json"
        card = render_card(metadata=card_metadata(split_sizes, infos), stats=stats,
                           documents=included, splits=corpus.splits, dataset_hash=dataset_hash,
                           untagged_triggers=sum(b.untagged_triggers for b in built.values()),
                           agreement=read_json(agreement_file) if agreement_file.is_file() else None)
        atomic_write_text(staging / "README.md", card)
        atomic_write_text(staging / "LICENSES.md", _licences_text(included_docs))
        manifest = {
            "manifest_version": MANIFEST_VERSION,
            "benchmark_version": BENCHMARK_VERSION,
            "format_version": FORMAT_VERSION,
            "ontology_version": ONTOLOGY_VERSION,
            "dataset_hash": dataset_hash,
            "annotations_fingerprint": annotations_fingerprint(
                annotations, redistributable_only=redistributable_only),
            "redistributable_only": redistributable_only,
            "splits": {s: [d.doc_id for d in built[s].documents] for s in split_order},
            "files": sums,
        }
        write_json(staging / MANIFEST, manifest)
        _replace_folder(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BuildResult(out, dataset_hash, {s: len(built[s].documents) for s in split_order},
                       sum(len(d.events) for d in included_docs), True)


def _dataset_info(config: str, sizes: dict[str, int], num_bytes: dict[str, int]) -> dict:
    from datasets import DatasetInfo

    yaml_dict = DatasetInfo(features=FEATURES[config]())._to_yaml_dict()
    return {"features": yaml_dict["features"],
            "splits": [{"name": s, "num_bytes": num_bytes[s], "num_examples": n}
                       for s, n in sizes.items()]}


def _licences_text(documents) -> str:
    lines = ["# Licences of the documents in this build", ""]
    for name, kind in SOURCE_KINDS.items():
        ids = [d.doc_id for d in documents if d.source == name]
        if ids:
            lines += [f"## {name}: {kind.license}", "", kind.attribution, "",
                      f"{len(ids)} document(s): " + ", ".join(ids), ""]
    lines += ["The annotations on each document carry the licence of its source text. The code "
              "that built this folder is MIT-licensed.", ""]
    return "\n".join(lines)


def _replace_folder(staging: Path, out: Path) -> None:
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{staging.name[-8:]}")
        out.rename(old)
    staging.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def read_manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    if not path.is_file():
        raise BenchmarkError(f"{folder} holds no built dataset ({MANIFEST} missing); run "
                             "`eventbench build` first")
    return json.loads(path.read_text(encoding="utf-8"))


def ensure_built(build_dir: Path | None = None, annotations: Path | None = None,
                 sources: Path | None = None, progress=None) -> dict:
    """The manifest of an up-to-date build, rebuilding first when the annotations changed."""
    build_dir = build_dir or paths.build_dir()
    annotations = annotations or paths.annotations_dir()
    sources = sources or paths.sources_dir()
    fingerprint = annotations_fingerprint(annotations, redistributable_only=False)
    if (build_dir / MANIFEST).is_file():
        manifest = read_manifest(build_dir)
        if manifest.get("annotations_fingerprint") == fingerprint:
            return manifest
    build_dataset(build_dir, annotations, sources, progress=progress)
    return read_manifest(build_dir)


def _split_names(manifest: dict, split: str | None) -> list[str]:
    available = list(manifest["splits"])
    if split is None:
        return available
    if split not in available:
        raise BenchmarkError(f"split {split!r} is not in this build; available: "
                             f"{', '.join(available) or 'none'}")
    return [split]


def load(config: str = "documents", split: str | None = None, *, build_dir: Path | None = None,
         annotations: Path | None = None, sources: Path | None = None):
    """The dataset as ``datasets`` objects: a Dataset for one split, else a DatasetDict.

    Reads the Parquet files straight into memory, so an edited annotation shows up after the
    (automatic) rebuild instead of being served from the ``datasets`` cache.
    """
    import pyarrow.parquet as pq
    from datasets import Dataset, DatasetDict

    if config not in CONFIGS:
        raise BenchmarkError(f"unknown config {config!r}; expected one of {', '.join(CONFIGS)}")
    build_dir = build_dir or paths.build_dir()
    manifest = ensure_built(build_dir, annotations, sources)
    loaded = {}
    for name in _split_names(manifest, split):
        table = pq.read_table(build_dir / config / f"{name}.parquet")
        loaded[name] = Dataset(table, split=name)
    return loaded[split] if split is not None else DatasetDict(loaded)


def load_gold(split: str, *, build_dir: Path | None = None, annotations: Path | None = None,
              sources: Path | None = None) -> GoldSet:
    """Gold documents of one built split, with the dataset hash that identifies them."""
    build_dir = build_dir or paths.build_dir()
    manifest = ensure_built(build_dir, annotations, sources)
    _split_names(manifest, split)
    documents = read_gold_jsonl(build_dir / "gold" / f"{split}.jsonl")
    return GoldSet(tuple(documents), manifest["dataset_hash"], split)


__all__ = ["BuildResult", "build_dataset", "ensure_built", "load", "load_gold"]
