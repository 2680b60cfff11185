"""`slac report` throughput on rules/acme.sla: histories replayed per second, in one process,
in the process pool on 1 core and on all cores, and on a local Dask cluster of 1 and 2 workers;
and, from the measured single-process rate per core, the core-hours a 100-million-history
report needs.

The workload is `slac synth` histories (seeded) in a JSONL file. Each configuration runs the
library's `build_report` end to end (chunks read by the workers, cycles.parquet/.csv,
compliance.csv, summary.json, report.html written) `--repeats` times; the rate is histories per
wall-clock second, median and spread (slowest–fastest). Start-up costs (spawning the pool,
starting the Dask cluster, compiling the policy) are inside the timed run for the engines, as a
user pays them; the Dask cluster is started once per worker count, outside the timing.

    python benchmarks/report.py [--tickets 20000] [--repeats 3]

It needs pyarrow and Dask beside the bench extras: `python3 -m pip install -e '.[bench,dask]'`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path

from timing import measure

from slac.pipeline import compile_file
from slac.report import EngineOptions, ReportOptions, build_report
from slac.report.engines import available_cores
from slac.synth import SynthOptions, synthesize

REPO = Path(__file__).resolve().parents[1]
POLICY = REPO / "rules" / "acme.sla"
NOW = datetime(2026, 1, 15, tzinfo=timezone.utc)
TARGET = 100_000_000


def rates(run: Callable[[], int], repeats: int) -> tuple[float, float, float]:
    """(median, slowest, fastest) items per second over `repeats` runs of `run`, timed as
    every benchmark times its contenders (`benchmarks/timing.py`)."""
    counts: list[int] = []
    timing = measure(lambda: counts.append(run()), repeats)
    return timing.rates(counts[0])



def row(name: str, measured: tuple[float, float, float], base: float | None = None) -> str:
    median, low, high = measured
    ratio = f"  {median / base:4.2f}× one process" if base else ""
    return f"{name:<40} {median:>9,.0f} histories/s  (spread {low:,.0f}–{high:,.0f}){ratio}"


def missing_packages() -> list[str]:
    """The optional packages this benchmark needs that are not installed."""
    import importlib.util

    return [name for name in ("pyarrow", "dask", "distributed") if importlib.util.find_spec(name) is None]


def main(argv: Sequence[str] | None = None) -> int:
    missing = missing_packages()
    if missing:
        print(
            f"benchmarks/report.py needs {', '.join(missing)}: python3 -m pip install -e '.[bench,dask]'",
            file=sys.stderr,
        )
        return 2
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--chunk-size", type=int, default=1000)
    options = parser.parse_args(argv)

    compilation = compile_file(POLICY)
    assert compilation.policy is not None
    cores = available_cores()
    with tempfile.TemporaryDirectory() as scratch:
        tickets = Path(scratch) / "histories.jsonl"
        with open(tickets, "w", encoding="utf-8") as handle:
            for history in synthesize(compilation.policy, SynthOptions(options.tickets, options.seed)):
                handle.write(json.dumps(history) + "\n")

        def through(engine: EngineOptions) -> Callable[[], int]:
            def run() -> int:
                report = ReportOptions((str(tickets),), str(Path(scratch) / "out"), NOW, engine=engine,
                                       chunk_size=options.chunk_size)
                return build_report(compilation, report).histories

            return run

        print(f"{options.tickets:,} acme histories (slac synth, seed {options.seed}), {options.repeats} runs each, "
              f"chunks of {options.chunk_size}; Python {sys.version.split()[0]}, nproc {cores}")
        single = rates(through(EngineOptions(workers=1)), options.repeats)
        print(row("one process (--workers 1)", single))
        for workers in sorted({1, 2, cores} - {1}):
            print(row(f"process pool, {workers} workers", rates(through(EngineOptions(workers=workers)), options.repeats), single[0]))
        try:
            from distributed import LocalCluster
        except ImportError:
            print("dask.distributed is not installed: pip install 'slac[dask]' to measure it")
        else:
            for workers in (1, 2):
                with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
                    engine = EngineOptions("dask", scheduler=cluster.scheduler_address)
                    print(row(f"dask, LocalCluster of {workers} worker(s)", rates(through(engine), options.repeats), single[0]))
        per_core = single[0]
        hours = TARGET / per_core / 3600
        print(f"\n{TARGET:,} histories at the single-process rate of {per_core:,.0f}/s per core: "
              f"{hours:,.1f} core-hours ({hours / 64:,.1f} h on 64 cores; spread "
              f"{TARGET / single[2] / 3600:,.1f}–{TARGET / single[1] / 3600:,.1f} core-hours)")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    raise SystemExit(main())
