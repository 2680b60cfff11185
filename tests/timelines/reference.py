"""A deliberately simple brute-force replay of ticket histories, to check slac's cycle engine against.

Written from `shared/TIMELINES.md`, the lead's decisions file and the cases the README's
"Ticket histories" section settles (7: a cycle starting after `now` is judged at its start; 8: a
cycle without a goal counts real time) alone; it shares no code with slac. The only thing it borrows is `tests/runtime/reference.py`'s `ReferenceCalendar`, itself an
independent minute-by-minute model of open time.

It works in two plain steps:

1. **Replay the events** in their listed order and record, per target, its cycles: where each
   started, where it stopped (and whether the ticket being solved stopped it), the solved gaps of
   a cycle a reopen continued, whether a level change cancelled it, and the level it is judged at.
2. **Walk every cycle minute by minute** from its start S to its end E, asking for each UTC minute
   whether the cycle's clock is open and whether the ticket's status at that minute pauses the
   target: open and not paused adds a minute of elapsed time, open and paused a minute of paused
   time. The breach instant is the end of the minute in which elapsed time reaches the goal; the
   due instant of a `met` or `due` cycle walks the calendar on from E.

Limits, to keep it obviously right: every instant is a whole UTC minute, every goal a whole
number of minutes, one calendar per policy, no out-of-hours alternatives and no ranges. Events
are assumed valid (the strategies only draw valid ones). It is slow: a microsecond or so per
minute walked.

The policy is described in plain Python (`PolicySpec`): the statuses, the targets' start and
stop phrases, a classification function and a cell function, written by hand for each policy.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from tests.runtime.reference import ReferenceCalendar

ONE_MINUTE = timedelta(minutes=1)
UTC = timezone.utc
CLOCK_WITHOUT_GOAL = "wall"
"""The clock on which a cycle without a duration goal (n/a, best effort, undefined, excluded)
reports its elapsed and paused time. TIMELINES.md leaves it open; the lead decided (README,
"Ticket histories", case 8) that such a cycle has no clock of its own: real time."""
EXCLUDED = "excluded"
"""What a classification function returns for a ticket a rule excludes (no guaranteed response)."""

# The kinds of trigger an event can carry (what happened to the ticket at that event).
OPENED = "opened"
REPLY = "reply"  # a public message by the agent
FIRST_REPLY = "first reply"  # the ticket's first reply ever
CUSTOMER_MESSAGE = "customer message"  # a public message by the customer
FIRST_CUSTOMER_MESSAGE = "first customer message"
SOLVED = "solved"  # from an unsolved status into a solved one
REOPENED = "reopened"  # from a solved status into an unsolved one
LEVEL_CHANGED = "level changed"  # the classified level changed


# --------------------------------------------------------------------------- the policy, by hand


@dataclass(frozen=True)
class Start:
    """A start phrase: `when the ticket is opened` (event "opened"), `at each/the first customer
    message` ("customer message"), `at each/the first agent reply` ("agent reply"),
    `each/the first time the status becomes X` ("status", status X)."""

    event: str
    first: bool = False
    status: str | None = None


@dataclass(frozen=True)
class Stop:
    """A stop phrase: "first agent reply", "next agent reply", "solved", or "status" (into X)."""

    event: str
    status: str | None = None


@dataclass(frozen=True)
class TargetSpec:
    """One target's clock rules, as the policy words them."""

    starts: tuple[Start, ...]
    stops: tuple[Stop, ...]
    unless_solved: bool = False
    paused_while: frozenset[str] = frozenset()
    reopen: str | None = None  # None (nothing), "continue" or "new"
    level_change: str = "keep"  # "keep" or "new"

    @property
    def recurring(self) -> bool:
        """A target with an `each …` start runs any number of cycles; the others at most one."""
        return any(start.event != "opened" and not start.first for start in self.starts)


@dataclass(frozen=True)
class Goal:
    """A cell: a duration of `minutes` on the `clock` ("business" or "wall"), or no duration
    (`kind` "n/a", "best_effort" or "undefined"). A `strict` duration (`under 1 hour`) is met
    only by a stop before all of it has elapsed."""

    kind: str
    minutes: int = 0
    clock: str = "business"
    strict: bool = False


