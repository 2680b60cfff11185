"""The facade that chains the stages: parse → resolve → check.

`compile_file` is what the CLI, the generators and applications call; each stage's result is
kept so that callers can report every diagnostic and generate from the model. The checks are
imported when a policy is first checked, not with this module: `Compilation` is imported by
code that never checks (`slac eval` reading a policy's module from the cache).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from slac.diagnostics import Diagnostic, has_errors, sorted_diagnostics
from slac.model import Suppression, resolve
from slac.model.types import Policy
from slac.syntax import ast
from slac.syntax.parser import ParseResult, parse_file, parse_text
from slac.syntax.span import Span

if TYPE_CHECKING:
    from slac.checks.policy_ids import PolicyId


@dataclass(frozen=True)
class Compilation:
    """Everything known about one source file after parsing, resolution and checking."""

    path: str
    text: str
    document: ast.Document | None
    policy: Policy | None
    diagnostics: tuple[Diagnostic, ...]

    @property
    def ok(self) -> bool:
        """True when the policy resolved and no finding is an error."""
        return self.policy is not None and not has_errors(self.diagnostics)


def compile_file(path: str | Path) -> Compilation:
    """Parse, resolve and check a .sla file."""
    return _compile(parse_file(path))


def compile_files(paths: Iterable[str | Path]) -> list[Compilation]:
    """Compile several files as one set of policies: each file as `compile_file` does, plus
    the findings across files (two policies with one id, a reserved id), added to each file
    concerned, so that a policy whose files would be overwritten is never `ok`."""
    from slac.checks.policy_ids import policy_id_clashes

    compilations = [compile_file(path) for path in paths]
    clashes = policy_id_clashes([declared for c in compilations for declared in _policy_ids(c)])
    if not clashes:
        return compilations
    return [
        replace(c, diagnostics=tuple(sorted_diagnostics([*c.diagnostics, *(d for d in clashes if d.span.path == c.path)])))
        for c in compilations
    ]


def _policy_ids(compilation: Compilation) -> list[PolicyId]:
    """The policy ids a file declares, each with the span of the id in its header line."""
    if compilation.document is None:
        return []
    from slac.checks.policy_ids import PolicyId

    lines = compilation.text.splitlines()
    found = []
    for block in compilation.document.blocks:
        if isinstance(block, ast.Policy):
            line = block.span.line
            text = lines[line - 1] if 0 < line <= len(lines) else ""
            start = text.find(block.id, text.find("policy") + len("policy")) + 1 or block.span.column
            span = Span(compilation.path, line, start, line, start + len(block.id))
            found.append(PolicyId(block.id, span))
    return found


def compile_text(text: str, path: str = "<text>") -> Compilation:
    """Parse, resolve and check .sla source text."""
    return _compile(parse_text(text, path))


def _compile(parsed: ParseResult) -> Compilation:
    if parsed.document is None:
        return Compilation(parsed.path, parsed.text, None, None, tuple(parsed.diagnostics))
    resolution = resolve(parsed.document, parsed.path, parsed.text)
    diagnostics = list(parsed.diagnostics) + list(resolution.diagnostics)
    if resolution.policy is not None:
        from slac.checks import run_checks

        diagnostics += run_checks(resolution.policy)
    suppressions = tuple(_anchor(s, parsed.text) for s in resolution.suppressions)
    diagnostics = [_apply_suppressions(d, suppressions) for d in diagnostics]
    return Compilation(
        parsed.path,
        parsed.text,
        parsed.document,
        resolution.policy,
        tuple(sorted_diagnostics(diagnostics)),
    )


def _anchor(suppression: Suppression, text: str) -> Suppression:
    """A suppression on its own line inside a block applies to the next line of the block that
    is not a comment (the resolver points it at the very next line, which may be another comment,
    such as the `# DEFECT:` note that explains the suppression)."""
    comment_line = suppression.span.line
    if not suppression.first_line == suppression.last_line == comment_line + 1:
        return suppression
    lines = text.splitlines()
    for number in range(comment_line + 1, len(lines) + 1):
        content = lines[number - 1].strip()
        if content and not content.startswith("#"):
            return replace(suppression, first_line=number, last_line=number)
    return suppression


def _apply_suppressions(diagnostic: Diagnostic, suppressions: tuple[Suppression, ...]) -> Diagnostic:
    for suppression in suppressions:
        if (
            suppression.code == diagnostic.code
            and suppression.first_line <= diagnostic.span.line <= suppression.last_line
        ):
            return diagnostic.suppress(suppression.reason)
    return diagnostic
