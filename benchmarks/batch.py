"""`Calendar.add_many` on millions of deadlines: time and peak memory.

Prague 08:00–17:00 with Czech holidays; starts spread over 2024–2026, durations drawn from
the realistic mix of `business_time.py` (1 business hour to 2 business days). Peak memory is
what `add_many` allocates beyond its inputs and its result (numpy reports its buffers to
tracemalloc), measured in one call; the time is the median of the repetitions with the
spread. A second row converts the deadlines back to aware datetimes, which is what a caller
with `datetime` objects pays on top.

    python benchmarks/batch.py                 # 10 million deadlines, 3 repetitions
    python benchmarks/batch.py --count 1000000 --repeat 5
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
import tracemalloc

import numpy as np

from slac.runtime import Calendar, HolidaySource, WeeklyInterval

MINUTE_US = 60 * 1_000_000
MIX_MINUTES = np.array([60, 120, 240, 480, 540, 1080])
"""1, 2, 4 and 8 business hours, 1 and 2 business days of 9 hours: `business_time.py`'s mix."""
MIX_WEIGHTS = np.array([0.25, 0.2, 0.2, 0.15, 0.1, 0.1])


def prague_office() -> Calendar:
    return Calendar(
        "Europe/Prague",
        tuple(WeeklyInterval(day, 480, day, 1020) for day in range(5)),
        holidays=(HolidaySource("CZ"),),
    )


def inputs(count: int, seed: int = 7) -> tuple[np.ndarray, np.ndarray]:
    generator = np.random.default_rng(seed)
    first = np.datetime64("2024-01-01T00:00", "us").astype(np.int64)
    last = np.datetime64("2026-12-31T00:00", "us").astype(np.int64)
    starts = generator.integers(first, last, size=count).astype("datetime64[us]")
    durations = (generator.choice(MIX_MINUTES, size=count, p=MIX_WEIGHTS) * MINUTE_US).astype("timedelta64[us]")
    return starts, durations


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    calendar = prague_office()
    starts, durations = inputs(args.count)
    calendar.add_many(starts[:1000], durations[:1000])  # warm the year tables, as a service would
    input_bytes = starts.nbytes + durations.nbytes
    tracemalloc.start()
    baseline = tracemalloc.get_traced_memory()[0]
    result = calendar.add_many(starts, durations)
    peak = tracemalloc.get_traced_memory()[1] - baseline
    tracemalloc.stop()
    beyond = peak - result.nbytes
    times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        calendar.add_many(starts, durations)
        times.append(time.perf_counter() - started)
    sample = min(args.count, 200_000)
    conversion = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        calendar.add_many(starts[:sample], durations[:sample]).astype(object)
        conversion.append(time.perf_counter() - started)
    median = statistics.median(times)
    print(f"machine: {os.cpu_count()} cpus, Python {platform.python_version()}, numpy {np.__version__}")
    print(f"{args.count:,} deadlines, inputs {input_bytes / 2**20:.0f} MiB, result {result.nbytes / 2**20:.0f} MiB")
    print(
        f"add_many: median {median:.3f} s (min {min(times):.3f}, max {max(times):.3f}, {args.repeat} runs) "
        f"= {args.count / median / 1e6:.2f} M deadlines/s; peak memory beyond inputs and result "
        f"{beyond / 2**20:.0f} MiB ({beyond / input_bytes:.2f}× the inputs)"
    )
    converted = statistics.median(conversion)
    print(
        f"add_many + conversion to datetime objects ({sample:,}): median {converted:.3f} s "
        f"(min {min(conversion):.3f}, max {max(conversion):.3f}) = {sample / converted / 1e6:.2f} M deadlines/s"
    )


if __name__ == "__main__":
    main()
