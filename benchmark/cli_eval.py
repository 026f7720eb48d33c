"""Evaluation commands (validate, score, compare, errors, leaderboard) — registered on the main CLI."""

from __future__ import annotations

import click


def register_evaluation_commands(main: click.Group) -> None:
    """Add the evaluation commands to the ``eventbench`` group."""
