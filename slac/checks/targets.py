"""SLA7xx targets: cells whose deadline is malformed, odd, or on a clock the text leaves open."""

from __future__ import annotations

import re
from collections.abc import Iterator

from slac.checks.base import Context, Finding
from slac.checks.durations import describe_wait
from slac.checks.registry import check
from slac.diagnostics import Related, Severity
from slac.model.types import Quantity, Timed


def _timed_cells(context: Context) -> Iterator[tuple[str, str, Timed]]:
    """(target, whose, cell) for every timed cell of a plan that is not an alias (an add-on's
    own cells included) and of every override (`override … when …`, whose cells replace the
    plans'), for the checks that read one cell alone. `whose` names the cell's place as
    messages say it: "plan `standard` at severity 1", "override `licensing`"."""
    for plan in context.cell_plans:
        for (level, target), cell in plan.cells:
            if isinstance(cell, Timed):
                yield target, f"plan `{plan.name}` at {context.level_words(level)}", cell
    for override in context.policy.overrides:
        for target, cell in override.cells:
            if isinstance(cell, Timed):
                yield target, f"override `{override.name}`", cell


def _exceeds(low: Quantity, high: Quantity) -> bool:
    """Whether a range's lower bound is above its upper bound (both share one unit)."""
    return (low.months, low.business_days + low.support_days, low.minutes) > (
        high.months, high.business_days + high.support_days, high.minutes
    )


@check(
    "SLA701",
    "inverted-range",
    Severity.ERROR,
    "A range whose lower bound is above its upper bound.",
    """
    plan standard
        targets
            severity | follow_up
            2        | 72-24 hours            # SLA701
    """,
)
def inverted_ranges(context: Context) -> Iterator[Finding]:
    """Finds ranges such as `72-24 hours`, whose earliest promised contact comes after the
    deadline.

    The deadline of a range is its upper bound, so the policy would be breached before the
    earliest contact it announces; the bounds are almost certainly swapped. An error: every
    evaluation of that cell would report an earliest contact after the deadline.
    """
    for target, whose, cell in _timed_cells(context):
        if cell.earliest is not None and _exceeds(cell.earliest, cell.due):
            yield Finding(
                f"the range `{cell.text}` ({target} of {whose}) starts after it ends",
                cell.span,
                help="write the smaller bound first, as in `24-72 hours`",
            )


@check(
    "SLA702",
    "ongoing-stricter-than-initial",
    Severity.WARNING,
    "An update target (restarted by each agent reply) shorter than the first response.",
    """
    target initial_response from opened
    target ongoing_response from last agent reply
    plan standard
        hours office
        targets
            severity | initial_response | ongoing_response
            1        | 8 business hours | 1 business hour    # SLA702
    """,
)
def ongoing_stricter_than_initial(context: Context) -> Iterator[Finding]:
    """Finds, for one plan and level, an update target (one that starts at each agent reply)
    whose worst case is shorter than that of a first-response target (from the opening to an
    agent reply).

    The first response is where support takes a ticket on; later updates follow the work already
    under way. A published policy that demands updates faster than the first answer has, in
    every case seen so far, had its two columns swapped. Targets that start at the customer's
    reply are not compared: they measure how fast support reacts to new information, which may
    rightly be faster than the first answer; neither are resolution targets, which measure
    something else altogether (an update every 4 hours is rightly shorter than a resolution
    in 5 days). Cells on different clocks are compared by their worst-case real wait.
    """
    policy = context.policy
    initial = [t.name for t in policy.targets if t.kind == "response"]
    ongoing = [t.name for t in policy.targets if t.kind == "update"]
    if not initial or not ongoing:
        return
    for plan in context.cell_plans:
        cells = context.cells(plan)
        for level in policy.scale.names:
            for later in ongoing:
                later_cell = cells.get((level, later))
                if not isinstance(later_cell, Timed):
                    continue
                later_wait = context.wait(plan, level, later, later_cell)
                for first in initial:
                    first_cell = cells.get((level, first))
                    if later_wait is None or not isinstance(first_cell, Timed):
                        continue
                    first_wait = context.wait(plan, level, first, first_cell)
                    if first_wait is None or later_wait >= first_wait:
                        continue
                    yield Finding(
                        f"in plan `{plan.name}` at {context.level_words(level)}, {later} (`{later_cell.text}`, "
                        f"{describe_wait(later_wait)}) is stricter than {first} (`{first_cell.text}`, "
                        f"{describe_wait(first_wait)})",
                        later_cell.span,
                        help=f"check that the {first} and {later} columns are not swapped",
                        related=(Related(first_cell.span, f"{first} is given here"),),
                    )


