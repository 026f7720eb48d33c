"""The scorer, way one: a table of hand-computed cases on one small document.

Gold (text below): DELIVERY "liefert" with Deliverer "Berlin", Artifact "Panzer", Destination
"nach Polen"; MEETING "traf sich" with Time "Am Montag" (2024-05-06), Participant "die Regierung",
Place "in Rom". Each case edits a perfect submission and lists the expected (tp, fp, fn) of the
levels TI, TC, AI, AC, AIA, ACA, EV, worked out by hand.
"""

from __future__ import annotations

import copy

import pytest

from benchmark.errors import BenchmarkError
from benchmark.schema import Argument, Document, Event, Span
from benchmark.scoring import LEVELS, ScoringSpec, score
from benchmark.submission import submission_from_dicts

TEXT = "Berlin liefert Panzer nach Polen. Am Montag traf sich die Regierung in Rom."
ORDER = ("trigger_identification", "trigger_classification", "argument_identification",
         "argument_classification", "argument_identification_attached",
         "argument_classification_attached", "event")


def sp(words: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(words, start + 1)
    return start, start + len(words)


def _span(words: str) -> Span:
    s, e = sp(words)
    return Span(s, e, words)


GOLD = [Document("doc", "test", "CC0-1.0", "de", "2024-05-06", None, TEXT, (
    Event("E1", "DELIVERY", _span("liefert"), (
        Argument("Deliverer", _span("Berlin")), Argument("Artifact", _span("Panzer")),
        Argument("Destination", _span("nach Polen")))),
    Event("E2", "MEETING", _span("traf sich"), (
        Argument("Time", _span("Am Montag"), "2024-05-06"),
        Argument("Participant", _span("die Regierung")), Argument("Place", _span("in Rom")))),
))]


def off(words: str, occurrence: int = 0) -> dict:
    s, e = sp(words, occurrence)
    return {"start": s, "end": e}


def arg(role: str, words: str, value: str | None = None) -> dict:
    out = {"role": role, **off(words)}
    if value:
        out["value"] = value
    return out


E1 = {"type": "DELIVERY", "trigger": off("liefert"), "arguments": [
    arg("Deliverer", "Berlin"), arg("Artifact", "Panzer"), arg("Destination", "nach Polen")]}
E2 = {"type": "MEETING", "trigger": off("traf sich"), "arguments": [
    arg("Time", "Am Montag", "2024-05-06"), arg("Participant", "die Regierung"),
    arg("Place", "in Rom")]}


def edited(*edits):
    e1, e2 = copy.deepcopy(E1), copy.deepcopy(E2)
    events = [e1, e2]
    for edit in edits:
        events = edit(events) or events
    return [{"doc_id": "doc", "events": events}]


def _set(path, value):
    def edit(events):
        target = events
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return edit


PERFECT = [(2, 0, 0), (2, 0, 0), (6, 0, 0), (6, 0, 0), (6, 0, 0), (6, 0, 0), (2, 0, 0)]

CASES = {
    "perfect": (edited(), "strict", PERFECT),
    "empty submission": ([], "strict",
                         [(0, 0, 2), (0, 0, 2), (0, 0, 6), (0, 0, 6), (0, 0, 6), (0, 0, 6),
                          (0, 0, 2)]),
    "wrong event type": (
        edited(_set([0, "type"], "EXPORT"), _set([0, "arguments", 0, "role"], "Supplier"),
               _set([0, "arguments", 2, "role"], "Recipient")), "strict",
        [(2, 0, 0), (1, 1, 1), (3, 3, 3), (3, 3, 3), (3, 3, 3), (3, 3, 3), (1, 1, 1)]),
    "duplicate event": (
        edited(lambda ev: ev + [copy.deepcopy(ev[1])]), "strict",
        [(2, 1, 0), (2, 1, 0), (6, 3, 0), (6, 3, 0), (6, 3, 0), (6, 3, 0), (2, 1, 0)]),
    "wrong role": (
        edited(_set([0, "arguments", 0, "role"], "Recipient")), "strict",
        [(2, 0, 0), (2, 0, 0), (6, 0, 0), (5, 1, 1), (6, 0, 0), (5, 1, 1), (1, 1, 1)]),
    "argument on the wrong trigger": (
        edited(_set([0, "trigger"], off("Panzer"))), "strict",
        [(1, 1, 1), (1, 1, 1), (6, 0, 0), (6, 0, 0), (3, 3, 3), (3, 3, 3), (1, 1, 1)]),
    "boundary error, strict": (
        edited(_set([0, "arguments", 2], arg("Destination", "Polen"))), "strict",
        [(2, 0, 0), (2, 0, 0), (5, 1, 1), (5, 1, 1), (5, 1, 1), (5, 1, 1), (1, 1, 1)]),
    "boundary error, lenient (preposition stripped)": (
        edited(_set([0, "arguments", 2], arg("Destination", "Polen"))), "lenient", PERFECT),
    "article stripped, lenient": (
        edited(_set([1, "arguments", 1], arg("Participant", "Regierung"))), "lenient", PERFECT),
    "over-generation stays penalised, lenient": (
        edited(lambda ev: ev[0]["arguments"].append(arg("Destination", "Polen"))), "lenient",
        [(2, 0, 0), (2, 0, 0), (6, 1, 0), (6, 1, 0), (6, 1, 0), (6, 1, 0), (1, 1, 1)]),
    "over-generation, strict": (
        edited(lambda ev: ev[0]["arguments"].append(arg("Destination", "Polen"))), "strict",
        [(2, 0, 0), (2, 0, 0), (6, 1, 0), (6, 1, 0), (6, 1, 0), (6, 1, 0), (1, 1, 1)]),
    "token IoU 1/2 matches, lenient": (
        edited(_set([0, "arguments", 1], arg("Artifact", "Panzer nach"))), "lenient", PERFECT),
    "token IoU 1/2, strict": (
        edited(_set([0, "arguments", 1], arg("Artifact", "Panzer nach"))), "strict",
        [(2, 0, 0), (2, 0, 0), (5, 1, 1), (5, 1, 1), (5, 1, 1), (5, 1, 1), (1, 1, 1)]),
    "token IoU 1/3 does not match, lenient": (
        edited(_set([0, "arguments", 0], arg("Deliverer", "Berlin liefert Panzer"))), "lenient",
        [(2, 0, 0), (2, 0, 0), (5, 1, 1), (5, 1, 1), (5, 1, 1), (5, 1, 1), (1, 1, 1)]),
    "text-only spans are aligned": (
        [{"doc_id": "doc", "events": [{"type": "MEETING", "trigger": {"text": "traf sich"},
                                       "arguments": [{"role": "Time", "text": "Am Montag"},
                                                     {"role": "Participant",
                                                      "text": "die Regierung"},
                                                     {"role": "Place", "text": "in Rom"}]}]}],
        "strict",
        [(1, 0, 1), (1, 0, 1), (3, 0, 3), (3, 0, 3), (3, 0, 3), (3, 0, 3), (1, 0, 1)]),
    "unalignable trigger": (
        edited(lambda ev: [{**ev[1], "trigger": {"text": "trafen"}}]), "strict",
        [(0, 1, 2), (0, 1, 2), (3, 0, 3), (3, 0, 3), (0, 3, 6), (0, 3, 6), (0, 1, 2)]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_hand_computed(name):
    lines, mode, expected = CASES[name]
    report = score(GOLD, submission_from_dicts(lines, GOLD), spec=ScoringSpec(mode, bootstrap=0))
    got = [(report.levels[lv].micro.tp, report.levels[lv].micro.fp, report.levels[lv].micro.fn)
           for lv in ORDER]
    assert got == expected


def test_levels_registry_is_complete():
    assert tuple(LEVELS) == ORDER


def test_alignment_report_fields():
    lines, _, _ = CASES["unalignable trigger"]
    report = score(GOLD, submission_from_dicts(lines, GOLD), spec=ScoringSpec(bootstrap=0))
    assert report.string_aligned and report.alignment_failures == 1 and report.text_spans == 1
    perfect = score(GOLD, submission_from_dicts(edited(), GOLD), spec=ScoringSpec(bootstrap=0))
    assert not perfect.string_aligned and perfect.alignment_failures == 0


def test_attribute_and_time_value_accuracy():
    lines = edited(_set([0, "modality"], "PLANNED"),
                   _set([1, "arguments", 0, "value"], "2024-05-07"))
    report = score(GOLD, submission_from_dicts(lines, GOLD), spec=ScoringSpec(bootstrap=0))
    assert report.levels["argument_classification_attached"].micro.f1 == 1.0
    acc = report.accuracy
    assert (acc["modality"].correct, acc["modality"].total) == (1, 2)
    assert acc["evidentiality"].accuracy == 1.0 and acc["change"].accuracy == 1.0
    assert (acc["time_value"].correct, acc["time_value"].total) == (0, 1)


def test_missing_attribute_scores_as_the_default():
    lines = edited()
    report = score(GOLD, submission_from_dicts(lines, GOLD), spec=ScoringSpec(bootstrap=0))
    assert report.accuracy["modality"].accuracy == 1.0  # E1/E2 give no attributes -> defaults


def test_per_type_per_role_and_macro():
    lines, _, _ = CASES["wrong event type"]
    report = score(GOLD, submission_from_dicts(lines, GOLD), spec=ScoringSpec(bootstrap=0))
    tc = report.levels["trigger_classification"]
    assert {t: (c.tp, c.fp, c.fn) for t, c in tc.per_type.items()} == {
        "EXPORT": (0, 1, 0), "DELIVERY": (0, 0, 1), "MEETING": (1, 0, 0)}
    assert tc.macro_types == ("MEETING", "EXPORT", "DELIVERY")  # ontology order
    assert tc.macro_f1 == pytest.approx(1 / 3)
    ac = report.levels["argument_classification"]
    assert (ac.per_role["Supplier"].fp, ac.per_role["Deliverer"].fn) == (1, 1)
    assert report.levels["trigger_identification"].per_type == {}
    assert report.levels["argument_identification"].per_role == {}


def test_zero_division_policy():
    empty = [Document("e", "test", "CC0-1.0", "de", None, None, "Nichts geschah.")]
    report = score(empty, submission_from_dicts([], empty), spec=ScoringSpec(bootstrap=0))
    for level in report.levels.values():
        assert (level.micro.precision, level.micro.recall, level.micro.f1) == (1.0, 1.0, 1.0)
        assert level.macro_f1 is None
    assert report.accuracy["modality"].accuracy is None


def test_unknown_document_is_refused():
    from benchmark.submission import PredDocument, Submission

    with pytest.raises(BenchmarkError, match="not in the gold set"):
        score(GOLD, Submission((PredDocument("other"),)), spec=ScoringSpec(bootstrap=0))


@pytest.mark.parametrize("kwargs", [{"mode": "fuzzy"}, {"compat": "ace"},
                                    {"compat": "textee", "mode": "lenient"},
                                    {"bootstrap": -1}, {"confidence": 1.5}])
def test_bad_spec_is_a_benchmark_error(kwargs):
    with pytest.raises(BenchmarkError):
        ScoringSpec(**kwargs)


def test_spec_is_written_out():
    d = ScoringSpec(mode="lenient").to_dict()
    assert d["mode"] == "lenient" and not d["official"]
    assert "nach" in d["lenient"]["strip_words"] and d["lenient"]["token_iou_threshold"] == 0.5
    assert ScoringSpec().to_dict()["official"] is True
