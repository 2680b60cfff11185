"""Worst cases for the index: the longest real time from a clock's start to its deadline, over
every start in the documents' period (`period.DOCUMENT_YEARS`), public holidays included.

Deterministic: the period is fixed, not the build date. A calendar in the customer's time zone
is computed in UTC, and one closed on the customer's public holidays without them (the
document cannot know the country); the index says so beside such a number.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from slac.cache import cached_value, installed_identity, prune, slac_identity
from slac.codegen.documents.period import DOCUMENT_YEARS, period_end, period_start
from slac.model.types import Calendar, Cell, Plan, Policy, Timed
from slac.runtime import Calendar as RuntimeCalendar
from slac.runtime.schedule import weekly_ranges_by_weekday
from slac.runtime.zones import load_zone


ONE_MICROSECOND = timedelta(microseconds=1)


@dataclass(frozen=True)
class WorstCase:
    """The longest time from a clock's start to its deadline, for one calendar of a plan.

    `calendar` is None for a plan without support hours; `approximate` marks a calendar in the
    customer's zone or closed on the customer's holidays (computed in UTC, without them);
    `duration` None means it cannot be computed (business days on a calendar whose open days
    differ in length).
    """

    calendar: Calendar | None
    duration: timedelta | None
    approximate: bool = False


def worst_cases(
    policy: Policy, plan: Plan, cell: Cell, calendars: Sequence[str] | None = None
) -> tuple[WorstCase, ...]:
    """The worst case of a cell on each calendar its tickets may get (`calendars`, by default
    every calendar of the plan); empty without a deadline."""
    if not isinstance(cell, Timed):
        return ()
    if not plan.hours:
        return (WorstCase(None, worst_case(cell, None)),)
    names = [choice.calendar for choice in plan.hours] if calendars is None else calendars
    cases = []
    for name in dict.fromkeys(names):
        calendar = policy.calendar(name)
        approximate = calendar.timezone is None or calendar.by_customer_country
        cases.append(WorstCase(calendar, worst_case(cell, calendar), approximate=approximate))
    return tuple(cases)


def worst_case(cell: Timed, calendar: Calendar | None) -> timedelta | None:
    """max(deadline − start) over the starts in the period.

    Between two openings or closings, deadline − start is constant or grows while support is
    open and falls while it is closed, so its maximum sits at a closing instant or just before
    one. The starts tried are therefore, for every local day of the period, each opening and
    closing time of that weekday, the minute before each, and the day's first and last minute
    (a holiday closes at midnight). A wall-clock cell's worst case is its duration; an
    out-of-hours alternative (`X; Y outside business hours`) is the larger of both branches.
    Support days on support hours are counted from each start as evaluation counts them (the
    business time to the same clock time N business days on), not as N standard days.
    """
    runtime = runtime_calendar(calendar) if calendar is not None else None
    day_length = runtime.standard_day_length() if runtime is not None else None
    support_days = cell.due.support_days if calendar is not None and cell.clock == "business" else 0
    try:
        due = replace(cell.due, support_days=0).on_calendar(day_length) if support_days else cell.due.on_calendar(day_length)
    except ValueError:
        return None
    if calendar is None or (cell.clock == "wall" and cell.outside_hours is None):
        return due
    outside = timedelta(minutes=cell.outside_hours.minutes) if cell.outside_hours is not None else None
    return _longest_elapsed(calendar, due, cell.clock == "wall", outside, support_days)


@functools.lru_cache(maxsize=4096)
def _longest_elapsed(
    calendar: Calendar, due: timedelta, wall_clock: bool, outside: timedelta | None, support_days: int = 0
) -> timedelta:
    """The longest time from a start to its deadline on `calendar`, over the candidate starts:
    `due` of business time (or of real time on a `wall_clock`) and `support_days` more, or
    `outside` for a start while closed. Kept per calendar and durations, since many cells of a policy share them, in
    this process and in slac's cache (a build of the seeds spent about a fifth of its time
    here): named by everything the number depends on, the calendar's definition, the
    durations, the period, slac and the installed `tzdata` and `holidays`."""
    tzdata, holidays = installed_identity("tzdata"), installed_identity("holidays")
    if tzdata is None or holidays is None:
        return _computed_longest_elapsed(calendar, due, wall_clock, outside, support_days)
    definition = (
        calendar.timezone,
        calendar.weekly,
        calendar.holidays,
        calendar.closed_dates,
        calendar.partial_closures,
        calendar.extra_openings,
        calendar.yearly_closures,
    )
    durations = repr((due, wall_clock, outside, support_days))
    key = (slac_identity(), tzdata, holidays, repr(DOCUMENT_YEARS), repr(definition), durations)
    return cached_value(
        "worst-cases",
        key,
        lambda: _computed_longest_elapsed(calendar, due, wall_clock, outside, support_days),
        lambda elapsed: str(elapsed // ONE_MICROSECOND),
        lambda text: int(text) * ONE_MICROSECOND,
        _prune,
    )


def _prune(directory: Path) -> None:
    """Keep the newest 4,096 entries (each a number; every edited or upgraded slac computes
    them afresh)."""
    prune(directory, ".txt", 4096, 4 * 1024 * 1024)


def _computed_longest_elapsed(
    calendar: Calendar, due: timedelta, wall_clock: bool, outside: timedelta | None, support_days: int = 0
) -> timedelta:
    """`_longest_elapsed` worked out."""
    starts = _candidate_starts(calendar)
    open_at = _open_at_candidates(calendar)
    counted = [index for index in range(len(starts)) if outside is None or open_at[index]]
    worst = outside if outside is not None and len(counted) < len(starts) else timedelta(0)
    if not counted:
        return worst
    if wall_clock:
        return max(worst, due)
    if support_days:
        return max(worst, _longest_support_days_elapsed(calendar, due, support_days, counted))
    return max(worst, _longest_business_elapsed(calendar, due, counted))


def _longest_support_days_elapsed(calendar: Calendar, due: timedelta, support_days: int, counted: list[int]) -> timedelta:
    """max(deadline − start) for `support_days` (and `due` of business time more) from the
    candidate starts at `counted`: a support day's business time depends on its start, so
    each start is counted as evaluation counts it."""
    runtime = runtime_calendar(calendar)
    starts = _candidate_starts(calendar)
    worst = timedelta(0)
    for index in counted:
        start = starts[index]
        worst = max(worst, runtime.add(start, runtime.support_days(start, support_days) + due) - start)
    return worst


def _longest_business_elapsed(calendar: Calendar, due: timedelta, counted: list[int]) -> timedelta:
    """max(deadline − start) for `due` of business time from the candidate starts at
    `counted`: with `Calendar.add_many` when numpy is installed (the same instants as `add`,
    a fraction of the time), else one `add` per start."""
    runtime = runtime_calendar(calendar)
    try:
        import numpy
    except ImportError:
        starts = _candidate_starts(calendar)
        return max(runtime.add(starts[index], due) - starts[index] for index in counted)
    micros = numpy.array(_candidate_micros(calendar), dtype=numpy.int64)[counted]
    deadlines = runtime.add_many(micros, numpy.int64(due // timedelta(microseconds=1))).view(numpy.int64)
    return timedelta(microseconds=int((deadlines - micros).max()))


@functools.lru_cache(maxsize=256)
def _open_at_candidates(calendar: Calendar) -> tuple[bool, ...]:
    """Whether support is open at each candidate start."""
    runtime = runtime_calendar(calendar)
    return tuple(runtime.is_open(start) for start in _candidate_starts(calendar))


@functools.lru_cache(maxsize=256)
def _candidate_micros(calendar: Calendar) -> tuple[int, ...]:
    """The candidate starts as microseconds since the epoch, as `add_many` takes them."""
    epoch = datetime(1970, 1, 1, tzinfo=load_zone("UTC"))
    return tuple((start - epoch) // timedelta(microseconds=1) for start in _candidate_starts(calendar))


@functools.lru_cache(maxsize=256)
def runtime_calendar(calendar: Calendar) -> RuntimeCalendar:
    """The calendar as the documents compute with it: its own holidays and closures; the
    customer's zone becomes UTC and the customer's holidays are left out."""
    return RuntimeCalendar(
        timezone=calendar.timezone or "UTC",
        weekly=calendar.weekly,
        holidays=calendar.holidays,
        closed_dates=calendar.closed_dates,
        partial_closures=calendar.partial_closures,
        extra_openings=calendar.extra_openings,
        yearly_closures=calendar.yearly_closures,
    )


@functools.lru_cache(maxsize=256)
def _candidate_starts(calendar: Calendar) -> tuple[datetime, ...]:
    zone = load_zone(calendar.timezone or "UTC")
    ranges = weekly_ranges_by_weekday(calendar.weekly)
    closures: dict[date, set[int]] = {}
    for closure in calendar.partial_closures:
        closures.setdefault(closure.day, set()).update((closure.start, closure.end, closure.end - 1))
    for opening in calendar.extra_openings:
        closures.setdefault(opening.day, set()).update((opening.start, opening.end, opening.end - 1))
    for yearly in calendar.yearly_closures:
        for year in range(period_start().year, period_end().year + 1):
            day = yearly.on(year)
            if day is not None:
                closures.setdefault(day, set()).update((yearly.start, yearly.end, yearly.end - 1))
    starts: set[datetime] = set()
    day = period_start()
    while day <= period_end():
        minutes = {0, 1439} | closures.get(day, set())
        for start, end in ranges[day.weekday()]:
            minutes.update((start, end - 1, end))
        midnight = datetime(day.year, day.month, day.day, tzinfo=zone)
        for minute in minutes:
            if 0 <= minute < 1440:
                local = midnight.replace(hour=minute // 60, minute=minute % 60)
                starts.add(local.astimezone(load_zone("UTC")))
        day += timedelta(days=1)
    return tuple(sorted(starts))
