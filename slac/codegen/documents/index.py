"""The index document: every policy, plan and level side by side with its first-response
target as published and its worst case in real hours, rendered by `index.md.j2`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from slac.codegen.documents.escaping import Markdown, escape_cell, escape_inline
from slac.codegen.documents.labels import Labels
from slac.codegen.documents.rendering import do_not_edit_header, render_markdown
from slac.codegen.documents.views import Table
from slac.codegen.documents.wording import cell_text, level_label
from slac.codegen.documents.worst_case import SAMPLE_STEP_MINUTES, WORST_CASE_WEEK, WorstCase, worst_cases
from slac.model.types import Cell, NoTarget, Policy, Target
from slac.pipeline import Compilation


def first_response_target(policy: Policy) -> Target | None:
    """The first-response target (from the opening to an agent reply), or else the first target."""
    return next((t for t in policy.targets if t.kind == "response"), policy.targets[0] if policy.targets else None)


def index_document(compilations: Sequence[Compilation], labels: Labels) -> str:
    """The index: every policy, plan and level with its first-response target as published
    and its worst case in real hours, linking to each policy's document."""
    policies = sorted(
        ((c, c.policy) for c in compilations if c.policy is not None), key=lambda pair: pair[1].id
    )
    header = (
        labels("index_policy"),
        labels("index_plan"),
        labels("index_level"),
        labels("index_target"),
        labels("index_published"),
        labels("index_worst_case"),
    )
    rows: list[tuple[Markdown, ...]] = []
    summaries: list[tuple[Markdown, Markdown]] = []
    any_local = False
    for _, policy in policies:
        link = _policy_link(policy)
        summaries.append((link, escape_inline(policy.language)))
        target = first_response_target(policy)
        for plan in policy.plans:
            plan_title = escape_cell(plan.title)
            if plan.same_as is not None:
                same_as = labels("same_as", plan=policy.plan(plan.same_as).title)
                plan_title = Markdown(f"{plan_title} ({same_as})")
            for level in policy.scale.levels:
                if target is None:
                    cell: Cell = NoTarget("undefined")
                    target_title = labels("none")
                else:
                    cell = plan.cell(level.name, target.name)
                    target_title = escape_cell(target.title)
                published = cell_text(cell, labels)
                cases = worst_cases(policy, plan, cell)
                any_local = any_local or any(case.in_utc for case in cases)
                rows.append(
                    (
                        link,
                        plan_title,
                        level_label(policy, level.name),
                        target_title,
                        published,
                        _worst_text(cases, labels),
                    )
                )
    sources = [(c.path, p.source_sha256) for c, p in policies]
    return render_markdown(
        "index.md.j2",
        t=labels,
        header=do_not_edit_header(sources),
        policies=summaries,
        table=Table(header, tuple(rows)),
        week=Markdown(WORST_CASE_WEEK.isoformat()),
        step=SAMPLE_STEP_MINUTES,
        any_local=any_local,
    )


def _policy_link(policy: Policy) -> Markdown:
    """A link to a policy's document, `[title](<id>.md)`; the id is a name, safe in a URL."""
    return Markdown(f"[{escape_cell(policy.title)}]({policy.id}.md)")


def _worst_text(cases: Sequence[WorstCase], labels: Labels) -> Markdown:
    if not cases:
        return labels("none")
    parts = []
    for case in cases:
        if case.duration is None:
            text = labels("worst_unknown")
        else:
            text = labels("hours_value", hours=Markdown(_format_hours(case.duration)))
        if case.in_utc:
            text = Markdown(text + " †")
        if len(cases) > 1 and case.calendar is not None:
            text = labels("worst_on_calendar", value=text, calendar=case.calendar.title)
        parts.append(text)
    return Markdown("<br>".join(parts))


def _format_hours(duration: timedelta) -> str:
    """Hours with at most two decimals and no trailing zeros: `64`, `0.25`, `1.5`."""
    hours = round(duration.total_seconds() / 3600, 2)
    return f"{hours:.2f}".rstrip("0").rstrip(".")
