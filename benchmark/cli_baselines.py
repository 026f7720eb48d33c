"""Baseline commands (eventbench baseline list/train/run) — registered on the main CLI."""

from __future__ import annotations

import click


def register_baseline_commands(main: click.Group) -> None:
    """Add the baseline commands to the ``eventbench`` group."""
