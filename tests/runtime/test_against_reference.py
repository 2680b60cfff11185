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
def test_elapsed_and_deadline_match_reference(case: CalendarCase, data: st.DataObject) -> None:
    """The cycle engine's combined question: the business time from a start to an end (before
    or after it, within ten days), and the deadline of a duration from the same start."""
    start = data.draw(whole_minutes(case), label="start")
    end = start.astimezone(UTC) + timedelta(minutes=data.draw(st.integers(-60, 10 * 24 * 60), label="minutes to end"))
    minutes = data.draw(st.one_of(st.just(0), durations_in_minutes(case)), label="minutes")
    elapsed, deadline = case.runtime.elapsed_and_deadline(start, end, timedelta(minutes=minutes))
    assert elapsed == case.reference.between(start, end)
    assert deadline == (start.astimezone(UTC) if minutes == 0 else case.reference.add(start, minutes))


@cases
@reference_settings
@given(data=st.data())
def test_is_open_and_next_opening_match_reference(case: CalendarCase, data: st.DataObject) -> None:
    t = data.draw(whole_minutes(case), label="t")
    assert case.runtime.is_open(t) == case.reference.is_open(t)
    assert case.runtime.next_opening(t) == case.reference.next_opening(t)


# ------------------------------------------------------------ the operations peers also offer

few_examples = settings(
    max_examples=max(10, settings().max_examples // 6), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
"""The reference walks days of minutes for each: a sixth of the profile's examples (10 or more),
so that these operations, added later, keep the suite fast; HYPOTHESIS_PROFILE=thorough runs many."""
MAX_BUSINESS_DAYS_ADDED = 6
CLOSING_HORIZON = timedelta(days=14)


@cases
@few_examples
@given(data=st.data())
def test_subtract_matches_reference(case: CalendarCase, data: st.DataObject) -> None:
    end = data.draw(whole_minutes(case), label="end")
    minutes = data.draw(durations_in_minutes(case), label="minutes")
    assert case.runtime.subtract(end, timedelta(minutes=minutes)) == case.reference.subtract(end, minutes)


@cases
@few_examples
@given(data=st.data())
def test_previous_open_and_next_closing_match_reference(case: CalendarCase, data: st.DataObject) -> None:
    t = data.draw(whole_minutes(case), label="t")
    assert case.runtime.previous_open(t) == case.reference.previous_open(t)
    closing = case.runtime.next_closing(t)
    expected = case.reference.next_closing(t, within=CLOSING_HORIZON)
    if expected is None:  # no closing within the reference's horizon: the runtime's is later, or never
        assert closing is None or closing > t + CLOSING_HORIZON
    else:
        assert closing == expected


@cases
@few_examples
@given(data=st.data())
def test_open_periods_match_reference(case: CalendarCase, data: st.DataObject) -> None:
    a = data.draw(whole_minutes(case), label="a")
    b = a.astimezone(UTC) + timedelta(minutes=data.draw(st.integers(-60, 10 * 24 * 60), label="minutes after a"))
    assert case.runtime.open_periods(a, b) == case.reference.open_periods(a, b)


@cases
@few_examples
@given(data=st.data())
def test_business_days_match_reference(case: CalendarCase, data: st.DataObject) -> None:
    first = data.draw(st.dates(FIRST_MINUTE.date(), LAST_MINUTE.date() - timedelta(days=400)), label="first")
    last = first + timedelta(days=data.draw(st.integers(-3, 400), label="days after first"))
    assert case.runtime.is_business_day(first) == case.reference.is_business_day(first)
    assert case.runtime.business_days_between(first, last) == case.reference.business_days_between(first, last)


@cases
@few_examples
@given(data=st.data())
def test_add_business_days_matches_reference(case: CalendarCase, data: st.DataObject) -> None:
    t = data.draw(whole_minutes(case), label="t")
    days = data.draw(st.integers(0, MAX_BUSINESS_DAYS_ADDED), label="days")
    assert case.runtime.add_business_days(t, days) == case.reference.add_business_days(t, days)
