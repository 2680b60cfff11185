"""The Policy model: the one contract that the checker, the generators and the interpreter share.

Resolution (`slac.model.resolve`) builds it from the AST: every name is bound, units and clocks
are normalised, aliases and defaults applied. Nothing downstream looks at the AST again.
Spans point back at the source for diagnostics and traces; they never affect equality.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from collections.abc import Callable
from typing import Literal, TypeAlias

from slac.runtime import Calendar as RuntimeCalendar
from slac.runtime.cycles import TargetClock
from slac.runtime.evaluation import NO_START_REASONS, NOT_STARTED_REASON
from slac.runtime import ExtraOpening, HolidaySource, PartialClosure, WeeklyInterval, YearlyClosure
from slac.syntax.span import NO_SPAN, Span

Role: TypeAlias = str
TargetStart: TypeAlias = Literal["opened", "last_agent_reply", "last_customer_reply"]
Clock: TypeAlias = Literal["business", "wall"]
ClockReason: TypeAlias = Literal["unit", "marked", "plan", "default"]
NoTargetKind: TypeAlias = Literal["n/a", "best_effort", "undefined"]


def _span() -> Span:
    return field(default=NO_SPAN, compare=False, repr=False, kw_only=True)  # type: ignore[return-value]


@dataclass(frozen=True)
class Assumption:
    """A value the author interpreted; `subject` says what it is about, in words."""

    subject: str
    published: str
    span: Span = _span()


# ----------------------------------------------------------------------- levels


@dataclass(frozen=True)
class Text:
    """A piece of policy text with its place in the source."""

    text: str
    span: Span = _span()


@dataclass(frozen=True)
class Level:
    """One level; `rank` 0 is the most severe."""

    name: str
    title: str
    rank: int
    description: str | None = None
    criteria: tuple[Text, ...] = ()
    examples: tuple[Text, ...] = ()
    obligations: tuple[Text, ...] = ()
    """What the customer commits to when a ticket is at this level (not a criterion)."""
    span: Span = _span()


@dataclass(frozen=True)
class Scale:
    """The ordered levels of `priority` or `severity`, most severe first."""

    name: str
    title: str
    levels: tuple[Level, ...]
    chosen_by: tuple[Role, ...] = ()
    changed_by: tuple[Role, ...] = ()
    change_agreements: tuple[tuple[Role, Role], ...] = ()
    """(role, the role whose agreement its changes need): `changed by agent with customer
    agreement` gives ("agent", "customer")."""
    span: Span = _span()
    implicit: bool = False
    """True for a policy without levels (one response time for every ticket): the scale is
    `IMPLICIT_SCALE`, its one level every ticket's; tickets give no level, traces and documents
    never mention it."""

    def agreement(self, role: Role) -> Role | None:
        """The role whose agreement a change of the level by `role` needs, if any."""
        return next((agreeing for changer, agreeing in self.change_agreements if changer == role), None)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(level.name for level in self.levels)

    def rank(self, name: str) -> int:
        return self.names.index(name)

    def level(self, name: str) -> Level:
        return self.levels[self.rank(name)]


IMPLICIT_LEVEL = "any"
"""The one level of a policy without levels."""


def implicit_scale() -> Scale:
    """The scale of a policy that declares none: one level, `any`, that every ticket has."""
    return Scale("level", "", (Level(IMPLICIT_LEVEL, "Every ticket", 0),), implicit=True)


# ----------------------------------------------------------------------- fields


@dataclass(frozen=True)
class Field:
    """A ticket property that rules, the matrix and plan hours may test."""

    name: str
    title: str
    values: tuple[str, ...]
    boolean: bool = False
    default: str | None = None
    span: Span = _span()


@dataclass(frozen=True)
class Matrix:
    """The level derived from two fields; `cells[(row value, column value)]` is a level name."""

    row_field: str
    column_field: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[tuple[tuple[str, str], str], ...]
    span: Span = _span()
    cell_spans: tuple[tuple[tuple[str, str], Span], ...] = field(default=(), compare=False)
    """Where each of `cells` is written, in the same order."""
    blank_spans: tuple[tuple[tuple[str, str], Span], ...] = field(default=(), compare=False)
    """Where each cell left blank is (the `|` that opens it)."""

    def lookup(self, row: str, column: str) -> str | None:
        for key, level in self.cells:
            if key == (row, column):
                return level
        return None


# ----------------------------------------------------------------------- calendars


@dataclass(frozen=True)
class Calendar:
    """Support hours. `timezone` None is the customer's zone; `customer_holidays` closes the
    public holidays of the customer's country; `customer_working_hours` (start, end) opens the
    working days of the customer's country. The runtime fields are what generated code passes
    to `slac.runtime.Calendar`.

    The customer's working week is known only per ticket; `weekly` holds it as Monday–Friday
    (`customer_week`, the most common week) for the checker and the documents, which mark such
    numbers as approximate. `runtime()` leaves those intervals out and binds the real week."""

    name: str
    title: str
    timezone: str | None
    weekly: tuple[WeeklyInterval, ...]
    always_open: bool = False
    holidays: tuple[HolidaySource, ...] = ()
    customer_holidays: bool = False
    closed_dates: tuple[date, ...] = ()
    partial_closures: tuple[PartialClosure, ...] = ()
    extra_openings: tuple[ExtraOpening, ...] = ()
    customer_working_hours: tuple[int, int] | None = None
    customer_week: tuple[WeeklyInterval, ...] = ()
    yearly_closures: tuple[YearlyClosure, ...] = ()
    span: Span = _span()
    item_spans: tuple[tuple[object, Span], ...] = field(default=(), compare=False, repr=False)

    def span_of(self, item: object) -> Span:
        """Where an item of this calendar (a WeeklyInterval, HolidaySource, closed date,
        PartialClosure, YearlyClosure or ExtraOpening) is written; the calendar's own span if nowhere."""
        return next((span for candidate, span in self.item_spans if candidate == item), self.span)

    def runtime(self) -> RuntimeCalendar:
        """The runtime calendar (unbound when the zone or country is the customer's)."""
        return RuntimeCalendar(
            timezone=self.timezone,
            weekly=self.fixed_weekly,
            holidays=self.holidays,
            closed_dates=self.closed_dates,
            partial_closures=self.partial_closures,
            extra_openings=self.extra_openings,
            customer_holidays=self.customer_holidays,
            customer_working_hours=self.customer_working_hours,
            yearly_closures=self.yearly_closures,
        )

    @property
    def fixed_weekly(self) -> tuple[WeeklyInterval, ...]:
        """The weekly intervals that do not depend on the customer."""
        return tuple(interval for interval in self.weekly if interval not in self.customer_week)

    @property
    def by_customer_country(self) -> bool:
        """Whether the calendar needs the customer's country (holidays or working week)."""
        return self.customer_holidays or self.customer_working_hours is not None


