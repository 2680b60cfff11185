"""What the commands share: printing diagnostics with their source lines, and turning an
unexpected failure into a message and exit status 2 instead of a traceback."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import click

from slac.diagnostics import Diagnostic, SourceCache, render_text

F = TypeVar("F", bound=Callable[..., Any])


def echo_diagnostics(diagnostics: Iterable[Diagnostic], sources: SourceCache) -> None:
    """Print diagnostics as text, in color when stderr is a terminal."""
    color = sys.stderr.isatty()
    for diagnostic in diagnostics:
        click.echo(render_text(diagnostic, sources, color=color), err=True)


def report_internal_error(error: Exception, culprit: str = "the input") -> None:
    """Say that the command failed in a way nobody planned for, and what to report: the one
    wording of every command's boundary (the caller exits with status 2)."""
    click.echo(f"slac: internal error: {type(error).__name__}: {error}", err=True)
    click.echo(f"slac: this is a bug in slac; please report it with {culprit} that caused it", err=True)


def internal_errors(command: F) -> F:
    """Exit 2 with a report (`report_internal_error`) when a command fails in a way nobody
    planned for."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except Exception as error:  # noqa: BLE001 - the command boundary
            report_internal_error(error)
            raise SystemExit(2) from None

    return wrapper  # type: ignore[return-value]
