"""The Markdown generator: one policy document per policy, a coverage chart per calendar, and
an index of all policies side by side.

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
)
from slac.codegen.documents.escaping import Markdown, escape_block, escape_cell, escape_inline, join_markdown
from slac.codegen.documents.index import first_response_target, index_document
from slac.codegen.documents.labels import FALLBACK_LANGUAGE, LOCALES, Labels, available_languages, humanise
from slac.codegen.documents.policy import PolicyDocument
from slac.codegen.documents.rendering import TEMPLATES, do_not_edit_header, markdown_environment
from slac.codegen.documents.views import CalendarView, ExampleView, Footnote, Table, TargetView
from slac.codegen.documents.wording import (
    PLURAL_RULES,
    UNIT_MINUTES,
    cell_text,
    format_instant,
    level_label,
    plural_category,
    timed_words,
    written_within,
)
from slac.codegen.documents.worst_case import (
    SAMPLE_STEP_MINUTES,
    WORST_CASE_WEEK,
    WorstCase,
    worst_case,
    worst_cases,
)
from slac.options import BuildOptions
from slac.pipeline import Compilation

__all__ = [
    "FALLBACK_LANGUAGE",
    "LOCALES",
    "PLURAL_RULES",
    "SAMPLE_STEP_MINUTES",
    "TEMPLATES",
    "UNIT_MINUTES",
    "WORST_CASE_WEEK",
    "CalendarView",
    "ExampleView",
    "Footnote",
    "Labels",
    "Markdown",
    "Table",
    "TargetView",
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
    "format_instant",
    "generate",
    "generate_index",
    "humanise",
    "join_markdown",
    "level_label",
    "plural_category",
    "timed_words",
    "worst_case",
    "worst_cases",
    "written_within",
]

# The templates' environment under the name the escaping tests use.
_environment = markdown_environment


def generate(compilation: Compilation, options: BuildOptions) -> dict[str, str]:
    """`{"<policy id>.md": document, "<policy id>-<calendar>.svg": chart, …}` for one policy.

    One chart per calendar of the policy: plans that share support hours share the chart.
    A compilation without a resolved policy produces nothing.
    """
    policy = compilation.policy
    if policy is None:
        return {}
    labels = Labels(options.lang or policy.language)
    files: dict[str, str] = {}
    document = PolicyDocument(compilation, policy, labels)
    files[f"{policy.id}.md"] = document.render()
    header = do_not_edit_header([(policy.path, policy.source_sha256)])
    for calendar in policy.calendars:
        # the same do-not-edit line as the document, so `slac build` can tell its own charts
        files[chart_file_name(policy, calendar)] = f"{header}\n{coverage_chart(policy, calendar, labels)}"
    return dict(sorted(files.items()))


def generate_index(compilations: Sequence[Compilation], options: BuildOptions) -> dict[str, str]:
    """`{"index.md": …}`: every policy, plan and level with its first-response target as
    published and its worst case in real hours, linking to each policy's document."""
    labels = Labels(options.lang or FALLBACK_LANGUAGE)
    return {"index.md": index_document(compilations, labels)}
