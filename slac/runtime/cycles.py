"""The cycle engine: a ticket's history replayed against each target's clock.

This is the one implementation of the clock semantics of TIMELINES.md, shared by every generated
module and by the reference interpreter. What is policy-specific reaches it as data: each
target's `TargetClock` (its start and stop triggers, pauses, reopen and level-change behaviour)
and, for every event of the history, the `Situation` the policy's classification gives at that
point (level, support hours, the row of cells). The engine works out the cycles, judges each one
against the goal of the level at its end, and records every clock transition.

Vocabulary:

- A **step** is one event of the history, reduced to what the clocks need: its instant, the
  triggers it fires (`TRIGGERS`), the ticket's status and solved state after it, and the index of
  the situation in force after it.
- A **cycle** runs from the step that starts it to the step that stops it (or `now`). Its
  **elapsed** time is the clock time in [start, end) during which the ticket's status is not one
  of the target's pause statuses (and, for a cycle continued after a reopen, the ticket was not
  solved). Pause and clock share one timeline: a pause over a night removes no business time.

Events at one instant apply in their listed order; within one event stops apply before starts.
The status in force over [t, t') is the status after every event at t.
"""

from __future__ import annotations

import bisect
import operator
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Final, Literal, NamedTuple, TypeAlias

from slac.runtime.calendar import Calendar
from slac.runtime.errors import CalendarError

ZERO: Final = timedelta(0)
FOREVER: Final = datetime.max.replace(tzinfo=timezone.utc)
"""Later than any instant: the end of a status that no later event changes."""
ONE_SECOND: Final = timedelta(seconds=1)

TRIGGERS: Final = (
    "opened",
    "agent_reply",
    "first_agent_reply",
    "customer_message",
    "first_customer_message",
    "solved",
    "reopened",
)
"""What an event can fire, besides `status:<name>` and `first_status:<name>` (a change into a
status, and the first such change). `agent_reply` is a public agent message, `customer_message` a
public customer message; `solved` a change from an unsolved status into a solved one,
`reopened` the way back."""

CYCLE_STATUSES: Final = (
    "due",
    "paused",
    "met",
    "breached",
    "cancelled",
    "n/a",
    "best_effort",
    "undefined",
    "excluded",
)

OnReopen: TypeAlias = Literal["none", "continue", "new_cycle"]
OnLevelChange: TypeAlias = Literal["keep", "new_cycle"]


# ----------------------------------------------------------------------------- inputs


@dataclass(frozen=True, slots=True)
class TargetClock:
    """When one target's cycles start, stop and pause.

    `starts` and `stops` are triggers (`TRIGGERS`, `status:<name>`, `first_status:<name>`): a
    start trigger starts a cycle when none of the target is running (it is not queued); a stop
    trigger stops the running one. A target is one-shot when its start triggers fire once
    (`opened`, `first_…`) and recurring when they fire at every such event. `unless_solved`
    ignores start triggers while the ticket is solved. `paused` are the statuses that pause it.
    `on_reopen`: "continue" resumes a cycle that the ticket's solving stopped (the time solved
    counts as paused), "new_cycle" starts one, "none" does nothing. `on_level_change`: "keep"
    judges the running cycle against the new level's cell, "new_cycle" cancels it and starts a
    new one at the change.
    """

    starts: frozenset[str]
    stops: frozenset[str]
    paused: frozenset[str] = frozenset()
    unless_solved: bool = False
    on_reopen: OnReopen = "none"
    on_level_change: OnLevelChange = "keep"


class Step(NamedTuple):
    """One event of a history as the clocks see it.

    `source` names the event for messages and traces (`events[3]`, or a snapshot input such as
    `last_agent_reply_at`); `status` and `solved` are the ticket's after the event (`status` is
    None for policies without statuses); `situation` indexes the situations; `level_changed` is
    true when the event changed the classified level.
    """

    at: datetime
    source: str
    triggers: frozenset[str]
    status: str | None
    solved: bool
    situation: int
    level_changed: bool = False
    description: str = ""


