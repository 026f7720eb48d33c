"""Text-only alignment (docs/metrics.md, "Alignment"): never looks at gold."""

from __future__ import annotations

import inspect

import benchmark.align as align
from benchmark.align import align_events, occurrences
from benchmark.submission import PredArgument, PredEvent, PredSpan

TEXT = "Die Lieferung kam. Eine Lieferung folgt, sagte Berlin; Berlin zahlt."


def ev(trigger, *args, etype="DELIVERY"):
    return PredEvent(etype, trigger, tuple(PredArgument(r, s) for r, s in args))


def test_triggers_take_the_leftmost_unused_occurrence():
    t = PredSpan(text="Lieferung")
    doc = align_events(TEXT, [ev(t), ev(t), ev(t)])
    first, second = occurrences(TEXT, "Lieferung")
    assert [e.trigger for e in doc.events] == [(first, first + 9), (second, second + 9), None]
    assert doc.failures == ((2, None),) and doc.text_spans == 3


def test_a_trigger_given_by_offsets_uses_its_occurrence():
    first = TEXT.index("Lieferung")
    doc = align_events(TEXT, [ev(PredSpan(first, first + 9)), ev(PredSpan(text="Lieferung"))])
    assert doc.events[1].trigger[0] == TEXT.index("Lieferung", first + 1)
    assert doc.text_spans == 1


def test_arguments_take_the_nearest_occurrence_ties_leftmost():
    second = TEXT.index("Lieferung", 10)
    doc = align_events(TEXT, [ev(PredSpan(second, second + 9),
                                 ("Deliverer", PredSpan(text="Berlin")))])
    assert doc.events[0].arguments[0].span[0] == TEXT.index("Berlin")
    tie = "ab X ab"
    d2 = align_events(tie, [ev(PredSpan(3, 4), ("Artifact", PredSpan(text="ab")))])
    assert d2.events[0].arguments[0].span == (0, 2)


def test_argument_of_an_unaligned_trigger_goes_leftmost():
    doc = align_events(TEXT, [ev(PredSpan(text="Export"), ("Deliverer", PredSpan(text="Berlin")))])
    assert doc.events[0].trigger is None
    assert doc.events[0].arguments[0].span[0] == TEXT.index("Berlin")


def test_nfc_normalisation_of_the_needle():
    doc = align_events("Über Polen", [ev(PredSpan(text="U\u0308ber"))])
    assert doc.events[0].trigger == (0, 4)


def test_unalignable_argument():
    doc = align_events(TEXT, [ev(PredSpan(text="Lieferung"), ("Artifact", PredSpan(text="Munition")))])
    assert doc.events[0].arguments[0].span is None and doc.failures == ((0, 0),)


def test_alignment_never_sees_gold():
    params = inspect.signature(align.align_events).parameters
    assert list(params) == ["text", "events"]
