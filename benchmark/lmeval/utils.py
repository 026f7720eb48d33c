"""Functions of the lm-evaluation-harness task ``eventbench_de`` (``eventbench_de.yaml``).

lm-eval loads this file by path (``!function utils.NAME``), so it imports the project by absolute
names only and never imports lm-eval itself: every function here is plain Python over the
project's loader, the LLM baseline's prompt and answer parser, the aligner and the scorer.

* :func:`load_docs` — the ``custom_dataset``: documents of a built split through
  :func:`benchmark.load_gold` (rebuilt when the annotations changed; works from any working
  directory), or of any gold JSON Lines file. One row per document: ``doc_id``, ``text``,
  ``instructions`` (the LLM baseline's system prompt: ontology definitions and span rules; the YAML
  uses it as the task ``description``, i.e. the system message under a chat template), ``gold``
  (the gold document, JSON) and ``target`` (the gold answer in the prompt's JSON shape, used for
  few-shot examples).
* :func:`doc_to_text` / :func:`doc_to_target` — the user turn and the answer.
* :func:`process_results` — one model output: parsed with the LLM baseline's
  :func:`~baselines.llm.parse_answer` and :func:`~baselines.llm.clean_events` (code fences and
  prose tolerated; unknown types or roles and spans not in the text dropped and counted; an answer
  with no recoverable JSON is counted as malformed and predicts no events), made a text-only
  submission (:func:`benchmark.submission_from_dicts`), aligned by the scorer's aligner and scored
  with :func:`benchmark.score` (official strict spec). It returns per-document *counts*.
* :func:`micro_f1` / :func:`total` — the aggregations: the counts are summed over documents and
  F1 is computed once from the sums (micro, as ``eventbench score`` does; not a mean of
  per-document F1s).
* :func:`submission_from_samples` — lm-eval's logged samples as a submission file for
  ``eventbench score`` (``python -m benchmark.lmeval submission``): intervals, results file,
  leaderboard.

>>> doc = rows([_fixture_document()])[0]
>>> process_results(doc, ['{"events": [{"type": "DELIVERY", "trigger": "liefert"}]}'])[
...     "trigger_classification_f1"]
(1, 0, 0)
>>> process_results(doc, ["I cannot answer that."])["malformed_outputs"]
1
>>> micro_f1([(1, 0, 0), (0, 1, 1)])  # 2·1 / (2·1 + 1 + 1)
0.5
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from baselines.llm import _example_answer, clean_events, parse_answer, system_prompt
from benchmark.errors import BenchmarkError
from benchmark.goldset import GoldSet
from benchmark.prf import PRF
from benchmark.schema import Document, document_from_dict

log = logging.getLogger("lm_eval.tasks.eventbench_de")

#: the levels reported, as lm-eval metric names (``<level>_f1``); the first is the official figure
LEVELS = ("argument_classification_attached", "trigger_classification", "event")
#: per-document counts reported as plain sums
COUNTS = ("malformed_outputs", "dropped_events", "dropped_arguments", "alignment_failures")
COLUMNS = ("doc_id", "text", "instructions", "gold", "target")


# --------------------------------------------------------------------------- data


def answer_json(document: Document) -> str:
    """The gold events of ``document`` in the JSON shape the prompt asks for (text spans).

    >>> answer_json(_fixture_document())
    '{"events": [{"type": "DELIVERY", "trigger": "liefert", "arguments": [], "modality": "ASSERTED", \
"evidentiality": "DIRECT", "change": "NONE"}]}'
    """
    return json.dumps(_example_answer(document, 0, len(document.text)), ensure_ascii=False)


def rows(documents: Iterable[Document]) -> list[dict[str, str]]:
    """The task's rows for ``documents`` (see the module docstring)."""
    # lm-eval joins the description and the first turn without a separator in plain-text prompts
    instructions = system_prompt() + "\n\n"
    return [{"doc_id": d.doc_id, "text": d.text, "instructions": instructions,
             "gold": json.dumps(d.to_dict(), ensure_ascii=False), "target": answer_json(d)}
            for d in documents]


