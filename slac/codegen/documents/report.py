"""The maintainer report beside each document (`<id>.report.md`): what the customer document
leaves out on purpose. The checker's findings with their codes and source lines, the
assumptions as written, the rules and fields by their identifiers, and the texts a translation
lacks. It is in English, the language of the checker's messages.
"""

from __future__ import annotations

from slac.codegen.documents.escaping import Markdown, escape_cell, escape_inline
from slac.codegen.documents.rendering import do_not_edit_header, render_markdown
from slac.codegen.documents.texts import author_texts
from slac.codegen.documents.views import Table
from slac.interpret import describe_condition
from slac.model.types import Exclude, Policy
from slac.pipeline import Compilation


def report_document(compilation: Compilation, policy: Policy) -> str:
    """The maintainer report of one policy."""
    findings = Table(
        tuple(map(Markdown, ("Code", "Severity", "Line", "Message"))),
        tuple(
            (
                escape_cell(d.code),
                escape_cell(d.severity.value + (f" (suppressed: {d.suppressed})" if d.suppressed else "")),
                Markdown(str(d.span.line)) if d.span.line > 0 else Markdown("—"),
                escape_cell(d.message),
            )
            for d in compilation.diagnostics
        ),
    )
    assumptions = Table(
        tuple(map(Markdown, ("#", "Line", "What", "Published text"))),
        tuple(
            (Markdown(str(n)), Markdown(str(a.span.line)), escape_cell(a.subject), escape_cell(a.published))
            for n, a in enumerate(policy.assumptions, start=1)
        ),
    )
    rules = [
        Markdown(f"`{rule.name}`: when {escape_inline(describe_condition(rule.condition))} then "
                 + escape_inline("no guaranteed response" if isinstance(rule.action, Exclude)
                                 else f"{policy.scale.name} {'may become ' if rule.discretionary else ''}{rule.action.level}"))
        for rule in policy.rules
    ]
    rules += [
        Markdown(f"`{r.name}`: {escape_inline(policy.scale.name)} {escape_inline(', '.join(r.levels))} "
                 f"only when {escape_inline(describe_condition(r.condition))}")
        for r in policy.restrictions
    ]
    fields = Table(
        tuple(map(Markdown, ("Field", "Values", "Default"))),
        tuple(
            (Markdown(f"`{f.name}`"), escape_cell(", ".join(f.values)), escape_cell(f.default or "—"))
            for f in policy.fields
        ),
    )
    texts = author_texts(policy)
    translations: list[tuple[Markdown, list[Markdown], list[Markdown]]] = []
    for translation in policy.translations:
        if translation.language == policy.language:
            continue
        missing = [escape_inline(text) for text in texts if translation.text(text) is None]
        unknown = [escape_inline(key) for key, _ in translation.texts if key not in texts]
        translations.append((Markdown(translation.language), missing, unknown))
    return render_markdown(
        "report.md.j2",
        header=do_not_edit_header([(compilation.path, policy.source_sha256)]),
        policy=Markdown(f"`{policy.id}`"),
        title=escape_inline(policy.title),
        source=escape_inline(policy.source or "—"),
        language=Markdown(policy.language),
        findings=findings if compilation.diagnostics else None,
        assumptions=assumptions if policy.assumptions else None,
        rules=rules,
        fields=fields if policy.fields else None,
        translations=translations,
    )
