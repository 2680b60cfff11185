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


def internal_errors(command: F) -> F:
    """Exit 2 with a one-line report when a command fails in a way nobody planned for."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except Exception as error:  # noqa: BLE001 - the command boundary
            click.echo(
                f"slac: internal error: {type(error).__name__}: {error}\n"
                "This is a bug in slac; please report it with the input that caused it.",
                err=True,
            )
            raise SystemExit(2) from None

    return wrapper  # type: ignore[return-value]
