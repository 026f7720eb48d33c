"""The foundation CLI commands, through click's CliRunner: exit codes and output."""

from __future__ import annotations

import json

from click.testing import CliRunner

from benchmark.cli import main


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def _opts(mini):
    return ["--annotations", mini.annotations, "--sources", mini.sources]


def test_check_clean_exits_zero(mini):
    result = _run("check", *_opts(mini))
    assert result.exit_code == 0, result.output
    assert "3 document(s), 11 event(s): 0 error(s)" in result.output


def test_check_reports_every_error_and_exits_one(mini):
    path = mini.doc("authored/t1.yaml")
    path.write_text(path.read_text().replace("type: MEETING", "type: MEETNG")
                    .replace("Recipient: Polen", "Recipent: Polen"))
    result = _run("check", *_opts(mini))
    assert result.exit_code == 1
    assert "A301" in result.output and "A302" in result.output
    assert "2 error(s)" in result.output


def test_check_named_file(mini):
    result = _run("check", mini.doc("10kgnad/g1.yaml"), *_opts(mini))
    assert result.exit_code == 0
    assert "1 file(s), 1 document(s), 2 event(s)" in result.output


def test_build_and_stats(mini, tmp_path):
    result = _run("build", "--out", tmp_path / "ds", *_opts(mini))
    assert result.exit_code == 0, result.output
    assert "dataset hash" in result.output
    stats = _run("stats", "--json", *_opts(mini))
    figures = json.loads(stats.output)
    assert figures["all"]["events"] == 11
    assert figures["splits"]["test"]["types"]["SANCTION"] == 2
    table = _run("stats", "--split", "train", *_opts(mini))
    assert "PRODUCTION" in table.output


def test_build_error_is_clean_not_a_traceback(mini, tmp_path):
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "x").write_text("keep")
    result = CliRunner().invoke(main, ["build", "--out", str(foreign), *map(str, _opts(mini))])
    assert result.exit_code == 1
    assert "error:" in result.output and "Traceback" not in result.output


def test_text_shows_checksum_and_occurrences(mini):
    result = _run("text", "authored", "t1.txt", *_opts(mini))
    assert "# text_sha256: 909f789f" in result.output
    found = _run("text", "10kGNAD", "1", "--find", "Die EU", *_opts(mini))
    assert "2 occurrence(s)" in found.output


def test_help_explains_commands():
    result = _run("--help")
    for command in ("check", "build", "stats", "text", "sources"):
        assert command in result.output