@dataclass(frozen=True)
class Status:
    """A ticket status; `solved` marks a solved state (a change into it solves the ticket, a
    change out of it into an unsolved status reopens it)."""

    name: str
    title: str
    solved: bool = False
    span: Span = _span()


StartEvent: TypeAlias = Literal["opened", "customer_message", "agent_reply", "status"]
StopEvent: TypeAlias = Literal["first_agent_reply", "next_agent_reply", "solved", "status"]
TargetKind: TypeAlias = Literal["response", "update", "follow_up", "resolution", "other"]


@dataclass(frozen=True)
class ClockStart:
    """An event that starts a target's cycle: the opening, a customer message or agent reply
    (`first`: only the ticket's first one), or a change into `status` (`first`: the first)."""

    event: StartEvent
    first: bool = False
    status: str | None = None
    span: Span = _span()

    @property
    def trigger(self) -> str:
        """The runtime's name of the event (`slac.runtime.cycles.TRIGGERS`)."""
        name = f"status:{self.status}" if self.event == "status" else self.event
        return f"first_{name}" if self.first and self.event != "opened" else name


@dataclass(frozen=True)
class ClockStop:
    """An event that stops a running cycle: the first or the next agent reply, the ticket being
    solved, or a change into `status`."""

    event: StopEvent
    status: str | None = None
    span: Span = _span()

    @property
    def trigger(self) -> str:
        return {"next_agent_reply": "agent_reply", "first_agent_reply": "first_agent_reply", "solved": "solved"}.get(
            self.event, f"status:{self.status}"
        )


SHORTHAND_CLOCKS: dict[str, tuple[tuple[ClockStart, ...], tuple[ClockStop, ...]]] = {
    "opened": ((ClockStart("opened"),), (ClockStop("first_agent_reply"),)),
    "last_agent_reply": ((ClockStart("agent_reply"),), (ClockStop("next_agent_reply"),)),
    "last_customer_reply": ((ClockStart("customer_message"),), (ClockStop("next_agent_reply"),)),
}
"""What `from opened`, `from last agent reply` and `from last customer reply` mean."""


