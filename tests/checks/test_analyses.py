"""The analyses behind the checks: worst-case waits against the runtime, the rules' world."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pytest

from slac.checks.durations import worst_case_business
from slac.checks.situations import RuleSpace, simulate
from slac.runtime import Calendar, WeeklyInterval
from slac.runtime.schedule import weekly_ranges_by_weekday

from .support import RULES

MONDAY = datetime(
    2025, 1, 13, tzinfo=timezone.utc
)  # a week without holidays or clock changes


def _brute_force(calendar: Calendar, minutes: int, open_only: bool) -> int:
    worst = 0
    for minute in range(0, 7 * 1440, 1 if minutes < 100 else 7):
        start = MONDAY + timedelta(minutes=minute)
        if open_only and not calendar.is_open(start):
            continue
        worst = max(
            worst,
            (calendar.add(start, timedelta(minutes=minutes)) - start)
            // timedelta(minutes=1),
        )
    return worst


@pytest.mark.parametrize("seed", range(6))
def test_worst_case_matches_the_runtime(seed: int) -> None:
    generator = random.Random(seed)
    intervals = []
    for _ in range(generator.randint(1, 3)):
        day, start = generator.randrange(7), generator.randrange(0, 1440, 30)
        end = day * 1440 + start + generator.choice([60, 480, 1500])
        intervals.append(WeeklyInterval(day, start, (end // 1440) % 7, end % 1440))
    calendar = Calendar("UTC", intervals)
    ranges = weekly_ranges_by_weekday(intervals)
    for minutes in (1, 45, 600, 4000):
        for open_only in (False, True):
            exact = worst_case_business(ranges, minutes, open_only)
            sampled = _brute_force(calendar, minutes, open_only)
            assert exact is not None
            assert sampled <= exact
            if minutes < 100:
                assert sampled == exact


def test_worst_case_of_office_hours() -> None:
    office = weekly_ranges_by_weekday(
        [WeeklyInterval(d, 480, d, 1020) for d in range(5)]
    )
    assert worst_case_business(office, 60) == 64 * 60  # Friday 16:01 → Monday 08:01
    assert (
        worst_case_business(office, 9 * 60) == 72 * 60
    )  # one business day from Friday 08:01
    always = weekly_ranges_by_weekday([WeeklyInterval(0, 0, 0, 0)])
    assert worst_case_business(always, 90) == 90


def test_unmentioned_values_collapse_into_one() -> None:
    from slac import compile_file

    policy = compile_file(RULES / "zimbra.sla").policy
    assert policy is not None
    space = RuleSpace.of(policy)
    # channel: email (mentioned by the rule), portal (by the restriction); phone stands alone; or absent
    assert space.universe(("field", "channel")) == ("portal", "email", "phone", None)
    simulation = simulate(policy, space)
    assert (
        simulation is not None
        and simulation.records[0].fired
        and simulation.records[0].changed
    )


def test_business_day_length_agrees_with_the_runtime() -> None:
    from slac import compile_file
    from slac.checks.durations import standard_day_minutes, week_ranges

    from .support import CASES, SEEDS

    paths = [RULES / f"{seed}.sla" for seed in SEEDS] + sorted(CASES.glob("sla6*.sla"))
    for path in paths:
        policy = compile_file(path).policy
        assert policy is not None
        for calendar in policy.calendars:
            runtime = calendar.runtime().standard_day_length()
            expected = None if runtime is None else runtime // timedelta(minutes=1)
            assert standard_day_minutes(week_ranges(calendar)) == expected, (path.name, calendar.name)
