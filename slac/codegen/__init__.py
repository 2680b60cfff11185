"""Code generation: the Python evaluation module, the Markdown document and the web page of
each policy.

`render_outputs` is what `slac build` writes: file name (relative to the output directory)
→ content, for every policy that compiled without errors, plus the index of all policies.
"""

from __future__ import annotations

from collections.abc import Sequence

from slac.codegen import html, markdown, python
from slac.codegen.documents.labels import FALLBACK_LANGUAGE
from slac.options import BuildOptions
from slac.pipeline import Compilation

INDEX_OUTPUTS = ("index.md", "index.html", "index-worst-case.svg")
"""The files of the index of all policies: only a build of all of rules/ writes them."""


def render_outputs(compilations: Sequence[Compilation], options: BuildOptions) -> dict[str, str]:
    """Every generated file for these compilations, by relative path, deterministically: per
    policy its module, document, web page, maintainer report and charts; then the index."""
    files: dict[str, str] = {}
    for compilation in compilations:
        if not compilation.ok or compilation.policy is None:
            continue
        files.update(python.generate(compilation, options))
        documents = markdown.generate(compilation, options)
        document = documents.get(f"{compilation.policy.id}.md")
        if document is not None:
            language = markdown.Labels(options.lang or compilation.policy.language).language
            documents[f"{compilation.policy.id}.html"] = html.html_page(document, language=language, charts=documents)
        files.update(documents)
    index = markdown.generate_index([c for c in compilations if c.ok], options)
    if "index.md" in index:
        index["index.html"] = html.html_page(index["index.md"], language=options.lang or FALLBACK_LANGUAGE, charts=index)
    files.update(index)
    return dict(sorted(files.items()))
