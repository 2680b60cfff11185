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
class PlanGlance:
    """One plan at a glance: contact, support hours, the response table, closed days; or, for
    a plan that is the same as another, only that sentence."""

    title: Markdown
    same_as: Markdown | None = None
    add_on: Markdown | None = None
    contact: Markdown | None = None
    hours: tuple[Markdown, ...] = ()
    counting: Markdown | None = None
    boundary: tuple[Markdown, ...] = ()
    all_targets: Markdown | None = None
    table: Table | None = None
    closed: tuple[tuple[Markdown, Markdown], ...] = ()
    notes: tuple[Markdown, ...] = ()


@dataclass(frozen=True)
class CalendarView:
    """One calendar: heading, hours in words, who uses it, and its chart (no chart file for a
    calendar open around the clock: its description says it)."""

    title: Markdown
    description: Markdown
    used_by: Markdown
    chart_file: Markdown
    chart_alt: Markdown


@dataclass(frozen=True)
class ExampleView:
    """A worked example as a scenario: the ticket, its details, and what follows."""

    title: Markdown
    ticket: Markdown
    details: tuple[Markdown, ...]
    expected: tuple[Markdown, ...]
    now: Markdown | None
    chart_file: Markdown = Markdown("")
    chart_alt: Markdown = Markdown("")


@dataclass(frozen=True)
class Footnote:
    """An assumption as a GFM footnote."""

    label: Markdown
    subject: Markdown
    text: Markdown
