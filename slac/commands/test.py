"""`slac test [PATHS] [--format text|json]`: run the worked examples of each policy."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import click

from slac.commands.common import echo_diagnostics, internal_errors
from slac.diagnostics import SourceCache, has_errors
from slac.files import sla_files
from slac.pipeline import compile_file

if TYPE_CHECKING:
    from slac.examples import ExampleResult


@click.command("test")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Text for people, JSON for tools.",
)
@internal_errors
def test_command(paths: tuple[str, ...], output_format: str) -> None:
    """Run every `example` in the policies in PATHS (default: rules/) through the interpreter
    and the generated module; exit 0 only when all pass."""
    from slac.examples import run_examples, text_report  # loads the code generator
    from slac.holiday_cache import runtime_reads_cache

    results: list[ExampleResult] = []
    broken = False
    for path in sla_files(paths):
        compilation = compile_file(path)
        if compilation.policy is None or has_errors(compilation.diagnostics):
            echo_diagnostics(
                [d for d in compilation.diagnostics if d.severity.value == "error"],
                SourceCache({compilation.path: compilation.text}),
            )
            click.echo(f"{path}: not tested, the policy has errors", err=True)
            broken = True
            continue
        with runtime_reads_cache():
            results.extend(run_examples(compilation))
    passed = sum(1 for r in results if r.passed)
    failed = len(results) - passed
    if output_format == "json":
        click.echo(json.dumps([_as_json(r) for r in results], indent=2, ensure_ascii=False))
    else:
        color = sys.stdout.isatty()
        for result in results:
            click.echo(text_report(result, color))
        click.echo(f"{passed} passed, {failed} failed")
    raise SystemExit(1 if failed or broken else 0)


def _as_json(result: ExampleResult) -> dict[str, object]:
    return {
        "policy": result.policy,
        "example": result.name,
        "title": result.title,
        "path": result.span.path,
        "line": result.span.line,
        "passed": result.passed,
        "error": result.error,
        "mismatches": [
            {
                "line": m.span.line,
                "column": m.span.column,
                "expected": m.expected,
                "actual": m.actual,
                "engine": m.engine,
            }
            for m in result.mismatches
        ],
    }
