"""Worst cases for the index: the longest time from a clock's start to its deadline over the
start instants of one holiday-free week, per calendar a plan may use."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from slac.model.types import Calendar, Cell, Plan, Policy, Timed
from slac.runtime import Calendar as RuntimeCalendar
from slac.runtime.schedule import MINUTES_PER_DAY, MINUTES_PER_WEEK
from slac.runtime.zones import load_zone


WORST_CASE_WEEK = date(2025, 6, 2)
"""The Monday of the representative week: no DST change in Europe or North America, and the
worst-case calendars have no holidays at all, so any deadline spilling past the week is clean."""

SAMPLE_STEP_MINUTES = 15


@dataclass(frozen=True)
class WorstCase:
    """The longest time from a clock's start to its deadline, for one calendar of a plan.

    `calendar` is None for a plan without support hours; `in_utc` marks a calendar in the
    customer's time zone, computed in UTC; `duration` None means it cannot be computed
    (business days on a calendar whose open days differ in length).
    """

    calendar: Calendar | None
    duration: timedelta | None
    in_utc: bool = False


def worst_cases(policy: Policy, plan: Plan, cell: Cell) -> tuple[WorstCase, ...]:
    """The worst case of a cell on each calendar the plan may use; empty without a deadline."""
    if not isinstance(cell, Timed):
        return ()
    if not plan.hours:
        return (WorstCase(None, worst_case(cell, None)),)
    cases = []
    for choice in plan.hours:
        calendar = policy.calendar(choice.calendar)
        cases.append(WorstCase(calendar, worst_case(cell, calendar), in_utc=calendar.timezone is None))
    return tuple(cases)


def worst_case(cell: Timed, calendar: Calendar | None) -> timedelta | None:
    """max(deadline − start) over the start instants of one holiday-free week.

    The starts are every 15 minutes of the week of `WORST_CASE_WEEK` plus each opening and
    closing instant and the minute before it, in the calendar's zone (UTC for the customer's
    zone). That set is exact for whole-minute targets: between those instants deadline − start
    is constant while support is open and falls while it is closed, so its maximum sits at a
    closing or just before one. A wall-clock cell's worst case is its duration; an out-of-hours
    alternative is the larger of both branches.
    """
    week = _holiday_free(calendar) if calendar is not None else None
    day_length = week.standard_day_length() if week is not None else None
    try:
        due = cell.due.on_calendar(day_length)
    except ValueError:
        return None
    if week is None or (cell.clock == "wall" and cell.outside_hours is None):
        return due
    outside = timedelta(minutes=cell.outside_hours.minutes) if cell.outside_hours is not None else None
    worst = timedelta(0)
    for start in _sample_starts(calendar, week.timezone or "UTC"):  # type: ignore[arg-type]
        if outside is not None and not week.is_open(start):
            elapsed = outside
        elif cell.clock == "wall":
            elapsed = due
        else:
            elapsed = week.add(start, due) - start
        worst = max(worst, elapsed)
    return worst


@functools.lru_cache(maxsize=256)
def _holiday_free(calendar: Calendar) -> RuntimeCalendar:
    """The calendar's weekly hours alone: no holidays, closures or extra openings; the
    customer's zone becomes UTC."""
    return RuntimeCalendar(calendar.timezone or "UTC", calendar.weekly)


@functools.lru_cache(maxsize=256)
def _sample_starts(calendar: Calendar, zone: str) -> tuple[datetime, ...]:
    minutes = set(range(0, MINUTES_PER_WEEK, SAMPLE_STEP_MINUTES))
    for interval in calendar.weekly:
        for weekday, (start, end) in interval.pieces_by_weekday():
            for minute in (start, end, end - 1):
                minutes.add((weekday * MINUTES_PER_DAY + minute) % MINUTES_PER_WEEK)
    monday = datetime.combine(WORST_CASE_WEEK, datetime.min.time(), load_zone(zone))
    return tuple(monday + timedelta(minutes=minute) for minute in sorted(minutes))
