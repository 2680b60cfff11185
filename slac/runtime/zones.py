"""Time zones: loading them by IANA name from `tzdata`, and finding where their UTC offset changes.

Instants are integers: microseconds since 1970-01-01T00:00Z. Integers keep the arithmetic
exact to the microsecond and make every search a `bisect` over plain lists.
"""

from __future__ import annotations

import functools
import os
import zoneinfo
from datetime import datetime, timedelta, timezone
from typing import BinaryIO

from slac.runtime.errors import CalendarError, did_you_mean

MICROSECONDS_PER_SECOND = 1_000_000
MICROSECONDS_PER_MINUTE = 60 * MICROSECONDS_PER_SECOND
MICROSECONDS_PER_HOUR = 60 * MICROSECONDS_PER_MINUTE
MICROSECONDS_PER_DAY = 24 * MICROSECONDS_PER_HOUR
UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
UNIX_EPOCH_ORDINAL = UNIX_EPOCH.toordinal()

OffsetSegment = tuple[int, int, int]
"""A UTC range [start, end) in microseconds over which a zone's UTC offset (microseconds) is constant."""


HOST_DEPENDENT_ZONES = frozenset({"Factory", "localtime", "posixrules"})
"""Names that are not a place: `Factory` (no zone set up yet), and the host's own setting
(`localtime`, `posixrules`), whose meaning changes from machine to machine."""

MAX_ZONE_NAME_LENGTH = 255
"""No IANA name is near this long; longer text is refused before any lookup (and not echoed)."""


def _tzdata_file(*parts: str) -> BinaryIO:
    """A file of the `tzdata` package, opened for reading: from its folder when it is
    installed as files (as pip installs it), through `importlib.resources` otherwise (a zip).
    `importlib.resources` alone would add ~8 ms to the import of every generated module."""
    import tzdata

    folder = os.path.dirname(tzdata.__file__ or "")
    path = os.path.join(folder, *parts)
    if folder and os.path.isfile(path):
        return open(path, "rb")
    import importlib.resources

    return importlib.resources.files("tzdata").joinpath(*parts).open("rb")  # type: ignore[return-value]


@functools.cache
def iana_zone_names() -> frozenset[str]:
    """Every zone (and link) the `tzdata` package ships, from its own list: what a calendar or
    a customer may name. The host's /usr/share/zoneinfo plays no part, so every machine
    accepts the same names and gives them the same rules."""
    with _tzdata_file("zones") as listing:
        listed = listing.read().decode("utf-8")
    return frozenset(listed.split()) - HOST_DEPENDENT_ZONES


@functools.cache
def _zone_regions() -> frozenset[str]:
    """The folders of the tz database (`America`, `Europe`, `US`, `America/Argentina`)."""
    return frozenset(name.rsplit("/", 1)[0] for name in iana_zone_names() if "/" in name)


def zone_problem(name: str) -> str | None:
    """Why `name` is not an IANA zone slac accepts (with the nearest names), or None."""
    if name in iana_zone_names():
        return None
    if len(name) > MAX_ZONE_NAME_LENGTH:
        return (
            f"a time zone name of {len(name)} characters is not an IANA name (none is longer than "
            f"{MAX_ZONE_NAME_LENGTH}); give one such as 'Europe/Prague' or 'UTC'"
        )
    shown = repr(name)
    if name == "Factory":
        return (
            "time zone 'Factory' is the tz database's placeholder for a machine whose zone is not "
            "set up, not a place; give an IANA name such as 'Europe/Prague' or 'UTC'"
        )
    if name in HOST_DEPENDENT_ZONES or name.startswith(("posix/", "right/")):
        meant = name.split("/", 1)[1] if "/" in name else None
        instead = f": write {meant!r}" if meant in iana_zone_names() else ""
        return (
            f"time zone {shown} depends on the machine that runs the code, so two machines could "
            f"compute different deadlines{instead} (give an IANA name such as 'Europe/Prague' or 'UTC')"
        )
    if name in _zone_regions():
        inside = sorted(zone for zone in iana_zone_names() if zone.startswith(name + "/"))
        examples = " or ".join(repr(zone) for zone in inside[:3])
        return f"{shown} is a region of the tz database, not a time zone: give a zone in it, such as {examples}"
    suggestion = did_you_mean(name, iana_zone_names())
    return f"unknown time zone {shown}{suggestion} (give an IANA name such as 'Europe/Prague' or 'UTC')"


@functools.lru_cache(maxsize=None)
def load_zone(name: str) -> zoneinfo.ZoneInfo:
    """The zone called `name`, read from the `tzdata` package (not from the host), or a
    CalendarError that says why the name is refused and suggests the nearest valid ones."""
    if not isinstance(name, str):
        raise CalendarError(f"time zone {name!r} is not a name; give an IANA name such as 'Europe/Prague' or 'UTC'")
    problem = zone_problem(name)
    if problem is not None:
        raise CalendarError(problem)
    with _tzdata_file("zoneinfo", *name.split("/")) as data:
        return zoneinfo.ZoneInfo.from_file(data, key=name)


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
