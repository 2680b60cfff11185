"""Issue 14's measurements side by side in one run, and every bar with PASS or FAIL.

Runs the scripts that measure issue 14's bars one after another, each in a fresh process
with this Python, at sizes that finish in about ten minutes on a 2-core machine: the author
loop, the import time, the evaluation ratios against businesstimedelta on the same deadlines,
histories against snapshots, `add_many`'s memory on 10 million deadlines, and the
business-time arithmetic against businesstimedelta and pandas. Each script's own output is
printed as it runs; then one table of every bar as the script judged it (what it demands,
what it measured, PASS or FAIL), with the commit, the machine and its load before and after.

    python benchmarks/all.py

Exits with status 1 when any bar fails or a script fails to run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from timing import Bar, machine

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
STEPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("authorloop.py", ("--repeats", "5")),
    ("importtime.py", ("--repeats", "21")),
    ("evaluate.py", ("--tickets", "5000", "--repeats", "5")),
    ("replay.py", ("--tickets", "5000", "--repeats", "7")),
    ("batch.py", ("--count", "10000000", "--repeat", "3")),
    ("business_time.py", ("--tickets", "5000", "--repeats", "5", "--check", "100")),
)


def commit() -> str:
    """The checkout's commit, and whether its files differ from it."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return head + (" with uncommitted changes" if dirty.strip() else "")


def load() -> str:
    return "load average " + " ".join(f"{value:.2f}" for value in os.getloadavg()) if hasattr(os, "getloadavg") else "load unknown"


def run_step(script: str, arguments: Sequence[str], folder: Path) -> tuple[list[Bar], str]:
    """Run one script, its output shown as it comes; its bars and a line of how it went."""
    bars_file = folder / f"{script}.json"
    command = [sys.executable, str(HERE / script), *arguments, "--bars-json", str(bars_file)]
    print(f"\n{'=' * 100}\n$ python benchmarks/{script} {' '.join(arguments)}   ({load()})", flush=True)
    began = time.perf_counter()
    status = subprocess.run(command, cwd=REPO).returncode
    took = time.perf_counter() - began
    if status not in (0, 1) or not bars_file.exists():
        return [Bar(script, "the script runs", f"exit status {status}, no bars written", False)], f"{took:.0f} s"
    bars = [Bar(**fields) for fields in json.loads(bars_file.read_text(encoding="utf-8"))]
    return bars, f"{took:.0f} s"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.parse_args(argv)
    began = time.perf_counter()
    header = f"commit {commit()}; {machine()}; {load()} before"
    print(header, flush=True)
    bars: list[Bar] = []
    took: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="slac-bench-all-") as scratch:
        for script, arguments in STEPS:
            found, took[script] = run_step(script, arguments, Path(scratch))
            bars += found
    print(f"\n{'=' * 100}\nissue 14's bars, measured side by side in one run ({time.perf_counter() - began:.0f} s)")
    print(f"{header}; {load()} after")
    commands = {script: f"python benchmarks/{script} {' '.join(arguments)}" for script, arguments in STEPS}
    for script, _ in STEPS:
        print(f"  {commands[script]}  ({took[script]})")
    width = max(len(bar.bar) for bar in bars)
    print(f"\n{'':<6}{'bar':<{width}}  measured (median; spread or the other clock beside)")
    for bar in bars:
        print(f"{'PASS' if bar.passed else 'FAIL':<6}{bar.bar:<{width}}  {bar.measured}")
    failed = sum(not bar.passed for bar in bars)
    print(f"\n{len(bars) - failed} of {len(bars)} bars pass")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
