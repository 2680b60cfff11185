"""Instants as helpdesks write them, read into aware datetimes and written back as ISO 8601 UTC.

Vendors write timestamps in several documented shapes: ISO 8601 with `Z` or an offset
(`2023-02-28T12:34:56.789+0100` in Jira, without the colon), Zendesk's older
`2011/09/25 22:35:44 -0700`, and Unix epochs (Zendesk's `timestamp`, JSM's `epochMillis`).
A timestamp without an offset is refused unless the caller says which zone it was written in:
guessing would move every deadline by the zone's offset. Even then, a wall time the zone's
clocks skipped or showed twice (a daylight-saving night) is refused: it names no instant, or two.
"""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

SLASHED = "%Y/%m/%d %H:%M:%S %z"


class InstantError(ValueError):
    """A timestamp that cannot be read; the message says what was expected."""


def parse_instant(value: object, source_zone: ZoneInfo | None) -> datetime:
    """An aware datetime from a vendor timestamp (text, or epoch seconds as a number)."""
    if isinstance(value, bool) or value is None:
        raise InstantError(f"expected a timestamp, found {value!r}")
    if isinstance(value, (int, float)):
        return _from_epoch(value, 1)
    if not isinstance(value, str):
        raise InstantError(f"expected a timestamp, found {type(value).__name__} {value!r}")
    text = value.strip()
    try:
        parsed = datetime.strptime(text, SLASHED) if "/" in text else datetime.fromisoformat(text)
    except ValueError:
        raise InstantError(
            f"{value!r} is not a timestamp (expected ISO 8601 like 2025-03-07T16:30:00Z or "
            "2025-03-07T16:30:00.000+0100)"
        ) from None
    if parsed.tzinfo is None:
        if source_zone is None:
            raise InstantError(
                f"{value!r} has no UTC offset, so the instant it names is unknown; give "
                "--source-timezone ZONE (the IANA zone the helpdesk wrote it in, e.g. Europe/Prague)"
            )
        parsed = _placed(value, parsed, source_zone)
    try:
        parsed.astimezone(timezone.utc)
    except OverflowError:  # 0001-01-01T00:00+14:00 and 9999-12-31T23:00-12:00 have no UTC instant
        raise InstantError(f"{value!r} names no instant of the years 1–9999 in UTC") from None
    return parsed


def _placed(value: str, naive: datetime, zone: ZoneInfo) -> datetime:
    """A naive timestamp read as a wall time of `zone`; an `InstantError` for a wall time the
    zone's clocks skipped (no instant has it) or showed twice (two instants have it) when
    daylight saving time began or ended: either way the instant is unknown, and guessing would
    move a deadline by an hour."""
    placed = naive.replace(tzinfo=zone)
    try:
        back = placed.astimezone(timezone.utc).astimezone(zone).replace(tzinfo=None)
    except OverflowError:
        return placed  # at the ends of the years 1–9999: the caller's check names it
    where = f"--source-timezone {zone.key}"
    if back != naive:
        raise InstantError(
            f"{value!r} is a time the clocks skipped in {where} (daylight saving time began), so it names "
            "no instant; export the timestamps with their UTC offsets, or check the zone"
        )
    if placed.utcoffset() != placed.replace(fold=1).utcoffset():
        raise InstantError(
            f"{value!r} is a time the clocks showed twice in {where} (daylight saving time ended), so "
            "the instant it names is unknown; export the timestamps with their UTC offsets"
        )
    return placed


def parse_epoch_millis(value: object) -> datetime:
    """An aware datetime from milliseconds since the Unix epoch (JSM's `epochMillis`)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InstantError(f"expected epoch milliseconds, found {value!r}")
    return _from_epoch(value, 1000)


def _from_epoch(value: int | float, per_second: int) -> datetime:
    """The instant `value` after the Unix epoch, counted in 1/`per_second` seconds; an
    `InstantError` quoting `value` for one no datetime can hold (NaN, infinity, beyond the
    years 1–9999, an integer too large even to divide into seconds)."""
    try:
        return datetime.fromtimestamp(value / per_second if per_second != 1 else value, timezone.utc)
    except (OverflowError, OSError, ValueError):
        raise InstantError(f"{value!r} is not a Unix epoch timestamp that names a date (years 1–9999)") from None


def format_instant(instant: datetime) -> str:
    """ISO 8601 in UTC with `Z`; microseconds only when there are any."""
    utc = instant.astimezone(timezone.utc)
    text = utc.strftime("%Y-%m-%dT%H:%M:%S")
    if utc.microsecond:
        text += f".{utc.microsecond:06d}"
    return text + "Z"