@dataclass(frozen=True)
class PolicySpec:
    """The parts of a policy the replay needs, written by hand."""

    statuses: tuple[str, ...]
    solved: frozenset[str]
    targets: Mapping[str, TargetSpec]
    field_defaults: Mapping[str, str]
    classify: Callable[[str | None, Mapping[str, str]], str]
    cell: Callable[[str, str, str], Goal]
    calendar: ReferenceCalendar


# --------------------------------------------------------------------------- step 1: the events


@dataclass
class ReplayedCycle:
    """One cycle as the replay of the events leaves it (mutable while replaying)."""

    start: datetime
    stop: datetime | None = None
    stop_level: str | None = None
    stopped_by_solved: bool = False
    cancelled: bool = False
    solved_gaps: list[tuple[datetime, datetime]] = field(default_factory=list)


@dataclass
class Replay:
    """The outcome of replaying the events: cycles per target, and the ticket's status and level
    after all the events at each instant (in time order)."""

    cycles: dict[str, list[ReplayedCycle]]
    status_after: list[tuple[datetime, str]]
    levels: list[tuple[datetime, str]]
    final_level: str


def instant(text: str) -> datetime:
    """An ISO 8601 instant with an offset, in UTC; the reference takes whole minutes only."""
    value = datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)
    if value.second or value.microsecond:
        raise ValueError(f"the timeline reference works in whole minutes only, got {text}")
    return value


def value_text(value: Any) -> str:
    """A level or field value as text: numbers as their decimal text, booleans as yes/no."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def replay_events(policy: PolicySpec, history: Mapping[str, Any]) -> Replay:
    """Apply the events in their listed order and record every target's cycles."""
    events = history["events"]
    opened = events[0]
    status = opened.get("status", policy.statuses[0])
    given_level = value_text(opened["level"]) if "level" in opened else None
    fields = dict(policy.field_defaults)
    fields.update({name: value_text(value) for name, value in opened.get("fields", {}).items()})
    level = policy.classify(given_level, fields)
    replied = False
    customer_wrote = False
    statuses_reached: set[str] = set()
    cycles: dict[str, list[ReplayedCycle]] = {name: [] for name in policy.targets}
    started_by_phrase = {name: 0 for name in policy.targets}
    status_after: list[tuple[datetime, str]] = []
    levels: list[tuple[datetime, str]] = [(instant(opened["at"]), level)]

    def running(name: str) -> ReplayedCycle | None:
        target_cycles = cycles[name]
        if target_cycles and target_cycles[-1].stop is None:
            return target_cycles[-1]
        return None

    def apply(at: datetime, triggers: set[str], status_became: str | None, level_before: str) -> None:
        """One event's effect on every target: stops first, then level change, reopen, starts."""
        for name, target in policy.targets.items():
            cycle = running(name)
            if cycle is not None and stops_at(target, triggers, status_became):
                cycle.stop = at
                cycle.stop_level = level
                cycle.stopped_by_solved = SOLVED in triggers and any(stop.event == "solved" for stop in target.stops)
            cycle = running(name)
            if LEVEL_CHANGED in triggers and target.level_change == "new" and cycle is not None:
                cycle.stop = at
                cycle.stop_level = level_before
                cycle.cancelled = True
                cycles[name].append(ReplayedCycle(start=at))
            if REOPENED in triggers and target.reopen == "continue" and running(name) is None:
                last = cycles[name][-1] if cycles[name] else None
                if last is not None and last.stopped_by_solved and last.stop is not None:
                    last.solved_gaps.append((last.stop, at))
                    last.stop = None
                    last.stop_level = None
                    last.stopped_by_solved = False
            if REOPENED in triggers and target.reopen == "new" and running(name) is None:
                cycles[name].append(ReplayedCycle(start=at))
            if running(name) is None and starts_at(target, triggers, status_became):
                if target.unless_solved and status in policy.solved:
                    continue
                if not target.recurring and started_by_phrase[name] >= 1:
                    continue
                started_by_phrase[name] += 1
                cycles[name].append(ReplayedCycle(start=at))

    def record_status(at: datetime) -> None:
        if status_after and status_after[-1][0] == at:
            status_after[-1] = (at, status)
        else:
            status_after.append((at, status))

    opened_at = instant(opened["at"])
    record_status(opened_at)
    apply(opened_at, {OPENED}, None, level)
    if status in policy.solved:
        # A ticket opened solved is solved right after it opens, after the opened event's starts.
        apply(opened_at, {SOLVED}, None, level)

    for event in events[1:]:
        at = instant(event["at"])
        triggers: set[str] = set()
        status_became: str | None = None
        level_before = level
        kind = event["type"]
        if kind == "message" and event.get("public", True):
            if event["by"] == "agent":
                triggers.add(REPLY)
                if not replied:
                    triggers.add(FIRST_REPLY)
                replied = True
            elif event["by"] == "customer":
                triggers.add(CUSTOMER_MESSAGE)
                if not customer_wrote:
                    triggers.add(FIRST_CUSTOMER_MESSAGE)
                customer_wrote = True
        elif kind == "status" and event["to"] != status:
            was_solved = status in policy.solved
            status = event["to"]
            now_solved = status in policy.solved
            status_became = status
            if not was_solved and now_solved:
                triggers.add(SOLVED)
            if was_solved and not now_solved:
                triggers.add(REOPENED)
            if status not in statuses_reached:
                triggers.add("first time " + status)
            statuses_reached.add(status)
        elif kind in ("level", "field"):
            if kind == "level":
                given_level = value_text(event["to"])
            else:
                fields[event["name"]] = value_text(event["to"])
            level = policy.classify(given_level, fields)
            if level != level_before:
                triggers.add(LEVEL_CHANGED)
                levels.append((at, level))
        record_status(at)
        apply(at, triggers, status_became, level_before)

    return Replay(cycles=cycles, status_after=status_after, levels=levels, final_level=level)


