"""The typed syntax tree of a .sla file.

Every node is a frozen dataclass with a `span` that does not take part in equality, so two
trees compare equal when they say the same thing, wherever it was written. Blocks keep their
items in source order; the model stage sorts them out. Times of day are minutes after local
midnight (0..1440), weekdays are 0 = Monday .. 6 = Sunday.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal, TypeAlias

from slac.syntax.span import NO_SPAN, Span


@dataclass(frozen=True)
class Node:
    """Base of all syntax nodes: only the source span, which never affects equality."""

    span: Span = field(default=NO_SPAN, compare=False, repr=False, kw_only=True)


@dataclass(frozen=True)
class Assumption(Node):
    """A value the author had to interpret, with the text as published."""

    published: str


# ----------------------------------------------------------------------- policy header


@dataclass(frozen=True)
class Source(Node):
    """Where the published policy comes from."""

    text: str


@dataclass(frozen=True)
class Language(Node):
    """Language of the published text (ISO 639-1 code)."""

    code: str


@dataclass(frozen=True)
class Contact(Node):
    """A way to reach support: `contact email "support@example.com"`."""

    kind: str
    address: str


@dataclass(frozen=True)
class Supported(Node):
    """Something the policy says support covers."""

    text: str


@dataclass(frozen=True)
class Unsupported(Node):
    """Something the policy says support does not cover."""

    text: str


@dataclass(frozen=True)
class Note(Node):
    """Published prose that applies to the whole policy or plan."""

    text: str


PolicyItem: TypeAlias = Source | Language | Contact | Supported | Unsupported | Note


@dataclass(frozen=True)
class Policy(Node):
    """The policy header: `policy <id> "<title>"` and its details."""

    id: str
    title: str
    items: tuple[PolicyItem, ...] = ()


# ----------------------------------------------------------------------- scales


@dataclass(frozen=True)
class ChosenBy(Node):
    """Who chooses the level when a ticket is raised."""

    roles: tuple[str, ...]


@dataclass(frozen=True)
class ChangedBy(Node):
    """Who may change (override, reclassify) a level once chosen; `agreement` is the role whose
    agreement a change needs (`changed by agent with customer agreement`), if any."""

    roles: tuple[str, ...]
    agreement: str | None = None


@dataclass(frozen=True)
class Description(Node):
    """What a level means, in the policy's words."""

    text: str


@dataclass(frozen=True)
class Criterion(Node):
    """One criterion that puts a ticket at a level."""

    text: str


@dataclass(frozen=True)
class LevelExample(Node):
    """An example situation the policy gives for a level."""

    text: str


@dataclass(frozen=True)
class Obligation(Node):
    """What the customer commits to at a level ("stay available until it is resolved")."""

    text: str


LevelItem: TypeAlias = Description | Criterion | LevelExample | Obligation


@dataclass(frozen=True)
class Level(Node):
    """One level of a scale, most severe first: `level P1 "Critical"`."""

    name: str
    title: str
    items: tuple[LevelItem, ...] = ()


ScaleItem: TypeAlias = ChosenBy | ChangedBy | Level


@dataclass(frozen=True)
class Scale(Node):
    """The ordered levels of priority or severity, most severe first."""

    name: str
    title: str | None
    items: tuple[ScaleItem, ...]


# ----------------------------------------------------------------------- fields


@dataclass(frozen=True)
class FieldValues(Node):
    """The values a field may take."""

    values: tuple[str, ...]


@dataclass(frozen=True)
class FieldBoolean(Node):
    """The field is yes/no."""


@dataclass(frozen=True)
class FieldDefault(Node):
    """The value a ticket has when it does not give one."""

    value: str
    assumption: Assumption | None = None


FieldItem: TypeAlias = FieldValues | FieldBoolean | FieldDefault


@dataclass(frozen=True)
class Field(Node):
    """A property of a ticket that rules and calendars may test."""

    name: str
    title: str | None
    items: tuple[FieldItem, ...]


