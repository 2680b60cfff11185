"""Diagnostics are data: every stage returns them, renderers turn them into text, JSON, SARIF
or GitHub annotations. Codes are stable: SLA0xx syntax, SLA1xx names and resolution, SLA2xx and
up the checker's families (see `slac explain`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any, Protocol
from urllib.parse import quote

from slac import __version__
from slac.syntax.span import Span


class Severity(str, Enum):
    """How bad a finding is. Errors block code generation; warnings fail `--strict`."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True)
class Related:
    """Another place that explains a finding (the first definition of a duplicate, …)."""

    span: Span
    message: str


@dataclass(frozen=True)
class Diagnostic:
    """One finding: a stable code, where it is, what is wrong and how to fix it."""

    code: str
    severity: Severity
    message: str
    span: Span
    help: str | None = None
    related: tuple[Related, ...] = ()
    suppressed: str | None = field(default=None)

    def suppress(self, reason: str) -> Diagnostic:
        """The finding, kept in the report at info level with the author's reason."""
        return replace(self, severity=Severity.INFO, suppressed=reason)

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        """File order; the message breaks ties, so that output never depends on hash order."""
        return (self.span.path, self.span.line, self.span.column, self.code, self.message)


class SourceCache:
    """Source texts by path, for showing the offending line under a message."""

    def __init__(self, texts: Mapping[str, str] | None = None) -> None:
        self._texts: dict[str, list[str]] = {}
        for path, text in (texts or {}).items():
            self.add(path, text)

    def add(self, path: str, text: str) -> None:
        # the parser counts lines at \n only (after turning \r\n and \r into \n)
        self._texts[path] = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")

    def line(self, path: str, number: int) -> str | None:
        lines = self._texts.get(path)
        if lines is None or not 1 <= number <= len(lines):
            return None
        return lines[number - 1]


