"""What the commands share: printing diagnostics with their source lines."""

from __future__ import annotations

import sys
from collections.abc import Iterable

import click

from slac.diagnostics import Diagnostic, SourceCache, render_text


def echo_diagnostics(diagnostics: Iterable[Diagnostic], sources: SourceCache) -> None:
    """Print diagnostics as text, in color when stderr is a terminal."""
    color = sys.stderr.isatty()
    for diagnostic in diagnostics:
        click.echo(render_text(diagnostic, sources, color=color), err=True)
