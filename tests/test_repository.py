"""The repository's own annotations: clean, the founding article complete, no third-party text."""

from __future__ import annotations

import csv

import pytest

from benchmark import paths
from benchmark.annotations import load_corpus
from benchmark.sources import GNAD_FILE

SEED_ID = "seed-nk-arms-2024-10-11"


@pytest.fixture(scope="module")
def corpus():
    sources = paths.sources_dir()
    needs_gnad = any(paths.annotations_dir().glob("docs/10kgnad/*.yaml"))
    if needs_gnad and not (sources / GNAD_FILE).is_file():
        pytest.skip(f"10kGNAD sources not at {sources}; run `eventbench sources fetch`")
    return load_corpus(paths.annotations_dir(), sources)


def test_repository_annotations_are_clean(corpus):
    assert [i.render() for i in corpus.issues] == []


def test_seed_article_is_in_validation_never_test(corpus):
    assert corpus.splits[SEED_ID] == "validation"


def test_seed_article_annotation_is_complete(corpus):
    seed = next(d.document for d in corpus.documents if d.document.doc_id == SEED_ID)
    assert 25 <= len(seed.events) <= 40
    types = {e.type for e in seed.events}
    assert {"ORDER", "MEETING", "PRODUCTION", "EXPORT", "DELIVERY", "MOBILIZATION"} <= types
    triggers = {(e.type, e.trigger.text) for e in seed.events}
    assert ("ORDER", "erließ") in triggers
    meeting = next(e for e in seed.events if e.type == "MEETING" and e.trigger.text == "trafen sich")
    participants = {a.span.text for a in meeting.arguments if a.role == "Participant"}
    assert participants == {"Wladimir Putin", "Kim Jong-un"}
    assert {a.value for a in meeting.arguments if a.role == "Time"} == {"2024-06"}
    for event in seed.events:
        assert seed.text[event.trigger.start:event.trigger.end] == event.trigger.text


def _longest_common_run(body: str, i: int, text: str, j: int, width: int) -> int:
    """Length of the common run around body[i:i+width] == text[j:j+width]."""
    left = 0
    while i - left > 0 and j - left > 0 and body[i - left - 1] == text[j - left - 1]:
        left += 1
    right = width
    while i + right < len(body) and j + right < len(text) and body[i + right] == text[j + right]:
        right += 1
    return left + right


def test_no_10kgnad_text_is_committed():
    """Mirror of the licence guard: no run of 90 characters of any article in a tracked file.

    Every such run contains one of the 60-character windows taken every 30 characters of the
    article, so those windows find each candidate; a candidate counts when the common run around it
    is 90 characters or longer (shorter spans, such as long argument spans, are standoff anchors).
    """
    sources = paths.sources_dir() / GNAD_FILE
    if not sources.is_file():
        pytest.skip("10kGNAD sources not available")
    import subprocess

    files = subprocess.run(["git", "ls-files"], cwd=paths.REPO_ROOT, capture_output=True,
                           text=True, check=False).stdout.split()
    if not files:
        pytest.skip("not a git checkout")
    with sources.open(encoding="utf-8", newline="") as handle:
        texts = [row[1] for row in csv.reader(handle, delimiter=";", quotechar="'")]
    windows = {t[i:i + 60]: (n, i) for n, t in enumerate(texts)
               for i in range(0, max(0, len(t) - 59), 30)}
    for name in files:
        path = paths.REPO_ROOT / name
        if path.suffix in {".parquet", ".png"} or not path.is_file():
            continue
        body = path.read_text(encoding="utf-8", errors="ignore")
        for i in range(len(body) - 59):
            hit = windows.get(body[i:i + 60])
            if hit is not None:
                run = _longest_common_run(body, i, texts[hit[0]], hit[1], 60)
                assert run < 90, f"{name} contains {run} characters of 10kGNAD row {hit[0]}"
