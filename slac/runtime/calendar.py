"""`Calendar`: when support is open, and business-time arithmetic on it.

Semantics (see DESIGN.md "Semantics"): an instant is open when its local wall-clock time in the
calendar's zone lies in an open interval (half-open: 08:00 inside, 17:00 outside) and its local
date is not closed. Business time is the real time elapsed while open, so DST changes are real:
a skipped wall-clock hour is never open, a repeated one inside opening hours is open twice.
The deadline for D from S is the earliest T >= S with D of business time in [S, T); a target
used up exactly at closing time is due at closing time.

Open time is computed lazily per UTC year (see `timeline`) and cached on the calendar, so every
operation is a couple of bisections over integer microseconds. Calendars bound to customers
share what does not depend on the customer and keep a bounded number of years (see `caches`).
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from slac.runtime.caches import BINDINGS_PER_CALENDAR, OPEN_YEARS, LruCache
from slac.runtime.errors import CalendarError, naive_datetime_error
from slac.runtime.schedule import (
    MINUTES_PER_DAY,
    ExtraOpening,
    HolidaySource,
    MinuteRange,
    PartialClosure,
    WeeklyInterval,
    YearlyClosure,
    describe_weekly,
    format_minute,
    merge_ranges,
    subtract_range,
    weekly_ranges_by_weekday,
    working_days,
)
from slac.runtime.timeline import (
    FIRST_SUPPORTED_YEAR,
    LAST_SUPPORTED_YEAR,
    YEAR_STARTS,
    OpenYear,
    WallClockRanges,
    build_open_year,
    earliest_instant_at_wall_clock,
    open_local_days,
    wall_clock_at,
    wall_clock_open_ranges,
)
from slac.runtime.zones import MICROSECONDS_PER_DAY, UNIX_EPOCH, UNIX_EPOCH_ORDINAL, load_zone

if TYPE_CHECKING:
    import numpy

ONE_MICROSECOND = timedelta(microseconds=1)
MAX_YEARS_WITHOUT_OPEN_TIME = 8
ADD_MANY_CHUNK = 65_536
"""Elements per step of `Calendar.add_many`: its temporaries take about 60 bytes an element,
so a chunk needs ~4 MB whatever the input's size (all at once, 10 million deadlines took
over 500 MB), and stays in the processor's cache."""
"""More consecutive UTC years without open time than this means the calendar is effectively closed."""

_bisect_right = bisect.bisect_right


def _tuple_of(owner: str, kind: type, values: Iterable[Any]) -> tuple[Any, ...]:
    """`values` as a tuple, each checked to be a `kind`, so the calendar is hashable and immutable."""
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise CalendarError(f"Calendar {owner} must be a sequence of {kind.__name__}, got {values!r}")
    values = tuple(values)
    for value in values:
        if not isinstance(value, kind) or (kind is date and isinstance(value, datetime)):
            raise CalendarError(f"Calendar {owner} must contain only {kind.__name__} values, got {value!r}")
    return values


@dataclass(frozen=True)
class ArraySpan:
    """The open intervals of consecutive UTC years as int64 numpy arrays, for `Calendar.add_many`.

    `open_before_end` runs from the start of `first_year`; `total` is the span's open time.
    """

    first_year: int
    last_year: int
    starts: Any
    ends: Any
    open_before_end: Any
    total: int


BindingKey = tuple[str | None, str | None, str | None]
"""(zone, country, subdivision) of a customer, as far as a calendar depends on them."""

DayRules = tuple[Any, ...]
"""Everything that decides a calendar's open wall-clock time, but not its zone (a cache key)."""

_WALL_CLOCK_RANGES: LruCache[tuple[DayRules, int], WallClockRanges] = LruCache(maxsize=512)
"""Open wall-clock time per (rules, UTC year), shared by calendars that differ only in their zone."""


@dataclass(eq=False)
class _CalendarCaches:
    """What a calendar has computed so far. Mutable, and never part of the calendar's identity.

    `budgeted` caches (those of bound calendars) count against `caches.OPEN_YEARS`, which makes
    them forget their oldest years; everything here can be computed again.
    """

    budgeted: bool = False
    open_years: dict[int, OpenYear] = field(default_factory=dict)
    bindings: LruCache[BindingKey, Calendar] = field(default_factory=lambda: LruCache(BINDINGS_PER_CALENDAR))
    array_span: ArraySpan | None = None
    business_days: dict[int, list[int]] = field(default_factory=dict)

    def forget_year(self, year: int) -> None:
        """Drop UTC year `year` and what was derived from it."""
        self.open_years.pop(year, None)
        self.array_span = None
        self.business_days.clear()