@dataclass(frozen=True)
class Target:
    """A named clock: when its cycles start and stop, the statuses that pause it, and what a
    reopen (`on_reopen`: "none", "continue", "new_cycle") and a level change (`on_level_change`:
    "keep", "new_cycle") do. `start` is the shorthand it was written with (`from opened`…), if
    any. `table_title` is the heading of the published table of this target, when it has one."""

    name: str
    title: str
    start: TargetStart | None
    table_title: str | None = None
    starts: tuple[ClockStart, ...] = ()
    stops: tuple[ClockStop, ...] = ()
    unless_solved: bool = False
    paused: tuple[str, ...] = ()
    on_reopen: Literal["none", "continue", "new_cycle"] = "none"
    on_level_change: Literal["keep", "new_cycle"] = "keep"
    level_change_stated: bool = False
    span: Span = _span()
    paused_span: Span = field(default=NO_SPAN, compare=False, repr=False)
    """Where `paused while` is written (the target's span when it is not)."""

    def clock(self) -> TargetClock:
        """The clock as the runtime's cycle engine takes it."""
        return TargetClock(
            starts=frozenset(start.trigger for start in self.starts),
            stops=frozenset(stop.trigger for stop in self.stops),
            paused=frozenset(self.paused),
            unless_solved=self.unless_solved,
            on_reopen=self.on_reopen,
            on_level_change=self.on_level_change,
        )

    @property
    def not_started(self) -> str:
        """Why a target without a cycle has no deadline."""
        return NO_START_REASONS[self.start] if self.start is not None else NOT_STARTED_REASON

    @property
    def recurs(self) -> bool:
        """True when a start event can start a cycle again and again (`each …`)."""
        return any(not s.first and s.event != "opened" for s in self.starts)

    @property
    def kind(self) -> TargetKind:
        """What the target measures, as the checker compares them: a first `response` (from
        the opening to an agent reply), an `update` (from an agent reply), a `follow_up` (from
        a customer message to an agent reply), a `resolution` (stopped only by solving or a
        status), or `other`."""
        stop_events = {stop.event for stop in self.stops}
        by_reply = bool(stop_events & {"first_agent_reply", "next_agent_reply"})
        start_events = {start.event for start in self.starts}
        if start_events == {"agent_reply"}:
            return "update"
        if start_events == {"customer_message"} and by_reply:
            return "follow_up"
        if "opened" in start_events and by_reply:
            return "response"
        if stop_events and not by_reply:
            return "resolution"
        return "other"


# ----------------------------------------------------------------------- cells


@dataclass(frozen=True)
class Quantity:
    """An amount of time: whole minutes, plus whole business days (whose length depends on
    the calendar: N × its standard open day), support days (up to the same clock time N business
    days later) and calendar months (the same local day and time N months later, clamped to the
    month's last day). The last two are worth different times from different starts: the
    runtime turns them into a duration at each cycle's start."""

    minutes: int = 0
    business_days: int = 0
    support_days: int = 0
    months: int = 0

    def on_calendar(self, day_length: timedelta | None) -> timedelta:
        """The amount as a duration; support days count as business days, a month as 31 days
        (their longest, which is what worst cases need)."""
        extra = timedelta(days=31 * self.months)
        if self.support_days:
            if day_length is None:
                raise ValueError("support days need a calendar with a standard day length")
            extra += self.support_days * day_length
        if self.business_days:
            if day_length is None:
                raise ValueError("business days need a calendar with a standard day length")
            extra = self.business_days * day_length
        return timedelta(minutes=self.minutes) + extra


@dataclass(frozen=True)
class Timed:
    """A cell with a deadline.

    `due` runs on `clock`: "business" is the plan's calendar, "wall" is real elapsed time.
    `earliest` is the lower bound of a range (reported, not enforced). `outside_hours` is the
    wall-clock alternative for tickets opened outside business hours. `clock_reason` records
    how the clock was decided: by the unit (`business hours`), by a `(24/7)` mark, by the
    plan's `targets count …` statement, or by default (bare duration, wall clock). `strict`
    (`under 1 hour`) is met only when the clock stops before the due instant, not at it.
    `text` is the cell as published, in the source's words.
    """

    due: Quantity
    clock: Clock
    clock_reason: ClockReason
    text: str
    earliest: Quantity | None = None
    outside_hours: Quantity | None = None
    strict: bool = False
    span: Span = _span()


@dataclass(frozen=True)
class NoTarget:
    """A cell without a deadline: `n/a`, `best effort`, or empty (`undefined`)."""

    kind: NoTargetKind
    span: Span = _span()


