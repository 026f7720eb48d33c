"""The leaderboard: one JSON file of entries, tied to one dataset hash, split and scorer version.

:func:`add_results` takes a file lock (``<board>.lock``, the ``filelock`` package), re-reads the
board, checks the new results and writes the board back through an atomic rename, so concurrent
adders never lose an entry. It refuses results of another dataset hash, split or scorer version,
results not scored in the official mode, and duplicates (the same submission file, or a system name
already on the board).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from .errors import BenchmarkError
from .io import atomic_write_text, dumps_json, read_json
from .report import check_results

BOARD_FORMAT_VERSION = "1"
LOCK_TIMEOUT = 60.0


def empty_board(results: Mapping[str, Any] | None = None) -> dict[str, Any]:
    return {
        "format_version": BOARD_FORMAT_VERSION,
        "dataset_hash": results["dataset"]["hash"] if results else None,
        "split": results["dataset"]["split"] if results else None,
        "scorer_version": results["scorer_version"] if results else None,
        "headline": results["headline"] if results else None,
        "entries": [],
    }


def load_board(path: Path) -> dict[str, Any]:
    """The board at ``path`` (an empty board when the file does not exist yet)."""
    if not path.exists():
        return empty_board()
    board = read_json(path)
    if not isinstance(board, dict) or board.get("format_version") != BOARD_FORMAT_VERSION \
            or not isinstance(board.get("entries"), list):
        raise BenchmarkError(f"{path}: not a leaderboard file of format version "
                             f"{BOARD_FORMAT_VERSION}")
    return board


def _figure(results: Mapping[str, Any], level: str) -> dict[str, Any]:
    micro = results["scores"][level]["micro"]
    return {"level": level, "f1": micro["f1"], "ci_low": micro.get("ci_low"),
            "ci_high": micro.get("ci_high")}


def make_entry(results: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "system": results["system"],
        "submission_sha256": results["submission"]["sha256"],
        "date": results["date"],
        "string_aligned": results["submission"]["string_aligned"],
        "headline": _figure(results, results["headline"]["level"]),
        "beside": _figure(results, results["headline"]["beside"]),
    }


def check_addable(board: Mapping[str, Any], results: Mapping[str, Any], where: str) -> None:
    """Raise :class:`BenchmarkError` when ``results`` may not join ``board``."""
    if not results["spec"].get("official"):
        raise BenchmarkError(f"{where}: the leaderboard ranks official results only (strict "
                             f"mode, no --compat); these were scored with mode "
                             f"{results['spec'].get('mode')!r}, compat "
                             f"{results['spec'].get('compat')!r}")
    if board["dataset_hash"] is not None:
        for key, got in (("dataset_hash", results["dataset"]["hash"]),
                         ("split", results["dataset"]["split"]),
                         ("scorer_version", results["scorer_version"])):
            if board[key] != got:
                raise BenchmarkError(f"{where}: {key} {got!r} differs from the leaderboard's "
                                     f"{board[key]!r}; re-score against the same data with the "
                                     "same scorer version")
    name = results["system"]["name"].strip().casefold()
    for entry in board["entries"]:
        if entry["submission_sha256"] == results["submission"]["sha256"]:
            raise BenchmarkError(f"{where}: this submission is already on the leaderboard as "
                                 f"{entry['system']['name']!r}")
        if entry["system"]["name"].strip().casefold() == name:
            raise BenchmarkError(f"{where}: a system named {results['system']['name']!r} is "
                                 "already on the leaderboard; give this run its own name "
                                 "(e.g. with a version suffix)")


def add_results(board_path: Path, results: Mapping[str, Any], where: str = "results"
                ) -> dict[str, Any]:
    """Add checked ``results`` to the board at ``board_path`` under a file lock; return the entry."""
    check_results(results, where)
    board_path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(board_path) + ".lock", timeout=LOCK_TIMEOUT)
    try:
        with lock:
            board = load_board(board_path)
            check_addable(board, results, where)
            if board["dataset_hash"] is None:
                board = {**empty_board(results), "entries": board["entries"]}
            entry = make_entry(results)
            board["entries"].append(entry)
            atomic_write_text(board_path, dumps_json(board))
    except Timeout:
        raise BenchmarkError(f"{board_path}: could not lock the leaderboard within "
                             f"{LOCK_TIMEOUT:.0f} s; is another `leaderboard add` stuck?") from None
    return entry


def ranked(board: Mapping[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    """Entries by headline F1, then the F1 beside it (both descending), then name; equal figures
    share a rank."""
    def figures(e: Mapping[str, Any]) -> tuple[float, float]:
        return (e["headline"]["f1"], e["beside"]["f1"])

    entries = sorted(board["entries"], key=lambda e: (-figures(e)[0], -figures(e)[1],
                                                      e["system"]["name"].casefold()))
    out = []
    for e in entries:
        rank = 1 + sum(1 for other in entries if figures(other) > figures(e))
        out.append((rank, e))
    return out
