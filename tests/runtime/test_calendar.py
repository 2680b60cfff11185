"""Explicit cases: opening and closing edges, holidays, closures, DST changes, errors, binding."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from slac.runtime import Calendar, CalendarError, ExtraOpening, HolidaySource, PartialClosure, WeeklyInterval

from .cases import (
    ALWAYS_PRAGUE,
    BERLIN_24X5,
    CASES,
    HAVANA,
    LONDON_NIGHT_SHIFT,
    LORD_HOWE,
    NEW_YORK_SPLIT,
    PRAGUE_OFFICE,
    PRAGUE_EXCEPTIONS,
    PRAGUE_SMALL_HOURS,
    CalendarCase,
)

pytestmark = pytest.mark.filterwarnings("ignore:Requested Holidays are available only")

UTC = timezone.utc
PRAGUE = ZoneInfo("Europe/Prague")
OFFICE_HOURS = [WeeklyInterval(day, 480, day, 1020) for day in range(5)]


def prague(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, **rest: int) -> datetime:
    """A Prague wall-clock time (rest: microsecond, fold)."""
    return datetime(year, month, day, hour, minute, second, tzinfo=PRAGUE, **rest)


def in_utc(t: datetime) -> datetime:
    return t.astimezone(UTC)


office = PRAGUE_OFFICE.runtime


# ------------------------------------------------------------------------------ opening edges


def test_opening_time_is_open_and_closing_time_is_not() -> None:
    assert office.is_open(prague(2025, 3, 3, 8, 0))
    assert office.is_open(prague(2025, 3, 3, 16, 59, 59, microsecond=999_999))
    assert not office.is_open(prague(2025, 3, 3, 17, 0))
    assert not office.is_open(prague(2025, 3, 3, 7, 59, 59, microsecond=999_999))


def test_start_exactly_at_opening_counts_the_whole_day() -> None:
    assert office.add(prague(2025, 3, 3, 8, 0), timedelta(hours=9)) == in_utc(prague(2025, 3, 3, 17, 0))


def test_start_exactly_at_closing_begins_at_the_next_opening() -> None:
    assert office.add(prague(2025, 3, 3, 17, 0), timedelta(minutes=1)) == in_utc(prague(2025, 3, 4, 8, 1))


def test_duration_used_up_at_closing_time_is_due_at_closing_time() -> None:
    friday_afternoon = prague(2025, 3, 7, 16, 0)
    assert office.add(friday_afternoon, timedelta(hours=1)) == in_utc(prague(2025, 3, 7, 17, 0))
    assert office.add(friday_afternoon, timedelta(hours=1, microseconds=1)) == in_utc(
        prague(2025, 3, 10, 8, 0, microsecond=1)
    )


def test_start_on_a_weekend_begins_counting_on_monday() -> None:
    assert office.add(prague(2025, 3, 8, 12, 0), timedelta(hours=2)) == in_utc(prague(2025, 3, 10, 10, 0))
    assert office.next_opening(prague(2025, 3, 8, 12, 0)) == in_utc(prague(2025, 3, 10, 8, 0))


def test_zero_duration_is_the_start_itself_even_when_closed() -> None:
    saturday = prague(2025, 3, 8, 12, 0)
    assert office.add(saturday, timedelta(0)) == saturday
    assert office.add(saturday, timedelta(0)).tzinfo == UTC


def test_next_opening_of_an_open_instant_is_the_instant() -> None:
    t = prague(2025, 3, 3, 9, 15, 7, microsecond=3)
    assert office.next_opening(t) == t


def test_between_is_zero_when_b_is_not_after_a() -> None:
    t = prague(2025, 3, 3, 9, 0)
    assert office.between(t, t) == timedelta(0)
    assert office.between(t, t - timedelta(hours=5)) == timedelta(0)


def test_between_a_year_of_office_hours() -> None:
    # 2025 in Czechia: 261 weekdays, 10 of them public holidays, 9 hours each.
    assert office.between(prague(2025, 1, 1), prague(2026, 1, 1)) == timedelta(hours=251 * 9)


def test_split_day_skips_the_lunch_break() -> None:
    new_york = ZoneInfo("America/New_York")
    start = datetime(2025, 3, 4, 11, 30, tzinfo=new_york)
    assert NEW_YORK_SPLIT.runtime.add(start, timedelta(hours=1)) == in_utc(
        datetime(2025, 3, 4, 13, 30, tzinfo=new_york)
    )
    assert not NEW_YORK_SPLIT.runtime.is_open(datetime(2025, 3, 4, 12, 0, tzinfo=new_york))


def test_multi_day_interval_is_one_continuous_wall_clock_range() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    calendar = BERLIN_24X5.runtime
    assert calendar.add(datetime(2025, 3, 4, 23, 0, tzinfo=berlin), timedelta(hours=2)) == in_utc(
        datetime(2025, 3, 5, 1, 0, tzinfo=berlin)
    )
    friday_late = datetime(2025, 3, 7, 23, 58, tzinfo=berlin)
    assert calendar.add(friday_late, timedelta(minutes=1)) == in_utc(datetime(2025, 3, 7, 23, 59, tzinfo=berlin))
    assert calendar.add(friday_late, timedelta(minutes=2)) == in_utc(datetime(2025, 3, 10, 0, 2, tzinfo=berlin))


def test_closed_date_inside_a_multi_day_interval_closes_that_whole_day() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    calendar = Calendar("Europe/Berlin", [WeeklyInterval(0, 1, 4, 1439)], closed_dates=[date(2025, 3, 5)])
    week = calendar.between(datetime(2025, 3, 3, tzinfo=berlin), datetime(2025, 3, 8, tzinfo=berlin))
    assert week == timedelta(days=4, minutes=-2)
    assert not calendar.is_open(datetime(2025, 3, 5, 12, 0, tzinfo=berlin))


def test_night_shift_counts_across_midnight() -> None:
    london = ZoneInfo("Europe/London")
    start = datetime(2025, 3, 4, 23, 0, tzinfo=london)
    assert LONDON_NIGHT_SHIFT.runtime.add(start, timedelta(hours=8)) == in_utc(
        datetime(2025, 3, 5, 23, 0, tzinfo=london)
    )


def test_any_date_works_without_a_fixed_horizon() -> None:
    assert office.add(prague(1999, 12, 31, 16, 0), timedelta(hours=2)) == in_utc(prague(2000, 1, 3, 9, 0))
    assert office.add(prague(2300, 3, 1, 8, 0), timedelta(hours=1)) == in_utc(prague(2300, 3, 1, 9, 0))


def test_long_durations_cross_years() -> None:
    start = prague(2024, 1, 2, 8, 0)
    deadline = office.add(start, timedelta(hours=9 * 600))
    assert office.between(start, deadline) == timedelta(hours=9 * 600)
    assert deadline.year == 2026


# ------------------------------------------------------------------ holidays and exceptions


def test_christmas_is_closed() -> None:
    # 24–26 December are Czech public holidays; 27–28 December 2025 are a weekend.
    assert office.add(prague(2025, 12, 23, 16, 0), timedelta(hours=2)) == in_utc(prague(2025, 12, 29, 9, 0))
    assert not office.is_open(prague(2025, 12, 25, 10, 0))


@pytest.mark.parametrize(
    ("thursday_before_easter", "tuesday_after_easter"),
    [((2024, 3, 28), (2024, 4, 2)), ((2025, 4, 17), (2025, 4, 22)), ((2026, 4, 2), (2026, 4, 7))],
)
def test_good_friday_and_easter_monday_are_closed_in_czechia(
    thursday_before_easter: tuple[int, int, int], tuesday_after_easter: tuple[int, int, int]
) -> None:
    start = prague(*thursday_before_easter, 16, 0)
    assert office.add(start, timedelta(hours=2)) == in_utc(prague(*tuesday_after_easter, 9, 0))


def test_partial_closure_closes_christmas_eve_afternoon() -> None:
    calendar = Calendar("Europe/Prague", OFFICE_HOURS, partial_closures=[PartialClosure(date(2025, 12, 24), 720)])
    assert calendar.is_open(prague(2025, 12, 24, 11, 59))
    assert not calendar.is_open(prague(2025, 12, 24, 12, 0))
    assert calendar.add(prague(2025, 12, 24, 11, 0), timedelta(hours=2)) == in_utc(prague(2025, 12, 25, 9, 0))


def test_partial_closure_in_the_middle_of_a_day() -> None:
    calendar = Calendar("Europe/Prague", OFFICE_HOURS, partial_closures=[PartialClosure(date(2025, 3, 4), 600, 720)])
    assert calendar.add(prague(2025, 3, 4, 9, 0), timedelta(hours=2)) == in_utc(prague(2025, 3, 4, 13, 0))


def test_extra_opening_on_a_saturday() -> None:
    calendar = Calendar("Europe/Prague", OFFICE_HOURS, extra_openings=[ExtraOpening(date(2025, 3, 8), 540, 780)])
    assert calendar.add(prague(2025, 3, 7, 16, 0), timedelta(hours=2)) == in_utc(prague(2025, 3, 8, 10, 0))
    assert calendar.is_open(prague(2025, 3, 8, 12, 59))
    assert not calendar.is_open(prague(2025, 3, 8, 13, 0))


def test_extra_opening_on_a_public_holiday_opens_it() -> None:
    calendar = Calendar(
        "Europe/Prague",
        OFFICE_HOURS,
        holidays=[HolidaySource("CZ")],
        extra_openings=[ExtraOpening(date(2025, 12, 24), 480, 720)],
    )
    assert calendar.add(prague(2025, 12, 23, 16, 0), timedelta(hours=2)) == in_utc(prague(2025, 12, 24, 9, 0))
    assert not calendar.is_open(prague(2025, 12, 24, 12, 0))


def test_extra_opening_adjacent_to_weekly_hours_extends_the_day() -> None:
    calendar = Calendar("Europe/Prague", OFFICE_HOURS, extra_openings=[ExtraOpening(date(2025, 3, 7), 1020, 1200)])
    assert calendar.add(prague(2025, 3, 7, 16, 0), timedelta(hours=2)) == in_utc(prague(2025, 3, 7, 18, 0))


def test_closed_date_closes_the_whole_day() -> None:
    calendar = Calendar("Europe/Prague", OFFICE_HOURS, closed_dates=[date(2025, 3, 4)])
    assert calendar.add(prague(2025, 3, 3, 16, 0), timedelta(hours=2)) == in_utc(prague(2025, 3, 5, 9, 0))


# ---------------------------------------------------------------------------- DST changes


def offset_changes(zone_name: str, first_year: int, last_year: int) -> list[datetime]:
    """The instants (UTC) at which the zone's offset changes, found by a plain hourly scan."""
    zone = ZoneInfo(zone_name)
    changes: list[datetime] = []
    t = datetime(first_year, 1, 1, tzinfo=UTC)
    end = datetime(last_year + 1, 1, 1, tzinfo=UTC)
    while t < end:
        later = t + timedelta(hours=1)
        if t.astimezone(zone).utcoffset() != later.astimezone(zone).utcoffset():
            low, high = t, later
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                middle = middle.replace(second=0, microsecond=0)
                if middle.astimezone(zone).utcoffset() == t.astimezone(zone).utcoffset():
                    low = middle
                else:
                    high = middle
            changes.append(high)
        t = later
    return changes