class Goal(NamedTuple):
    """What a cycle is judged against: a duration on a clock, or why there is none.

    `clock` is None for the wall clock, else the calendar business time is counted on.
    `kind` is "timed" for a duration, or the status of a cycle without one (`n/a`,
    `best_effort`, `undefined`, `excluded`) with `reason`. `text` is the goal as the policy
    words it; `clock_text` says which clock in words. A `strict` goal (`under 1 hour`) is met
    only by a stop before the due instant; any other, by a stop at it too.
    """

    kind: str
    text: str | None
    due: timedelta = ZERO
    earliest: timedelta | None = None
    clock: Calendar | None = None
    clock_text: str | None = None
    reason: str | None = None
    strict: bool = False


GoalOf: TypeAlias = Callable[[int, int, datetime], Goal]
"""`goal_of(target index, situation index, cycle start)`: the goal of a cycle of that target
whose end falls in that situation (the start decides an out-of-hours alternative)."""


# ----------------------------------------------------------------------------- results


class Cycle(NamedTuple):
    """One cycle of a target, judged at its end (its stop, or `now`).

    `elapsed` and `paused` are clock time (business time on a business clock); `due` is the
    breach instant of a breached cycle, else the instant the remaining time runs out from the
    end with no further pause (None when paused or without a goal); `level` is the level it was
    judged at; `goal` the cell as the policy words it.
    """

    target: str
    number: int
    start: datetime
    stop: datetime | None
    due: datetime | None
    status: str
    elapsed: timedelta
    paused: timedelta
    level: str
    goal: str | None
    clock: str | None
    earliest: datetime | None = None
    reason: str | None = None


new_record = tuple.__new__
"""A NamedTuple (`Cycle`, `Step`, `Event`, …) from the tuple of its fields, without its
Python-level constructor, which costs a call: the engine builds several for every ticket."""

ClockAction: TypeAlias = Literal["started", "paused", "resumed", "stopped", "cancelled", "reopened"]


class ClockEvent(NamedTuple):
    """One transition of a target's clock: which event (`source`) did what to which cycle."""

    at: datetime
    source: str
    target: str
    cycle: int
    action: ClockAction
    cause: str = ""

    def message(self) -> str:
        """E.g. "events[3] (status on_hold) paused resolution cycle 1"."""
        cause = f" ({self.cause})" if self.cause else ""
        return f"{self.source}{cause} {self.action} {self.target} cycle {self.cycle}"


@dataclass(slots=True)
class _Running:
    """A cycle being replayed: its start, its stop so far, and the spans it spent solved."""

    number: int
    start: int  # index of the starting step
    stop: int | None = None
    stopped_by_solve: bool = False
    cancelled: bool = False
    solved_gaps: list[tuple[int, int]] = field(default_factory=list)
    """(solving step, reopening step) of each stop by solving that a reopen continued."""


# ----------------------------------------------------------------------------- replay


class DeadlineError(Exception):
    """A deadline that cannot be computed (beyond the years the runtime covers); `step` is the
    step that started the cycle."""

    def __init__(self, target: str, step: Step, reason: str) -> None:
        super().__init__(reason)
        self.target = target
        self.step = step
        self.reason = reason


_STEP_AND_ORDER: Final = operator.itemgetter(0, 1)
"""A transition's place: its step, then its order within the step (stable for the rest)."""


class Timeline:
    """The clock transitions of a replay in time order, worked out when first read: most
    evaluations (a report, a batch) never look at them."""

    def __init__(
        self,
        names: Sequence[str],
        clocks: Sequence[TargetClock],
        runs: Sequence[Sequence[_Running]],
        steps: Sequence[Step],
        statuses: _StatusTimeline,
    ) -> None:
        self._inputs: tuple[Any, ...] | None = (names, clocks, runs, steps, statuses)
        self._events: tuple[ClockEvent, ...] = ()

    def _materialised(self) -> tuple[ClockEvent, ...]:
        if self._inputs is not None:
            names, clocks, runs, steps, statuses = self._inputs
            transitions: list[tuple[int, int, ClockEvent]] = []
            for name, clock, target_runs in zip(names, clocks, runs):
                for run in target_runs:
                    transitions.extend(_transitions(name, clock, run, steps, statuses))
            transitions.sort(key=_STEP_AND_ORDER)
            self._events = tuple(event for _, _, event in transitions)
            self._inputs = None
        return self._events

    def __getitem__(self, index: Any) -> Any:
        return self._materialised()[index]

    def __len__(self) -> int:
        return len(self._materialised())

    def __iter__(self) -> Iterator[ClockEvent]:
        return iter(self._materialised())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (Timeline, tuple, list)):
            return self._materialised() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._materialised())

    def __repr__(self) -> str:
        return f"Timeline({self._materialised()!r})"