# ----------------------------------------------------------------------- matrix


@dataclass(frozen=True)
class MatrixRow(Node):
    """One row of a derivation matrix: the row field's value and a level per column."""

    value: str
    cells: tuple[str | None, ...]


@dataclass(frozen=True)
class Matrix(Node):
    """A level derived from two fields: `matrix priority` with `urgency \\ impact` rows.
    `header_span` locates the header line, which has no node of its own."""

    scale: str
    row_field: str
    column_field: str
    columns: tuple[str, ...]
    rows: tuple[MatrixRow, ...]
    header_span: Span = field(default=NO_SPAN, compare=False, repr=False, kw_only=True)


# ----------------------------------------------------------------------- calendars


@dataclass(frozen=True)
class TimeZone(Node):
    """The calendar's IANA time zone; `None` is the customer's own (`timezone local`)."""

    zone: str | None
    assumption: Assumption | None = None


@dataclass(frozen=True)
class DayRange(Node):
    """`mon` or `mon-fri`: weekdays 0 = Monday .. 6 = Sunday."""

    first: int
    last: int | None = None


@dataclass(frozen=True)
class OpenDays(Node):
    """`open mon-fri 08:00-17:00`; `days` is `None` for `daily`."""

    days: tuple[DayRange, ...] | None
    start: int
    end: int
    assumption: Assumption | None = None


@dataclass(frozen=True)
class OpenSpan(Node):
    """`open from mon 00:01 to fri 23:59`: one interval across days."""

    start_day: int
    start: int
    end_day: int
    end: int
    assumption: Assumption | None = None


@dataclass(frozen=True)
class OpenAlways(Node):
    """`open 24x7`."""

    assumption: Assumption | None = None


@dataclass(frozen=True)
class OpenCustomerDays(Node):
    """`open customer working days 09:00-17:00`: open on the working days of the customer's
    country (Sunday–Thursday in Israel), between `start` and `end`."""

    start: int
    end: int
    assumption: Assumption | None = None


@dataclass(frozen=True)
class OpenOnDate(Node):
    """`open on 2025-12-27 09:00-12:00`: extra opening on one date."""

    day: date
    start: int
    end: int
    assumption: Assumption | None = None


@dataclass(frozen=True)
class ClosedHolidays(Node):
    """`closed on public holidays of CZ`; `country` is `None` for the customer's country."""

    country: str | None
    subdivision: str | None = None
    categories: tuple[str, ...] = ()
    assumption: Assumption | None = None


@dataclass(frozen=True)
class ClosedOnDate(Node):
    """`closed on 2025-12-24` or `closed on 2025-12-24 from 12:00[-17:00]`."""

    day: date
    start: int | None = None
    end: int | None = None
    assumption: Assumption | None = None


@dataclass(frozen=True)
class ClosedYearly(Node):
    """`closed on dec 24` or `closed on dec 31 from 12:00[-17:00]`: every year."""

    month: int
    day: int
    start: int | None = None
    end: int | None = None
    assumption: Assumption | None = None


CalendarItem: TypeAlias = (
    TimeZone
    | OpenDays
    | OpenSpan
    | OpenAlways
    | OpenCustomerDays
    | OpenOnDate
    | ClosedHolidays
    | ClosedOnDate
    | ClosedYearly
)


@dataclass(frozen=True)
class Calendar(Node):
    """Support hours: a time zone, weekly open intervals and closed dates."""

    name: str
    title: str | None
    items: tuple[CalendarItem, ...]


# ----------------------------------------------------------------------- statuses


@dataclass(frozen=True)
class StatusDecl(Node):
    """`status on_hold "On hold"`; `status solved "Solved" is solved` marks a solved state."""

    name: str
    title: str | None
    solved: bool = False
    assumption: Assumption | None = None


# ----------------------------------------------------------------------- targets

TargetStart: TypeAlias = Literal["opened", "last_agent_reply", "last_customer_reply"]
StartEvent: TypeAlias = Literal["opened", "customer_message", "agent_reply", "status"]
StopEvent: TypeAlias = Literal["first_agent_reply", "next_agent_reply", "solved", "status"]


