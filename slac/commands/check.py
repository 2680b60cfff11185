"""`slac check` (stub until its issue lands)."""

from __future__ import annotations

import click


@click.command("check")
def check_command() -> None:
    """Not implemented yet."""
    raise click.ClickException("`slac check` is not implemented yet")
