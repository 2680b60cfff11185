"""Open time as sorted UTC instants, one UTC year at a time, with prefix sums.

A year of open time is a few hundred intervals; with the running total of open time at the end
of each, "how much open time lies before t" and "when has D of open time passed" are each one
`bisect` over a list of ints, whatever the length of the duration.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from slac.runtime.schedule import MinuteRange
from slac.runtime.zones import (
    MICROSECONDS_PER_DAY,
    MICROSECONDS_PER_MINUTE,
    UNIX_EPOCH_ORDINAL,
    offset_segments,
)

FIRST_SUPPORTED_YEAR = 2
LAST_SUPPORTED_YEAR = 9998


def _year_start(year: int) -> int:
    return (date(year, 1, 1).toordinal() - UNIX_EPOCH_ORDINAL) * MICROSECONDS_PER_DAY


YEAR_STARTS: list[int] = [_year_start(year) for year in range(1, 10_000)]
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


def build_open_year(year: int, zone: ZoneInfo, local_day_ranges: LocalDayRanges) -> OpenYear:
    """The open instants of UTC year `year`: those whose local wall-clock time is open.

    The local dates around the year are turned into open ranges of "wall-clock microseconds"
    (wall-clock time read as if it were UTC). Over each stretch of constant UTC offset, an
    instant's wall-clock time is instant + offset, so the open instants of that stretch are the
    open wall-clock ranges it covers, shifted back by the offset. A wall-clock hour skipped by
    DST is covered by no stretch (so it is never open); an hour repeated by DST is covered by
    two (so it is open twice, as real time).
    """
    year_start, year_end = YEAR_STARTS[year - 1], YEAR_STARTS[year]
    wall_starts, wall_ends = _wall_clock_open_ranges(
        first_day=date(year - 1, 12, 30), last_day=date(year + 1, 1, 2), local_day_ranges=local_day_ranges
    )
    starts: list[int] = []
    ends: list[int] = []
    for segment_start, segment_end, offset in offset_segments(zone, year_start, year_end):
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
