"""Evaluation commands (validate, score, compare, errors, leaderboard) — registered on the main CLI.

Each command parses its options, calls the library, and renders; exit codes: 0 success, 1 invalid
submission or refused input, 2 usage error (bad options, unreadable gold data).
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import sys
from pathlib import Path

import click

from . import paths
from .build import BUILT_SPLITS
from .errors import BenchmarkError, Issue, errors_only
from .goldset import GoldSet

EXISTING_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


def _gold_options(f):
    f = click.option("--gold", "gold_file", type=EXISTING_FILE, default=None,
                     help="Score against this gold JSON Lines file (gold format v1), e.g. a "
                          "private test set.")(f)
    return click.option("--split", type=click.Choice(BUILT_SPLITS), default=None,
                        help="Score against a split of the built dataset (test is the official news "
                             "test; authored_* are the authored subset, scored separately).")(f)


def _mode_options(f):
    f = click.option("--compat", type=click.Choice(["textee"]), default=None,
                     help="Reproduce TextEE's six metrics (set semantics) instead of the official "
                          "levels.")(f)
    return click.option("--mode", type=click.Choice(["strict", "lenient"]), default="strict",
                        show_default=True,
                        help="strict (official): exact spans; lenient: argument spans may differ "
                             "by articles/prepositions/punctuation or overlap by token IoU >= "
                             "0.5.")(f)


def _bootstrap_options(f):
    from .scoring import DEFAULT_BOOTSTRAP, DEFAULT_SEED

    f = click.option("--seed", type=int, default=DEFAULT_SEED, show_default=True,
                     help="Seed of the bootstrap resampling.")(f)
    return click.option("--bootstrap", "bootstrap_n", type=click.IntRange(min=0),
                        default=DEFAULT_BOOTSTRAP, show_default=True,
                        help="Bootstrap samples over documents for 95% intervals (0: none).")(f)


def load_gold(split: str | None, gold_file: Path | None) -> GoldSet:
    """The gold set named by ``--split`` or ``--gold``; problems are usage errors (exit 2)."""
    if (split is None) == (gold_file is None):
        raise click.UsageError("give exactly one of --split SPLIT or --gold FILE")
    try:
        if gold_file is not None:
            from .evalio import gold_from_file

            return gold_from_file(gold_file)
        try:
            from .dataset import load_gold as dataset_load_gold
        except ImportError as exc:
            raise click.UsageError(f"--split needs the built dataset, but the dataset module "
                                   f"cannot be loaded ({exc}); use --gold FILE") from None
        return dataset_load_gold(split)
    except BenchmarkError as exc:
        raise click.UsageError(f"cannot read the gold data: {exc}") from None


def _print_issues(path: Path, issues: list[Issue]) -> None:
    for issue in issues:
        color = "red" if issue.severity == "error" else "yellow"
        click.echo(click.style(issue.code, fg=color) + f" {path.name}: {issue.location}: "
                   f"{issue.severity}: {issue.message}")


def _read_valid_submission(path: Path, gold: GoldSet, quiet_warnings: bool = False):
    """The validated submission; prints the problems and exits 1 when it is invalid."""
    from .evalio import read_submission

    result = read_submission(path, gold)
    errors = errors_only(result.issues)
    if errors:
        _print_issues(path, list(result.issues))
        click.secho(f"{path}: {len(errors)} error(s); the submission was not scored. "
                    f"Run `eventbench validate {path.name}` after fixing them.", fg="red",
                    err=True)
        sys.exit(1)
    if not quiet_warnings:
        _print_issues(path, list(result.issues))
    return result.submission


def _date() -> str:
    """UTC now (or $SOURCE_DATE_EPOCH, for reproducible builds) as ISO 8601."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (_dt.datetime.fromtimestamp(int(epoch), _dt.UTC) if epoch and epoch.isdigit()
              else _dt.datetime.now(_dt.UTC))
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _spec(mode: str, compat: str | None, bootstrap_n: int, seed: int):
    from .scoring import ScoringSpec

    try:
        return ScoringSpec(mode=mode, compat=compat, bootstrap=bootstrap_n, seed=seed)
    except BenchmarkError as exc:
        raise click.UsageError(str(exc)) from None


