"""SLA607–SLA608 (calendars family): a plan's `hours` lines that leave tickets without support
hours, or that no ticket can reach.

The lines are tried in order, the first whose condition holds wins, and a last line without
`when` is the fallback (`slac.model.hours` runs every situation through them).
"""

from __future__ import annotations

from collections.abc import Iterator

from slac.checks.base import Context, Finding
from slac.checks.registry import check
from slac.diagnostics import Related, Severity
from slac.model.hours import describe_situation


@check(
    "SLA607",
    "hours-not-covering",
    Severity.WARNING,
    "Tickets of a plan that none of its `hours` lines covers.",
    """
    plan standard
        hours extended when severity is 1
        hours office when region is eu           # SLA607: severity 2 and region us get no hours
    """,
)
def hours_not_covering(context: Context) -> Iterator[Finding]:
    """Finds plans whose conditional `hours` lines leave some tickets (a level and field values)
    without support hours, and names one such ticket.

    Such a ticket cannot be given a deadline: evaluation fails with an error the helpdesk can
    do nothing about, although the policy surely meant some hours for it. Usually a last line
    without `when` (the fallback) is missing, or a condition names too few values.
    """
    scale = context.policy.scale.name
    for plan in context.tier_plans:
        if not plan.hours:
            continue
        uncovered = context.hours_coverage(plan).uncovered()
        if uncovered is None:
            continue
        yield Finding(
            f"plan `{plan.name}`: no `hours` line applies to a ticket with {describe_situation(uncovered, scale)}, "
            "so it has no support hours and no deadline",
            plan.hours[-1].span,
            help="add a last line without `when` for every other ticket (such as `hours office`), "
            "or widen a condition so that it covers such tickets",
            related=(Related(plan.span, f"plan `{plan.name}`"),),
        )


@check(
    "SLA608",
    "hours-never-apply",
    Severity.WARNING,
    "An `hours` line that no ticket reaches: earlier lines take all its tickets, or its condition never holds.",
    """
    plan standard
        hours extended when severity is 1 or 2
        hours always when severity is 1      # SLA608: severity 1 already gets `extended`
        hours office
    """,
)
def hours_never_applying(context: Context) -> Iterator[Finding]:
    """Finds `hours` lines that apply to no ticket, because the lines before them take every
    ticket they would apply to, or because their condition can never hold.

    The lines are tried in order, so a special case written after the general one is dead: the
    policy shows hours that no customer ever gets. Usually the lines are in the wrong order.
    """
    for plan in context.tier_plans:
        for index in context.hours_coverage(plan).unreachable():
            choice = plan.hours[index]
            earlier = plan.hours[:index]
            yield Finding(
                f"plan `{plan.name}`: `hours {choice.calendar}` never applies: "
                + (
                    "the lines before it take every ticket its condition accepts"
                    if earlier
                    else "its condition can never hold"
                ),
                choice.span,
                help="lines are tried in order and the first that applies wins: put the more special line "
                "first, or check its condition",
                related=tuple(Related(e.span, "an earlier hours line") for e in earlier[:1]),
            )
