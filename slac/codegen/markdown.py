"""The Markdown generator (stub until the documents issue lands)."""

from __future__ import annotations

from collections.abc import Sequence

from slac.options import BuildOptions
from slac.pipeline import Compilation


def generate(compilation: Compilation, options: BuildOptions) -> dict[str, str]:
    """`{"<policy id>.md": document, "<policy id>-<plan>.svg": chart, …}` for one policy."""
    return {}


def generate_index(compilations: Sequence[Compilation], options: BuildOptions) -> dict[str, str]:
    """`{"index.md": …}`: all policies side by side."""
    return {}