@dataclass(frozen=True)
class StartPhrase(Node):
    """`when the ticket is opened`, `at each customer message`, `at the first agent reply`,
    `each time the status becomes open`; `first` for "the first …" (`status` names the status)."""

    event: StartEvent
    first: bool = False
    status: str | None = None


@dataclass(frozen=True)
class StopPhrase(Node):
    """`at the first agent reply`, `at the next agent reply`, `when the ticket is solved`,
    `when the status becomes closed` (`status` names the status)."""

    event: StopEvent
    status: str | None = None


@dataclass(frozen=True)
class ClockStarts(Node):
    """`starts … or …`, optionally `unless the ticket is solved`."""

    phrases: tuple[StartPhrase, ...]
    unless_solved: bool = False
    assumption: Assumption | None = None


@dataclass(frozen=True)
class ClockStops(Node):
    """`stops … or …`."""

    phrases: tuple[StopPhrase, ...]
    assumption: Assumption | None = None


@dataclass(frozen=True)
class ClockPaused(Node):
    """`paused while waiting_on_customer or on_hold`."""

    statuses: tuple[str, ...]
    assumption: Assumption | None = None


@dataclass(frozen=True)
class ClockReopen(Node):
    """`a reopen continues the cycle` / `a reopen starts a new cycle`."""

    effect: Literal["continue", "new_cycle"]
    assumption: Assumption | None = None


@dataclass(frozen=True)
class ClockLevelChange(Node):
    """`a level change keeps the elapsed time` / `a level change starts a new cycle`."""

    effect: Literal["keep", "new_cycle"]
    assumption: Assumption | None = None


ClockItem: TypeAlias = ClockStarts | ClockStops | ClockPaused | ClockReopen | ClockLevelChange


@dataclass(frozen=True)
class Target(Node):
    """A named clock: the shorthand `from …` (`start`), or a body of clock items saying when
    it starts, stops and pauses and what a reopen and a level change do (`items`)."""

    name: str
    title: str | None
    start: TargetStart | None
    assumption: Assumption | None = None
    items: tuple[ClockItem, ...] = ()


# ----------------------------------------------------------------------- cells

Unit: TypeAlias = Literal[
    "minutes",
    "hours",
    "days",
    "weeks",
    "months",
    "business_minutes",
    "business_hours",
    "business_days",
    "support_days",
]


@dataclass(frozen=True)
class Duration(Node):
    """`4 business hours`, `30 minutes`, `1 hour (24/7)`."""

    amount: int
    unit: Unit
    around_the_clock: bool = False


@dataclass(frozen=True)
class Range(Node):
    """`24-72 hours`: the lower bound is the earliest promised contact."""

    low: int
    high: int
    unit: Unit
    around_the_clock: bool = False


@dataclass(frozen=True)
class TimedCell(Node):
    """A cell with a deadline, optionally `within` or strict (`under`, `less than`, `<`: met
    only before the deadline, not at it), optionally with an out-of-hours alternative."""

    deadline: Duration | Range
    within: bool = False
    outside_hours: Duration | None = None
    assumption: Assumption | None = None
    strict: str | None = None


@dataclass(frozen=True)
class NotApplicable(Node):
    """`n/a`: explicitly no guaranteed response (unlike an empty cell)."""

    assumption: Assumption | None = None
    text: str = "n/a"


@dataclass(frozen=True)
class BestEffort(Node):
    """`best effort`: no target, a response when staff are available."""

    assumption: Assumption | None = None


Cell: TypeAlias = TimedCell | NotApplicable | BestEffort


@dataclass(frozen=True)
class TableRow(Node):
    """A row of a targets table: the level and one cell per column (`None` = empty)."""

    level: str
    cells: tuple[Cell | None, ...]


