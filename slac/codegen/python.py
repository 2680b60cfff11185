"""The Python generator (stub until the code-generation issue lands)."""

from __future__ import annotations

from slac.options import BuildOptions
from slac.pipeline import Compilation


def generate(compilation: Compilation, options: BuildOptions) -> dict[str, str]:
    """`{"<policy id>.py": module source}` for one compiled policy."""
    return {}
