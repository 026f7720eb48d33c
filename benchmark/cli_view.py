"""Error-analysis viewer commands (eventbench view) — registered on the main CLI."""

from __future__ import annotations

from pathlib import Path

import click

from .cli_eval import EXISTING_FILE, _gold_options, _read_valid_submission, load_gold


def register_view_commands(main: click.Group) -> None:
    """Add the view commands to the ``eventbench`` group."""

    @main.command()
    @click.argument("submission", type=EXISTING_FILE)
    @_gold_options
    @click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
                  help="Write the HTML page here (e.g. report.html).")
    @click.option("--mode", type=click.Choice(["strict", "lenient"]), default="strict",
                  show_default=True, help="Scoring mode whose matches are shown.")
    @click.option("--system-name", default=None,
                  help="Name of the system shown on the page (default: the submission file name).")
    @click.option("--no-plots", is_flag=True, help="Leave out the two embedded plots.")
    def view(submission: Path, split: str | None, gold_file: Path | None, out: Path, mode: str,
             system_name: str | None, no_plots: bool) -> None:
        """Write a self-contained HTML error-analysis page for a submission.

        Each document shows the gold and the predicted triggers (boxed) and arguments
        (underlined) in its text; matches, misses, spurious predictions, boundary, type, role and
        attachment errors each have their own colour-blind-safe style. Filters by event type and
        error kind, the per-type P/R/F1 table of the scorer and the plots of `eventbench score
        --plots` are on the page. It loads nothing from the network; every string from the
        submission or the gold data is escaped. With more than 20 documents every document
        starts collapsed (all are on the page).
        """
        from .io import atomic_write_text
        from .render import viewer_html
        from .viewer import build_view

        gold = load_gold(split, gold_file)
        sub = _read_valid_submission(submission, gold, quiet_warnings=True)
        page = build_view(gold, sub, mode=mode, system_name=system_name or submission.stem)
        images = {}
        if not no_plots:
            from .plots import view_plots

            images = view_plots(page)
        atomic_write_text(out, viewer_html(page, images))
        click.echo(f"error-analysis page written to {out} ({len(page.documents)} document(s))")
