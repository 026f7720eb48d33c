"""The common baseline interface: documents in (text only), submission objects out.

A baseline is a class with a ``name``, a one-line ``description``, ``train(train, validation,
seed)`` (returns nothing; may be a no-op), ``save(folder)``, ``load(folder)`` and
``predict(document) -> dict`` returning one submission object (format v1) for one
:class:`InputDocument`. Prediction only ever sees ``doc_id``, ``text`` and ``dct``: gold events are
dropped when documents are read (:func:`input_documents`), so a baseline cannot peek at them.

Baselines are scored only through the scorer (``eventbench score``), never by themselves.

>>> doc = InputDocument("d1", "Putin traf Kim.")
>>> sorted(BASELINES)
['learned', 'lexicon', 'llm']
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from benchmark import paths
from benchmark.errors import BenchmarkError
from benchmark.io import iter_jsonl, read_json, write_json, write_jsonl
from benchmark.schema import Document

MODEL_FORMAT_VERSION = "1"


@dataclass(frozen=True)
class InputDocument:
    """What a baseline sees of a document: its id, NFC text and (optional) document date."""

    doc_id: str
    text: str
    dct: str | None = None


class Baseline(Protocol):
    name: str
    description: str

    def train(self, train: Sequence[Document], validation: Sequence[Document], seed: int) -> dict:
        """Fit on ``train`` (gold documents), tune on ``validation``; returns a summary dict."""

    def save(self, folder: Path) -> None: ...

    def load(self, folder: Path) -> None: ...

    def predict(self, document: InputDocument) -> dict[str, Any]: ...


@dataclass(frozen=True)
class BaselineInfo:
    name: str
    module: str
    cls: str
    description: str
    needs: str  # what must be installed or configured, shown by `baseline list`


BASELINES: dict[str, BaselineInfo] = {
    "lexicon": BaselineInfo(
        "lexicon", "baselines.lexicon", "LexiconBaseline",
        "German trigger lexicon (train split + guidelines, simplemma lemmas) with argument "
        "heuristics", "simplemma"),
    "learned": BaselineInfo(
        "learned", "baselines.learned", "LearnedBaseline",
        "CRF trigger tagger (sklearn-crfsuite) + logistic-regression argument roles and "
        "attributes", "sklearn-crfsuite"),
    "llm": BaselineInfo(
        "llm", "baselines.llm", "LLMBaseline",
        "few-shot prompting of an OpenAI-compatible chat endpoint (text spans, aligned by the "
        "scorer)", "pip install -e '.[llm]' and EVENTBENCH_LLM_BASE_URL / EVENTBENCH_LLM_MODEL"),
}


def get_baseline(name: str, **options: Any) -> Baseline:
    """A fresh (untrained) instance of the baseline ``name``."""
    from benchmark.errors import did_you_mean

    if name not in BASELINES:
        raise BenchmarkError(f"unknown baseline {name!r}; {did_you_mean(name, BASELINES)}")
    info = BASELINES[name]
    try:
        module = importlib.import_module(info.module)
    except ImportError as exc:
        raise BenchmarkError(f"baseline {name!r} needs {info.needs} ({exc}); install the "
                             "project's dependencies with `pip install -e .`") from None
    return getattr(module, info.cls)(**options)


def default_model_dir(name: str) -> Path:
    """``build/baselines/<name>`` next to the built dataset (git-ignored, never committed)."""
    return paths.build_dir().parent / "baselines" / name


# --------------------------------------------------------------------------- files


def input_documents(path: Path) -> list[InputDocument]:
    """Documents from a JSON Lines file: gold-format documents or any objects with ``doc_id`` and
    ``text`` (other fields, gold events included, are ignored)."""
    import unicodedata

    documents, seen = [], set()
    for number, obj in iter_jsonl(path):
        where = f"{path}:{number}"
        if not isinstance(obj, dict):
            raise BenchmarkError(f"{where}: expected a JSON object with doc_id and text, got "
                                 f"{type(obj).__name__}")
        if not isinstance(obj.get("doc_id"), str) or not obj["doc_id"]:
            raise BenchmarkError(f"{where}: missing or empty string field 'doc_id'; every line "
                                 "needs doc_id and text")
        if not isinstance(obj.get("text"), str):
            raise BenchmarkError(f"{where}: missing string field 'text'; every line needs doc_id "
                                 "and text")
        if obj["doc_id"] in seen:
            raise BenchmarkError(f"{where}: duplicate doc_id {obj['doc_id']!r}")
        seen.add(obj["doc_id"])
        dct = obj.get("dct") if isinstance(obj.get("dct"), str) else None
        documents.append(InputDocument(obj["doc_id"], unicodedata.normalize("NFC", obj["text"]), dct))
    if not documents:
        raise BenchmarkError(f"{path}: no documents (expected JSON Lines with doc_id and text)")
    return documents


def as_input(documents: Iterable[Document]) -> list[InputDocument]:
    """Gold documents stripped to what a baseline may see."""
    return [InputDocument(d.doc_id, d.text, d.dct) for d in documents]


def save_meta(folder: Path, name: str, extra: dict[str, Any]) -> None:
    write_json(folder / "baseline.json", {"model_format_version": MODEL_FORMAT_VERSION,
                                          "baseline": name, **extra})


def load_meta(folder: Path, name: str) -> dict[str, Any]:
    path = folder / "baseline.json"
    if not path.is_file():
        raise BenchmarkError(f"no trained {name!r} model in {folder}; run `eventbench baseline "
                             f"train {name}` first (or pass --model DIR)")
    meta = read_json(path)
    if meta.get("baseline") != name or meta.get("model_format_version") != MODEL_FORMAT_VERSION:
        raise BenchmarkError(f"{path}: a model of {meta.get('baseline')!r} (format "
                             f"{meta.get('model_format_version')!r}), not of {name!r} format "
                             f"{MODEL_FORMAT_VERSION}; train it again")
    return meta


def predict_all(baseline: Baseline, documents: Sequence[InputDocument],
                progress: Callable[[Iterable], Iterable] | None = None) -> list[dict[str, Any]]:
    """One submission object per document, in input order (a baseline with ``predict_many``
    handles the whole list itself, e.g. to batch or parallelise).

    The cyclic garbage collector is paused meanwhile: prediction creates many small objects and
    no reference cycles, and full collections over them cost a third of the lexicon's run time.
    """
    import gc

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        many = getattr(baseline, "predict_many", None)
        if many is not None:
            return many(documents, progress)
        iterator = progress(documents) if progress else documents
        return [baseline.predict(d) for d in iterator]
    finally:
        if was_enabled:
            gc.enable()


def write_submission(path: Path, objects: Iterable[dict[str, Any]]) -> None:
    write_jsonl(path, objects)


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)
