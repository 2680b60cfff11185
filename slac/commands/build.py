"""`slac build [PATHS]`: parse, resolve and check every policy, and report."""

from __future__ import annotations

import click

from slac.commands.common import echo_diagnostics
from slac.diagnostics import SourceCache, summary_line
from slac.files import sla_files
from slac.pipeline import compile_file


@click.command("build")
@click.argument("paths", nargs=-1, type=click.Path())
def build_command(paths: tuple[str, ...]) -> None:
    """Compile the policies in PATHS (default: rules/) and report the checker's findings."""
    failed = False
    all_diagnostics = []
    for path in sla_files(paths):
        compilation = compile_file(path)
        sources = SourceCache({compilation.path: compilation.text})
        echo_diagnostics(compilation.diagnostics, sources)
        all_diagnostics.extend(compilation.diagnostics)
        status = "ok" if compilation.ok else "FAILED"
        click.echo(f"{status:6} {path}")
        failed = failed or not compilation.ok
    click.echo(summary_line(all_diagnostics), err=True)
    raise SystemExit(1 if failed else 0)
