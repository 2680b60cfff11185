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
history to its snapshot is not a change of the machine's load (their wall time is printed
beside); `slac eval` is a subprocess (start-up, JSON in and out) timed on wall clock, with a
slac cache and Python bytecode of its own filled by one untimed first run. Exits 1 when a history costs more than 3× its
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
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from timing import Bar, add_bars_option, machine, measure, measure_alternately_both, private_environment, report_bars

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
    add_bars_option(parser)
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
    both = measure_alternately_both(
        {
            "generated module, snapshot evaluate(mapping)": through(module.evaluate, snapshots),
            "generated module, history evaluate(mapping)": through(module.evaluate, histories),
            "interpreter, history": through(interpreter.evaluate, histories),
        },
        options.repeats,
    )
    timings = {name: cpu for name, (_, cpu) in both.items()}
    snap = timings["generated module, snapshot evaluate(mapping)"].rates(count)
    for name, timing in timings.items():
        print(row(name, timing.rates(count), None if "snapshot" in name else snap[0]))
    history_ratio = snap[0] / timings["generated module, history evaluate(mapping)"].rates(count)[0]
    walls = {name: wall for name, (wall, _) in both.items()}
    wall_ratio = walls["generated module, history evaluate(mapping)"].median / walls["generated module, snapshot evaluate(mapping)"].median
    print(f"wall time of the same runs: a history {wall_ratio:.2f}x its snapshot")

    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "histories.jsonl"
        path.write_text("".join(json.dumps(h) + "\n" for h in histories), encoding="utf-8")
        environment = private_environment(scratch)

        def command() -> int:
            subprocess.run(
                [sys.executable, "-m", "slac", "eval", str(POLICY), "--tickets", str(path), "--now", NOW],
                check=True, stdout=subprocess.DEVNULL, env=environment,
            )
            return len(histories)

        command()  # fills its cache and writes its bytecode, untimed

        print(row("slac eval --tickets (subprocess, JSON in and out, wall)", rates(command, options.repeats)))
    bars = [
        Bar(
            "replay.py",
            "a history (generated module) costs <= 3x its snapshot (CPU)",
            f"{history_ratio:.2f}x, wall {wall_ratio:.2f}x; {count:,} acme histories",
            history_ratio <= 3,
        )
    ]
    return report_bars(bars, options.bars_json)


if __name__ == "__main__":
    raise SystemExit(main())
