"""Which clocks an example leaves running: the static reading of an example's inputs or events
against each target's start and stop triggers (`Target.clock()`), without evaluating deadlines.

An example must say `now` only when its expected outcome can still change with time, and that is
so exactly while the clock it names is running: a cycle that a reply (or a solving) has stopped
is met or breached for good. The triggers are the runtime's (the snapshot's implied events of
`slac.runtime.history.implied_events`; a history's events through `fired_by`), and the cycles
the cycle engine's (`plan_cycles`): nothing here restates the clock semantics. Level changes are
left out: they cannot be known before classification, and one only replaces a running cycle by
another running one, so whether a clock runs at the end never depends on them (only how its
cycles are numbered)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from slac.model import types as m
from slac.runtime.cycles import Step, plan_cycles
from slac.runtime.history import OPENED, SNAPSHOT_EVENTS, SOLVED, Event, fired_by, implied_events

SNAPSHOT_INPUTS = frozenset(name for name, _ in SNAPSHOT_EVENTS)
"""The inputs of a snapshot that imply events (replies and the response)."""

Fired = tuple[frozenset[str], bool]
"""The triggers one event fires, and whether the ticket is solved after it."""

_NO_INSTANT = datetime.min
"""What stands for an event's instant: which clocks run never depends on it."""


def example_triggers(example: m.Example, statuses: Sequence[m.Status]) -> list[Fired]:
    """The triggers each event of the example fires, in the order they apply, under the
    policy's statuses (a history opens in the first unless its `opened` event names one), as
    the runtime works them out (`slac.runtime.history.fired_by`)."""
    if example.events is None:
        return _snapshot_triggers(dict(example.ticket))
    events = [dict(event) for event in example.events]
    solved = frozenset(status.name for status in statuses if status.solved)
    status = statuses[0].name if statuses else None
    if events and events[0].get("type") == "opened":
        status = events[0].get("status", status)  # type: ignore[assignment]
    fired: list[Fired] = []
    for outcome in fired_by([_event(index, event) for index, event in enumerate(events)], status, solved):
        fired.append((outcome.triggers, outcome.solved))
        if outcome.then_solved:
            fired.append((SOLVED, True))
    return fired


def _event(index: int, event: Mapping[str, object]) -> Event:
    """An example's event as the runtime reads one (its instant aside)."""
    kind = str(event.get("type"))
    to = event.get("status") if kind == "opened" else event.get("to")
    by, name = event.get("by"), event.get("name")
    return Event(
        index,
        _NO_INSTANT,
        kind,
        by if isinstance(by, str) else None,
        event.get("public", True) is not False,
        name if isinstance(name, str) else None,
        None if to is None else str(to),
    )


def _snapshot_triggers(ticket: Mapping[str, object]) -> list[Fired]:
    instants = {
        name: datetime.fromisoformat(value)
        for name, value in ticket.items()
        if name in SNAPSHOT_INPUTS and isinstance(value, str)
    }
    return [(OPENED, False), *((triggers, False) for _, _, _, triggers in implied_events(instants))]


def cycles_running(target: m.Target, fired: Iterable[Fired]) -> list[bool]:
    """For each cycle of `target` the example's events give, in order: True when it is still
    running after the last event (its outcome is judged at `now`), False when it stopped; as the
    cycle engine plans them (`slac.runtime.cycles.plan_cycles`)."""
    steps = [Step(_NO_INSTANT, "", triggers, None, solved, 0) for triggers, solved in fired]
    (runs,) = plan_cycles((target.clock(),), steps)
    return [run.stop is None for run in runs]
