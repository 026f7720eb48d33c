"""Fuzzing in CI: a small sample of `eventbench fuzz` (the full 10,000-case run is the command),
plus regression tests for what the fuzzer found."""

from __future__ import annotations

import json

from click.testing import CliRunner

from benchmark.cli import main
from benchmark.fuzz import check_case, fuzz_gold, run_fuzz
from benchmark.submission import raw_lines, validate_submission

CI_CASES = 300  # about 1 s; `eventbench fuzz --cases 10000` runs the full set


def test_fuzz_sample_has_no_failures():
    outcome = run_fuzz(CI_CASES, seed=20241011)
    assert outcome.failures == []
    assert outcome.cases == CI_CASES
    assert outcome.accepted > 0 and outcome.rejected > 0
    assert outcome.accepted + outcome.rejected == CI_CASES
    # the sample reaches the interesting corners of the validator
    assert {"S101", "S102", "S104", "S105", "S106", "S402"} <= set(outcome.codes)


def test_fuzz_command_reports_count_and_outcome():
    result = CliRunner().invoke(main, ["fuzz", "--cases", "40", "--seed", "3", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output[result.output.index("{"):])
    assert report["cases"] == 40 and report["failures"] == 0 and report["seed"] == 3


def test_a_failing_case_is_recorded_not_raised(tmp_path, monkeypatch):
    """The property check itself: an exception inside validation is a recorded failure."""
    import benchmark.fuzz as fuzz

    def broken(*args, **kwargs):
        raise KeyError("boom")

    monkeypatch.setattr(fuzz, "read_submission", broken)
    outcome = fuzz.FuzzOutcome()
    check_case(b"{}\n", fuzz_gold(), tmp_path, outcome, "probe")
    assert outcome.cases == 1 and len(outcome.failures) == 1 and "KeyError" in outcome.failures[0]


def _codes(line: dict) -> list[str]:
    data = (json.dumps(line, ensure_ascii=False) + "\n").encode()
    return [i.code for i in validate_submission(raw_lines(data), fuzz_gold()).issues]


def test_found_by_fuzzing_non_string_type_with_arguments():
    """An event type that is a list or object used to crash the role check (TypeError:
    unhashable type); now it is S104 and the role is checked against every role."""
    doc_id = fuzz_gold().documents[0].doc_id
    for bad_type in ([1], {"a": 1}):
        codes = _codes({"doc_id": doc_id, "events": [
            {"type": bad_type, "trigger": {"start": 0, "end": 3},
             "arguments": [{"role": "Place", "start": 0, "end": 3}]}]})
        assert codes == ["S104"], codes
        assert "S302" in _codes({"doc_id": doc_id, "events": [
            {"type": bad_type, "trigger": {"start": 0, "end": 3},
             "arguments": [{"role": "Nowhere", "start": 0, "end": 3}]}]})


def test_deep_nesting_and_huge_numbers_are_codes_not_crashes():
    doc_id = fuzz_gold().documents[0].doc_id
    deep = b'{"doc_id": "x", "events": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n"
    digits = "9" * 5000
    huge = json.dumps({"doc_id": doc_id, "events": [{"type": "MEETING", "trigger": {
        "start": 0, "end": 3}}]}).replace('"start": 0', '"start": ' + digits).encode()
    for data, code in ((deep, "S101"), (huge, "S101"), (b'{"a": NaN}\n', "S101")):
        issues = validate_submission(raw_lines(data), fuzz_gold()).issues
        assert code in [i.code for i in issues]

