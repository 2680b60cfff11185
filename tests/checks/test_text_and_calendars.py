"""The rules behind SLA5xx and SLA6xx: which text tells two levels apart, which wall times the
clocks skip, and which line each calendar item is written on."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from slac import compile_text
from slac.checks import calendars
from slac.checks.calendars import EXAMPLE_YEAR, item_spans, skipped_on, skipped_times
from slac.checks.text import deciding_kind
from slac.model.types import Level, Text
from slac.runtime.schedule import MINUTES_PER_DAY


def _level(
    name: str,
    description: str | None = None,
    criteria: tuple[str, ...] = (),
    examples: tuple[str, ...] = (),
) -> Level:
    return Level(
        name,
        name,
        int(name),
        description,
        tuple(Text(c) for c in criteria),
        tuple(Text(e) for e in examples),
    )


@pytest.mark.parametrize(
    ("first", "second", "kind"),
    [
        # Credenti: different descriptions decide; the shared criterion is a condition
        (
            _level(
                "1", "Loss of service", ("Customer stays available",), ("All down",)
            ),
            _level("2", "Degraded service", ("Customer stays available",), ("Slow",)),
            "description",
        ),
        # Managry: no descriptions, the criteria differ, so the criteria decide
        (
            _level(
                "1", None, ("Service unavailable", "Critical functionality unavailable")
            ),
            _level("2", None, ("critical functionality unavailable.", "Slow")),
            "criterion",
        ),
        # one description only does not tell the levels apart
        (
            _level("1", "Loss of service", ("Down",)),
            _level("2", None, ("Down", "Slow")),
            "criterion",
        ),
        # equal descriptions do not either
        (
            _level("1", "Loss of service", ("Down",)),
            _level("2", "Loss of service!", ("Down", "Slow")),
            "criterion",
        ),
        # the same criteria: the examples decide
        (
            _level("1", None, ("Customer stays available",), ("Nobody can log in",)),
            _level("2", None, ("Customer stays available",), ("Reports are slow",)),
            "example",
        ),
        # the worst case: nothing tells them apart
        (
            _level("1", None, ("Service unavailable",), ("Nobody can log in",)),
            _level("2", None, ("Service unavailable",), ("Nobody can log in",)),
            None,
        ),
    ],
)
def test_what_tells_two_levels_apart(
    first: Level, second: Level, kind: str | None
) -> None:
    assert deciding_kind(first, second) == kind
    assert deciding_kind(second, first) == kind


def _exists(zone: ZoneInfo, day: date, minute: int) -> bool:
    """Whether some instant has the local time `minute` on `day` in `zone` (round trip)."""
    wall = datetime(day.year, day.month, day.day) + timedelta(minutes=minute)
    for fold in (0, 1):
        local = wall.replace(tzinfo=zone, fold=fold)
        back = local.astimezone(timezone.utc).astimezone(zone).replace(tzinfo=None)
        if back == wall:
            return True
    return False


@pytest.mark.parametrize(
    "zone_name",
    [
        "Europe/Prague",
        "America/New_York",
        "Australia/Lord_Howe",
        "America/Havana",
        "America/Santiago",
    ],
)
def test_skipped_wall_times_agree_with_zoneinfo(zone_name: str) -> None:
    """A wall time is skipped exactly when no instant has it: [first skipped minute, end of skip)."""
    zone = ZoneInfo(zone_name)
    gaps = skipped_times(zone_name)
    days = sorted(
        {
            d
            for g, _, _ in gaps
            if g.year == EXAMPLE_YEAR
            for d in (g, g + timedelta(days=1))
        }
    )
    assert days
    for day in days:
        for minute in range(MINUTES_PER_DAY):
            skipped = day in skipped_on(gaps, None, day, minute)
            assert skipped == (not _exists(zone, day, minute)), (day, minute)


def test_the_first_skipped_minute_is_skipped_and_the_end_is_not() -> None:
    gaps = skipped_times("Europe/Prague")
    sunday = 6
    assert date(2025, 3, 30) in skipped_on(gaps, sunday, None, 2 * 60)
    assert date(2025, 3, 30) in skipped_on(gaps, sunday, None, 2 * 60 + 59)
    assert skipped_on(gaps, sunday, None, 3 * 60) == []
    assert skipped_on(gaps, sunday, None, 1 * 60 + 59) == []


def test_equal_items_on_two_lines_keep_their_own_lines() -> None:
    policy_text = "\n".join(
        [
            'policy demo "Demo"',
            'scale severity "Severity"',
            "    chosen by agent",
            '    level 1 "Critical"',
            'calendar office "Office"',
            "    timezone Europe/Prague",
            "    open mon 08:00-17:00",
            "    closed on 2025-12-27",
            "    open mon 08:00-17:00",
            "    closed on 2025-12-27",
        ]
    )
    compilation = compile_text(policy_text, "demo.sla")
    assert compilation.policy is not None
    (calendar,) = compilation.policy.calendars
    assert [s.line for s in item_spans(calendar, calendar.weekly)] == [7, 9]
    assert [s.line for s in item_spans(calendar, calendar.closed_dates)] == [8, 10]


@pytest.mark.parametrize("zone_name", ["Europe/Prague", "Australia/Lord_Howe", "America/Sao_Paulo", "UTC"])
def test_skipped_times_from_slacs_cache_are_the_computed_ones(
    zone_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    expected = calendars._skipped_times(zone_name)
    skipped_times.cache_clear()
    assert skipped_times(zone_name) == expected
    assert len(list((tmp_path / "slac" / "dst-gaps").iterdir())) == 1
    skipped_times.cache_clear()
    monkeypatch.setattr(calendars, "_skipped_times", lambda name: pytest.fail("computed although cached"))
    assert skipped_times(zone_name) == expected
    skipped_times.cache_clear()


def test_a_whole_gaps_entry_that_does_not_decode_is_computed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from slac.cache import sealed

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    skipped_times.cache_clear()
    expected = skipped_times("Europe/Prague")
    (entry,) = (tmp_path / "slac" / "dst-gaps").iterdir()
    entry.write_bytes(sealed(b"2026-03-29 two three\n"))
    skipped_times.cache_clear()
    assert skipped_times("Europe/Prague") == expected
    skipped_times.cache_clear()