@dataclass(frozen=True)
class Table(Node):
    """A targets table; `header[0]` names the scale, the rest are the columns."""

    header: tuple[str, ...]
    rows: tuple[TableRow, ...]


@dataclass(frozen=True)
class TargetsTable(Node):
    """Top-level table of one target: levels as rows, plans as columns."""

    target: str
    title: str | None
    table: Table


@dataclass(frozen=True)
class OverrideHours(Node):
    """`hours NAME` in an override: the support hours of the tickets it applies to."""

    calendar: str
    assumption: Assumption | None = None


@dataclass(frozen=True)
class OverrideCell(Node):
    """`initial_response 8 business hours` in an override: one target's cell."""

    target: str
    cell: Cell


@dataclass(frozen=True)
class Override(Node):
    """Targets that depend on the ticket, for every plan: when `condition` holds, the cells of
    `items` replace the plan's (on the override's hours, if it gives them)."""

    name: str
    title: str | None
    condition: Condition
    items: tuple[OverrideHours | OverrideCell, ...]


# ----------------------------------------------------------------------- plans


@dataclass(frozen=True)
class Channels(Node):
    """The channels a plan offers, to the tickets `condition` holds for when it is given
    (`channels phone when deployment is self_managed`)."""

    names: tuple[str, ...]
    condition: Condition | None = None


@dataclass(frozen=True)
class Condition(Node):
    """A test of the ticket: clauses combined with `and`, `or`, `not` and parentheses."""

    expression: Expression

    @property
    def clauses(self) -> tuple[Clause, ...]:
        """Every clause of the condition, in the order written."""
        return expression_clauses(self.expression)


@dataclass(frozen=True)
class Clause(Node):
    """`field is a or b`, `field is not a`, `field is missing`."""

    subject: str
    operator: Literal["is", "is_not", "missing"]
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class Not(Node):
    """`not …`: holds when its operand does not."""

    operand: Expression


@dataclass(frozen=True)
class AllOf(Node):
    """Operands joined by `and` (two or more, none of them itself an `AllOf`)."""

    operands: tuple[Expression, ...]


@dataclass(frozen=True)
class AnyOf(Node):
    """Operands joined by `or` (two or more, none of them itself an `AnyOf`)."""

    operands: tuple[Expression, ...]


Expression: TypeAlias = "Clause | Not | AllOf | AnyOf"


def expression_clauses(expression: Expression) -> tuple[Clause, ...]:
    """The clauses of `expression`, in the order written."""
    if isinstance(expression, Clause):
        return (expression,)
    if isinstance(expression, Not):
        return expression_clauses(expression.operand)
    return tuple(clause for operand in expression.operands for clause in expression_clauses(operand))


@dataclass(frozen=True)
class Hours(Node):
    """The calendar of a plan's support hours, optionally only `when` a condition holds."""

    calendar: str
    condition: Condition | None = None
    assumption: Assumption | None = None


@dataclass(frozen=True)
class Extra(Node):
    """Something else a plan includes: training, account manager, self-service; only for the
    customers `condition` holds for when it is given."""

    name: str
    text: str
    condition: Condition | None = None


@dataclass(frozen=True)
class SameAs(Node):
    """The plan is another plan under another name (trial customers get Premium)."""

    plan: str
    assumption: Assumption | None = None


@dataclass(frozen=True)
class PlanCell(Node):
    """`initial_response 4 business hours` in a plan: one target's cell, for every level (and
    the only way to give a target in a policy without levels)."""

    target: str
    cell: Cell


@dataclass(frozen=True)
class AddOnTo(Node):
    """`add-on to standard, enterprise`: the plan is bought on top of one of these."""

    plans: tuple[str, ...]
    assumption: Assumption | None = None


@dataclass(frozen=True)
class AllTargets(Node):
    """Every target of the plan is `best effort` or `n/a`."""

    cell: NotApplicable | BestEffort
    assumption: Assumption | None = None


@dataclass(frozen=True)
class CountTargets(Node):
    """Whether bare durations count in support hours or around the clock."""

    in_support_hours: bool
    assumption: Assumption | None = None


