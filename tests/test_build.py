"""The Hugging Face dataset build and the Python loading API."""

from __future__ import annotations

import json

import pytest

from benchmark.dataset import build_dataset, load, load_gold
from benchmark.errors import BenchmarkError
from benchmark.evalio import gold_from_file


@pytest.fixture
def built(mini, tmp_path):
    out = tmp_path / "build"
    result = build_dataset(out, mini.annotations, mini.sources)
    return out, result


def _files(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_twice_is_byte_identical(mini, tmp_path):
    first = build_dataset(tmp_path / "a", mini.annotations, mini.sources)
    second = build_dataset(tmp_path / "b", mini.annotations, mini.sources)
    assert first.dataset_hash == second.dataset_hash
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_hash_changes_with_annotations(mini, tmp_path):
    first = build_dataset(tmp_path / "a", mini.annotations, mini.sources)
    path = mini.doc("authored/t1.yaml")
    path.write_text(path.read_text(encoding="utf-8").replace("modality: PLANNED", "modality: POSSIBLE", 1),
                    encoding="utf-8")
    second = build_dataset(tmp_path / "b", mini.annotations, mini.sources)
    assert first.dataset_hash != second.dataset_hash


def test_load_dataset_offline_documents_and_sentences(built, monkeypatch):
    out, result = built
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    import datasets

    docs = datasets.load_dataset(str(out), "documents", cache_dir=str(out.parent / "cache"))
    assert set(docs) == {"train", "authored_validation", "test"}
    row = docs["authored_validation"][0]
    type_names = docs["authored_validation"].features["events"].feature["type"].names
    assert row["doc_id"] == "auth-test-1"
    assert [type_names[e["type"]] for e in row["events"]][:2] == ["AUTHORIZATION", "DELIVERY"]
    first = row["events"][0]
    assert row["text"][first["trigger"]["start"]:first["trigger"]["end"]] == "genehmigt"
    sentences = datasets.load_dataset(str(out), "sentences", cache_dir=str(out.parent / "cache"))
    tags = sentences["authored_validation"].features["trigger_tags"].feature.names
    all_tags = {tags[t] for r in sentences["authored_validation"] for t in r["trigger_tags"]}
    assert {"B-AUTHORIZATION", "B-MEETING", "I-MEETING", "O"} <= all_tags


def test_sentence_offsets_point_into_text(built):
    out, _ = built
    docs = {d.doc_id: d for d in gold_from_file(out / "gold" / "authored_validation.jsonl").documents}
    import pyarrow.parquet as pq

    for row in pq.read_table(out / "sentences" / "authored_validation.parquet").to_pylist():
        text = docs[row["doc_id"]].text
        assert text[row["start"]:row["end"]] == row["text"]
        for token, start, end in zip(row["tokens"], row["token_starts"], row["token_ends"]):
            assert text[start:end] == token


def test_card_has_configs_and_typed_dataset_info(built):
    out, result = built
    card = (out / "README.md").read_text(encoding="utf-8")
    import yaml

    meta = yaml.safe_load(card.split("---")[1])
    assert [c["config_name"] for c in meta["configs"]] == ["documents", "sentences"]
    assert "class_label" in json.dumps(meta["dataset_info"])
    assert result.dataset_hash in card
    assert "CC-BY-NC-SA-4.0" in card and "10kGNAD" in card


def test_manifest_records_hash_and_versions(built):
    out, result = built
    manifest = json.loads((out / "MANIFEST.json").read_text(encoding="utf-8"))
    assert manifest["dataset_hash"] == result.dataset_hash
    assert manifest["splits"] == {"train": ["gnad-0"], "authored_validation": ["auth-test-1"],
                                  "test": ["gnad-1"]}
    assert {"benchmark_version", "format_version", "ontology_version"} <= set(manifest)


def test_redistributable_only_leaves_out_seed(mini, tmp_path):
    seed_text = mini.annotations / "texts" / "seed" / "s.txt"
    seed_text.parent.mkdir(parents=True)
    seed_text.write_text("Ein Text ohne Ereignisse.", encoding="utf-8")
    from benchmark.sources import text_sha256

    (mini.annotations / "docs" / "seed").mkdir()
    mini.doc("seed/s.yaml").write_text(
        "annotation_format: 1\ndoc_id: seed-x\nsource: seed\nsource_ref: s.txt\n"
        f"text_sha256: {text_sha256(seed_text.read_text())}\n"
        "license: LicenseRef-third-party-news\nevents: []\n", encoding="utf-8")
    splits = mini.annotations / "splits.yaml"
    splits.write_text(splits.read_text().replace("  - auth-test-1\n", "  - auth-test-1\n  - seed-x\n"))
    full = build_dataset(tmp_path / "full", mini.annotations, mini.sources)
    public = build_dataset(tmp_path / "public", mini.annotations, mini.sources,
                           redistributable_only=True)
    assert full.split_sizes["validation"] == 1  # the seed document
    assert "validation" not in public.split_sizes
    assert full.split_sizes["authored_validation"] == public.split_sizes["authored_validation"] == 1


def test_build_refuses_to_replace_a_foreign_folder(mini, tmp_path):
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("precious")
    with pytest.raises(BenchmarkError, match="--force"):
        build_dataset(foreign, mini.annotations, mini.sources)
    assert (foreign / "notes.txt").read_text() == "precious"


def test_build_refuses_annotations_with_errors(mini, tmp_path):
    path = mini.doc("authored/t1.yaml")
    path.write_text(path.read_text().replace("type: MEETING", "type: MEETNG"))
    with pytest.raises(BenchmarkError, match="eventbench check"):
        build_dataset(tmp_path / "out", mini.annotations, mini.sources)
    assert not (tmp_path / "out").exists()


def test_build_refuses_changed_source_text(mini, tmp_path):
    csv = mini.sources / "10kGNAD" / "test.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("Munition", "Raketen"), encoding="utf-8")
    with pytest.raises(BenchmarkError, match="A501"):
        build_dataset(tmp_path / "out", mini.annotations, mini.sources)


def test_load_api_rebuilds_after_an_edit_never_stale(mini, tmp_path):
    out = tmp_path / "auto"
    kwargs = dict(build_dir=out, annotations=mini.annotations, sources=mini.sources)
    before = load("documents", split="authored_validation", **kwargs)
    assert before[0]["events"][1]["modality"] == 1  # PLANNED
    path = mini.doc("authored/t1.yaml")
    path.write_text(path.read_text().replace("modality: PLANNED", "modality: POSSIBLE", 1))
    after = load("documents", split="authored_validation", **kwargs)
    assert after[0]["events"][1]["modality"] == 2  # POSSIBLE
    whole = load("sentences", **kwargs)
    assert set(whole) == {"train", "authored_validation", "test"}


def test_load_gold_returns_documents_and_hash(mini, tmp_path):
    gold = load_gold("test", build_dir=tmp_path / "g", annotations=mini.annotations,
                     sources=mini.sources)
    assert [d.doc_id for d in gold.documents] == ["gnad-1"]
    assert len(gold.dataset_hash) == 64 and gold.split == "test"
    with pytest.raises(BenchmarkError, match="available"):
        load_gold("dev", build_dir=tmp_path / "g", annotations=mini.annotations,
                  sources=mini.sources)


def test_load_works_from_any_working_directory(mini, tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "EVENTBENCH_ANNOTATIONS": str(mini.annotations),
           "EVENTBENCH_SOURCES": str(mini.sources), "EVENTBENCH_BUILD": str(tmp_path / "b"),
           "HF_DATASETS_OFFLINE": "1"}
    code = "import benchmark; print(benchmark.load('documents', split='test')[0]['doc_id'])"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "gnad-1"


def test_public_api_scores_a_submission_end_to_end(mini, tmp_path):
    import benchmark

    gold = benchmark.load_gold("authored_validation", build_dir=tmp_path / "api",
                               annotations=mini.annotations, sources=mini.sources)
    path = tmp_path / "preds.jsonl"
    path.write_text('{"doc_id": "auth-test-1", "events": [{"type": "MEETING", '
                    '"trigger": {"text": "traf sich"}}]}\n', encoding="utf-8")
    checked = benchmark.read_submission(path, gold)
    assert checked.ok
    report = benchmark.score(gold, checked.submission, spec=benchmark.ScoringSpec(bootstrap=0))
    micro = report.levels["trigger_classification"].micro
    assert (micro.tp, micro.fp, micro.fn) == (1, 0, 5)
