"""The Markdown generator: per policy its customer document, its maintainer report and a
coverage chart per calendar; and the index comparing all policies.

This module is the facade: `generate` and `generate_index` chain the stages, which live one per
module in `slac.codegen.documents` (escaping → labels → rendering → views → wording and
calendars → the policy and index documents). The names below are re-exported so that
`slac.codegen.markdown` stays the one place other code imports the generator from.
"""

from __future__ import annotations

from collections.abc import Sequence

from slac.codegen.documents.calendars import (
    chart_file_name,
    coverage_chart,
    describe_calendar,
    describe_weekdays,
    describe_weekly,
    is_always_open,
)
from slac.codegen.documents.report import report_document
from slac.codegen.documents.escaping import Markdown, escape_block, escape_cell, escape_inline, join_markdown
from slac.codegen.documents.index import first_response_target, human_duration, index_outputs
from slac.codegen.documents.labels import FALLBACK_LANGUAGE, LOCALES, Labels, available_languages, humanise
from slac.codegen.documents.policy import PolicyDocument
from slac.codegen.documents.rendering import TEMPLATES, do_not_edit_header, markdown_environment
from slac.codegen.documents.views import CalendarView, ExampleView, Footnote, PlanGlance, Table
from slac.codegen.documents.wording import (
    PLURAL_RULES,
    UNIT_MINUTES,
    cell_text,
    format_offset_instant,
    plural_category,
    timed_words,
    written_within,
)
from slac.codegen.documents.worst_case import WorstCase, worst_case, worst_cases
from slac.options import BuildOptions
from slac.pipeline import Compilation

__all__ = [
    "FALLBACK_LANGUAGE",
    "LOCALES",
    "PLURAL_RULES",
    "TEMPLATES",
    "UNIT_MINUTES",
    "CalendarView",
    "ExampleView",
    "Footnote",
    "Labels",
    "Markdown",
    "Table",
    "PlanGlance",
    "WorstCase",
    "available_languages",
    "cell_text",
    "chart_file_name",
    "describe_calendar",
    "describe_weekdays",
    "describe_weekly",
    "escape_block",
    "escape_cell",
    "escape_inline",
    "first_response_target",
    "format_offset_instant",
    "generate",
    "human_duration",
    "generate_index",
    "humanise",
    "join_markdown",
    "plural_category",
    "timed_words",
    "worst_case",
    "worst_cases",
    "written_within",
]

# The templates' environment under the name the escaping tests use.
_environment = markdown_environment


def generate(compilation: Compilation, options: BuildOptions) -> dict[str, str]:
    """`{"<policy id>.md": document, "<policy id>.report.md": maintainer report,
    "<policy id>-<calendar>.svg": chart, …}` for one policy.

    One chart per calendar of the policy that is not open around the clock: plans that share
    support hours share the chart.
    A compilation without a resolved policy produces nothing.
    """
    policy = compilation.policy
    if policy is None:
        return {}
    labels = Labels(options.lang or policy.language)
    files: dict[str, str] = {}
    # the author's texts in the labels' language: an unknown language falls back to English
    document = PolicyDocument(compilation, policy, labels, labels.language)
    files[f"{policy.id}.md"] = document.render()
    files[f"{policy.id}.report.md"] = report_document(compilation, policy)
    header = do_not_edit_header([(policy.path, policy.source_sha256)])
    for name, chart in document.example_charts.items():
        files[name] = f"{header}\n{chart}"
    for calendar in policy.calendars:
        if is_always_open(calendar):
            continue  # the document says it in words; a solid block tells nothing more
        assumed = bool(document.interpretations.calendar_marks(labels, calendar).get("open"))
        notes = document.chart_notes(calendar)
        chart = coverage_chart(calendar, labels, document.text(calendar.title), assumed=assumed, notes=notes)
        # the same do-not-edit line as the document, so `slac build` can tell its own charts
        files[chart_file_name(policy, calendar)] = f"{header}\n{chart}"
    return dict(sorted(files.items()))


def generate_index(compilations: Sequence[Compilation], options: BuildOptions) -> dict[str, str]:
    """`{"index.md": …, "index-worst-case.svg": …}`: every policy and plan side by side with
    its targets as published and their worst cases, linking to each policy's document."""
    labels = Labels(options.lang or FALLBACK_LANGUAGE)
    return index_outputs(compilations, labels)
