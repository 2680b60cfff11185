"""Code generation: the Python evaluation module, the Markdown document and the web page of
each policy.

`render_outputs` is what `slac build` writes: file name (relative to the output directory)
→ content, for every policy that compiled without errors, plus the index of all policies.
`render_policy` and `render_index` are its two parts, for a build that records which source
produced which file.
"""

from __future__ import annotations

from collections.abc import Sequence

from slac.codegen import html, markdown, python
from slac.codegen.documents.labels import FALLBACK_LANGUAGE
from slac.options import BuildOptions
from slac.pipeline import Compilation


def render_outputs(compilations: Sequence[Compilation], options: BuildOptions) -> dict[str, str]:
    """Every generated file for these compilations, by relative path, deterministically: per
    policy its module, document, web page, maintainer report and charts; then the index."""
    files: dict[str, str] = {}
    for compilation in compilations:
        if compilation.ok and compilation.policy is not None:
            files.update(render_policy(compilation, options))
    files.update(render_index(compilations, options))
    return dict(sorted(files.items()))


def render_policy(compilation: Compilation, options: BuildOptions) -> dict[str, str]:
    """The files of one policy that compiled without errors, by relative path: its module, its
    document, web page, maintainer report and charts."""
    assert compilation.policy is not None
    files = dict(python.generate(compilation, options))
    documents = markdown.generate(compilation, options)
    document = documents.get(f"{compilation.policy.id}.md")
    if document is not None:
        language = markdown.Labels(options.lang or compilation.policy.language).language
        documents[f"{compilation.policy.id}.html"] = html.html_page(document, language=language, charts=documents)
    files.update(documents)
    return files


def render_index(compilations: Sequence[Compilation], options: BuildOptions) -> dict[str, str]:
    """The index of all policies that compiled without errors, as Markdown and a web page."""
    index = markdown.generate_index([c for c in compilations if c.ok], options)
    if "index.md" in index:
        index["index.html"] = html.html_page(index["index.md"], language=options.lang or FALLBACK_LANGUAGE, charts=index)
    return index
