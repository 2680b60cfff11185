"""The declarative parts of a calendar: weekly hours, holidays, closures and extra openings.

Everything here is local wall-clock time in minutes after local midnight (0..1440), on local
dates. Turning wall-clock time into real instants is the job of `timeline`, which is the only
place that knows about UTC offsets and DST.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, TypeAlias

from slac.runtime.errors import CalendarError, close_matches
from slac.runtime.holiday_registry import supported_country_codes

if TYPE_CHECKING:
    from holidays import HolidayBase

MINUTES_PER_DAY = 1440
DAYS_PER_WEEK = 7
MINUTES_PER_WEEK = DAYS_PER_WEEK * MINUTES_PER_DAY
MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

MinuteRange = tuple[int, int]
"""A half-open range [start, end) of minutes after local midnight on one local date."""


def _require_minute(owner: str, name: str, value: object) -> None:
    """Reject a minute-of-day that is not an int in 0..1440 (1440 is 24:00)."""
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MINUTES_PER_DAY:
        raise CalendarError(
            f"{owner}: {name}={value!r} is not a time of day; give minutes after local "
            "midnight from 0 to 1440 (e.g. 08:00 -> 480, 24:00 -> 1440)"
        )


def _require_date(owner: str, value: object) -> None:
    """Reject anything but a plain date (a datetime would silently drop its time and zone)."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise CalendarError(f"{owner}: day={value!r} is not a date; give a datetime.date such as date(2025, 12, 24)")


