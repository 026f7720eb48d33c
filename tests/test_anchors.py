"""Anchor resolution: exact, word-bounded, never a silent guess."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from benchmark.anchors import AnchorProblem, resolve_anchor

TEXT = "Russland liefert Waffen. Russlands Export wächst. Russland verhandelt."


def test_word_boundaries():
    assert resolve_anchor(TEXT, "Russland", occurrence=2) == TEXT.rindex("Russland ")
    problem = resolve_anchor(TEXT, "Russland")
    assert isinstance(problem, AnchorProblem) and problem.kind == "ambiguous"
    assert "occurs 2 times" in problem.message


def test_inside_word_only_is_not_found_with_hint():
    problem = resolve_anchor("Waffenexporte steigen.", "export")
    assert problem.kind == "not-found" and "inside a longer word" in problem.message


def test_scope_then_whole_text():
    scope = (TEXT.index("Russland verhandelt"), len(TEXT))
    assert resolve_anchor(TEXT, "Russland", scope=scope) == scope[0]
    # not in the scope: falls back to the whole text, where it is unique
    assert resolve_anchor(TEXT, "Waffen", scope=scope) == TEXT.index("Waffen")


def test_context_must_be_unique_and_contain_the_span():
    assert resolve_anchor(TEXT, "Russland", context="Russland verhandelt") == TEXT.rindex("Russland")
    assert resolve_anchor(TEXT, "Russland", context="Russland").kind == "ambiguous"
    assert resolve_anchor(TEXT, "Export", context="Russland verhandelt").kind == "mismatch"


def test_occurrence_out_of_range():
    problem = resolve_anchor(TEXT, "Waffen", occurrence=2)
    assert problem.kind == "not-found" and "has 1" in problem.message


@given(st.lists(st.sampled_from(["Kim", "traf", "Putin", "in", "Moskau", ".", ","]), min_size=1,
                max_size=30), st.data())
def test_resolved_offsets_always_point_at_the_span(words, data):
    text = " ".join(words)
    word = data.draw(st.sampled_from(words))
    result = resolve_anchor(text, word, occurrence=1)
    if isinstance(result, int):
        assert text[result:result + len(word)] == word
