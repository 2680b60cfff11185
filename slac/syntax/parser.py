"""Parse .sla text into the typed AST, or into diagnostics that name the line, the column and
the fix. No Lark type leaves this module.

Error recovery: when a file does not parse, each top-level block (a line that starts in column
1 and everything indented under it) is parsed on its own, so one mistake does not hide the
others. A file reports at most `MAX_ERRORS` syntax errors.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from lark import Tree
from lark.exceptions import UnexpectedInput, VisitError

from slac.diagnostics import Diagnostic, Severity
from slac.files import UnreadableSource, read_source, source_text
from slac.syntax import ast
from slac.syntax.span import Span
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

MAX_ERRORS = 50


class ParseFailed(Exception):
    """The diagnostics of a failed parse, for callers that would rather raise than check
    `ParseResult.ok`."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("\n".join(f"{d.span}: {d.code} {d.message}" for d in diagnostics))
        self.diagnostics = diagnostics


@dataclass(frozen=True)
class ParseResult:
    """A parsed document (None when there are syntax errors) and the diagnostics."""

    document: ast.Document | None
    diagnostics: tuple[Diagnostic, ...]
    text: str
    path: str

    @property
    def ok(self) -> bool:
        return self.document is not None


# ----------------------------------------------------------------------- public API


def parse_file(path: str | Path) -> ParseResult:
    """Parse a .sla file from disk; unreadable files become a diagnostic, not an exception.

    Only a regular file of at most `MAX_SOURCE_BYTES` is read (not a device, a pipe or a
    directory), and a file with a NUL byte is refused as not text; these diagnostics quote
    nothing of the file, so a link to `/proc/self/environ` never prints the environment."""
    display = str(path)
    try:
        raw = read_source(path)
    except UnreadableSource as problem:
        return _unreadable(display, problem.reason, problem.help, 1, 1)
    nul = raw.find(b"\0")
    if nul >= 0:
        line, column = _position(raw, nul)
        return _unreadable(
            display,
            f"the file contains a NUL byte (line {line}, column {column}), so it is not a text file",
            "give the path of a .sla text file; if it is one, delete the NUL bytes "
            "(an editor that shows invisible characters finds them)",
            line,
            column,
            lines=raw.count(b"\n"),
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _position(raw, error.start)
        return ParseResult(
            None,
            (
                Diagnostic(
                    "SLA009",
                    Severity.ERROR,
                    "the file is not valid UTF-8",
                    Span.point(display, line, column),
                    help="save the file as UTF-8 text",
                ),
            ),
            raw.decode("utf-8", errors="replace"),
            display,
        )
    return parse_text(text, display)


def _position(raw: bytes, offset: int) -> tuple[int, int]:
    """The 1-based line and column (in bytes) of `offset` in `raw`."""
    line = raw[:offset].count(b"\n") + 1
    return line, offset - (raw.rfind(b"\n", 0, offset) + 1) + 1


def _unreadable(path: str, message: str, help: str, line: int, column: int, lines: int = 0) -> ParseResult:
    """A file that cannot be parsed at all: one SLA009 error, and as text only its `lines`
    line breaks, so the error's line exists but nothing of the file can be quoted."""
    diagnostic = Diagnostic("SLA009", Severity.ERROR, message, Span.point(path, line, column), help=help)
    return ParseResult(None, (diagnostic,), "\n" * lines, path)


def parse_text(text: str, path: str = "<text>") -> ParseResult:
    """Parse .sla source text; `path` names the source in diagnostics and spans."""
    text = source_text(text)
    normalized = text.replace("\r\n", "\n").replace("\r", "\n")
    if not normalized.endswith("\n"):
        normalized += "\n"
    document, diagnostics = _parse_whole(normalized, path)
    if document is None:
        diagnostics = diagnostics[:MAX_ERRORS]
    return ParseResult(document, tuple(diagnostics), text, path)


# ----------------------------------------------------------------------- parsing


def _parse_whole(text: str, path: str) -> tuple[ast.Document | None, list[Diagnostic]]:
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
