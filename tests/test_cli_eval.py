"""The evaluation commands through click's CliRunner: exit codes, output, results files."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmark.cli import main
from benchmark.evalio import gold_from_file

DATA = Path(__file__).parent / "data"
GOLD = str(DATA / "gold.jsonl")
EPOCH = {"SOURCE_DATE_EPOCH": "0"}


def run(*args: str, env: dict | None = None):
    result = CliRunner().invoke(main, list(args), env=env)
    # never a traceback: either a clean exit or no exception at all
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    assert "Traceback" not in result.output
    return result


# ------------------------------------------------------------------ validate


def test_validate_valid_submission():
    result = run("validate", str(DATA / "system_a.jsonl"), "--gold", GOLD)
    assert result.exit_code == 0
    assert "valid — 2 document(s)" in result.output
    assert "2 gold document(s) have no line" in result.output


def test_validate_reports_every_problem_with_code_and_location(tmp_path):
    sub = tmp_path / "bad.jsonl"
    sub.write_text(
        '{"doc_id": "fx-meeting", "events": [{"type": "MEETNG", "trigger": {"start": 10, '
        '"end": 21}}, {"type": "MEETING", "trigger": {"start": 10, "end": 21, "text": "x"}}]}\n'
        "not json\n"
        '{"doc_id": "fx-nope", "events": []}\n', encoding="utf-8")
    result = run("validate", str(sub), "--gold", GOLD)
    assert result.exit_code == 1
    out = result.output
    assert "S301 bad.jsonl: line 1 · doc 'fx-meeting' · events[0].type" in out
    assert "did you mean 'MEETING'" in out
    assert "S203 bad.jsonl: line 1 · doc 'fx-meeting' · events[1].trigger" in out
    assert "S101 bad.jsonl: line 2" in out
    assert "S405 bad.jsonl: line 3 · doc 'fx-nope'" in out
    assert "invalid — 4 error(s)" in out


def test_validate_warnings_only_is_valid(tmp_path):
    sub = tmp_path / "crlf.jsonl"
    sub.write_bytes(b"\xef\xbb\xbf" + (DATA / "system_b.jsonl").read_bytes().replace(b"\n",
                                                                                    b"\r\n"))
    result = run("validate", str(sub), "--gold", GOLD)
    assert result.exit_code == 0, result.output
    assert "S108" in result.output and "S109" in result.output


@pytest.mark.parametrize("args", [
    ["validate", str(DATA / "system_a.jsonl")],  # neither --split nor --gold
    ["validate", str(DATA / "system_a.jsonl"), "--gold", GOLD, "--split", "test"],
    ["validate", str(DATA / "missing.jsonl"), "--gold", GOLD],
    ["validate", str(DATA / "system_a.jsonl"), "--gold", str(DATA / "missing.jsonl")],
    ["validate", str(DATA / "system_a.jsonl"), "--split", "dev"],
])
def test_validate_usage_errors_exit_2(args):
    assert run(*args).exit_code == 2


def test_validate_bad_gold_file_is_a_usage_error(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"doc_id": "x"}\n', encoding="utf-8")
    result = run("validate", str(DATA / "system_a.jsonl"), "--gold", str(gold))
    assert result.exit_code == 2 and "cannot read the gold data" in result.output


def test_inconsistent_gold_offsets_are_refused(tmp_path):
    rows = [json.loads(x) for x in (DATA / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    rows[0]["events"][0]["trigger"]["start"] += 1
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8")
    result = run("validate", str(DATA / "system_a.jsonl"), "--gold", str(gold))
    assert result.exit_code == 2 and "do not give the span text" in result.output


def test_split_option_uses_the_dataset_module(monkeypatch):
    fake = types.ModuleType("benchmark.dataset")
    calls = []

    def load_gold(split, build_dir=None):
        calls.append(split)
        return gold_from_file(Path(GOLD))

    fake.load_gold = load_gold
    monkeypatch.setitem(sys.modules, "benchmark.dataset", fake)
    result = run("validate", str(DATA / "system_a.jsonl"), "--split", "test")
    assert result.exit_code == 0 and calls == ["test"]


# ------------------------------------------------------------------ score


def test_score_prints_table_and_writes_results(tmp_path):
    out = tmp_path / "r.json"
    result = run("score", str(DATA / "system_a.jsonl"), "--gold", GOLD, "--bootstrap", "200",
                 "--out", str(out), "--system-name", "A", "--system-url", "https://example.org")
    assert result.exit_code == 0, result.output
    assert "argument_classification_attached" in result.output
    assert "headline: argument_classification_attached F1 = 45.2" in result.output
    results = json.loads(out.read_text(encoding="utf-8"))
    assert results["system"] == {"name": "A", "url": "https://example.org"}
    assert results["spec"]["bootstrap"]["samples"] == 200
    micro = results["scores"]["argument_classification_attached"]["micro"]
    assert (micro["tp"], micro["fp"], micro["fn"]) == (7, 5, 12)
    assert 0 <= micro["ci_low"] <= micro["f1"] <= micro["ci_high"] <= 1


def test_perfect_submission_scores_one_everywhere(tmp_path):
    out = tmp_path / "p.json"
    result = run("score", str(DATA / "perfect.jsonl"), "--gold", GOLD, "--out", str(out))
    assert result.exit_code == 0
    results = json.loads(out.read_text(encoding="utf-8"))
    for level in results["scores"].values():
        assert level["micro"]["f1"] == 1.0 and level["micro"]["ci_low"] == 1.0
    assert all(a["accuracy"] == 1.0 for a in results["accuracy"].values())


def test_results_are_byte_identical_apart_from_the_date(tmp_path):
    outs = []
    for n, env in enumerate([None, EPOCH]):
        out = tmp_path / f"r{n}.json"
        run("score", str(DATA / "system_a.jsonl"), "--gold", GOLD, "--out", str(out), env=env)
        data = json.loads(out.read_text(encoding="utf-8"))
        data["date"] = "-"
        outs.append(json.dumps(data, ensure_ascii=False, indent=2))
    assert outs[0] == outs[1]


def test_results_match_the_golden_file(tmp_path):
    """tests/data/expected_results_system_a.json: see tests/data/README.md for the command."""
    out = tmp_path / "r.json"
    run("score", str(DATA / "system_a.jsonl"), "--gold", GOLD, "--metadata",
        str(DATA / "system_a_meta.json"), "--out", str(out), env=EPOCH)
    assert out.read_bytes() == (DATA / "expected_results_system_a.json").read_bytes()


def test_score_invalid_submission_exits_1(tmp_path):
    sub = tmp_path / "bad.jsonl"
    sub.write_text('{"doc_id": "fx-meeting", "events": [{"type": "X", "trigger": {}}]}\n',
                   encoding="utf-8")
    result = run("score", str(sub), "--gold", GOLD)
    assert result.exit_code == 1 and "S301" in result.output and "S204" in result.output


def test_score_text_only_submission_is_marked(tmp_path):
    out = tmp_path / "r.json"
    result = run("score", str(DATA / "text_only.jsonl"), "--gold", GOLD, "--bootstrap", "0",
                 "--out", str(out))
    assert result.exit_code == 0
    assert "string-aligned run: 10 span(s) given as text only; 1 of them could not be aligned" \
        in result.output
    sub = json.loads(out.read_text(encoding="utf-8"))["submission"]
    assert sub["string_aligned"] and sub["alignment_failures"] == 1


def test_score_lenient_and_textee(tmp_path):
    lenient = run("score", str(DATA / "system_a.jsonl"), "--gold", GOLD, "--mode", "lenient",
                  "--bootstrap", "0")
    assert lenient.exit_code == 0 and "mode lenient (not official)" in lenient.output
    out = tmp_path / "t.json"
    textee = run("score", str(DATA / "system_a.jsonl"), "--gold", GOLD, "--compat", "textee",
                 "--bootstrap", "0", "--out", str(out))
    assert textee.exit_code == 0 and "argument_attached_cls" in textee.output
    assert set(json.loads(out.read_text(encoding="utf-8"))["scores"]) == {
        "trigger_id", "trigger_cls", "argument_id", "argument_cls", "argument_attached_id",
        "argument_attached_cls"}


@pytest.mark.parametrize("extra", [
    ["--compat", "textee", "--mode", "lenient"],
    ["--metadata", str(DATA / "system_a_meta.json"), "--system-name", "x"],
    ["--system-url", "javascript:alert(1)"],
    ["--bootstrap", "-1"],
])
def test_score_usage_errors(extra):
    assert run("score", str(DATA / "system_a.jsonl"), "--gold", GOLD, *extra).exit_code == 2


def test_score_bad_metadata_is_a_usage_error(tmp_path):
    meta = tmp_path / "m.json"
    meta.write_text('{"name": "x", "homepage": "https://x.org"}', encoding="utf-8")
    result = run("score", str(DATA / "system_a.jsonl"), "--gold", GOLD, "--metadata", str(meta))
    assert result.exit_code == 2 and "homepage" in result.output


def test_score_per_type_tables():
    result = run("score", str(DATA / "system_a.jsonl"), "--gold", GOLD, "--bootstrap", "0",
                 "--per-type")
    assert "trigger_classification · per type" in result.output
    assert "argument_classification · per role" in result.output


# ------------------------------------------------------------------ compare


def test_compare_prints_difference_interval_and_p():
    result = run("compare", str(DATA / "system_a.jsonl"), str(DATA / "system_b.jsonl"),
                 "--gold", GOLD, "--bootstrap", "300")
    assert result.exit_code == 0, result.output
    assert "Δ (A−B)" in result.output and "argument_classification_attached" in result.output


def test_compare_json_and_identical_systems():
    result = run("compare", str(DATA / "system_a.jsonl"), str(DATA / "system_a.jsonl"),
                 "--gold", GOLD, "--bootstrap", "100", "--json")
    data = json.loads(result.output)
    for level in data["levels"].values():
        assert level["delta"] == 0 and level["p_value"] == 1.0
    assert data["spec"]["bootstrap"]["paired"] is True


# ------------------------------------------------------------------ errors


def test_errors_lists_reasons():
    result = run("errors", str(DATA / "system_a.jsonl"), "--gold", GOLD, "--errors-only")
    assert result.exit_code == 0
    out = result.output
    assert "wrong type (gold type EXPORT)" in out
    assert "boundary error" in out and "wrong role" in out and "spurious" in out
    assert "missed" in out and "TP trigger" not in out


def test_errors_json_and_doc_filter():
    result = run("errors", str(DATA / "text_only.jsonl"), "--gold", GOLD, "--json", "--doc",
                 "fx-attack")
    data = json.loads(result.output)
    assert [d["doc_id"] for d in data] == ["fx-attack"]
    reasons = {f["reason"] for f in data[0]["findings"]}
    assert "unaligned text" in reasons
    assert run("errors", str(DATA / "system_a.jsonl"), "--gold", GOLD, "--doc",
               "nope").exit_code == 2


# ------------------------------------------------------------------ leaderboard


def _results(tmp_path: Path, name: str, sub: str = "system_a.jsonl", *extra: str) -> Path:
    out = tmp_path / f"{name}.json"
    run("score", str(DATA / sub), "--gold", GOLD, "--bootstrap", "100", "--system-name", name,
        "--out", str(out), *extra)
    return out


def test_leaderboard_add_show_html(tmp_path):
    board = tmp_path / "board.json"
    a = _results(tmp_path, "Alpha <b>", "system_a.jsonl")
    b = _results(tmp_path, "Beta | pipe", "system_b.jsonl")
    assert run("leaderboard", "add", str(a), "--board", str(board)).exit_code == 0
    assert run("leaderboard", "add", str(b), "--board", str(board)).exit_code == 0
    again = run("leaderboard", "add", str(a), "--board", str(board))
    assert again.exit_code == 1 and "already on the leaderboard" in again.output
    shown = run("leaderboard", "show", "--board", str(board)).output
    assert shown.index("Alpha <b>") < shown.index("Beta | pipe")  # ranked by the headline
    md = run("leaderboard", "show", "--board", str(board), "--format", "markdown").output
    assert "Beta \\| pipe" in md and "Alpha \\<b\\>" in md
    page = tmp_path / "board.html"
    assert run("leaderboard", "html", str(page), "--board", str(board)).exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert "Alpha &lt;b&gt;" in html and "<b>" not in html


def test_leaderboard_refuses_non_official_results(tmp_path):
    lenient = _results(tmp_path, "L", "system_a.jsonl", "--mode", "lenient")
    result = run("leaderboard", "add", str(lenient), "--board", str(tmp_path / "b.json"))
    assert result.exit_code == 1 and "official results only" in result.output


def test_leaderboard_add_verify_rescoring(tmp_path):
    board = tmp_path / "b.json"
    a = _results(tmp_path, "A", "system_a.jsonl")
    ok = run("leaderboard", "add", str(a), "--board", str(board), "--verify",
             str(DATA / "system_a.jsonl"), "--gold", GOLD)
    assert ok.exit_code == 0, ok.output
    forged = json.loads(a.read_text(encoding="utf-8"))
    forged["system"]["name"] = "B"
    micro = forged["scores"]["trigger_classification"]["micro"]
    micro["tp"], micro["fp"], micro["fn"] = 8, 0, 0
    micro.update(precision=1.0, recall=1.0, f1=1.0)
    path = tmp_path / "forged.json"
    path.write_text(json.dumps(forged), encoding="utf-8")
    bad = run("leaderboard", "add", str(path), "--board", str(board), "--verify",
              str(DATA / "system_b.jsonl"), "--gold", GOLD)
    assert bad.exit_code == 1 and "does not reproduce submission, scores" in bad.output
    assert run("leaderboard", "add", str(path), "--board", str(board), "--gold",
               GOLD).exit_code == 2


def test_leaderboard_show_empty(tmp_path):
    assert "empty" in run("leaderboard", "show", "--board", str(tmp_path / "none.json")).output


def test_help_texts():
    for cmd in (["validate"], ["score"], ["compare"], ["errors"], ["leaderboard", "add"],
                ["leaderboard", "show"], ["leaderboard", "html"]):
        result = run(*cmd, "--help")
        assert result.exit_code == 0 and "Usage" in result.output
