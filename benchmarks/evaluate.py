"""Ticket evaluation throughput: a generated module, the interpreter, `slac eval`, and
businesstimedelta computing just the deadlines of the same tickets.

One seeded workload of Managry tickets (rules/managry.sla: Europe/Prague Monday–Friday
08:00–17:00 minus Czech holidays; Standard and Premium plans, severities 1–4, out-of-hours
alternatives; opened uniformly over 2024–2026; half with an agent reply, half with a
response), as they would come from JSON: ISO 8601 text with UTC offsets, numbers for
severities.

- generated module, `evaluate(mapping)`: validation, level, support hours, every target's
  deadline and status, the trace — what an application calls; every in-process contender
  reads each target's status and due instant of every result;
- generated module, `evaluate(Ticket)`: the same for tickets validated beforehand;
- interpreter, in process: `slac.interpret.Interpreter.evaluate` on the same mappings;
- columnar, `slac.runtime.columnar.evaluate_columns`: the same tickets as numpy columns
  (instants as datetime64), every result as numpy columns;
- `slac eval --tickets FILE.jsonl`: the whole command in a subprocess (start-up, JSON in
  and out, the default output with cycles and timeline), tickets per second of CPU time (and
  of wall time); its start-up alone (one ticket with `--ticket`) is printed beside it, and
  the start-up after an edit of the policy (its generated module not yet in slac's cache, so
  the policy is parsed, checked and rendered: a copy of it with one more comment line each
  run). It runs with a slac cache and Python bytecode of its own (nothing the machine has
  cached), filled by one untimed first run, whose time is printed apart, as a user's
  first run after installing. An extra row runs it with `--brief` (results without each target's
  cycles, the level history and the timeline); the bar is on the default output;
- slac's `Calendar.add` alone on the deadlines businesstimedelta computes, from the same parsed
  starts: the arithmetic inside an evaluation, an upper bound of what any evaluation can reach;
- businesstimedelta: only the deadlines slac computes in business time, from parsed
  datetimes — no validation, no status, no trace. A cell with an out-of-hours alternative
  started outside business hours is due on the wall clock, which slac computes without a
  calendar; those deadlines are left out of both sides' count rather than given to
  businesstimedelta as business time. Every deadline it computes is compared with slac's.

    python benchmarks/evaluate.py [--tickets 20000] [--seed 1] [--repeats 5]

Every contender, in process or the `slac eval` subprocess, runs the whole workload
`--repeats` times; the median CPU time of the process doing the work is the rate, printed
with the spread, and the wall time of the same runs beside it. The in-process contenders,
slac's and businesstimedelta, take turns run by run. Ratios are between medians of this run.

A deadline slac gives later than businesstimedelta is a convention, not a disagreement, only
when the cycle was met with no time left, is due when it stopped, and no business time lies
between the two instants (the same business instant, as TIMELINES.md writes it).

Exits with status 1 when a bar of this run fails: the generated module at least 30x
businesstimedelta per ticket, `slac eval` at least 8x (issue 14's targets), no disagreement, and the
columnar results equal `evaluate`'s.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta, timezone
from datetime import time as time_of_day
from importlib.metadata import version
from pathlib import Path
from types import ModuleType
from typing import Any
from zoneinfo import ZoneInfo

import businesstimedelta
import holidays
import pytz
from timing import Bar, Timing, add_bars_option, machine, measure, measure_alternately_both, private_environment, report_bars

from slac.interpret import Interpreter
from slac.runtime.columnar import evaluate_columns
from slac.pipeline import compile_file

REPO = Path(__file__).resolve().parents[1]
POLICY = REPO / "rules" / "managry.sla"
MODULE = REPO / "generated" / "managry.py"
UTC = timezone.utc
PRAGUE = ZoneInfo("Europe/Prague")
FIRST, LAST = datetime(2024, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)
NOW = datetime(2025, 7, 1, 12, 0, tzinfo=UTC)


def load_generated() -> ModuleType:
    """generated/managry.py, imported by path as an application would import it."""
    spec = importlib.util.spec_from_file_location("generated_managry", MODULE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def make_tickets(count: int, seed: int) -> list[dict[str, Any]]:
    """JSON-ready tickets: opened on a random minute of 2024–2026, in Prague time or UTC."""
    generator = random.Random(seed)
    span = int((LAST - FIRST).total_seconds()) // 60
    tickets = []
    for _ in range(count):
        opened = FIRST + timedelta(minutes=generator.randrange(span))
        in_prague = generator.random() < 0.5

        def spell(instant: datetime) -> str:
            return instant.astimezone(PRAGUE).isoformat() if in_prague else instant.isoformat().replace("+00:00", "Z")

        ticket: dict[str, Any] = {
            "plan": generator.choice(("standard", "premium")),
            "severity": generator.choice((1, 2, 3, 4, "1", "2")),
            "opened_at": spell(opened),
        }
        if generator.random() < 0.5:
            ticket["last_agent_reply_at"] = spell(opened + timedelta(minutes=generator.randrange(1, 5 * 1440)))
        if generator.random() < 0.5:
            ticket["responded_at"] = spell(opened + timedelta(minutes=generator.randrange(1, 1440)))
        tickets.append(ticket)
    return tickets


def ticket_columns(module: ModuleType, tickets: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The workload as a report keeps it: one numpy column per input, instants as
    datetime64[us] in UTC (NaT when absent), names and levels as object arrays."""
    import numpy as np

    columns: dict[str, Any] = {}
    for name in ("plan", "severity", "opened_at", "last_agent_reply_at", "responded_at"):
        values = [ticket.get(name) for ticket in tickets]
        if name.endswith("_at"):
            instants = [module.Ticket.from_mapping({"plan": "standard", "severity": 1, "opened_at": v}).opened_at
                        if v is not None else None for v in values]
            columns[name] = np.array(
                [np.datetime64(v.replace(tzinfo=None), "us") if v else np.datetime64("NaT", "us") for v in instants]
            )
        else:
            columns[name] = np.array(values, dtype=object)
    return columns


