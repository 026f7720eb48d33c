"""Corpus-construction commands (document selection) — registered on the main CLI."""

from __future__ import annotations

import click


def register_corpus_commands(main: click.Group) -> None:
    """Add the corpus-construction commands to the ``eventbench`` group."""