@dataclass(frozen=True)
class PlanTargets(Node):
    """A plan's own targets table: levels as rows, targets as columns."""

    table: Table


PlanItem: TypeAlias = (
    Channels | Hours | Extra | SameAs | AddOnTo | AllTargets | CountTargets | PlanTargets | PlanCell | Note
)


@dataclass(frozen=True)
class Plan(Node):
    """A support plan (tier)."""

    name: str
    title: str | None
    items: tuple[PlanItem, ...] = ()


# ----------------------------------------------------------------------- rules


@dataclass(frozen=True)
class DefaultLevel(Node):
    """`default priority 3`: the level of a ticket that still has none after the rules."""

    scale: str
    level: str
    assumption: Assumption | None = None


@dataclass(frozen=True)
class SetLevel(Node):
    """Action: set the ticket's level; `discretionary` when support *may* set it
    (`then priority may become 2`), which it does only where a ticket says so."""

    scale: str
    level: str
    discretionary: bool = False


@dataclass(frozen=True)
class NoGuarantee(Node):
    """Action: no target applies to the ticket (excluded)."""


@dataclass(frozen=True)
class Rule(Node):
    """`rule name`: when a condition holds, then an action."""

    name: str
    title: str | None
    condition: Condition
    action: SetLevel | NoGuarantee
    assumption: Assumption | None = None


@dataclass(frozen=True)
class Restriction(Node):
    """`restrict name`: some levels are only allowed when a condition holds."""

    name: str
    title: str | None
    scale: str
    levels: tuple[str, ...]
    condition: Condition


@dataclass(frozen=True)
class IntakeVia(Node):
    """The channels an intake rule is about."""

    channels: tuple[str, ...]


@dataclass(frozen=True)
class IntakeQuoting(Node):
    """A message quoting this kind of reference."""

    text: str


@dataclass(frozen=True)
class IntakeJoinsCase(Node):
    """The message is added to the quoted case."""


@dataclass(frozen=True)
class IntakeNoCase(Node):
    """The message does not open a case."""


IntakeItem: TypeAlias = IntakeVia | IntakeQuoting | IntakeJoinsCase | IntakeNoCase


@dataclass(frozen=True)
class Intake(Node):
    """How a message becomes (or does not become) a case."""

    name: str
    title: str | None
    items: tuple[IntakeItem, ...]


# ----------------------------------------------------------------------- examples


@dataclass(frozen=True)
class Instant(Node):
    """A written instant: `2025-03-07 16:30 Europe/Prague` or ISO 8601 with an offset."""

    text: str


@dataclass(frozen=True)
class ExamplePlan(Node):
    """The example ticket's plan, and for an add-on the plan it is bought on (`plan premier on
    standard`)."""

    plan: str
    base: str | None = None


@dataclass(frozen=True)
class ExampleInput(Node):
    """A level (`severity 1`) or a field value (`environment staging`) of the ticket."""

    name: str
    value: str


@dataclass(frozen=True)
class ExampleMissing(Node):
    """The ticket gives no value: `priority missing`."""

    name: str


ExampleTimeKind: TypeAlias = Literal[
    "opened", "agent_replied", "customer_replied", "responded", "now"
]


@dataclass(frozen=True)
class ExampleTime(Node):
    """`opened …`, `agent replied …`, `customer replied …`, `responded …`, `now …`."""

    kind: ExampleTimeKind
    instant: Instant


@dataclass(frozen=True)
class ExampleTimezone(Node):
    """The customer's time zone, for calendars in local time."""

    zone: str


@dataclass(frozen=True)
class ExampleCountry(Node):
    """The customer's country, for calendars closed on the customer's holidays."""

    code: str


@dataclass(frozen=True)
class ExampleSubdivision(Node):
    """The customer's subdivision (state, region), for holidays that differ by it."""

    code: str