def format_minute(minute: int) -> str:
    """Minutes after midnight as HH:MM (1440 -> 24:00)."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


@dataclass(frozen=True)
class WeeklyInterval:
    """A recurring local wall-clock interval [start_day start, end_day end) in every week.

    Days are 0=Monday .. 6=Sunday; `start` and `end` are minutes after local midnight, 0..1440.
    An end before the start in week order wraps past Sunday into the next week, so a night
    shift is `WeeklyInterval(d, 1320, (d + 1) % 7, 360)`. An interval whose end equals its start
    covers the whole week: `WeeklyInterval(0, 0, 0, 0)` is 24x7 (see `Calendar.always`).
    """

    start_day: int
    start: int
    end_day: int
    end: int

    def __post_init__(self) -> None:
        for name in ("start_day", "end_day"):
            day = getattr(self, name)
            if not isinstance(day, int) or isinstance(day, bool) or not 0 <= day < DAYS_PER_WEEK:
                raise CalendarError(f"{self!r}: {name}={day!r} is not a weekday; give 0=Monday .. 6=Sunday")
        _require_minute(repr(self), "start", self.start)
        _require_minute(repr(self), "end", self.end)

    @property
    def start_of_week_minute(self) -> int:
        """The start as minutes after Monday 00:00."""
        return self.start_day * MINUTES_PER_DAY + self.start

    @property
    def length_minutes(self) -> int:
        """The open minutes per week; a full week when the end equals the start."""
        end_of_week_minute = self.end_day * MINUTES_PER_DAY + self.end
        return (end_of_week_minute - self.start_of_week_minute) % MINUTES_PER_WEEK or MINUTES_PER_WEEK

    def pieces_by_weekday(self) -> list[tuple[int, MinuteRange]]:
        """The interval cut at local midnights into (weekday, (start, end)) pieces of one day each."""
        pieces: list[tuple[int, MinuteRange]] = []
        cursor = self.start_of_week_minute
        remaining = self.length_minutes
        while remaining > 0:
            weekday = (cursor // MINUTES_PER_DAY) % DAYS_PER_WEEK
            minute = cursor % MINUTES_PER_DAY
            taken = min(remaining, MINUTES_PER_DAY - minute)
            pieces.append((weekday, (minute, minute + taken)))
            cursor += taken
            remaining -= taken
        return pieces


@dataclass(frozen=True)
class PartialClosure:
    """Closed from `start` to `end` minutes on one local date, e.g. 24 Dec from 12:00 (start=720)."""

    day: date
    start: int
    end: int = MINUTES_PER_DAY

    def __post_init__(self) -> None:
        _require_date(repr(self), self.day)
        _require_minute(repr(self), "start", self.start)
        _require_minute(repr(self), "end", self.end)
        if self.start >= self.end:
            raise CalendarError(f"{self!r}: start must be before end (a closure of no time is a mistake)")


@dataclass(frozen=True)
class YearlyClosure:
    """Closed every year on local date `month`/`day`, from `start` to `end` minutes: the whole
    day by default (`closed on dec 24`), or part of it (`closed on dec 31 from 12:00`, start=720).

    A whole-day yearly closure closes the date like a closed date (an extra opening on it opens
    it again); a part-day one is a partial closure (it wins over an extra opening). 29 February
    closes only in leap years.
    """

    month: int
    day: int
    start: int = 0
    end: int = MINUTES_PER_DAY

    def __post_init__(self) -> None:
        _require_minute(repr(self), "start", self.start)
        _require_minute(repr(self), "end", self.end)
        if self.start >= self.end:
            raise CalendarError(f"{self!r}: start must be before end (a closure of no time is a mistake)")
        try:
            date(2024, self.month, self.day)  # 2024 is a leap year: every day of the year exists
        except (TypeError, ValueError):
            raise CalendarError(f"{self!r}: month {self.month!r} day {self.day!r} is not a day of the year") from None

    @property
    def whole_day(self) -> bool:
        return self.start == 0 and self.end == MINUTES_PER_DAY

    def on(self, year: int) -> date | None:
        """The local date it closes in `year` (None for 29 February in a common year)."""
        try:
            return date(year, self.month, self.day)
        except ValueError:
            return None

    def describe(self) -> str:
        """In words: "every 24 Dec", "every 31 Dec from 12:00", "every 1 May 12:00–14:00"."""
        day = f"every {self.day} {MONTH_ABBREVIATIONS[self.month - 1]}"
        if self.whole_day:
            return day
        if self.end == MINUTES_PER_DAY:
            return f"{day} from {format_minute(self.start)}"
        return f"{day} {format_minute(self.start)}–{format_minute(self.end)}"


@dataclass(frozen=True)
class ExtraOpening:
    """Extra open wall-clock time [start, end) on one local date, even on a closed or weekend date."""

    day: date
    start: int
    end: int

    def __post_init__(self) -> None:
        _require_date(repr(self), self.day)
        _require_minute(repr(self), "start", self.start)
        _require_minute(repr(self), "end", self.end)
        if self.start >= self.end:
            raise CalendarError(f"{self!r}: start must be before end (an opening of no time is a mistake)")


def _subdivisions(country: str) -> list[str]:
    """The subdivision codes the `holidays` package knows for `country`."""
    import holidays

    return list(getattr(holidays, country).subdivisions)


@dataclass(frozen=True)
class HolidaySource:
    """The public holidays of a country (optionally a subdivision) from the `holidays` package.

    The whole local date of each holiday is closed. `categories` selects holiday categories
    other than the package's default (e.g. ("public", "bank")); empty means the default.
    """

    country: str
    subdivision: str | None = None
    categories: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "categories", tuple(self.categories))
        problem = _holiday_source_problem(self.country, self.subdivision, self.categories)
        if problem is not None:
            raise CalendarError(problem)

    def _holiday_calendar(self, years: Iterable[int]) -> HolidayBase:
        """The `holidays` package's calendar for this source, precomputed for `years` (the
        package is imported here, at the first use, not with the runtime)."""
        import holidays

        return holidays.country_holidays(
            self.country,
            subdiv=self.subdivision,
            years=list(years),
            categories=self.categories or None,
        )

    def dates(self, year: int) -> frozenset[date]:
        """The holiday dates of this source in one year (cached; holiday rules do not change)."""
        return _holiday_dates(self, year)

    def describe(self) -> str:
        """E.g. "CZ", "US-NY", "DE (bank)"."""
        name = self.country if self.subdivision is None else f"{self.country}-{self.subdivision}"
        return f"{name} ({', '.join(self.categories)})" if self.categories else name


@functools.lru_cache(maxsize=512)
def working_days(country: str, subdivision: str | None = None) -> tuple[int, ...]:
    """The weekdays (0=Monday .. 6=Sunday) that are working days in `country`: every day but
    the weekend the `holidays` package gives the country (Friday and Saturday in Israel,
    Saturday and Sunday in most countries). An unknown country raises CalendarError."""
    problem = _holiday_source_problem(country, subdivision, ())
    if problem is not None:
        raise CalendarError(problem)
    import holidays

    weekend = holidays.country_holidays(country, subdiv=subdivision, years=[]).weekend
    return tuple(day for day in range(DAYS_PER_WEEK) if day not in weekend)


@functools.lru_cache(maxsize=4096)
def _holiday_source_problem(country: str, subdivision: str | None, categories: tuple[str, ...]) -> str | None:
    """What is wrong with a holiday source, or None (cached: binding a customer checks it again).

    A known country with its default holidays always makes a calendar, so it is accepted from
    the registry alone; building a calendar here would import the `holidays` package and its
    250 country modules (~0.15 s)."""
    countries = supported_country_codes()
    if country not in countries:
        matches = close_matches(country, sorted(countries))
        suggestion = f" Did you mean {' or '.join(map(repr, matches))}?" if matches else ""
        return (
            f"unknown country {country!r} for public holidays: the holidays package has no "
            f"calendar for it.{suggestion} Give an ISO 3166-1 alpha-2 code such as 'CZ', 'US' or 'DE'."
        )
    if subdivision is None and not categories:
        return None
    import holidays

    try:
        holidays.country_holidays(country, subdiv=subdivision, years=[], categories=categories or None)
    except NotImplementedError:
        known = _subdivisions(country)
        matches = close_matches(str(subdivision), known, limit=5)
        hint = f"close matches: {', '.join(matches)}" if matches else f"known: {', '.join(known) or 'none'}"
        return (
            f"unknown subdivision {subdivision!r} of {country} for public holidays ({hint}); "
            "give an ISO 3166-2 subdivision code without the country prefix, or none"
        )
    except ValueError as error:
        return (
            f"holiday categories {categories!r} are not all supported for {country} ({error}); "
            f"supported: {', '.join(calendar_categories(country))}"
        )
    return None


def calendar_categories(country: str) -> tuple[str, ...]:
    """The holiday categories the `holidays` package supports for `country`."""
    import holidays

    return tuple(holidays.country_holidays(country).supported_categories)


HolidayDatesStore: TypeAlias = Callable[[HolidaySource, int, Callable[[], frozenset[date]]], frozenset[date]]
"""`store(source, year, compute)`: the holiday dates of `source` in `year`, kept somewhere or
computed with `compute()`."""

_holiday_dates_store: HolidayDatesStore | None = None


def keep_holiday_dates(store: HolidayDatesStore | None) -> HolidayDatesStore | None:
    """Have the holiday dates of a source in a year, when this process first needs them, come
    from `store` (None: computed, as by default). Computing them imports the `holidays` package
    and runs its rules (about 0.15 s for one country and three years), so slac's commands keep
    them in slac's cache directory (`slac.holiday_cache`). The runtime never installs a store:
    a generated module imported by an application keeps the dates in memory only and writes
    no file. Returns the store it replaces, for a caller to put back."""
    global _holiday_dates_store
    previous, _holiday_dates_store = _holiday_dates_store, store
    return previous


@functools.lru_cache(maxsize=4096)
def _holiday_dates(source: HolidaySource, year: int) -> frozenset[date]:
    def compute() -> frozenset[date]:
        return frozenset(source._holiday_calendar(years=(year,)).keys())

    store = _holiday_dates_store
    return compute() if store is None else store(source, year, compute)


def merge_ranges(ranges: Iterable[MinuteRange]) -> tuple[MinuteRange, ...]:
    """Sorted, non-overlapping, non-touching ranges covering the same minutes as `ranges`."""
    merged: list[list[int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((start, end) for start, end in merged)


def subtract_range(ranges: Sequence[MinuteRange], removed: MinuteRange) -> tuple[MinuteRange, ...]:
    """`ranges` without the minutes of `removed`."""
    removed_start, removed_end = removed
    kept: list[MinuteRange] = []
    for start, end in ranges:
        if start < removed_start:
            kept.append((start, min(end, removed_start)))
        if end > removed_end:
            kept.append((max(start, removed_end), end))
    return tuple(kept)


def weekly_ranges_by_weekday(weekly: Sequence[WeeklyInterval]) -> tuple[tuple[MinuteRange, ...], ...]:
    """For each weekday 0..6 the merged open wall-clock ranges that the weekly intervals give it."""
    ranges_by_weekday: list[list[MinuteRange]] = [[] for _ in range(DAYS_PER_WEEK)]
    for interval in weekly:
        for weekday, minute_range in interval.pieces_by_weekday():
            ranges_by_weekday[weekday].append(minute_range)
    return tuple(merge_ranges(ranges) for ranges in ranges_by_weekday)


def weekday_runs(weekdays: Iterable[int]) -> list[tuple[int, int]]:
    """Consecutive weekdays as (first, last) pairs: {0, 1, 2, 4} → [(0, 2), (4, 4)]."""
    runs: list[tuple[int, int]] = []
    for day in sorted(set(weekdays)):
        if runs and day == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def describe_weekday_set(weekdays: Iterable[int]) -> str:
    """E.g. "daily", "Monday–Friday", "Monday, Wednesday, Saturday–Sunday"."""
    days = set(weekdays)
    if len(days) == DAYS_PER_WEEK:
        return "daily"
    return ", ".join(
        WEEKDAY_NAMES[first] if first == last else f"{WEEKDAY_NAMES[first]}–{WEEKDAY_NAMES[last]}"
        for first, last in weekday_runs(days)
    )


def describe_weekly(weekly: Sequence[WeeklyInterval]) -> str:
    """The weekly hours in words, e.g. "Monday–Friday 09:00–12:00 and 13:00–17:00".

    Intervals of at most a day (including night shifts such as 22:00–06:00) are grouped by
    their times; longer ones are written out, e.g. "Monday 00:01 – Friday 23:59".
    """
    if any(interval.length_minutes == MINUTES_PER_WEEK for interval in weekly):
        return "24/7"
    weekdays_by_hours: dict[MinuteRange, set[int]] = {}
    long_intervals: list[str] = []
    for interval in sorted(weekly, key=lambda interval: interval.start_of_week_minute):
        if interval.length_minutes <= MINUTES_PER_DAY:
            weekdays_by_hours.setdefault((interval.start, interval.end), set()).add(interval.start_day)
        else:
            long_intervals.append(
                f"{WEEKDAY_NAMES[interval.start_day]} {format_minute(interval.start)} – "
                f"{WEEKDAY_NAMES[interval.end_day]} {format_minute(interval.end)}"
            )
    hours_by_weekdays: dict[frozenset[int], list[MinuteRange]] = {}
    for hours, weekdays in weekdays_by_hours.items():
        hours_by_weekdays.setdefault(frozenset(weekdays), []).append(hours)
    parts = [
        describe_weekday_set(weekdays)
        + " "
        + " and ".join(f"{format_minute(start)}–{format_minute(end)}" for start, end in sorted(hours))
        for weekdays, hours in sorted(hours_by_weekdays.items(), key=lambda item: (min(item[0]), sorted(item[1])))
    ]
    return "; ".join(parts + long_intervals)