def replay(
    names: Sequence[str],
    clocks: Sequence[TargetClock],
    steps: Sequence[Step],
    situation_levels: Sequence[str],
    goal_of: GoalOf,
    now: datetime,
    runs: Sequence[Sequence[_Running]] | None = None,
) -> tuple[tuple[tuple[Cycle, ...], ...], Timeline]:
    """The cycles of every target (in `names` order) and the clock transitions, in time order.

    `situation_levels[i]` is the level of situation i. `runs`, when given, is what
    `plan_cycles(clocks, steps)` returns for these steps (a caller that replays many histories of
    one shape works it out once). A first step without a status means a ticket that never has
    one (a snapshot, a policy without statuses). Raises `DeadlineError` when a deadline falls
    beyond the years the runtime covers.
    """
    if runs is None:
        runs = plan_cycles(clocks, steps)
    statuses = _StatusTimeline(steps) if steps[0].status is not None else _NO_STATUS
    results = tuple(
        [
            tuple([_judge(index, names[index], clocks[index], run, steps, statuses, situation_levels, goal_of, now) for run in target_runs])
            for index, target_runs in enumerate(runs)
        ]
    )
    return results, Timeline(names, clocks, runs, steps, statuses)


def plan_cycles(clocks: Sequence[TargetClock], steps: Sequence[Step]) -> tuple[tuple[_Running, ...], ...]:
    """Which steps start and stop each cycle of every target. It depends on the steps' triggers,
    level changes and solved states only, never on their instants, so histories of one shape
    (the snapshots that give the same inputs in the same order) share it; it is not changed
    once worked out."""
    return tuple([tuple(_cycles_of(clock, steps)) for clock in clocks])


def _cycles_of(clock: TargetClock, steps: Sequence[Step]) -> list[_Running]:
    """Which steps start and stop each cycle of one target."""
    runs: list[_Running] = []
    running: _Running | None = None
    starts, stops = clock.starts, clock.stops
    for index, step in enumerate(steps):
        triggers = step.triggers
        if running is not None and not stops.isdisjoint(triggers):
            running.stop = index
            running.stopped_by_solve = "solved" in triggers and "solved" in stops
            running = None
        start = False
        if step.level_changed and clock.on_level_change == "new_cycle" and running is not None:
            running.stop = index
            running.cancelled = True
            running = None
            start = True
        if "reopened" in triggers and running is None and clock.on_reopen != "none":
            last = runs[-1] if runs else None
            if clock.on_reopen == "continue":
                if last is not None and last.stopped_by_solve:
                    assert last.stop is not None
                    last.solved_gaps.append((last.stop, index))
                    last.stop = None
                    last.stopped_by_solve = False
                    running = last
            else:
                start = True
        if (
            not start
            and running is None
            and not starts.isdisjoint(triggers)
            and not (clock.unless_solved and step.solved)
        ):
            start = True
        if start and running is None:
            running = _Running(len(runs) + 1, index)
            runs.append(running)
    return runs


