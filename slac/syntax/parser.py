"""Parse .sla text into the typed AST, or into diagnostics that name the line, the column and
the fix. No Lark type leaves this package.

Error recovery (`slac.syntax.parsing`): when a file does not parse, each top-level block (a line
that starts in column 1 and everything indented under it) is parsed on its own, so one mistake
does not hide the others. A file reports at most `MAX_ERRORS` syntax errors.

A file read from disk whose syntax tree slac's cache holds (`slac.syntax.document_cache`) is
not parsed again: its tree is loaded, and neither Lark nor the builder is imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from slac.diagnostics import Diagnostic, Severity
from slac.files import UnreadableSource, read_source, source_text
from slac.syntax import ast
from slac.syntax.span import Span

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
    return parse_text(text, display, cached=True)


def _position(raw: bytes, offset: int) -> tuple[int, int]:
    """The 1-based line and column (in bytes) of `offset` in `raw`."""
    line = raw[:offset].count(b"\n") + 1
    return line, offset - (raw.rfind(b"\n", 0, offset) + 1) + 1


def _unreadable(path: str, message: str, help: str, line: int, column: int, lines: int = 0) -> ParseResult:
    """A file that cannot be parsed at all: one SLA009 error, and as text only its `lines`
    line breaks, so the error's line exists but nothing of the file can be quoted."""
    diagnostic = Diagnostic("SLA009", Severity.ERROR, message, Span.point(path, line, column), help=help)
    return ParseResult(None, (diagnostic,), "\n" * lines, path)


def parse_text(text: str, path: str = "<text>", cached: bool = False) -> ParseResult:
    """Parse .sla source text; `path` names the source in diagnostics and spans. `cached`: the
    syntax tree is read from slac's cache when it holds one for this path and text, and kept
    there after a parse without errors (what `parse_file` does; texts that are not files are
    parsed every time)."""
    text = source_text(text)
    normalized = text.replace("\r\n", "\n").replace("\r", "\n")
    if not normalized.endswith("\n"):
        normalized += "\n"
    if cached:
        from slac.syntax.document_cache import load_document

        document = load_document(path, normalized)
        if document is not None:
            return ParseResult(document, (), text, path)
    from slac.syntax.parsing import parse_whole

    document, diagnostics = parse_whole(normalized, path)
    if document is None:
        diagnostics = diagnostics[:MAX_ERRORS]
    elif cached:
        from slac.syntax.document_cache import save_document

        save_document(path, normalized, document)
    return ParseResult(document, tuple(diagnostics), text, path)


