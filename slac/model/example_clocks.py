"""Which clocks an example leaves running: the static reading of an example's inputs or events
against each target's start and stop triggers (`Target.clock()`), without evaluating deadlines.

An example must say `now` only when its expected outcome can still change with time, and that is
so exactly while the clock it names is running: a cycle that a reply (or a solving) has stopped
is met or breached for good. This reads the triggers the way the runtime does (the snapshot's
implied events of `slac.runtime.history.SNAPSHOT_EVENTS`; a history's public messages, status
changes, solving and reopening as TIMELINES.md lists them) and applies the start/stop rules of
the cycle engine: a start trigger starts a cycle when none is running (not while the ticket is
solved for `unless solved` clocks), a stop trigger stops the running one, a reopen resumes a
cycle that solving stopped or starts a new one. Level changes are left out: they cannot be known
before classification, and one only replaces a running cycle by another running one, so whether
a clock runs at the end never depends on them (only how its cycles are numbered).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from slac.model import types as m
from slac.runtime.history import SNAPSHOT_EVENTS


Fired = tuple[frozenset[str], bool]
"""The triggers one event fires, and whether the ticket is solved after it."""


def example_triggers(example: m.Example, statuses: Sequence[m.Status]) -> list[Fired]:
    """The triggers each event of the example fires, in the order they apply, under the
    policy's statuses (a history opens in the first unless its `opened` event names one)."""
    if example.events is None:
        return _snapshot_triggers(dict(example.ticket))
    solved = frozenset(status.name for status in statuses if status.solved)
    first = statuses[0].name if statuses else None
    return _history_triggers([dict(event) for event in example.events], solved, first)


def _snapshot_triggers(ticket: Mapping[str, object]) -> list[Fired]:
    implied = []
    for order, (name, triggers) in enumerate(SNAPSHOT_EVENTS):
        instant = ticket.get(name)
        if isinstance(instant, str):
            implied.append((datetime.fromisoformat(instant), order, triggers))
    return [(frozenset({"opened"}), False), *((triggers, False) for _, _, triggers in sorted(implied))]


def _history_triggers(
    events: Iterable[Mapping[str, object]], solved_statuses: frozenset[str], first_status: str | None
) -> list[Fired]:
    seen: set[str] = set()
    status: object = None
    solved = False
    fired: list[Fired] = []
    for event in events:
        triggers: set[str] = set()
        if event["type"] == "opened":
            triggers.add("opened")
            status = event.get("status", first_status)
            if status in solved_statuses:
                fired.append((frozenset(triggers), False))
                triggers = {"solved"}  # a ticket opened in a solved status is solved right after
                solved = True
        elif event["type"] == "message" and event.get("public", True) and event["by"] in ("agent", "customer"):
            trigger = "agent_reply" if event["by"] == "agent" else "customer_message"
            triggers.add(trigger)
            if trigger not in seen:
                seen.add(trigger)
                triggers.add(f"first_{trigger}")
        elif event["type"] == "status" and event["to"] != status:
            change = f"status:{event['to']}"
            triggers.add(change)
            if change not in seen:
                seen.add(change)
                triggers.add(f"first_{change}")
            now_solved = event["to"] in solved_statuses
            if now_solved and not solved:
                triggers.add("solved")
            elif solved and not now_solved:
                triggers.add("reopened")
            status, solved = event["to"], now_solved
        fired.append((frozenset(triggers), solved))
    return fired


def cycles_running(target: m.Target, fired: Iterable[Fired]) -> list[bool]:
    """For each cycle of `target` the example's events give, in order: True when it is still
    running after the last event (its outcome is judged at `now`), False when it stopped."""
    clock = target.clock()
    cycles: list[bool] = []
    stopped_by_solve = False
    for triggers, solved in fired:
        running = bool(cycles) and cycles[-1]
        if running and not clock.stops.isdisjoint(triggers):
            cycles[-1] = running = False
            stopped_by_solve = "solved" in triggers and "solved" in clock.stops
        if "reopened" in triggers and not running and clock.on_reopen != "none":
            if clock.on_reopen == "new_cycle":
                cycles.append(True)
                continue
            if cycles and stopped_by_solve:
                cycles[-1] = True
                stopped_by_solve = False
                continue
        if not running and not clock.starts.isdisjoint(triggers) and not (clock.unless_solved and solved):
            cycles.append(True)
            stopped_by_solve = False
    return cycles