def _micros(instant: datetime | None) -> int:
    """An instant as numpy's datetime64[us] integer (NaT's for None)."""
    return -(2**63) if instant is None else (instant - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)


def child_cpu_seconds() -> float:
    """CPU seconds (user + system) used so far by this process's finished children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# ----------------------------------------------------------------------------- businesstimedelta

CZECH_HOLIDAYS = {day for year in range(2023, 2029) for day in holidays.country_holidays("CZ", years=year)}
BUSINESSTIMEDELTA_RULES = businesstimedelta.Rules(
    [
        businesstimedelta.WorkDayRule(
            start_time=time_of_day(8),
            end_time=time_of_day(17),
            working_days=[0, 1, 2, 3, 4],
            tz=pytz.timezone("Europe/Prague"),
        ),
        businesstimedelta.HolidayRule(CZECH_HOLIDAYS, tz=pytz.timezone("Europe/Prague")),
    ]
)
BUSINESS_DAY = timedelta(hours=9)


def business_jobs(module: ModuleType, tickets: Sequence[dict[str, Any]]) -> list[tuple[int, str, datetime, timedelta]]:
    """(ticket index, target, start, business duration) for every deadline slac computes in
    business time, with starts parsed: the part of evaluation businesstimedelta can do. An
    out-of-hours alternative that applies (start outside business hours) is wall-clock time
    and is left out."""
    calendar = module._HOURS["business_hours"].calendar
    jobs = []
    for index, raw in enumerate(tickets):
        ticket = module.Ticket.from_mapping(raw)
        cells = module._CELLS[ticket.plan][ticket.severity]
        for position, (target, start) in enumerate(
            (("initial_response", ticket.opened_at), ("ongoing_response", ticket.last_agent_reply_at))
        ):
            cell = cells[position]
            if start is None or isinstance(cell, str) or not cell.business:
                continue
            if cell.outside_hours is not None and not calendar.is_open(start):
                continue
            jobs.append((index, target, start, cell.due + cell.due_days * BUSINESS_DAY))
    return jobs


def calendar_deadlines(module: ModuleType, jobs: Sequence[tuple[int, str, datetime, timedelta]]) -> list[datetime]:
    """The same deadlines by slac's `Calendar.add` alone, from the same parsed starts: the
    business-time arithmetic inside an evaluation, without reading the ticket, classifying it,
    judging a status or building results. Its rate bounds what any evaluation can reach."""
    add = module._HOURS["business_hours"].calendar.add
    return [add(start, duration) for _, _, start, duration in jobs]


def businesstimedelta_deadlines(jobs: Sequence[tuple[int, str, datetime, timedelta]]) -> list[datetime]:
    rules = BUSINESSTIMEDELTA_RULES
    delta = businesstimedelta.BusinessTimeDelta
    return [(start + delta(rules, timedelta=duration)).astimezone(UTC) for _, _, start, duration in jobs]


# ----------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=20_000, help="tickets in the workload (default 20000)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the workload (default 1)")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs of every contender (default 5)")
    add_bars_option(parser)
    options = parser.parse_args(argv)

    module = load_generated()
    policy = compile_file(POLICY).policy
    assert policy is not None
    interpreter = Interpreter(policy)
    tickets = make_tickets(options.tickets, options.seed)
    validated = [module.Ticket.from_mapping(ticket) for ticket in tickets]
    count = len(tickets)
    repeats = options.repeats
    print(
        f"workload: {count} Managry tickets (seed {options.seed}) opened uniformly over 2024-2026, "
        "standard/premium, severities 1-4,\n"
        "          half with an agent reply, half responded; JSON-ready (ISO 8601 text), evaluated at "
        f"{NOW.isoformat()}\n{machine()}\n"
        f"businesstimedelta {version('businesstimedelta')}, holidays {version('holidays')}\n"
    )

    evaluate = module.evaluate
    cold = measure(lambda: [evaluate(ticket, NOW) for ticket in tickets], 1)  # computes the open years
    columns = ticket_columns(module, tickets)

    def read(results: Iterable[Any]) -> None:
        """What an application reads of each evaluation: every target's status and due instant
        (so that no contender can gain by leaving results unbuilt)."""
        for result in results:
            for deadline in result.deadlines:
                deadline.status, deadline.due

    jobs = business_jobs(module, tickets)
    businesstimedelta_row = f"businesstimedelta, the same {len(jobs)} business-time deadlines"
    arithmetic_row = f"slac Calendar.add alone, the same {len(jobs)} deadlines"
    # The in-process contenders take turns, so that a change in the machine's load during the
    # run touches slac and businesstimedelta alike.
    both = measure_alternately_both(
        {
            "generated module, evaluate(mapping from JSON)": lambda: read(evaluate(ticket, NOW) for ticket in tickets),
            "generated module, evaluate(Ticket)": lambda: read(evaluate(ticket, NOW) for ticket in validated),
            "interpreter (slac.interpret), in process": lambda: read(interpreter.evaluate(ticket, NOW) for ticket in tickets),
            "columnar evaluate_columns (numpy columns in and out)": lambda: evaluate_columns(module, columns, NOW),
            arithmetic_row: lambda: calendar_deadlines(module, jobs),
            businesstimedelta_row: lambda: businesstimedelta_deadlines(jobs),
        },
        repeats,
    )
    rows: dict[str, Timing] = {name: cpu for name, (_, cpu) in both.items()}
    walls: dict[str, Timing] = {name: wall for name, (wall, _) in both.items()}

    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "tickets.jsonl"
        path.write_text("".join(json.dumps(ticket) + "\n" for ticket in tickets), encoding="utf-8")
        command = [sys.executable, "-m", "slac", "eval", str(POLICY), "--tickets", str(path), "--now", NOW.isoformat()]
        failures: list[str] = []
        environment = private_environment(scratch)

        def run_eval(*options: str) -> None:
            finished = subprocess.run(
                [*command, *options], cwd=REPO, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
            lines = finished.stdout.count(b"\n")
            if finished.returncode != 0 or lines != count:
                failures.append(f"exit {finished.returncode}, {lines} lines: {finished.stderr[-500:]!r}")

        def run_both(name: str, run: Any) -> None:
            """Wall and child CPU time of the same `repeats` runs."""
            wall_runs, cpu_runs = [], []
            for _ in range(repeats):
                began_wall, began_cpu = time.perf_counter(), child_cpu_seconds()
                run()
                cpu_runs.append(child_cpu_seconds() - began_cpu)
                wall_runs.append(time.perf_counter() - began_wall)
            rows[name], walls[name] = Timing(tuple(cpu_runs)), Timing(tuple(wall_runs))

        first = measure(run_eval, 1, child_cpu_seconds)  # fills its cache and writes its bytecode, untimed
        run_both("slac eval --tickets FILE.jsonl (subprocess, end to end)", run_eval)
        run_both("slac eval --tickets FILE.jsonl --brief (no cycles, timeline)", lambda: run_eval("--brief"))
        eval_wall = walls["slac eval --tickets FILE.jsonl (subprocess, end to end)"]
        one = [sys.executable, "-m", "slac", "eval", str(POLICY), "--ticket", json.dumps(tickets[0]), "--now", NOW.isoformat()]
        start_up = measure(
            lambda: subprocess.run(one, cwd=REPO, env=environment, stdout=subprocess.DEVNULL, check=True),
            repeats,
            child_cpu_seconds,
        )
        edits = iter(range(repeats))

        def run_edited() -> None:
            edited = Path(scratch) / "managry.sla"
            edited.write_text(POLICY.read_text(encoding="utf-8") + f"# edit {next(edits)}\n", encoding="utf-8")
            subprocess.run([*one[:4], str(edited), *one[5:]], cwd=REPO, env=environment, stdout=subprocess.DEVNULL, check=True)

        edited_start_up = measure(run_edited, repeats, child_cpu_seconds)
        if failures:
            print(f"slac eval failed ({failures[0]})")
            return 1

    columnar = evaluate_columns(module, columns, NOW)
    rows[arithmetic_row] = rows.pop(arithmetic_row)
    rows[businesstimedelta_row] = rows.pop(businesstimedelta_row)  # printed last
    baseline = rows[businesstimedelta_row].median
    wall_baseline = walls[businesstimedelta_row].median

    width = max(map(len, rows))
    print(
        f"{'contender':<{width}}  {'tickets/s':>10}  {'µs/ticket':>9}  {'vs btd':>7}  {'(wall)':>7}  "
        f"{'CPU time of the whole workload':<50}  wall time"
    )
    for name, timing in rows.items():
        rate = timing.rate(count)
        print(
            f"{name:<{width}}  {rate:>10,.0f}  {1e6 / rate:>9.2f}  {baseline / timing.median:>6.1f}x  "
            f"{wall_baseline / walls[name].median:>6.1f}x  {timing.spread():<50}  {walls[name].spread()}"
        )

    expected = businesstimedelta_deadlines(jobs)
    between = module._HOURS["business_hours"].calendar.between
    disagreements = conventions = 0
    for (index, target, start, _), deadline in zip(jobs, expected):
        result = evaluate(validated[index], NOW)
        got = result.deadline(target).due
        cycle = result.cycles_of(target)[-1] if result.cycles_of(target) else None
        if (
            got != deadline
            and cycle is not None
            and cycle.status == "met"
            and cycle.stop == got
            and deadline < got
            and between(deadline, got) == timedelta(0)
        ):
            # TIMELINES.md: a cycle stopped with no time left (answered while support was closed,
            # after the target ran out at closing time) is met, and due when it stopped
            conventions += 1
        elif got != deadline:
            disagreements += 1
            if disagreements <= 5:
                print(f"disagreement: {target} from {start.isoformat()}: slac {got}, businesstimedelta {deadline}")
    eval_cpu = rows["slac eval --tickets FILE.jsonl (subprocess, end to end)"].median
    print(
        f"\nslac eval wall time: {eval_wall.spread()} = {eval_wall.rate(count):,.0f} tickets/s; its start-up "
        f"(one ticket, CPU): {start_up.spread()}, so {1e6 * (eval_cpu - start_up.median) / count:.1f} µs of CPU "
        f"per ticket beyond it;\nits start-up after an edit of the policy (parsed, checked, its module rendered; "
        f"CPU): {edited_start_up.spread()}; generated module cold first pass {cold.rate(count):,.0f} tickets/s (wall);\n"
        f"slac eval's first run (an empty cache, bytecode not yet written; untimed above): {first.median:.3f} s of CPU"
    )
    results = [evaluate(ticket, NOW) for ticket in tickets]
    column_mismatches = sum(
        1
        for index, result in enumerate(results)
        for deadline in result.deadlines
        if (deadline.status, _micros(deadline.due))
        != (columnar[f"{deadline.target}.status"][index], int(columnar[f"{deadline.target}.due"][index].astype("int64")))
    )
    print(
        f"deadlines compared with businesstimedelta: {len(jobs)}, disagreements: {disagreements}; "
        f"met with no time left, due at their stop (a convention of ticket timelines, not an error): {conventions}"
    )
    generated = rows["generated module, evaluate(mapping from JSON)"].median
    arithmetic = rows[arithmetic_row].median
    print(
        f"business-time arithmetic: {1e6 * arithmetic / count:.2f} µs per ticket of the generated module's "
        f"{1e6 * generated / count:.2f} µs ({100 * arithmetic / generated:.0f}%); the rest reads the ticket, classifies "
        f"it, judges each target and builds the results. At 30x businesstimedelta an evaluation would have "
        f"{1e6 * (baseline / 30) / count:.2f} µs in all."
    )
    generated_ratio = baseline / generated
    eval_name = "slac eval --tickets FILE.jsonl (subprocess, end to end)"
    eval_ratio = baseline / rows[eval_name].median
    generated_wall = wall_baseline / walls["generated module, evaluate(mapping from JSON)"].median
    eval_wall_ratio = wall_baseline / walls[eval_name].median
    same = f"on the same {len(jobs)} deadlines, {count} tickets"
    bars = [
        Bar("evaluate.py", "generated evaluate(JSON-shaped ticket) >= 30x businesstimedelta (CPU)",
            f"{generated_ratio:.1f}x, wall {generated_wall:.1f}x; {same}", generated_ratio >= 30),
        Bar("evaluate.py", "slac eval --tickets end to end >= 8x businesstimedelta per ticket (CPU)",
            f"{eval_ratio:.1f}x, wall {eval_wall_ratio:.1f}x", eval_ratio >= 8),
        Bar("evaluate.py", "disagreements with businesstimedelta == 0",
            f"{disagreements}; {conventions} conventions", disagreements == 0),
        Bar("evaluate.py", "columnar evaluate_columns == evaluate", f"{column_mismatches} deadlines differ",
            column_mismatches == 0),
    ]
    return report_bars(bars, options.bars_json)


if __name__ == "__main__":
    sys.exit(main())
