"""`slac explain` (stub until its issue lands)."""

from __future__ import annotations

import click


@click.command("explain")
def explain_command() -> None:
    """Not implemented yet."""
    raise click.ClickException("`slac explain` is not implemented yet")
