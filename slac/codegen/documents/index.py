"""The index document: every policy and plan side by side, rendered by `index.md.j2`.

One table compares the first response of every plan, levels aligned from the most to the least
severe, with who sets the level, the channels, the support hours and, under each target, its
worst case (the longest real wait over the documents' period, holidays included) in human
units. Targets that do not start when the ticket is opened (ongoing response, follow-up) have
their own table. A bar chart shows the worst case of each plan's most severe level.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from slac.codegen import charts
from slac.codegen.documents.calendars import describe_open_days
from slac.codegen.documents.escaping import Markdown, escape_cell, join_markdown, plain_text
from slac.codegen.documents.footnotes import FootnotePlacement, place_footnotes
from slac.codegen.documents.labels import Labels
from slac.codegen.documents.period import DOCUMENT_YEARS
from slac.codegen.documents.policy import PolicyDocument, has_own_terms
from slac.codegen.documents.rendering import do_not_edit_header, render_markdown
from slac.codegen.documents.texts import PolicyTexts
from slac.codegen.documents.views import Table
from slac.codegen.documents.wording import cell_text
from slac.codegen.documents.worst_case import WorstCase, worst_cases
from slac.model.hours import level_calendars
from slac.model.types import Plan, Policy, Target, Timed, combine
from slac.pipeline import Compilation

CHART_FILE = "index-worst-case.svg"


def first_response_target(policy: Policy) -> Target | None:
    """The first-response target (from the opening to an agent reply); None when the policy
    has none (a follow-up clock is not a first response)."""
    return next((t for t in policy.targets if t.kind == "response"), None)


@dataclass(frozen=True)
class IndexSection:
    """One policy in the index: its heading, who sets the level, and its tables."""

    heading: Markdown
    set_by: Markdown
    first: Table | None
    others: Table | None


def index_outputs(compilations: Sequence[Compilation], labels: Labels) -> dict[str, str]:
    """`index.md` and its chart."""
    policies = sorted((c for c in compilations if c.policy is not None), key=lambda c: c.policy.id)  # type: ignore[union-attr]
    sections: list[IndexSection] = []
    groups: list[tuple[str, list[tuple[str, float, str]]]] = []
    any_approximate = False
    for compilation in policies:
        policy = compilation.policy
        assert policy is not None
        text = PolicyTexts(policy, labels.language)
        document = PolicyDocument(compilation, policy, labels, labels.language)  # channels and conditions in words
        placed = place_footnotes(policy)
        first = first_response_target(policy)
        levels_shown = len(policy.scale.levels)
        ranks = [labels("index_level_rank", rank=rank) for rank in range(1, levels_shown + 1)]
        if policy.scale.implicit:
            ranks = [labels("index_every_ticket")]
        header = (labels("index_plan"), labels("index_channels"), labels("index_hours"), *ranks)
        other_header = (labels("index_plan"), labels("index_target"), *ranks)
        first_rows: list[tuple[Markdown, ...]] = []
        other_rows: list[tuple[Markdown, ...]] = []
        bars: list[tuple[str, float, str]] = []
        for plan in _index_plans(policy):
            name = _plan_name(policy, plan, text, labels)
            shown = plan if plan.same_as is None or has_own_terms(policy, plan) else policy.plan(plan.same_as)
            common = (name, document.channels(shown), _hours(policy, shown, labels, text, document))
            if first is not None:
                cells, worst = _target_cells(policy, shown, first, labels, text, placed, levels_shown)
                any_approximate = any_approximate or any(case.approximate for case in worst)
                first_rows.append((*common, *cells))
                top = next((case for case in worst if case.duration is not None), None)
                if top is not None and top.duration is not None:
                    value = plain_text(human_duration(top.duration, labels)) + (" †" if top.approximate else "")
                    bars.append((text(plan.title), top.duration.total_seconds() / 3600, value))
            for target in policy.targets:
                if target is first:
                    continue
                cells, worst = _target_cells(policy, shown, target, labels, text, placed, levels_shown)
                any_approximate = any_approximate or any(case.approximate for case in worst)
                other_rows.append((name, escape_cell(text(target.title)), *cells))
        sections.append(
            IndexSection(
                heading=Markdown(f"[{escape_cell(text(policy.title))}]({policy.id}.md)"),
                set_by=Markdown("") if policy.scale.implicit else _set_by(policy, labels, text),
                first=Table(header, tuple(first_rows)) if first_rows else None,
                others=Table(other_header, tuple(other_rows)) if other_rows else None,
            )
        )
        if bars:
            groups.append((text(policy.title), bars))
    sources = [(c.path, c.policy.source_sha256) for c in policies]  # type: ignore[union-attr]
    document = render_markdown(
        "index.md.j2",
        t=labels,
        header=do_not_edit_header(sources),
        sections=sections,
        chart=Markdown(CHART_FILE) if groups else None,
        chart_alt=labels("index_chart_alt"),
        first_year=DOCUMENT_YEARS[0],
        last_year=DOCUMENT_YEARS[1],
        any_approximate=any_approximate,
    )
    outputs = {"index.md": document}
    if groups:
        chart = charts.bar_chart(
            title=plain_text(labels("index_chart_alt")),
            description=plain_text(labels("index_chart_description", first=DOCUMENT_YEARS[0], last=DOCUMENT_YEARS[1])),
            groups=groups,
            axis=plain_text(labels("index_chart_axis")),
        )
        outputs[CHART_FILE] = f"{do_not_edit_header(sources)}\n{chart}"
    return outputs


def _index_plans(policy: Policy) -> list[Plan]:
    """The plans as a customer can have them: each plan of its own or alias, and each add-on on
    each plan it is bought on (`combine`), so that its targets and worst cases are the ones the
    customer gets."""
    plans: list[Plan] = []
    for plan in policy.plans:
        if plan.add_on_to:
            plans += [combine(plan, policy.plan(base)) for base in plan.add_on_to]
        else:
            plans.append(plan)
    return plans


def _plan_name(policy: Policy, plan: Plan, text: PolicyTexts, labels: Labels) -> Markdown:
    """The plan's title, `(same as Premium)` for an alias, `Premier on Standard` for an add-on."""
    if plan.base is not None:
        base = policy.plan(plan.base)
        return labels(
            "index_add_on", plan=Markdown(escape_cell(text(plan.title))), base=Markdown(escape_cell(text(base.title)))
        )
    name = Markdown(escape_cell(text(plan.title)))
    if plan.same_as is not None and not has_own_terms(policy, plan):
        same = labels("index_same_as", plan=text(policy.plan(plan.same_as).title))
        name = Markdown(f"{name} ({same})")
    return name


