"""`slac fmt [PATHS] [--check]`."""

from __future__ import annotations

import click

from slac.commands.common import echo_diagnostics
from slac.diagnostics import SourceCache
from slac.files import sla_files
from slac.fmt import format_files


@click.command("fmt")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--check", is_flag=True, help="Write nothing; exit 1 and name the files that would change."
)
def fmt_command(paths: tuple[str, ...], check: bool) -> None:
    """Rewrite .sla files (default: rules/) in canonical form, keeping comments."""
    results = format_files(sla_files(paths), check)
    failed = False
    for result in results:
        if result.diagnostics:
            echo_diagnostics(result.diagnostics, SourceCache({str(result.path): result.source}))
            failed = True
        elif result.changed:
            click.echo(f"{'would reformat' if check else 'reformatted'} {result.path}")
            failed = failed or check
    unchanged = sum(1 for r in results if not r.changed and not r.diagnostics)
    broken = sum(1 for r in results if r.diagnostics)
    changed = len(results) - unchanged - broken
    parts = [f"{unchanged} file(s) already formatted"]
    if changed:
        parts.append(f"{changed} {'to reformat' if check else 'reformatted'}")
    if broken:
        parts.append(f"{broken} not formatted because of errors")
    click.echo(", ".join(parts), err=True)
    raise SystemExit(1 if failed else 0)
