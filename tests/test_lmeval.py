"""The lm-evaluation-harness task (benchmark/lmeval/): its functions without lm-eval, and the task
run by lm-eval end to end against a stand-in OpenAI-compatible server on 127.0.0.1.

The unit tests need only the project's own dependencies. The end-to-end tests need lm-eval
(``pip install -e '.[lm-eval]'``, which pulls torch; it is deliberately not in the ``test``
extra) and are skipped with that reason where it is not installed.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

import pytest
import yaml
from loopback import JSONHandler, serving

from benchmark.evalio import gold_from_file
from benchmark.lmeval import TASK_DIR, TASK_NAME
from benchmark.lmeval import utils as task
from benchmark.ontology import EVENT_TYPES
from benchmark.scoring import ScoringSpec, score
from benchmark.submission import submission_from_dicts

DATA = Path(__file__).parent / "data"
GOLD = DATA / "gold.jsonl"
ROOT = Path(__file__).resolve().parent.parent
YAML = TASK_DIR / "eventbench_de.yaml"
LEVEL_METRICS = [f"{level}_f1" for level in task.LEVELS]


class _TaskLoader(yaml.SafeLoader):
    """Reads lm-eval's ``!function utils.NAME`` tags as plain strings."""


_TaskLoader.add_constructor("!function", lambda loader, node: f"!function {node.value}")


def task_config() -> dict:
    return yaml.load(YAML.read_text(encoding="utf-8"), Loader=_TaskLoader)


@pytest.fixture(scope="module")
def gold():
    return gold_from_file(GOLD)


@pytest.fixture(scope="module")
def docs(gold):
    return {row["doc_id"]: row for row in task.rows(gold.documents)}


# --------------------------------------------------------------------------- scripted answers


def scripted_answers(docs: dict[str, dict]) -> dict[str, str]:
    """A model output per fixture document: the gold answer in a code fence after some prose
    (fx-meeting), no JSON at all (fx-export), one right event, one of an unknown type, one whose
    trigger is not in the text and an argument with a role the type does not have (fx-attack),
    and an empty answer list (fx-empty)."""
    attack = json.loads(docs["fx-attack"]["target"])["events"][0]
    attack = {**attack, "arguments": [*attack["arguments"], {"role": "Recipient", "text": "Kiew"}]}
    return {
        "fx-meeting": "Hier sind die Ereignisse:\n```json\n" + docs["fx-meeting"]["target"]
                      + "\n```",
        "fx-export": "Sorry, I cannot produce JSON for this {",
        "fx-attack": json.dumps({"events": [attack, {"type": "WAR", "trigger": "griff"},
                                            {"type": "ATTACK", "trigger": "nicht im Text"}]},
                                ensure_ascii=False),
        "fx-empty": '{"events": []}',
    }


def expected_figures(gold, docs) -> dict[str, float | int]:
    """What the task must report for :func:`scripted_answers`, computed without the task: the
    answers cleaned by hand into one submission and scored over the whole gold set at once."""
    answers = scripted_answers(docs)
    attack = json.loads(answers["fx-attack"])["events"]
    events = {"fx-meeting": json.loads(docs["fx-meeting"]["target"])["events"],
              # the WAR event is dropped (not an ontology type); the trigger that is not in the
              # text stays and is an alignment failure, a false positive like in any submission
              "fx-attack": [attack[0], attack[2]]}
    events["fx-attack"][0]["arguments"].pop()  # the Recipient argument is dropped (wrong role)
    events["fx-attack"][1]["arguments"] = []
    submission = submission_from_dicts(
        [{"doc_id": doc_id, "events": [
            {**e, "trigger": {"text": e["trigger"]},
             "arguments": [{k: v for k, v in a.items() if v is not None} for a in e["arguments"]]}
            for e in evs]} for doc_id, evs in events.items()], gold)
    report = score(gold, submission, spec=ScoringSpec(bootstrap=0))
    figures: dict[str, float | int] = {f"{level}_f1": report.levels[level].micro.f1
                                       for level in task.LEVELS}
    figures.update(malformed_outputs=1, dropped_events=1, dropped_arguments=1,
                   alignment_failures=1)
    return figures


