"""`slac explain CODE` and `slac explain --list`."""

from __future__ import annotations

import difflib

import click

from slac.checks.registry import (
    CodeDoc,
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
    """Explain a diagnostic code (such as SLA201, or its name, missing-target): what it finds,
    why it matters, an example."""
    if list_codes:
        click.echo(format_table(all_codes(), markdown=markdown))
        return
    if code is None:
        raise click.UsageError("give a code such as SLA201, or --list for all of them")
    doc = lookup(code) or _by_name(code)
    if doc is None:
        names = {d.name: d.code for d in all_codes()}
        close = difflib.get_close_matches(code.strip().lower(), list(names), n=3, cutoff=0.6)
        if close:
            nearest = ", ".join(f"{names[name]} ({name})" for name in close)
        else:
            nearest = ", ".join(nearest_codes(code))
        click.echo(
            f"unknown code `{code}`; the nearest known codes are {nearest} (see `slac explain --list`)",
            err=True,
        )
        raise SystemExit(2)
    click.echo(format_explanation(doc), nl=False)


def _by_name(name: str) -> CodeDoc | None:
    """A code by its short name, as the codes table lists it (`missing-target` → SLA201)."""
    wanted = name.strip().lower()
    return next((doc for doc in all_codes() if doc.name == wanted), None)