DST_CASES = [case for case in CASES if offset_changes(case.zone, 2024, 2024) and case is not PRAGUE_EXCEPTIONS]
DST_CHANGES = [
    pytest.param(case, change, id=f"{case.name}-{change:%Y-%m-%dT%H:%MZ}")
    for case in DST_CASES
    for change in offset_changes(case.zone, 2024, 2026)
]


@pytest.mark.parametrize(("case", "change"), DST_CHANGES)
def test_dst_change_matches_reference(case: CalendarCase, change: datetime) -> None:
    runtime, reference = case.runtime, case.reference
    around = [change + timedelta(minutes=minutes) for minutes in range(-36 * 60, 36 * 60, 30)]
    assert runtime.between(around[0], around[-1]) == reference.between(around[0], around[-1])
    for t in around:
        assert runtime.is_open(t) == reference.is_open(t), t
    for t in around[::6]:
        for minutes in (1, 30, 31, 60, 61, 120, 360):
            assert runtime.add(t, timedelta(minutes=minutes)) == reference.add(t, minutes), (t, minutes)
        assert runtime.next_opening(t) == reference.next_opening(t), t


def local_day_length(case: CalendarCase, day: date) -> timedelta:
    zone = ZoneInfo(case.zone)
    midnight = datetime.combine(day, datetime.min.time(), tzinfo=zone)
    next_midnight = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    return case.runtime.between(midnight, next_midnight)


