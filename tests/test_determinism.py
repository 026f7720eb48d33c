"""Determinism and integrity beyond tests/test_build.py and tests/test_leaderboard.py.

Already covered there (not repeated here): two builds in one process are byte-identical
(test_build.py::test_build_twice_is_byte_identical), the build refuses a changed source text
(A501, test_build.py::test_build_refuses_changed_source_text), two scorings give byte-identical
results files apart from the date and match a golden file
(test_cli_eval.py::test_results_are_byte_identical_apart_from_the_date,
::test_results_match_the_golden_file), the leaderboard refuses another dataset hash, split or
scorer version (test_leaderboard.py::test_refuses_other_data_or_scorer).

Added here: the same across processes with different hash seeds (set and dict order must never
leak into a file), independence from the order of submission lines and events, results carrying
the hash of a real build and a real rebuild being refused by the board, and the performance
changes (bootstrap drawn in blocks, strict matching grouped first) giving the very same numbers.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest

import benchmark.bootstrap as bootstrap
from benchmark.dataset import load_gold
from benchmark.errors import BenchmarkError
from benchmark.evalio import gold_from_file, read_submission
from benchmark.gcpause import gc_paused
from benchmark.leaderboard import add_results
from benchmark.matching import Item, match
from benchmark.prf import PRF
from benchmark.report import results_dict, system_metadata
from benchmark.scoring import ScoringSpec, score
from benchmark.submission import submission_from_dicts
from benchmark.synthetic import synthetic_gold, synthetic_submission, write_jsonl

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parent.parent


def _files(folder: Path) -> dict[Path, bytes]:
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _eventbench(args: list[str], hash_seed: str, **env: str) -> None:
    full_env = {**os.environ, "PYTHONHASHSEED": hash_seed, "HF_DATASETS_OFFLINE": "1", **env}
    subprocess.run([sys.executable, "-c", "from benchmark.cli import main; main()", *args],
                   cwd=REPO, env=full_env, check=True, capture_output=True)


def test_builds_under_different_hash_seeds_are_byte_identical(mini, tmp_path):
    for seed in ("1", "2"):
        _eventbench(["build", "--out", str(tmp_path / seed), "--annotations",
                     str(mini.annotations), "--sources", str(mini.sources)], seed)
    first = _files(tmp_path / "1")
    assert Path("MANIFEST.json") in first and len(first) > 5
    assert first == _files(tmp_path / "2")


def test_scoring_under_different_hash_seeds_is_byte_identical(tmp_path):
    for seed in ("1", "2"):
        for mode in ("strict", "lenient"):
            _eventbench(["score", str(DATA / "system_a.jsonl"), "--gold", str(DATA / "gold.jsonl"),
                         "--mode", mode, "--out", str(tmp_path / f"{mode}-{seed}.json")], seed,
                        SOURCE_DATE_EPOCH="0")
    for mode in ("strict", "lenient"):
        assert (tmp_path / f"{mode}-1.json").read_bytes() == \
            (tmp_path / f"{mode}-2.json").read_bytes()


def _results(gold, path: Path, name: str = "x") -> dict:
    checked = read_submission(path, gold)
    assert checked.ok
    report = score(gold, checked.submission, spec=ScoringSpec(bootstrap=200))
    return results_dict(report, gold=gold, system=system_metadata({"name": name}),
                        submission_sha256="-", date="-")


def test_order_of_lines_and_events_does_not_change_results(tmp_path):
    gold_rows = synthetic_gold(60, seed=5, events_per_doc=6, words_per_doc=50)
    write_jsonl(tmp_path / "gold.jsonl", gold_rows)
    gold = gold_from_file(tmp_path / "gold.jsonl")
    rows = list(synthetic_submission(gold_rows, seed=9))
    write_jsonl(tmp_path / "a.jsonl", rows)
    rng = random.Random(0)
    shuffled = [dict(r, events=rng.sample(r["events"], len(r["events"]))) for r in rows]
    rng.shuffle(shuffled)
    write_jsonl(tmp_path / "b.jsonl", shuffled)
    assert (tmp_path / "a.jsonl").read_bytes() != (tmp_path / "b.jsonl").read_bytes()
    assert _results(gold, tmp_path / "a.jsonl") == _results(gold, tmp_path / "b.jsonl")


def test_results_carry_the_build_hash_and_the_board_refuses_a_rebuilt_dataset(mini, tmp_path):
    kwargs = dict(annotations=mini.annotations, sources=mini.sources)
    gold = load_gold("test", build_dir=tmp_path / "b1", **kwargs)
    manifest = json.loads((tmp_path / "b1" / "MANIFEST.json").read_text(encoding="utf-8"))
    sub = tmp_path / "gold_as_sub.jsonl"
    write_jsonl(sub, [{"doc_id": d.doc_id, "events": [
        {"type": e.type, "trigger": {"start": e.trigger.start, "end": e.trigger.end}}
        for e in d.events]} for d in gold.documents])
    first = _results(gold, sub, "first")
    assert first["dataset"] == {"hash": manifest["dataset_hash"], "split": "test",
                                "documents": len(gold.documents)}
    board = tmp_path / "board.json"
    add_results(board, first)
    path = mini.doc("authored/t1.yaml")
    path.write_text(path.read_text(encoding="utf-8").replace("modality: PLANNED",
                                                             "modality: POSSIBLE", 1),
                    encoding="utf-8")
    rebuilt = load_gold("test", build_dir=tmp_path / "b2", **kwargs)
    assert rebuilt.dataset_hash != gold.dataset_hash
    with pytest.raises(BenchmarkError, match="dataset_hash"):
        add_results(board, _results(rebuilt, sub, "second"))


def test_bootstrap_in_blocks_gives_the_same_numbers(monkeypatch):
    rng = random.Random(3)
    a = [PRF(rng.randint(0, 4), rng.randint(0, 3), rng.randint(0, 3)) for _ in range(101)]
    b = [PRF(rng.randint(0, 4), rng.randint(0, 3), rng.randint(0, 3)) for _ in range(101)]
    whole_w = bootstrap.resample_weights(101, 250, 7)
    whole = bootstrap.paired_bootstrap(a, b, f1_a=0.5, f1_b=0.4, samples=250, seed=7,
                                       confidence=0.95)
    monkeypatch.setattr(bootstrap, "BLOCK_DRAWS", 101 * 3 + 50)  # blocks of 3 replicates
    assert np.array_equal(bootstrap.resample_weights(101, 250, 7), whole_w)
    assert bootstrap.paired_bootstrap(a, b, f1_a=0.5, f1_b=0.4, samples=250, seed=7,
                                      confidence=0.95) == whole


def _reference_strict_match(gold, pred):
    """The strict matcher as first written: sort everything canonically, then group."""
    def canonical(items):
        return sorted(range(len(items)), key=lambda i: repr((
            items[i].key, items[i].loose, items[i].tiebreak, items[i].label_type,
            items[i].label_role)))

    groups = defaultdict(lambda: ([], []))
    for i in canonical(gold):
        if gold[i].key is not None:
            groups[(gold[i].key, gold[i].loose)][0].append(i)
    for j in canonical(pred):
        if pred[j].key is not None and (pred[j].key, pred[j].loose) in groups:
            groups[(pred[j].key, pred[j].loose)][1].append(j)
    pairs = []
    for gi, pj in groups.values():
        free_pred, free_gold = list(pj), []
        for i in gi:
            j = next((j for j in free_pred if pred[j].tiebreak == gold[i].tiebreak), None)
            if j is None:
                free_gold.append(i)
            else:
                free_pred.remove(j)
                pairs.append((i, j))
        pairs.extend(zip(free_gold, free_pred, strict=False))
    return sorted(pairs)


def test_grouped_strict_matching_equals_the_reference():
    rng = random.Random(11)
    for _ in range(400):
        def item():
            key = rng.choice([None, ("A",), ("B",), ("A", (1, 2))])
            return Item(key, rng.choice([None, (0, 3), (4, 6)]), None,
                        rng.choice(["T1", "T2"]), rng.choice([None, "R"]),
                        rng.choice([None, "ASSERTED", "NEGATED", ("x", 1)]))
        gold = [item() for _ in range(rng.randint(0, 9))]
        pred = [item() for _ in range(rng.randint(0, 9))]
        assert list(match(gold, pred).pairs) == _reference_strict_match(gold, pred)


def test_gc_pause_restores_the_collector_even_on_error():
    import gc

    assert gc.isenabled()
    with pytest.raises(ValueError), gc_paused():
        raise ValueError
    assert gc.isenabled()


def test_scoring_the_same_objects_twice_is_identical():
    gold_rows = synthetic_gold(30, seed=2, events_per_doc=5, words_per_doc=40)
    from benchmark.schema import document_from_dict

    gold = [document_from_dict(d) for d in gold_rows]
    sub = submission_from_dicts(synthetic_submission(gold_rows, seed=4), gold)
    assert score(gold, sub) == score(gold, sub)
