"""Error analysis: each reason on a hand-made case."""

from __future__ import annotations

import copy

from test_scoring import E1, E2, GOLD, arg, off

from benchmark.error_analysis import REASONS, analyse
from benchmark.submission import submission_from_dicts


def findings(events, mode="strict"):
    sub = submission_from_dicts([{"doc_id": "doc", "events": events}], GOLD)
    (doc,) = analyse(GOLD, sub, mode)
    return [(f.kind, f.outcome, f.reason, f.event_type, f.role) for f in doc.findings
            if f.outcome != "tp"]


def test_perfect_has_only_true_positives():
    sub = submission_from_dicts([{"doc_id": "doc", "events": [E1, E2]}], GOLD)
    (doc,) = analyse(GOLD, sub)
    assert {f.outcome for f in doc.findings} == {"tp"}
    assert doc.count("trigger", "tp") == 2 and doc.count("argument", "tp") == 6


def test_missed():
    got = findings([E1])
    assert ("trigger", "fn", "missed", "MEETING", None) in got
    assert ("argument", "fn", "missed", "MEETING", "Place") in got


def test_wrong_type_of_trigger_and_its_arguments():
    e1 = copy.deepcopy(E1)
    e1["type"] = "EXPORT"
    e1["arguments"] = [arg("Supplier", "Berlin")]
    got = findings([e1, E2])
    assert ("trigger", "fp", "wrong type", "EXPORT", None) in got
    assert ("trigger", "fn", "wrong type", "DELIVERY", None) in got
    assert ("argument", "fn", "missed", "DELIVERY", "Artifact") in got


def test_wrong_role():
    e1 = copy.deepcopy(E1)
    e1["arguments"][0]["role"] = "Recipient"
    got = findings([e1, E2])
    assert sorted(got) == [("argument", "fn", "wrong role", "DELIVERY", "Deliverer"),
                           ("argument", "fp", "wrong role", "DELIVERY", "Recipient")]


def test_wrong_trigger_and_boundary():
    e1 = copy.deepcopy(E1)
    e1["trigger"] = off("Panzer")
    got = findings([e1, E2])
    assert ("trigger", "fp", "boundary error", "DELIVERY", None) not in got
    assert ("trigger", "fp", "spurious", "DELIVERY", None) in got
    assert ("argument", "fp", "attached to the wrong trigger", "DELIVERY", "Deliverer") in got
    assert ("argument", "fn", "attached to the wrong trigger", "DELIVERY", "Deliverer") in got


def test_trigger_boundary_error():
    e2 = copy.deepcopy(E2)
    e2["trigger"] = off("traf")
    got = findings([E1, e2])
    assert ("trigger", "fp", "boundary error", "MEETING", None) in got
    assert ("trigger", "fn", "boundary error", "MEETING", None) in got


def test_argument_boundary_error_strict_but_not_lenient():
    e1 = copy.deepcopy(E1)
    e1["arguments"][2] = arg("Destination", "Polen")
    assert ("argument", "fp", "boundary error", "DELIVERY", "Destination") in findings([e1, E2])
    assert findings([e1, E2], "lenient") == []


def test_unaligned_text_and_spurious_and_duplicate():
    e2 = copy.deepcopy(E2)
    e2["arguments"].append({"role": "Place", "text": "Madrid"})
    extra = {"type": "PAYMENT", "trigger": off("Regierung"), "arguments": []}
    got = findings([E1, e2, extra, copy.deepcopy(E1)])
    assert ("argument", "fp", "unaligned text", "MEETING", "Place") in got
    assert ("trigger", "fp", "spurious", "PAYMENT", None) in got
    sub = submission_from_dicts([{"doc_id": "doc", "events": [E1, E2, E1]}], GOLD)
    (doc,) = analyse(GOLD, sub)
    dup = [f for f in doc.findings if f.kind == "trigger" and f.outcome == "fp"]
    assert dup[0].detail == "duplicate of a matched prediction"


def test_reasons_are_the_documented_seven():
    assert set(REASONS) == {"boundary error", "wrong type", "wrong role",
                            "attached to the wrong trigger", "unaligned text", "spurious",
                            "missed"}