@pytest.mark.parametrize(
    ("case", "day", "open_time"),
    [
        pytest.param(ALWAYS_PRAGUE, date(2025, 3, 30), timedelta(hours=23), id="24x7-spring-forward"),
        pytest.param(ALWAYS_PRAGUE, date(2025, 10, 26), timedelta(hours=25), id="24x7-fall-back"),
        pytest.param(ALWAYS_PRAGUE, date(2025, 10, 27), timedelta(hours=24), id="24x7-ordinary-day"),
        pytest.param(PRAGUE_SMALL_HOURS, date(2025, 3, 30), timedelta(hours=3), id="01-05-skipped-hour"),
        pytest.param(PRAGUE_SMALL_HOURS, date(2025, 10, 26), timedelta(hours=5), id="01-05-repeated-hour"),
        pytest.param(PRAGUE_OFFICE, date(2025, 3, 31), timedelta(hours=9), id="office-day-after-change"),
        pytest.param(LORD_HOWE, date(2025, 4, 6), timedelta(hours=2, minutes=30), id="lord-howe-half-hour-back"),
        pytest.param(LORD_HOWE, date(2025, 10, 5), timedelta(hours=1, minutes=30), id="lord-howe-half-hour-forward"),
        pytest.param(LONDON_NIGHT_SHIFT, date(2025, 3, 30), timedelta(hours=7), id="night-shift-spring-forward"),
        pytest.param(LONDON_NIGHT_SHIFT, date(2025, 10, 26), timedelta(hours=9), id="night-shift-fall-back"),
    ],
)
def test_open_time_of_a_local_day_follows_the_clock_change(case: CalendarCase, day: date, open_time: timedelta) -> None:
    assert local_day_length(case, day) == open_time