def stops_at(target: TargetSpec, triggers: set[str], status_became: str | None) -> bool:
    """Whether an event with these triggers stops a running cycle of the target."""
    for stop in target.stops:
        if stop.event == "first agent reply" and FIRST_REPLY in triggers:
            return True
        if stop.event == "next agent reply" and REPLY in triggers:
            return True
        if stop.event == "solved" and SOLVED in triggers:
            return True
        if stop.event == "status" and status_became == stop.status:
            return True
    return False


def starts_at(target: TargetSpec, triggers: set[str], status_became: str | None) -> bool:
    """Whether an event with these triggers is one of the target's start phrases."""
    for start in target.starts:
        if start.event == "opened" and OPENED in triggers:
            return True
        if start.event == "customer message" and (FIRST_CUSTOMER_MESSAGE if start.first else CUSTOMER_MESSAGE) in triggers:
            return True
        if start.event == "agent reply" and (FIRST_REPLY if start.first else REPLY) in triggers:
            return True
        if start.event == "status" and status_became == start.status:
            if not start.first or "first time " + start.status in triggers:
                return True
    return False


# --------------------------------------------------------------------------- step 2: the clock


@dataclass(frozen=True)
class CycleResult:
    """One cycle as the evaluation reports it (instants in UTC)."""

    start: datetime
    stop: datetime | None
    due: datetime | None
    status: str
    elapsed_seconds: float
    paused_seconds: float
    level: str

    def to_dict(self) -> dict[str, Any]:
        """The keys of the decisions file's cycle output that the reference computes."""
        return {
            "start": iso(self.start),
            "stop": iso(self.stop),
            "due": iso(self.due),
            "status": self.status,
            "elapsed_seconds": self.elapsed_seconds,
            "paused_seconds": self.paused_seconds,
            "level": self.level,
        }


def iso(value: datetime | None) -> str | None:
    """An instant as ISO 8601 UTC with Z."""
    return None if value is None else value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def level_history(policy: PolicySpec, history: Mapping[str, Any]) -> list[tuple[str | None, str]]:
    """The classified level at the opening and at each event that changed it: (instant, level)."""
    return [(iso(at), level) for at, level in replay_events(policy, history).levels]


