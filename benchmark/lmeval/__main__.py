"""``python -m benchmark.lmeval``: print the folder to pass to lm-eval's ``--include_path``;
``python -m benchmark.lmeval submission SAMPLES --out FILE``: turn lm-eval's logged samples into a
submission for ``eventbench score``."""

from __future__ import annotations

from pathlib import Path

import click

from benchmark.lmeval import TASK_DIR


@click.group(invoke_without_command=True)
@click.pass_context
def main(ctx: click.Context) -> None:
    """Without a command: print the task folder (for lm-eval's --include_path)."""
    if ctx.invoked_subcommand is None:
        click.echo(str(TASK_DIR))


@main.command()
@click.argument("samples", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="the submission file to write (JSON Lines)")
def submission(samples: Path, out: Path) -> None:
    """Write the answers of an lm-eval run (its samples_eventbench_de_*.jsonl, from
    --log_samples) as a submission, parsed as the task parses them; score it with
    `eventbench score OUT --split test --bootstrap 1000 --out results.json`."""
    from benchmark.errors import BenchmarkError
    from benchmark.io import write_jsonl
    from benchmark.lmeval.utils import submission_from_samples

    try:
        rows = submission_from_samples(samples)
    except BenchmarkError as exc:
        raise click.ClickException(str(exc)) from None
    write_jsonl(out, rows)
    click.echo(f"{len(rows)} document(s) written to {out}")


if __name__ == "__main__":
    main()
