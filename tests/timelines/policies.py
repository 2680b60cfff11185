"""`rules/acme.sla` described by hand for the timeline reference, and the calendars its variants use.

Everything here is written from issue 10's description of acme (scale, rule, statuses, targets,
the table of cells) and from the calendar lines, not read from slac: the reference must not
share the engine's understanding of the policy.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from tests.runtime.reference import ReferenceCalendar

from .reference import Goal, PolicySpec, Start, Stop, TargetSpec

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
HOUR = 60

ACME_STATUSES = ("open", "waiting_on_customer", "on_hold", "solved", "closed")
ACME_SOLVED = frozenset({"solved", "closed"})
ACME_LEVELS = ("1", "2", "3", "4")
ACME_PLANS = ("standard", "enterprise")

ACME_TARGETS: Mapping[str, TargetSpec] = {
    "first_response": TargetSpec(
        starts=(Start("opened"),),
        stops=(Stop("first agent reply"), Stop("solved")),
    ),
    "next_reply": TargetSpec(
        starts=(Start("customer message"),),
        stops=(Stop("next agent reply"), Stop("solved")),
        paused_while=frozenset({"on_hold"}),
    ),
    "update": TargetSpec(
        starts=(Start("agent reply"),),
        stops=(Stop("next agent reply"), Stop("solved")),
        unless_solved=True,
        paused_while=frozenset({"waiting_on_customer", "on_hold"}),
        level_change="new",
    ),
    "resolution": TargetSpec(
        starts=(Start("opened"),),
        stops=(Stop("solved"),),
        paused_while=frozenset({"waiting_on_customer", "on_hold"}),
        reopen="continue",
        level_change="keep",
    ),
}


def acme_classify(given_level: str | None, fields: Mapping[str, str]) -> str:
    """Severity: the given one; a staging ticket is never severity 1 (it becomes 2); default 3."""
    level = given_level
    if fields.get("environment") == "staging" and level == "1":
        level = "2"
    return "3" if level is None else level


# The acme table of issue 10: (amount, unit) with unit "B hours", "B days", "W hours", "W minutes",
# or "n/a" / "best_effort". Levels 1–4 left to right.
ACME_CELLS: Mapping[tuple[str, str], tuple[tuple[int, str], ...]] = {
    ("first_response", "standard"): ((2, "B hours"), (4, "B hours"), (1, "B days"), (2, "B days")),
    ("first_response", "enterprise"): ((30, "W minutes"), (1, "B hours"), (4, "B hours"), (1, "B days")),
    ("next_reply", "standard"): ((4, "B hours"), (8, "B hours"), (2, "B days"), (3, "B days")),
    ("next_reply", "enterprise"): ((2, "W hours"), (4, "B hours"), (1, "B days"), (2, "B days")),
    ("update", "standard"): ((4, "B hours"), (1, "B days"), (0, "n/a"), (0, "n/a")),
    ("update", "enterprise"): ((2, "W hours"), (4, "B hours"), (0, "n/a"), (0, "n/a")),
    ("resolution", "standard"): ((2, "B days"), (5, "B days"), (10, "B days"), (0, "best_effort")),
    ("resolution", "enterprise"): ((24, "W hours"), (2, "B days"), (5, "B days"), (10, "B days")),
}


def acme_cell(business_day_minutes: int | None, strict_targets: frozenset[str] = frozenset()):  # type: ignore[no-untyped-def]
    """The cell function of acme on a calendar whose business day lasts `business_day_minutes`
    (None where the calendar's open days differ in length, so `business day` is undefined);
    the cells of `strict_targets` are strict limits (`under 2 business hours`)."""

    def cell(plan: str, level: str, target: str) -> Goal:
        amount, unit = ACME_CELLS[(target, plan)][ACME_LEVELS.index(level)]
        strict = target in strict_targets
        if unit in ("n/a", "best_effort"):
            return Goal(unit)
        if unit == "B days":
            if business_day_minutes is None:
                return Goal("undefined")
            return Goal("duration", amount * business_day_minutes, "business", strict)
        if unit == "B hours":
            return Goal("duration", amount * HOUR, "business", strict)
        if unit == "W hours":
            return Goal("duration", amount * HOUR, "wall", strict)
        return Goal("duration", amount, "wall", strict)

    return cell


@dataclass(frozen=True)
class CalendarVariant:
    """A `calendar office` block for an acme variant, the same calendar for the reference, and
    the length of its business day (None where open days differ: `business day` is undefined)."""

    name: str
    sla_block: str
    reference: ReferenceCalendar
    business_day_minutes: int | None
    strict_targets: frozenset[str] = frozenset()
    """Targets whose cells the variant writes as strict limits (`under 2 business hours`)."""


def weekdays(start: int, end: int, days: tuple[int, ...] = (MON, TUE, WED, THU, FRI)) -> list[tuple[int, int, int, int]]:
    """The same hours on each of `days`; an end before the start runs into the next day."""
    return [(day, start, day if end > start else (day + 1) % 7, end) for day in days]


CALENDARS: tuple[CalendarVariant, ...] = (
    CalendarVariant(
        "prague",
        'calendar office "Office hours"\n'
        "    timezone Europe/Prague\n"
        "    open mon-fri 08:00-17:00\n"
        "    closed on public holidays of CZ\n",
        ReferenceCalendar("Europe/Prague", weekdays(8 * HOUR, 17 * HOUR), holiday_country="CZ"),
        9 * HOUR,
    ),
    CalendarVariant(
        "24x5",
        'calendar office "Office hours"\n'
        "    timezone Europe/Prague\n"
        "    open from mon 00:00 to sat 00:00\n",
        ReferenceCalendar("Europe/Prague", [(MON, 0, SAT, 0)]),
        24 * HOUR,
    ),
    CalendarVariant(
        "night_shift",
        'calendar office "Office hours"\n'
        "    timezone Europe/Prague\n"
        "    open mon-fri 22:00-06:00\n"
        "    closed on public holidays of CZ\n",
        ReferenceCalendar("Europe/Prague", weekdays(22 * HOUR, 6 * HOUR), holiday_country="CZ"),
        # Monday's date holds 2 open hours, Tuesday's to Friday's 8, Saturday's 6: no standard day.
        None,
    ),
    CalendarVariant(
        "24x7",
        'calendar office "Office hours"\n'
        "    timezone Europe/Prague\n"
        "    open 24x7\n",
        ReferenceCalendar("Europe/Prague", [(MON, 0, MON, 0)]),
        24 * HOUR,
    ),
    CalendarVariant(
        "lord_howe",
        'calendar office "Office hours"\n'
        "    timezone Australia/Lord_Howe\n"
        "    open mon-fri 09:00-17:00\n"
        "    closed on public holidays of AU subdivision NSW\n",
        ReferenceCalendar(
            "Australia/Lord_Howe", weekdays(9 * HOUR, 17 * HOUR), holiday_country="AU", holiday_subdivision="NSW"
        ),
        8 * HOUR,
    ),
)
PRAGUE = CALENDARS[0]
STRICT = CalendarVariant(
    "prague_strict",
    PRAGUE.sla_block,
    PRAGUE.reference,
    PRAGUE.business_day_minutes,
    frozenset({"first_response", "update", "resolution"}),
)
"""acme on its own hours with the first response, update and resolution cells written `under …`."""
CALENDARS = (*CALENDARS, STRICT)


def acme(variant: CalendarVariant = PRAGUE) -> PolicySpec:
    """acme described by hand, on the calendar of `variant` (acme's own by default)."""
    return PolicySpec(
        statuses=ACME_STATUSES,
        solved=ACME_SOLVED,
        targets=ACME_TARGETS,
        field_defaults={"environment": "production"},
        classify=acme_classify,
        cell=acme_cell(variant.business_day_minutes, variant.strict_targets),
        calendar=variant.reference,
    )
