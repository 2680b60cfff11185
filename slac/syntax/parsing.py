"""The parsing itself: Lark's parser over the normalised text, the AST builder, and the error
recovery that parses each top-level block on its own when the file does not parse. Only
`slac.syntax.parser` calls it, when the file's syntax tree is not in slac's cache.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from lark import Tree
from lark.exceptions import UnexpectedInput, VisitError

from slac.diagnostics import Diagnostic, Severity
from slac.syntax import ast
from slac.syntax.builder import AstBuilder
from slac.syntax.grammar import (
    GluedWords,
    IndentationProblem,
    lark_parser,
    scan_comments,
)
from slac.syntax.messages import (
    glued_diagnostic,
    indentation_diagnostic,
    indentation_unit,
    misindented_line,
    syntax_diagnostic,
)
from slac.syntax.parser import MAX_ERRORS
from slac.syntax.span import Span


def parse_whole(text: str, path: str) -> tuple[ast.Document | None, list[Diagnostic]]:
    """The syntax tree of `text` (normalised source) read from `path`, with its comments, and
    no diagnostics; or None and why: the tree builder's problems when Lark parses the file,
    else the syntax errors of each top-level block parsed on its own (`_parse_blocks`)."""
    tree, comments, error = _run_lark(text, path, 0)
    if error is not None:
        unit = indentation_unit(text)
        return None, _parse_blocks(text, path, _blame_indentation(error, text, path, 0, unit), unit)
    assert tree is not None
    builder = AstBuilder(path, 0, text)
    document = _build(builder, tree)
    if builder.problems:
        return None, builder.problems
    return replace(document, comments=tuple(comments)), []


def _build(builder: AstBuilder, tree: Tree) -> ast.Document:
    try:
        return builder.transform(tree)
    except VisitError as error:  # pragma: no cover - defensive: a bug in the builder
        raise error.orig_exc from error


def _run_lark(
    text: str, path: str, line_offset: int, final: bool = True, unit: int | None = None
) -> tuple[Tree | None, list[ast.Comment], Diagnostic | None]:
    """Parse one text (the file, or one block of it at `line_offset`; `final` when it runs to
    the end of the file) into a tree and its comments, or a diagnostic. `unit` is the file's
    indentation step: given, a line indented out of step before the error is blamed instead."""
    parser = lark_parser()
    try:
        tree = parser.parse(text)
    except IndentationProblem as problem:
        found = indentation_diagnostic(problem, text, path, line_offset)
        return None, [], _blame_indentation(found, text, path, line_offset, unit)
    except GluedWords as problem:
        return None, [], glued_diagnostic(problem, text, path, line_offset)
    except UnexpectedInput as error:
        found = syntax_diagnostic(error, text, path, line_offset, final)
        return None, [], _blame_indentation(found, text, path, line_offset, unit)
    too_deep = _nesting_problem(tree, path, line_offset)
    if too_deep is not None:
        return None, [], too_deep
    found = scan_comments(text) if "#" in text else []
    comments = [
        ast.Comment(
            line + line_offset,
            comment,
            own_line,
            span=Span(path, line + line_offset, column, line + line_offset, column + len(comment)),
        )
        for line, column, comment, own_line in sorted(found)
    ]
    return tree, comments, None


MAX_NESTING = 100
"""Parentheses and `not`s nested inside one another in a condition; deeper nesting is refused,
because the tree builder (and the steps after it) would exhaust Python's recursion. A readable
condition needs a handful."""
NESTING = frozenset(("grouped", "negated"))


def _nesting_problem(tree: Tree, path: str, line_offset: int) -> Diagnostic | None:
    """An error at the first parenthesis or `not` nested more than `MAX_NESTING` deep, found
    without recursion, or None."""
    pending: list[tuple[Tree, int]] = [(tree, 0)]
    while pending:
        node, depth = pending.pop()
        if node.data in NESTING:
            depth += 1
            if depth > MAX_NESTING:
                line = node.meta.line + line_offset
                return Diagnostic(
                    "SLA002",
                    Severity.ERROR,
                    f"the condition nests parentheses and `not`s more than {MAX_NESTING} deep",
                    Span(path, line, node.meta.column, line, node.meta.column + 1),
                    help="write it with fewer parentheses: `and` binds tighter than `or`, and `not not x` is `x`",
                )
        pending.extend((child, depth) for child in reversed(node.children) if isinstance(child, Tree))
    return None


def _blame_indentation(found: Diagnostic, text: str, path: str, line_offset: int, unit: int | None) -> Diagnostic:
    """`found`, or the diagnostic of an earlier line whose indentation caused it."""
    if unit is None:
        return found
    earlier = misindented_line(text, path, line_offset, unit, found.span.line - line_offset, _parses)
    return found if earlier is None else earlier


def _parses(text: str) -> bool:
    try:
        lark_parser().parse(text)
    except (IndentationProblem, GluedWords, UnexpectedInput):
        return False
    return True


def _parse_blocks(text: str, path: str, first_error: Diagnostic, unit: int) -> list[Diagnostic]:
    """Parse each top-level block separately, so that every broken block is reported.

    `first_error` is where the whole file stopped parsing; it is kept when no block reports a
    problem on its line (text before the first block, say), so a file that does not parse
    always has at least one diagnostic."""
    diagnostics: list[Diagnostic] = []
    chunks = list(_top_level_chunks(text))
    for index, (offset, chunk) in enumerate(chunks):
        tree, _, error = _run_lark(chunk, path, offset, final=index == len(chunks) - 1, unit=unit)
        if error is not None:
            diagnostics.append(error)
        else:
            assert tree is not None
            builder = AstBuilder(path, offset, chunk)
            _build(builder, tree)
            diagnostics.extend(builder.problems)
        if len(diagnostics) >= MAX_ERRORS:
            break
    if all(d.span.line != first_error.span.line for d in diagnostics):
        diagnostics.append(first_error)
        diagnostics.sort(key=lambda d: (d.span.line, d.span.column))
    return diagnostics


def _top_level_chunks(text: str) -> Iterator[tuple[int, str]]:
    lines = text.split("\n")
    start: int | None = None
    for index, line in enumerate(lines):
        starts_block = bool(line) and not line[0].isspace() and not line.startswith("#")
        if starts_block:
            if start is not None:
                yield start, "\n".join(lines[start:index]) + "\n"
            start = index
    if start is not None:
        yield start, "\n".join(lines[start:]) + "\n"
