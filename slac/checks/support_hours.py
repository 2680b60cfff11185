"""SLA608–SLA610 (calendars family): a plan's `hours` lines that leave tickets without support
hours, or that no ticket can reach; texts that promise the customer's local hours when no
calendar follows the customer.

The lines are tried in order, the first whose condition holds wins, and a last line without
`when` is the fallback (`slac.model.hours` runs every situation through them).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from slac.checks.base import Context, Finding
from slac.checks.registry import check
from slac.diagnostics import Related, Severity
from slac.model.hours import describe_situation
from slac.model.types import Policy
from slac.syntax.span import Span


@check(
    "SLA608",
    "hours-not-covering",
    Severity.WARNING,
    "Tickets of a plan that none of its `hours` lines covers.",
    """
    plan standard
        hours extended when severity is 1
        hours office when region is eu           # SLA608: severity 2 and region us get no hours
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
    "SLA609",
    "hours-never-apply",
    Severity.WARNING,
    "An `hours` line that no ticket reaches: earlier lines take all its tickets, or its condition never holds.",
    """
    plan standard
        hours extended when severity is 1 or 2
        hours always when severity is 1      # SLA609: severity 1 already gets `extended`
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
        coverage = context.hours_coverage(plan)
        for index in coverage.unreachable():
            choice = plan.hours[index]
            earlier = plan.hours[:index]
            met = choice.condition is None or any(
                choice.condition.holds(lambda c, s=situation: s.level if c.subject_kind == "level" else dict(s.fields).get(c.subject))
                for situation in coverage.situations or ()
            )
            yield Finding(
                f"plan `{plan.name}`: `hours {choice.calendar}` never applies: "
                + (
                    "the lines before it take every ticket its condition accepts"
                    if met
                    else "no ticket meets its condition (after the rules)"
                ),
                choice.span,
                help="lines are tried in order and the first that applies wins: put the more special line "
                "first, or check its condition",
                related=tuple(Related(e.span, "an earlier hours line") for e in earlier[:1]),
            )


LOCAL_HOURS_WORDS = re.compile(
    r"local business hours|local working hours|local office hours|customer'?s? local (?:business |working )?hours"
    r"|business hours local to|orario (?:lavorativo|di lavoro|d'ufficio) locale|místní pracovní dob"
    r"|lokalnych godzinach pracy|lokalne godziny pracy",
    re.IGNORECASE,
)
"""How policies say "the customer's own business hours" (en, it, cs, pl)."""


def _policy_texts(policy: Policy) -> Iterator[tuple[str, Span]]:
    """The policy's texts with the place each is written (the policy's own for header texts)."""
    for text in (policy.title, *policy.notes, *policy.supported, *policy.unsupported):
        yield text, policy.span
    for level in policy.scale.levels:
        yield level.title, level.span
        if level.description:
            yield level.description, level.span
        for piece in (*level.criteria, *level.examples):
            yield piece.text, piece.span
    for plan in policy.plans:
        yield plan.title, plan.span
        for note in plan.notes:
            yield note, plan.span
        for extra in plan.extras:
            yield extra.text, extra.span
    for calendar in policy.calendars:
        yield calendar.title, calendar.span


@check(
    "SLA610",
    "local-hours-undefined",
    Severity.WARNING,
    'The policy speaks of "local business hours" but no calendar follows the customer.',
    """
    plan standard
        note "Support during local business hours"   # SLA610: no calendar has `timezone local`
        hours office
    """,
)
def local_hours_undefined(context: Context) -> Iterator[Finding]:
    """Finds policies whose texts promise "local business hours" (the customer's own) while no
    calendar that a plan uses is in the customer's time zone or follows the customer's working
    week.

    The published promise and the computed deadlines then disagree: a customer in Tokyo or Tel
    Aviv reads "local business hours" and gets the vendor's office hours in Prague. Either the
    calendar should say `timezone local` (and `open customer working days …` where the working
    week differs by country) or the text means the vendor's hours.
    """
    policy = context.policy
    used = {choice.calendar for plan in policy.plans for choice in plan.hours}
    if any(c.timezone is None or c.customer_working_hours is not None for c in policy.calendars if c.name in used):
        return
    for text, span in _policy_texts(policy):
        found = LOCAL_HOURS_WORDS.search(text)
        if found is None:
            continue
        yield Finding(
            f'the policy says "{found.group(0)}", but no support hours follow the customer: every calendar '
            "its plans use has a fixed time zone",
            span,
            help="give the calendar `timezone local` (and `open customer working days 09:00-17:00` where the "
            "working week differs by country), or word the text as the vendor's hours",
        )
        return
