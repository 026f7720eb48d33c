"""The offline baselines (lexicon, learned) and the `eventbench baseline` commands.

Everything runs on the hand-written fixture tests/data/gold.jsonl (no corpus text): it serves as
train, validation and as the "new documents" a user scores against their own gold file.
"""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest
from click.testing import CliRunner

from baselines import german
from baselines.base import BASELINES, as_input, get_baseline, input_documents
from benchmark.agreement import as_submission_objects
from benchmark.cli import main
from benchmark.errors import BenchmarkError
from benchmark.evalio import gold_from_file
from benchmark.scoring import ScoringSpec, score
from benchmark.submission import submission_from_dicts

DATA = Path(__file__).parent / "data"
GOLD = DATA / "gold.jsonl"
LEVELS = ("trigger_identification", "trigger_classification", "argument_identification",
          "argument_classification", "argument_identification_attached",
          "argument_classification_attached", "event")


def run(*args: str, env: dict | None = None):
    result = CliRunner().invoke(main, [str(a) for a in args], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    assert "Traceback" not in result.output
    return result


@pytest.fixture(scope="module")
def gold():
    return gold_from_file(GOLD)


def _text_only(tmp_path: Path) -> Path:
    """The fixture documents without events, dct or anything else but doc_id and text."""
    path = tmp_path / "docs.jsonl"
    objects = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    lines = [json.dumps({"doc_id": o["doc_id"], "text": o["text"]}, ensure_ascii=False)
             for o in objects]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# ------------------------------------------------------------------ sanity checks of the scorer


def test_gold_as_submission_scores_one_on_every_level(gold):
    submission = submission_from_dicts(as_submission_objects(gold.documents), gold)
    report = score(gold, submission, spec=ScoringSpec(bootstrap=0))
    for level in LEVELS:
        micro = report.levels[level].micro
        assert (micro.precision, micro.recall, micro.f1) == (1.0, 1.0, 1.0), level
    for name in ("modality", "evidentiality", "change", "time_value"):
        assert report.accuracy[name].accuracy == 1.0


def test_empty_submission_scores_zero_without_errors(gold):
    submission = submission_from_dicts([], gold)
    report = score(gold, submission, spec=ScoringSpec(bootstrap=10))
    for level in LEVELS:
        micro = report.levels[level].micro
        assert micro.tp == micro.fp == 0 and micro.fn > 0
        assert micro.f1 == 0.0 and report.levels[level].ci == (0.0, 0.0)


# ------------------------------------------------------------------ text processing


def test_sentences_and_tokens_keep_offsets():
    text = "Am 2. Oktober traf Kim Jong-un Putin.\nDer Besuch endete."
    sentences = german.split_sentences(text)
    assert [text[s.start:s.end] for s in sentences] == [
        "Am 2. Oktober traf Kim Jong-un Putin.", "Der Besuch endete."]
    for s in sentences:
        assert all(text[t.start:t.end] == t.text for t in s.tokens)


@pytest.mark.parametrize(("text", "expected"), [
    ("am Freitag", "XXXX-XX-XX"), ("im Juni 2014", "2014-06"), ("Anfang Oktober", "XXXX-10"),
    ("seit 2003", "2003"), ("derzeit", "PRESENT_REF"), ("in den vergangenen 30 Jahren", "P30Y"),
    ("in der vergangenen Woche", "XXXX-WXX"), ("am 2. Oktober", "XXXX-10-02"),
])
def test_time_expressions_have_valid_timex_values(text, expected):
    from benchmark.timex import is_valid_timex

    found = german.time_expressions(f"Sie trafen sich {text} wieder.")
    assert [(m.text, m.value) for m in found] == [(text, expected)]
    assert is_valid_timex(expected)


def test_noun_phrases_take_determiner_not_preposition():
    text = "Die israelische Armee griff gegen Israel gerichtete Stellungen der Hamas an."
    sentence = german.split_sentences(text)[0]
    spans = {text[c.start:c.end]: c.prep for c in german.noun_phrases(sentence, text)}
    assert spans["Die israelische Armee"] == ""
    assert spans["Israel"] == "gegen"


# ------------------------------------------------------------------ the interface


def test_registry_names_every_baseline():
    result = run("baseline", "list")
    assert result.exit_code == 0
    for name in BASELINES:
        assert name in result.output


def test_unknown_baseline_suggests_a_name():
    with pytest.raises(BenchmarkError, match="did you mean 'lexicon'"):
        get_baseline("lexikon")
    result = run("baseline", "train", "lexikon", "--train-gold", GOLD, "--validation-gold", GOLD)
    assert result.exit_code == 1 and "did you mean 'lexicon'" in result.output


def test_input_documents_need_doc_id_and_text(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"doc_id": "a", "text": "x"}\n{"doc_id": "b"}\n', encoding="utf-8")
    with pytest.raises(BenchmarkError, match=r"bad.jsonl:2: .*'text'"):
        input_documents(bad)
    dup = tmp_path / "dup.jsonl"
    dup.write_text('{"doc_id": "a", "text": "x"}\n{"doc_id": "a", "text": "y"}\n', encoding="utf-8")
    with pytest.raises(BenchmarkError, match="duplicate doc_id"):
        input_documents(dup)


def test_gold_events_never_reach_a_baseline(gold):
    documents = as_input(gold.documents)
    assert all(not hasattr(d, "events") for d in documents)


@pytest.mark.parametrize("args", [
    ("--out", "x.jsonl"),  # neither --split nor --input
    ("--split", "test", "--input", str(GOLD), "--out", "x.jsonl"),
    ("--input", str(GOLD), "--out", "x.jsonl", "--endpoint", "http://127.0.0.1:1/v1"),
])
def test_run_usage_errors(args):
    result = run("baseline", "run", "lexicon", *args)
    assert result.exit_code == 2


def test_run_without_a_trained_model_says_what_to_do(tmp_path):
    result = run("baseline", "run", "learned", "--input", GOLD, "--out", tmp_path / "p.jsonl",
                 "--model", tmp_path / "nothing")
    assert result.exit_code == 1
    assert "eventbench baseline train learned" in result.output


# ------------------------------------------------------------------ train, run, score end to end


@pytest.mark.parametrize("name", ["lexicon", "learned"])
def test_train_run_on_new_documents_and_score_against_a_user_gold_file(name, tmp_path):
    model = tmp_path / "model"
    result = run("baseline", "train", name, "--train-gold", GOLD, "--validation-gold", GOLD,
                 "--out", model)
    assert result.exit_code == 0, result.output
    assert (model / "baseline.json").is_file()
    docs = _text_only(tmp_path)
    preds = tmp_path / "preds.jsonl"
    result = run("baseline", "run", name, "--input", docs, "--model", model, "--out", preds)
    assert result.exit_code == 0, result.output
    assert "documents/s" in result.output
    lines = [json.loads(line) for line in preds.read_text(encoding="utf-8").splitlines()]
    assert [d["doc_id"] for d in lines] == [d.doc_id for d in gold_from_file(GOLD).documents]
    assert run("validate", preds, "--gold", GOLD).exit_code == 0
    out = tmp_path / "results.json"
    result = run("score", preds, "--gold", GOLD, "--bootstrap", "20", "--out", out)
    assert result.exit_code == 0, result.output
    results = json.loads(out.read_text(encoding="utf-8"))
    assert results["dataset"]["split"] == "file:gold.jsonl"
    # trained on these very documents, the baseline finds some of their triggers
    assert results["scores"]["trigger_classification"]["micro"]["tp"] > 0
    # gold documents as input give the same predictions as text-only documents
    again = tmp_path / "again.jsonl"
    assert run("baseline", "run", name, "--input", GOLD, "--model", model,
               "--out", again).exit_code == 0
    assert again.read_bytes() == preds.read_bytes()


def test_learned_is_deterministic_and_reloadable(gold, tmp_path):
    documents = list(gold.documents)
    first, second = get_baseline("learned"), get_baseline("learned")
    first.train(documents, documents, seed=7)
    second.train(documents, documents, seed=7)
    inputs = as_input(documents)
    predictions = [first.predict(d) for d in inputs]
    assert predictions == [second.predict(d) for d in inputs]
    first.save(tmp_path / "m")
    loaded = get_baseline("learned")
    loaded.load(tmp_path / "m")
    assert [loaded.predict(d) for d in inputs] == predictions


def test_lexicon_uses_guideline_triggers_without_training_data(gold):
    lexicon = get_baseline("lexicon")
    lexicon.train([], [], seed=0)
    text = "Russland liefert Panzer an Serbien. Die Angriffe auf Kiew gingen am Freitag weiter."
    events = lexicon.predict(as_input([gold.documents[0]])[0].__class__("x", text))["events"]
    found = {(text[e["trigger"]["start"]:e["trigger"]["end"]], e["type"]) for e in events}
    assert {("liefert", "DELIVERY"), ("Angriffe", "ATTACK")} <= found


def test_split_options_read_the_built_dataset(monkeypatch, tmp_path):
    fake = types.ModuleType("benchmark.dataset")
    calls = []

    def load_gold(split, build_dir=None):
        calls.append(split)
        return gold_from_file(GOLD)

    fake.load_gold = load_gold
    monkeypatch.setitem(sys.modules, "benchmark.dataset", fake)
    model, preds = tmp_path / "model", tmp_path / "preds.jsonl"
    assert run("baseline", "train", "lexicon", "--out", model).exit_code == 0
    assert run("baseline", "run", "lexicon", "--split", "test", "--model", model,
               "--out", preds).exit_code == 0
    assert calls == ["train", "validation", "test"]
    assert preds.is_file()


def test_results_table_names_the_reproducing_command(tmp_path):
    model, preds = tmp_path / "model", tmp_path / "lexicon.test.jsonl"
    run("baseline", "train", "lexicon", "--train-gold", GOLD, "--validation-gold", GOLD,
        "--out", model)
    run("baseline", "run", "lexicon", "--input", GOLD, "--model", model, "--out", preds)
    for mode in ("strict", "lenient"):
        assert run("score", preds, "--gold", GOLD, "--mode", mode, "--bootstrap", "50",
                   "--system-name", "lexicon baseline", "--out",
                   tmp_path / f"lexicon.{mode}.json").exit_code == 0
    result = run("baseline", "table", tmp_path / "lexicon.strict.json",
                 tmp_path / "lexicon.lenient.json")
    assert result.exit_code == 0, result.output
    rows = [line for line in result.output.splitlines() if line.startswith("| lexicon")]
    assert len(rows) == 2
    assert f"eventbench score {preds} --gold gold.jsonl --mode strict --bootstrap 50" in rows[0]
    assert "dataset hash" in result.output


@pytest.mark.parametrize("module", ["baselines.base", "baselines.german", "baselines.learned",
                                    "baselines.table", "baselines.llm"])
def test_docstring_examples(module):
    """baselines/ is outside pytest's doctest paths, so its examples are run here."""
    import doctest
    import importlib

    if module == "baselines.llm":
        pytest.importorskip("openai")
    failures, _ = doctest.testmod(importlib.import_module(module))
    assert failures == 0