Cell: TypeAlias = Timed | NoTarget


# ----------------------------------------------------------------------- conditions and rules


@dataclass(frozen=True)
class Clause:
    """A test of a field or of the level. `operator` "missing" holds when no value is given."""

    subject: str
    subject_kind: Literal["field", "level"]
    operator: Literal["is", "is_not", "missing"]
    values: tuple[str, ...] = ()
    span: Span = _span()


@dataclass(frozen=True)
class Not:
    """Holds when `operand` does not."""

    operand: Expression


@dataclass(frozen=True)
class AllOf:
    """Holds when every operand holds (`and`)."""

    operands: tuple[Expression, ...]


@dataclass(frozen=True)
class AnyOf:
    """Holds when some operand holds (`or`)."""

    operands: tuple[Expression, ...]


Expression: TypeAlias = "Clause | Not | AllOf | AnyOf"


def clause_holds(clause: Clause, value: str | None) -> bool:
    """Whether `clause` holds for a subject whose value (default applied) is `value`: `is`
    needs a value among the clause's, `is not` a value outside them, `missing` no value."""
    if clause.operator == "missing":
        return value is None
    if clause.operator == "is_not":
        return value is not None and value not in clause.values
    return value is not None and value in clause.values


def expression_holds(expression: Expression, value_of: Callable[[Clause], str | None]) -> bool:
    """Whether `expression` holds, `value_of` giving each clause's subject's value."""
    if isinstance(expression, Clause):
        return clause_holds(expression, value_of(expression))
    if isinstance(expression, Not):
        return not expression_holds(expression.operand, value_of)
    if isinstance(expression, AllOf):
        return all(expression_holds(operand, value_of) for operand in expression.operands)
    return any(expression_holds(operand, value_of) for operand in expression.operands)


def expression_clauses(expression: Expression) -> tuple[Clause, ...]:
    """The clauses of `expression`, in the order written."""
    if isinstance(expression, Clause):
        return (expression,)
    if isinstance(expression, Not):
        return expression_clauses(expression.operand)
    return tuple(clause for operand in expression.operands for clause in expression_clauses(operand))


@dataclass(frozen=True)
class Condition:
    """A test of the ticket: clauses combined with `and`, `or` and `not`. One representation
    that the checker, the interpreter and the generated modules all read."""

    expression: Expression
    span: Span = _span()

    @property
    def clauses(self) -> tuple[Clause, ...]:
        """Every clause, in the order written."""
        return expression_clauses(self.expression)

    @property
    def conjunctive(self) -> bool:
        """Whether the condition is only clauses joined by `and` (the form set algebra per
        subject describes exactly)."""
        expression = self.expression
        return isinstance(expression, Clause) or (
            isinstance(expression, AllOf) and all(isinstance(o, Clause) for o in expression.operands)
        )

    def holds(self, value_of: Callable[[Clause], str | None]) -> bool:
        """Whether the condition holds, `value_of` giving each clause's subject's value."""
        return expression_holds(self.expression, value_of)


@dataclass(frozen=True)
class SetLevel:
    """Action: the ticket's level becomes `level`."""

    level: str


@dataclass(frozen=True)
class Exclude:
    """Action: no guaranteed response; every target is `excluded`."""


@dataclass(frozen=True)
class Rule:
    """When `condition` holds, `action`. Rules apply in declaration order, each once. A
    `discretionary` rule is one support *may* apply (`then priority may become 2`): it applies
    only to a ticket that says it was applied (a snapshot naming it in `applied_rules`, a
    history by an agent's level change to its level while its condition holds)."""

    name: str
    title: str
    condition: Condition
    action: SetLevel | Exclude
    span: Span = _span()
    discretionary: bool = False


@dataclass(frozen=True)
class Restriction:
    """`levels` are only allowed when `condition` holds (severity 1 only via the portal)."""

    name: str
    title: str
    levels: tuple[str, ...]
    condition: Condition
    span: Span = _span()


@dataclass(frozen=True)
class DefaultLevel:
    """The level of a ticket that has none after the matrix and the rules."""

    level: str
    span: Span = _span()


@dataclass(frozen=True)
class Intake:
    """How a message becomes a case, or does not (documentation; not evaluated)."""

    name: str
    title: str
    via: tuple[str, ...]
    quoting: str | None
    outcome: Literal["joins_quoted_case", "no_case"] | None
    span: Span = _span()