def test_havana_changes_clocks_at_midnight() -> None:
    havana = ZoneInfo("America/Havana")
    always = Calendar.always("America/Havana")
    # 2025-03-09 00:00 does not exist (00:00 -> 01:00); 2025-11-02 00:00-01:00 happens twice.
    spring = always.between(datetime(2025, 3, 9, 1, 0, tzinfo=havana), datetime(2025, 3, 10, tzinfo=havana))
    fall = always.between(datetime(2025, 11, 2, tzinfo=havana), datetime(2025, 11, 3, tzinfo=havana))
    assert (spring, fall) == (timedelta(hours=23), timedelta(hours=25))
    # The night shift 23:00-02:00 loses its hour after midnight in spring and gains one in autumn.
    night = HAVANA.runtime
    assert night.between(
        datetime(2025, 3, 8, 12, 0, tzinfo=havana), datetime(2025, 3, 9, 12, 0, tzinfo=havana)
    ) == timedelta(hours=2)
    assert night.between(
        datetime(2025, 11, 1, 12, 0, tzinfo=havana), datetime(2025, 11, 2, 12, 0, tzinfo=havana)
    ) == timedelta(hours=4)


def test_spring_forward_deadline_skips_the_missing_hour() -> None:
    start = prague(2025, 3, 30, 1, 30)
    assert PRAGUE_SMALL_HOURS.runtime.add(start, timedelta(hours=1)) == in_utc(prague(2025, 3, 30, 3, 30))


def test_fall_back_deadline_counts_the_repeated_hour_twice() -> None:
    start = prague(2025, 10, 26, 1, 30)
    deadline = PRAGUE_SMALL_HOURS.runtime.add(start, timedelta(hours=2))
    assert deadline == in_utc(prague(2025, 10, 26, 2, 30, fold=1))


# ----------------------------------------------------------------------- invariants


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_between_undoes_add_to_the_microsecond(case: CalendarCase) -> None:
    start = datetime(2025, 3, 29, 21, 17, 3, 123_457, tzinfo=UTC)
    for duration in (timedelta(microseconds=1), timedelta(minutes=7, microseconds=5), timedelta(days=3, seconds=11)):
        deadline = case.runtime.add(start, duration)
        assert case.runtime.between(start, deadline) == duration
        assert case.runtime.between(start, deadline - timedelta(microseconds=1)) < duration


# ------------------------------------------------------------------- description, binding


def test_describe_office_hours() -> None:
    assert office.describe() == "Monday–Friday 08:00–17:00, Europe/Prague, closed on public holidays of CZ"