def _write_plots(folder: Path, report, gold: GoldSet, submission, mode: str) -> None:
    """Write the plots of ``report`` (benchmark.plots) into ``folder``."""
    from .io import atomic_write_bytes
    from .plots import figures
    from .scoring import document_matches
    from .viewer import per_type_rows, trigger_confusion

    images = figures(per_type_rows(report),
                     trigger_confusion(document_matches(gold, submission, mode)))
    for name, data in images.items():
        atomic_write_bytes(folder / name, data)
    click.echo(f"plots written to {folder}: {', '.join(images)}")


def _verify(claimed: dict, submission: Path, gold: GoldSet, results: Path) -> None:
    """Re-score ``submission`` with the spec written in ``claimed``; raise on any difference."""
    from .io import file_sha256
    from .report import differences, results_dict
    from .scoring import score as score_submission

    spec_d = claimed["spec"]
    spec = _spec(spec_d["mode"], spec_d.get("compat"), spec_d["bootstrap"]["samples"],
                 spec_d["bootstrap"]["seed"])
    report = score_submission(gold, _read_valid_submission(submission, gold, True), spec=spec)
    again = results_dict(report, gold=gold, system=claimed["system"],
                         submission_sha256=file_sha256(submission), date=claimed["date"])
    diff = differences(claimed, again)
    if diff:
        raise BenchmarkError(f"{results}: re-scoring {submission.name} does not reproduce "
                             f"{', '.join(diff)}; the results file does not belong to this "
                             "submission and gold set, or was edited")


def _board_path(board: Path | None) -> Path:
    if board is not None:
        return board
    env = os.environ.get("EVENTBENCH_LEADERBOARD")
    return Path(env) if env else paths.REPO_ROOT / "leaderboard" / "leaderboard.json"


BOARD_OPTION = click.option(
    "--board", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="Leaderboard file (default: $EVENTBENCH_LEADERBOARD or leaderboard/leaderboard.json).")


