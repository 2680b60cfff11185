"""Support days, weeks, calendar months and yearly closures against brute-force references.

`tests/runtime/reference.py` walks minutes and local dates one at a time and shares no code with
the runtime: `add_months` counts month changes day by day, `ReferenceCalendar` closes yearly
dates minute by minute. The runtime's arithmetic (`slac.runtime.timeline.add_months`, yearly
closures in `Calendar`) and both engines' deadlines for `N support days`, `N weeks` and
`N months` (rules/orbit.sla) must agree with them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slac import interpret
from slac.runtime import Calendar, ExtraOpening, WeeklyInterval, YearlyClosure
from slac.runtime.timeline import add_months

from codegen.support import generated_module, seed_policy
from tests.runtime.reference import ReferenceCalendar
from tests.runtime.reference import add_months as reference_add_months

pytestmark = pytest.mark.filterwarnings("ignore:Requested Holidays are available only")

ZONES = ("Europe/Prague", "America/New_York", "Australia/Lord_Howe", "UTC")
UTC = timezone.utc


def minutes_between(first: datetime, last: datetime) -> st.SearchStrategy[datetime]:
    """Whole UTC minutes in [first, last)."""
    count = int((last - first) / timedelta(minutes=1))
    return st.integers(0, count - 1).map(lambda minute: first + timedelta(minutes=minute))


@given(
    zone=st.sampled_from(ZONES),
    t=minutes_between(datetime(2024, 1, 1, tzinfo=UTC), datetime(2027, 12, 31, tzinfo=UTC)),
    months=st.integers(0, 25),
)
def test_add_months_matches_the_walking_reference(zone: str, t: datetime, months: int) -> None:
    assert add_months(ZoneInfo(zone), t, months) == reference_add_months(ZoneInfo(zone), t, months)


@pytest.mark.parametrize(
    ("start", "months", "due"),
    [
        ("2025-01-31T10:00+01:00", 1, "2025-02-28T10:00+01:00"),  # clamped to February's last day
        ("2024-01-31T10:00+01:00", 1, "2024-02-29T10:00+01:00"),  # a leap year
        ("2025-03-14T10:00+01:00", 1, "2025-04-14T10:00+02:00"),  # the same clock time after DST
        ("2025-02-28T02:30+01:00", 1, "2025-03-28T02:30+01:00"),
        ("2025-02-28T02:30+01:00", 13, "2026-03-28T02:30+01:00"),
        ("2025-12-31T23:00+01:00", 2, "2026-02-28T23:00+01:00"),
        # 2:30 on 30 March 2025 does not exist in Prague: the instant the clocks jump past it
        ("2025-02-28T02:30+01:00", 1, "2025-03-28T02:30+01:00"),
        ("2025-01-30T02:30+01:00", 2, "2025-03-30T03:00+02:00"),
    ],
)
def test_add_months_by_hand(start: str, months: int, due: str) -> None:
    prague = ZoneInfo("Europe/Prague")
    assert add_months(prague, datetime.fromisoformat(start), months) == datetime.fromisoformat(due)


# ----------------------------------------------------------------------------- yearly closures

YEARLY = (
    (12, 24, 0, 1440),
    (12, 31, 720, 1440),
    (1, 1, 0, 1440),
    (5, 1, 600, 840),
    (2, 29, 0, 1440),
)
WEEKLY = [(day, 540, day, 1020) for day in range(5)]


@given(
    closures=st.lists(st.sampled_from(YEARLY), min_size=1, max_size=5, unique=True),
    reopened=st.booleans(),
    year=st.sampled_from((2024, 2025, 2026)),
    month_day=st.sampled_from(((12, 22), (12, 30), (4, 30), (2, 27))),
    minute=st.integers(0, 36 * 60 - 1),
    duration=st.integers(1, 20 * 60),
)
def test_yearly_closures_match_the_reference(
    closures: list[tuple[int, int, int, int]],
    reopened: bool,
    year: int,
    month_day: tuple[int, int],
    minute: int,
    duration: int,
) -> None:
    """Business time with yearly closures (and an extra opening on 24 December, which opens a
    whole-day closure but not a partial one) is the reference's, minute by minute."""
    openings = (date(year, 12, 24), 600, 720) if reopened else None
    runtime = Calendar(
        "Europe/Prague",
        [WeeklyInterval(*interval) for interval in WEEKLY],
        extra_openings=[ExtraOpening(*openings)] if openings else [],
        yearly_closures=[YearlyClosure(*closure) for closure in closures],
    )
    reference = ReferenceCalendar(
        "Europe/Prague",
        WEEKLY,
        extra_openings=(openings,) if openings else (),
        yearly_closures=tuple(closures),
    )
    start = datetime(year, *month_day, tzinfo=UTC) + timedelta(minutes=minute)
    assert runtime.add(start, timedelta(minutes=duration)) == reference.add(start, duration)
    assert runtime.between(start, start + timedelta(days=3)) == reference.between(start, start + timedelta(days=3))
    for day in (date(year, 12, 24), date(year, 5, 1), date(year, 2, 28) + timedelta(days=1)):
        assert runtime.is_business_day(day) == reference.is_business_day(day)