# --------------------------------------------------------------------------- configuration


def test_task_yaml_names_existing_functions_and_the_headline_metrics():
    config = task_config()
    assert config["task"] == TASK_NAME
    assert config["output_type"] == "generate_until"
    assert config["custom_dataset"] == "!function utils.load_docs"
    assert config["metadata"]["version"] >= 1.0
    for key in ("custom_dataset", "doc_to_text", "doc_to_target", "process_results"):
        assert callable(getattr(task, config[key].split(".", 1)[1]))
    metrics = {m["metric"]: m for m in config["metric_list"]}
    assert list(metrics)[:2] == ["argument_classification_attached_f1",
                                 "trigger_classification_f1"]
    assert set(metrics) == {*LEVEL_METRICS, *task.COUNTS}
    for name in LEVEL_METRICS:
        assert metrics[name]["aggregation"] == "!function utils.micro_f1"
        assert metrics[name]["higher_is_better"] is True
    for name in task.COUNTS:
        assert metrics[name]["aggregation"] == "!function utils.total"
        assert metrics[name]["higher_is_better"] is False
    assert "bump metadata.version" in YAML.read_text(encoding="utf-8")


def task_fingerprint(docs) -> str:
    """What the task's version stands for: the prompt (instructions, user turn, answer shape,
    generation and few-shot settings) and the metrics (metric list, scorer version)."""
    from benchmark.scoring import SCORER_VERSION

    config = task_config()
    row = docs["fx-meeting"]
    parts = [row["instructions"], task.doc_to_text(row), task.doc_to_target(row),
             json.dumps({k: config.get(k) for k in ("description", "target_delimiter",
                                                      "fewshot_delimiter", "generation_kwargs",
                                                      "metric_list", "fewshot_split")},
                        sort_keys=True),
             SCORER_VERSION]
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()


#: metadata.version -> task_fingerprint(); a changed prompt or metric needs a new version
FINGERPRINTS = {
    1.0: "43f14de319cc9655e980cf23f93edbffc918b493350e1d414eb5ade7461d9c67",
}


def test_the_version_is_bumped_when_prompt_or_metric_change(docs):
    version = task_config()["metadata"]["version"]
    assert FINGERPRINTS.get(version) == task_fingerprint(docs), (
        "the prompt or a metric of the lm-eval task changed: bump metadata.version in "
        f"benchmark/lmeval/eventbench_de.yaml and add {task_fingerprint(docs)!r} for it here")


def test_yaml_ships_inside_the_package_and_the_extra_is_optional():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "*.yaml" in project["tool"]["setuptools"]["package-data"]["benchmark.lmeval"]
    extras = project["project"]["optional-dependencies"]
    assert any(r.startswith("lm-eval") for r in extras["lm-eval"])
    assert not any("lm-eval" in r or "lm_eval" in r or "torch" in r for r in extras["test"])
    printed = subprocess.run([sys.executable, "-m", "benchmark.lmeval"], capture_output=True,
                             text=True, check=True, cwd=DATA).stdout.strip()
    assert Path(printed) == TASK_DIR and (Path(printed) / "eventbench_de.yaml").is_file()


# --------------------------------------------------------------------------- data and prompt


def test_rows_carry_prompt_gold_and_target(gold, docs):
    row = docs["fx-meeting"]
    assert set(row) == set(task.COLUMNS)
    for name in EVENT_TYPES:
        assert name in row["instructions"]
    assert '{"events": [' in row["instructions"] and "JSON" in row["instructions"]
    text = task.doc_to_text(row)
    assert text.startswith("Text:\n") and text.endswith("\nJSON:") and row["text"] in text
    assert task.gold_document(row) == next(d for d in gold.documents if d.doc_id == "fx-meeting")
    target = json.loads(task.doc_to_target(row))
    assert [e["trigger"] for e in target["events"]] == ["trafen sich", "vereinbarten",
                                                       "Zusammenarbeit"]
    assert target["events"][0]["arguments"][2] == {"role": "Time", "text": "Am Montag",
                                                   "value": "2024-03-04"}
    assert json.loads(docs["fx-empty"]["target"]) == {"events": []}
    assert task.doc_to_target({k: v for k, v in row.items() if k != "target"}) == row["target"]