def _set_by(policy: Policy, labels: Labels, text: PolicyTexts) -> Markdown:
    """`Level set by: the customer; changed by the customer and the support engineer.`"""
    roles = [text.name(role) or labels.lookup("roles", role) for role in policy.scale.chosen_by]
    changed = [
        " ".join(filter(None, (text.name(role) or labels.lookup("roles", role),
                               agreeing and labels.lookup("with_agreement", agreeing))))
        for role in policy.scale.changed_by
        for agreeing in (policy.scale.agreement(role),)
    ]
    words = join_markdown(labels.raw("and"), roles) if roles else labels("none")
    if changed:
        words = labels("index_changed_by", chosen=words, changed=join_markdown(labels.raw("and"), changed))
    return labels("index_set_by_sentence", scale=text(policy.scale.title), roles=words)


def _hours(policy: Policy, plan: Plan, labels: Labels, text: PolicyTexts, document: PolicyDocument) -> Markdown:
    """The plan's support hours, one line per hours line, each with the tickets it is for (the
    condition in words, or "for every other ticket") as the document says them."""
    if not plan.hours:
        return labels("none")
    parts = []
    for choice in plan.hours:
        calendar = policy.calendar(choice.calendar)
        words = describe_open_days(calendar, labels)
        if choice.condition is not None or len(plan.hours) > 1:
            words = labels("glance_hours_named", title=text(calendar.title), hours=words)
        if choice.condition is not None:
            words = labels("glance_hours_when", hours=words, condition=document.condition_words(choice.condition))
        elif len(plan.hours) > 1:
            words = labels("glance_hours_otherwise", hours=words)
        parts.append(words)
    return Markdown("<br>".join(parts))


def _target_cells(
    policy: Policy,
    plan: Plan,
    target: Target,
    labels: Labels,
    text: PolicyTexts,
    placed: FootnotePlacement,
    width: int,
) -> tuple[list[Markdown], list[WorstCase]]:
    """One cell per level, most severe first: the level, the target as published (≈ when it is
    an interpretation), and its worst case; empty cells where the policy has fewer levels."""
    cells: list[Markdown] = []
    every: list[WorstCase] = []
    for level in policy.scale.levels:
        cell = plan.cell(level.name, target.name)
        published = cell_text(cell, labels)
        if placed.by_anchor.get(("cell", plan.same_as or plan.name, level.name, target.name)):
            published = labels("assumed_value", value=published)
        cases = worst_cases(policy, plan, cell, level_calendars(policy, plan, level.name))
        every += cases
        wall = isinstance(cell, Timed) and cell.clock == "wall" and cell.outside_hours is None
        worst = _worst_text(cases, labels, wall)
        name = Markdown(f"**{escape_cell(level.name)}** {escape_cell(text(level.title))}")
        lines = ([] if policy.scale.implicit else [name]) + [published] + ([worst] if worst else [])
        cells.append(Markdown("<br>".join(lines)))
    cells += [labels("none")] * (width - len(cells))
    return cells, every


def _worst_text(cases: Sequence[WorstCase], labels: Labels, cell_is_wall_clock: bool) -> Markdown | None:
    """`worst: 4 d 16 h`, per calendar when the plan has several; None for a wall-clock
    target (its worst case is the target itself) or without a deadline."""
    parts = []
    for case in cases:
        if cell_is_wall_clock and case.duration is not None:
            continue  # its worst case is the target itself
        if case.duration is None:
            value = labels("worst_unknown")
        else:
            value = human_duration(case.duration, labels)
        if case.approximate:
            value = Markdown(value + " †")
        parts.append(value)
    if not parts:
        return None
    return labels("index_worst", value=join_markdown(" / ", parts))


def human_duration(duration: timedelta, labels: Labels) -> Markdown:
    """`2 d 16 h`, `45 min`, `1 h 30 min`: days, hours and minutes, zeros left out."""
    minutes = round(duration.total_seconds() / 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    units = labels.raw("short_units")
    parts = [f"{value} {units[unit]}" for value, unit in ((days, "days"), (hours, "hours"), (minutes, "minutes")) if value]
    # no-break spaces: `4 d 19 h` never breaks between a number and its unit
    return Markdown("\u00a0".join(parts).replace(" ", "\u00a0") or f"0\u00a0{units['minutes']}")
