"""A deliberately simple brute-force model of business time, to check `slac.runtime` against.

It shares no code with the runtime and uses no cleverness: it walks real time one UTC minute at
a time, converts each minute to local wall-clock time with zoneinfo, and asks whether that
wall-clock minute is open. That is the definition in DESIGN.md, read literally, so DST needs no
special handling here: a skipped wall-clock hour is simply never reached, a repeated one is
reached twice.

Limits, to keep it obviously right: every time is a whole UTC minute and every duration a whole
number of minutes, and the zones used have offsets in whole minutes (so each UTC minute lies
entirely inside or outside open time). It is slow: roughly a microsecond per minute walked.

Business days: a local date is a business day when one of its wall-clock minutes is open and
the clocks of the zone really show it (it is not skipped by DST).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import holidays

ONE_MINUTE = timedelta(minutes=1)
MINUTES_PER_DAY = 24 * 60
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY


class ReferenceCalendar:
    """Weekly open wall-clock minutes in a zone, with whole-day holidays and per-date changes.

    weekly: (start_day, start_minute, end_day, end_minute) tuples, days 0=Monday, minutes after
    local midnight; an end before the start wraps into the next week, an end equal to the start
    means the whole week. partial_closures and extra_openings: (date, start_minute, end_minute).
    yearly_closures: (month, day, start_minute, end_minute), every year; (m, d, 0, 1440) closes
    the whole date, like a closed date. Extra openings win over whole-day closures (holidays,
    closed dates, whole-day yearly closures); partial closures, dated or yearly, win over extra
    openings.
    """

    def __init__(
        self,
        zone: str,
        weekly: list[tuple[int, int, int, int]],
        holiday_country: str | None = None,
        holiday_subdivision: str | None = None,
        closed_dates: tuple[date, ...] = (),
        partial_closures: tuple[tuple[date, int, int], ...] = (),
        extra_openings: tuple[tuple[date, int, int], ...] = (),
        yearly_closures: tuple[tuple[int, int, int, int], ...] = (),
    ) -> None:
        self.zone = ZoneInfo(zone)
        self.open_minute_of_week = [False] * MINUTES_PER_WEEK
        for start_day, start, end_day, end in weekly:
            first = start_day * MINUTES_PER_DAY + start
            length = (end_day * MINUTES_PER_DAY + end - first) % MINUTES_PER_WEEK or MINUTES_PER_WEEK
            for step in range(length):
                self.open_minute_of_week[(first + step) % MINUTES_PER_WEEK] = True
        self.public_holidays = (
            holidays.country_holidays(holiday_country, subdiv=holiday_subdivision) if holiday_country else {}
        )
        self.closed_dates = set(closed_dates)
        self.partial_closures = partial_closures
        self.extra_openings = extra_openings
        self.yearly_closures = yearly_closures
        self.open_minutes_by_date: dict[date, list[bool]] = {}

    def open_minutes_of(self, day: date) -> list[bool]:
        """For each minute of the local date `day`, whether it is open (computed once per date)."""
        if day not in self.open_minutes_by_date:
            whole_day_every_year = any(
                (month, month_day, start, end) == (day.month, day.day, 0, MINUTES_PER_DAY)
                for month, month_day, start, end in self.yearly_closures
            )
            if day in self.closed_dates or day in self.public_holidays or whole_day_every_year:
                minutes = [False] * MINUTES_PER_DAY
            else:
                first = day.weekday() * MINUTES_PER_DAY
                minutes = self.open_minute_of_week[first : first + MINUTES_PER_DAY]
            for open_day, start, end in self.extra_openings:
                if open_day == day:
                    minutes[start:end] = [True] * (end - start)
            for closed_day, start, end in self.partial_closures:
                if closed_day == day:
                    minutes[start:end] = [False] * (end - start)
            for month, month_day, start, end in self.yearly_closures:
                if (month, month_day) == (day.month, day.day) and (start, end) != (0, MINUTES_PER_DAY):
                    minutes[start:end] = [False] * (end - start)
            self.open_minutes_by_date[day] = minutes
        return self.open_minutes_by_date[day]

    def is_open(self, t: datetime) -> bool:
        """Whether the UTC minute containing `t` is open."""
        local = t.astimezone(self.zone)
        return self.open_minutes_of(local.date())[local.hour * 60 + local.minute]

    def add(self, start: datetime, minutes: int) -> datetime:
        """Walk from `start` until `minutes` open minutes have passed; the end of the last one."""
        t = _whole_minute(start)
        remaining = minutes
        while remaining > 0:
            if self.is_open(t):
                remaining -= 1
            t += ONE_MINUTE
        return t

    def between(self, a: datetime, b: datetime) -> timedelta:
        """The number of open minutes in [a, b)."""
        t, end = _whole_minute(a), _whole_minute(b)
        count = 0
        while t < end:
            count += self.is_open(t)
            t += ONE_MINUTE
        return timedelta(minutes=count)

    def next_opening(self, t: datetime) -> datetime:
        """The first open minute at or after `t`."""
        t = _whole_minute(t)
        while not self.is_open(t):
            t += ONE_MINUTE
        return t


    def subtract(self, end: datetime, minutes: int) -> datetime:
        """Walk back from `end` until `minutes` open minutes have passed; the start of the last one."""
        t = _whole_minute(end)
        remaining = minutes
        while remaining > 0:
            t -= ONE_MINUTE
            if self.is_open(t):
                remaining -= 1
        return t

    def previous_open(self, t: datetime) -> datetime:
        """`t` if its minute is open, else the end of the last open minute before it."""
        t = _whole_minute(t)
        if self.is_open(t):
            return t
        while not self.is_open(t - ONE_MINUTE):
            t -= ONE_MINUTE
        return t

    def next_closing(self, t: datetime, within: timedelta) -> datetime | None:
        """The first closed minute after an open one, from `t` on; None if none within `within` of `t`."""
        t = self.next_opening(t)
        limit = t + within
        while self.is_open(t):
            t += ONE_MINUTE
            if t > limit:
                return None
        return t

    def open_periods(self, a: datetime, b: datetime) -> list[tuple[datetime, datetime]]:
        """Runs of consecutive open minutes in [a, b), as (first minute, end of last minute)."""
        t, end = _whole_minute(a), _whole_minute(b)
        periods: list[tuple[datetime, datetime]] = []
        while t < end:
            if self.is_open(t):
                if periods and periods[-1][1] == t:
                    periods[-1] = (periods[-1][0], t + ONE_MINUTE)
                else:
                    periods.append((t, t + ONE_MINUTE))
            t += ONE_MINUTE
        return periods

    def is_business_day(self, day: date) -> bool:
        """Whether some open wall-clock minute of local date `day` is shown by the zone's clocks."""
        for minute, is_open in enumerate(self.open_minutes_of(day)):
            if is_open:
                wall = datetime.combine(day, time(minute // 60, minute % 60))
                shown = wall.replace(tzinfo=self.zone).astimezone(timezone.utc).astimezone(self.zone)
                if shown.replace(tzinfo=None) == wall:
                    return True
        return False

    def business_days_between(self, first: date, last: date) -> int:
        """Business days from `first` up to, not including, `last`, counted one date at a time."""
        count = 0
        day = first
        while day < last:
            count += self.is_business_day(day)
            day += timedelta(days=1)
        return count

    def add_business_days(self, t: datetime, days: int) -> datetime:
        """The `days`-th business date after t's local date, at t's clock time (or the first minute
        not before t whose local time is at or after it), then the next open minute."""
        t = _whole_minute(t)
        local = t.astimezone(self.zone)
        day, counted = local.date(), 0
        while counted < days:
            day += timedelta(days=1)
            counted += self.is_business_day(day)
        target = datetime.combine(day, local.time())
        # UTC offsets are under 15 hours: no minute before target - 15 hours shows target or later.
        u = max(t, target.replace(tzinfo=timezone.utc) - timedelta(hours=15))
        while u.astimezone(self.zone).replace(tzinfo=None) < target:
            u += ONE_MINUTE
        return self.next_opening(u)


def add_months(zone: ZoneInfo, t: datetime, months: int) -> datetime:
    """`months` calendar months after `t` in `zone`, found by walking: local dates one by one
    until the month has changed `months` times, then on while the day of the month is still
    before t's (and the month does not change again); then the first whole UTC minute, not before
    t, whose local wall-clock time is at or after that date at t's clock time."""
    t = _whole_minute(t)
    local = t.astimezone(zone)
    day, changes = local.date(), 0
    while changes < months:
        following = day + timedelta(days=1)
        changes += following.month != day.month
        day = following
    while day.day < local.day and (day + timedelta(days=1)).month == day.month:
        day += timedelta(days=1)
    target = datetime.combine(day, local.time())
    u = max(t, target.replace(tzinfo=timezone.utc) - timedelta(hours=15))
    while u.astimezone(zone).replace(tzinfo=None) < target:
        u += ONE_MINUTE
    return u


def _whole_minute(t: datetime) -> datetime:
    """`t` in UTC, which must be a whole minute (the reference's only resolution)."""
    utc = t.astimezone(timezone.utc)
    if utc.second or utc.microsecond:
        raise ValueError(f"the reference works in whole minutes only, got {t}")
    return utc
