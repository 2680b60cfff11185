"""Open time as sorted UTC instants, one UTC year at a time, with prefix sums.

A year of open time is a few hundred intervals; with the running total of open time at the end
of each, "how much open time lies before t" and "when has D of open time passed" are each one
`bisect` over a list of ints, whatever the length of the duration.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from slac.runtime.schedule import MinuteRange
from slac.runtime.zones import (
    MICROSECONDS_PER_DAY,
    MICROSECONDS_PER_MINUTE,
    UNIX_EPOCH,
    UNIX_EPOCH_ORDINAL,
    OffsetSegment,
    shared_offset_segments,
)

FIRST_SUPPORTED_YEAR = 2
LAST_SUPPORTED_YEAR = 9998


def _year_start(year: int) -> int:
    return (date(year, 1, 1).toordinal() - UNIX_EPOCH_ORDINAL) * MICROSECONDS_PER_DAY


# January 1st of year y + 1 is day 365y + y//4 - y//100 + y//400 + 1 of the proleptic Gregorian
# calendar (what `date.toordinal` counts): the same numbers as `_year_start`, without building
# ten thousand dates when the runtime is imported. The calendar repeats every 400 years
# (146,097 days), so the first 400 are worked out and the rest are them shifted by whole cycles:
# a fifth of the import time of working out all 9,999.
_CYCLE = 146_097 * MICROSECONDS_PER_DAY
_FIRST_CYCLE = [
    (365 * y + y // 4 - y // 100 + y // 400 + 1 - UNIX_EPOCH_ORDINAL) * MICROSECONDS_PER_DAY for y in range(400)
]
YEAR_STARTS: list[int] = [start + shift for shift in range(0, 25 * _CYCLE, _CYCLE) for start in _FIRST_CYCLE][:9_999]
del _FIRST_CYCLE
"""The first instant of UTC years 1..9999; `bisect_right(YEAR_STARTS, t)` is the UTC year of t."""


@dataclass(frozen=True, slots=True)
class OpenYear:
    """The open time of one UTC year as disjoint, non-touching intervals [starts[i], ends[i]).

    `open_before_end[i]` is the open time in this year up to `ends[i]`; `total` is the year's
    open time. All values are microseconds (instants since the Unix epoch).
    """

    year: int
    starts: list[int]
    ends: list[int]
    open_before_end: list[int]
    total: int

    def open_time_before(self, instant: int) -> int:
        """The open time in this year before `instant` (which lies in this year)."""
        index = bisect.bisect_right(self.ends, instant)
        if index == len(self.ends):
            return self.total
        start = self.starts[index]
        return self.open_before_end[index] - self.ends[index] + (instant if instant > start else start)

    def instant_after_open_time(self, open_time: int) -> int:
        """The earliest instant by which `open_time` (0 < open_time <= total) of this year has passed."""
        index = bisect.bisect_left(self.open_before_end, open_time)
        return self.ends[index] - self.open_before_end[index] + open_time


LocalDayRanges = Callable[[date], Sequence[MinuteRange]]
"""The open wall-clock ranges of a local date, after holidays, closures and extra openings."""


WallClockRanges = tuple[tuple[int, ...], tuple[int, ...]]
"""Open wall-clock time as sorted (starts, ends): wall-clock time read as if it were UTC, in microseconds."""


def year_offset_segments(zone: ZoneInfo, year: int) -> tuple[OffsetSegment, ...]:
    """The constant-offset pieces of UTC year `year` in `zone` (shared by all calendars in the zone)."""
    return shared_offset_segments(zone, YEAR_STARTS[year - 1], YEAR_STARTS[year])


def wall_clock_open_ranges(year: int, local_day_ranges: LocalDayRanges) -> WallClockRanges:
    """The open wall-clock time of the local dates around UTC year `year`, merged across midnights.

    It does not depend on the zone, so calendars that differ only in their zone share it.
    """
    starts, ends = _wall_clock_open_ranges(
        first_day=date(year - 1, 12, 30), last_day=date(year + 1, 1, 2), local_day_ranges=local_day_ranges
    )
    return tuple(starts), tuple(ends)


def build_open_year(year: int, zone: ZoneInfo, wall_ranges: WallClockRanges) -> OpenYear:
    """The open instants of UTC year `year`: those whose local wall-clock time is open.

    `wall_ranges` are the open ranges of "wall-clock microseconds" (wall-clock time read as if
    it were UTC) of the local dates around the year (`wall_clock_open_ranges`). Over each
    stretch of constant UTC offset, an instant's wall-clock time is instant + offset, so the
    open instants of that stretch are the open wall-clock ranges it covers, shifted back by the
    offset. A wall-clock hour skipped by DST is covered by no stretch (so it is never open); an
    hour repeated by DST is covered by two (so it is open twice, as real time).
    """
    wall_starts, wall_ends = wall_ranges
    starts: list[int] = []
    ends: list[int] = []
    for segment_start, segment_end, offset in year_offset_segments(zone, year):
        wall_from, wall_to = segment_start + offset, segment_end + offset
        index = bisect.bisect_right(wall_ends, wall_from)
        while index < len(wall_starts) and wall_starts[index] < wall_to:
            start = max(wall_starts[index], wall_from) - offset
            end = min(wall_ends[index], wall_to) - offset
            if ends and ends[-1] == start:
                ends[-1] = end
            else:
                starts.append(start)
                ends.append(end)
            index += 1
    open_before_end: list[int] = []
    running_total = 0
    for start, end in zip(starts, ends):
        running_total += end - start
        open_before_end.append(running_total)
    return OpenYear(year, starts, ends, open_before_end, running_total)


def open_local_days(open_year: OpenYear, zone: ZoneInfo, first: int, last: int) -> set[int]:
    """The local dates (days since 1970-01-01) on which some open instant of [first, last) falls.

    `first` and `last` lie in the UTC year of `open_year`. An open instant's local date is that
    of its wall-clock time, instant + offset, so each open piece of a constant-offset stretch
    covers the local dates of its wall-clock range.
    """
    days: set[int] = set()
    starts, ends = open_year.starts, open_year.ends
    for segment_start, segment_end, offset in year_offset_segments(zone, open_year.year):
        piece_from, piece_to = max(segment_start, first), min(segment_end, last)
        if piece_from >= piece_to:
            continue
        index = bisect.bisect_right(ends, piece_from)
        while index < len(starts) and starts[index] < piece_to:
            wall_start = max(starts[index], piece_from) + offset
            wall_end = min(ends[index], piece_to) + offset
            days.update(range(wall_start // MICROSECONDS_PER_DAY, (wall_end - 1) // MICROSECONDS_PER_DAY + 1))
            index += 1
    return days


def wall_clock_at(zone: ZoneInfo, instant: int) -> int:
    """The local wall-clock time of `instant` in `zone`, as wall-clock microseconds (read as UTC)."""
    year = bisect.bisect_right(YEAR_STARTS, instant)
    segments = year_offset_segments(zone, year)
    index = bisect.bisect_right([segment[0] for segment in segments], instant) - 1
    return instant + segments[index][2]


def add_months(zone: ZoneInfo, t: datetime, months: int) -> datetime:
    """`months` calendar months after `t`: the same local day and clock time in `zone`, on the
    month's last day when it is shorter (31 January + 1 month = 28 or 29 February). A clock time
    that DST repeats there is its first occurrence, one it skips is the instant the clocks jumped
    past it (as `earliest_instant_at_wall_clock`); never before `t`. An aware UTC datetime."""
    from calendar import monthrange  # here: the `calendar` module (and `locale`) would cost every import

    local = t.astimezone(zone)
    year, month_index = divmod(local.year * 12 + local.month - 1 + months, 12)
    day = min(local.day, monthrange(year, month_index + 1)[1])
    wall = local.replace(tzinfo=timezone.utc, year=year, month=month_index + 1, day=day, fold=0)
    instant = earliest_instant_at_wall_clock(zone, (wall - UNIX_EPOCH) // timedelta(microseconds=1))
    return max(UNIX_EPOCH + timedelta(microseconds=instant), t.astimezone(timezone.utc))


def earliest_instant_at_wall_clock(zone: ZoneInfo, wall: int) -> int:
    """The earliest instant whose local wall-clock time in `zone` is `wall` or later.

    For a wall-clock time that occurs once this is that instant; for one repeated by DST, its
    first occurrence; for one skipped by DST, the instant the clocks jumped past it.
    UTC offsets are under a day, so no instant before wall - 1 day qualifies.
    """
    earliest = wall - MICROSECONDS_PER_DAY
    for year in range(bisect.bisect_right(YEAR_STARTS, earliest), bisect.bisect_right(YEAR_STARTS, wall) + 2):
        for segment_start, segment_end, offset in year_offset_segments(zone, year):
            candidate = max(segment_start, wall - offset, earliest)
            if candidate < segment_end:
                return candidate
    raise AssertionError("no instant found within a day of the wall-clock time")  # offsets are under a day


def _wall_clock_open_ranges(
    first_day: date, last_day: date, local_day_ranges: LocalDayRanges
) -> tuple[list[int], list[int]]:
    """Open wall-clock ranges from `first_day` to `last_day` inclusive, merged across midnights."""
    starts: list[int] = []
    ends: list[int] = []
    day = first_day
    while day <= last_day:
        midnight = (day.toordinal() - UNIX_EPOCH_ORDINAL) * MICROSECONDS_PER_DAY
        for start_minute, end_minute in local_day_ranges(day):
            start = midnight + start_minute * MICROSECONDS_PER_MINUTE
            end = midnight + end_minute * MICROSECONDS_PER_MINUTE
            if ends and ends[-1] == start:
                ends[-1] = end
            else:
                starts.append(start)
                ends.append(end)
        day += timedelta(days=1)
    return starts, ends
