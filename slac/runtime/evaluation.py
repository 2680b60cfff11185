"""What evaluating a ticket produces: the `Evaluation` with a `Deadline` per target, its trace
and level changes, and the goals a target's cell gives. Shared by every generated module and by
the reference interpreter (`slac.interpret`), so both return the same `Evaluation`; how their
inputs are read is `slac.runtime.inputs`.

Nothing here depends on a policy. Policy-specific work (classifying the level, choosing support
hours, computing deadlines) lives in each generated module and, independently, in the
interpreter; the differential tests compare the two.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Final, NamedTuple

from slac.runtime import Calendar
from slac.runtime.caches import remember
from slac.runtime.cycles import ClockAction, ClockEvent, Cycle, Goal, Timeline, cycle_to_dict
from slac.runtime.inputs import TicketError, format_instant, listing, shown, suggestion
from slac.runtime.timeline import add_months
from slac.runtime.zones import load_zone

UTC: Final = timezone.utc

STATUSES: Final = (
    "due",
    "breached",
    "met",
    "paused",
    "cancelled",
    "n/a",
    "best_effort",
    "excluded",
    "undefined",
)
"""Every status a deadline (a target's latest cycle) can have: `due`, `breached` and `met` have a
due instant; `paused` is running but stopped by the ticket's status (it has only remaining time);
`cancelled` was ended by a level change; the others say why there is no deadline."""

START_INPUTS: Final = {
    "opened": "opened_at",
    "last_agent_reply": "last_agent_reply_at",
    "last_customer_reply": "last_customer_reply_at",
}
"""The ticket input that starts a target's clock, by `Target.start`."""

NO_TARGET_REASONS: Final = {
    "n/a": "the policy says n/a: no target for this plan and level",
    "best_effort": "best effort: no guaranteed response time",
    "undefined": "the policy gives no target for this plan and level",
}
NO_START_REASONS: Final = {
    "opened": "the ticket is not opened yet",
    "last_agent_reply": "no agent reply yet, so this clock has not started",
    "last_customer_reply": "no customer reply yet, so this clock has not started",
}
NOT_STARTED_REASON: Final = "no event has started this clock (none of its start events happened, or they came while it ignores them)"
NO_HOURS_REASON: Final = "the plan has no support hours to count business time on"
NO_DAY_LENGTH_REASON: Final = (
    "business days have no standard length on these support hours (their open days differ in length)"
)
WALL_CLOCK: Final = "wall clock"
OUTSIDE_HOURS_CLOCK: Final = "wall clock (started outside business hours)"

class UnknownTargetError(KeyError):
    """`Evaluation.deadline` was asked for a target the policy does not have (a `KeyError`,
    whose message names the targets there are)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def deadline_error(target: str, start_kind: str, start: datetime, error: Exception) -> TicketError:
    """The error for a deadline that cannot be computed from `start` (it would fall beyond the
    years the runtime covers), naming the input that starts the target's clock."""
    if isinstance(error, OverflowError):
        reason = "it would fall after the year 9999"
    else:
        reason = str(error)
    return TicketError(
        START_INPUTS[start_kind],
        f"the {target} deadline cannot be computed from {format_instant(start)}: {reason}",
    )


# ----------------------------------------------------------------------------- tables


@dataclass(frozen=True, slots=True)
class TimedCell:
    """A targets-table cell with a deadline, as generated modules tabulate it.

    `due` (and `earliest`, for a range) is the wall-clock part of the duration, `due_days`
    (`earliest_days`) the business days, which are worth the calendar's standard open day.
    `business` says whether it counts on the plan's support hours or on the wall clock;
    `outside_hours` is the wall-clock alternative for a start outside support hours.
    `due_support_days` (`earliest_support_days`) are support days: the business time up to
    the same clock time that many business days after the cycle's start; `due_months`
    (`earliest_months`) calendar months: the wall-clock time up to the same local day and time
    that many months later (in the support hours' zone, UTC without support hours). `strict`
    (`under 1 hour`) is met only when the clock stops before the due instant.
    `text` is the cell as published.
    """

    due: timedelta
    business: bool
    text: str
    due_days: int = 0
    earliest: timedelta | None = None
    earliest_days: int = 0
    outside_hours: timedelta | None = None
    due_support_days: int = 0
    earliest_support_days: int = 0
    due_months: int = 0
    earliest_months: int = 0
    strict: bool = False


@dataclass(frozen=True, slots=True)
class SupportHours:
    """A bound calendar and what evaluation needs from it, computed once per binding."""

    calendar: Calendar
    clock: str
    day_length: timedelta | None

    @classmethod
    def of(cls, calendar: Calendar) -> SupportHours:
        """`calendar` (bound) with its description and its standard day length."""
        return cls(calendar, f"business hours ({calendar.describe()})", calendar.standard_day_length())


# ----------------------------------------------------------------------------- results


def _store(instance: object, fields: dict[str, Any]) -> None:
    """Set all the fields of a new frozen (non-slotted) dataclass instance at once."""
    object.__setattr__(instance, "__dict__", fields)


@dataclass(frozen=True, slots=True)
class TraceEntry:
    """One step of the evaluation, in order; `message` says it in words.

    step: "given" (the level on the ticket), "matrix" (derived from two fields), "rule" (a rule
    set the level), "discretion" (support applied a discretionary rule), "changed" (in a history's level
    history: the agent changed the level, which needs the agreement of role `detail`), "exclude" (a rule excluded the ticket), "default" (the default level),
    "restriction" (the final level violates a restriction), "plan" (the plan is an alias of
    `subject`), "hours" (a conditional choice of support hours, calendar `subject`), "channel"
    (the ticket came by channel `subject`, which its plan does not offer), "add_on" (the plan,
    `detail`, is an add-on bought on plan `subject`), "override" (targets
    that depend on the ticket replaced the plan's cells: override `subject`).
    `level` is the level after the step; `previous` the level before a rule changed it.
    `subject` names the rule, restriction, plan or calendar; `line` is its source line.
    `detail` is the rule's title, the matrix cell, or the condition that chose the hours.
    """

    step: str
    level: str | None
    subject: str | None = None
    line: int | None = None
    previous: str | None = None
    detail: str | None = None

    def message(self, scale: str) -> str:
        """The step in words, e.g. "rule not_production (line 49) applies: …; priority 1 → 3"."""
        step, level, line = self.step, self.level, self.line
        if step == "given":
            return f"{scale} {level} was given on the ticket"
        if step == "matrix":
            return f"{scale} {level} follows from the matrix (line {line}): {self.detail}"
        if step == "rule":
            before = f"{scale} {self.previous}" if self.previous is not None else f"no {scale}"
            return f"rule {self.subject} (line {line}) applies: {self.detail}; {before} → {level}"
        if step == "discretion":
            before = f"{scale} {self.previous}" if self.previous is not None else f"no {scale}"
            return f"rule {self.subject} (line {line}) applied at support's discretion: {self.detail}; {before} → {level}"
        if step == "changed":
            return f"the {self.subject} changed the {scale} to {level}, which needs the {self.detail}'s agreement"
        if step == "exclude":
            return (
                f"rule {self.subject} (line {line}) applies: {self.detail}; "
                "no guaranteed response, every target is excluded"
            )
        if step == "default":
            return f"no {scale} was given, so the default applies (line {line}): {scale} {level}"
        if step == "restriction":
            return f"violates restriction {self.subject} (line {line}): {self.detail}"
        if step == "plan":
            return f"the plan has the targets and support hours of plan {self.subject} (line {line})"
        if step == "hours":
            return f"support hours: calendar {self.subject} (line {line}), because {self.detail}"
        if step == "add_on":
            return (
                f"plan {self.detail} (line {line}) is an add-on bought on plan {self.subject}: its own targets "
                f"apply, and plan {self.subject}'s where it gives none"
            )
        if step == "channel":
            return (
                f"channel {self.subject} is not offered by {self.detail} (line {line}); "
                "the targets still apply as the plan publishes them"
            )
        if step == "override":
            return f"override {self.subject} (line {line}) applies: {self.detail}"
        return f"{step} {self.subject or ''}".strip()

    def to_dict(self, scale: str) -> dict[str, Any]:
        return {
            "step": self.step,
            "subject": self.subject,
            "line": self.line,
            "level": self.level,
            "message": self.message(scale),
        }


def exclusion_reason(entry: TraceEntry) -> str:
    """Why the targets of an excluded ticket have no deadline."""
    return f"excluded by rule {entry.subject} (line {entry.line}): {entry.detail}"


@dataclass(frozen=True, init=False)
class Deadline:
    """One target of an evaluated ticket.

    `start` is the instant its clock started (None when that event has not happened), `due`
    the deadline (aware, UTC) or None, `status` one of `STATUSES`, `clock` what the deadline
    was counted on in words ("wall clock", "business hours (…)"), `reason` why there is no
    deadline, `earliest` the lower bound of a range (reported, not enforced).
    """

    target: str
    status: str
    start: datetime | None = None
    due: datetime | None = None
    clock: str | None = None
    reason: str | None = None
    earliest: datetime | None = None

    def __init__(
        self,
        target: str,
        status: str,
        start: datetime | None = None,
        due: datetime | None = None,
        clock: str | None = None,
        reason: str | None = None,
        earliest: datetime | None = None,
    ) -> None:
        # Every field in one step: the generated __init__ of a frozen dataclass sets them one
        # by one through object.__setattr__, which would be a tenth of an evaluation's time.
        _store(
            self,
            {
                "target": target,
                "status": status,
                "start": start,
                "due": due,
                "clock": clock,
                "reason": reason,
                "earliest": earliest,
            },
        )

    def to_dict(self, instant: Callable[[datetime | None], str | None] = format_instant) -> dict[str, Any]:
        """JSON-ready; `instant` formats the instants (ISO 8601 UTC)."""
        return {
            "start": instant(self.start),
            "due": instant(self.due),
            "status": self.status,
            "clock": self.clock,
            "earliest": instant(self.earliest),
            "reason": self.reason,
        }


class LevelChange(NamedTuple):
    """The ticket's level from `at` on, set by the event `source` (the opening, a level or a
    field event), with the classification steps that gave it. A NamedTuple (immutable): every
    evaluation builds at least one, and a frozen dataclass costs several times as much."""

    at: datetime
    source: str
    level: str
    trace: tuple[TraceEntry, ...]

    def to_dict(self, scale: str, instant: Callable[[datetime | None], str | None] = format_instant) -> dict[str, Any]:
        """JSON-ready; `instant` formats the instant (ISO 8601 UTC)."""
        return {
            "at": instant(self.at),
            "event": self.source,
            "level": self.level,
            "trace": [_trace_message(entry, scale) for entry in self.trace],
        }


@dataclass(frozen=True, init=False)
class Evaluation:
    """A ticket evaluated under a policy at `now`: its final level, plan, trace, deadlines and,
    for each target, its cycles.

    `deadlines` has one entry per target of the policy, in declaration order: the target's
    latest cycle, or why it has none. `cycles` holds, in the same order, every cycle of each
    target. `levels` is the level history; `timeline` every clock transition in time order.
    `excluded` and `violations` are read from the trace, its one source of truth.
    """

    policy: str
    scale: str
    plan: str
    level: str
    trace: tuple[TraceEntry, ...]
    deadlines: tuple[Deadline, ...]
    now: datetime
    cycles: tuple[tuple[Cycle, ...], ...]
    levels: tuple[LevelChange, ...]
    timeline: Sequence[ClockEvent] | Timeline
    id: str | int | None

    def __init__(
        self,
        policy: str,
        scale: str,
        plan: str,
        level: str,
        trace: tuple[TraceEntry, ...],
        deadlines: tuple[Deadline, ...],
        now: datetime,
        cycles: tuple[tuple[Cycle, ...], ...] = (),
        levels: tuple[LevelChange, ...] = (),
        timeline: Sequence[ClockEvent] | Timeline = (),
        id: str | int | None = None,
    ) -> None:
        # Every field in one step, as for `Deadline`.
        _store(
            self,
            {
                "policy": policy,
                "scale": scale,
                "plan": plan,
                "level": level,
                "trace": trace,
                "deadlines": deadlines,
                "now": now,
                "cycles": cycles,
                "levels": levels,
                "timeline": timeline,
                "id": id,
            },
        )

    @property
    def excluded(self) -> bool:
        """True when a rule excluded the ticket from every target (no guaranteed response)."""
        return any(entry.step == "exclude" for entry in self.trace)

    @property
    def violations(self) -> tuple[str, ...]:
        """The restrictions the final level violates, and `channel` when the ticket came by a
        channel its plan does not offer (the level and targets are kept; the trace says so)."""
        return tuple(
            entry.subject or "" if entry.step == "restriction" else "channel"
            for entry in self.trace
            if entry.step in ("restriction", "channel")
        )

    def _index(self, target: str) -> int:
        for index, deadline in enumerate(self.deadlines):
            if deadline.target == target:
                return index
        targets = [deadline.target for deadline in self.deadlines]
        hint = suggestion(target, targets) if isinstance(target, str) else ""
        raise UnknownTargetError(
            f"{shown(target)} is not a target of policy {self.policy}{hint}; the targets are: {listing(targets)}"
        )

    def deadline(self, target: str) -> Deadline:
        """The deadline of the target called `target` (its latest cycle); `UnknownTargetError`
        (a `KeyError`) naming the policy's targets when it has none of that name."""
        return self.deadlines[self._index(target)]

    def cycles_of(self, target: str) -> tuple[Cycle, ...]:
        """Every cycle of the target called `target`, in order (`UnknownTargetError` as above)."""
        index = self._index(target)
        return self.cycles[index] if self.cycles else ()

    @property
    def messages(self) -> list[str]:
        """The trace in words."""
        return [entry.message(self.scale) for entry in self.trace]

    def to_dict(self, brief: bool = False) -> dict[str, Any]:
        """A JSON-ready summary; instants are ISO 8601 in UTC. `brief` leaves out what grows
        with the ticket's history: each target's cycles, the level history and the timeline
        (the level, its trace and each target's deadline stay)."""
        # One instant appears up to four times (a deadline, its cycle, the timeline), so each
        # is formatted once: `instant` is a dictionary lookup (in C) that formats on a miss.
        instant = _InstantTexts({None: None}).__getitem__
        scale = self.scale
        cycles_by_target = self.cycles
        targets = {}
        for index, deadline in enumerate(self.deadlines):
            summary = deadline.to_dict(instant)
            if not brief:
                summary["cycles"] = (
                    [cycle_to_dict(cycle, instant) for cycle in cycles_by_target[index]] if cycles_by_target else []
                )
            targets[deadline.target] = summary
        # Keys are added in order; one that is there already (a scale called `levels`) keeps
        # its place and takes the later value, as in a dictionary display.
        result = {
            "policy": self.policy,
            "plan": self.plan,
            "level": self.level,
            scale: self.level,
            "excluded": self.excluded,
            "violations": list(self.violations),
            "trace": [_trace_dict(entry, scale).copy() for entry in self.trace],
            "targets": targets,
        }
        if not brief:
            result["levels"] = [change.to_dict(scale, instant) for change in self.levels]
            # an event's fields but its instant are the same in many evaluations
            result["timeline"] = [
                {"at": instant(at), **timeline_fields(source, target, cycle, action, cause)}
                for at, source, target, cycle, action, cause in self.timeline
            ]
        result["now"] = instant(self.now)
        return result if self.id is None else {"id": self.id, **result}


@functools.lru_cache(maxsize=4096)
def _trace_dict(entry: TraceEntry, scale: str) -> dict[str, Any]:
    """`entry.to_dict(scale)`, built once per entry: a policy has few distinct entries and
    every evaluation's JSON repeats them. Shared: callers copy it before handing it out."""
    return entry.to_dict(scale)


@functools.lru_cache(maxsize=4096)
def _trace_message(entry: TraceEntry, scale: str) -> str:
    """`entry.message(scale)`, worded once per entry."""
    return entry.message(scale)


@functools.lru_cache(maxsize=4096)
def timeline_fields(source: str, target: str, cycle: int, action: ClockAction, cause: str) -> dict[str, Any]:
    """A timeline event's JSON fields after its instant (`at`) in `Evaluation.to_dict`, worded
    once: evaluations repeat the same few events (`opened_at started initial_response cycle
    1`). Shared: callers copy it."""
    message = ClockEvent(datetime.min, source, target, cycle, action, cause).message()
    return {"event": source, "target": target, "cycle": cycle, "action": action, "message": message}


class _InstantTexts(dict):  # type: ignore[type-arg]
    """Instants as `format_instant` writes them, each formatted once per `Evaluation.to_dict`."""

    def __missing__(self, value: datetime) -> str | None:
        text = self[value] = format_instant(value)
        return text


# ----------------------------------------------------------------------------- goals


@dataclass(frozen=True, slots=True)
class Situation:
    """What the policy says about a ticket at one point of its history: the classified level
    with its trace, the rule that excluded it (if any), its support hours, and its row of cells
    (one per target, in the policy's target order). Generated modules and the interpreter each
    compute it their own way; the cycle engine uses it."""

    level: str
    trace: tuple[TraceEntry, ...]
    excluded_by: TraceEntry | None
    hours: SupportHours | None
    cells: tuple[TimedCell | str, ...]


GOAL_WORDS: Final = {"n/a": "n/a", "best_effort": "best effort", "undefined": None}


_NO_TARGET_GOALS: Final = {cell: Goal(cell, GOAL_WORDS[cell], reason=reason) for cell, reason in NO_TARGET_REASONS.items()}

_fixed_goals: dict[tuple[int, int], tuple[TimedCell, SupportHours | None, Goal | None, Goal | None]] = {}
"""Goals that do not depend on the cycle's start, by the identity of their cell and support
hours: (cell, hours, the goal, the goal of a start outside support hours). Every cycle of a
batch asks for one of a handful; the entry holds its cell and hours, so their identities
cannot be reused while it exists."""
FIXED_GOALS_KEPT: Final = 4096


def goal(cell: TimedCell | str, situation: Situation, start: datetime) -> Goal:
    """The goal of a cycle that started at `start` and ends in `situation`: the cell's duration
    on its clock (business days are worth the calendar's standard open day; support days and
    months are worth the time from `start` to the same clock time that many business days or
    months later; a start outside support hours takes the out-of-hours alternative on the wall
    clock), or why there is none."""
    excluded_by = situation.excluded_by
    if excluded_by is not None:
        text = cell.text if isinstance(cell, TimedCell) else GOAL_WORDS[cell]
        return Goal("excluded", text, reason=exclusion_reason(excluded_by))
    if cell.__class__ is str:
        return _NO_TARGET_GOALS[cell]  # type: ignore[index]
    assert isinstance(cell, TimedCell)
    hours = situation.hours
    fixed = _fixed_goals.get((id(cell), id(hours)))
    if fixed is None or fixed[0] is not cell or fixed[1] is not hours:
        if cell.due_months or cell.earliest_months or cell.due_support_days or cell.earliest_support_days:
            return _goal(cell, situation, start)
        inside = _goal(cell, situation, None)
        outside = None
        if cell.outside_hours is not None and cell.business and hours is not None and inside.kind == "timed":
            outside = Goal("timed", cell.text, cell.outside_hours, None, None, OUTSIDE_HOURS_CLOCK, strict=cell.strict)
        fixed = remember(_fixed_goals, (id(cell), id(hours)), (cell, hours, inside, outside), FIXED_GOALS_KEPT)
    if fixed[3] is not None and not fixed[1].calendar.is_open(start):  # type: ignore[union-attr]
        return fixed[3]
    return fixed[2]  # type: ignore[return-value]


def _goal(cell: TimedCell, situation: Situation, start: datetime | None) -> Goal:
    """`goal` worked out: `start` is None for a cell whose goal does not depend on it, which
    then gives the goal of a start inside support hours."""
    if cell.due_months or cell.earliest_months:
        # Calendar months: the wall-clock time to the same local day and time, from this start.
        assert start is not None
        zone = load_zone(situation.hours.calendar.timezone or "UTC" if situation.hours is not None else "UTC")
        due = add_months(zone, start, cell.due_months) - start
        earliest = None if cell.earliest is None else add_months(zone, start, cell.earliest_months) - start
        return Goal("timed", cell.text, due, earliest, None, WALL_CLOCK, strict=cell.strict)
    if not cell.business:
        return Goal("timed", cell.text, cell.due, cell.earliest, None, WALL_CLOCK, strict=cell.strict)
    hours = situation.hours
    if hours is None:
        return Goal("undefined", cell.text, reason=NO_HOURS_REASON)
    duration, earliest = cell.due, cell.earliest
    if cell.due_days or cell.earliest_days:
        # Business days are worth the calendar's standard open day.
        if hours.day_length is None:
            return Goal("undefined", cell.text, reason=NO_DAY_LENGTH_REASON)
        duration += cell.due_days * hours.day_length
        if earliest is not None:
            earliest += cell.earliest_days * hours.day_length
    if cell.due_support_days or cell.earliest_support_days:
        # Support days: the business time to the same clock time N business days on, from this start.
        assert start is not None
        calendar = hours.calendar
        duration += calendar.between(start, calendar.add_business_days(start, cell.due_support_days))
        if earliest is not None:
            earliest += calendar.between(start, calendar.add_business_days(start, cell.earliest_support_days))
    if cell.outside_hours is not None and start is not None and not hours.calendar.is_open(start):
        return Goal("timed", cell.text, cell.outside_hours, None, None, OUTSIDE_HOURS_CLOCK, strict=cell.strict)
    return Goal("timed", cell.text, duration, earliest, hours.calendar, hours.clock, strict=cell.strict)


def summary(
    target: str, cycles: tuple[Cycle, ...], cell: TimedCell | str, situation: Situation, not_started: str
) -> Deadline:
    """A target's deadline as a snapshot shows it: its latest cycle, or, when no cycle started,
    why there is none (excluded, no target in the cell, or `not_started`)."""
    if cycles:
        cycle = cycles[-1]
        return Deadline(target, cycle.status, cycle.start, cycle.due, cycle.clock, cycle.reason, cycle.earliest)
    if situation.excluded_by is not None:
        return Deadline(target, "excluded", reason=exclusion_reason(situation.excluded_by))
    if isinstance(cell, str):
        return Deadline(target, cell, reason=NO_TARGET_REASONS[cell])
    return Deadline(target, "n/a", reason=not_started)
