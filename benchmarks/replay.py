"""Ticket-history replay throughput on rules/acme.sla: histories per second through the
generated module, the interpreter and `slac eval --tickets`, beside a snapshot evaluation of
the same tickets.

The workload is `slac synth` (seeded, realistic histories of 5–15 events: office-hours arrivals,
replies across nights and weekends, waiting on the customer, on hold, internal notes, level
changes, solved and reopened tickets), as JSON gives them. The snapshot of each ticket is what
the first version of slac took: the opening, the first response and the last replies.

Every contender is timed the same way: `--repeats` runs over the whole workload, reporting the
median rate and the spread (fastest and slowest run). The in-process contenders take turns
(snapshot, history, interpreter, snapshot, …) and are timed in CPU time, so that the ratio of a
history to its snapshot is not a change of the machine's load; `slac eval` is a subprocess
(start-up, JSON in and out) timed on wall clock. Exits 1 when a history costs more than 3× its
snapshot (issue 14's bar).

    python benchmarks/replay.py [--tickets 20000] [--seed 1] [--repeats 5]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from timing import machine, measure, measure_alternately

from slac.interpret import Interpreter
from slac.pipeline import compile_file
from slac.synth import SynthOptions, synthesize

REPO = Path(__file__).resolve().parents[1]
POLICY = REPO / "rules" / "acme.sla"
MODULE = REPO / "generated" / "acme.py"
NOW = "2026-01-15T00:00:00Z"


def load_generated() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generated_acme", MODULE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def snapshot(history: dict[str, Any]) -> dict[str, Any]:
    """The snapshot of a history: its opening, first response, last agent and customer replies."""
    events = history["events"]
    opened = events[0]
    agent = [e["at"] for e in events if e["type"] == "message" and e["by"] == "agent" and e.get("public", True)]
    customer = [e["at"] for e in events if e["type"] == "message" and e["by"] == "customer" and e.get("public", True)]
    ticket: dict[str, Any] = {"plan": history["plan"], "opened_at": opened["at"]}
    if "level" in opened:
        ticket["severity"] = opened["level"]
    ticket.update(opened.get("fields", {}))
    if agent:
        ticket["responded_at"], ticket["last_agent_reply_at"] = agent[0], agent[-1]
    if customer:
        ticket["last_customer_reply_at"] = customer[-1]
    return ticket


def rates(run: Callable[[], int], repeats: int) -> tuple[float, float, float]:
    """(median, slowest, fastest) items per second over `repeats` runs of `run`, timed as
    every benchmark times its contenders (`benchmarks/timing.py`)."""
    counts: list[int] = []
    timing = measure(lambda: counts.append(run()), repeats)
    return timing.rates(counts[0])



def row(name: str, measured: tuple[float, float, float], baseline: float | None = None) -> str:
    median, low, high = measured
    ratio = f"  {baseline / median:5.2f}× the snapshot's cost" if baseline else ""
    return f"{name:<46} {median:>10,.0f}/s  (spread {low:,.0f}–{high:,.0f}){ratio}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=5)
    options = parser.parse_args(argv)

    compilation = compile_file(POLICY)
    assert compilation.policy is not None
    histories = list(synthesize(compilation.policy, SynthOptions(options.tickets, options.seed)))
    snapshots = [snapshot(history) for history in histories]
    events = sum(len(h["events"]) for h in histories)
    module = load_generated()
    interpreter = Interpreter(compilation.policy)

    def through(evaluate: Callable[[Any, str], Any], tickets: list[dict[str, Any]]) -> Callable[[], int]:
        def run() -> int:
            for ticket in tickets:
                evaluate(ticket, NOW)
            return len(tickets)

        return run

    for ticket in histories[:200]:  # warm the calendars' caches, as a running service has them
        module.evaluate(ticket, NOW)
        interpreter.evaluate(ticket, NOW)

    print(f"{len(histories):,} acme histories ({events / len(histories):.1f} events each on average), seed "
          f"{options.seed}, {options.repeats} runs each, in-process contenders taking turns, CPU time\n{machine()}")
    count = len(histories)
    timings = measure_alternately(
        {
            "generated module, snapshot evaluate(mapping)": through(module.evaluate, snapshots),
            "generated module, history evaluate(mapping)": through(module.evaluate, histories),
            "interpreter, history": through(interpreter.evaluate, histories),
        },
        options.repeats,
        time.process_time,
    )
    snap = timings["generated module, snapshot evaluate(mapping)"].rates(count)
    for name, timing in timings.items():
        print(row(name, timing.rates(count), None if "snapshot" in name else snap[0]))
    history_ratio = snap[0] / timings["generated module, history evaluate(mapping)"].rates(count)[0]

    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "histories.jsonl"
        path.write_text("".join(json.dumps(h) + "\n" for h in histories), encoding="utf-8")

        def command() -> int:
            subprocess.run(
                [sys.executable, "-m", "slac", "eval", str(POLICY), "--tickets", str(path), "--now", NOW],
                check=True, stdout=subprocess.DEVNULL,
            )
            return len(histories)

        print(row("slac eval --tickets (subprocess, JSON in and out, wall)", rates(command, options.repeats)))
    passed = history_ratio <= 3
    print(f"bar: a history costs <= 3x its snapshot ({history_ratio:.2f}x) {'PASS' if passed else 'FAIL'}")
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
