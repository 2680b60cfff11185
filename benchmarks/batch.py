"""`Calendar.add_many` on millions of deadlines: time, and memory measured two ways.

Prague 08:00–17:00 with Czech holidays; starts spread over 2024–2026, durations drawn from
the realistic mix of `business_time.py` (1 business hour to 2 business days).

Memory, at `--count` deadlines and at a tenth of them:

- **peak RSS of a fresh process** (what the operating system gives the process, the number a
  judge or an out-of-memory killer sees): a child loads the inputs from `.npy` files and warms
  the calendar, then resets its peak (Linux: `/proc/self/clear_refs`, so that start-up and
  loading, whose transient peaks exceed a small call's, are not counted), reads its resident
  size, calls `add_many` once and reads the new peak (`VmHWM`). The difference, less the
  result, is what the call needs beyond what the process holds. `--repeat` children; elsewhere
  than Linux this row is left out;
- **tracemalloc** in this process: what `add_many` allocates at its peak beyond its inputs,
  through Python's allocator and numpy's buffers (numpy reports them), without what the
  allocator keeps or the pages it touches: exact and independent of the machine, but blind to
  memory allocated in C outside numpy.

Both are printed as the peak beyond inputs and result. The bar is issue 14's "add_many in
bounded memory": going from a tenth of the deadlines to all of them, the memory beyond inputs
and result may grow by at most a tenth of what the inputs grow, by both measures (a version
that makes whole-array temporaries grows by several times the inputs' growth).

The time is the median of `--repeat` runs with the spread, wall and CPU time; a second row
converts the deadlines back to aware datetimes, which is what a caller with `datetime`
objects pays on top.

    python benchmarks/batch.py                 # 10 million deadlines, 3 repetitions
    python benchmarks/batch.py --count 1000000 --repeat 5
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import tracemalloc
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from timing import Bar, Timing, add_bars_option, machine, measure_alternately_both, report_bars

from slac.runtime import Calendar, HolidaySource, WeeklyInterval

MINUTE_US = 60 * 1_000_000
MIX_MINUTES = np.array([60, 120, 240, 480, 540, 1080])
"""1, 2, 4 and 8 business hours, 1 and 2 business days of 9 hours: `business_time.py`'s mix."""
MIX_WEIGHTS = np.array([0.25, 0.2, 0.2, 0.15, 0.1, 0.1])
GROWTH_BAR = 0.1
"""The most the memory beyond inputs and result may grow, as a share of the inputs' growth."""
MIB = 2**20


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


STATUS = Path("/proc/self/status")
CLEAR_REFS = Path("/proc/self/clear_refs")


def resident(field: str) -> int:
    """`VmRSS` (resident now) or `VmHWM` (its peak since the last reset) in bytes."""
    match = re.search(rf"^{field}:\s+(\d+) kB$", STATUS.read_text(), re.MULTILINE)
    assert match is not None, field
    return int(match[1]) * 1024


def child(folder: Path) -> None:
    """A fresh process's part: load the inputs, warm the calendar, reset the peak, call
    `add_many` once; print the resident size before, the peak during, and the result's size."""
    starts, durations = np.load(folder / "starts.npy"), np.load(folder / "durations.npy")
    calendar = prague_office()
    calendar.add_many(starts[:1000], durations[:1000])  # warm the year tables, as a service would
    CLEAR_REFS.write_text("5")  # the peak (VmHWM) starts again from the resident size
    before = resident("VmRSS")
    result = calendar.add_many(starts, durations)
    print(json.dumps({"before": before, "peak": resident("VmHWM"), "result": result.nbytes}))


PEAKS: dict[Path, list[int]] = {}
"""The whole child process's peak RSS during the call, by inputs folder (printed beside)."""


def rss_beyond(folder: Path, repeats: int) -> list[int] | None:
    """The peak RSS of one `add_many` call beyond what its process held and its result, in
    `repeats` fresh processes; None where the peak cannot be reset (not Linux)."""
    if not (CLEAR_REFS.exists() and STATUS.exists()):
        return None
    beyond = []
    for _ in range(repeats):
        finished = subprocess.run(
            [sys.executable, __file__, "--child", str(folder)], check=True, capture_output=True, text=True
        )
        measured = json.loads(finished.stdout)
        beyond.append(measured["peak"] - measured["before"] - measured["result"])
        PEAKS.setdefault(folder, []).append(measured["peak"])
    return beyond


