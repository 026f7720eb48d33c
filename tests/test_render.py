"""Rendering: percentages only here, and every submitted string made safe for its medium."""

from __future__ import annotations

from benchmark.render import (
    leaderboard_html,
    leaderboard_markdown,
    leaderboard_text,
    pct,
    safe_terminal,
)

EVIL = '<script>alert("x")</script> & | `code` \x1b[31m'


def board(name=EVIL, url="javascript:alert(1)"):
    fig = {"level": "argument_classification_attached", "f1": 0.5, "ci_low": 0.4,
           "ci_high": 0.6}
    return {"format_version": "1", "dataset_hash": "h", "split": "test",
            "scorer_version": "1.0.0",
            "headline": {"level": "argument_classification_attached",
                         "beside": "trigger_classification"},
            "entries": [{"system": {"name": name, "url": url}, "submission_sha256": "ab" * 32,
                         "date": "2024-01-01T00:00:00Z", "string_aligned": False,
                         "headline": fig, "beside": {**fig, "level": "trigger_classification"}}]}


def test_html_escapes_everything_and_drops_unsafe_urls():
    html = leaderboard_html(board())
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "javascript:" not in html and "&amp;" in html
    ok = leaderboard_html(board(name="Good", url='https://x.org/"onmouseover="x'))
    assert 'href="https://x.org/&#34;onmouseover=&#34;x"' in ok


def test_markdown_escapes_specials():
    md = leaderboard_markdown(board())
    row = md.splitlines()[-1]
    assert row.count(" | ") == 6  # the name's pipe does not add a column
    assert "\\<script\\>" in row and "\\x1b" in row


def test_terminal_shows_control_characters_escaped():
    assert "\x1b" not in leaderboard_text(board())
    assert safe_terminal("a\u202eb") == "a\\u202eb"


def test_percentages_only_when_rendering():
    assert pct(0.5) == "50.0" and pct(1.0) == "100.0" and pct(None) == "–"
    assert "50.0" in leaderboard_text(board(name="X"))
