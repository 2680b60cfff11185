"""`slac fmt [PATHS] [--check]`."""

from __future__ import annotations

import click

from slac.commands.common import echo_diagnostics, internal_errors
from slac.diagnostics import SourceCache
from slac.files import sla_files
from slac.fmt import format_files


@click.command("fmt")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--check", is_flag=True, help="Write nothing; exit 1 and name the files that would change."
)
@internal_errors
def fmt_command(paths: tuple[str, ...], check: bool) -> None:
    """Rewrite .sla files (default: rules/) in canonical form, keeping comments."""
    results = format_files(sla_files(paths), check)
    failed = False
    for result in results:
        if result.write_error is not None:
            click.echo(
                f"slac: {result.write_error}; it keeps its previous text (check the file's and its "
                "directory's permissions and free space, then run `slac fmt` again)",
                err=True,
            )
            failed = True
        elif result.diagnostics:
            echo_diagnostics(result.diagnostics, SourceCache({str(result.path): result.source}))
            failed = True
        elif result.changed:
            click.echo(f"{'would reformat' if check else 'reformatted'} {result.path}")
            failed = failed or check
    unchanged = sum(1 for r in results if not r.changed and not r.diagnostics)
    broken = sum(1 for r in results if r.diagnostics)
    unwritable = sum(1 for r in results if r.write_error is not None)
    changed = len(results) - unchanged - broken - unwritable
    parts = [f"{unchanged} file(s) already formatted"]
    if changed:
        parts.append(f"{changed} {'to reformat' if check else 'reformatted'}")
    if broken:
        parts.append(f"{broken} not formatted because of errors")
    if unwritable:
        parts.append(f"{unwritable} could not be written")
    click.echo(", ".join(parts), err=True)
    raise SystemExit(1 if failed else 0)