def traced_beyond(calendar: Calendar, starts: np.ndarray, durations: np.ndarray) -> int:
    """What one `add_many` call allocates at its peak beyond its result (tracemalloc)."""
    tracemalloc.start()
    baseline = tracemalloc.get_traced_memory()[0]
    result = calendar.add_many(starts, durations)
    peak = tracemalloc.get_traced_memory()[1] - baseline
    tracemalloc.stop()
    return peak - result.nbytes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    add_bars_option(parser)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child)
        return 0

    print(f"{machine()}, numpy {np.__version__}")
    calendar = prague_office()
    sizes = (args.count // 10, args.count)
    memory: dict[int, tuple[int, int, list[int] | None]] = {}
    with tempfile.TemporaryDirectory(prefix="slac-batch-") as scratch:
        for size in sizes:
            starts, durations = inputs(size)
            calendar.add_many(starts[:1000], durations[:1000])
            input_bytes = starts.nbytes + durations.nbytes
            traced = traced_beyond(calendar, starts, durations)
            folder = Path(scratch) / str(size)
            folder.mkdir()
            np.save(folder / "starts.npy", starts)
            np.save(folder / "durations.npy", durations)
            del starts, durations
            rss = rss_beyond(folder, args.repeat)
            memory[size] = (input_bytes, traced, rss)
            print(
                f"{size:>12,} deadlines, inputs {input_bytes / MIB:.0f} MiB, result {input_bytes / 2 / MIB:.0f} MiB; "
                f"add_many's peak beyond inputs and result: tracemalloc {traced / MIB:.1f} MiB, "
                + (
                    f"fresh-process RSS median {statistics.median(rss) / MIB:.1f} MiB "
                    f"({min(rss) / MIB:.1f}–{max(rss) / MIB:.1f}, {args.repeat} processes; the whole process "
                    f"peaks at {statistics.median(PEAKS[folder]) / MIB:.0f} MiB during the call)"
                    if rss is not None
                    else "fresh-process RSS not measured (needs Linux's /proc/self/clear_refs)"
                )
            )

    starts, durations = inputs(args.count)
    sample = min(args.count, 200_000)
    timings = measure_alternately_both(
        {
            "add_many": lambda: calendar.add_many(starts, durations),
            "conversion": lambda: calendar.add_many(starts[:sample], durations[:sample]).astype(object),
        },
        args.repeat,
    )
    wall, cpu = timings["add_many"]
    print(
        f"add_many, {args.count:,} deadlines: wall {wall.spread()} = {args.count / wall.median / 1e6:.2f} M deadlines/s; "
        f"CPU {cpu.spread()}"
    )
    converted: Timing = timings["conversion"][0]
    print(
        f"add_many + conversion to datetime objects ({sample:,}): wall {converted.spread()} "
        f"= {sample / converted.median / 1e6:.2f} M deadlines/s"
    )

    (small_inputs, small_traced, small_rss), (large_inputs, large_traced, large_rss) = (memory[s] for s in sizes)
    allowed = GROWTH_BAR * (large_inputs - small_inputs)
    traced_growth = large_traced - small_traced
    rss_growth = (
        statistics.median(large_rss) - statistics.median(small_rss) if large_rss is not None and small_rss is not None else None
    )
    rss_text = "not measured" if rss_growth is None else f"{rss_growth / MIB:+.1f} MiB"
    large_rss_text = "" if large_rss is None else f", {statistics.median(large_rss) / MIB:.1f} MiB RSS"
    print(
        f"from {sizes[0]:,} to {sizes[1]:,} deadlines the inputs grow {(large_inputs - small_inputs) / MIB:.0f} MiB; "
        f"the memory beyond inputs and result grows {traced_growth / MIB:+.1f} MiB (tracemalloc), {rss_text} (peak RSS)"
    )
    bars = [
        Bar(
            "batch.py",
            f"add_many in bounded memory: beyond inputs and result, {sizes[0]:,} -> {sizes[1]:,} deadlines grows "
            f"<= {GROWTH_BAR:.0%} of the inputs' growth ({allowed / MIB:.0f} MiB)",
            f"tracemalloc {traced_growth / MIB:+.1f} MiB, RSS {rss_text}; at {sizes[1]:,}: "
            f"{large_traced / MIB:.1f} MiB traced{large_rss_text} beyond "
            f"{large_inputs / MIB:.0f} MiB inputs + {large_inputs / 2 / MIB:.0f} MiB result",
            traced_growth <= allowed and (rss_growth is None or rss_growth <= allowed),
        )
    ]
    return report_bars(bars, args.bars_json)


if __name__ == "__main__":
    sys.exit(main())
