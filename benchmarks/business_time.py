"""Deadline throughput and correctness: slac's runtime against businesstimedelta and pandas.

One process, one seeded workload: tickets opened uniformly over 2024–2026 with the durations
published policies use (1 business hour to 2 business days, weighted: `MIX`), on Europe/Prague
Monday–Friday 08:00–17:00 closed on Czech public holidays; aware datetimes in, aware UTC
datetimes out. Every contender runs the whole workload the same number of times, the
contenders taking turns run by run (so a change of the machine's load touches them alike);
the median and the spread of CPU time and of wall time are printed, and ratios are between
CPU-time medians of this run (wall-time ratios beside them). Each contender's
deadlines for a subset of the tickets are checked against the brute-force reference of the
test suite (tests/runtime/reference.py), which walks real time minute by minute; a deadline
at the same business instant written differently (pandas' documented convention of moving
an end at closing time to the next opening) is counted apart from errors.

    python benchmarks/business_time.py [--tickets 10000] [--seed 1] [--check 300] [--repeats 5]

Exits with status 1 when slac misses a bar of this run: Calendar.add at least 100x
businesstimedelta, no disagreement with the reference, add_many (numpy arrays) at least 5x
Calendar.add.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from datetime import time as time_of_day
from importlib.metadata import version
from pathlib import Path
from zoneinfo import ZoneInfo

import businesstimedelta
import holidays
import numpy
import pandas
import pytz

from slac.runtime import Calendar, HolidaySource, WeeklyInterval

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "runtime"))
from reference import ReferenceCalendar  # noqa: E402  (the test suite's brute-force model)
from timing import Bar, add_bars_option, machine, measure, measure_alternately_both, report_bars  # noqa: E402

UTC = timezone.utc
ZONE_NAME = "Europe/Prague"
PRAGUE = ZoneInfo(ZONE_NAME)
OPENS, CLOSES = 8 * 60, 17 * 60
BUSINESS_DAY_MINUTES = CLOSES - OPENS
FIRST_OPENING, LAST_OPENING = datetime(2024, 1, 1, tzinfo=PRAGUE), datetime(2027, 1, 1, tzinfo=PRAGUE)
MIX = ((60, 0.25), (120, 0.20), (240, 0.20), (480, 0.15), (BUSINESS_DAY_MINUTES, 0.10), (2 * BUSINESS_DAY_MINUTES, 0.10))
"""(minutes, weight): 1, 2, 4 and 8 business hours, 1 and 2 business days — the cells of the
seed policies and of published SLAs, the short ones most common."""
CZECH_HOLIDAYS = sorted(day for year in range(2023, 2029) for day in holidays.country_holidays("CZ", years=year))
UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ONE_MICROSECOND = timedelta(microseconds=1)

Deadlines = Callable[[Sequence[datetime], Sequence[int]], list[datetime]]
"""Aware starts and durations in minutes in, aware UTC deadlines out."""


@dataclass(frozen=True)
class Workload:
    """Ticket opening instants (aware, Prague) and target durations in whole minutes."""

    starts: list[datetime]
    minutes: list[int]


def make_workload(tickets: int, seed: int) -> Workload:
    """Openings uniform over 2024–2026 on whole minutes; durations drawn from `MIX`."""
    generator = random.Random(seed)
    span_minutes = int((LAST_OPENING - FIRST_OPENING).total_seconds()) // 60
    starts = [
        (FIRST_OPENING + timedelta(minutes=generator.randrange(span_minutes))).astimezone(PRAGUE)
        for _ in range(tickets)
    ]
    minutes, weights = zip(*MIX)
    return Workload(starts, generator.choices(minutes, weights, k=tickets))


# -------------------------------------------------------------------------------- contenders

SLAC_CALENDAR = Calendar(
    ZONE_NAME, [WeeklyInterval(day, OPENS, day, CLOSES) for day in range(5)], holidays=[HolidaySource("CZ")]
)


def slac_add(starts: Sequence[datetime], minutes: Sequence[int]) -> list[datetime]:
    add = SLAC_CALENDAR.add
    return [add(start, timedelta(minutes=duration)) for start, duration in zip(starts, minutes)]


BUSINESSTIMEDELTA_RULES = businesstimedelta.Rules(
    [
        businesstimedelta.WorkDayRule(
            start_time=time_of_day(8),
            end_time=time_of_day(17),
            working_days=[0, 1, 2, 3, 4],
            tz=pytz.timezone(ZONE_NAME),
        ),
        businesstimedelta.HolidayRule(set(CZECH_HOLIDAYS), tz=pytz.timezone(ZONE_NAME)),
    ]
)


def businesstimedelta_add(starts: Sequence[datetime], minutes: Sequence[int]) -> list[datetime]:
    return [
        (
            start + businesstimedelta.BusinessTimeDelta(BUSINESSTIMEDELTA_RULES, timedelta=timedelta(minutes=duration))
        ).astimezone(UTC)
        for start, duration in zip(starts, minutes)
    ]


def pandas_add(starts: Sequence[datetime], minutes: Sequence[int]) -> list[datetime]:
    offsets: dict[int, pandas.offsets.CustomBusinessHour] = {}
    deadlines = []
    for start, duration in zip(starts, minutes):
        hours = duration // 60  # CustomBusinessHour takes whole hours; every duration of MIX is one
        offset = offsets.get(hours)
        if offset is None:
            offset = offsets[hours] = pandas.offsets.CustomBusinessHour(
                n=hours, start="08:00", end="17:00", holidays=CZECH_HOLIDAYS
            )
        local = pandas.Timestamp(start.astimezone(PRAGUE).replace(tzinfo=None)) + offset
        deadlines.append(local.tz_localize(ZONE_NAME).tz_convert("UTC").to_pydatetime())
    return deadlines


def to_numpy(starts: Sequence[datetime], minutes: Sequence[int]) -> tuple[numpy.ndarray, numpy.ndarray]:
    start_micros = [(start - UNIX_EPOCH) // ONE_MICROSECOND for start in starts]
    return (
        numpy.array(start_micros, dtype=numpy.int64).view("datetime64[us]"),
        numpy.array(minutes, dtype=numpy.int64).astype("timedelta64[m]").astype("timedelta64[us]"),
    )


def from_numpy(deadlines: numpy.ndarray) -> list[datetime]:
    return [deadline.replace(tzinfo=UTC) for deadline in deadlines.tolist()]


def slac_add_many(starts: Sequence[datetime], minutes: Sequence[int]) -> list[datetime]:
    return from_numpy(SLAC_CALENDAR.add_many(*to_numpy(starts, minutes)))


# ------------------------------------------------------------------------------- measuring


@dataclass(frozen=True)
class Disagreement:
    """A deadline unlike the reference's; `convention` when no business time lies between
    the two (the same business instant: an end at closing time written as the next opening)."""

    start: datetime
    minutes: int
    got: datetime
    expected: datetime
    convention: bool


def disagreements(deadlines: Deadlines, workload: Workload, reference: ReferenceCalendar) -> list[Disagreement]:
    """Where `deadlines` differs from the reference."""
    got = deadlines(workload.starts, workload.minutes)
    found = []
    for start, minutes, deadline in zip(workload.starts, workload.minutes, got):
        expected = reference.add(start, minutes)
        if deadline != expected:
            same_instant = SLAC_CALENDAR.between(min(deadline, expected), max(deadline, expected)) == timedelta(0)
            found.append(Disagreement(start, minutes, deadline, expected, same_instant))
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=10_000, help="tickets in the workload (default 10000)")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs of every contender (default 5)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the workload (default 1)")
    parser.add_argument("--check", type=int, default=300, help="tickets checked against the reference (default 300)")
    add_bars_option(parser)
    options = parser.parse_args(argv)

    workload = make_workload(options.tickets, options.seed)
    checked = Workload(workload.starts[: options.check], workload.minutes[: options.check])
    reference = ReferenceCalendar(ZONE_NAME, [(day, OPENS, day, CLOSES) for day in range(5)], "CZ")
    tickets = len(workload.starts)
    repeats = options.repeats

    print(
        f"workload: {tickets} tickets opened uniformly over 2024-2026 (seed {options.seed}), durations "
        + ", ".join(f"{minutes // 60} h {weight:.0%}" for minutes, weight in MIX)
        + f" (business time);\n          {SLAC_CALENDAR.describe()}; aware datetimes in, UTC out\n"
        f"{machine()}\nnumpy {numpy.__version__}, pandas {pandas.__version__}, "
        f"businesstimedelta {version('businesstimedelta')}, holidays {holidays.__version__}\n"
    )

    cold = measure(lambda: slac_add(workload.starts, workload.minutes), 1)
    start_array, duration_array = to_numpy(workload.starts, workload.minutes)
    contenders: dict[str, Callable[[], object]] = {
        "businesstimedelta": lambda: businesstimedelta_add(workload.starts, workload.minutes),
        "pandas CustomBusinessHour": lambda: pandas_add(workload.starts, workload.minutes),
        "slac Calendar.add": lambda: slac_add(workload.starts, workload.minutes),
        "slac Calendar.add_many (arrays)": lambda: SLAC_CALENDAR.add_many(start_array, duration_array),
        "slac Calendar.add_many (datetimes)": lambda: slac_add_many(workload.starts, workload.minutes),
    }
    both = measure_alternately_both(contenders, repeats)
    timings = {name: cpu for name, (_, cpu) in both.items()}
    walls = {name: wall for name, (wall, _) in both.items()}

    checks = {
        "businesstimedelta": disagreements(businesstimedelta_add, checked, reference),
        "pandas CustomBusinessHour": disagreements(pandas_add, checked, reference),
        "slac Calendar.add": disagreements(slac_add, checked, reference),
        "slac Calendar.add_many (arrays)": disagreements(slac_add_many, checked, reference),
        "slac Calendar.add_many (datetimes)": disagreements(slac_add_many, checked, reference),
    }

    baseline = timings["businesstimedelta"].median
    wall_baseline = walls["businesstimedelta"].median
    width = max(map(len, timings))
    print(
        f"{'contender':<{width}}  {'deadlines/s':>12}  {'vs btd':>8}  {'(wall)':>8}  {'CPU time':<46}  "
        f"{'wall time':<46}  disagreements (errors + convention)"
    )
    for name, timing in timings.items():
        errors = sum(1 for found in checks[name] if not found.convention)
        conventions = len(checks[name]) - errors
        print(
            f"{name:<{width}}  {timing.rate(tickets):>12,.0f}  {baseline / timing.median:>7,.1f}x  "
            f"{wall_baseline / walls[name].median:>7,.1f}x  {timing.spread():<46}  {walls[name].spread():<46}  "
            f"{errors} + {conventions} of {len(checked.starts)}"
        )
    print(
        f"\nslac Calendar.add cold (first pass, computing 2024-2027): {cold.rate(tickets):,.0f} deadlines/s\n"
        "add_many (arrays) is timed on numpy datetime64 arrays; (datetimes) includes the conversion from "
        "and to aware datetime objects\n"
        "convention: the same business instant written differently (an end at closing time given as the "
        "next opening, as pandas documents for CustomBusinessHour)"
    )
    for name, found in checks.items():
        for kind in (False, True):
            example = next((d for d in found if d.convention is kind), None)
            if example is not None:
                print(
                    f"  {name} ({'convention' if kind else 'error'}): e.g. opened {example.start.isoformat()} + "
                    f"{example.minutes} min -> {example.got.astimezone(PRAGUE):%a %Y-%m-%d %H:%M}, reference "
                    f"{example.expected.astimezone(PRAGUE):%a %Y-%m-%d %H:%M} (Prague)"
                )

    add_ratio = baseline / timings["slac Calendar.add"].median
    many_ratio = timings["slac Calendar.add"].median / timings["slac Calendar.add_many (arrays)"].median
    wall_ratio = wall_baseline / walls["slac Calendar.add"].median
    slac_errors = sum(len(checks[name]) for name in checks if name.startswith("slac"))
    print()
    bars = [
        Bar("business_time.py", "slac Calendar.add >= 100x businesstimedelta (CPU)", f"{add_ratio:,.0f}x; wall {wall_ratio:,.0f}x", add_ratio >= 100),
        Bar("business_time.py", "slac disagreements with the reference == 0", f"{slac_errors}", slac_errors == 0),
        Bar("business_time.py", "add_many (arrays) >= 5x Calendar.add (CPU)", f"{many_ratio:,.1f}x", many_ratio >= 5),
    ]
    return report_bars(bars, options.bars_json)


if __name__ == "__main__":
    sys.exit(main())