class _StatusTimeline:
    """The ticket's status over time: `status_at(t)` is the status after every event at or
    before t (None before the first event and for policies without statuses)."""

    def __init__(self, steps: Sequence[Step]) -> None:
        instants: list[datetime] = []
        statuses: list[str | None] = []
        self.constant = all(step.status is None for step in steps)
        """True when the ticket never has a status (a snapshot, a policy without statuses)."""
        self.instants = instants
        self.statuses = statuses
        self._paused_spans: dict[frozenset[str], tuple[list[datetime], list[datetime]]] = {}
        if self.constant:
            return  # `segments` and `status_at` then answer without the lists
        for step in steps:
            if instants and instants[-1] == step.at:
                statuses[-1] = step.status
            else:
                instants.append(step.at)
                statuses.append(step.status)

    def segments(self, start: datetime, end: datetime) -> list[tuple[datetime, datetime, str | None]]:
        """[start, end) cut where the status changes, each piece with its status."""
        if end <= start:
            return []
        if self.constant:
            return [(start, end, None)]
        index = max(bisect.bisect_right(self.instants, start) - 1, 0)
        pieces = []
        cursor = start
        while cursor < end:
            following = self.instants[index + 1] if index + 1 < len(self.instants) else None
            piece_end = end if following is None or following >= end else following
            if piece_end > cursor:
                pieces.append((cursor, piece_end, self.statuses[index]))
            cursor = piece_end
            index += 1
        return pieces

    def paused_pieces(self, start: datetime, end: datetime, paused: frozenset[str]) -> list[tuple[datetime, datetime, bool]]:
        """[start, end) cut where the status goes into or out of one of `paused`, each piece
        marked paused or not (`segments`, merged by pause). The spans of those statuses are
        worked out once per set: every cycle of a clock asks for the same set."""
        if end <= start:
            return []
        spans = self._paused_spans.get(paused)
        if spans is None:
            spans = self._paused_spans[paused] = self._spans_of(paused)
        starts, ends = spans
        index = bisect.bisect_right(ends, start)
        pieces: list[tuple[datetime, datetime, bool]] = []
        cursor = start
        while index < len(starts) and starts[index] < end:
            paused_from = starts[index] if starts[index] > start else start
            paused_to = ends[index] if ends[index] < end else end
            if paused_from > cursor:
                pieces.append((cursor, paused_from, False))
            pieces.append((paused_from, paused_to, True))
            cursor = paused_to
            index += 1
        if cursor < end:
            pieces.append((cursor, end, False))
        return pieces

    def _spans_of(self, paused: frozenset[str]) -> tuple[list[datetime], list[datetime]]:
        """The maximal spans [starts[i], ends[i]) during which the status is one of `paused`
        (the last may end at `FOREVER`)."""
        starts: list[datetime] = []
        ends: list[datetime] = []
        instants = self.instants
        for index, status in enumerate(self.statuses):
            if status is None or status not in paused:
                continue
            until = instants[index + 1] if index + 1 < len(instants) else FOREVER
            if ends and ends[-1] == instants[index]:
                ends[-1] = until
            else:
                starts.append(instants[index])
                ends.append(until)
        return starts, ends

    def status_at(self, instant: datetime) -> str | None:
        if self.constant:
            return None
        index = bisect.bisect_right(self.instants, instant) - 1
        return self.statuses[index] if index >= 0 else None


_NO_STATUS: Final = _StatusTimeline(())
"""The status timeline of a ticket that never has a status."""


def _pieces(
    run: _Running,
    start: datetime,
    end: datetime,
    clock: TargetClock,
    steps: Sequence[Step],
    statuses: _StatusTimeline,
) -> list[tuple[datetime, datetime, bool]]:
    """[start, end) cut into pieces, each marked paused or not: paused while the status is a
    pause status, or while the ticket was solved between a solve and a reopen that continued
    this cycle."""
    if not run.solved_gaps and (statuses.constant or not clock.paused):
        return [(start, end, False)] if end > start else []
    if not run.solved_gaps:
        return statuses.paused_pieces(start, end, clock.paused)
    gaps = [(steps[solve].at, steps[reopen].at) for solve, reopen in run.solved_gaps]
    cuts = {start, end}
    for gap_start, gap_end in gaps:
        for instant in (gap_start, gap_end):
            if start < instant < end:
                cuts.add(instant)
    ordered = sorted(cuts)
    pieces: list[tuple[datetime, datetime, bool]] = []
    for a, b in zip(ordered, ordered[1:]):
        solved = any(gap_start <= a and b <= gap_end for gap_start, gap_end in gaps)
        for piece_start, piece_end, status in statuses.segments(a, b):
            paused = solved or (status is not None and status in clock.paused)
            if pieces and pieces[-1][1] == piece_start and pieces[-1][2] == paused:
                pieces[-1] = (pieces[-1][0], piece_end, paused)
            else:
                pieces.append((piece_start, piece_end, paused))
    return pieces


