"""Code generation: the Python evaluation module and the Markdown document of each policy.

`render_outputs` is what `slac build` writes: file name (relative to the output directory)
→ content, for every policy that compiled without errors, plus the index of all policies.
`render_policy` and `render_index` are its two parts, for a build that records which source
produced which file.
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
        if compilation.ok:
            files.update(render_policy(compilation, options))
    files.update(render_index(compilations, options))
    return dict(sorted(files.items()))


def render_policy(compilation: Compilation, options: BuildOptions) -> dict[str, str]:
    """The files of one policy that compiled without errors: its module, its document and its
    charts, by relative path."""
    return {**python.generate(compilation, options), **markdown.generate(compilation, options)}


def render_index(compilations: Sequence[Compilation], options: BuildOptions) -> dict[str, str]:
    """The index of all policies that compiled without errors."""
    return markdown.generate_index([c for c in compilations if c.ok], options)