@dataclass(frozen=True)
class Calendar:
    """When support is open: weekly local hours in a zone, minus closed dates, plus extra openings.

    `timezone=None` means "the customer's zone", `customer_holidays=True` means "also closed
    on the public holidays of the customer's country" and `customer_working_hours=(start, end)`
    means "also open start–end on each working day of the customer's country" (its weekend from
    the `holidays` package); such a calendar must be `bind`-ed to a customer before use. Building (or binding) validates everything, so a calendar that exists
    can always answer.

    A local date's open hours are its weekday's hours, or none on a holiday or closed date; then
    extra openings are added (an extra opening on a holiday opens it); then partial closures are
    taken away, so a partial closure wins over an extra opening on the same date.
    """

    timezone: str | None
    weekly: Sequence[WeeklyInterval]
    holidays: Sequence[HolidaySource] = ()
    closed_dates: Sequence[date] = ()
    partial_closures: Sequence[PartialClosure] = ()
    extra_openings: Sequence[ExtraOpening] = ()
    customer_holidays: bool = False
    customer_working_hours: tuple[int, int] | None = None
    yearly_closures: Sequence[YearlyClosure] = ()

    _zone: ZoneInfo | None = field(init=False, repr=False, compare=False)
    _weekday_ranges: tuple[tuple[MinuteRange, ...], ...] = field(init=False, repr=False, compare=False)
    _day_rules: DayRules = field(init=False, repr=False, compare=False)
    _caches: _CalendarCaches = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        set_field = object.__setattr__
        set_field(self, "weekly", _tuple_of("weekly", WeeklyInterval, self.weekly))
        set_field(self, "holidays", _tuple_of("holidays", HolidaySource, self.holidays))
        set_field(self, "closed_dates", tuple(sorted(_tuple_of("closed_dates", date, self.closed_dates))))
        set_field(self, "partial_closures", _tuple_of("partial_closures", PartialClosure, self.partial_closures))
        set_field(self, "extra_openings", _tuple_of("extra_openings", ExtraOpening, self.extra_openings))
        set_field(self, "yearly_closures", _tuple_of("yearly_closures", YearlyClosure, self.yearly_closures))
        if not isinstance(self.customer_holidays, bool):
            raise CalendarError(f"Calendar customer_holidays must be True or False, got {self.customer_holidays!r}")
        if self.customer_working_hours is not None:
            hours = self.customer_working_hours
            if not (
                isinstance(hours, tuple)
                and len(hours) == 2
                and all(isinstance(m, int) and not isinstance(m, bool) for m in hours)
                and 0 <= hours[0] < hours[1] <= MINUTES_PER_DAY
            ):
                raise CalendarError(
                    f"customer_working_hours={hours!r} is not a working day; give (start, end) in minutes after "
                    "local midnight with start before end, e.g. (540, 1020) for 09:00-17:00"
                )
        if not self.weekly and self.customer_working_hours is None:
            raise CalendarError(
                "calendar has no open time at all: it has no weekly hours, so no deadline could ever "
                "be reached; give at least one WeeklyInterval, or use Calendar.always(zone) for 24x7"
            )
        set_field(self, "_zone", None if self.timezone is None else load_zone(self.timezone))
        set_field(self, "_weekday_ranges", weekly_ranges_by_weekday(self.weekly))
        set_field(
            self,
            "_day_rules",
            (
                self._weekday_ranges,
                self.holidays,
                self.closed_dates,
                self.partial_closures,
                self.extra_openings,
                self.yearly_closures,
            ),
        )
        set_field(self, "_caches", _CalendarCaches())

    @classmethod
    def always(cls, timezone: str = "UTC") -> Calendar:
        """A 24x7 calendar: open at every instant (the zone only matters for `describe`)."""
        return cls(timezone, (WeeklyInterval(0, 0, 0, 0),))

    # ----------------------------------------------------------------------------- binding

    @property
    def is_bound(self) -> bool:
        """Whether the calendar can be used: its zone is known and it needs no customer's country."""
        return self.timezone is not None and not self.customer_holidays and self.customer_working_hours is None

    def bind(self, timezone: str | None = None, country: str | None = None, subdivision: str | None = None) -> Calendar:
        """This calendar for one customer: their zone (if the calendar has none) and holidays.

        A calendar with a fixed zone ignores `timezone`; `country`/`subdivision` are used only
        when `customer_holidays` is set. Bindings are cached (the last `BINDINGS_PER_CALENDAR`
        customers), so binding the same customer again returns the same calendar, with its
        computed years, for free. A bound calendar's years count against `caches.OPEN_YEARS`.
        """
        if self.is_bound:
            return self
        by_country = self.customer_holidays or self.customer_working_hours is not None
        key = (
            timezone if self.timezone is None else None,
            country if by_country else None,
            subdivision if by_country else None,
        )
        bound = self._caches.bindings.get(key)
        if bound is None:
            bound = self._bind(*key)
            object.__setattr__(bound, "_caches", _CalendarCaches(budgeted=True))
            self._caches.bindings[key] = bound
        return bound

    def _bind(self, timezone: str | None, country: str | None, subdivision: str | None) -> Calendar:
        if self.timezone is None and timezone is None:
            raise CalendarError(
                "this calendar uses the customer's time zone, but none was given; "
                "bind it with calendar.bind(timezone='Europe/Prague') (an IANA name)"
            )
        holidays = tuple(self.holidays)
        if self.customer_holidays:
            if country is None:
                raise CalendarError(
                    "this calendar is also closed on the public holidays of the customer's country, but none "
                    "was given; bind it with calendar.bind(country='CZ') (an ISO 3166-1 alpha-2 code)"
                )
            holidays += (HolidaySource(country, subdivision),)
        weekly = tuple(self.weekly)
        if self.customer_working_hours is not None:
            if country is None:
                raise CalendarError(
                    "this calendar is open on the working days of the customer's country, but none was "
                    "given; bind it with calendar.bind(country='IL') (an ISO 3166-1 alpha-2 code)"
                )
            start, end = self.customer_working_hours
            weekly += tuple(WeeklyInterval(day, start, day, end) for day in working_days(country, subdivision))
        return dataclasses.replace(
            self,
            timezone=self.timezone or timezone,
            weekly=weekly,
            holidays=holidays,
            customer_holidays=False,
            customer_working_hours=None,
        )

    def _require_bound(self) -> None:
        if self.timezone is None:
            raise CalendarError(
                "this calendar uses the customer's time zone and is not bound; "
                "call calendar.bind(timezone=...) with the customer's zone first"
            )
        if self.customer_holidays:
            raise CalendarError(
                "this calendar is closed on the customer's public holidays and is not bound; "
                "call calendar.bind(country=...) with the customer's country first"
            )
        if self.customer_working_hours is not None:
            raise CalendarError(
                "this calendar is open on the customer's working days and is not bound; "
                "call calendar.bind(country=...) with the customer's country first"
            )

    # ------------------------------------------------------------------------ open years

    def _build_open_year(self, year: int) -> OpenYear:
        """Compute, cache and return the open time of UTC year `year`."""
        self._require_bound()
        if not FIRST_SUPPORTED_YEAR <= year <= LAST_SUPPORTED_YEAR:
            raise CalendarError(
                f"year {year} is outside the supported years {FIRST_SUPPORTED_YEAR}..{LAST_SUPPORTED_YEAR}"
            )
        assert self._zone is not None
        wall_key = (self._day_rules, year)
        wall_ranges = _WALL_CLOCK_RANGES.get(wall_key)
        if wall_ranges is None:
            wall_ranges = _WALL_CLOCK_RANGES[wall_key] = wall_clock_open_ranges(year, self._local_day_ranges(year))
        open_year = build_open_year(year, self._zone, wall_ranges)
        caches = self._caches
        caches.open_years[year] = open_year
        if caches.budgeted:
            OPEN_YEARS.admit(caches, year)
        return open_year

    def _local_day_ranges(self, year: int) -> Callable[[date], tuple[MinuteRange, ...]]:
        """The open wall-clock ranges of each local date around UTC year `year`.

        Weekday hours, or none on a holiday or closed date; plus extra openings; minus partial
        closures (so a partial closure wins over an extra opening on the same date).
        """
        years = (year - 1, year, year + 1)
        yearly = [(closure, closure.on(closure_year)) for closure in self.yearly_closures for closure_year in years]
        holiday_dates = frozenset(self.closed_dates).union(
            *(source.dates(holiday_year) for source in self.holidays for holiday_year in years),
            (day for closure, day in yearly if day is not None and closure.whole_day),
        )
        closures: dict[date, list[MinuteRange]] = {}
        for closure in self.partial_closures:
            closures.setdefault(closure.day, []).append((closure.start, closure.end))
        for closure, day in yearly:
            if day is not None and not closure.whole_day:
                closures.setdefault(day, []).append((closure.start, closure.end))
        openings: dict[date, list[MinuteRange]] = {}
        for opening in self.extra_openings:
            openings.setdefault(opening.day, []).append((opening.start, opening.end))

        def local_day_ranges(day: date) -> tuple[MinuteRange, ...]:
            ranges = () if day in holiday_dates else self._weekday_ranges[day.weekday()]
            if day in openings:
                ranges = merge_ranges((*ranges, *openings[day]))
            for closed in closures.get(day, ()):
                ranges = subtract_range(ranges, closed)
            return ranges

        return local_day_ranges

    def _open_year(self, year: int) -> OpenYear:
        return self._caches.open_years.get(year) or self._build_open_year(year)

    def _next_year_with_open_time(self, year: int) -> OpenYear:
        """The first UTC year after `year` that has any open time."""
        for later_year in range(year + 1, year + 1 + MAX_YEARS_WITHOUT_OPEN_TIME):
            open_year = self._open_year(later_year)
            if open_year.total:
                return open_year
        raise CalendarError(
            f"calendar has no open time in the {MAX_YEARS_WITHOUT_OPEN_TIME} years after {year}; "
            "check its closed dates and holidays"
        )

    def _previous_year_with_open_time(self, year: int) -> OpenYear:
        """The last UTC year before `year` that has any open time."""
        for earlier_year in range(year - 1, year - 1 - MAX_YEARS_WITHOUT_OPEN_TIME, -1):
            open_year = self._open_year(earlier_year)
            if open_year.total:
                return open_year
        raise CalendarError(
            f"calendar has no open time in the {MAX_YEARS_WITHOUT_OPEN_TIME} years before {year}; "
            "check its closed dates and holidays"
        )

    # ------------------------------------------------------------------------- operations

    def is_open(self, t: datetime) -> bool:
        """Whether support is open at instant `t` (open intervals are half-open: 17:00 is closed)."""
        instant = _micros_since_epoch(t, "t")
        year = _bisect_right(YEAR_STARTS, instant)
        open_year = self._caches.open_years.get(year) or self._build_open_year(year)
        index = _bisect_right(open_year.starts, instant) - 1
        return index >= 0 and instant < open_year.ends[index]

    def next_opening(self, t: datetime) -> datetime:
        """`t` itself (in UTC) if open, else the next instant at which support opens."""
        instant = _micros_since_epoch(t, "t")
        year = _bisect_right(YEAR_STARTS, instant)
        open_year = self._caches.open_years.get(year) or self._build_open_year(year)
        index = _bisect_right(open_year.ends, instant)
        if index < len(open_year.ends):
            opening = max(open_year.starts[index], instant)
        else:
            opening = self._next_year_with_open_time(year).starts[0]
        return UNIX_EPOCH + timedelta(0, 0, opening)

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """The deadline: the earliest instant T >= start with `duration` of business time in [start, T).

        A start outside open hours begins counting at the next opening; a duration used up
        exactly at closing time is due at closing time. The result is an aware UTC datetime.
        """
        instant = _micros_since_epoch(start, "start")
        remaining = _duration_micros(duration)
        if remaining <= 0:
            if remaining == 0:
                return UNIX_EPOCH + timedelta(0, 0, instant)
            raise CalendarError(f"duration {duration} is negative; a deadline needs a duration of zero or more")
        year = _bisect_right(YEAR_STARTS, instant)
        open_year = self._caches.open_years.get(year) or self._build_open_year(year)
        # The open time of the year before the start (`OpenYear.open_time_before`, inline: this
        # is the hottest line of an evaluation), plus the duration: the open time to reach.
        ends = open_year.ends
        index = _bisect_right(ends, instant)
        if index < len(ends):
            interval_start = open_year.starts[index]
            reach = open_year.open_before_end[index] - ends[index] + remaining
            reach += instant if instant > interval_start else interval_start
        else:
            reach = open_year.total + remaining
        if reach > open_year.total:
            return UNIX_EPOCH + timedelta(0, 0, self._reached(open_year, reach))
        open_before_end = open_year.open_before_end
        index = bisect.bisect_left(open_before_end, reach)
        return UNIX_EPOCH + timedelta(0, 0, ends[index] - open_before_end[index] + reach)

    def between(self, a: datetime, b: datetime) -> timedelta:
        """The business time in [a, b); zero when b is not after a."""
        start = _micros_since_epoch(a, "a")
        end = _micros_since_epoch(b, "b")
        if end <= start:
            return timedelta(0)
        start_year = _bisect_right(YEAR_STARTS, start)
        open_year = self._caches.open_years.get(start_year) or self._build_open_year(start_year)
        if end < YEAR_STARTS[start_year]:  # within the year, as most spans are
            return timedelta(0, 0, open_year.open_time_before(end) - open_year.open_time_before(start))
        return timedelta(0, 0, self._open_time_to(open_year, open_year.open_time_before(start), end))

    def elapsed_and_deadline(self, start: datetime, end: datetime, duration: timedelta) -> tuple[timedelta, datetime]:
        """`(between(start, end), add(start, duration))`, computed together: what the cycle
        engine asks of every cycle (the clock time it has used, the instant its goal runs out),
        with the start read and placed in its year once."""
        instant = _micros_since_epoch(start, "start")
        stop = _micros_since_epoch(end, "end")
        remaining = _duration_micros(duration)
        if remaining < 0:
            raise CalendarError(f"duration {duration} is negative; a deadline needs a duration of zero or more")
        year = _bisect_right(YEAR_STARTS, instant)
        open_year = self._caches.open_years.get(year) or self._build_open_year(year)
        before = open_year.open_time_before(instant)
        elapsed = self._open_time_to(open_year, before, stop) if stop > instant else 0
        deadline = self._reached(open_year, before + remaining) if remaining else instant
        return timedelta(0, 0, elapsed), UNIX_EPOCH + timedelta(0, 0, deadline)

    def _reached(self, open_year: OpenYear, open_time: int) -> int:
        """The earliest instant by which `open_time` (> 0) of open time, counted from the start
        of `open_year`, has passed (in a later year when this one holds less)."""
        while open_time > open_year.total:
            open_time -= open_year.total
            open_year = self._next_year_with_open_time(open_year.year)
        return open_year.instant_after_open_time(open_time)

    def _open_time_to(self, open_year: OpenYear, before: int, end: int) -> int:
        """The open time from the instant with `before` of `open_year`'s open time before it up
        to `end` (a later instant)."""
        end_year = _bisect_right(YEAR_STARTS, end)
        if end_year == open_year.year:
            return open_year.open_time_before(end) - before
        business = open_year.total - before
        business += sum(self._open_year(year).total for year in range(open_year.year + 1, end_year))
        return business + self._open_year(end_year).open_time_before(end)

    def subtract(self, end: datetime, duration: timedelta) -> datetime:
        """The latest start: the latest instant S <= end with `duration` of business time in [S, end).

        The mirror of `add`: the latest moment work can start and still meet a deadline `end`.
        With a duration above zero, S is always open, so when the open time runs out exactly at
        an opening the answer is that opening (Monday 08:00 for 1 hour before Monday 09:00), not
        the closing before it (Friday 17:00), although [Friday 17:00, Monday 09:00) holds the
        same open time. A zero duration gives `end` itself. The result is an aware UTC datetime.
        """
        instant = _micros_since_epoch(end, "end")
        remaining = _duration_micros(duration)
        if remaining <= 0:
            if remaining == 0:
                return UNIX_EPOCH + timedelta(0, 0, instant)
            raise CalendarError(f"duration {duration} is negative; a latest start needs a duration of zero or more")
        year = _bisect_right(YEAR_STARTS, instant)
        open_year = self._open_year(year)
        target = open_year.open_time_before(instant) - remaining
        while target < 0:
            open_year = self._previous_year_with_open_time(open_year.year)
            target += open_year.total
        # The open time of the year before S is `target`; S is in the first interval that ends after it.
        open_before_end = open_year.open_before_end
        index = _bisect_right(open_before_end, target)
        return UNIX_EPOCH + timedelta(0, 0, open_year.ends[index] - open_before_end[index] + target)

    def previous_open(self, t: datetime) -> datetime:
        """`t` itself (in UTC) if open, else the instant the last open period before `t` ended.

        The "previous business moment": for any instant of a weekend, Friday 17:00 — the
        closing instant, which is itself closed because open intervals are half-open (pandas'
        `rollback` answers the same). Formally, for a closed `t`, the earliest instant u <= t
        with no business time in [u, t).
        """
        instant = _micros_since_epoch(t, "t")
        year = _bisect_right(YEAR_STARTS, instant)
        open_year = self._open_year(year)
        index = _bisect_right(open_year.starts, instant) - 1
        if index < 0:
            closing = self._previous_year_with_open_time(year).ends[-1]
        elif instant < open_year.ends[index]:
            closing = instant
        else:
            closing = open_year.ends[index]
        return UNIX_EPOCH + timedelta(0, 0, closing)

    def next_closing(self, t: datetime) -> datetime | None:
        """The end of the open period that contains `t`, or if `t` is closed, of the next one.

        Formally, the earliest closed instant u with business time in [t, u): 17:00 for any
        instant of an 08:00–17:00 day from 00:00 to 16:59:59.999999, the next day's 17:00 from
        17:00 on. None when the calendar stays open for more than
        `MAX_YEARS_WITHOUT_OPEN_TIME` UTC years without a break (a 24x7 calendar never closes).
        """
        instant = _micros_since_epoch(t, "t")
        year = _bisect_right(YEAR_STARTS, instant)
        open_year = self._open_year(year)
        index = _bisect_right(open_year.ends, instant)
        if index == len(open_year.ends):
            open_year, index = self._next_year_with_open_time(year), 0
        closing = open_year.ends[index]
        # An open period that reaches the end of a UTC year goes on if the next year opens at once.
        for _ in range(MAX_YEARS_WITHOUT_OPEN_TIME):
            if closing != YEAR_STARTS[open_year.year]:
                return UNIX_EPOCH + timedelta(0, 0, closing)
            open_year = self._open_year(open_year.year + 1)
            if not open_year.starts or open_year.starts[0] != closing:
                return UNIX_EPOCH + timedelta(0, 0, closing)
            closing = open_year.ends[0]
        return None

    def open_periods(self, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
        """The open periods within [start, end), in order, as (opening, closing) aware UTC pairs.

        Each period is a maximal open stretch cut to [start, end), so the first may begin at
        `start` and the last end at `end`; periods never touch, and their lengths add up to
        `between(start, end)`. Empty when `end` is not after `start`.
        """
        first = _micros_since_epoch(start, "start")
        last = _micros_since_epoch(end, "end")
        periods: list[list[int]] = []
        year = _bisect_right(YEAR_STARTS, first)
        while first < last and year <= _bisect_right(YEAR_STARTS, last):
            open_year = self._open_year(year)
            starts, ends = open_year.starts, open_year.ends
            index = _bisect_right(ends, first)
            while index < len(starts) and starts[index] < last:
                opening, closing = max(starts[index], first), min(ends[index], last)
                if periods and periods[-1][1] == opening:  # a period running over a UTC new year
                    periods[-1][1] = closing
                else:
                    periods.append([opening, closing])
                index += 1
            year += 1
        return [
            (UNIX_EPOCH + timedelta(0, 0, opening), UNIX_EPOCH + timedelta(0, 0, closing)) for opening, closing in periods
        ]

    # -------------------------------------------------------------------- business days

    def is_business_day(self, day: date) -> bool:
        """Whether local date `day` (in the calendar's zone) is a business day: it has open time.

        A business day is a local date on which support is open at some instant: its hours,
        after holidays, closed dates, extra openings and partial closures, are not empty and
        are not all skipped by a DST change. So a holiday is not a business day, a weekend date
        with an extra opening is, and so is a Saturday on which a Friday night shift ends.
        """
        number = _day_number(day, "day")
        days = self._business_days(_year_of_day_number(number))
        index = bisect.bisect_left(days, number)
        return index < len(days) and days[index] == number

    def business_days_between(self, first: date, last: date) -> int:
        """The number of business days from local date `first` up to, not including, `last`.

        Half-open like `between`: [first, last), so Monday to the next Monday counts five in
        a Monday–Friday week; zero when `last` is not after `first`.
        """
        first_number = _day_number(first, "first")
        last_number = _day_number(last, "last")
        if last_number <= first_number:
            return 0
        count = 0
        for year in range(_year_of_day_number(first_number), _year_of_day_number(last_number - 1) + 1):
            days = self._business_days(year)
            count += bisect.bisect_left(days, last_number) - bisect.bisect_left(days, first_number)
        return count

    def add_business_days(self, t: datetime, days: int) -> datetime:
        """`days` business days after `t`, at the same local clock time, as zendesk/biz counts them.

        Take the local date and clock time of `t` in the calendar's zone; move to the `days`-th
        business day after that date (counting from the next date, whether or not `t`'s own date
        is a business day; zero days stays on it); the answer is the first instant, not before
        `t`, at which the local clock there shows that time or later — its first occurrence if
        DST repeats it, the moment the clocks jump past it if DST skips it — moved on to the
        next opening if support is closed then (18:00 becomes the next day's 08:00). So zero
        days gives `next_opening(t)`. The result is an aware UTC datetime.
        """
        if not isinstance(days, int) or isinstance(days, bool) or days < 0:
            raise CalendarError(f"days must be a whole number of zero or more, got {days!r}")
        instant = _micros_since_epoch(t, "t")
        self._require_bound()
        assert self._zone is not None
        wall = wall_clock_at(self._zone, instant)
        number, clock = divmod(wall, MICROSECONDS_PER_DAY)
        year = _year_of_day_number(number)
        business_days = self._business_days(year)
        index = bisect.bisect_right(business_days, number) + days - 1
        years_without_business_days = 0
        while days and index >= len(business_days):
            index -= len(business_days)
            year += 1
            business_days = self._business_days(year)
            years_without_business_days = 0 if business_days else years_without_business_days + 1
            if years_without_business_days > MAX_YEARS_WITHOUT_OPEN_TIME:
                raise CalendarError(
                    f"calendar has no business day in the {MAX_YEARS_WITHOUT_OPEN_TIME} years after {year - 1}; "
                    "check its closed dates and holidays"
                )
        target_day = business_days[index] if days else number
        start = max(earliest_instant_at_wall_clock(self._zone, target_day * MICROSECONDS_PER_DAY + clock), instant)
        return self.next_opening(UNIX_EPOCH + timedelta(0, 0, start))

    def support_days(self, t: datetime, days: int) -> timedelta:
        """The business time `days` support days are worth from `t`: from the opening at or
        after `t` up to the same local clock time `days` business days after it
        (`add_business_days`). A start while support is closed counts from the next opening,
        as business time does, so a ticket opened on Saturday morning or on a holiday gets whole
        days (up to Tuesday's opening from Saturday 10:00, where the clock time of the start
        itself, Monday 10:00, would leave one hour)."""
        opening = self.next_opening(t)
        return self.between(opening, self.add_business_days(opening, days))

    def _business_days(self, year: int) -> list[int]:
        """The business days of local year `year` (days since 1970-01-01), sorted; cached."""
        business_days = self._caches.business_days.get(year)
        if business_days is not None:
            return business_days
        self._require_bound()
        assert self._zone is not None
        if not FIRST_SUPPORTED_YEAR < year < LAST_SUPPORTED_YEAR:
            raise CalendarError(
                f"year {year} is outside the years whose business days are supported "
                f"{FIRST_SUPPORTED_YEAR + 1}..{LAST_SUPPORTED_YEAR - 1}"
            )
        first_day = date(year, 1, 1).toordinal() - UNIX_EPOCH_ORDINAL
        last_day = date(year + 1, 1, 1).toordinal() - UNIX_EPOCH_ORDINAL
        found: set[int] = set()
        # Local dates of year `year` are lived in UTC years year - 1 (only its last day), year,
        # and year + 1 (only its first day): UTC offsets are under a day.
        for utc_year, first, last in (
            (year - 1, YEAR_STARTS[year - 1] - MICROSECONDS_PER_DAY, YEAR_STARTS[year - 1]),
            (year, YEAR_STARTS[year - 1], YEAR_STARTS[year]),
            (year + 1, YEAR_STARTS[year], YEAR_STARTS[year] + MICROSECONDS_PER_DAY),
        ):
            found |= open_local_days(self._open_year(utc_year), self._zone, first, last)
        business_days = sorted(day for day in found if first_day <= day < last_day)
        self._caches.business_days[year] = business_days
        return business_days

    def add_many(self, starts: numpy.ndarray, durations: numpy.ndarray) -> numpy.ndarray:
        """`add` over arrays: datetime64 (UTC) or int64 microseconds in, datetime64[us] UTC out.

        Gives exactly the instants `add` gives. Durations are timedelta64 or int64 microseconds;
        the two arrays broadcast against each other. Needs numpy (imported only here).
        """
        import numpy as np

        start_micros = _array_micros(np, starts, "starts", "M")
        duration_micros = _array_micros(np, durations, "durations", "m")
        start_micros, duration_micros = np.broadcast_arrays(start_micros, duration_micros)
        result = np.empty(start_micros.shape, dtype="datetime64[us]")
        if result.size == 0:
            return result
        starts_flat, durations_flat = start_micros.reshape(-1), duration_micros.reshape(-1)
        result_flat = result.reshape(-1).view(np.int64)
        span = self._array_span(
            np,
            first_year=_bisect_right(YEAR_STARTS, int(starts_flat.min())),
            last_year=_bisect_right(YEAR_STARTS, int(starts_flat.max())),
        )
        # in chunks, so that the temporaries (eight arrays the size of the input) stay small
        # and in the processor's cache; the span only grows, so earlier chunks stay valid
        for begin in range(0, result_flat.size, ADD_MANY_CHUNK):
            chunk = slice(begin, begin + ADD_MANY_CHUNK)
            span = self._add_chunk(np, span, starts_flat[chunk], durations_flat[chunk], result_flat[chunk])
        return result

    def _add_chunk(self, np: Any, span: ArraySpan, starts: Any, durations: Any, out: Any) -> ArraySpan:
        """`add_many` for one chunk of int64 microseconds, written into `out`; the span used
        (grown when a deadline falls past its end)."""
        if (durations < 0).any():
            raise CalendarError("durations contain a negative duration; a deadline needs a duration of zero or more")
        while True:
            # The open time of the span before each start, plus its duration: the open time to reach.
            index = np.minimum(np.searchsorted(span.ends, starts, side="right"), len(span.ends) - 1)
            open_before_start = np.minimum(
                span.open_before_end[index] - span.ends[index] + np.maximum(starts, span.starts[index]),
                span.total,
            )
            target = open_before_start + durations
            shortfall = int(target.max()) - span.total
            if shortfall <= 0:
                break
            years_short = shortfall // max(span.total // (span.last_year - span.first_year + 1), 1) + 1
            span = self._array_span(np, span.first_year, span.last_year + years_short)
        index = np.searchsorted(span.open_before_end, target, side="left")
        deadlines = span.ends[index] - span.open_before_end[index] + target
        out[...] = np.where(durations == 0, starts, deadlines)
        return span

    def _array_span(self, np: Any, first_year: int, last_year: int) -> ArraySpan:
        """The open intervals of at least UTC years first_year..last_year as numpy arrays.

        Cached and grown on demand; a span with no open time at all is grown until it has some.
        """
        cached = self._caches.array_span
        if cached is not None:
            if cached.first_year <= first_year and last_year <= cached.last_year:
                return cached
            first_year, last_year = min(first_year, cached.first_year), max(last_year, cached.last_year)
        open_years = [self._open_year(year) for year in range(first_year, last_year + 1)]
        if not any(open_year.total for open_year in open_years):
            last_year = self._next_year_with_open_time(last_year).year
            open_years = [self._open_year(year) for year in range(first_year, last_year + 1)]
        starts = np.array([start for open_year in open_years for start in open_year.starts], dtype=np.int64)
        ends = np.array([end for open_year in open_years for end in open_year.ends], dtype=np.int64)
        open_before_end = np.cumsum(ends - starts)
        span = ArraySpan(first_year, last_year, starts, ends, open_before_end, int(open_before_end[-1]))
        self._caches.array_span = span
        return span

    # ------------------------------------------------------------------------ description

    def standard_day_length(self) -> timedelta | None:
        """The open time of a standard open day, if every weekday that opens opens for as long.

        Measured per local weekday on the weekly hours (holidays and DST aside), so 09:00–17:00
        gives 8 hours and a daily 22:00–06:00 shift gives 8 hours; None where open days differ
        (e.g. 24x5 from Monday 00:01), which makes "business day" ambiguous.
        """
        lengths = {sum(end - start for start, end in ranges) for ranges in self._weekday_ranges} - {0}
        if self.customer_working_hours is not None:
            # unbound: whichever days the customer works, each opens for this long
            start, end = self.customer_working_hours
            lengths.add(end - start)
        return timedelta(minutes=lengths.pop()) if len(lengths) == 1 else None

    def describe(self) -> str:
        """The calendar in words, e.g. "Monday–Friday 08:00–17:00, Europe/Prague, closed on public holidays of CZ"."""
        parts = [describe_weekly(self.weekly), self.timezone or "the customer's time zone"]
        if self.customer_working_hours is not None:
            start, end = self.customer_working_hours
            customer_days = f"the working days of the customer's country {format_minute(start)}–{format_minute(end)}"
            parts[0] = f"{parts[0]}, {customer_days}" if self.weekly else customer_days
        holiday_owners = [source.describe() for source in self.holidays]
        if self.customer_holidays:
            holiday_owners.append("the customer's country")
        if holiday_owners:
            parts.append("closed on public holidays of " + " and ".join(holiday_owners))
        if self.closed_dates:
            parts.append("closed on " + ", ".join(day.isoformat() for day in sorted(self.closed_dates)))
        for yearly in sorted(self.yearly_closures, key=lambda closure: (closure.month, closure.day, closure.start)):
            parts.append("closed " + yearly.describe())
        for closure in sorted(self.partial_closures, key=lambda closure: (closure.day, closure.start)):
            if closure.end == MINUTES_PER_DAY:
                parts.append(f"closed {closure.day.isoformat()} from {format_minute(closure.start)}")
            else:
                parts.append(
                    f"closed {closure.day.isoformat()} {format_minute(closure.start)}–{format_minute(closure.end)}"
                )
        for opening in sorted(self.extra_openings, key=lambda opening: (opening.day, opening.start)):
            parts.append(
                f"also open {opening.day.isoformat()} {format_minute(opening.start)}–{format_minute(opening.end)}"
            )
        return ", ".join(parts)


def _micros_since_epoch(value: datetime, name: str) -> int:
    """An aware datetime as microseconds since the Unix epoch; a clear error for anything else."""
    try:
        return (value - UNIX_EPOCH) // ONE_MICROSECOND
    except TypeError:
        if not isinstance(value, datetime):
            raise CalendarError(f"{name} must be an aware datetime, got {type(value).__name__} {value!r}") from None
        raise naive_datetime_error(name, value) from None


def _day_number(value: date, name: str) -> int:
    """A local date as days since 1970-01-01; a clear error for anything but a plain date."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise CalendarError(f"{name} must be a date (a local date in the calendar's zone), got {value!r}")
    return value.toordinal() - UNIX_EPOCH_ORDINAL


def _year_of_day_number(number: int) -> int:
    """The year of a date given as days since 1970-01-01."""
    return date.fromordinal(number + UNIX_EPOCH_ORDINAL).year


def _duration_micros(duration: timedelta) -> int:
    """A timedelta as whole microseconds."""
    try:
        return duration // ONE_MICROSECOND
    except TypeError:
        raise CalendarError(f"duration must be a timedelta, got {type(duration).__name__} {duration!r}") from None


def _array_micros(np: Any, values: Any, name: str, datetime_kind: str) -> Any:
    """datetime64/timedelta64 (kind "M"/"m") or integer microseconds as an int64 numpy array."""
    array = np.asarray(values)
    if array.dtype.kind == datetime_kind:
        if np.isnat(array).any():
            raise CalendarError(f"{name} contains NaT; every element needs a value")
        unit = "datetime64[us]" if datetime_kind == "M" else "timedelta64[us]"
        return array.astype(unit, copy=False).view(np.int64)  # no copy when already in µs
    if array.dtype.kind in "iu":
        return array.astype(np.int64, copy=False)
    expected = "datetime64 (UTC)" if datetime_kind == "M" else "timedelta64"
    raise CalendarError(
        f"{name} has dtype {array.dtype}; give a numpy {expected} array or int64 microseconds "
        "(aware datetime objects: convert them to UTC datetime64[us] first)"
    )
