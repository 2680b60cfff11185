"""Laws that hold to the microsecond for every calendar, and `add_many` agreeing with `add`."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .cases import CASES, CalendarCase

pytestmark = pytest.mark.filterwarnings("ignore:Requested Holidays are available only")

UTC = timezone.utc
ONE_MICROSECOND = timedelta(microseconds=1)
cases = pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)


def instants(case: CalendarCase) -> st.SearchStrategy[datetime]:
    """Any microsecond in 2020–2035, in UTC or in the calendar's zone (including DST gaps and folds)."""
    return st.datetimes(
        min_value=datetime(2020, 1, 1),
        max_value=datetime(2035, 12, 31),
        timezones=st.sampled_from([UTC, ZoneInfo(case.zone)]),
    )


durations = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=60))
fewer_examples = settings(max_examples=max(10, settings().max_examples // 3))
"""For the laws of the operations added later: a third of the profile's examples keeps the suite fast."""


@cases
@given(data=st.data())
def test_between_undoes_add_and_add_is_earliest(case: CalendarCase, data: st.DataObject) -> None:
    start, duration = data.draw(instants(case), label="start"), data.draw(durations, label="duration")
    deadline = case.runtime.add(start, duration)
    assert deadline >= start
    assert deadline.tzinfo is UTC
    assert case.runtime.between(start, deadline) == duration
    if duration:
        assert case.runtime.between(start, deadline - ONE_MICROSECOND) == duration - ONE_MICROSECOND


@cases
@given(data=st.data())
def test_adding_in_two_steps_is_adding_once(case: CalendarCase, data: st.DataObject) -> None:
    start = data.draw(instants(case), label="start")
    first, second = data.draw(durations, label="first"), data.draw(durations, label="second")
    if second:
        assert case.runtime.add(case.runtime.add(start, first), second) == case.runtime.add(start, first + second)


@cases
@given(data=st.data())
def test_between_adds_up_over_consecutive_ranges(case: CalendarCase, data: st.DataObject) -> None:
    a = data.draw(instants(case), label="a")
    b = a.astimezone(UTC) + data.draw(durations, label="b - a")  # in UTC: aware arithmetic is wall-clock
    c = b + data.draw(durations, label="c - b")
    assert case.runtime.between(a, c) == case.runtime.between(a, b) + case.runtime.between(b, c)


@cases
@given(data=st.data())
def test_is_open_next_opening_and_between_agree(case: CalendarCase, data: st.DataObject) -> None:
    t = data.draw(instants(case), label="t")
    opening = case.runtime.next_opening(t)
    assert opening >= t
    assert case.runtime.is_open(opening)
    assert case.runtime.between(t, opening) == timedelta(0)
    # Compare in UTC: Python never calls a wall time in a DST gap or fold equal to one in another zone.
    assert case.runtime.is_open(t) == (opening == t.astimezone(UTC))
    just_after = t.astimezone(UTC) + ONE_MICROSECOND  # in UTC: `t + x` would drop a DST fold
    assert case.runtime.is_open(t) == (case.runtime.between(t, just_after) == ONE_MICROSECOND)


@cases
@fewer_examples
@given(data=st.data())
def test_subtract_is_the_latest_start_that_meets_the_deadline(case: CalendarCase, data: st.DataObject) -> None:
    end, duration = data.draw(instants(case), label="end"), data.draw(durations, label="duration")
    start = case.runtime.subtract(end, duration)
    assert start <= end
    assert start.tzinfo is UTC
    assert case.runtime.between(start, end) == duration
    assert case.runtime.add(start, duration) <= end
    if duration:
        assert case.runtime.is_open(start)
        assert case.runtime.between(start + ONE_MICROSECOND, end) == duration - ONE_MICROSECOND


@cases
@fewer_examples
@given(data=st.data())
def test_previous_open_and_next_closing_are_the_edges_around_an_instant(
    case: CalendarCase, data: st.DataObject
) -> None:
    t = data.draw(instants(case), label="t")
    previous = case.runtime.previous_open(t)
    assert previous <= t
    assert case.runtime.between(previous, t) == timedelta(0)
    if case.runtime.is_open(t):
        assert previous == t.astimezone(UTC)
    else:  # a closing (perhaps t itself): the microsecond before it is open, it is not
        assert case.runtime.between(previous - ONE_MICROSECOND, previous) == ONE_MICROSECOND
        assert not case.runtime.is_open(previous)
    closing = case.runtime.next_closing(t)
    if closing is None:
        assert case.runtime.between(t, t.astimezone(UTC) + timedelta(days=400)) == timedelta(days=400)
    else:
        opening = case.runtime.next_opening(t)
        assert opening < closing
        assert not case.runtime.is_open(closing)
        assert case.runtime.between(opening, closing) == closing - opening  # open all the way


@cases
@fewer_examples
@given(data=st.data())
def test_open_periods_are_open_apart_and_add_up_to_between(case: CalendarCase, data: st.DataObject) -> None:
    a = data.draw(instants(case), label="a")
    b = a.astimezone(UTC) + data.draw(durations, label="b - a")
    periods = case.runtime.open_periods(a, b)
    assert sum((closing - opening for opening, closing in periods), timedelta(0)) == case.runtime.between(a, b)
    for opening, closing in periods:
        assert a <= opening < closing <= b
        assert case.runtime.between(opening, closing) == closing - opening
        if closing < b:
            assert not case.runtime.is_open(closing)
    for (_, closing), (opening, _) in zip(periods, periods[1:]):
        assert closing < opening


@cases
@fewer_examples
@given(data=st.data())
def test_add_business_days_is_open_after_the_start_and_never_shrinks_with_more_days(
    case: CalendarCase, data: st.DataObject
) -> None:
    t = data.draw(instants(case), label="t")
    days = data.draw(st.integers(0, 40), label="days")
    result = case.runtime.add_business_days(t, days)
    assert result >= t
    assert case.runtime.is_open(result)
    assert case.runtime.add_business_days(t, 0) == case.runtime.next_opening(t)
    # Not always later: from 18:00, 0 and 1 days may both land on the next day's opening.
    assert case.runtime.add_business_days(t, days + 1) >= result


@cases
@fewer_examples
@given(data=st.data())
def test_business_days_add_up_over_consecutive_ranges(case: CalendarCase, data: st.DataObject) -> None:
    first = data.draw(st.dates(date(2020, 1, 1), date(2034, 1, 1)), label="first")
    middle = first + timedelta(days=data.draw(st.integers(0, 500), label="middle - first"))
    last = middle + timedelta(days=data.draw(st.integers(0, 500), label="last - middle"))
    calendar = case.runtime
    assert calendar.business_days_between(first, last) == calendar.business_days_between(
        first, middle
    ) + calendar.business_days_between(middle, last)
    assert calendar.business_days_between(first, first + timedelta(days=1)) == calendar.is_business_day(first)


@cases
@given(data=st.data())
def test_add_many_gives_exactly_what_add_gives(case: CalendarCase, data: st.DataObject) -> None:
    numpy = pytest.importorskip("numpy")
    starts = data.draw(st.lists(instants(case), min_size=1, max_size=20), label="starts")
    spans = data.draw(
        st.lists(
            st.one_of(durations, st.timedeltas(timedelta(0), timedelta(days=1200))),
            min_size=len(starts),
            max_size=len(starts),
        ),
        label="durations",
    )
    start_array = numpy.array([start.astimezone(UTC).replace(tzinfo=None) for start in starts], dtype="datetime64[us]")
    duration_array = numpy.array(spans, dtype="timedelta64[us]")
    expected = [case.runtime.add(start, span).replace(tzinfo=None) for start, span in zip(starts, spans)]
    assert case.runtime.add_many(start_array, duration_array).tolist() == expected
    as_integers = case.runtime.add_many(start_array.view(numpy.int64), duration_array.view(numpy.int64))
    assert as_integers.dtype == numpy.dtype("datetime64[us]")
    assert as_integers.tolist() == expected


def test_add_many_on_a_large_seeded_workload() -> None:
    numpy = pytest.importorskip("numpy")
    calendar = CASES[0].runtime
    generator = numpy.random.default_rng(7)
    first, last = numpy.datetime64("2019-06-01", "us").astype(numpy.int64), numpy.datetime64("2031-01-01", "us").astype(
        numpy.int64
    )
    start_array = generator.integers(first, last, size=5_000).astype("datetime64[us]")
    duration_array = generator.integers(0, 400 * 3_600 * 10**6, size=5_000).astype("timedelta64[us]")
    duration_array[:10] = 0
    deadlines = calendar.add_many(start_array, duration_array)
    for start, span, deadline in zip(start_array.tolist(), duration_array.tolist(), deadlines.tolist()):
        assert calendar.add(start.replace(tzinfo=UTC), span).replace(tzinfo=None) == deadline


def test_add_many_broadcasts_and_handles_empty_input() -> None:
    numpy = pytest.importorskip("numpy")
    calendar = CASES[0].runtime
    starts = numpy.array(["2025-03-07T15:00", "2025-03-07T16:30"], dtype="datetime64[us]")
    one_hour = numpy.timedelta64(1, "h")
    assert calendar.add_many(starts, one_hour).tolist() == [
        datetime(2025, 3, 7, 16, 0),
        datetime(2025, 3, 10, 8, 0),  # 17:30 in Prague is closed: Monday 08:00 + 1 hour
    ]
    empty = numpy.array([], dtype="datetime64[us]")
    assert calendar.add_many(empty, numpy.array([], dtype="timedelta64[us]")).shape == (0,)


def test_add_many_refuses_bad_input() -> None:
    numpy = pytest.importorskip("numpy")
    from slac.runtime import CalendarError

    calendar = CASES[0].runtime
    starts = numpy.array(["2025-03-07T15:00"], dtype="datetime64[us]")
    with pytest.raises(CalendarError, match="negative"):
        calendar.add_many(starts, numpy.array([-1]))
    with pytest.raises(CalendarError, match="NaT"):
        calendar.add_many(numpy.array(["NaT"], dtype="datetime64[us]"), numpy.array([1]))
    with pytest.raises(CalendarError, match="dtype"):
        calendar.add_many(numpy.array([1.5]), numpy.array([1]))


def test_add_many_in_small_chunks_gives_exactly_what_add_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of 97 over 3,000 deadlines whose durations grow, so that later chunks need the
    span of open time to grow past the years the first chunks used; a 2-D broadcast too."""
    numpy = pytest.importorskip("numpy")
    from slac.runtime import calendar as calendar_module

    monkeypatch.setattr(calendar_module, "ADD_MANY_CHUNK", 97)
    calendar = CASES[0].runtime
    generator = numpy.random.default_rng(11)
    first = numpy.datetime64("2024-01-01", "us").astype(numpy.int64)
    start_array = generator.integers(first, first + 3 * 365 * 86_400 * 10**6, size=3_000).astype("datetime64[us]")
    duration_array = numpy.sort(generator.integers(0, 9_000 * 3_600 * 10**6, size=3_000)).astype("timedelta64[us]")
    kept = start_array.copy(), duration_array.copy()
    deadlines = calendar.add_many(start_array, duration_array)
    assert (start_array == kept[0]).all() and (duration_array == kept[1]).all(), "inputs must not change"
    for start, span, deadline in zip(start_array.tolist(), duration_array.tolist(), deadlines.tolist()):
        assert calendar.add(start.replace(tzinfo=UTC), span).replace(tzinfo=None) == deadline
    grid = calendar.add_many(start_array[:40].reshape(8, 5), numpy.timedelta64(90, "m"))
    assert grid.shape == (8, 5)
    assert grid.reshape(-1).tolist() == calendar.add_many(start_array[:40], numpy.timedelta64(90, "m")).tolist()