def _dataset(documents: Sequence[Document]):
    from datasets import Dataset, Features, Value

    features = Features({name: Value("string") for name in COLUMNS})
    table = rows(documents)
    return Dataset.from_dict({name: [r[name] for r in table] for name in COLUMNS},
                             features=features)


def _gold(split: str | None, gold_file: str | None) -> GoldSet:
    if gold_file:
        from benchmark.evalio import gold_from_file

        return gold_from_file(Path(gold_file).expanduser())
    from benchmark.dataset import load_gold

    return load_gold(split or "test")


def load_docs(split: str = "test", gold_file: str | None = None,
              fewshot_gold_file: str | None = None, **_ignored: Any):
    """The task's ``custom_dataset``: a ``DatasetDict`` with the splits ``test`` (the documents to
    evaluate) and ``train`` (the pool of few-shot examples).

    lm-eval calls it with the task's ``metadata`` (its ``version``, everything given with
    ``--metadata '{...}'`` and the ``--model_args``); the keys used here are

    * ``split`` — the built split to evaluate (default ``test``; also ``validation``,
      ``authored_test``, …), loaded with :func:`benchmark.load_gold`;
    * ``gold_file`` — evaluate the documents of a gold JSON Lines file instead (e.g.
      ``build/dataset/gold/test.jsonl`` copied elsewhere, or a private test set);
    * ``fewshot_gold_file`` — few-shot examples from this gold file. Without it they come from the
      built ``train`` split, or — with ``gold_file`` — there are none (keep ``--num_fewshot 0``).
    """
    from datasets import DatasetDict

    gold = _gold(split, gold_file)
    if fewshot_gold_file:
        pool: Sequence[Document] = _gold(None, fewshot_gold_file).documents
    elif gold_file:
        pool = ()
    else:
        pool = _gold("train", None).documents
    log.info("eventbench_de: %d document(s) of %s (dataset hash %s), %d few-shot candidate(s)",
             len(gold.documents), gold.split, gold.dataset_hash, len(pool))
    return DatasetDict({"test": _dataset(gold.documents), "train": _dataset(pool)})


# --------------------------------------------------------------------------- prompt


def doc_to_text(doc: dict[str, Any]) -> str:
    """The user turn: the document text (the instructions are the task description).

    >>> doc_to_text({"text": "Berlin liefert Panzer."})
    'Text:\\nBerlin liefert Panzer.\\nJSON:'
    """
    return f"Text:\n{doc['text']}\nJSON:"


def doc_to_target(doc: dict[str, Any]) -> str:
    """The gold answer (few-shot examples and the logged samples' ``target``)."""
    return doc.get("target") or answer_json(gold_document(doc))


# --------------------------------------------------------------------------- scoring


def gold_document(doc: dict[str, Any]) -> Document:
    return document_from_dict(json.loads(doc["gold"]), where=f"gold of {doc.get('doc_id')!r}")


def parse_output(output: Any, text: str) -> tuple[list[dict[str, Any]] | None, Counter]:
    """Submission events (text-only spans) from one model output, and what was dropped.

    ``None`` when the output holds no recoverable JSON answer (a malformed output). Never raises.

    >>> parse_output('```json\\n{"events": [{"type": "DELIVERY", "trigger": "liefert"}, '
    ...              '{"type": ["?"], "trigger": "x"}]}\\n```', "Berlin liefert Panzer.")
    ([{'type': 'DELIVERY', 'trigger': {'text': 'liefert'}, 'arguments': []}], Counter({'dropped_events': 1}))
    >>> parse_output("Sorry.", "Berlin liefert Panzer.")
    (None, Counter())
    """
    counts: Counter = Counter()
    try:  # a model output must never stop an evaluation (deeply nested JSON: RecursionError)
        raw = parse_answer(output if isinstance(output, str) else None)
        if raw is None:
            return None, counts
        # one item at a time: clean_events also drops repeated events, but in one answer a
        # repeated event is another mention (the aligner places it at the next occurrence).
        # Spans not in the text are kept: the scorer counts them as false positives, exactly as
        # for any submission (only what the submission format cannot hold is dropped).
        return [e for item in raw for e in clean_events([item], text, counts,
                                                        keep_unaligned=True)], counts
    except Exception:  # logged with its traceback, counted as malformed
        log.warning("eventbench_de: an output could not be read; counted as malformed",
                    exc_info=True)
        return None, Counter()