def test_load_docs_from_a_gold_file_from_any_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    loaded = task.load_docs(gold_file=str(GOLD), version=1.0, model="ignored")
    assert sorted(loaded) == ["test", "train"]
    assert loaded["test"]["doc_id"] == ["fx-meeting", "fx-export", "fx-attack", "fx-empty"]
    assert len(loaded["train"]) == 0  # no few-shot pool unless asked for
    with_pool = task.load_docs(gold_file=str(GOLD), fewshot_gold_file=str(GOLD))
    assert with_pool["train"]["target"] == with_pool["test"]["target"]


def test_load_docs_reads_built_splits_through_the_project_loader(mini, tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTBENCH_ANNOTATIONS", str(mini.annotations))
    monkeypatch.setenv("EVENTBENCH_SOURCES", str(mini.sources))
    monkeypatch.setenv("EVENTBENCH_BUILD", str(tmp_path / "build"))
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.chdir(tmp_path)
    loaded = task.load_docs()  # builds first: the build folder does not exist yet
    assert loaded["test"]["doc_id"] == ["gnad-1"] and loaded["train"]["doc_id"] == ["gnad-0"]
    assert task.load_docs(split="train")["test"]["doc_id"] == ["gnad-0"]


# --------------------------------------------------------------------------- parsing and scoring


def test_the_gold_answer_scores_perfectly(docs):
    for row in docs.values():
        result = task.process_results(row, [task.doc_to_target(row)])
        counts = Counter({k: v for k, v in result.items() if k in task.COUNTS})
        assert sum(counts.values()) == 0, (row["doc_id"], counts)
        for name in LEVEL_METRICS:
            tp, fp, fn = result[name]
            assert fp == fn == 0, (row["doc_id"], name, result[name])


@pytest.mark.parametrize("output", [
    None, "", "lol", "{", "```json\n{\"events\": [\n```", '{"events": 5}', "[1, 2, 3]",
    '{"events": [{"type": ["ATTACK"], "trigger": "griff"}]}',
    '{"events": [{"type": {"x": 1}, "trigger": "griff"}, null, 7, "ATTACK"]}',
    '{"events": [{"type": "ATTACK", "trigger": ["griff"], "arguments": "abc"}]}',
    '{"events": [{"type": "ATTACK", "trigger": "griff", "arguments": [{"role": ["Target"], '
    '"text": 5}, {"role": "Time", "text": "in der Nacht", "value": {"v": 1}}], '
    '"modality": ["X"], "evidentiality": {}, "change": 3}]}',
    "\x00\ud800" * 1000, "{" * 5000 + "}" * 5000, "[" * 100_000 + "]" * 100_000,
])
def test_malformed_output_never_crashes(docs, output):
    result = task.process_results(docs["fx-attack"], [output])
    assert set(result) == {*LEVEL_METRICS, *task.COUNTS}
    assert result["malformed_outputs"] in (0, 1)
    tp, fp, fn = result["trigger_classification_f1"]
    assert tp + fn == 2  # the two gold events of fx-attack


def test_parse_output_counts_what_it_drops(docs):
    answers = scripted_answers(docs)
    text = docs["fx-attack"]["text"]
    events, counts = task.parse_output(answers["fx-attack"], text)
    # kept: the right event and the one whose trigger is not in the text (the scorer counts it
    # as a false positive); dropped: the unknown type and the role the type does not have
    assert [(e["type"], e["trigger"]["text"]) for e in events] == [
        ("ATTACK", events[0]["trigger"]["text"]), ("ATTACK", "nicht im Text")]
    assert counts == Counter(dropped_events=1, dropped_arguments=1)
    assert task.parse_output(answers["fx-export"], text) == (None, Counter())
    events, _ = task.parse_output(answers["fx-meeting"], docs["fx-meeting"]["text"])
    assert events[0]["trigger"] == {"text": "trafen sich"}  # text-only: the aligner places it


def test_a_repeated_event_is_another_mention():
    from benchmark.schema import Document, Event, Span

    text = "Ein Angriff am Morgen, ein Angriff am Abend."
    second = text.rindex("Angriff")
    document = Document("rep", "fixture", "CC0-1.0", "de", None, None, text,
                        (Event("E1", "ATTACK", Span(4, 11, "Angriff")),
                         Event("E2", "ATTACK", Span(second, second + 7, "Angriff"))))
    row = task.rows([document])[0]
    result = task.process_results(row, [row["target"]])
    assert result["trigger_classification_f1"] == (2, 0, 0)
    once = task.process_results(row, ['{"events": [{"type": "ATTACK", "trigger": "Angriff"}]}'])
    assert once["trigger_classification_f1"] == (1, 0, 1)


def test_aggregation_is_micro_over_documents(gold, docs):
    answers = scripted_answers(docs)
    results = [task.process_results(docs[d], [answers[d]]) for d in docs]
    aggregated = {name: task.micro_f1([r[name] for r in results]) for name in LEVEL_METRICS}
    aggregated.update({name: task.total([r[name] for r in results]) for name in task.COUNTS})
    expected = expected_figures(gold, docs)
    assert aggregated == pytest.approx(expected)
    # not the mean of per-document F1s (fx-empty alone would score 1.0 there)
    name = "argument_classification_attached_f1"
    mean = sum(task.micro_f1([r[name]]) for r in results) / len(results)
    assert mean != pytest.approx(aggregated[name])


def score_submission_file(path: Path, gold) -> dict[str, float]:
    from benchmark.evalio import read_submission

    checked = read_submission(path, gold)
    assert checked.ok, checked.issues
    report = score(gold, checked.submission, spec=ScoringSpec(bootstrap=0))
    return {f"{level}_f1": report.levels[level].micro.f1 for level in task.LEVELS}


def test_logged_samples_become_a_submission_that_scores_the_same(gold, docs, tmp_path):
    from click.testing import CliRunner

    from benchmark.lmeval.__main__ import main

    answers = scripted_answers(docs)
    samples = tmp_path / "samples_eventbench_de_x.jsonl"  # the shape lm-eval logs
    samples.write_text("".join(json.dumps({"doc_id": i, "doc": row, "resps": [[answers[d]]],
                                           "filtered_resps": [answers[d]]},
                                          ensure_ascii=False) + "\n"
                               for i, (d, row) in enumerate(docs.items())), encoding="utf-8")
    out = tmp_path / "sub.jsonl"
    result = CliRunner().invoke(main, ["submission", str(samples), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "4 document(s)" in result.output
    expected = {k: v for k, v in expected_figures(gold, docs).items() if k.endswith("_f1")}
    assert score_submission_file(out, gold) == pytest.approx(expected)

    (tmp_path / "bad.jsonl").write_text('{"doc_id": 0}\n', encoding="utf-8")
    bad = CliRunner().invoke(main, ["submission", str(tmp_path / "bad.jsonl"), "--out",
                                    str(out)])
    assert bad.exit_code == 1 and "not a sample of the eventbench_de task" in bad.output
    assert CliRunner().invoke(main, []).output.strip() == str(TASK_DIR)


def test_micro_f1_follows_the_zero_division_policy():
    assert task.micro_f1([(0, 0, 0), (0, 0, 0)]) == 1.0
    assert task.micro_f1([(0, 0, 3)]) == 0.0
    assert task.micro_f1([[2, 1, 0], [0, 0, 1]]) == pytest.approx(4 / 6)
    assert task.total([1, 0, 2]) == 3


# --------------------------------------------------------------------------- end to end (lm-eval)


@pytest.fixture
def stand_in(docs):
    """An OpenAI-compatible completions and chat-completions server on 127.0.0.1 that answers
    :func:`scripted_answers` for whichever fixture document the prompt's last text holds."""
    answers = scripted_answers(docs)
    requests: list[dict] = []

    def answer(prompt: str) -> str:
        last = prompt.rsplit("Text:\n", 1)[-1]
        return next((answers[d] for d, row in docs.items() if row["text"] in last), "")

    class Handler(JSONHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            requests.append({"path": self.path, **body})
            if self.path.endswith("/chat/completions"):
                content = answer(body["messages"][-1]["content"])
                choices = [{"index": 0, "finish_reason": "stop",
                            "message": {"role": "assistant", "content": content}}]
            else:
                prompts = body["prompt"] if isinstance(body["prompt"], list) else [body["prompt"]]
                choices = [{"index": i, "finish_reason": "stop", "text": answer(p)}
                           for i, p in enumerate(prompts)]
            payload = json.dumps({"id": "x", "object": "completion", "created": 0,
                                  "model": body.get("model"), "choices": choices}).encode()
            self.send_json(payload)

    with serving(Handler) as base:
        yield f"{base}/v1", requests


def lm_eval_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVENTBENCH_")}
    env.update(HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
               OPENAI_API_KEY="not-needed", NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1")
    return env


def test_lm_eval_lists_the_task(tmp_path):
    pytest.importorskip("lm_eval", reason="the lm-evaluation-harness task needs lm-eval: "
                                          "pip install -e '.[lm-eval]' (not in the test extra: "
                                          "it pulls torch)")
    listed = subprocess.run([sys.executable, "-m", "lm_eval", "ls", "tasks", "--include_path",
                             str(TASK_DIR)], capture_output=True, text=True, cwd=tmp_path,
                            env=lm_eval_env(), timeout=300)
    assert listed.returncode == 0, listed.stderr[-3000:]
    assert TASK_NAME in listed.stdout and str(YAML) in listed.stdout


@pytest.mark.parametrize("model", ["local-chat-completions", "local-completions"])
def test_lm_eval_runs_the_task_end_to_end(stand_in, gold, docs, tmp_path, model):
    pytest.importorskip("lm_eval", reason="the lm-evaluation-harness task needs lm-eval: "
                                          "pip install -e '.[lm-eval]' (not in the test extra: "
                                          "it pulls torch)")
    url, requests = stand_in
    endpoint = f"{url}/chat/completions" if model == "local-chat-completions" \
        else f"{url}/completions"
    command = [sys.executable, "-m", "lm_eval", "--model", model, "--model_args",
               f"model=stand-in,base_url={endpoint},tokenizer_backend=none,max_retries=1",
               "--tasks", TASK_NAME, "--include_path", str(TASK_DIR),
               "--metadata", json.dumps({"gold_file": str(GOLD)}),
               "--output_path", str(tmp_path / "out"), "--log_samples"]
    if model == "local-chat-completions":
        command.append("--apply_chat_template")
    run = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path,
                         env=lm_eval_env(), timeout=600)
    assert run.returncode == 0, run.stderr[-4000:]
    assert "argument_classification_attached_f1" in run.stdout  # the printed table

    assert len(requests) == 4
    if model == "local-chat-completions":
        system, user = requests[0]["messages"][0], requests[0]["messages"][-1]
        assert system["role"] == "system" and "Event types" in system["content"]
        assert user["content"].startswith("Text:\n")
    else:
        assert all(r["prompt"].startswith(docs["fx-empty"]["instructions"] + "Text:\n")
                   and r["prompt"].endswith("\nJSON:") for r in requests)

    results_file = next((tmp_path / "out").rglob("results_*.json"))
    results = json.loads(results_file.read_text(encoding="utf-8"))
    reported = {name.split(",")[0]: value
                for name, value in results["results"][TASK_NAME].items()
                if name.endswith(",none") and "stderr" not in name}
    assert reported == pytest.approx(expected_figures(gold, docs))
    assert results["configs"][TASK_NAME]["metadata"]["version"] == task_config()[
        "metadata"]["version"]
    samples_files = list((tmp_path / "out").rglob("samples_*.jsonl"))
    assert len(samples_files) == 1
    submission = tmp_path / "sub.jsonl"
    subprocess.run([sys.executable, "-m", "benchmark.lmeval", "submission", str(samples_files[0]),
                    "--out", str(submission)], check=True, cwd=tmp_path, env=lm_eval_env())
    assert score_submission_file(submission, gold) == pytest.approx(
        {k: v for k, v in reported.items() if k.endswith("_f1")})
