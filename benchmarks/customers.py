"""Memory and time of evaluating tickets for many distinct customers (issue 11, item 15).

A calendar in the customer's zone and closed on the customer's holidays (rules/credenti.sla,
plan basic, region global: Monday–Friday 09:00–17:00 local) is bound once per (zone, country,
subdivision). The workload gives every customer a distinct binding — the worst case: a zone
and a country/subdivision drawn without repetition from what tzdata and the `holidays` package
know — and a few tickets each, opened at random minutes of 2024–2026 and evaluated in the order
they were opened, as a stream of tickets would arrive (customers interleaved).

Each run is a fresh child process (peak RSS is per process), so repetitions do not share
caches; the table shows the median and the spread (min–max) of the runs. With `--baseline DIR`
the same runs (same workload, same repetitions, alternating) use the slac sources in DIR
instead, e.g. an export of the commit before a change:

    git archive <commit> | tar -x -C /tmp/slac-before
    python benchmarks/customers.py [--customers 10000] [--tickets-per-customer 3] [--repeats 3]
                                   [--baseline /tmp/slac-before]

Exits with status 1 if a child fails, or if the two sources disagree on a single deadline.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import statistics
import subprocess
import sys
import time
import zoneinfo
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
POLICY_MODULE = Path("generated") / "credenti.py"
UTC = timezone.utc
FIRST, LAST = datetime(2024, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)
NOW = datetime(2025, 7, 1, 12, 0, tzinfo=UTC)
ZONE_PREFIXES = ("Africa/", "America/", "Asia/", "Atlantic/", "Australia/", "Europe/", "Indian/", "Pacific/")


def customer_bindings(count: int, seed: int) -> list[tuple[str, str, str | None]]:
    """`count` distinct (zone, country, subdivision) triples, drawn at random."""
    import holidays

    zones = sorted(name for name in zoneinfo.available_timezones() if name.startswith(ZONE_PREFIXES))
    places = [
        (country, subdivision)
        for country, subdivisions in sorted(holidays.list_supported_countries().items())
        if len(country) == 2
        for subdivision in (None, *sorted(subdivisions))
    ]
    generator = random.Random(seed)
    chosen: set[tuple[str, str, str | None]] = set()
    while len(chosen) < count:
        country, subdivision = generator.choice(places)
        chosen.add((generator.choice(zones), country, subdivision))
    return sorted(chosen, key=lambda binding: (binding[0], binding[1], binding[2] or ""))


def make_tickets(customers: int, per_customer: int, seed: int) -> list[dict[str, Any]]:
    """Tickets as JSON would give them, sorted by opening time (customers interleaved)."""
    generator = random.Random(seed + 1)
    span = int((LAST - FIRST).total_seconds()) // 60
    tickets = []
    for zone, country, subdivision in customer_bindings(customers, seed):
        for _ in range(per_customer):
            opened = FIRST + timedelta(minutes=generator.randrange(span))
            ticket = {
                "plan": "basic",
                "region": "global",
                "priority": generator.choice((1, 2, 3, 4)),
                "opened_at": opened.isoformat(),
                "timezone": zone,
                "country": country,
            }
            if subdivision is not None:
                ticket["subdivision"] = subdivision
            tickets.append(ticket)
    tickets.sort(key=lambda ticket: ticket["opened_at"])
    return tickets


def child(source: Path, tickets_path: Path) -> None:
    """Evaluate the tickets with the slac in `source`; print one JSON line of measurements."""
    import importlib.util
    import resource

    sys.path.insert(0, str(source))
    spec = importlib.util.spec_from_file_location("generated_credenti", source / POLICY_MODULE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    tickets = json.loads(tickets_path.read_text(encoding="utf-8"))
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    digest = hashlib.sha256()
    began_wall, began_cpu = time.perf_counter(), time.process_time()
    for ticket in tickets:
        due = module.evaluate(ticket, NOW).deadline("initial_response").due
        digest.update(due.isoformat().encode())
    wall, cpu = time.perf_counter() - began_wall, time.process_time() - began_cpu
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {"wall": wall, "cpu": cpu, "peak_mib": peak_kib / 1024, "start_mib": rss_before / 1024, "digest": digest.hexdigest()}
        )
    )


def run_child(source: Path, tickets_path: Path) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", str(source), str(tickets_path)]
    environment = {**os.environ, "PYTHONPATH": str(source)}
    finished = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment, cwd=source)
    if finished.returncode != 0:
        raise SystemExit(f"child failed on {source}: {finished.stderr.decode()[-2000:]}")
    return json.loads(finished.stdout.decode().strip().splitlines()[-1])


def summary(values: Sequence[float], unit: str, digits: int = 1) -> str:
    """Median and min–max, e.g. "812.3 MiB (805.0–820.1)"."""
    return f"{statistics.median(values):,.{digits}f} {unit} ({min(values):,.{digits}f}–{max(values):,.{digits}f})"


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--child"]:
        child(Path(argv[1]), Path(argv[2]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=10_000, help="distinct customers (default 10000)")
    parser.add_argument("--tickets-per-customer", type=int, default=3, help="tickets per customer (default 3)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the workload (default 1)")
    parser.add_argument("--repeats", type=int, default=3, help="child processes per source (default 3)")
    parser.add_argument("--baseline", type=Path, help="slac sources to compare with (e.g. the commit before)")
    options = parser.parse_args(argv)

    tickets = make_tickets(options.customers, options.tickets_per_customer, options.seed)
    sources = {"this tree": REPO}
    if options.baseline is not None:
        sources = {"baseline": options.baseline.resolve(), "this tree": REPO}
    print(
        f"workload: {len(tickets)} tickets of {options.customers} customers, each with its own "
        f"(zone, country, subdivision) (seed {options.seed}),\n"
        f"          rules/credenti.sla plan basic (customer's zone and holidays), opened over 2024-2026, "
        f"evaluated in opening order; python {sys.version.split()[0]}, {options.repeats} runs per source\n"
    )
    results: dict[str, list[dict[str, Any]]] = {name: [] for name in sources}
    scratch = Path(os.environ.get("TMPDIR", "/tmp")) / f"slac-customers-{os.getpid()}.json"
    scratch.write_text(json.dumps(tickets), encoding="utf-8")
    try:
        for _ in range(options.repeats):
            for name, source in sources.items():
                results[name].append(run_child(source, scratch))
    finally:
        scratch.unlink()
    print(f"{'source':<10}  {'peak RSS':>28}  {'wall time':>24}  {'CPU time':>24}  {'tickets/s (median)':>18}")
    for name, runs in results.items():
        walls = [run["wall"] for run in runs]
        print(
            f"{name:<10}  {summary([run['peak_mib'] for run in runs], 'MiB'):>28}  {summary(walls, 's', 2):>24}  "
            f"{summary([run['cpu'] for run in runs], 's', 2):>24}  {len(tickets) / statistics.median(walls):>18,.0f}"
        )
    print("(peak RSS includes the interpreter, the module and the tickets: "
          f"{statistics.median(run['start_mib'] for run in results['this tree']):,.1f} MiB before the first ticket)")
    if len(results) == 2:
        before, after = results["baseline"], results["this tree"]
        print(
            f"this tree / baseline: peak RSS {statistics.median(r['peak_mib'] for r in after) / statistics.median(r['peak_mib'] for r in before):.2f}x, "
            f"wall time {statistics.median(r['wall'] for r in after) / statistics.median(r['wall'] for r in before):.2f}x"
        )
    digests = {run["digest"] for runs in results.values() for run in runs}
    print(f"deadlines identical across all runs: {'yes' if len(digests) == 1 else 'NO'}")
    return 0 if len(digests) == 1 else 1


if __name__ == "__main__":
    sys.exit(main())