@check(
    "SLA703",
    "ambiguous-clock",
    Severity.WARNING,
    "A bare duration (`4 hours`) in a plan with limited support hours: which hours count?",
    """
    plan basic
        hours office                         # Monday-Friday 09:00-17:00
        targets
            priority | initial_response
            1        | 2 hours               # SLA703: 2 hours around the clock, or in support hours?
    """,
)
def ambiguous_clocks(context: Context) -> Iterator[Finding]:
    """Finds wall-clock durations written without a clock (`2 hours`, not `2 business hours` or
    `2 hours (24/7)`) in a plan whose support hours are limited, when the plan does not say which
    hours its targets count.

    Published policies often give a plan "8 × 5" support and a "2 hours" response time without
    saying whether a ticket sent on Friday evening is due on Friday night or on Monday morning.
    slac counts such a duration on the wall clock, but the policy does not say so, so the author
    must decide: `targets count in support hours`, `targets count around the clock`, or either
    with `assumed "…"` quoting the published text. An override's bare duration is ambiguous in
    the same way where its tickets' support hours (its own `hours`, else the plans') are limited.
    """
    for plan in context.cell_plans:
        for (level, target), cell in plan.cells:
            if not isinstance(cell, Timed) or cell.clock_reason != "default":
                continue
            limited = [c.name for c in context.level_calendars(plan, level) if not c.always_open]
            if not limited:
                continue
            yield Finding(
                f"ambiguous: which hours count for `{cell.text}` ({target} of plan `{plan.name}` at "
                f"{context.level_words(level)})? The plan's support hours are limited (`{limited[0]}`)",
                cell.span,
                help=f"add `targets count in support hours` or `targets count around the clock` to plan "
                f'`{plan.name}`, with `assumed "…"` quoting the published text if the text does not say',
                related=(Related(plan.span, f"plan `{plan.name}`"),),
            )
    for override in context.policy.overrides:
        limited = [calendar.name for calendar in context.override_calendars(override) if not calendar.always_open]
        for target, cell in override.cells:
            if not limited or not isinstance(cell, Timed) or cell.clock_reason != "default":
                continue
            in_business = _BARE_UNIT.sub(lambda unit: f"business {unit.group(0)}", cell.text, count=1)
            yield Finding(
                f"ambiguous: which hours count for `{cell.text}` ({target} of override `{override.name}`)? Its "
                f"tickets' support hours are limited (`{limited[0]}`)",
                cell.span,
                help=f"write `{in_business}` to count support hours, or `{cell.text} (24/7)` for the wall clock "
                "(an override has no `targets count` line)",
                related=(Related(override.span, f"override `{override.name}`"),),
            )


_BARE_UNIT = re.compile(r"\b(?:minutes?|hours?|days?)\b")


_BARE_DAYS = re.compile(r"(?<!business )(?<!support )\bdays?\b")


@check(
    "SLA705",
    "days-in-support-hours",
    Severity.WARNING,
    "`N days` in a plan that counts in support hours is N × 24 support hours: which day is meant?",
    """
    plan standard
        hours office                         # Monday-Friday 09:00-17:00
        targets count in support hours
        targets
            severity | resolution
            1        | 1 day                 # SLA705: 24 support hours, three working days
    """,
)
def days_in_support_hours(context: Context) -> Iterator[Finding]:
    """Finds `N days` (without `business` or `support`) in a plan whose targets count in support
    hours, on limited support hours.

    There a bare day is 24 hours of support time: three working days of 8 hours, which is
    almost never what "1 day" in a published policy means. The author says which day is meant:
    `1 business day` (the calendar's standard open day, 8 support hours on 09:00-17:00),
    `1 support day` (the same clock time on the next business day, as helpdesks count it), or
    `24 hours` / `1 day (24/7)` for 24 hours of support time or of the wall clock.
    """
    for plan in context.tier_plans:
        limited = [
            context.calendars[h.calendar]
            for h in plan.hours
            if h.calendar in context.calendars and not context.calendars[h.calendar].always_open
        ]
        if not limited:
            continue
        for (level, target), cell in plan.cells:
            if not isinstance(cell, Timed) or cell.clock_reason != "plan" or cell.clock != "business":
                continue
            found = _BARE_DAYS.search(cell.text.split(";")[0])
            if found is None:
                continue
            main = cell.text.split(";")[0].strip()
            written = found.group(0)

            def reading(words: str, main: str = main, found: re.Match[str] = found) -> str:
                return f"`{main[: found.start()]}{words}{main[found.end():]}`"

            hours = f"{cell.due.minutes // 60} hours"
            yield Finding(
                f"`{cell.text}` in plan `{plan.name}` ({target} at {context.level_words(level)}) counts "
                f"{hours} of support time, because the plan's targets count in support hours: on calendar "
                f"`{limited[0].name}` that is several working days",
                cell.span,
                help=f"say which day is meant: {reading('business ' + written)} (the calendar's standard open "
                f"day), {reading('support ' + written)} (the same clock time on a later business day), or "
                f"{reading(written + ' (24/7)')} on the wall clock; write `{hours}` if {hours} of support time "
                "is meant",
                related=(Related(plan.span, f"plan `{plan.name}`"),),
            )


@check(
    "SLA704",
    "zero-target",
    Severity.WARNING,
    "A target of zero time, due the moment its clock starts.",
    """
    plan premium
        targets
            severity | initial_response
            1        | 0 minutes             # SLA704
    """,
)
def zero_targets(context: Context) -> Iterator[Finding]:
    """Finds targets of zero minutes.

    A zero target is breached by every ticket as soon as it exists; it is usually a missing
    number (`0` typed for an empty cell) or `n/a` meant.
    """
    for target, whose, cell in _timed_cells(context):
        if cell.due == Quantity():
            yield Finding(
                f"the {target} target of {whose} is zero: every ticket breaches it at once",
                cell.span,
                help="give the published duration, or `n/a` if there is none",
            )
