"""`slac test` (stub until its issue lands)."""

from __future__ import annotations

import click


@click.command("test")
def test_command() -> None:
    """Not implemented yet."""
    raise click.ClickException("`slac test` is not implemented yet")
