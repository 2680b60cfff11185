"""`slac fmt`: rewrite .sla files in their canonical form (comments kept)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from slac.diagnostics import Diagnostic
from slac.files import write_atomic
from slac.syntax.parser import parse_file
from slac.syntax.printer import format_document


@dataclass(frozen=True)
class FormatResult:
    """The outcome for one file: its canonical text, or the diagnostics that stop formatting.
    `source` is the text the diagnostics point into (decoded, without a byte-order mark)."""

    path: Path
    changed: bool
    formatted: str | None
    diagnostics: tuple[Diagnostic, ...]
    source: str = ""


def format_file(path: Path) -> FormatResult:
    """Format one file in memory; nothing is written. The canonical form is UTF-8 without a
    byte-order mark, with `\\n` line endings, so a file that differs only in those changes."""
    parsed = parse_file(path)
    if parsed.document is None:
        return FormatResult(path, False, None, parsed.diagnostics, parsed.text)
    formatted = format_document(parsed.document)
    try:
        changed = formatted.encode("utf-8") != Path(path).read_bytes()
    except OSError:
        changed = formatted != parsed.text
    return FormatResult(path, changed, formatted, (), parsed.text)


def format_files(paths: list[Path], check: bool) -> list[FormatResult]:
    """Format each file; rewrite the changed ones unless `check`."""
    results = [format_file(path) for path in paths]
    if not check:
        for result in results:
            if result.changed and result.formatted is not None:
                write_atomic(result.path, result.formatted)
    return results