def test_a_yearly_closure_on_29_february_closes_only_leap_years() -> None:
    calendar = Calendar("UTC", [WeeklyInterval(day, 540, day, 1020) for day in range(7)], yearly_closures=[YearlyClosure(2, 29)])
    assert not calendar.is_business_day(date(2028, 2, 29))
    assert calendar.is_business_day(date(2027, 2, 28)) and calendar.is_business_day(date(2027, 3, 1))


@pytest.mark.parametrize(
    ("arguments", "words"),
    [((2, 30), "not a day of the year"), ((13, 1), "not a day of the year"), ((12, 31, 720, 600), "start must be before end")],
)
def test_a_yearly_closure_that_cannot_be_is_refused(arguments: tuple[int, ...], words: str) -> None:
    from slac.runtime import CalendarError

    with pytest.raises(CalendarError, match=words):
        YearlyClosure(*arguments)


# ----------------------------------------------------------------------------- both engines

ORBIT_OFFICE = ReferenceCalendar(
    "Europe/Prague",
    WEEKLY,
    yearly_closures=((1, 1, 0, 1440), (12, 24, 0, 1440), (12, 25, 0, 1440), (12, 31, 720, 1440)),
)
"""rules/orbit.sla's office hours, written again for the reference."""


def _engines(ticket: dict[str, object], now: str) -> list[dict[str, object]]:
    return [
        interpret.evaluate(seed_policy("orbit"), ticket, now).to_dict(),
        generated_module("orbit").evaluate(ticket, now).to_dict(),
    ]


def _due(result: dict[str, object], target: str) -> datetime:
    return datetime.fromisoformat(str(result["targets"][target]["due"]).replace("Z", "+00:00"))  # type: ignore[index]


@given(opened=minutes_between(datetime(2025, 12, 15, tzinfo=UTC), datetime(2026, 1, 10, tzinfo=UTC)))
def test_support_days_weeks_and_months_in_both_engines(opened: datetime) -> None:
    """orbit's cells: severity 1 resolution `2 support days` (business time up to the same clock
    time two business days later), severity 3 first response `1 support day`, severity 2
    resolution `2 weeks` and severity 3 resolution `1 month` (wall clock, Prague)."""
    at = opened.isoformat()
    for severity, target, expected in (
        (1, "resolution", ORBIT_OFFICE.add(opened, _minutes(_support_days(ORBIT_OFFICE, opened, 2)))),
        (3, "first_response", ORBIT_OFFICE.add(opened, _minutes(_support_days(ORBIT_OFFICE, opened, 1)))),
        (2, "resolution", opened + timedelta(days=14)),
        (3, "resolution", reference_add_months(ZoneInfo("Europe/Prague"), opened, 1)),
    ):
        for result in _engines({"plan": "standard", "severity": severity, "opened_at": at}, at):
            assert _due(result, target) == expected, (severity, target)


def _support_days(calendar: ReferenceCalendar, opened: datetime, days: int) -> timedelta:
    """What `days` support days are worth from `opened`: the business time from the next opening
    (the start itself when open) to the same clock time `days` business days after it."""
    opening = calendar.next_opening(opened)
    return calendar.between(opening, calendar.add_business_days(opening, days))


@pytest.mark.parametrize(
    ("opened", "due"),
    [
        # worked by hand on Orbit's office, Monday–Friday 09:00–17:00 Prague
        ("2025-03-08T07:00", "2025-03-10T17:00"),  # Saturday morning: Monday's whole day (was due at once)
        ("2025-03-08T10:00", "2025-03-10T17:00"),  # Saturday 10:00: Monday's whole day (was Monday 10:00)
        ("2025-03-07T18:00", "2025-03-10T17:00"),  # Friday evening: Monday's whole day
        ("2025-03-07T07:00", "2025-03-07T17:00"),  # Friday before opening: Friday's whole day
        ("2025-03-04T10:00", "2025-03-05T10:00"),  # Tuesday 10:00: to Wednesday 10:00
        ("2025-12-24T12:00", "2025-12-26T17:00"),  # Christmas Eve, closed: Friday 26th's whole day (was 12:00)
    ],
)
def test_a_support_day_opened_while_support_is_closed_counts_from_the_next_opening(opened: str, due: str) -> None:
    """`1 support day` (Orbit's severity 3 first response) from a start while the office is
    closed is a whole day of support, whatever the clock time of the start: counted from
    the next opening, as business time is."""
    at = datetime.fromisoformat(opened).replace(tzinfo=ZoneInfo("Europe/Prague")).isoformat()
    expected = datetime.fromisoformat(due).replace(tzinfo=ZoneInfo("Europe/Prague"))
    for result in _engines({"plan": "standard", "severity": 3, "opened_at": at}, at):
        assert _due(result, "first_response") == expected


def _minutes(duration: timedelta) -> int:
    return int(duration / timedelta(minutes=1))
