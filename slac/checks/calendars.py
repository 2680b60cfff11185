"""SLA6xx calendars: support hours that say something other than what the author meant.

Findings about one opening, closure or holiday list sit on the line it is written on
(`Calendar.item_spans`); those about the calendar as a whole sit on its `calendar` line.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta, timezone
from itertools import pairwise
from pathlib import Path

from slac.cache import cached_value, installed_identity, prune, slac_identity
from slac.checks.base import Context, Finding
from slac.checks.durations import standard_day_minutes, week_ranges
from slac.checks.holiday_dates import holiday_dates
from slac.checks.registry import check
from slac.diagnostics import Related, Severity
from slac.model.types import Calendar, Timed, combine
from slac.runtime.schedule import (
    MINUTES_PER_DAY,
    MONTH_ABBREVIATIONS,
    WEEKDAY_NAMES,
    ExtraOpening,
    PartialClosure,
    format_minute,
)
from slac.runtime.zones import (
    MICROSECONDS_PER_MINUTE,
    UNIX_EPOCH,
    load_zone,
    offset_segments,
)
from slac.syntax.span import Span

DST_YEARS = (2020, 2040)
"""The years searched for clock changes (fixed, so that findings do not change with the date)."""

EXAMPLE_YEAR = 2025
"""A weekly edge skipped by the clocks is illustrated by its first skip in or after this year
(fixed, so that findings do not change with the date)."""

HOLIDAY_YEARS = (2025, 2026, 2027)
"""The years in which a holiday source must close at least one open day."""


def item_spans(calendar: Calendar, items: Sequence[object]) -> list[Span]:
    """Where each of `items` (a calendar's weekly intervals, closed dates, partial closures,
    extra openings or holiday sources, in their order) is written. Equal items written on two
    lines take the two lines in order; an item with no known line sits on the `calendar` line.
    """
    unused = list(calendar.item_spans)
    spans = []
    for item in items:
        for index, (candidate, span) in enumerate(unused):
            if type(candidate) is type(item) and candidate == item:
                spans.append(span)
                del unused[index]
                break
        else:
            spans.append(calendar.span)
    return spans


def _describe_piece(day: int, start: int, end: int) -> str:
    return f"{WEEKDAY_NAMES[day]} {format_minute(start)}–{format_minute(end)}"


@check(
    "SLA601",
    "overlapping-hours",
    Severity.WARNING,
    "Two opening intervals of a calendar cover the same time.",
    """
    calendar office
        timezone Europe/Prague
        open mon-fri 08:00-17:00
        open fri 12:00-20:00                 # SLA601: Friday 12:00-17:00 twice
    """,
)
def overlapping_hours(context: Context) -> Iterator[Finding]:
    """Finds weekly opening intervals that overlap.

    Open time is the union of the intervals, so nothing breaks, but an overlap means the author
    wrote the same hours twice, usually because one of the intervals has a wrong day or time
    (a Friday that was meant to be a Saturday).
    """
    for calendar in context.policy.calendars:
        if calendar.always_open:
            continue
        spans = item_spans(calendar, calendar.weekly)
        pieces = [interval.pieces_by_weekday() for interval in calendar.weekly]
        overlaps: dict[tuple[Span, Span], list[str]] = {}
        for first in range(len(pieces)):
            for second in range(first + 1, len(pieces)):
                for day, (start, end) in pieces[first]:
                    for other_day, (other_start, other_end) in pieces[second]:
                        low, high = max(start, other_start), min(end, other_end)
                        if day == other_day and low < high:
                            earlier, later = sorted((spans[first], spans[second]))
                            overlaps.setdefault((later, earlier), []).append(
                                _describe_piece(day, low, high)
                            )
        for (later, earlier), described in sorted(overlaps.items()):
            listed = ", ".join(dict.fromkeys(described))
            related = (
                (Related(earlier, "the same hours are opened here"),)
                if earlier != later
                else ()
            )
            yield Finding(
                f"calendar `{calendar.name}` opens twice for the same hours: {listed}",
                later,
                help="check the days and times of its `open` lines; each hour needs opening once",
                related=related,
            )


@functools.cache
def skipped_times(zone_name: str) -> tuple[tuple[date, int, int], ...]:
    """The local times a zone's clocks skip in `DST_YEARS`: (local date, first minute, end minute),
    the end past 1440 when the skip crosses midnight. Kept in slac's cache, by the zone, the
    installed `tzdata` and slac (finding them probes the zone's offset over 21 years, about a
    tenth of `slac check` on the seeds)."""
    identity = installed_identity("tzdata")
    if identity is None:
        return _skipped_times(zone_name)

    key = (slac_identity(), identity, zone_name, repr(DST_YEARS))
    return cached_value("dst-gaps", key, lambda: _skipped_times(zone_name), _encode_gaps, _decode_gaps, _prune_gaps)


def _encode_gaps(gaps: tuple[tuple[date, int, int], ...]) -> str:
    return "\n".join(f"{day.isoformat()} {first} {end}" for day, first, end in gaps)


def _decode_gaps(text: str) -> tuple[tuple[date, int, int], ...]:
    return tuple((date.fromisoformat(day), int(first), int(end)) for day, first, end in (line.split() for line in text.split("\n") if line))


def _prune_gaps(directory: Path) -> None:
    """Keep the newest 256 entries (a zone's gaps are about 400 bytes; each edited or upgraded
    slac computes them afresh)."""
    prune(directory, ".txt", 256, 4 * 1024 * 1024)


def _skipped_times(zone_name: str) -> tuple[tuple[date, int, int], ...]:
    zone = load_zone(zone_name)
    first, last = DST_YEARS
    start = datetime(first, 1, 1, tzinfo=timezone.utc) - UNIX_EPOCH
    end = datetime(last + 1, 1, 1, tzinfo=timezone.utc) - UNIX_EPOCH
    segments = offset_segments(
        zone, start // timedelta(microseconds=1), end // timedelta(microseconds=1)
    )
    gaps = []
    for (_, change, before), (_, _, after) in pairwise(segments):
        if after <= before:
            continue
        local = (UNIX_EPOCH + timedelta(microseconds=change + before)).replace(
            tzinfo=None
        )
        minute = local.hour * 60 + local.minute
        gaps.append(
            (local.date(), minute, minute + (after - before) // MICROSECONDS_PER_MINUTE)
        )
    return tuple(gaps)


def skipped_on(
    gaps: tuple[tuple[date, int, int], ...],
    weekday: int | None,
    day: date | None,
    minute: int,
    closing: bool = False,
) -> list[date]:
    """The dates (on `weekday`, or the date `day`) on which the wall time `minute` is skipped:
    no instant has that local time, because it lies in [first skipped minute, end of the skip).
    A closing time exactly at the first skipped minute is not reported: the interval ends at
    the moment the clocks jump, so no open time is lost (a 22:00–02:00 night shift in Prague).
    A closing time of 24:00 is 00:00 of the next day."""
    if minute == MINUTES_PER_DAY:
        minute = 0
        weekday = None if weekday is None else (weekday + 1) % 7
        day = None if day is None else day + timedelta(days=1)
    found = []
    for gap_day, low, high in gaps:
        for offset, (lo, hi) in enumerate(
            ((low, high), (low - MINUTES_PER_DAY, high - MINUTES_PER_DAY))
        ):
            on = gap_day + timedelta(days=offset)
            matches = on == day if day is not None else on.weekday() == weekday
            if matches and (lo < minute if closing else lo <= minute) and minute < hi:
                found.append(on)
    return found


def _example(dates: list[date]) -> date:
    """The date that illustrates a recurring skip: the first in or after `EXAMPLE_YEAR`, else the
    last before it."""
    recent = [d for d in dates if d.year >= EXAMPLE_YEAR]
    return min(recent) if recent else max(dates)


@check(
    "SLA602",
    "edge-in-dst-gap",
    Severity.WARNING,
    "An opening or closing time that the clocks skip on the day daylight saving time starts.",
    """
    calendar night
        timezone Europe/Prague
        open daily 02:30-06:00               # SLA602: 02:30 does not exist on the last Sunday of March
    """,
)
def edges_in_dst_gaps(context: Context) -> Iterator[Finding]:
    """Finds interval edges (opening, closing, extra openings and partial closures) that fall
    in the time the calendar's time zone skips when daylight saving time starts, in some year
    from 2020 to 2040: from the first skipped minute up to, but not including, the end of the
    skip (in Prague, 02:00 up to 03:00, since the clocks go from 01:59:59 to 03:00).

    On that day the edge does not exist: an interval from 02:30 opens at 03:00, half an hour
    later than its own text says, and an interval from 02:00 to 03:00 does not open at all. The
    policy is still evaluable, but one day a year its hours differ from what the customer reads.
    A weekly edge is illustrated by the first such day in or after 2025. Calendars in the
    customer's time zone are not checked (the zone is not known until a ticket gives it).
    """
    for calendar in context.policy.calendars:
        if calendar.always_open or calendar.timezone is None:
            continue
        gaps = skipped_times(calendar.timezone)
        if not gaps:
            continue
        spans = item_spans(calendar, calendar.weekly)
        edges: list[tuple[int | None, date | None, int, bool, Span]] = []
        for interval, span in zip(calendar.weekly, spans):
            edges += [
                (interval.start_day, None, interval.start, False, span),
                (interval.end_day, None, interval.end, True, span),
            ]
        dated: list[ExtraOpening | PartialClosure] = [
            *calendar.extra_openings,
            *calendar.partial_closures,
        ]
        for item, span in zip(
            dated,
            item_spans(calendar, calendar.extra_openings)
            + item_spans(calendar, calendar.partial_closures),
        ):
            edges += [
                (None, item.day, item.start, False, span),
                (None, item.day, item.end, True, span),
            ]
        for weekday, day, minute, closing, span in dict.fromkeys(edges):
            skipped = skipped_on(gaps, weekday, day, minute, closing)
            if not skipped:
                continue
            if weekday is not None:
                message = (
                    f"calendar `{calendar.name}`: {WEEKDAY_NAMES[weekday]} {format_minute(minute)} does not exist "
                    f"in {calendar.timezone} on the day the clocks go forward (e.g. {_example(skipped).isoformat()})"
                )
            else:
                assert day is not None
                message = (
                    f"calendar `{calendar.name}`: {day.isoformat()} {format_minute(minute)} does not exist "
                    f"in {calendar.timezone}: the clocks go forward on {skipped[0].isoformat()}"
                )
            yield Finding(
                message,
                span,
                help="move the edge out of the skipped time (for example to the full hour after it), or accept "
                "that on that day the interval starts or ends at the end of the skip",
            )


@check(
    "SLA603",
    "ambiguous-business-day",
    Severity.WARNING,
    "`business days` on a calendar whose open days differ in length.",
    """
    calendar weekdays
        timezone Europe/Prague
        open from mon 00:01 to fri 23:59     # Monday and Friday are shorter
    plan standard
        hours weekdays
        targets
            severity | initial_response
            1        | 1 business day        # SLA603: how long is a business day here?
    """,
)
def ambiguous_business_days(context: Context) -> Iterator[Finding]:
    """Finds targets in business days on a calendar whose open days are not all equally long.

    A business day is the length of the calendar's standard open day (09:00–17:00 gives 8
    hours). When Monday opens at 00:01 and Tuesday at 00:00, there is no standard day, and
    "1 business day" could mean 24 hours or 23 hours 59 minutes; the deadline cannot be told.
    An override's cells are read on its own `hours`, or else on the plans' support hours. An
    add-on with support hours of its own brings them to the base plan's cells it leaves as they
    are (`combine`): those are read on the add-on's hours too.
    """
    places = [
        (f"plan `{plan.name}`", cell, context.level_calendars(plan, level))
        for plan in context.cell_plans
        for (level, _), cell in plan.cells
    ]
    places += [
        (f"override `{override.name}`", cell, context.override_calendars(override))
        for override in context.policy.overrides
        for _, cell in override.cells
    ]
    places += [
        (f"plan `{base}` with add-on `{add_on.name}`", cell, context.level_calendars(add_on, level))
        for add_on in context.cell_plans
        if add_on.add_on_to and context.policy.plan(add_on.name).hours
        for base in add_on.add_on_to
        for (level, target), cell in combine(add_on, context.policy.plan(base)).cells
        if add_on.cell(level, target) != cell
    ]
    for whose, cell, calendars in places:
        if not isinstance(cell, Timed) or cell.clock != "business":
            continue
        if not (
            cell.due.business_days
            or (cell.earliest is not None and cell.earliest.business_days)
        ):
            continue
        for calendar in calendars:
            if standard_day_minutes(week_ranges(calendar)) is None:
                yield Finding(
                    f"`{cell.text}` is ambiguous in {whose}: the open days of calendar "
                    f"`{calendar.name}` differ in length, so a business day has no single length",
                    cell.span,
                    help="give the target in business hours, or make the calendar's open days equally long",
                    related=(
                        Related(calendar.span, f"calendar `{calendar.name}`"),
                    ),
                )
                break


def _closed_weekdays(calendar: Calendar) -> set[int]:
    return {day for day, ranges in enumerate(week_ranges(calendar)) if not ranges}


@check(
    "SLA604",
    "closure-without-effect",
    Severity.WARNING,
    "A closed date, partial closure or holiday list that never closes an open hour.",
    """
    calendar office
        timezone Europe/Prague
        open mon-fri 08:00-17:00
        closed on 2025-12-27                 # SLA604: a Saturday, closed anyway
    """,
)
def closures_without_effect(context: Context) -> Iterator[Finding]:
    """Finds closures that close nothing: a closed date on a weekday the calendar never opens, a
    partial closure outside the day's open hours (a yearly one: on every weekday), or public holidays that (in 2025–2027) all fall
    on days the calendar is closed anyway.

    The author wrote the closure because they meant some open time to be closed; when it closes
    nothing, the date, the times or the calendar are usually wrong (a year typed wrongly puts
    Christmas Eve on a Saturday). Holidays of a 24x7 calendar are not reported: they close the
    whole local day, which is always open otherwise.
    """
    for calendar in context.policy.calendars:
        ranges = week_ranges(calendar)
        opened = {opening.day for opening in calendar.extra_openings}
        closed_dates = [
            (day, span)
            for day, span in zip(
                calendar.closed_dates, item_spans(calendar, calendar.closed_dates)
            )
            if isinstance(day, date)
        ]
        for day, span in sorted(closed_dates, key=lambda pair: pair[0]):
            if not ranges[day.weekday()] and day not in opened:
                yield Finding(
                    f"calendar `{calendar.name}` is closed on {day.isoformat()} anyway: it never opens on a "
                    f"{WEEKDAY_NAMES[day.weekday()]}",
                    span,
                    help="check the date; remove it if it is meant as is",
                )
        for closure, span in zip(
            calendar.partial_closures, item_spans(calendar, calendar.partial_closures)
        ):
            open_ranges = list(ranges[closure.day.weekday()])
            open_ranges += [
                (o.start, o.end)
                for o in calendar.extra_openings
                if o.day == closure.day
            ]
            if not any(
                max(start, closure.start) < min(end, closure.end)
                for start, end in open_ranges
            ):
                yield Finding(
                    f"calendar `{calendar.name}`: the closure on {closure.day.isoformat()} "
                    f"{format_minute(closure.start)}–{format_minute(closure.end)} falls outside its open hours",
                    span,
                    help="check the date and the times of the closure",
                )
        for yearly, span in zip(calendar.yearly_closures, item_spans(calendar, calendar.yearly_closures)):
            if not any(max(start, yearly.start) < min(end, yearly.end) for day in ranges for start, end in day):
                yield Finding(
                    f"calendar `{calendar.name}`: the yearly closure {yearly.describe()} falls outside its open "
                    "hours on every weekday",
                    span,
                    help="check the times of the closure",
                )
        closed = _closed_weekdays(calendar)
        if len(closed) == 7:
            continue
        for source, span in zip(
            calendar.holidays, item_spans(calendar, calendar.holidays)
        ):
            dates = [d for year in HOLIDAY_YEARS for d in holiday_dates(source, year)]
            if dates and all(d.weekday() in closed for d in dates):
                yield Finding(
                    f"calendar `{calendar.name}`: the public holidays of {source.describe()} never fall on a day it "
                    f"is open ({', '.join(str(y) for y in HOLIDAY_YEARS)} checked)",
                    span,
                    help="check the country and the opening days",
                )


@check(
    "SLA607",
    "yearly-closure-on-holiday",
    Severity.INFO,
    "A yearly closure on a date that is a public holiday of the calendar every year.",
    """
    calendar office
        timezone Europe/Prague
        open mon-fri 08:00-17:00
        closed on public holidays of CZ
        closed on dec 25                     # SLA607: Christmas Day is a Czech holiday
    """,
)
def yearly_closures_on_holidays(context: Context) -> Iterator[Finding]:
    """Finds yearly closures (`closed on dec 25`) on a date that the calendar's public holidays
    close every year (2025–2027 checked).

    The line closes nothing the holiday list does not close already, so it is harmless, but it
    usually means the author did not know the holiday was included, or meant another date (24
    December, which is a working day in many countries). It is information, not a warning:
    listing a holiday the published policy names is a reasonable way to write it down.
    """
    for calendar in context.policy.calendars:
        if not calendar.holidays:
            continue
        for closure, span in zip(calendar.yearly_closures, item_spans(calendar, calendar.yearly_closures)):
            owners = [
                source.describe()
                for source in calendar.holidays
                if all(
                    (day := closure.on(year)) is not None and day in holiday_dates(source, year) for year in HOLIDAY_YEARS
                )
            ]
            if owners:
                yield Finding(
                    f"calendar `{calendar.name}`: every {closure.day} {MONTH_ABBREVIATIONS[closure.month - 1]} is a "
                    f"public holiday of {owners[0]}, which the calendar closes already "
                    f"({', '.join(str(y) for y in HOLIDAY_YEARS)} checked)",
                    span,
                    help="remove the line, or check the date if another day was meant",
                    related=(Related(calendar.span, f"calendar `{calendar.name}`"),),
                )


@check(
    "SLA605",
    "opening-without-effect",
    Severity.WARNING,
    "An extra opening inside hours that are open anyway, or inside a partial closure of its date.",
    """
    calendar office
        timezone Europe/Prague
        open mon-fri 08:00-17:00
        open on 2025-12-22 09:00-12:00       # SLA605: a Monday, open anyway
    """,
)
def openings_without_effect(context: Context) -> Iterator[Finding]:
    """Finds extra openings (`open on DATE`) that lie entirely in the weekly open hours of a date
    that is not closed.

    An extra opening is written to open a day that would be closed (a Saturday before a
    release, a holiday); one that opens what is already open changes nothing, so its date is
    probably wrong. Dates the calendar closes (explicitly or as fixed holidays) are not reported.
    An extra opening that lies inside the partial closures of its date (dated, or part-day
    yearly ones) opens nothing either: where the two overlap the closure wins.
    """
    for calendar in context.policy.calendars:
        if calendar.by_customer_country:
            continue
        ranges = week_ranges(calendar)
        for opening, span in zip(
            calendar.extra_openings, item_spans(calendar, calendar.extra_openings)
        ):
            holidays = {
                d
                for source in calendar.holidays
                for d in holiday_dates(source, opening.day.year)
            }
            if opening.day in calendar.closed_dates or opening.day in holidays:
                continue
            winning = _closures_winning_on(calendar, opening.day)
            if _covers(winning, opening.start, opening.end):
                yield Finding(
                    f"calendar `{calendar.name}`: the extra opening on {opening.day.isoformat()} "
                    f"{format_minute(opening.start)}–{format_minute(opening.end)} lies inside that date's partial "
                    f"closure ({', '.join(f'{format_minute(a)}–{format_minute(b)}' for a, b in winning)}), which wins: "
                    "it opens nothing",
                    span,
                    help="check the times of the two lines; a partial closure wins over an extra opening of its date",
                )
                continue
            if winning or any(closure.on(opening.day.year) == opening.day for closure in calendar.yearly_closures):
                continue
            if any(
                start <= opening.start and opening.end <= end
                for start, end in ranges[opening.day.weekday()]
            ):
                yield Finding(
                    f"calendar `{calendar.name}`: the extra opening on {opening.day.isoformat()} "
                    f"{format_minute(opening.start)}–{format_minute(opening.end)} is within its usual hours",
                    span,
                    help="check the date of the extra opening",
                )


def _closures_winning_on(calendar: Calendar, day: date) -> list[tuple[int, int]]:
    """The part-day closures of `day` (partial closures, and yearly closures of part of a day),
    as sorted (start, end) minutes: those win over an extra opening of the date."""
    closures = [(c.start, c.end) for c in calendar.partial_closures if c.day == day]
    closures += [(c.start, c.end) for c in calendar.yearly_closures if not c.whole_day and c.on(day.year) == day]
    return sorted(closures)


def _covers(intervals: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether the sorted `intervals` together cover [start, end)."""
    cursor = start
    for low, high in intervals:
        if low <= cursor < high:
            cursor = high
    return bool(intervals) and cursor >= end


@check(
    "SLA606",
    "unused-calendar",
    Severity.INFO,
    "A calendar that no plan uses.",
    """
    calendar twenty_four_five
        timezone local
        open from mon 00:01 to fri 23:59     # SLA606 unless a plan says `hours twenty_four_five`
    """,
)
def unused_calendars(context: Context) -> Iterator[Finding]:
    """Lists calendars that no plan's or override's `hours` refers to.

    Published policies sometimes describe hours that no plan uses (Credenti's 24 × 5); keeping
    them is fine, but a calendar meant for a plan and never attached to it changes every
    deadline of that plan.
    """
    used = {hours.calendar for plan in context.policy.plans for hours in plan.hours}
    used |= {override.hours for override in context.policy.overrides if override.hours is not None}
    for calendar in context.policy.calendars:
        if calendar.name not in used:
            yield Finding(
                f"no plan uses calendar `{calendar.name}`",
                calendar.span,
                help=f"attach it to a plan with `hours {calendar.name}`, or leave it as documentation",
            )