def register_evaluation_commands(main: click.Group) -> None:
    """Add the evaluation commands to the ``eventbench`` group."""

    @main.command()
    @click.argument("submission", type=EXISTING_FILE)
    @_gold_options
    def validate(submission: Path, split: str | None, gold_file: Path | None) -> None:
        """Check a submission (JSON Lines, format v1) and report every problem at once.

        Each problem has a stable code (S101…), its line, document and field, and the fix.
        Exit 0 when valid (warnings allowed), 1 when invalid, 2 on a usage error.
        """
        from .evalio import read_submission

        gold = load_gold(split, gold_file)
        result = read_submission(submission, gold)
        _print_issues(submission, list(result.issues))
        errors = errors_only(result.issues)
        warnings = len(result.issues) - len(errors)
        docs = len(result.submission.documents)
        if errors:
            click.secho(f"{submission}: invalid — {len(errors)} error(s), {warnings} "
                        f"warning(s) in {result.lines} line(s)", fg="red")
            sys.exit(1)
        note = (f"; {len(result.missing_documents)} gold document(s) have no line and count as "
                "predicting no events" if result.missing_documents else "")
        aligned = " (spans given by text will be aligned)" if \
            result.submission.string_aligned else ""
        click.secho(f"{submission}: valid — {docs} document(s), {warnings} warning(s)"
                    f"{note}{aligned}", fg="green")

    @main.command()
    @click.argument("submission", type=EXISTING_FILE)
    @_gold_options
    @_mode_options
    @_bootstrap_options
    @click.option("--system-name", default=None, help="Name of the system (default: the "
                  "submission file name).")
    @click.option("--system-url", default=None, help="http(s) address of the system or paper.")
    @click.option("--metadata", type=EXISTING_FILE, default=None,
                  help="JSON file with system metadata: name, url, version, description, "
                       "authors, paper, contact, license.")
    @click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
                  help="Write the versioned results file here.")
    @click.option("--per-type", is_flag=True, help="Also print the per-type and per-role tables.")
    @click.option("--plots", "plots_dir", type=click.Path(file_okay=False, path_type=Path),
                  default=None, help="Write per_type_f1.png and trigger_confusion.png into this "
                                     "folder (official levels; not with --compat).")
    def score(submission: Path, split: str | None, gold_file: Path | None, mode: str,
              compat: str | None, bootstrap_n: int, seed: int, system_name: str | None,
              system_url: str | None, metadata: Path | None, out: Path | None,
              per_type: bool, plots_dir: Path | None) -> None:
        """Score a submission and print the table; with --out, write the results file.

        The official figure is argument_classification_attached F1 in strict mode, with
        trigger_classification F1 beside it. docs/metrics.md defines every level. With --plots,
        also write per-type F1 bars and the trigger-type confusion matrix as PNG.
        """
        from .evalio import read_metadata
        from .io import file_sha256, write_json
        from .render import results_text
        from .report import results_dict, system_metadata
        from .scoring import score as score_submission

        if metadata is not None and (system_name or system_url):
            raise click.UsageError("give --metadata or --system-name/--system-url, not both")
        if plots_dir is not None and compat is not None:
            raise click.UsageError("--plots draws the official levels; leave out --compat")
        spec = _spec(mode, compat, bootstrap_n, seed)
        try:
            system = read_metadata(metadata) if metadata else system_metadata(
                {"name": system_name or submission.stem, "url": system_url}, "system")
        except BenchmarkError as exc:
            raise click.UsageError(str(exc)) from None
        gold = load_gold(split, gold_file)
        sub = _read_valid_submission(submission, gold)
        report = score_submission(gold, sub, spec=spec)
        results = results_dict(report, gold=gold, system=system,
                               submission_sha256=file_sha256(submission), date=_date())
        click.echo(results_text(results, per_type=per_type))
        if out is not None:
            write_json(out, results)
            click.echo(f"\nresults written to {out}")
        if plots_dir is not None:
            _write_plots(plots_dir, report, gold, sub, mode)

    @main.command()
    @click.argument("submission_a", type=EXISTING_FILE)
    @click.argument("submission_b", type=EXISTING_FILE)
    @_gold_options
    @_mode_options
    @_bootstrap_options
    @click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
    def compare(submission_a: Path, submission_b: Path, split: str | None,
                gold_file: Path | None, mode: str, compat: str | None, bootstrap_n: int,
                seed: int, as_json: bool) -> None:
        """Compare two submissions with a paired bootstrap over documents.

        For every level: F1 of A and B, the difference A−B with its interval, and a two-sided
        p-value (docs/metrics.md, "Bootstrap").
        """
        from .bootstrap import compare_reports
        from .render import comparison_text
        from .scoring import score as score_submission

        spec = _spec(mode, compat, 0, seed)
        gold = load_gold(split, gold_file)
        sub_a = _read_valid_submission(submission_a, gold, quiet_warnings=True)
        sub_b = _read_valid_submission(submission_b, gold, quiet_warnings=True)
        comparisons = compare_reports(score_submission(gold, sub_a, spec=spec),
                                      score_submission(gold, sub_b, spec=spec),
                                      samples=bootstrap_n, seed=seed, confidence=spec.confidence)
        if as_json:
            click.echo(json.dumps({"a": str(submission_a), "b": str(submission_b),
                                   "spec": {**spec.to_dict(), "bootstrap": {
                                       "samples": bootstrap_n, "seed": seed,
                                       "confidence": spec.confidence, "unit": "document",
                                       "paired": True}},
                                   "levels": {k: c.to_dict() for k, c in comparisons.items()}},
                                  ensure_ascii=False, indent=2))
        else:
            click.echo(comparison_text(str(submission_a), str(submission_b), comparisons,
                                       spec.confidence, bootstrap_n))

    @main.command()
    @click.argument("submission", type=EXISTING_FILE)
    @_gold_options
    @click.option("--mode", type=click.Choice(["strict", "lenient"]), default="strict",
                  show_default=True, help="Scoring mode whose matches are analysed.")
    @click.option("--doc", "doc_ids", multiple=True, help="Only these documents (repeatable).")
    @click.option("--errors-only", "only_errors", is_flag=True,
                  help="Leave out the true positives.")
    @click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
    def errors(submission: Path, split: str | None, gold_file: Path | None, mode: str,
               doc_ids: tuple[str, ...], only_errors: bool, as_json: bool) -> None:
        """List per document the true positives, false positives and misses with a reason.

        Reasons: boundary error, wrong type, wrong role, attached to the wrong trigger,
        unaligned text, spurious, missed. Triggers are judged at trigger_classification,
        arguments at argument_classification_attached.
        """
        from .error_analysis import analyse
        from .render import errors_text

        gold = load_gold(split, gold_file)
        sub = _read_valid_submission(submission, gold, quiet_warnings=True)
        analyses = analyse(gold, sub, mode)
        if doc_ids:
            known = {a.doc_id for a in analyses}
            unknown = [d for d in doc_ids if d not in known]
            if unknown:
                raise click.UsageError(f"unknown --doc {', '.join(map(repr, unknown))}")
            analyses = [a for a in analyses if a.doc_id in doc_ids]
        if as_json:
            click.echo(json.dumps([a.to_dict() for a in analyses], ensure_ascii=False, indent=2))
        else:
            click.echo(errors_text(analyses, show_tp=not only_errors), nl=False)

    @main.group()
    def leaderboard() -> None:
        """The leaderboard: add official results files, show or publish the ranking."""

    @leaderboard.command("add")
    @click.argument("results", type=EXISTING_FILE)
    @BOARD_OPTION
    @click.option("--verify", "verify_submission", type=EXISTING_FILE, default=None,
                  help="Re-score this submission (against --split or --gold) and add the results "
                       "only if they are reproduced exactly.")
    @_gold_options
    def leaderboard_add(results: Path, board: Path | None, verify_submission: Path | None,
                        split: str | None, gold_file: Path | None) -> None:
        """Add a results file (written by `eventbench score --out`) to the leaderboard.

        Refused: another dataset hash, split or scorer version than the board's, a non-official
        scoring mode, the same submission twice, a system name already on the board, figures
        that do not follow from their counts, and — with --verify — results that re-scoring the
        submission does not reproduce.
        """
        from .io import read_json
        from .leaderboard import add_results
        from .report import check_results

        path = _board_path(board)
        claimed = check_results(read_json(results), str(results))
        if verify_submission is not None:
            _verify(claimed, verify_submission, load_gold(split, gold_file), results)
        elif split is not None or gold_file is not None:
            raise click.UsageError("--split/--gold are only used with --verify SUBMISSION")
        entry = add_results(path, claimed, str(results))
        click.echo(f"added {entry['system']['name']!r} to {path}")

    @leaderboard.command("show")
    @BOARD_OPTION
    @click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text",
                  show_default=True)
    def leaderboard_show(board: Path | None, fmt: str) -> None:
        """Print the leaderboard ranked by the headline F1, with intervals."""
        from .leaderboard import load_board
        from .render import leaderboard_markdown, leaderboard_text

        data = load_board(_board_path(board))
        click.echo(leaderboard_markdown(data) if fmt == "markdown" else leaderboard_text(data),
                   nl=False)

    @leaderboard.command("html")
    @click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
    @BOARD_OPTION
    def leaderboard_html_command(out: Path, board: Path | None) -> None:
        """Write the leaderboard as a static HTML page (every submitted string escaped)."""
        from .io import atomic_write_text
        from .leaderboard import load_board
        from .render import leaderboard_html

        atomic_write_text(out, leaderboard_html(load_board(_board_path(board))))
        click.echo(f"leaderboard page written to {out}")
