"""Code generation: the Python evaluation module and the Markdown document of each policy.

`render_outputs` is what `slac build` writes: file name (relative to the output directory)
→ content, for every policy that compiled without errors, plus the index of all policies.
"""

from __future__ import annotations

from collections.abc import Sequence

from slac.codegen import markdown, python
from slac.options import BuildOptions
from slac.pipeline import Compilation


def render_outputs(compilations: Sequence[Compilation], options: BuildOptions) -> dict[str, str]:
    """Every generated file for these compilations, by relative path, deterministically."""
    files: dict[str, str] = {}
    for compilation in compilations:
        if not compilation.ok:
            continue
        files.update(python.generate(compilation, options))
        files.update(markdown.generate(compilation, options))
    files.update(markdown.generate_index([c for c in compilations if c.ok], options))
    return dict(sorted(files.items()))
