"""Limits: an over-long submission line is refused (S106) with its line number and the limit,
without ever being held in memory whole; the limit is configurable through the API."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from click.testing import CliRunner

from benchmark.cli import main
from benchmark.evalio import gold_from_file, iter_raw_lines, read_submission
from benchmark.submission import MAX_LINE_BYTES, raw_lines, validate_submission

DATA = Path(__file__).parent / "data"
GOLD = DATA / "gold.jsonl"
GOOD = b'{"doc_id": "fx-meeting", "events": []}\n'


def test_configurable_limit_names_the_line_and_the_limit(tmp_path):
    sub = tmp_path / "s.jsonl"
    sub.write_bytes(GOOD + b'{"doc_id": "fx-x", "events": [], "pad": "' + b"x" * 5000 + b'"}\n')
    result = read_submission(sub, gold_from_file(GOLD), max_line_bytes=1000)
    assert [(i.code, i.location) for i in result.issues] == [("S106", "line 2")]
    message = result.issues[0].message
    assert "5044 bytes" in message and "limit of 1000" in message
    assert not result.ok
    # under the default limit the same line is read and judged on its content (unknown key)
    codes = [i.code for i in read_submission(sub, gold_from_file(GOLD)).issues]
    assert "S106" not in codes and "S102" in codes


def test_in_memory_lines_obey_the_same_limit():
    data = GOOD + b"[" + b" " * 300 + b"]\n"
    issues = validate_submission(raw_lines(data, 100), gold_from_file(GOLD).documents,
                                 max_line_bytes=100).issues
    assert [(i.code, i.location) for i in issues] == [("S106", "line 2")]


def test_an_over_long_line_is_never_held_whole(tmp_path):
    """A 40 MB line with a 64 KiB limit: the reader keeps at most limit + 2 bytes of it."""
    sub = tmp_path / "big.jsonl"
    with sub.open("wb") as handle:
        handle.write(GOOD)
        handle.write(b'{"doc_id": "fx-meeting", "events": ["')
        block = b"a" * (1 << 20)
        for _ in range(40):
            handle.write(block)
        handle.write(b'"]}\n')
        handle.write(GOOD)
    limit = 64 * 1024
    tracemalloc.start()
    try:
        lines = [(r.number, len(r.data), r.length) for r in iter_raw_lines(sub, limit)]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert lines[0] == (1, len(GOOD), len(GOOD))
    assert lines[1][0] == 2 and lines[1][1] <= limit + 2 and lines[1][2] > 40 * (1 << 20)
    assert lines[2][0] == 3
    assert peak < 8 * limit
    result = read_submission(sub, gold_from_file(GOLD), max_line_bytes=limit)
    assert [(i.code, i.location) for i in result.issues] == [("S106", "line 2"),
                                                            ("S402", "line 3 · doc 'fx-meeting'")]


def test_validate_command_refuses_a_line_over_the_default_limit(tmp_path):
    sub = tmp_path / "huge.jsonl"
    sub.write_bytes(b'{"doc_id": "fx-meeting", "events": [], "pad": "' + b"x" * MAX_LINE_BYTES
                    + b'"}\n')
    result = CliRunner().invoke(main, ["validate", str(sub), "--gold", str(GOLD)])
    assert result.exit_code == 1
    assert "S106" in result.output and "line 1" in result.output
    assert f"limit of {MAX_LINE_BYTES}" in result.output
    assert "Traceback" not in result.output