@dataclass(frozen=True)
class ExampleApplied(Node):
    """`applied unavailable_1`: support applied this discretionary rule to the ticket."""

    rule: str


@dataclass(frozen=True)
class ExpectLevel(Node):
    """`expect priority 3`."""

    scale: str
    level: str


@dataclass(frozen=True)
class ExpectDue(Node):
    """`expect initial_response due 2025-03-10 08:30 Europe/Prague`."""

    target: str
    instant: Instant


ExpectedStatus: TypeAlias = Literal[
    "n/a", "best_effort", "excluded", "undefined", "met", "breached", "due", "paused", "cancelled"
]


@dataclass(frozen=True)
class ExpectStatus(Node):
    """`expect ongoing_response n/a`."""

    target: str
    status: ExpectedStatus


@dataclass(frozen=True)
class ExpectTrace(Node):
    """`expect trace mentions not_production`."""

    rule: str


TicketEventKind: TypeAlias = Literal[
    "opened", "agent_reply", "customer_reply", "agent_note", "customer_note", "system_message", "status", "change"
]


@dataclass(frozen=True)
class TicketEvent(Node):
    """One line of an example's `events`: an instant and what happened. `name` is the status
    (`status on_hold`, `opened in status on_hold`) or the level or field that changed
    (`severity 1`, `environment staging`, with `value`)."""

    instant: Instant
    kind: TicketEventKind
    name: str | None = None
    value: str | None = None


@dataclass(frozen=True)
class ExampleEvents(Node):
    """`events` and its lines: the example is a ticket history."""

    events: tuple[TicketEvent, ...]


@dataclass(frozen=True)
class ExpectCycleCount(Node):
    """`expect resolution cycles 2`."""

    target: str
    count: int


@dataclass(frozen=True)
class ExpectCycle(Node):
    """`expect resolution cycle 1 met`, `… cycle 1 due <instant>`, `… cycle 1 elapsed 3 hours`,
    `… cycle 1 paused 63 hours` (`aspect` says which; `amount` and `unit` for durations)."""

    target: str
    number: int
    aspect: Literal["status", "due", "elapsed", "paused"]
    status: ExpectedStatus | None = None
    instant: Instant | None = None
    amount: int | None = None
    unit: str | None = None


ExampleItem: TypeAlias = (
    ExamplePlan
    | ExampleInput
    | ExampleMissing
    | ExampleTime
    | ExampleTimezone
    | ExampleCountry
    | ExampleSubdivision
    | ExampleApplied
    | ExpectLevel
    | ExpectDue
    | ExpectStatus
    | ExpectTrace
    | ExampleEvents
    | ExpectCycleCount
    | ExpectCycle
)


@dataclass(frozen=True)
class Example(Node):
    """A worked example: a ticket and the outcome the policy promises for it."""

    name: str
    title: str | None
    items: tuple[ExampleItem, ...]


# ----------------------------------------------------------------------- translations


@dataclass(frozen=True)
class TranslationEntry(Node):
    """One line of a translation: a text as written (`is_name` False) or a name (`value` or
    `field.value`), and its words in the translation's language."""

    key: str
    text: str
    is_name: bool


@dataclass(frozen=True)
class Translation(Node):
    """`translation <language>`: the policy's texts and names in another language."""

    language: str
    entries: tuple[TranslationEntry, ...]


# ----------------------------------------------------------------------- file

Block: TypeAlias = (
    Policy
    | Scale
    | Field
    | Matrix
    | Calendar
    | StatusDecl
    | Target
    | Plan
    | TargetsTable
    | Override
    | DefaultLevel
    | Rule
    | Restriction
    | Intake
    | Example
    | Translation
)


@dataclass(frozen=True)
class Comment(Node):
    """A `#` comment; `own_line` when nothing but blanks precede it on its line."""

    line: int
    text: str
    own_line: bool


@dataclass(frozen=True)
class Document(Node):
    """A whole .sla file."""

    blocks: tuple[Block, ...]
    comments: tuple[Comment, ...] = field(default=(), compare=False)