def _measure(calendar: Calendar | None, a: datetime, b: datetime) -> timedelta:
    return b - a if calendar is None else calendar.between(a, b)


def _advance(calendar: Calendar | None, a: datetime, duration: timedelta) -> datetime:
    return a + duration if calendar is None else calendar.add(a, duration)


def _reach(
    calendar: Calendar | None,
    pieces: Sequence[tuple[datetime, datetime, bool]],
    lengths: Sequence[timedelta],
    amount: timedelta,
) -> datetime | None:
    """The earliest instant at which `amount` of unpaused clock time has passed in `pieces`
    (whose clock times are `lengths`), or None when they hold less."""
    if amount <= ZERO:
        return pieces[0][0] if pieces else None
    total = ZERO
    for (a, _, paused), length in zip(pieces, lengths):
        if paused:
            continue
        if total + length >= amount:
            return _advance(calendar, a, amount - total)
        total += length
    return None


def cycle_status(stopped: bool, elapsed: timedelta, goal: timedelta, paused_now: bool, strict: bool = False) -> str:
    """The status of a timed cycle at its end (TIMELINES.md): a stopped cycle is met when its
    elapsed clock time is within the goal (for a `strict` goal, `under 1 hour`, only when it is
    less), else breached; a running one is breached once the goal is used up, else paused (its
    status pauses it now) or due. The one place the met or breached decision is made."""
    if stopped:
        return "met" if elapsed < goal or (elapsed == goal and not strict) else "breached"
    if elapsed >= goal:
        return "breached"
    return "paused" if paused_now else "due"


def _judge(
    index: int,
    name: str,
    clock: TargetClock,
    run: _Running,
    steps: Sequence[Step],
    statuses: _StatusTimeline,
    situation_levels: Sequence[str],
    goal_of: GoalOf,
    now: datetime,
) -> Cycle:
    """One cycle judged at its end, as TIMELINES.md says."""
    first = steps[run.start]
    start = first.at
    stop = None if run.stop is None else steps[run.stop].at
    end = stop if stop is not None else max(now, start)
    if run.cancelled:
        assert run.stop is not None
        situation = steps[run.stop - 1].situation if run.stop > 0 else first.situation
    elif run.stop is not None:
        situation = steps[run.stop].situation
    else:
        situation = steps[-1].situation
    level = situation_levels[situation]
    try:
        goal = goal_of(index, situation, start)
        calendar = goal.clock
        pieces = _pieces(run, start, end, clock, steps, statuses)
        if (
            not run.cancelled
            and goal.kind == "timed"
            and (len(pieces) == 1 and not pieces[0][2] or end == start)
            and not (stop is None and clock.paused and statuses.status_at(end) in clock.paused)
        ):
            # The common shape: one unpaused stretch from start to end, not paused now. The
            # goal runs out at `reached`, the earliest instant with the goal's clock time since
            # the start; by then a breached cycle was due. Any other is due when its remaining
            # time runs out from its end: `reached` again, unless a stop with no time left came
            # after it (in closed time), which is due at that stop.
            if calendar is None:
                elapsed = end - start if end > start else ZERO
                reached = start + goal.due
            else:
                elapsed, reached = calendar.elapsed_and_deadline(start, end, goal.due)
            status = cycle_status(stop is not None, elapsed, goal.due, False, goal.strict)
            due = reached if status == "breached" or reached > end else end
            earliest = None if goal.earliest is None else _advance(calendar, start, goal.earliest)
            return new_record(
                Cycle,
                (name, run.number, start, stop, due, status, elapsed, ZERO, level, goal.text, goal.clock_text, earliest, None),
            )
        lengths = [_measure(calendar, a, b) for a, b, _ in pieces]
        elapsed = paused = ZERO
        for (_, _, is_paused), length in zip(pieces, lengths):
            if is_paused:
                paused += length
            else:
                elapsed += length
        if run.cancelled or goal.kind != "timed":
            # no due instant: cancelled by a level change, or no duration to judge against
            status, reason = goal.kind, goal.reason
            if run.cancelled:
                assert run.stop is not None
                status, reason = "cancelled", f"cancelled: the level changed at {steps[run.stop].source}"
            return Cycle(
                name, run.number, start, stop, None, status, elapsed, paused, level, goal.text, goal.clock_text, None, reason
            )
        in_pause = stop is None and bool(clock.paused) and statuses.status_at(end) in clock.paused
        status = cycle_status(stop is not None, elapsed, goal.due, in_pause, goal.strict)
        due = earliest = None
        if status == "breached":
            due = _reach(calendar, pieces, lengths, goal.due) if goal.due > ZERO else start
        elif status != "paused":
            due = _advance(calendar, end, goal.due - elapsed)
        if goal.earliest is not None and status != "paused":
            if elapsed >= goal.earliest:
                earliest = _reach(calendar, pieces, lengths, goal.earliest) if goal.earliest > ZERO else start
            else:
                earliest = _advance(calendar, end, goal.earliest - elapsed)
    except (OverflowError, CalendarError) as error:
        reason = "it would fall after the year 9999" if isinstance(error, OverflowError) else str(error)
        raise DeadlineError(name, first, reason) from None
    return new_record(
        Cycle, (name, run.number, start, stop, due, status, elapsed, paused, level, goal.text, goal.clock_text, earliest, None)
    )


