"""`slac explain CODE` and `slac explain --list`."""

from __future__ import annotations

import click

from slac.checks.registry import (
    all_codes,
    format_explanation,
    format_table,
    lookup,
    nearest_codes,
)


@click.command("explain")
@click.argument("code", required=False)
@click.option(
    "--list", "list_codes", is_flag=True, help="Print the table of every code."
)
@click.option(
    "--markdown", is_flag=True, help="With --list: print the table in Markdown."
)
def explain_command(code: str | None, list_codes: bool, markdown: bool) -> None:
    """Explain a diagnostic code (such as SLA201): what it finds, why it matters, an example."""
    if list_codes:
        click.echo(format_table(all_codes(), markdown=markdown))
        return
    if code is None:
        raise click.UsageError("give a code such as SLA201, or --list for all of them")
    doc = lookup(code)
    if doc is None:
        nearest = ", ".join(nearest_codes(code))
        click.echo(
            f"unknown code `{code}`; the nearest known codes are {nearest} (see `slac explain --list`)",
            err=True,
        )
        raise SystemExit(2)
    click.echo(format_explanation(doc), nl=False)