def test_describe_other_shapes() -> None:
    assert NEW_YORK_SPLIT.runtime.describe() == (
        "Monday–Friday 09:00–12:00 and 13:00–17:00, America/New_York, closed on public holidays of US"
    )
    assert BERLIN_24X5.runtime.describe() == "Monday 00:01 – Friday 23:59, Europe/Berlin"
    assert LONDON_NIGHT_SHIFT.runtime.describe() == "daily 22:00–06:00, Europe/London, closed on public holidays of GB"
    assert Calendar.always().describe() == "24/7, UTC"
    unbound = Calendar(None, OFFICE_HOURS, customer_holidays=True)
    assert unbound.describe() == (
        "Monday–Friday 08:00–17:00, the customer's time zone, closed on public holidays of the customer's country"
    )
    exceptions = Calendar(
        "Europe/Prague",
        OFFICE_HOURS,
        holidays=[HolidaySource("US", "NY")],
        closed_dates=[date(2025, 12, 31)],
        partial_closures=[PartialClosure(date(2025, 12, 24), 720)],
        extra_openings=[ExtraOpening(date(2025, 12, 27), 540, 780)],
    )
    assert exceptions.describe() == (
        "Monday–Friday 08:00–17:00, Europe/Prague, closed on public holidays of US-NY, closed on 2025-12-31, "
        "closed 2025-12-24 from 12:00, also open 2025-12-27 09:00–13:00"
    )


@pytest.mark.parametrize(
    ("calendar", "length"),
    [
        pytest.param(office, timedelta(hours=9), id="office"),
        pytest.param(NEW_YORK_SPLIT.runtime, timedelta(hours=7), id="split"),
        pytest.param(LONDON_NIGHT_SHIFT.runtime, timedelta(hours=8), id="night-shift"),
        pytest.param(Calendar.always(), timedelta(hours=24), id="24x7"),
        pytest.param(BERLIN_24X5.runtime, None, id="24x5-days-differ"),
    ],
)
def test_standard_day_length(calendar: Calendar, length: timedelta | None) -> None:
    assert calendar.standard_day_length() == length


def test_bind_resolves_the_customers_zone_and_country_once() -> None:
    customer_calendar = Calendar(None, OFFICE_HOURS, customer_holidays=True)
    bound = customer_calendar.bind(timezone="Europe/Prague", country="CZ")
    assert bound is customer_calendar.bind(timezone="Europe/Prague", country="CZ")
    assert bound.timezone == "Europe/Prague"
    assert not bound.is_open(prague(2025, 12, 25, 10, 0))
    in_new_york = customer_calendar.bind(timezone="America/New_York", country="US")
    assert in_new_york.is_open(prague(2025, 12, 24, 16, 0))  # 10:00 in New York, not a US holiday


def test_a_calendar_with_a_fixed_zone_ignores_the_bound_zone() -> None:
    assert office.bind(timezone="America/New_York") is office
    with_customer_holidays = Calendar("Europe/Prague", OFFICE_HOURS, customer_holidays=True)
    bound = with_customer_holidays.bind(timezone="America/New_York", country="US")
    assert bound.timezone == "Europe/Prague"
    assert not bound.is_open(prague(2025, 7, 4, 10, 0))


def test_calendars_compare_and_hash_by_their_declaration() -> None:
    same = Calendar("Europe/Prague", tuple(OFFICE_HOURS), holidays=(HolidaySource("CZ"),))
    assert same == office and hash(same) == hash(office)
    assert {office: 1}[same] == 1


def test_always_is_open_at_every_instant() -> None:
    always = Calendar.always("America/New_York")
    t = datetime(2025, 3, 9, 7, 30, tzinfo=UTC)
    assert always.is_open(t)
    assert always.add(t, timedelta(days=40, microseconds=3)) == t + timedelta(days=40, microseconds=3)


# ----------------------------------------------------------------------------- errors


def test_naive_datetime_is_refused_with_an_example() -> None:
    with pytest.raises(
        CalendarError, match=r"start 2025-03-07T16:30:00 is naive; give a time zone, e.g. 2025-03-07T16:30\+01:00"
    ):
        office.add(datetime(2025, 3, 7, 16, 30), timedelta(hours=1))
    for call in (
        lambda: office.is_open(datetime(2025, 3, 7)),
        lambda: office.next_opening(datetime(2025, 3, 7)),
        lambda: office.between(prague(2025, 3, 7), datetime(2025, 3, 8)),
    ):
        with pytest.raises(CalendarError, match="is naive"):
            call()


