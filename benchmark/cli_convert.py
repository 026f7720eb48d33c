"""Format converters (eventbench convert) — registered on the main CLI."""

from __future__ import annotations

import click


def register_convert_commands(main: click.Group) -> None:
    """Add the convert commands to the ``eventbench`` group."""
