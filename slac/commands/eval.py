"""`slac eval` (stub until its issue lands)."""

from __future__ import annotations

import click


@click.command("eval")
def eval_command() -> None:
    """Not implemented yet."""
    raise click.ClickException("`slac eval` is not implemented yet")
