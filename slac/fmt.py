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
    """The outcome for one file: its canonical text, or the diagnostics that stop formatting."""

    path: Path
    changed: bool
    formatted: str | None
    diagnostics: tuple[Diagnostic, ...]


def format_file(path: Path) -> FormatResult:
    """Format one file in memory; nothing is written."""
    parsed = parse_file(path)
    if parsed.document is None:
        return FormatResult(path, False, None, parsed.diagnostics)
    formatted = format_document(parsed.document)
    return FormatResult(path, formatted != parsed.text, formatted, ())


def format_files(paths: list[Path], check: bool) -> list[FormatResult]:
    """Format each file; rewrite the changed ones unless `check`."""
    results = [format_file(path) for path in paths]
    if not check:
        for result in results:
            if result.changed and result.formatted is not None:
                write_atomic(result.path, result.formatted)
    return results
