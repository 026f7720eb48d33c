"""Error-analysis viewer commands (eventbench view) — registered on the main CLI."""

from __future__ import annotations

import click


def register_view_commands(main: click.Group) -> None:
    """Add the view commands to the ``eventbench`` group."""
