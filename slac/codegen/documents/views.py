"""Views: what the templates receive, every field already escaped Markdown.

The document builders turn the model into these; the templates only lay them out.
"""

from __future__ import annotations

from dataclasses import dataclass

from slac.codegen.documents.escaping import Markdown


@dataclass(frozen=True)
class Table:
    """A Markdown table: header cells and rows of cells, all escaped."""

    header: tuple[Markdown, ...]
    rows: tuple[tuple[Markdown, ...], ...]

    @property
    def separator(self) -> Markdown:
        return Markdown(" | ".join("---" for _ in self.header))


@dataclass(frozen=True)
class CalendarView:
    """One calendar: heading, hours in words, who uses it, and its chart."""

    title: Markdown
    description: Markdown
    used_by: Markdown
    chart_file: Markdown
    chart_alt: Markdown


@dataclass(frozen=True)
class TargetView:
    """One target: its table (levels × plans) and notes on alias plans."""

    title: Markdown
    starts: Markdown
    table: Table
    aliases: tuple[Markdown, ...]


@dataclass(frozen=True)
class ExampleView:
    """A worked example as two sentences: the ticket and what is expected."""

    title: Markdown
    ticket: Markdown
    expected: Markdown
    now: Markdown | None


@dataclass(frozen=True)
class Footnote:
    """An assumption as a GFM footnote."""

    label: Markdown
    subject: Markdown
    text: Markdown
