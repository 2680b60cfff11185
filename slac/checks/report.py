"""`slac check` as a library call: check files, render the findings, decide the exit status.

The click command in `slac.commands.check` only parses arguments and prints what this module
returns, so the same report can be produced from Python (pre-commit hooks, editors, tests).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from slac.checks.registry import all_codes
from slac.diagnostics import (
    Diagnostic,
    Severity,
    SourceCache,
    render_github,
    render_json,
    render_sarif,
    render_text,
    sorted_diagnostics,
    summary_line,
)
from slac.pipeline import compile_files

OutputFormat = Literal["text", "json", "sarif", "github"]
FORMATS: tuple[OutputFormat, ...] = ("text", "json", "sarif", "github")

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


@dataclass(frozen=True)
class CheckOptions:
    """How `slac check` reports: the output format, whether warnings fail (`strict`), and
    whether text output is colored."""

    format: OutputFormat = "text"
    strict: bool = False
    color: bool = False


@dataclass(frozen=True)
class CheckReport:
    """The findings of every checked file, in file order, and the sources to quote from."""

    files: tuple[str, ...]
    diagnostics: tuple[Diagnostic, ...]
    sources: SourceCache

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity is severity)

    def exit_code(self, strict: bool) -> int:
        """1 with errors, or with warnings under `strict`; 0 otherwise."""
        if self.count(Severity.ERROR) or (strict and self.count(Severity.WARNING)):
            return EXIT_FINDINGS
        return EXIT_OK

    def render(self, options: CheckOptions) -> str:
        """The report in the chosen format (what goes to standard output)."""
        if options.format == "json":
            return render_json(self.diagnostics)
        if options.format == "sarif":
            return render_sarif(
                self.diagnostics, {doc.code: doc for doc in all_codes()}
            )
        if options.format == "github":
            return "\n".join(render_github(d) for d in self.diagnostics)
        return "\n\n".join(
            render_text(d, self.sources, color=options.color) for d in self.diagnostics
        )

    def summary(self) -> str:
        """One line for standard error: how many files, errors, warnings and notes."""
        return f"{len(self.files)} file(s) checked: {summary_line(self.diagnostics)}"


def display_path(path: Path) -> str:
    """The path as findings name it: relative to the working directory when inside it (so that
    SARIF and GitHub annotations point into the repository), with forward slashes."""
    if path.is_absolute():
        try:
            path = path.relative_to(Path.cwd())
        except ValueError:
            return path.as_posix()
    return Path(os.path.normpath(path)).as_posix()


def check_files(paths: Iterable[Path]) -> CheckReport:
    """Parse, resolve and check every file; findings of every file and every pass."""
    sources = SourceCache()
    diagnostics: list[Diagnostic] = []
    files: list[str] = []
    for compilation in compile_files(display_path(path) for path in paths):
        sources.add(compilation.path, compilation.text)
        files.append(compilation.path)
        diagnostics.extend(compilation.diagnostics)
    return CheckReport(tuple(files), tuple(sorted_diagnostics(diagnostics)), sources)
