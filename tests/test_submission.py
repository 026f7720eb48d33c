"""The submission validator: one test per code of benchmark.submission.CODES, plus the stream,
the location format and the data model."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from benchmark.errors import BenchmarkError
from benchmark.evalio import iter_raw_lines
from benchmark.schema import Document
from benchmark.submission import (
    CODES,
    MAX_LINE_BYTES,
    WARNINGS,
    PredSpan,
    RawLine,
    raw_lines,
    submission_from_dicts,
    validate_submission,
)

TEXT = "Berlin liefert Panzer nach Polen. Die Regierung traf sich in Rom."
GOLD = [Document("d1", "test", "CC0-1.0", "de", None, None, TEXT),
        Document("d2", "test", "CC0-1.0", "de", None, None, "Kiew meldet Angriffe.")]
LIEFERT = {"start": 7, "end": 14}
TESTED: set[str] = set()


def run(data: bytes | str | list):
    if isinstance(data, list):
        data = "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in data)
    if isinstance(data, str):
        data = data.encode("utf-8")
    return validate_submission(raw_lines(data), GOLD)


def codes_of(data) -> list[str]:
    return [i.code for i in run(data).issues]


def expect(code: str, data, *, only: bool = True) -> None:
    """``data`` yields ``code`` (and, with ``only``, nothing else)."""
    TESTED.add(code)
    got = codes_of(data)
    assert code in got, got
    if only:
        assert set(got) == {code}, got
        assert run(data).ok == (code in WARNINGS)


def line(events, doc_id="d1"):
    return [{"doc_id": doc_id, "events": events}]


def ev(**kw):
    return {"type": "DELIVERY", "trigger": dict(LIEFERT), **kw}


def test_valid_submission_has_no_issues():
    result = run(line([ev(arguments=[{"role": "Deliverer", "start": 0, "end": 6,
                                      "text": "Berlin"},
                                     {"role": "Time", "text": "Rom", "value": "2024-05"}],
                          modality="PLANNED", evidentiality="REPORTED", change="NONE")]))
    assert result.ok and result.issues == ()
    assert result.missing_documents == ("d2",)
    assert result.submission.documents[0].events[0].arguments[1].span == PredSpan(text="Rom")


def test_S101_invalid_json():
    expect("S101", '{"doc_id": "d1", "events": [}\n')


def test_S101_nan_is_not_json():
    expect("S101", '{"doc_id": "d1", "events": [], "x": NaN}\n', only=False)


def test_S102_unknown_field_with_suggestion():
    expect("S102", line([ev(modalty="ASSERTED")]))
    assert "did you mean 'modality'" in run(line([ev(modalty="ASSERTED")])).issues[0].message


def test_S102_document_text_is_not_part_of_a_submission():
    issues = run([{"doc_id": "d1", "events": [], "text": TEXT}]).issues
    assert [i.code for i in issues] == ["S102"]
    assert "does not repeat the document" in issues[0].message


def test_S103_missing_required_field():
    expect("S103", line([{"type": "DELIVERY"}]))


def test_S104_wrong_kind():
    expect("S104", line([ev(trigger={"start": "7", "end": 14})]))


def test_S104_boolean_is_not_an_offset():
    expect("S104", line([ev(trigger={"start": True, "end": 14})]))


def test_S104_line_is_not_an_object():
    expect("S104", "[1, 2]\n")


def test_S105_not_utf8():
    expect("S105", b'{"doc_id": "d1", "events": []}\xff\n')


def test_S106_line_too_long():
    TESTED.add("S106")
    raw = RawLine(1, b"{", MAX_LINE_BYTES + 1)
    assert [i.code for i in validate_submission([raw], GOLD).issues] == ["S106"]


def test_S106_from_a_real_file(tmp_path: Path, monkeypatch):
    import benchmark.evalio as evalio
    import benchmark.submission as submission

    monkeypatch.setattr(submission, "MAX_LINE_BYTES", 50)
    monkeypatch.setattr(evalio, "MAX_LINE_BYTES", 50)
    path = tmp_path / "s.jsonl"
    path.write_bytes(b'{"doc_id": "d1", "events": []}\n' + b" " * 200 + b"\n" +
                     b'{"doc_id": "d2", "events": []}\n')
    lines = list(iter_raw_lines(path))
    assert [(r.number, r.length) for r in lines] == [(1, 31), (2, 201), (3, 31)]
    result = submission.validate_submission(lines, GOLD)
    assert [(i.code, i.location) for i in result.issues] == [("S106", "line 2")]


def test_S107_duplicate_key():
    expect("S107", '{"doc_id": "d1", "doc_id": "d1", "events": []}\n')


def test_S108_bom_is_removed():
    data = b"\xef\xbb\xbf" + json.dumps(line([ev()])[0]).encode() + b"\n"
    expect("S108", data)
    assert run(data).submission.documents[0].doc_id == "d1"


def test_S109_crlf_is_accepted():
    data = (json.dumps(line([ev()])[0]) + "\r\n").encode()
    expect("S109", data)
    assert run(data).submission.documents[0].events[0].trigger == PredSpan(7, 14)


def test_S110_nfd_text_is_normalised():
    gold = [Document("u", "test", "CC0-1.0", "de", None, None, "Die Lieferung über Polen.")]
    nfd = "u\u0308ber"  # "über" in NFD
    data = json.dumps({"doc_id": "u", "events": [{"type": "DELIVERY", "trigger": {
        "start": 4, "end": 13, "text": "Lieferung"}, "arguments": [
        {"role": "Origin", "start": 14, "end": 18, "text": nfd}]}]}).encode()
    result = validate_submission(raw_lines(data), gold)
    TESTED.add("S110")
    assert [i.code for i in result.issues] == ["S110"] and result.ok
    assert result.submission.documents[0].events[0].arguments[0].span.text == "über"


def test_S201_offsets_outside_text():
    expect("S201", line([ev(trigger={"start": 60, "end": 99})]))


def test_S201_negative_offset():
    expect("S201", line([ev(trigger={"start": -1, "end": 3})]))


def test_S202_start_not_before_end():
    expect("S202", line([ev(trigger={"start": 14, "end": 7})]))


def test_S203_offsets_and_text_disagree():
    expect("S203", line([ev(trigger={"start": 7, "end": 14, "text": "Panzer"})]))


def test_S203_hint_for_utf8_byte_offsets():
    gold = [Document("u", "test", "CC0-1.0", "de", None, None, "Größere Lieferung kommt bald.")]
    data = json.dumps({"doc_id": "u", "events": [{"type": "DELIVERY", "trigger": {
        "start": 10, "end": 19, "text": "Lieferung"}}]}).encode()
    issue = validate_submission(raw_lines(data), gold).issues[0]
    assert issue.code == "S203" and "UTF-8 byte offsets" in issue.message and "8-17" in \
        issue.message


def test_S204_span_without_offsets_or_text():
    expect("S204", line([ev(trigger={})]))


def test_S204_only_start():
    expect("S204", line([ev(trigger={"start": 7})]))


def test_null_offsets_mean_not_given():
    result = run(line([ev(trigger={"start": None, "end": None, "text": "liefert"})]))
    assert result.ok and result.issues == ()
    assert result.submission.documents[0].events[0].trigger == PredSpan(text="liefert")
    assert codes_of(line([ev(trigger={"start": None, "end": None, "text": None})])) == ["S204"]


def test_S205_text_not_in_document_is_a_warning():
    expect("S205", line([ev(trigger={"text": "exportiert"})]))


def test_S206_empty_text():
    expect("S206", line([ev(trigger={"text": ""})]))


def test_S301_unknown_type_with_suggestion():
    expect("S301", line([{"type": "DELIVER", "trigger": dict(LIEFERT)}]))
    assert "'DELIVERY'" in run(line([{"type": "DELIVER", "trigger": dict(LIEFERT)}])).issues[
        0].message


def test_S302_unknown_role():
    expect("S302", line([ev(arguments=[{"role": "Deliver", "start": 0, "end": 6}])]))


def test_S303_role_not_allowed():
    expect("S303", line([ev(arguments=[{"role": "Attacker", "start": 0, "end": 6}])]))


def test_S304_bad_attribute():
    expect("S304", line([ev(modality="MAYBE")]))


def test_S305_bad_timex():
    expect("S305", line([ev(arguments=[{"role": "Time", "start": 0, "end": 6,
                                        "value": "Montag"}])]))


def test_S306_value_on_a_role_without_values():
    expect("S306", line([ev(arguments=[{"role": "Deliverer", "start": 0, "end": 6,
                                        "value": "2024"}])]))


def test_S402_duplicate_doc_id():
    expect("S402", line([ev()]) + line([]))
    issue = run(line([ev()]) + line([])).issues[0]
    assert issue.location == "line 2 · doc 'd1'" and "line 1" in issue.message


def test_S403_duplicate_event_is_a_warning():
    expect("S403", line([ev(), ev()]))


def test_S405_unknown_doc_id():
    expect("S405", line([], doc_id="d11"))
    assert "did you mean 'd1'" in run(line([], doc_id="d11")).issues[0].message


def test_S405_does_not_list_a_large_gold_set():
    gold = [Document(f"doc-{n}", "test", "CC0-1.0", "de", None, None, "Text.") for n in range(50)]
    data = json.dumps({"doc_id": "zzz", "events": []}).encode()
    issue = validate_submission(raw_lines(data), gold).issues[0]
    assert issue.code == "S405" and "50 doc_ids" in issue.message and "doc-7" not in issue.message


def test_S406_empty_submission():
    expect("S406", "")


def test_S407_duplicate_argument_is_a_warning():
    a = {"role": "Deliverer", "start": 0, "end": 6}
    expect("S407", line([ev(arguments=[a, dict(a)])]))


def test_every_code_has_a_test():
    """Runs last in this file (pytest keeps definition order)."""
    assert TESTED == set(CODES), sorted(set(CODES) - TESTED)


def test_codes_registry_is_well_formed():
    assert all(re.fullmatch(r"S[1-4]\d\d", c) for c in CODES)
    assert WARNINGS <= set(CODES)


def test_every_problem_is_reported_at_once_with_locations():
    data = line([ev(type="EXPROT"), ev(arguments=[{"role": "Attacker", "start": 0, "end": 6}])]
                ) + line([], doc_id="zz")
    issues = run(data).issues
    assert [(i.code, i.location) for i in issues] == [
        ("S301", "line 1 · doc 'd1' · events[0].type"),
        ("S303", "line 1 · doc 'd1' · events[1].arguments[0].role"),
        ("S405", "line 2 · doc 'zz'"),
    ]


def test_blank_lines_are_skipped():
    data = "\n" + json.dumps(line([ev()])[0]) + "\n\n"
    assert run(data).issues == () and len(run(data).submission.documents) == 1


def test_submission_from_dicts_raises_on_invalid():
    with pytest.raises(BenchmarkError, match="S301"):
        submission_from_dicts(line([ev(type="NOPE")]), GOLD)


def test_string_aligned_flag():
    assert not submission_from_dicts(line([ev()]), GOLD).string_aligned
    assert submission_from_dicts(line([ev(trigger={"text": "liefert"})]), GOLD).string_aligned


@pytest.mark.parametrize("junk", ['"text"', "null", "42", '{"doc_id": 5, "events": []}',
                                  '{"doc_id": "d1", "events": {"a": 1}}',
                                  '{"doc_id": "d1", "events": [5]}',
                                  '{"doc_id": "d1", "events": [{"type": 1, "trigger": 2}]}',
                                  '{"doc_id": "d1", "events": [{"type": "ATTACK", "trigger": '
                                  '{"start": 0, "end": 6}, "arguments": [3, {"role": 5}]}]}',
                                  "[" * 100000])
def test_junk_never_crashes(junk):
    result = run(junk + "\n")
    assert not result.ok and all(i.code in CODES for i in result.issues)
