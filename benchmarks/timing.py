"""One way to time every contender of the benchmarks: the same number of repetitions for
slac and its peers, the median reported with the spread (fastest and slowest run), and
ratios taken between medians measured in the same run."""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Timing:
    """The seconds of each repetition of one contender."""

    runs: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    def spread(self) -> str:
        """`median 1.234 s (min 1.2, max 1.301, 5 runs)`: four significant digits."""
        return (
            f"median {self.median:.4g} s (min {min(self.runs):.4g}, max {max(self.runs):.4g}, "
            f"{len(self.runs)} runs)"
        )

    def rate(self, items: int) -> float:
        """Items per second at the median."""
        return items / self.median

    def rates(self, items: int) -> tuple[float, float, float]:
        """Items per second: at the median, in the slowest run and in the fastest run."""
        return items / self.median, items / max(self.runs), items / min(self.runs)


def measure(run: Callable[[], object], repeats: int, clock: Callable[[], float] = time.perf_counter) -> Timing:
    """`repeats` timed runs of `run`."""
    runs = []
    for _ in range(repeats):
        began = clock()
        run()
        runs.append(clock() - began)
    return Timing(tuple(runs))


def measure_alternately(
    runs: dict[str, Callable[[], object]], repeats: int, clock: Callable[[], float] = time.perf_counter
) -> dict[str, Timing]:
    """`repeats` timed runs of each of `runs`, taking turns (a, b, c, a, b, c, …), so that a
    change in the machine's load during the measurement touches every contender alike."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeats):
        for name, run in runs.items():
            began = clock()
            run()
            times[name].append(clock() - began)
    return {name: Timing(tuple(values)) for name, values in times.items()}


def measure_alternately_both(
    runs: dict[str, Callable[[], object]], repeats: int
) -> dict[str, tuple[Timing, Timing]]:
    """(wall, CPU of this process) timings of each of `runs`, taking turns as
    `measure_alternately` does, both clocks read around the same runs: on a shared machine the
    CPU time shows what the work costs, the wall time what a user waits."""
    walls: dict[str, list[float]] = {name: [] for name in runs}
    cpus: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeats):
        for name, run in runs.items():
            wall, cpu = time.perf_counter(), time.process_time()
            run()
            cpus[name].append(time.process_time() - cpu)
            walls[name].append(time.perf_counter() - wall)
    return {name: (Timing(tuple(walls[name])), Timing(tuple(cpus[name]))) for name in runs}


def private_environment(folder: str | os.PathLike[str], bytecode_cached: bool = True) -> dict[str, str]:
    """This process's environment for a `slac` subprocess that uses nothing the machine has
    cached: slac's cache in `folder/cache` (XDG_CACHE_HOME) and Python's bytecode under
    `folder` (PYTHONPYCACHEPREFIX), written by the first run and read by later ones when
    `bytecode_cached`, or never written (PYTHONDONTWRITEBYTECODE=1, an empty prefix: slac and
    the standard library compiled from source in every process) when not."""
    folder = os.fspath(folder)
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX", "XDG_CACHE_HOME")
    }
    environment["XDG_CACHE_HOME"] = os.path.join(folder, "cache")
    if bytecode_cached:
        environment["PYTHONPYCACHEPREFIX"] = os.path.join(folder, "bytecode")
    else:
        environment["PYTHONPYCACHEPREFIX"] = os.path.join(folder, "no-bytecode")
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
    return environment


@dataclass(frozen=True)
class Bar:
    """One bar as a script judged it in this run: what it demands, what was measured (the
    median with its spread, or the ratio of two medians), and whether it holds."""

    script: str
    bar: str
    measured: str
    passed: bool


def add_bars_option(parser: argparse.ArgumentParser) -> None:
    """`--bars-json FILE`: where `benchmarks/all.py` reads this script's bars."""
    parser.add_argument("--bars-json", metavar="FILE", help="also write this run's bars to FILE as JSON")


def report_bars(bars: Sequence[Bar], path: str | None) -> int:
    """Print the bars on one line (`bar: … PASS; … FAIL`), write them to `path` when given,
    and return the script's exit status: 1 when any bar fails."""
    print("bar: " + "; ".join(f"{bar.bar} ({bar.measured}) {'PASS' if bar.passed else 'FAIL'}" for bar in bars))
    if path:
        with open(path, "w", encoding="utf-8") as file:
            json.dump([asdict(bar) for bar in bars], file, ensure_ascii=False, indent=1)
    return 0 if all(bar.passed for bar in bars) else 1


def machine() -> str:
    """What the numbers were measured on."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"machine: {os.cpu_count()} CPUs (load average {load:.1f} at the start), "
        f"Python {platform.python_version()} ({platform.system()} {platform.machine()})"
    )
