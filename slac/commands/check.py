"""`slac check [PATHS] [--format text|json|sarif|github] [--strict]`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from slac.checks.report import EXIT_USAGE, FORMATS, CheckOptions, check_files
from slac.commands.common import report_internal_error
from slac.files import sla_files


@click.command("check")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text for people, json for tools, sarif for GitHub code scanning, github for workflow annotations.",
)
@click.option("--strict", is_flag=True, help="Exit 1 on warnings as well as on errors.")
def check_command(paths: tuple[Path, ...], output_format: str, strict: bool) -> None:
    """Check the policies in PATHS (files or directories; default: rules/) and report every
    finding of every file.

    Exit status: 0 without errors (warnings allowed), 1 with errors (or warnings under
    --strict), 2 for a usage error or an internal failure.
    """
    if not paths and not Path("rules").is_dir():
        raise click.UsageError("no PATHS given, and there is no rules/ directory here")
    files = sla_files([str(p) for p in paths])
    if not files:
        raise click.UsageError(
            f"no .sla files in {', '.join(str(p) for p in paths) or 'rules/'}"
        )
    options = CheckOptions(format=output_format, strict=strict, color=sys.stdout.isatty())  # type: ignore[arg-type]
    try:
        report = check_files(files)
        output = report.render(options)
    except Exception as error:  # the command boundary: report a bug, never a traceback
        report_internal_error(error, "the policy")
        raise SystemExit(EXIT_USAGE) from None
    if output:
        click.echo(output)
    if options.format == "text":
        click.echo(report.summary(), err=True)
    raise SystemExit(report.exit_code(strict))
