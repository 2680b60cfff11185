"""The calendars the runtime is checked on, each built twice: for the runtime and for the reference.

Both are built from the same plain numbers, so a mismatch between them is a bug in one of the
two interpretations, never a difference in input.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, timedelta

from slac.runtime import Calendar, ExtraOpening, HolidaySource, PartialClosure, WeeklyInterval

from .reference import ReferenceCalendar

WEEKDAYS = range(5)
ALL_DAYS = range(7)


@dataclass(frozen=True)
class CalendarCase:
    """One calendar under test: a zone, weekly (start_day, start, end_day, end) tuples, holidays,
    closed dates, and (date, start, end) partial closures and extra openings."""

    name: str
    zone: str
    weekly: tuple[tuple[int, int, int, int], ...]
    holiday_country: str | None = None
    holiday_subdivision: str | None = None
    closed_dates: tuple[date, ...] = ()
    partial_closures: tuple[tuple[date, int, int], ...] = ()
    extra_openings: tuple[tuple[date, int, int], ...] = ()

    @functools.cached_property
    def runtime(self) -> Calendar:
        sources = (
            () if self.holiday_country is None else (HolidaySource(self.holiday_country, self.holiday_subdivision),)
        )
        return Calendar(
            self.zone,
            [WeeklyInterval(*interval) for interval in self.weekly],
            holidays=sources,
            closed_dates=self.closed_dates,
            partial_closures=[PartialClosure(*closure) for closure in self.partial_closures],
            extra_openings=[ExtraOpening(*opening) for opening in self.extra_openings],
        )

    @functools.cached_property
    def reference(self) -> ReferenceCalendar:
        return ReferenceCalendar(
            self.zone,
            list(self.weekly),
            self.holiday_country,
            self.holiday_subdivision,
            self.closed_dates,
            self.partial_closures,
            self.extra_openings,
        )

    @property
    def business_day_minutes(self) -> int:
        """The length of a business day for generating durations (24 hours where days differ)."""
        length = self.runtime.standard_day_length()
        return 24 * 60 if length is None else int(length.total_seconds()) // 60


def _daily(start: int, end: int, days: range = ALL_DAYS) -> tuple[tuple[int, int, int, int], ...]:
    """start..end on each of `days`, ending the next day when end <= start (a night shift)."""
    return tuple((day, start, day if end > start else (day + 1) % 7, end) for day in days)


PRAGUE_OFFICE = CalendarCase("prague-office", "Europe/Prague", _daily(480, 1020, WEEKDAYS), "CZ")
NEW_YORK_SPLIT = CalendarCase(
    "new-york-split", "America/New_York", _daily(540, 720, WEEKDAYS) + _daily(780, 1020, WEEKDAYS), "US"
)
BERLIN_24X5 = CalendarCase("berlin-24x5", "Europe/Berlin", ((0, 1, 4, 1439),))
LONDON_NIGHT_SHIFT = CalendarCase("london-night-shift", "Europe/London", _daily(1320, 360), "GB")
PRAGUE_SMALL_HOURS = CalendarCase("prague-01-05", "Europe/Prague", _daily(60, 300))
LORD_HOWE = CalendarCase("lord-howe", "Australia/Lord_Howe", _daily(90, 210) + _daily(540, 1020, WEEKDAYS), "AU", "NSW")
HAVANA = CalendarCase("havana-night", "America/Havana", _daily(1380, 120), "CU")
KOLKATA = CalendarCase("kolkata", "Asia/Kolkata", _daily(570, 1110, range(6)), "IN")
ALWAYS_PRAGUE = CalendarCase("24x7-prague", "Europe/Prague", ((0, 0, 0, 0),))


def _first_saturday_of_march(year: int) -> date:
    first = date(year, 3, 1)
    return first + timedelta(days=(5 - first.weekday()) % 7)


EXCEPTION_YEARS = range(2020, 2036)
PRAGUE_EXCEPTIONS = CalendarCase(
    "prague-exceptions",
    "Europe/Prague",
    _daily(480, 1020, WEEKDAYS),
    "CZ",
    # Every year: 2 January closed; 24 December (a Czech holiday) opened 08:00–17:00 but closed
    # from 12:00; the first Saturday of March opened 09:00–13:00 but closed 10:00–11:00; and
    # 30 March (the eve of the European clock change or near it) closed 08:00–09:00 and opened 16:00–20:00.
    closed_dates=tuple(date(year, 1, 2) for year in EXCEPTION_YEARS),
    partial_closures=tuple(
        closure
        for year in EXCEPTION_YEARS
        for closure in (
            (date(year, 12, 24), 720, 1440),
            (_first_saturday_of_march(year), 600, 660),
            (date(year, 3, 30), 480, 540),
        )
    ),
    extra_openings=tuple(
        opening
        for year in EXCEPTION_YEARS
        for opening in (
            (date(year, 12, 24), 480, 1020),
            (_first_saturday_of_march(year), 540, 780),
            (date(year, 3, 30), 960, 1200),
        )
    ),
)

CASES = (
    PRAGUE_OFFICE,
    NEW_YORK_SPLIT,
    BERLIN_24X5,
    LONDON_NIGHT_SHIFT,
    PRAGUE_SMALL_HOURS,
    LORD_HOWE,
    HAVANA,
    KOLKATA,
    ALWAYS_PRAGUE,
    PRAGUE_EXCEPTIONS,
)