def evaluate_history(policy: PolicySpec, history: Mapping[str, Any], now: datetime) -> dict[str, list[CycleResult]]:
    """Every target's cycles for `history` judged at `now`, by brute force."""
    now = instant(now.isoformat())
    replay = replay_events(policy, history)
    # The status and the calendar of every minute from the opening to the last instant a cycle
    # can reach, computed once.
    origin = replay.status_after[0][0]
    horizon = max(now, replay.status_after[-1][0]) + ONE_MINUTE
    changes = dict(replay.status_after)
    minutes: list[Minute] = []
    status = changes[origin]
    u = origin
    while u < horizon:
        status = changes.get(u, status)
        minutes.append(Minute(status=status, open=policy.calendar.is_open(u)))
        u += ONE_MINUTE
    timeline = Timeline(origin=origin, minutes=minutes, now=now)
    return {
        name: [judge(policy, history["plan"], name, target, cycle, replay.final_level, timeline) for cycle in cycles]
        for (name, target), cycles in zip(policy.targets.items(), replay.cycles.values())
    }


@dataclass(frozen=True)
class Minute:
    """One UTC minute of the ticket's life: its status, and whether the calendar is open."""

    status: str
    open: bool


@dataclass(frozen=True)
class Timeline:
    """The ticket's minutes from its opening, and the instant it is judged at."""

    origin: datetime
    minutes: list[Minute]
    now: datetime

    def minute(self, u: datetime) -> Minute:
        return self.minutes[(u - self.origin) // ONE_MINUTE]


def judge(
    policy: PolicySpec,
    plan: str,
    name: str,
    target: TargetSpec,
    cycle: ReplayedCycle,
    final_level: str,
    timeline: Timeline,
) -> CycleResult:
    """Walk one cycle minute by minute from its start to its end E, and judge it."""
    level = cycle.stop_level if cycle.stop is not None else final_level
    assert level is not None
    goal = Goal(EXCLUDED) if level == EXCLUDED else policy.cell(plan, level, name)

    # E: the stop; or `now`; or the start of a running cycle that starts after `now` (README,
    # "Ticket histories", case 7: such a cycle is judged at its start, its pause status too).
    if cycle.stop is not None:
        end = cycle.stop
    elif cycle.start > timeline.now:
        end = cycle.start
    else:
        end = timeline.now

    wall = goal.clock == "wall" if goal.kind == "duration" else CLOCK_WITHOUT_GOAL == "wall"
    elapsed = 0
    paused = 0
    breached_at: datetime | None = cycle.start if goal.kind == "duration" and goal.minutes == 0 else None
    u = cycle.start
    while u < end:
        minute = timeline.minute(u)
        in_solved_gap = any(gap_start <= u < gap_end for gap_start, gap_end in cycle.solved_gaps)
        if wall or minute.open:
            if in_solved_gap or minute.status in target.paused_while:
                paused += 1
            else:
                elapsed += 1
                if goal.kind == "duration" and breached_at is None and elapsed >= goal.minutes:
                    breached_at = u + ONE_MINUTE
        u += ONE_MINUTE

    if cycle.cancelled:
        status = "cancelled"
    elif goal.kind != "duration":
        status = goal.kind
    elif cycle.stop is not None:
        status = "met" if elapsed < goal.minutes or elapsed == goal.minutes and not goal.strict else "breached"
    elif elapsed >= goal.minutes:
        status = "breached"
    elif timeline.minute(end).status in target.paused_while:
        status = "paused"
    else:
        status = "due"

    due: datetime | None = None
    if status == "breached":
        due = breached_at
    elif status in ("met", "due"):
        remaining = goal.minutes - elapsed
        due = end + timedelta(minutes=remaining) if wall else policy.calendar.add(end, remaining)

    return CycleResult(
        start=cycle.start,
        stop=cycle.stop,
        due=due,
        status=status,
        elapsed_seconds=float(elapsed * 60),
        paused_seconds=float(paused * 60),
        level=level,
    )
