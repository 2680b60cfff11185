"""Memory stays bounded with the number of customers, and forgetting never changes an answer."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone

import pytest

from slac.runtime import Calendar, CalendarError, LruCache, WeeklyInterval, set_cache_limits
from slac.runtime.caches import BOUND_OPEN_YEARS, OPEN_YEARS

pytestmark = pytest.mark.filterwarnings("ignore:Requested Holidays are available only")

UTC = timezone.utc
OFFICE_HOURS = [WeeklyInterval(day, 540, day, 1020) for day in range(5)]
CUSTOMERS = [
    ("Europe/Prague", "CZ", None),
    ("Europe/Rome", "IT", None),
    ("America/New_York", "US", "NY"),
    ("America/Chicago", "US", "TX"),
    ("Asia/Tokyo", "JP", None),
    ("Australia/Sydney", "AU", "NSW"),
    ("Europe/Berlin", "DE", "BY"),
    ("America/Sao_Paulo", "BR", None),
]


@pytest.fixture
def small_budget() -> Iterator[None]:
    """At most 4 open years for all bound calendars during the test."""
    set_cache_limits(bound_open_years=4)
    try:
        yield
    finally:
        set_cache_limits(bound_open_years=BOUND_OPEN_YEARS)


def test_lru_cache_forgets_the_least_recently_used() -> None:
    cache: LruCache[str, int] = LruCache(maxsize=2)
    cache["a"], cache["b"] = 1, 2
    assert cache.get("a") == 1  # "a" is now the most recently used
    cache["c"] = 3
    assert "b" not in cache and cache.get("a") == 1 and cache.get("c") == 3
    assert len(cache) == 2
    cache.maxsize = 1
    assert len(cache) == 1 and cache.get("c") == 3


def test_bound_calendars_keep_at_most_the_budgeted_years(small_budget: None) -> None:
    template = Calendar(None, OFFICE_HOURS, customer_holidays=True)
    start = datetime(2025, 3, 7, 15, tzinfo=UTC)
    for zone, country, subdivision in CUSTOMERS:
        template.bind(timezone=zone, country=country, subdivision=subdivision).add(start, timedelta(hours=30))
    assert len(OPEN_YEARS) == 4
    held = sum(
        len(template.bind(timezone=zone, country=country, subdivision=subdivision)._caches.open_years)
        for zone, country, subdivision in CUSTOMERS
    )
    assert held == 4


def test_forgotten_years_give_the_same_answers(small_budget: None) -> None:
    template = Calendar(None, OFFICE_HOURS, customer_holidays=True)
    starts = [datetime(year, 12, 30, 15, tzinfo=UTC) for year in (2024, 2025, 2026)]
    first_answers = {}
    for customer in CUSTOMERS:
        calendar = template.bind(*customer)
        for start in starts:
            first_answers[customer, start] = (
                calendar.add(start, timedelta(hours=20)),
                calendar.subtract(start, timedelta(hours=20)),
                calendar.business_days_between(date(2024, 1, 1), start.date()),
            )
    # Every customer's years have been forgotten several times over by now.
    for customer in CUSTOMERS:
        calendar = template.bind(*customer)
        for start in starts:
            assert first_answers[customer, start] == (
                calendar.add(start, timedelta(hours=20)),
                calendar.subtract(start, timedelta(hours=20)),
                calendar.business_days_between(date(2024, 1, 1), start.date()),
            )


def test_calendars_built_directly_are_not_budgeted(small_budget: None) -> None:
    calendar = Calendar("Europe/Prague", OFFICE_HOURS)
    for year in range(2020, 2030):
        calendar.add(datetime(year, 6, 1, tzinfo=UTC), timedelta(hours=1))
    assert len(calendar._caches.open_years) == 10


def test_bindings_per_calendar_are_bounded() -> None:
    template = Calendar(None, OFFICE_HOURS, customer_holidays=True)
    template._caches.bindings.maxsize = 3
    bound = [template.bind(*customer) for customer in CUSTOMERS]
    assert len(template._caches.bindings) == 3
    assert template.bind(*CUSTOMERS[-1]) is bound[-1]  # still cached
    assert template.bind(*CUSTOMERS[0]) == bound[0]  # bound again: equal, not the same object


@pytest.mark.parametrize("limit", [0, -1, 1.5, True, "10"])
def test_limits_must_be_whole_numbers_of_at_least_one(limit: object) -> None:
    with pytest.raises(CalendarError, match="at least 1"):
        set_cache_limits(bound_open_years=limit)  # type: ignore[arg-type]
    with pytest.raises(CalendarError, match="at least 1"):
        LruCache(maxsize=limit)  # type: ignore[arg-type]


def test_a_memo_is_emptied_when_it_holds_its_limit_and_keeps_the_new_entry() -> None:
    from slac.runtime.caches import remember

    memo: dict[int, str] = {}
    assert [remember(memo, key, str(key), 3) for key in range(3)] == ["0", "1", "2"]
    assert memo == {0: "0", 1: "1", 2: "2"}
    assert remember(memo, 3, "3", 3) == "3"
    assert memo == {3: "3"}
