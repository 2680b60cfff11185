"""The runtime agrees with the brute-force reference on random starts and durations, 2020–2035.

Example counts come from the active Hypothesis profile (HYPOTHESIS_PROFILE); the deadline is
switched off because the reference walks up to several weeks minute by minute.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .cases import CASES, CalendarCase

pytestmark = pytest.mark.filterwarnings("ignore:Requested Holidays are available only")

UTC = timezone.utc
FIRST_MINUTE = datetime(2020, 1, 1, tzinfo=UTC)
LAST_MINUTE = datetime(2035, 12, 31, 23, 59, tzinfo=UTC)
MINUTES_IN_RANGE = int((LAST_MINUTE - FIRST_MINUTE).total_seconds()) // 60
MAX_BUSINESS_DAYS = 30

reference_settings = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
cases = pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)


def whole_minutes(case: CalendarCase) -> st.SearchStrategy[datetime]:
    """Whole-minute instants in 2020–2035, written in UTC or in the calendar's own zone."""
    return st.builds(
        lambda minute, zone: (FIRST_MINUTE + timedelta(minutes=minute)).astimezone(zone),
        st.integers(0, MINUTES_IN_RANGE),
        st.sampled_from([UTC, ZoneInfo(case.zone)]),
    )


def durations_in_minutes(case: CalendarCase) -> st.SearchStrategy[int]:
    """1 minute to 30 business days; half of them within one business day, where the edges are."""
    day = case.business_day_minutes
    return st.one_of(st.integers(1, day), st.integers(1, MAX_BUSINESS_DAYS * day))


@cases
@reference_settings
@given(data=st.data())
def test_add_matches_reference(case: CalendarCase, data: st.DataObject) -> None:
    start = data.draw(whole_minutes(case), label="start")
    minutes = data.draw(durations_in_minutes(case), label="minutes")
    assert case.runtime.add(start, timedelta(minutes=minutes)) == case.reference.add(start, minutes)


@cases
@reference_settings
@given(data=st.data())
def test_between_matches_reference(case: CalendarCase, data: st.DataObject) -> None:
    a = data.draw(whole_minutes(case), label="a")
    b = a.astimezone(UTC) + timedelta(minutes=data.draw(st.integers(-60, 10 * 24 * 60), label="minutes after a"))
    assert case.runtime.between(a, b) == case.reference.between(a, b)


@cases
@reference_settings
@given(data=st.data())
def test_is_open_and_next_opening_match_reference(case: CalendarCase, data: st.DataObject) -> None:
    t = data.draw(whole_minutes(case), label="t")
    assert case.runtime.is_open(t) == case.reference.is_open(t)
    assert case.runtime.next_opening(t) == case.reference.next_opening(t)