@dataclass(frozen=True)
class Override:
    """Targets that depend on the ticket rather than on its plan and level (licensing requests:
    8 business hours on 24x5, whatever the plan). For every plan and level, a ticket that
    `condition` holds for gets `cells` (target → cell) in place of its plan's, counted on
    calendar `hours` when it is given (the ticket's support hours, then, for every target) and
    on the plan's support hours otherwise. The first override that holds applies; the others
    are ignored."""

    name: str
    title: str
    condition: Condition
    hours: str | None
    cells: tuple[tuple[str, Cell], ...]
    span: Span = _span()

    def targets(self) -> tuple[str, ...]:
        return tuple(target for target, _ in self.cells)


# ----------------------------------------------------------------------- plans


@dataclass(frozen=True)
class HoursChoice:
    """A plan's support hours: `calendar`, when `condition` holds (None = always)."""

    calendar: str
    condition: Condition | None = None
    span: Span = _span()


@dataclass(frozen=True)
class Extra:
    """Something else a plan includes; only for the customers `condition` holds for when it is
    given (documentation: extras are not evaluated)."""

    name: str
    text: str
    span: Span = _span()
    condition: Condition | None = None


CHANNEL_FIELD = "channel"
"""The field whose values a plan's `channels` list offers."""


@dataclass(frozen=True)
class Plan:
    """A support plan, aliases resolved: `same_as` names the plan it copies.

    `cells` maps (level, target) to a cell for every level × target of the policy; a cell the
    policy does not give is `NoTarget("undefined")` with the span of the place it is missing
    from.
    """

    name: str
    title: str
    channels: tuple[str, ...]
    hours: tuple[HoursChoice, ...]
    extras: tuple[Extra, ...]
    notes: tuple[str, ...]
    counts_in_support_hours: bool | None
    cells: tuple[tuple[tuple[str, str], Cell], ...]
    same_as: str | None = None
    all_targets: NoTarget | None = None
    span: Span = _span()
    add_on_to: tuple[str, ...] = ()
    """The plans this one is an add-on to (bought on top of one of them); empty for a plan of
    its own. An add-on's `cells` are its own: `undefined` where the base plan's apply."""
    base: str | None = None
    """In a combination (`combine`), the base plan the add-on is bought on."""
    channel_conditions: tuple[tuple[str, Condition], ...] = ()
    """Channels of `channels` offered only to the tickets one of their conditions holds for (a
    channel also listed without a condition has none here)."""

    def offers(self, channel: str, holds: Callable[[Condition], bool]) -> bool:
        """Whether the plan offers `channel` to a ticket; `holds` tells whether a condition holds
        for it."""
        if channel not in self.channels:
            return False
        conditions = [condition for name, condition in self.channel_conditions if name == channel]
        return not conditions or any(holds(condition) for condition in conditions)

    def cell(self, level: str, target: str) -> Cell:
        for key, cell in self.cells:
            if key == (level, target):
                return cell
        return NoTarget("undefined")


def combine(add_on: Plan, base: Plan) -> Plan:
    """What a customer of `base` who also has `add_on` gets. The add-on's cells replace the
    base plan's where it gives one (a deadline, `n/a` or `best effort`); where it gives none, the
    base plan's cell applies. Its support hours replace the base plan's when it has any (its
    cells in business time then count on them, and so do the base plan's). Channels and extras
    are the base plan's and then the add-on's; the notes are the add-on's. The result keeps the
    add-on's name and title, with `base` naming the base plan."""
    cells = tuple(
        (key, base.cell(*key) if isinstance(cell, NoTarget) and cell.kind == "undefined" else cell)
        for key, cell in add_on.cells
    )
    return Plan(
        name=add_on.name,
        title=add_on.title,
        channels=tuple(dict.fromkeys(base.channels + add_on.channels)),
        hours=add_on.hours or base.hours,
        extras=base.extras + tuple(e for e in add_on.extras if e not in base.extras),
        notes=add_on.notes,
        counts_in_support_hours=add_on.counts_in_support_hours,
        cells=cells,
        span=add_on.span,
        add_on_to=add_on.add_on_to,
        base=base.name,
        channel_conditions=_combined_conditions(base, add_on),
    )


def _combined_conditions(base: Plan, add_on: Plan) -> tuple[tuple[str, Condition], ...]:
    """The conditions on the channels of a combination: a channel either plan offers without a
    condition has none; otherwise it keeps the conditions of both plans (either suffices)."""
    unconditional = {
        name for plan in (base, add_on) for name in plan.channels if name not in dict(plan.channel_conditions)
    }
    return tuple(
        (name, condition)
        for plan in (base, add_on)
        for name, condition in plan.channel_conditions
        if name not in unconditional
    )



