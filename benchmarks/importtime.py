"""Import time of a generated module, beside bare Python: what an application pays at start-up
for `import generated.managry` (issue 14's bar: at most 60 ms above `python -c pass`).

Each contender is a fresh process, run `--repeats` times alternately with the others so that
a change in the machine's load touches them alike; the median wall time is printed with the
spread. Two ways of running are measured, because they differ by a factor:

- **bytecode cached**, as an installed package has it (pip compiles on install): the first
  run writes `__pycache__`, the timed runs read it;
- **compiled from source** every time (`PYTHONDONTWRITEBYTECODE=1` and no cache, as some
  containers and this project's development environment run).

    python benchmarks/importtime.py [--module managry] [--repeats 20]

Exits 1 when the bar fails with bytecode cached. `python -X importtime -c "import
generated.managry"` (from the repository's root) shows where the time goes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from timing import Timing, machine

REPO = Path(__file__).resolve().parents[1]
BAR_SECONDS = 0.060


def run_once(code: str, environment: dict[str, str]) -> float:
    began = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], cwd=REPO, env=environment, check=True)
    return time.perf_counter() - began


def measure_alternately(codes: dict[str, str], environment: dict[str, str], repeats: int) -> dict[str, Timing]:
    runs: dict[str, list[float]] = {name: [] for name in codes}
    for _ in range(repeats):
        for name, code in codes.items():
            runs[name].append(run_once(code, environment))
    return {name: Timing(tuple(times)) for name, times in runs.items()}


def clear_bytecode() -> None:
    for folder in ("slac", "generated"):
        for cache in (REPO / folder).rglob("__pycache__"):
            shutil.rmtree(cache, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--module", default="managry", help="the generated module to import (default managry)")
    parser.add_argument("--repeats", type=int, default=20, help="fresh processes per contender (default 20)")
    options = parser.parse_args(argv)

    codes = {
        "python -c pass": "pass",
        f"import generated.{options.module}": f"import generated.{options.module}",
        "import slac.runtime": "import slac.runtime",
    }
    print(f"{machine()}\n{options.repeats} fresh processes per contender, run alternately\n")
    cached = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    uncached = {**cached, "PYTHONDONTWRITEBYTECODE": "1"}
    results = {}
    for label, environment in (("bytecode cached", cached), ("compiled from source", uncached)):
        clear_bytecode()
        if environment is cached:
            for code in codes.values():
                run_once(code, environment)  # writes the bytecode caches
        timings = measure_alternately(codes, environment, options.repeats)
        base = timings["python -c pass"].median
        print(label)
        for name, timing in timings.items():
            above = "" if name == "python -c pass" else f"  {1000 * (timing.median - base):+6.1f} ms above bare Python"
            print(f"  {name:<28} {timing.spread()}{above}")
        results[label] = timings[f"import generated.{options.module}"].median - base
    clear_bytecode()
    passed = results["bytecode cached"] <= BAR_SECONDS
    print(
        f"\nbar: import generated.{options.module} <= {1000 * BAR_SECONDS:.0f} ms above bare Python with bytecode "
        f"cached ({1000 * results['bytecode cached']:.1f} ms) {'PASS' if passed else 'FAIL'}"
    )
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
