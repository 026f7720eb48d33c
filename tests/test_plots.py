"""Plots: PNG files with fixed size, no metadata, the same bytes on every run; `score --plots`."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from benchmark.cli import main
from benchmark.evalio import gold_from_file, read_submission
from benchmark.plots import PLOTS, confusion_png, per_type_f1_png, view_plots
from benchmark.viewer import build_view, trigger_confusion

DATA = Path(__file__).parent / "data"
GOLD = DATA / "gold.jsonl"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    assert png.startswith(PNG_SIGNATURE)
    out, i = [], len(PNG_SIGNATURE)
    while i < len(png):
        (length,) = struct.unpack(">I", png[i:i + 4])
        out.append((png[i + 4:i + 8], png[i + 8:i + 8 + length]))
        i += 12 + length
    return out


def size(png: bytes) -> tuple[int, int]:
    ihdr = dict(chunks(png))[b"IHDR"]
    return struct.unpack(">II", ihdr[:8])


def system_a_view():
    gold = gold_from_file(GOLD)
    return build_view(gold, read_submission(DATA / "system_a.jsonl", gold).submission)


def test_plots_are_fixed_size_pngs_without_metadata():
    images = view_plots(system_a_view())
    assert list(images) == list(PLOTS)
    assert size(images["per_type_f1.png"]) == (700, 500)
    assert size(images["trigger_confusion.png"]) == (700, 600)
    for png in images.values():
        kinds = {kind for kind, _ in chunks(png)}
        assert not kinds & {b"tEXt", b"iTXt", b"zTXt", b"tIME"}, kinds


def test_same_bytes_twice_in_one_process():
    view = system_a_view()
    assert view_plots(view) == view_plots(view)


def test_empty_inputs_still_draw():
    empty = trigger_confusion([])
    assert size(confusion_png(empty)) == (700, 600)
    assert size(per_type_f1_png(())) == (700, 500)


def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    return result


def test_score_plots_writes_the_files_and_matches_the_viewer(tmp_path):
    result = run("score", str(DATA / "system_a.jsonl"), "--gold", str(GOLD), "--bootstrap", "0",
                 "--plots", str(tmp_path / "plots"))
    assert result.exit_code == 0, result.output
    assert "plots written to" in result.output
    written = {p.name: p.read_bytes() for p in (tmp_path / "plots").iterdir()}
    assert written == view_plots(system_a_view())


def test_score_plots_is_byte_identical_in_another_process(tmp_path):
    """Two runs of `eventbench score --plots` (separate interpreters, other hash seeds)."""
    run("score", str(DATA / "system_a.jsonl"), "--gold", str(GOLD), "--bootstrap", "0",
        "--plots", str(tmp_path / "a"))
    env = {**os.environ, "PYTHONHASHSEED": "123", "MPLBACKEND": "Agg"}
    subprocess.run([sys.executable, "-c", "from benchmark.cli import main; main()", "score",
                    str(DATA / "system_a.jsonl"), "--gold", str(GOLD), "--bootstrap", "0",
                    "--plots", str(tmp_path / "b")], check=True, capture_output=True, env=env)
    for name in PLOTS:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_score_plots_refuses_compat(tmp_path):
    result = run("score", str(DATA / "system_a.jsonl"), "--gold", str(GOLD), "--bootstrap", "0",
                 "--compat", "textee", "--plots", str(tmp_path / "p"))
    assert result.exit_code == 2 and "--compat" in result.output
    assert not (tmp_path / "p").exists()
