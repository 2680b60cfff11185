"""Time zones: loading them by IANA name, and finding where their UTC offset changes.

Instants are integers: microseconds since 1970-01-01T00:00Z. Integers keep the arithmetic
exact to the microsecond and make every search a `bisect` over plain lists.
"""

from __future__ import annotations

import functools
import zoneinfo
from datetime import datetime, timedelta, timezone

from slac.runtime.errors import CalendarError, did_you_mean

MICROSECONDS_PER_SECOND = 1_000_000
MICROSECONDS_PER_MINUTE = 60 * MICROSECONDS_PER_SECOND
MICROSECONDS_PER_HOUR = 60 * MICROSECONDS_PER_MINUTE
MICROSECONDS_PER_DAY = 24 * MICROSECONDS_PER_HOUR
UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
UNIX_EPOCH_ORDINAL = UNIX_EPOCH.toordinal()

OffsetSegment = tuple[int, int, int]
"""A UTC range [start, end) in microseconds over which a zone's UTC offset (microseconds) is constant."""


@functools.cache
def _available_zone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


@functools.lru_cache(maxsize=None)
def load_zone(name: str) -> zoneinfo.ZoneInfo:
    """The zone called `name`, or a CalendarError suggesting the nearest valid IANA names."""
    if not isinstance(name, str):
        raise CalendarError(f"time zone {name!r} is not a name; give an IANA name such as 'Europe/Prague' or 'UTC'")
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        suggestion = did_you_mean(name, _available_zone_names())
        raise CalendarError(
            f"unknown time zone {name!r}{suggestion} (give an IANA name such as 'Europe/Prague' or 'UTC')"
        ) from None


def _utc_offset_seconds(zone: zoneinfo.ZoneInfo, utc_seconds: int) -> int:
    """The zone's UTC offset, in seconds, at an instant given in whole seconds since the epoch."""
    offset = (UNIX_EPOCH + timedelta(seconds=utc_seconds)).astimezone(zone).utcoffset()
    assert offset is not None
    return offset.days * 86_400 + offset.seconds


def offset_segments(zone: zoneinfo.ZoneInfo, start: int, end: int) -> list[OffsetSegment]:
    """The constant-offset pieces of [start, end) (microseconds, whole seconds), in order.

    zoneinfo does not expose its transition table, so the offset is probed once a day and each
    change is located to the second by bisection. Only a change and its reversal within one day
    could be missed; in the tz database (2025) no zone has two offset changes less than 6.9 days
    apart.
    """
    probe_step = 86_400
    start_second, end_second = start // MICROSECONDS_PER_SECOND, end // MICROSECONDS_PER_SECOND
    segments: list[OffsetSegment] = []
    segment_start = start_second
    segment_offset = _utc_offset_seconds(zone, start_second)
    probe = start_second
    while probe < end_second:
        next_probe = min(probe + probe_step, end_second)
        if next_probe < end_second and _utc_offset_seconds(zone, next_probe) != segment_offset:
            unchanged, changed = probe, next_probe
            while changed - unchanged > 1:
                middle = (unchanged + changed) // 2
                if _utc_offset_seconds(zone, middle) == segment_offset:
                    unchanged = middle
                else:
                    changed = middle
            segments.append(_segment(segment_start, changed, segment_offset))
            segment_start, segment_offset = changed, _utc_offset_seconds(zone, changed)
            next_probe = changed
        probe = next_probe
    segments.append(_segment(segment_start, end_second, segment_offset))
    return segments


@functools.lru_cache(maxsize=4096)
def shared_offset_segments(zone: zoneinfo.ZoneInfo, start: int, end: int) -> tuple[OffsetSegment, ...]:
    """`offset_segments`, cached: the pieces of a UTC year are shared by every calendar in `zone`.

    Customers in the same zone share this (it does not depend on the calendar); the cache holds
    a few thousand zone-years of a few segments each.
    """
    return tuple(offset_segments(zone, start, end))


def _segment(start_second: int, end_second: int, offset_second: int) -> OffsetSegment:
    return (
        start_second * MICROSECONDS_PER_SECOND,
        end_second * MICROSECONDS_PER_SECOND,
        offset_second * MICROSECONDS_PER_SECOND,
    )
