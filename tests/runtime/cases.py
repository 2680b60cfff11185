"""The calendars the runtime is checked on, each built twice: for the runtime and for the reference.

Both are built from the same plain numbers, so a mismatch between them is a bug in one of the
two interpretations, never a difference in input.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from slac.runtime import Calendar, HolidaySource, WeeklyInterval

from .reference import ReferenceCalendar

WEEKDAYS = range(5)
ALL_DAYS = range(7)


@dataclass(frozen=True)
class CalendarCase:
    """One calendar under test: a zone, weekly (start_day, start, end_day, end) tuples, holidays."""

    name: str
    zone: str
    weekly: tuple[tuple[int, int, int, int], ...]
    holiday_country: str | None = None
    holiday_subdivision: str | None = None

    @functools.cached_property
    def runtime(self) -> Calendar:
        sources = (
            () if self.holiday_country is None else (HolidaySource(self.holiday_country, self.holiday_subdivision),)
        )
        return Calendar(self.zone, [WeeklyInterval(*interval) for interval in self.weekly], holidays=sources)

    @functools.cached_property
    def reference(self) -> ReferenceCalendar:
        return ReferenceCalendar(self.zone, list(self.weekly), self.holiday_country, self.holiday_subdivision)

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
)