def test_non_datetime_inputs_are_refused() -> None:
    with pytest.raises(CalendarError, match="must be an aware datetime"):
        office.add("2025-03-07T16:30+01:00", timedelta(hours=1))  # type: ignore[arg-type]
    with pytest.raises(CalendarError, match="duration must be a timedelta"):
        office.add(prague(2025, 3, 7), 3600)  # type: ignore[arg-type]


def test_negative_duration_is_refused() -> None:
    with pytest.raises(CalendarError, match="negative"):
        office.add(prague(2025, 3, 7), timedelta(minutes=-1))


def test_unknown_zone_suggests_the_nearest_names() -> None:
    with pytest.raises(CalendarError, match=r"unknown time zone 'Europe/Prag': did you mean 'Europe/Prague'"):
        Calendar("Europe/Prag", OFFICE_HOURS)
    with pytest.raises(CalendarError, match="unknown time zone 'Mars/Olympus'"):
        Calendar(None, OFFICE_HOURS).bind(timezone="Mars/Olympus")


def test_unknown_country_and_subdivision_list_close_matches() -> None:
    with pytest.raises(CalendarError, match=r"unknown country 'Cz'.*Did you mean 'CZ'"):
        HolidaySource("Cz")
    with pytest.raises(CalendarError, match=r"unknown country 'XQ'"):
        Calendar("Europe/Prague", OFFICE_HOURS, holidays=[HolidaySource("XQ")])
    with pytest.raises(CalendarError, match=r"unknown subdivision 'NYC' of US.*NY"):
        HolidaySource("US", "NYC")
    with pytest.raises(CalendarError, match="categories"):
        HolidaySource("US", categories=("moon",))
    with pytest.raises(CalendarError, match="unknown country 'Czechia'"):
        Calendar(None, OFFICE_HOURS, customer_holidays=True).bind(timezone="Europe/Prague", country="Czechia")


def test_calendar_without_open_time_is_refused_when_built() -> None:
    with pytest.raises(CalendarError, match="no open time at all"):
        Calendar("Europe/Prague", [])


@pytest.mark.parametrize(
    "make",
    [
        lambda: WeeklyInterval(7, 0, 0, 60),
        lambda: WeeklyInterval(0, -1, 0, 60),
        lambda: WeeklyInterval(0, 0, 0, 1441),
        lambda: PartialClosure(date(2025, 12, 24), 720, 600),
        lambda: ExtraOpening(datetime(2025, 12, 24, 9, 0), 540, 600),  # type: ignore[arg-type]
        lambda: Calendar("Europe/Prague", [(0, 480, 0, 1020)]),  # type: ignore[list-item]
    ],
    ids=["weekday-7", "negative-minute", "minute-1441", "closure-backwards", "datetime-as-day", "tuple-not-interval"],
)
def test_malformed_parts_are_refused_when_built(make) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CalendarError):
        make()


def test_unbound_calendar_says_how_to_bind_it() -> None:
    with pytest.raises(CalendarError, match=r"customer's time zone and is not bound; call calendar.bind\(timezone"):
        Calendar(None, OFFICE_HOURS).add(prague(2025, 3, 7), timedelta(hours=1))
    with pytest.raises(CalendarError, match=r"not bound; call calendar.bind\(country"):
        Calendar("Europe/Prague", OFFICE_HOURS, customer_holidays=True).is_open(prague(2025, 3, 7))
    with pytest.raises(CalendarError, match="none was given"):
        Calendar(None, OFFICE_HOURS).bind()
    with pytest.raises(CalendarError, match=r"bind\(country='CZ'\)"):
        Calendar(None, OFFICE_HOURS, customer_holidays=True).bind(timezone="Europe/Prague")


def test_year_starts_are_january_firsts() -> None:
    """`YEAR_STARTS` is computed by arithmetic at import; it must be the instants of January
    1st, 00:00 UTC, of every year 1..9999, as `date` counts them."""
    from slac.runtime.timeline import YEAR_STARTS, _year_start

    assert YEAR_STARTS == [_year_start(year) for year in range(1, 10_000)]
