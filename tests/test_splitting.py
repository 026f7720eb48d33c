"""Split assignment: stratified, deterministic, never moving an assigned document."""

from __future__ import annotations

from collections import Counter

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmark.annotations import read_splits
from benchmark.cli import main
from benchmark.ontology import TYPE_NAMES
from benchmark.schema import Document, Event, Span
from benchmark.splitting import assign_splits


def _doc(doc_id, types, source="10kGNAD"):
    events = tuple(Event(f"E{i}", t, Span(0, 1, "x")) for i, t in enumerate(types))
    return Document(doc_id, source, "CC-BY-NC-SA-4.0", "de", None, None, "x", events)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from(TYPE_NAMES[:5]), max_size=4), min_size=1, max_size=40),
       st.data())
def test_existing_assignments_never_move_and_all_new_are_placed(type_lists, data):
    docs = [_doc(f"d{i}", types) for i, types in enumerate(type_lists)]
    fixed = {d.doc_id: data.draw(st.sampled_from(["train", "validation", "test"]))
             for d in docs if data.draw(st.booleans())}
    new = assign_splits(docs, fixed)
    assert set(new) == {d.doc_id for d in docs} - set(fixed)
    assert assign_splits(docs, fixed) == new  # deterministic


def test_every_type_reaches_every_split_when_frequent_enough():
    docs = [_doc(f"d{i:03d}", [TYPE_NAMES[i % 15]]) for i in range(150)]
    splits = assign_splits(docs, {})
    per_type = {(docs[int(d[1:])].events[0].type, s) for d, s in splits.items()}
    assert per_type == {(t, s) for t in TYPE_NAMES for s in ("train", "validation", "test")}
    shares = Counter(splits.values())
    assert abs(shares["train"] / 150 - 0.60) < 0.05
    assert abs(shares["test"] / 150 - 0.25) < 0.05


def test_sources_are_stratified_separately():
    news = [_doc(f"n{i}", ["EXPORT"]) for i in range(20)]
    authored = [_doc(f"a{i}", ["EXPORT"], source="authored") for i in range(20)]
    splits = assign_splits(news + authored, {})
    assert Counter(s for d, s in splits.items() if d.startswith("a")) == Counter(
        s for d, s in splits.items() if d.startswith("n"))


def test_cli_assigns_only_new_documents(mini):
    splits_file = mini.annotations / "splits.yaml"
    splits_file.write_text(splits_file.read_text().replace("  - gnad-1\n", ""))
    before, _ = read_splits(mini.annotations)
    args = ["--annotations", str(mini.annotations), "--sources", str(mini.sources)]
    dry = CliRunner().invoke(main, ["splits", "assign", "--dry-run", *args])
    assert dry.exit_code == 0 and "gnad-1 ->" in dry.output
    assert read_splits(mini.annotations)[0] == before
    result = CliRunner().invoke(main, ["splits", "assign", *args])
    assert result.exit_code == 0, result.output
    after, issues = read_splits(mini.annotations)
    assert issues == []
    assert {k: v for k, v in after.items() if k in before} == before
    assert "gnad-1" in after
    again = CliRunner().invoke(main, ["splits", "assign", *args])
    assert "already has a split" in again.output


def test_cli_refuses_while_annotations_have_errors(mini):
    path = mini.doc("authored/t1.yaml")
    path.write_text(path.read_text().replace("type: MEETING", "type: MEETNG"))
    result = CliRunner().invoke(main, ["splits", "assign", "--annotations", str(mini.annotations),
                                       "--sources", str(mini.sources)])
    assert result.exit_code == 1 and "eventbench check" in result.output