def sorted_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Diagnostics in file order, duplicates removed."""
    return sorted(set(diagnostics), key=lambda d: d.sort_key)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


# ----------------------------------------------------------------------- text


def render_text(diagnostic: Diagnostic, sources: SourceCache, color: bool = False) -> str:
    """`path:line:col: CODE severity: message`, the source line, a caret, a help line."""
    span = diagnostic.span
    label = diagnostic.severity.value
    if diagnostic.suppressed is not None:
        label = "info (suppressed)"
    lines = [f"{span}: {diagnostic.code} {label}: {diagnostic.message}"]
    source_line = sources.line(span.path, span.line)
    if source_line is not None:
        # columns count characters; the line is shown with tabs expanded, so the caret is
        # placed under the expanded text of the characters before it
        expanded = source_line.expandtabs(4)
        start = len(source_line[: span.column - 1].expandtabs(4))
        end = start + 1
        if span.end_line == span.line and span.end_column > span.column:
            end = len(source_line[: span.end_column - 1].expandtabs(4))
        end = max(start + 1, min(end, len(expanded) + 1))
        expanded, start, end = _window(expanded, start, end)
        gutter = f"{span.line:>5} | "
        lines.append(gutter + expanded)
        lines.append(" " * (len(gutter) + start) + "^" * (end - start))
    if diagnostic.help:
        lines.append(f"  help: {diagnostic.help}")
    if diagnostic.suppressed is not None:
        lines.append(f"  suppressed: {diagnostic.suppressed}")
    for related in diagnostic.related:
        lines.append(f"  note: {related.span}: {related.message}")
    text = "\n".join(lines)
    if color:
        text = _colorize(text, diagnostic.severity)
    return text


SHOWN_LINE_CHARACTERS = 160
"""How much of a source line a message shows: a line of megabytes is cut around the caret."""


def _window(line: str, start: int, end: int) -> tuple[str, int, int]:
    """The part of a long `line` around the caret at [start, end), with `…` where it is cut,
    and the caret's place in it (a caret longer than the window is shortened)."""
    if len(line) <= SHOWN_LINE_CHARACTERS:
        return line, start, end
    end = min(end, start + SHOWN_LINE_CHARACTERS // 2)
    first = max(0, min(start - SHOWN_LINE_CHARACTERS // 4, len(line) - SHOWN_LINE_CHARACTERS))
    last = first + SHOWN_LINE_CHARACTERS
    prefix = "…" if first > 0 else ""
    suffix = "…" if last < len(line) else ""
    shift = first - len(prefix)
    return prefix + line[first:last] + suffix, start - shift, end - shift


def _colorize(text: str, severity: Severity) -> str:
    colors = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}
    first, _, rest = text.partition("\n")
    return f"\x1b[1;{colors[severity]}m{first}\x1b[0m" + ("\n" + rest if rest else "")


def summary_line(diagnostics: Sequence[Diagnostic]) -> str:
    counts = {severity: 0 for severity in Severity}
    for diagnostic in diagnostics:
        counts[diagnostic.severity] += 1
    return (
        f"{counts[Severity.ERROR]} error(s), {counts[Severity.WARNING]} warning(s), "
        f"{counts[Severity.INFO]} info"
    )


# ----------------------------------------------------------------------- json


def to_json_dict(diagnostic: Diagnostic) -> dict[str, Any]:
    span = diagnostic.span
    return {
        "code": diagnostic.code,
        "severity": diagnostic.severity.value,
        "path": span.path,
        "line": span.line,
        "column": span.column,
        "end_line": span.end_line,
        "end_column": span.end_column,
        "message": diagnostic.message,
        "help": diagnostic.help,
        "suppressed": diagnostic.suppressed,
        "related": [
            {"path": r.span.path, "line": r.span.line, "column": r.span.column, "message": r.message}
            for r in diagnostic.related
        ],
    }


def render_json(diagnostics: Sequence[Diagnostic]) -> str:
    return json.dumps([to_json_dict(d) for d in diagnostics], indent=2, ensure_ascii=False)


# ----------------------------------------------------------------------- github


def render_github(diagnostic: Diagnostic) -> str:
    """A GitHub Actions workflow command that annotates the line in the pull request."""
    command = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}[
        diagnostic.severity
    ]
    span = diagnostic.span
    message = diagnostic.message + (f" Help: {diagnostic.help}" if diagnostic.help else "")
    properties = ",".join(
        [
            f"file={_github_escape_property(span.path)}",
            f"line={span.line}",
            f"col={span.column}",
            f"endLine={span.end_line}",
            f"endColumn={span.end_column}",
            f"title={_github_escape_property(diagnostic.code)}",
        ]
    )
    return f"::{command} {properties}::{_github_escape_data(message)}"


def _github_escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_escape_property(text: str) -> str:
    return _github_escape_data(text).replace(":", "%3A").replace(",", "%2C")


# ----------------------------------------------------------------------- sarif


class RuleMetadata(Protocol):
    """What SARIF says about a code (`slac.checks.registry.CodeDoc` is one)."""

    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def severity(self) -> Severity: ...
    @property
    def family(self) -> str: ...
    @property
    def summary(self) -> str: ...
    @property
    def explanation(self) -> str: ...
    @property
    def example(self) -> str: ...


_SARIF_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _sarif_rule(code: str, doc: RuleMetadata | None) -> dict[str, Any]:
    if doc is None:
        return {"id": code, "shortDescription": {"text": code}}
    indented_example = "\n".join("    " + line for line in doc.example.splitlines())
    return {
        "id": code,
        "name": doc.name,
        "shortDescription": {"text": doc.summary},
        "fullDescription": {"text": doc.explanation},
        "help": {
            "text": f"{doc.explanation}\n\nExample:\n{indented_example}\n\nRun `slac explain {code}` for details.",
            "markdown": f"{doc.explanation}\n\nExample:\n\n```\n{doc.example}\n```",
        },
        "defaultConfiguration": {"level": _SARIF_LEVELS[doc.severity]},
        "properties": {"tags": ["slac", doc.family]},
    }


def _sarif_region(span: Span) -> dict[str, int]:
    start_line = max(span.line, 1)
    start_column = max(span.column, 1)
    end_line = max(span.end_line, start_line)
    end_column = max(span.end_column, 1)
    if end_line == start_line:
        end_column = max(end_column, start_column + 1)
    return {"startLine": start_line, "startColumn": start_column, "endLine": end_line, "endColumn": end_column}


def render_sarif(diagnostics: Sequence[Diagnostic], rule_docs: Mapping[str, RuleMetadata]) -> str:
    """SARIF 2.1.0 for GitHub code scanning: one run, every known code as a rule (so rule
    indices are stable), partial fingerprints that survive lines moving, in-source suppressions.

    `rule_docs` maps each code to its documentation (`slac.checks.registry.all_codes`).
    """
    codes = sorted(set(rule_docs) | {d.code for d in diagnostics})
    rules = [_sarif_rule(code, rule_docs.get(code)) for code in codes]
    index = {code: i for i, code in enumerate(codes)}
    results = []
    occurrences: dict[tuple[str, str, str], int] = {}
    for diagnostic in diagnostics:
        span = diagnostic.span
        identity = (diagnostic.code, span.path, diagnostic.message)
        occurrences[identity] = occurrences.get(identity, 0) + 1
        fingerprint = hashlib.sha256(
            f"{diagnostic.code}\0{span.path}\0{diagnostic.message}\0{occurrences[identity]}".encode()
        ).hexdigest()
        result: dict[str, Any] = {
            "ruleId": diagnostic.code,
            "ruleIndex": index[diagnostic.code],
            "level": _SARIF_LEVELS[diagnostic.severity],
            "message": {
                "text": diagnostic.message + (f" Help: {diagnostic.help}" if diagnostic.help else "")
            },
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _sarif_uri(span.path)},
                        "region": _sarif_region(span),
                    }
                }
            ],
            "partialFingerprints": {"slacFindingHash/v1": fingerprint},
        }
        if diagnostic.related:
            result["relatedLocations"] = [
                {
                    "id": i,
                    "message": {"text": related.message},
                    "physicalLocation": {
                        "artifactLocation": {"uri": _sarif_uri(related.span.path)},
                        "region": _sarif_region(related.span),
                    },
                }
                for i, related in enumerate(diagnostic.related)
            ]
        if diagnostic.suppressed is not None:
            result["suppressions"] = [
                {"kind": "inSource", "justification": diagnostic.suppressed}
            ]
        results.append(result)
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "slac",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False)


def _sarif_uri(path: str) -> str:
    """A file's URI as code scanning wants it: the path as given, forward slashes, percent-encoded."""
    return quote(path.replace("\\", "/"), safe="/:")