def process_results(doc: dict[str, Any], results: Sequence[Any]) -> dict[str, Any]:
    """Per-document results: ``(tp, fp, fn)`` per level and counts, for :func:`micro_f1` and
    :func:`total`."""
    from benchmark.scoring import ScoringSpec, score
    from benchmark.submission import submission_from_dicts

    gold = gold_document(doc)
    output = results[0] if results else None
    events, counts = parse_output(output, gold.text)
    if events is None:
        counts["malformed_outputs"] += 1
        events = []
    try:
        submission = submission_from_dicts([{"doc_id": gold.doc_id, "events": events}], [gold])
    except Exception:  # cleaned events are valid; never let a surprise stop the run
        log.warning("eventbench_de: %s: the parsed events are not a valid submission; counted "
                    "as malformed", gold.doc_id, exc_info=True)
        counts["malformed_outputs"] += 1
        submission = submission_from_dicts([{"doc_id": gold.doc_id, "events": []}], [gold])
    report = score([gold], submission, spec=ScoringSpec(bootstrap=0))
    out: dict[str, Any] = {}
    for level in LEVELS:
        prf = report.levels[level].micro
        out[f"{level}_f1"] = (prf.tp, prf.fp, prf.fn)
    counts["alignment_failures"] += report.alignment_failures
    for name in COUNTS:
        out[name] = counts[name]
    return out


def micro_f1(items: Iterable[Sequence[int]]) -> float:
    """F1 of the summed ``(tp, fp, fn)`` of all documents (the project's 0/0 policy)."""
    total_prf = PRF()
    for tp, fp, fn in items:
        total_prf = total_prf + PRF(int(tp), int(fp), int(fn))
    return total_prf.f1


def total(items: Iterable[int]) -> int:
    """The sum of a per-document count."""
    return sum(int(x) for x in items)


def submission_from_samples(samples: Path) -> list[dict[str, Any]]:
    """Submission objects from lm-eval's ``samples_eventbench_de_*.jsonl`` (``--log_samples``):
    each answer parsed exactly as :func:`process_results` does (a malformed answer predicts no
    events), so that ``eventbench score`` reproduces the task's figures and adds bootstrap
    intervals, a results file and a leaderboard entry."""
    from benchmark.io import iter_jsonl

    submission, seen = [], set()
    for number, sample in iter_jsonl(Path(samples)):
        doc = sample.get("doc") if isinstance(sample, dict) else None
        if not isinstance(doc, dict) or "doc_id" not in doc or "text" not in doc:
            raise BenchmarkError(f"{samples}:{number}: not a sample of the eventbench_de task "
                                 "(no doc with doc_id and text)")
        if doc["doc_id"] in seen:
            raise BenchmarkError(f"{samples}:{number}: document {doc['doc_id']!r} appears twice "
                                 "(several samples files or --repeats? give one run's file)")
        seen.add(doc["doc_id"])
        responses = sample.get("filtered_resps") or sample.get("resps") or [None]
        output = responses[0][0] if isinstance(responses[0], list) else responses[0]
        events, _ = parse_output(output, doc["text"])
        submission.append({"doc_id": doc["doc_id"], "events": events or []})
    return submission


def _fixture_document() -> Document:
    """A one-event document for the doctests (invented text)."""
    from benchmark.schema import Event, Span

    return Document("d", "fixture", "CC0-1.0", "de", None, None, "Berlin liefert Panzer.",
                    (Event("E1", "DELIVERY", Span(7, 14, "liefert")),))