# ----------------------------------------------------------------------- examples


@dataclass(frozen=True)
class Expectation:
    """One expected outcome of a worked example.

    kind: "level" (value = level name), "due" (value = ISO 8601 instant as written),
    "status" (value = status), "trace" (value = rule name); for one cycle of a target (`cycle`
    its number from 1): "cycle_status", "cycle_due", "cycle_elapsed" and "cycle_paused" (value
    = seconds as text); "cycles" (value = how many cycles).
    """

    kind: Literal[
        "level", "due", "status", "trace", "cycles", "cycle_status", "cycle_due", "cycle_elapsed", "cycle_paused"
    ]
    subject: str
    value: str
    cycle: int | None = None
    span: Span = _span()


@dataclass(frozen=True)
class Example:
    """A worked example: the ticket as a JSON-ready mapping (a snapshot, or a history whose
    `events` are in `events`), `now`, and the expectations."""

    name: str
    title: str
    ticket: tuple[tuple[str, object], ...]
    now: str | None
    expectations: tuple[Expectation, ...]
    events: tuple[tuple[tuple[str, object], ...], ...] | None = None
    span: Span = _span()

    def input(self) -> dict[str, object]:
        """The ticket as JSON gives it: a snapshot's inputs, or a history with its events."""
        data = dict(self.ticket)
        if self.events is not None:
            data["events"] = [dict(event) for event in self.events]
        return data


# ----------------------------------------------------------------------- translations


@dataclass(frozen=True)
class Translation:
    """The policy's texts and names in one language: `texts` maps a text as written in the
    policy to its translation, `names` maps a name (a field, a value of every field, or
    `field.value`) to the words it reads as."""

    language: str
    texts: tuple[tuple[str, str], ...] = ()
    names: tuple[tuple[str, str], ...] = ()
    span: Span = _span()

    def text(self, original: str) -> str | None:
        return next((translated for key, translated in self.texts if key == original), None)

    def name(self, identifier: str, field: str | None = None) -> str | None:
        """The words for a name: `field.value` first when a field is given, then the name."""
        keys = ([f"{field}.{identifier}"] if field is not None else []) + [identifier]
        found = dict(self.names)
        return next((found[key] for key in keys if key in found), None)


# ----------------------------------------------------------------------- policy


@dataclass(frozen=True)
class Policy:
    """A resolved policy."""

    id: str
    title: str
    path: str
    source_sha256: str
    source: str | None
    language: str
    contacts: tuple[tuple[str, str], ...]
    supported: tuple[str, ...]
    unsupported: tuple[str, ...]
    notes: tuple[str, ...]
    scale: Scale
    fields: tuple[Field, ...]
    matrix: Matrix | None
    calendars: tuple[Calendar, ...]
    statuses: tuple[Status, ...]
    targets: tuple[Target, ...]
    plans: tuple[Plan, ...]
    rules: tuple[Rule, ...]
    restrictions: tuple[Restriction, ...]
    default: DefaultLevel | None
    intakes: tuple[Intake, ...]
    examples: tuple[Example, ...]
    assumptions: tuple[Assumption, ...]
    span: Span = _span()
    translations: tuple[Translation, ...] = ()
    overrides: tuple[Override, ...] = ()
    """Targets that depend on the ticket, in declaration order (the first that holds applies)."""

    def translation(self, language: str) -> Translation | None:
        return next((t for t in self.translations if t.language == language), None)

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    @property
    def channel_field(self) -> Field | None:
        """The field `channel` (how the ticket came in), which plans' `channels` lists name the
        values of; None when the policy does not declare it."""
        return next((f for f in self.fields if f.name == CHANNEL_FIELD), None)

    def calendar(self, name: str) -> Calendar:
        return next(c for c in self.calendars if c.name == name)

    def plan(self, name: str) -> Plan:
        return next(p for p in self.plans if p.name == name)

    def combinations(self) -> tuple[Plan, ...]:
        """Every add-on on every plan it is an add-on to (see `combine`), in declaration order."""
        return tuple(combine(plan, self.plan(base)) for plan in self.plans for base in plan.add_on_to)

    @property
    def has_add_ons(self) -> bool:
        return any(plan.add_on_to for plan in self.plans)

    def target(self, name: str) -> Target:
        return next(t for t in self.targets if t.name == name)
