"""`slac fmt`: rewrite .sla files in their canonical form (comments kept)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from slac.diagnostics import Diagnostic
from slac.files import UnreadableSource, display_path, read_source, write_atomic
from slac.syntax.parser import parse_file
from slac.syntax.printer import format_document


@dataclass(frozen=True)
class FormatResult:
    """The outcome for one file: its canonical text, or the diagnostics that stop formatting.
    `source` is the text the diagnostics point into (decoded, without a byte-order mark).
    `write_error` says why a changed file could not be rewritten (it then keeps its text)."""

    path: Path
    changed: bool
    formatted: str | None
    diagnostics: tuple[Diagnostic, ...]
    source: str = ""
    write_error: str | None = None


def format_file(path: Path) -> FormatResult:
    """Format one file in memory; nothing is written. The canonical form is UTF-8 without a
    byte-order mark, with `\\n` line endings, so a file that differs only in those changes."""
    parsed = parse_file(path)
    if parsed.document is None:
        return FormatResult(path, False, None, parsed.diagnostics, parsed.text)
    formatted = format_document(parsed.document)
    try:
        changed = formatted.encode("utf-8") != read_source(path)
    except UnreadableSource:
        changed = formatted != parsed.text
    return FormatResult(path, changed, formatted, (), parsed.text)


def format_files(paths: list[Path], check: bool) -> list[FormatResult]:
    """Format each file; rewrite the changed ones unless `check`. A file that cannot be
    rewritten keeps its text and says why; the others are still rewritten."""
    results = [format_file(path) for path in paths]
    if check:
        return results
    return [_rewrite(result) if result.changed and result.formatted is not None else result for result in results]


def _rewrite(result: FormatResult) -> FormatResult:
    """Write a changed file (through a symbolic link, which stays a link)."""
    assert result.formatted is not None
    try:
        write_atomic(result.path, result.formatted)
    except OSError as error:
        reason = str(error) if error.strerror is None else error.strerror
        return replace(result, write_error=f"cannot write {display_path(result.path)}: {reason}")
    return result
