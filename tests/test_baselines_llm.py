"""The LLM baseline end to end against a stand-in OpenAI-compatible server on 127.0.0.1.

The server (http.server in a thread, real HTTP) answers chat completions from a script keyed by
the document text: a good answer in a code fence, a server error followed by a malformed answer,
an answer with an unknown type and a span not in the text, and one that is too slow. Skipped when
the ``openai`` client library is not installed (it is in the ``test`` extra).
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from loopback import JSONHandler, serving

from benchmark.cli import main

pytest.importorskip("openai", reason="the llm baseline needs the openai client library "
                                     "(pip install -e '.[llm]' or '.[test]')")

from baselines.llm import chunks, clean_events, parse_answer  # noqa: E402

DATA = Path(__file__).parent / "data"
GOLD = DATA / "gold.jsonl"

MEETING_ANSWER = {"events": [
    {"type": "MEETING", "trigger": "trafen sich",
     "arguments": [{"role": "Participant", "text": "Kanzler Scholz"},
                   {"role": "Participant", "text": "Präsident Macron"},
                   {"role": "Time", "text": "Am Montag", "value": "XXXX-XX-XX"},
                   {"role": "Place", "text": "in Paris"}],
     "modality": "ASSERTED", "evidentiality": "DIRECT", "change": "NONE"},
    {"type": "AGREEMENT", "trigger": "vereinbarten", "arguments": []},
]}


class StandIn:
    """Scripted answers per document (recognised by a word of its text) and a request log."""

    def __init__(self) -> None:
        self.requests: Counter = Counter()
        self.lock = threading.Lock()

    def answer(self, text: str) -> tuple[int, str]:
        key = ("meeting" if "Macron" in text else "export" if "Panzern" in text
               else "attack" if "Charkiw" in text else "other")
        with self.lock:
            self.requests[key] += 1
            seen = self.requests[key]
        if key == "meeting":
            return 200, "```json\n" + json.dumps(MEETING_ANSWER, ensure_ascii=False) + "\n```"
        if key == "export":
            if seen == 1:
                return 500, "temporary failure"
            return 200, "Sorry, I cannot produce JSON for this {"
        if key == "attack":
            return 200, json.dumps({"events": [
                {"type": "WAR", "trigger": "Angriff"},
                {"type": "ATTACK", "trigger": "nicht im Text"},
                {"type": "ATTACK", "trigger": text.split()[2],
                 "arguments": [{"role": "Recipient", "text": "x"}]}]})
        time.sleep(3)  # slower than the client's timeout
        return 200, json.dumps({"events": []})


@pytest.fixture
def server():
    script = StandIn()

    class Handler(JSONHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            text = body["messages"][-1]["content"]
            status, content = script.answer(text)
            if status != 200:
                payload = json.dumps({"error": {"message": content}}).encode()
            else:
                payload = json.dumps({
                    "id": "x", "object": "chat.completion", "created": 0, "model": body["model"],
                    "choices": [{"index": 0, "finish_reason": "stop",
                                 "message": {"role": "assistant", "content": content}}],
                }).encode()
            self.send_json(payload, status)

    with serving(Handler) as base:
        yield f"{base}/v1", script


def run(*args, env=None):
    result = CliRunner().invoke(main, [str(a) for a in args], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    assert "Traceback" not in result.output
    return result


def test_llm_end_to_end_over_http_with_cache_and_resume(server, tmp_path):
    url, script = server
    model = tmp_path / "model"
    assert run("baseline", "train", "llm", "--train-gold", GOLD, "--validation-gold", GOLD,
               "--out", model).exit_code == 0
    prompt = json.loads((model / "prompt.json").read_text(encoding="utf-8"))
    assert prompt["examples"] and "MEETING" in prompt["system"]
    preds = tmp_path / "preds.jsonl"
    args = ("baseline", "run", "llm", "--input", GOLD, "--model", model, "--out", preds,
            "--endpoint", url, "--llm-model", "stand-in", "--timeout", "1", "--retries", "1",
            "--concurrency", "3")
    env = {"EVENTBENCH_LLM_API_KEY": "test"}
    result = run(*args, env=env)
    assert result.exit_code == 0, result.output
    assert "1 malformed answer(s)" in result.output
    assert "failed request(s)" in result.output and "0 failed request(s)" not in result.output
    assert script.requests["export"] == 2  # a 500, retried once
    predicted = {json.loads(line)["doc_id"]: json.loads(line)["events"]
                 for line in preds.read_text(encoding="utf-8").splitlines()}
    assert [e["type"] for e in predicted["fx-meeting"]] == ["MEETING", "AGREEMENT"]
    assert predicted["fx-meeting"][0]["trigger"] == {"text": "trafen sich"}
    assert predicted["fx-export"] == []
    assert all(e["type"] == "ATTACK" for e in predicted["fx-attack"])
    # text-only spans, aligned by the scorer against the user's gold file
    out = tmp_path / "results.json"
    assert run("score", preds, "--gold", GOLD, "--bootstrap", "0", "--out", out).exit_code == 0
    results = json.loads(out.read_text(encoding="utf-8"))
    assert results["submission"]["string_aligned"] is True
    assert results["scores"]["trigger_classification"]["micro"]["tp"] >= 2
    assert results["scores"]["argument_classification_attached"]["micro"]["tp"] >= 4
    # a second run is served from the cache: only the failed (uncached) piece is asked again
    before = sum(script.requests.values())
    again = run(*args, env=env)
    assert again.exit_code == 0
    assert "cached answer(s)" in again.output
    assert sum(script.requests.values()) - before == 2  # the timed-out piece, retried once
    assert again.output.count("malformed") == 1


def test_llm_without_endpoint_is_skipped_with_a_message(tmp_path, monkeypatch):
    for var in ("EVENTBENCH_LLM_BASE_URL", "OPENAI_BASE_URL", "EVENTBENCH_LLM_MODEL"):
        monkeypatch.delenv(var, raising=False)
    model = tmp_path / "model"
    run("baseline", "train", "llm", "--train-gold", GOLD, "--validation-gold", GOLD,
        "--out", model)
    result = run("baseline", "run", "llm", "--input", GOLD, "--model", model,
                 "--out", tmp_path / "p.jsonl")
    assert result.exit_code == 0
    assert "skipped" in result.output and "EVENTBENCH_LLM_BASE_URL" in result.output
    assert not (tmp_path / "p.jsonl").exists()


@pytest.mark.parametrize("content", [
    "", "null", "[1, 2", '{"events": "none"}', "```\n```", "Here: {\"events\": [}",
])
def test_malformed_answers_never_crash(content):
    assert parse_answer(content) is None


def test_clean_events_drops_and_counts_what_does_not_fit():
    counts: Counter = Counter()
    text = "Russland griff am Freitag Kiew an."
    events = clean_events([
        {"type": "ATTACK", "trigger": "griff", "modality": "SURE",
         "arguments": [{"role": "Attacker", "text": "Russland"},
                       {"role": "Time", "text": "am Freitag", "value": "Freitag"},
                       {"role": "Money", "text": "Kiew"}, {"role": "Target", "text": "Moskau"}]},
        {"type": "ATTACK", "trigger": "griff", "modality": "SURE",
         "arguments": [{"role": "Attacker", "text": "Russland"},
                       {"role": "Time", "text": "am Freitag", "value": "Freitag"},
                       {"role": "Money", "text": "Kiew"}, {"role": "Target", "text": "Moskau"}]},
        "not an event", {"type": "ATTACK"},
    ], text, counts)
    assert events == [{"type": "ATTACK", "trigger": {"text": "griff"},
                       "arguments": [{"role": "Attacker", "text": "Russland"},
                                     {"role": "Time", "text": "am Freitag"}]}]
    assert counts == {"dropped_events": 2, "dropped_arguments": 4}


def test_long_texts_are_cut_at_sentence_ends():
    text = " ".join(f"Satz {i} endet hier." for i in range(400))
    pieces = chunks(text, limit=500)
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "")
    assert all(len(p) <= 500 for p in pieces)