def _transitions(
    name: str, clock: TargetClock, run: _Running, steps: Sequence[Step], statuses: _StatusTimeline
) -> list[tuple[int, int, ClockEvent]]:
    """The clock transitions of one cycle, keyed by (step index, order within the step): stops
    and cancellations come before starts, as they apply."""
    number = run.number

    def transition(step_index: int, order: int, action: ClockAction) -> tuple[int, int, ClockEvent]:
        step = steps[step_index]
        return step_index, order, new_record(ClockEvent, (step.at, step.source, name, number, action, step.description))

    events = [transition(run.start, 3, "started")]
    for solve, reopen in run.solved_gaps:
        events.append(transition(solve, 0, "stopped"))
        events.append(transition(reopen, 2, "reopened"))
    if run.stop is not None:
        events.append(transition(run.stop, 1 if run.cancelled else 0, "cancelled" if run.cancelled else "stopped"))
    if statuses.constant or not clock.paused:
        return events  # no status ever pauses this clock
    end = run.stop if run.stop is not None else len(steps)
    solved_spans = [(solve, reopen) for solve, reopen in run.solved_gaps]
    paused = False
    for step_index in range(run.start, end):
        step = steps[step_index]
        if step_index + 1 < len(steps) and steps[step_index + 1].at == step.at:
            continue  # the status in force is the one after the last event at this instant
        if any(solve <= step_index < reopen for solve, reopen in solved_spans):
            continue
        now_paused = statuses.status_at(step.at) in clock.paused
        if now_paused != paused:
            events.append(transition(step_index, 4, "paused" if now_paused else "resumed"))
            paused = now_paused
    return events


def cycle_to_dict(cycle: Cycle, format_instant: Callable[[datetime | None], str | None]) -> dict[str, Any]:
    """A cycle as JSON-ready data; instants ISO 8601 UTC, durations in seconds (µs exact)."""
    _, _, start, stop, due, status, elapsed, paused, level, goal, clock, earliest, reason = cycle
    return {
        "start": format_instant(start),
        "stop": format_instant(stop),
        "due": format_instant(due),
        "status": status,
        "elapsed_seconds": elapsed / ONE_SECOND,
        "paused_seconds": paused / ONE_SECOND,
        "goal": goal,
        "clock": clock,
        "earliest": format_instant(earliest),
        "reason": reason,
        "level": level,
    }
