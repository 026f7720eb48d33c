"""The leaderboard: refusals, ranking, and no lost entries with several real processes adding."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmark.errors import BenchmarkError
from benchmark.evalio import gold_from_file, read_submission
from benchmark.leaderboard import add_results, load_board, ranked
from benchmark.report import check_results, results_dict, system_metadata
from benchmark.scoring import ScoringSpec, score

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parent.parent


def make_results(name: str, sub: str = "system_a.jsonl", **spec) -> dict:
    gold = gold_from_file(DATA / "gold.jsonl")
    submission = read_submission(DATA / sub, gold).submission
    report = score(gold, submission, spec=ScoringSpec(bootstrap=50, **spec))
    return results_dict(report, gold=gold, system=system_metadata({"name": name}),
                        submission_sha256=f"sha-{name}", date="2024-01-01T00:00:00Z")


@pytest.fixture(scope="module")
def base() -> dict:
    return make_results("A")


def test_add_and_rank(tmp_path, base):
    board = tmp_path / "board.json"
    add_results(board, base)
    weaker = make_results("B", "system_b.jsonl")
    add_results(board, weaker)
    data = load_board(board)
    assert data["dataset_hash"] == base["dataset"]["hash"] and data["split"] == "file:gold.jsonl"
    assert [(rank, e["system"]["name"]) for rank, e in ranked(data)] == [(1, "A"), (2, "B")]
    entry = data["entries"][0]
    assert entry["headline"]["level"] == "argument_classification_attached"
    assert entry["headline"]["ci_low"] is not None


def test_equal_figures_share_a_rank(tmp_path, base):
    board = tmp_path / "board.json"
    twin = copy.deepcopy(base)
    twin["system"]["name"], twin["submission"]["sha256"] = "A2", "other"
    add_results(board, base)
    add_results(board, twin)
    assert [rank for rank, _ in ranked(load_board(board))] == [1, 1]


@pytest.mark.parametrize("field, value, message", [
    (("dataset", "hash"), "0" * 64, "dataset_hash"),
    (("dataset", "split"), "validation", "split"),
    (("scorer_version",), "0.9.0", "scorer_version"),
])
def test_refuses_other_data_or_scorer(tmp_path, base, field, value, message):
    board = tmp_path / "board.json"
    add_results(board, base)
    other = copy.deepcopy(base)
    target = other
    for key in field[:-1]:
        target = target[key]
    target[field[-1]] = value
    other["system"]["name"], other["submission"]["sha256"] = "Other", "sha-other"
    with pytest.raises(BenchmarkError, match=message):
        add_results(board, other)


def test_refuses_duplicates(tmp_path, base):
    board = tmp_path / "board.json"
    add_results(board, base)
    same_sub = copy.deepcopy(base)
    same_sub["system"]["name"] = "Renamed"
    with pytest.raises(BenchmarkError, match="already on the leaderboard"):
        add_results(board, same_sub)
    same_name = copy.deepcopy(base)
    same_name["submission"]["sha256"] = "new"
    same_name["system"]["name"] = " a "
    with pytest.raises(BenchmarkError, match="named"):
        add_results(board, same_name)
    assert len(load_board(board)["entries"]) == 1


def test_refuses_non_official(tmp_path):
    with pytest.raises(BenchmarkError, match="official results only"):
        add_results(tmp_path / "b.json", make_results("T", compat="textee"))


def test_refuses_edited_figures(tmp_path, base):
    edited = copy.deepcopy(base)
    edited["scores"]["argument_classification_attached"]["micro"]["f1"] = 0.99
    with pytest.raises(BenchmarkError, match="does not follow from its counts"):
        add_results(tmp_path / "b.json", edited)


@pytest.mark.parametrize("mutate, message", [
    (lambda r: r.update(format_version="0"), "format_version"),
    (lambda r: r.update(extra=1), "unknown field"),
    (lambda r: r.pop("scores"), "missing 'scores'"),
    (lambda r: r["system"].update(name=""), "name"),
])
def test_check_results_rejects_malformed(base, mutate, message):
    bad = copy.deepcopy(base)
    mutate(bad)
    with pytest.raises(BenchmarkError, match=message):
        check_results(bad)


def test_concurrent_adders_lose_nothing(tmp_path, base):
    """Several real processes add at the same moment; every entry must survive."""
    board = tmp_path / "board.json"
    n = 6
    files = []
    for k in range(n):
        r = copy.deepcopy(base)
        r["system"]["name"], r["submission"]["sha256"] = f"S{k}", f"sha-{k}"
        path = tmp_path / f"r{k}.json"
        path.write_text(json.dumps(r), encoding="utf-8")
        files.append(path)
    code = ("import json, sys, pathlib; from benchmark.leaderboard import add_results; "
            "add_results(pathlib.Path(sys.argv[1]), json.loads(pathlib.Path(sys.argv[2])"
            ".read_text(encoding='utf-8')))")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(board), str(f)], cwd=REPO)
             for f in files]
    assert [p.wait(timeout=120) for p in procs] == [0] * n
    names = sorted(e["system"]["name"] for e in load_board(board)["entries"])
    assert names == [f"S{k}" for k in range(n)]
    assert not list(tmp_path.glob(".board.json.*.tmp"))  # no temporary file left behind
