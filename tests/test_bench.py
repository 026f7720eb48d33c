"""`eventbench bench` and its synthetic data, on tiny sizes (the real run is the command; its
figures are in the README's Performance section)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from benchmark.bench import bench_corpus, render_bench, run_bench, verdicts
from benchmark.cli import main
from benchmark.evalio import gold_from_file, read_submission
from benchmark.synthetic import write_synthetic_pair


def test_synthetic_files_are_deterministic_valid_and_consistent(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    gold_a, sub_a, events = write_synthetic_pair(tmp_path / "a", 40)
    gold_b, sub_b, _ = write_synthetic_pair(tmp_path / "b", 40)
    assert gold_a.read_bytes() == gold_b.read_bytes() and sub_a.read_bytes() == sub_b.read_bytes()
    gold = gold_from_file(gold_a)  # checks that every gold offset gives its span text
    assert len(gold.documents) == 40 and events == sum(len(d.events) for d in gold.documents)
    checked = read_submission(sub_a, gold)
    assert checked.ok and checked.submission.string_aligned


def test_run_bench_measures_every_size(tmp_path):
    results = run_bench((30, 60), corpus=False, workdir=tmp_path)
    assert [s["documents"] for s in results["sizes"]] == [30, 60]
    for size in results["sizes"]:
        assert size["parse_floor_s"] > 0 and size["validate_score_s"] > 0
        assert size["ratio"] > 0 and size["peak_rss_mib"] > 0
        assert 0 <= size["headline_f1"] <= 1
    assert results["machine"]["nproc"] >= 1
    assert not list(tmp_path.iterdir())  # the temporary folder is gone
    targets = results["targets"]
    assert targets["validate+score / parse floor at 100k documents"]["met"] is None
    assert "not measured" in render_bench(results)


def test_bench_corpus_on_the_mini_corpus(mini, tmp_path):
    out = bench_corpus(tmp_path, mini.annotations, mini.sources, replicates=100)
    assert out["build_documents"] >= 1 and out["build_s"] > 0
    assert set(out["cached_load_s"]) == {"documents", "sentences"}
    assert out["test_documents"] == 1 and out["bootstrap_levels"] == 7
    assert isinstance(out["lexicon"]["available"], bool)
    if not out["lexicon"]["available"]:
        assert out["lexicon"]["note"].startswith("not available")
    text = render_bench({"date": "d", "machine": {"nproc": 2, "cpu": "c", "ram_gib": 1,
                                                  "python": "3"},
                         "memory_measure": "m", "sizes": [], "corpus": out,
                         "targets": verdicts({"sizes": [], "corpus": out})})
    assert "bootstrap: 100 replicates × 7 levels on 1 test documents" in text
    assert "lexicon baseline: " in text


def test_verdicts_compare_with_the_targets():
    results = {"sizes": [{"documents": 100000, "ratio": 2.5, "peak_rss_mib": 900.0}],
               "corpus": {"bootstrap_s": 0.01, "build_s": 3.0,
                          "cached_load_s": {"documents": 0.2}}}
    got = {name: v["met"] for name, v in verdicts(results).items()}
    assert got == {"validate+score / parse floor at 100k documents": False,
                   "peak memory at 100k documents (≈1M events)": True,
                   "bootstrap, 1,000 replicates, test split": True, "dataset build": True,
                   "cached load (documents)": True}


def test_bench_command(tmp_path):
    out = tmp_path / "bench.json"
    result = CliRunner().invoke(main, ["bench", "--sizes", "25", "--no-corpus", "--out",
                                       str(out)])
    assert result.exit_code == 0, result.output
    assert "ratio" in result.output and "targets:" in result.output
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["sizes"][0]["documents"] == 25


def test_bench_command_rejects_bad_sizes():
    result = CliRunner().invoke(main, ["bench", "--sizes", "10,lots"])
    assert result.exit_code == 2 and "comma-separated" in result.output
