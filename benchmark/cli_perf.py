"""Performance and reliability commands (eventbench bench, eventbench fuzz) — registered on the CLI."""

from __future__ import annotations

import click


def register_perf_commands(main: click.Group) -> None:
    """Add the benchmark and fuzzing commands to the ``eventbench`` group."""
