"""Worst-case real time of a target, so that cells on different clocks can be compared.

`4 business hours` and `24 hours (24/7)` are not comparable as written: what a customer waits
depends on when the ticket arrives. The checker compares them by their worst case: the longest
real time, over every start instant in a week, between the start and the deadline. Wall-clock
durations wait exactly as long as they say; business time waits longest when the ticket arrives
just before a long closure (Friday 16:01 on a Monday–Friday 08:00–17:00 calendar: one business
hour is due on Monday at 08:01, 64 hours later).

The worst case is measured on the calendar's weekly hours in local wall-clock time, in a
holiday-free week without a clock change, to the minute (every time in a .sla file is a whole
minute). Holidays and DST only make individual weeks longer or shorter, for every level alike.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Sequence

from slac.model.types import Calendar, Plan, Quantity, Timed
from slac.runtime.schedule import (
    MINUTES_PER_DAY,
    MINUTES_PER_WEEK,
    MinuteRange,
    weekly_ranges_by_weekday,
)

WeekRanges = tuple[tuple[MinuteRange, ...], ...]
"""Open local wall-clock ranges per weekday, Monday first (what `weekly_ranges_by_weekday` gives)."""


@functools.lru_cache(maxsize=256)
def week_ranges(calendar: Calendar) -> WeekRanges:
    """The calendar's open ranges per weekday (weekly hours only)."""
    return weekly_ranges_by_weekday(calendar.weekly)


@functools.lru_cache(maxsize=256)
def standard_day_minutes(ranges: WeekRanges) -> int | None:
    """The open minutes of a standard open day, or None when open days differ in length.

    Same rule as `slac.runtime.Calendar.standard_day_length`: every weekday that opens must
    open for as long.
    """
    lengths = {sum(end - start for start, end in day) for day in ranges} - {0}
    return lengths.pop() if len(lengths) == 1 else None


def quantity_minutes(quantity: Quantity, ranges: WeekRanges | None) -> int | None:
    """`quantity` in minutes: business days and support days count as the calendar's standard
    day (None when that is ambiguous, or when there is no calendar to measure a day on), a
    month as its longest, 31 days."""
    minutes = quantity.minutes + quantity.months * 31 * 1440
    days = quantity.business_days + quantity.support_days
    if not days:
        return minutes
    if ranges is None:
        return None
    day = standard_day_minutes(ranges)
    if day is None:
        return None
    return minutes + days * day


@functools.lru_cache(maxsize=8192)
def worst_case_business(
    ranges: WeekRanges, minutes: int, open_starts_only: bool = False
) -> int | None:
    """The longest real time, in minutes, that `minutes` of business time can take on a calendar
    with these weekly hours (over starts anywhere in the week, or only at open instants).

    None when the calendar is never open. Exact to the minute; see the module docstring.
    """
    if minutes <= 0:
        return 0
    week = _OpenWeek.of(ranges)
    if week is None:
        return None
    if week.always_open:
        return minutes
    candidates: set[int] = set()
    for start, end in week.intervals:
        candidates.add(start % MINUTES_PER_WEEK)
        if not open_starts_only:
            candidates.add(end % MINUTES_PER_WEEK)
        # The start whose deadline is the first minute of this interval: one minute earlier the
        # deadline was the previous closing time, so here the wait jumps by a whole closure.
        jump = week.position_of(week.open_before(start) - minutes + 1)
        candidates.add(jump % MINUTES_PER_WEEK)
    return max(week.wait(start, minutes) for start in candidates)


class _OpenWeek:
    """The open minutes of a week as sorted intervals of week minutes (Monday 00:00 = 0), with
    the arithmetic to find the n-th open minute, repeating week after week."""

    def __init__(self, intervals: Sequence[tuple[int, int]]) -> None:
        self.intervals = tuple(intervals)
        self.starts = [start for start, _ in self.intervals]
        self.before: list[int] = []
        total = 0
        for start, end in self.intervals:
            self.before.append(total)
            total += end - start
        self.total = total

    @classmethod
    def of(cls, ranges: WeekRanges) -> _OpenWeek | None:
        """The week of these weekly hours, or None when nothing is ever open."""
        pieces = sorted(
            (day * MINUTES_PER_DAY + start, day * MINUTES_PER_DAY + end)
            for day, day_ranges in enumerate(ranges)
            for start, end in day_ranges
            if end > start
        )
        merged: list[tuple[int, int]] = []
        for start, end in pieces:
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        return cls(merged) if merged else None

    @property
    def always_open(self) -> bool:
        return self.total >= MINUTES_PER_WEEK

    def open_before(self, minute: int) -> int:
        """Open minutes in [Monday 00:00, minute) for a week minute in 0..MINUTES_PER_WEEK."""
        index = bisect.bisect_right(self.starts, minute) - 1
        if index < 0:
            return 0
        start, end = self.intervals[index]
        return self.before[index] + min(minute, end) - start

    def position_of(self, n: int) -> int:
        """The week minute (in any week, negative for earlier ones) of the n-th open minute,
        counting from 0 at the first open minute of week 0."""
        week, rest = divmod(n, self.total)
        index = bisect.bisect_right(self.before, rest) - 1
        return week * MINUTES_PER_WEEK + self.starts[index] + rest - self.before[index]

    def wait(self, start: int, minutes: int) -> int:
        """Real minutes from `start` until `minutes` of open time have passed."""
        start %= MINUTES_PER_WEEK
        deadline = self.position_of(self.open_before(start) + minutes - 1) + 1
        return deadline - start


def calendar_minutes(calendar: Calendar, quantity: Quantity) -> int | None:
    """`quantity` in minutes, a business day measured on `calendar`."""
    return quantity_minutes(quantity, week_ranges(calendar))


def worst_case(
    cell: Timed,
    plan: Plan,
    calendars: dict[str, Calendar],
    hours: Sequence[str] | None = None,
) -> int | None:
    """The longest real wait, in minutes, that `cell` allows in `plan`; None when it cannot be
    told (a business day on a calendar whose days differ, business time without hours).

    `hours` names the calendars the cell's tickets can get (by default all of the plan's): a
    cell waits as long as the slowest of them. The out-of-hours alternative waits the longer of
    its two branches: business time from a start inside open hours, or the wall-clock
    alternative from a start outside them.
    """
    names = [h.calendar for h in plan.hours] if hours is None else hours
    plan_calendars = [calendars[name] for name in dict.fromkeys(names) if name in calendars]
    if cell.clock == "wall":
        inside = quantity_minutes(cell.due, None)
        if inside is None:
            return None
    else:
        if not plan_calendars:
            return None
        waits = []
        for calendar in plan_calendars:
            ranges = week_ranges(calendar)
            minutes = quantity_minutes(cell.due, ranges)
            if minutes is None:
                return None
            wait = worst_case_business(
                ranges, minutes, open_starts_only=cell.outside_hours is not None
            )
            if wait is None:
                return None
            waits.append(wait)
        inside = max(waits)
    if cell.outside_hours is not None:
        return max(inside, cell.outside_hours.minutes)
    return inside


def describe_wait(minutes: int) -> str:
    """A worst-case wait in words, with what it covers: "up to 64 hours in an ordinary week".
    The checks compare cells over the weekly hours alone; a public holiday or a closure makes
    a wait around it longer still."""
    return f"up to {describe_minutes(minutes)} in an ordinary week"


def describe_minutes(minutes: int) -> str:
    """A wait in words: "64 hours", "2 hours 30 minutes", "15 minutes"."""
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if rest or not hours:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts)
