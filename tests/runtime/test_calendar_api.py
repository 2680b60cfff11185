"""Explicit cases for the operations peers also offer: latest start, previous and next edges,
open periods, business days, and extra openings against partial closures.

Each expected value is worked out by hand from the calendar's hours (Europe/Prague 08:00–17:00
Monday–Friday, Czech holidays, unless a test says otherwise).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from slac.runtime import Calendar, CalendarError, ExtraOpening, HolidaySource, PartialClosure, WeeklyInterval

from .cases import ALWAYS_PRAGUE, EXCEPTION_YEARS, LONDON_NIGHT_SHIFT, PRAGUE_EXCEPTIONS, PRAGUE_OFFICE

pytestmark = pytest.mark.filterwarnings("ignore:Requested Holidays are available only")

UTC = timezone.utc
PRAGUE = ZoneInfo("Europe/Prague")
OFFICE_HOURS = [WeeklyInterval(day, 480, day, 1020) for day in range(5)]
office = PRAGUE_OFFICE.runtime


def prague(year: int, month: int, day: int, hour: int = 0, minute: int = 0, **rest: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=PRAGUE, **rest)


def in_utc(t: datetime) -> datetime:
    return t.astimezone(UTC)


# ------------------------------------------------------------------------------ subtract


def test_subtract_is_the_latest_start_and_stops_at_an_opening() -> None:
    # Monday 2025-03-10 09:00, 1 hour: [08:00, 09:00) holds it; so does [Friday 17:00, 09:00),
    # but the latest start is the opening.
    assert office.subtract(prague(2025, 3, 10, 9), timedelta(hours=1)) == in_utc(prague(2025, 3, 10, 8))
    assert office.subtract(prague(2025, 3, 10, 9), timedelta(hours=2)) == in_utc(prague(2025, 3, 7, 16))


def test_subtract_from_a_closed_deadline_counts_back_from_the_last_closing() -> None:
    assert office.subtract(prague(2025, 3, 8, 12), timedelta(hours=1)) == in_utc(prague(2025, 3, 7, 16))
    assert office.subtract(prague(2025, 3, 7, 17), timedelta(hours=9)) == in_utc(prague(2025, 3, 7, 8))


def test_subtract_skips_holidays_and_crosses_years() -> None:
    # 2026-01-02 (Friday) 09:00 minus 2 hours: 1 January is a holiday, 31 December closes at 17:00.
    assert office.subtract(prague(2026, 1, 2, 9), timedelta(hours=2)) == in_utc(prague(2025, 12, 31, 16))


def test_subtract_zero_is_the_end_itself_and_negative_is_refused() -> None:
    assert office.subtract(prague(2025, 3, 8, 12), timedelta(0)) == in_utc(prague(2025, 3, 8, 12))
    with pytest.raises(CalendarError, match="negative"):
        office.subtract(prague(2025, 3, 8, 12), timedelta(minutes=-1))


def test_subtract_keeps_microseconds() -> None:
    end = prague(2025, 3, 10, 8, 0, second=0, microsecond=7)  # 7 µs after Monday's opening
    assert office.subtract(end, timedelta(microseconds=8)) == in_utc(prague(2025, 3, 7, 16, 59, second=59)) + timedelta(
        microseconds=999_999
    )


# ------------------------------------------------------------------ previous and next edges


def test_previous_open_is_the_instant_itself_or_the_last_closing() -> None:
    assert office.previous_open(prague(2025, 3, 10, 8)) == in_utc(prague(2025, 3, 10, 8))
    assert office.previous_open(prague(2025, 3, 8, 12)) == in_utc(prague(2025, 3, 7, 17))
    assert office.previous_open(prague(2025, 3, 10, 7, 59)) == in_utc(prague(2025, 3, 7, 17))
    assert office.previous_open(prague(2025, 3, 7, 17)) == in_utc(prague(2025, 3, 7, 17))


def test_next_closing_is_the_end_of_the_current_or_next_open_period() -> None:
    assert office.next_closing(prague(2025, 3, 10, 8)) == in_utc(prague(2025, 3, 10, 17))
    assert office.next_closing(prague(2025, 3, 10, 17)) == in_utc(prague(2025, 3, 11, 17))
    assert office.next_closing(prague(2025, 3, 8, 12)) == in_utc(prague(2025, 3, 10, 17))


def test_next_closing_of_a_night_shift_runs_over_midnight_and_new_year() -> None:
    london = ZoneInfo("Europe/London")
    night = LONDON_NIGHT_SHIFT.runtime  # 22:00-06:00 every night, closed on UK holidays
    closing = night.next_closing(datetime(2025, 3, 5, 23, 0, tzinfo=london))
    assert closing == datetime(2025, 3, 6, 6, 0, tzinfo=UTC)
    always = ALWAYS_PRAGUE.runtime
    assert always.next_closing(prague(2025, 12, 31, 23)) is None


def test_open_periods_are_cut_to_the_range_and_add_up_to_between() -> None:
    start, end = prague(2025, 3, 7, 12), prague(2025, 3, 11, 10)
    assert office.open_periods(start, end) == [
        (in_utc(prague(2025, 3, 7, 12)), in_utc(prague(2025, 3, 7, 17))),
        (in_utc(prague(2025, 3, 10, 8)), in_utc(prague(2025, 3, 10, 17))),
        (in_utc(prague(2025, 3, 11, 8)), in_utc(prague(2025, 3, 11, 10))),
    ]
    assert sum((closing - opening for opening, closing in office.open_periods(start, end)), timedelta()) == (
        office.between(start, end)
    )
    assert office.open_periods(end, start) == []


def test_an_open_period_over_the_utc_new_year_is_one_period() -> None:
    always = ALWAYS_PRAGUE.runtime
    start, end = datetime(2025, 12, 31, 20, tzinfo=UTC), datetime(2026, 1, 1, 4, tzinfo=UTC)
    assert always.open_periods(start, end) == [(start, end)]


# ---------------------------------------------------------------------------- business days


def test_business_days_are_dates_with_open_time() -> None:
    assert office.is_business_day(date(2025, 3, 7))
    assert not office.is_business_day(date(2025, 3, 8))  # Saturday
    assert not office.is_business_day(date(2025, 12, 25))  # Christmas Day
    night = LONDON_NIGHT_SHIFT.runtime
    assert night.is_business_day(date(2025, 3, 8))  # the night shift ending and starting that Saturday


def test_a_date_whose_only_hours_are_skipped_by_dst_is_not_a_business_day() -> None:
    # Open only 02:00–02:30 on Sundays: on 2025-03-30 Prague's clocks jump from 02:00 to 03:00.
    calendar = Calendar("Europe/Prague", [WeeklyInterval(6, 120, 6, 150)])
    assert not calendar.is_business_day(date(2025, 3, 30))
    assert calendar.is_business_day(date(2025, 3, 23))


def test_business_days_between_is_half_open() -> None:
    assert office.business_days_between(date(2025, 3, 3), date(2025, 3, 10)) == 5
    assert office.business_days_between(date(2025, 3, 3), date(2025, 3, 3)) == 0
    assert office.business_days_between(date(2025, 3, 10), date(2025, 3, 3)) == 0
    # 2025 in Czechia: 261 weekdays, of which 10 are public holidays (1 Jan, Good Friday,
    # Easter Monday, 1 and 8 May, 28 Oct, 17 Nov, 24-26 Dec; 5 Jul, 6 Jul and 28 Sep are weekends).
    assert office.business_days_between(date(2025, 1, 1), date(2026, 1, 1)) == 251


def test_add_business_days_keeps_the_clock_time() -> None:
    assert office.add_business_days(prague(2025, 3, 7, 10), 1) == in_utc(prague(2025, 3, 10, 10))
    assert office.add_business_days(prague(2025, 3, 7, 10), 5) == in_utc(prague(2025, 3, 14, 10))
    # Counted from the next date even on a weekend: Saturday 10:00 + 1 is Monday 10:00.
    assert office.add_business_days(prague(2025, 3, 8, 10), 1) == in_utc(prague(2025, 3, 10, 10))
    # 2025-12-23 (Tuesday) + 1: 24-26 December are holidays, then a weekend.
    assert office.add_business_days(prague(2025, 12, 23, 9), 1) == in_utc(prague(2025, 12, 29, 9))


def test_add_business_days_moves_a_closed_clock_time_to_the_next_opening() -> None:
    assert office.add_business_days(prague(2025, 3, 7, 18), 1) == in_utc(prague(2025, 3, 11, 8))
    assert office.add_business_days(prague(2025, 3, 8, 10), 0) == in_utc(prague(2025, 3, 10, 8))
    assert office.add_business_days(prague(2025, 3, 7, 10), 0) == in_utc(prague(2025, 3, 7, 10))


def test_add_business_days_over_dst_changes() -> None:
    always = Calendar.always("Europe/Prague")
    # 02:30 does not exist on 2025-03-30: the answer is 03:00, when the clocks jump past it.
    assert always.add_business_days(prague(2025, 3, 29, 2, 30), 1) == datetime(2025, 3, 30, 1, 0, tzinfo=UTC)
    # 02:30 happens twice on 2025-10-26: the first time.
    assert always.add_business_days(prague(2025, 10, 25, 2, 30), 1) == datetime(2025, 10, 26, 0, 30, tzinfo=UTC)
    # From the second 02:30 of that night, zero days is that instant itself, never the earlier one.
    second = prague(2025, 10, 26, 2, 30, fold=1)
    assert always.add_business_days(second, 0) == datetime(2025, 10, 26, 1, 30, tzinfo=UTC)


@pytest.mark.parametrize("days", [-1, 1.5, True, "2"])
def test_add_business_days_refuses_anything_but_a_whole_number(days: object) -> None:
    with pytest.raises(CalendarError, match="whole number"):
        office.add_business_days(prague(2025, 3, 7, 10), days)  # type: ignore[arg-type]


def test_business_day_functions_refuse_datetimes() -> None:
    with pytest.raises(CalendarError, match="must be a date"):
        office.is_business_day(prague(2025, 3, 7, 10))  # type: ignore[arg-type]
    with pytest.raises(CalendarError, match="must be a date"):
        office.business_days_between(date(2025, 3, 7), "2025-03-10")  # type: ignore[arg-type]


def test_unbound_calendar_cannot_count_business_days() -> None:
    with pytest.raises(CalendarError, match="bind"):
        Calendar(None, OFFICE_HOURS).is_business_day(date(2025, 3, 7))


# ------------------------------------------------------ extra openings and partial closures


def test_partial_closure_wins_over_an_extra_opening_on_the_same_date() -> None:
    calendar = Calendar(
        "Europe/Prague",
        OFFICE_HOURS,
        holidays=[HolidaySource("CZ")],
        extra_openings=[ExtraOpening(date(2025, 12, 24), 480, 1020)],  # a holiday, opened all day
        partial_closures=[PartialClosure(date(2025, 12, 24), 720)],  # but closed from 12:00
    )
    assert calendar.is_open(prague(2025, 12, 24, 11, 59))
    assert not calendar.is_open(prague(2025, 12, 24, 12, 0))
    assert calendar.between(prague(2025, 12, 24), prague(2025, 12, 25)) == timedelta(hours=4)
    assert "also open 2025-12-24 08:00–17:00" in calendar.describe()


def test_declaration_order_does_not_matter() -> None:
    opening, closure = ExtraOpening(date(2025, 3, 8), 540, 780), PartialClosure(date(2025, 3, 8), 600, 660)
    one = Calendar("Europe/Prague", OFFICE_HOURS, extra_openings=[opening], partial_closures=[closure])
    assert one.open_periods(prague(2025, 3, 8), prague(2025, 3, 9)) == [
        (in_utc(prague(2025, 3, 8, 9)), in_utc(prague(2025, 3, 8, 10))),
        (in_utc(prague(2025, 3, 8, 11)), in_utc(prague(2025, 3, 8, 13))),
    ]


@pytest.mark.parametrize("year", [EXCEPTION_YEARS[0], 2025, EXCEPTION_YEARS[-1]])
def test_exception_dates_match_reference_minute_by_minute(year: int) -> None:
    """Every 5 minutes over each exception date, and the open time of the day, as the reference says."""
    runtime, reference = PRAGUE_EXCEPTIONS.runtime, PRAGUE_EXCEPTIONS.reference
    days = {day for day, _, _ in PRAGUE_EXCEPTIONS.extra_openings + PRAGUE_EXCEPTIONS.partial_closures}
    days |= set(PRAGUE_EXCEPTIONS.closed_dates)
    for day in sorted(day for day in days if day.year == year):
        midnight = datetime(day.year, day.month, day.day, tzinfo=PRAGUE).astimezone(UTC)
        next_midnight = (datetime(day.year, day.month, day.day, tzinfo=PRAGUE) + timedelta(days=1)).astimezone(UTC)
        t = midnight
        while t < next_midnight:
            assert runtime.is_open(t) == reference.is_open(t), t
            t += timedelta(minutes=5)
        assert runtime.between(midnight, next_midnight) == reference.between(midnight, next_midnight)
        assert runtime.is_business_day(day) == reference.is_business_day(day)
