"""The reference interpreter: evaluates tickets directly on a resolved Policy model.

`slac eval` runs it, `slac build` runs the policies' worked examples with it, and the tests use
it to cross-check every generated module. It is written for clarity, not speed. It shares with
the generated modules the policy-independent runtime (reading inputs, the cycle engine, the
result types), never the classification below, which each computes its own way.

Semantics (the README's "Evaluation" section says the same):

1. **Inputs.** See `slac.runtime.evaluation`: `plan` and `opened_at` are required; the level
   under the scale's name, each declared field (absent → its default), the reply/response
   instants (aware, not before `opened_at`, in the years `FIRST_YEAR`–`LAST_YEAR` like `now`),
   and the customer's `timezone`, `country` and `subdivision`. Anything invalid is a
   `TicketError` naming the input.
2. **Level**, every step recorded in the trace: the level given on the ticket; else the
   matrix cell of the two fields when both have a value. Then the rules in declaration order,
   each applied at most once and seeing the level the ones before left: a clause on a field
   `is` holds when its value (or default) is one of the values, `is not` when it has a value
   and it is none of them, `missing` when it has no value and no default; a clause on the
   level tests the current level the same way. `then <scale> X` sets the level; `then no
   guaranteed response` excludes the ticket. A discretionary rule (`then <scale> may become X`)
   applies only when the ticket says support applied it: a snapshot names it in
   `applied_rules` (and is refused when its condition does not hold), a history by an agent's
   level change to X while its condition holds (`slac.runtime.replay`); its trace step is
   "discretion". Then the default level if there is still none;
   a ticket without a level after that is a `TicketError`. A policy without levels takes no
   level and traces none: every ticket has its one level.
3. **Restrictions**: a final level listed by a restriction whose condition does not hold is
   kept; the trace (step "restriction") and `violations` name the restriction.
4. **Plan**: an add-on (`add-on to`) needs `base_plan`, one of the plans it is bought on, and
   works on their combination (`slac.model.types.combine`; trace step "add_on"). A ticket that
   came by a channel its plan does not offer (with the channel's condition, if any) is traced
   (step "channel") and kept. An alias (`same as`) keeps its own name and uses the other
   plan's targets and hours (trace step "plan"). **Support hours**: the first `hours` line whose condition holds
   (a conditional choice is traced as step "hours"); a plan whose lines all have conditions
   and none holds is a `TicketError` naming the input the first condition tests. The chosen
   calendar is bound to the customer: in the customer's zone it needs `timezone`, closed on
   the customer's holidays it needs `country`. Plans without hours have none.
   **Overrides**: the first `override` whose condition holds (trace step "override") replaces
   the cells of the targets it names, for every plan and level, and, when it gives `hours`,
   the ticket's support hours (bound to the customer like a plan's).
5. **Targets**: the ticket — a history, or the history its snapshot implies — is replayed by
   the runtime's one cycle engine (`slac.runtime.replay`, `slac.runtime.cycles`), which this
   interpreter feeds with its own classification at every event (`Interpreter.situation`: level,
   trace, support hours and the row of cells); see TIMELINES.md and the README's "Ticket
   histories" for cycles, pauses, goals and statuses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from slac.model import types as m
from slac.runtime import Calendar as RuntimeCalendar
from slac.runtime import CalendarError, LruCache
from slac.runtime.caches import remember
from slac.runtime.evaluation import Evaluation, Situation, SupportHours, TimedCell, TraceEntry
from slac.runtime.inputs import (
    APPLIED_RULES,
    CUSTOMER_INPUTS,
    TIME_INPUTS,
    TicketError,
    check_applied,
    check_inputs,
    missing_customer_input,
    parse_applied_rules,
    parse_base_plan,
    parse_boolean,
    parse_customer,
    parse_later_instant,
    parse_level,
    parse_now,
    parse_plan,
    parse_value,
    require_instant,
)
from slac.runtime.history import HistorySpec, is_history, read_history
from slac.runtime.replay import PolicyClocks, evaluate_history, evaluate_snapshot

__all__ = [
    "Interpreter",
    "evaluate",
    "ticket_inputs",
]


# ----------------------------------------------------------------------------- words shared with codegen


def ticket_inputs(policy: m.Policy) -> tuple[str, ...]:
    """The names a ticket of this policy may give, in the order they are read and listed.

    Raises ValueError when a field's name collides with a fixed input (the resolver reserves
    some of them; `opened_at` and the other instants must not be fields either).
    """
    plan = ("plan", "base_plan") if policy.has_add_ons else ("plan",)
    level = () if policy.scale.implicit else (policy.scale.name,)  # a policy without levels takes none
    applied = (APPLIED_RULES,) if discretionary_rules(policy) else ()
    fixed = (*plan, *level, *TIME_INPUTS, *CUSTOMER_INPUTS, *applied)
    for field in policy.fields:
        if field.name in fixed:
            raise ValueError(f"field `{field.name}` has the name of a ticket input; rename the field")
    return (*plan, *level, *(f.name for f in policy.fields), *TIME_INPUTS, *CUSTOMER_INPUTS, *applied)


def discretionary_rules(policy: m.Policy) -> tuple[str, ...]:
    """The rules support may apply at its discretion, in declaration order."""
    return tuple(rule.name for rule in policy.rules if rule.discretionary)


def plan_key(plan: str, base_plan: str | None) -> str:
    """The key of a plan's cells and hours: its name, or for an add-on `add-on+base` (a `+`
    is in no name, so the keys cannot collide)."""
    return plan if base_plan is None else f"{plan}+{base_plan}"


def effective_plans(policy: m.Policy) -> dict[str, m.Plan]:
    """Every plan a ticket can be on, by `plan_key`: the plans of their own and aliases, and each
    add-on combined with each plan it is bought on."""
    plans = {plan.name: plan for plan in policy.plans if not plan.add_on_to}
    plans.update({plan_key(c.name, c.base): c for c in policy.combinations()})
    return plans


def add_ons(policy: m.Policy) -> dict[str, tuple[str, ...]]:
    """Each add-on plan with the plans it may be bought on."""
    return {plan.name: plan.add_on_to for plan in policy.plans if plan.add_on_to}


def describe_clause(clause: m.Clause) -> str:
    """E.g. "environment is staging or development", "channel is not portal", "region is missing"."""
    if clause.operator == "missing":
        return f"{clause.subject} is missing"
    negation = " not" if clause.operator == "is_not" else ""
    return f"{clause.subject} is{negation} {' or '.join(clause.values)}"


def describe_condition(condition: m.Condition) -> str:
    """The condition in words as written, e.g. "severity is 1 or (region is eu and channel is phone)"."""
    return describe_expression(condition.expression)


def describe_expression(expression: m.Expression, nested: bool = False) -> str:
    """`expression` in words; an `and` or `or` inside another operator is parenthesised, so
    the reader need not know the precedence."""
    if isinstance(expression, m.Clause):
        return describe_clause(expression)
    if isinstance(expression, m.Not):
        return "not " + describe_expression(expression.operand, True)
    joint = " or " if isinstance(expression, m.AnyOf) else " and "
    text = joint.join(describe_expression(operand, True) for operand in expression.operands)
    return f"({text})" if nested else text


def describe_restriction(restriction: m.Restriction, scale: str) -> str:
    """The restriction's title and what it allows, e.g. "… (severity 1 only when channel is portal)"."""
    levels = " or ".join(restriction.levels)
    return f"{restriction.title} ({scale} {levels} only when {describe_condition(restriction.condition)})"


def channels_detail(plan: m.Plan) -> str:
    """The plan and what it offers, for the trace of a ticket that came by another channel:
    "plan basic (channels: email, online_ticketing, phone when deployment is self_managed)"."""
    words = []
    for channel in plan.channels:
        conditions = [describe_condition(c) for name, c in plan.channel_conditions if name == channel]
        words.append(channel + (f" when {' or '.join(conditions)}" if conditions else ""))
    return f"plan {plan.name} (channels: {', '.join(words)})"


def checks_channel(policy: m.Policy, plan: m.Plan) -> bool:
    """Whether tickets on `plan` have their `channel` checked against the plan's channels: the
    policy declares the field and the plan lists its channels."""
    return policy.channel_field is not None and bool(plan.channels)


def cell_words(cell: m.Cell) -> str:
    """A cell as written (`8 business hours`), or the kind of a cell without a deadline."""
    return cell.text if isinstance(cell, m.Timed) else cell.kind.replace("_", " ")


def override_detail(override: m.Override) -> str:
    """Why an override applies and what it sets, for the trace: "Licensing and renewals, because
    type is licensing; in place of the plan's cells: initial_response 8 business hours; support
    hours: calendar weekdays"."""
    cells = ", ".join(f"{target} {cell_words(cell)}" for target, cell in override.cells)
    hours = "" if override.hours is None else f"; support hours: calendar {override.hours}"
    return (
        f"{override.title}, because {describe_condition(override.condition)}; "
        f"in place of the plan's cells: {cells}{hours}"
    )


def hours_choices_text(plan: m.Plan) -> str:
    """The plan's conditional support hours in words, for the error when none applies."""
    choices = "; ".join(
        f"calendar {choice.calendar} when {describe_condition(choice.condition)}"
        for choice in plan.hours
        if choice.condition is not None
    )
    return f"{choices}; give a value that chooses one"


def hours_subject(plan: m.Plan) -> str:
    """The input named by the error when no support hours of `plan` apply: the first one tested."""
    for choice in plan.hours:
        if choice.condition is not None and choice.condition.clauses:
            return choice.condition.clauses[0].subject
    return "plan"


def hours_subjects(plan: m.Plan) -> tuple[str, ...]:
    """Every input the plan's hours conditions test, in the order first written."""
    subjects: dict[str, None] = {}
    for choice in plan.hours:
        if choice.condition is not None:
            subjects.update(dict.fromkeys(clause.subject for clause in choice.condition.clauses))
    return tuple(subjects)


def hours_blamed(plan: m.Plan, scale: str) -> str:
    """The input an error names when several inputs choose the plan's support hours and none
    applies: the first field the conditions test (the level is the policy's, not the ticket's)."""
    subjects = hours_subjects(plan)
    return next((subject for subject in subjects if subject != scale), subjects[0])


def no_hours_message(plan: m.Plan, plan_name: str, tested: str) -> str:
    """The error message when the inputs of a ticket choose none of the plan's support hours
    and the conditions test several inputs (`tested`: each with its value), then the lines,
    e.g. "no support hours of plan basic apply to a ticket with severity '2', region 'us': …"."""
    return f"no support hours of plan {plan_name} apply to a ticket with {tested}: " + hours_choices_text(plan)


def hours_missing_message(plan: m.Plan, plan_name: str, subject: str | None = None) -> str:
    """The error message when the input that chooses the plan's support hours (`subject`, by
    default the first tested) is not given, e.g. "is required for plan basic (its support
    hours depend on it); accepted: global, …"."""
    subject = subject or hours_subject(plan)
    accepted: dict[str, None] = {}
    for choice in plan.hours:
        if choice.condition is not None:
            for clause in choice.condition.clauses:
                if clause.subject == subject and clause.operator == "is":
                    accepted.update(dict.fromkeys(clause.values))
    listing = f"accepted: {', '.join(accepted)}" if accepted else hours_choices_text(plan)
    return f"is required for plan {plan_name} (its support hours depend on it); {listing}"


def hours_error(plan: m.Plan, value: object, plan_name: str) -> TicketError:
    """The error for a ticket whose inputs choose none of the plan's support hours: the input
    the first condition tests is missing, or its value (as validated) chooses none."""
    if value is None:
        return TicketError(hours_subject(plan), hours_missing_message(plan, plan_name))
    return TicketError(
        hours_subject(plan),
        f"{value!r} chooses no support hours of plan {plan_name}: " + hours_choices_text(plan),
    )


def no_level_message(policy: m.Policy) -> str:
    """The error message for a ticket that ends up without a level."""
    scale = policy.scale
    derived = ""
    if policy.matrix is not None:
        derived = f" or derived from {policy.matrix.row_field} and {policy.matrix.column_field}"
    return (
        f"is required: no {scale.name} was given{derived}, and the policy has no default; "
        f"the levels are: {', '.join(scale.names)}"
    )


# ----------------------------------------------------------------------------- the interpreter


@dataclass(frozen=True)
class _Ticket:
    """A ticket's inputs, read and normalised: fields hold their value or default."""

    plan: str
    level: str | None
    fields: Mapping[str, str | None]
    instants: Mapping[str, datetime | None]
    timezone: str | None
    country: str | None
    subdivision: str | None
    applied: frozenset[str] = frozenset()
    """The discretionary rules support applied."""
    base_plan: str | None = None


SITUATIONS_KEPT = 4096
"""Situations an `Interpreter` keeps (a batch meets few distinct ones)."""


def history_spec(policy: m.Policy) -> HistorySpec:
    """What histories of `policy` may contain (shared with the Python generator)."""
    return HistorySpec(
        plans=tuple(plan.name for plan in policy.plans),
        scale=policy.scale.name,
        levels=policy.scale.names,
        fields={field.name: field.values for field in policy.fields},
        booleans=frozenset(field.name for field in policy.fields if field.boolean),
        defaults={field.name: field.default for field in policy.fields if field.default is not None},
        statuses=tuple(status.name for status in policy.statuses),
        solved=frozenset(status.name for status in policy.statuses if status.solved),
        add_ons=add_ons(policy) or None,
    )


def runtime_cell(cell: m.Cell) -> TimedCell | str:
    """A model cell as the runtime takes it: a `TimedCell`, or the kind of a cell without one."""
    if isinstance(cell, m.NoTarget):
        return cell.kind
    return TimedCell(
        due=timedelta(minutes=cell.due.minutes),
        business=cell.clock == "business",
        text=cell.text,
        due_days=cell.due.business_days,
        earliest=None if cell.earliest is None else timedelta(minutes=cell.earliest.minutes),
        earliest_days=0 if cell.earliest is None else cell.earliest.business_days,
        outside_hours=None if cell.outside_hours is None else timedelta(minutes=cell.outside_hours.minutes),
        due_support_days=cell.due.support_days,
        earliest_support_days=0 if cell.earliest is None else cell.earliest.support_days,
        due_months=cell.due.months,
        earliest_months=0 if cell.earliest is None else cell.earliest.months,
        strict=cell.strict,
    )


class Interpreter:
    """Evaluates tickets on one policy; keeps the policy's runtime calendars and their bindings,
    so evaluating many tickets computes each calendar's open time once."""

    def __init__(self, policy: m.Policy) -> None:
        self.policy = policy
        self.scale = policy.scale
        self.inputs = ticket_inputs(policy)
        self._accepted = dict.fromkeys(self.inputs)
        self._plans = {plan.name: plan for plan in policy.plans}
        self._effective = effective_plans(policy)
        self._situations: dict[tuple[object, ...], Situation] = {}
        self._add_ons = add_ons(policy)
        self._rows = {
            key: {
                level: tuple(runtime_cell(plan.cell(level, target.name)) for target in policy.targets)
                for level in self.scale.names
            }
            for key, plan in self._effective.items()
        }
        self._model_calendars = {calendar.name: calendar for calendar in policy.calendars}
        self._calendars: dict[str, RuntimeCalendar] = {}
        # the most recently used bindings to customers, bounded like generated modules' own
        self._hours: LruCache[tuple[str, str | None, str | None, str | None], SupportHours] = LruCache(4096)
        self.clocks = PolicyClocks(
            policy=policy.id,
            scale=self.scale.name,
            targets=tuple(target.name for target in policy.targets),
            clocks=tuple(target.clock() for target in policy.targets),
            not_started=tuple(target.not_started for target in policy.targets),
            spec=history_spec(policy),
            discretionary=discretionary_rules(policy),
            agent_agreement=policy.scale.agreement("agent"),
        )
        self._conditions = {rule.name: describe_condition(rule.condition) for rule in policy.rules}

    # ------------------------------------------------------------------ inputs

    def read(self, data: Mapping[str, Any]) -> _Ticket:
        """The ticket's inputs, validated in the order generated modules validate them."""
        data = check_inputs(data, self._accepted)
        plan = parse_plan(data.get("plan"), self._plans)
        base_plan = parse_base_plan(plan, data.get("base_plan"), self._add_ons)
        level = parse_level(self.scale.name, data.get(self.scale.name), self.scale.names)
        fields: dict[str, str | None] = {}
        for field in self.policy.fields:
            if field.boolean:
                fields[field.name] = parse_boolean(field.name, data.get(field.name), field.default)
            else:
                fields[field.name] = parse_value(field.name, data.get(field.name), field.values, field.default)
        opened_at = require_instant("opened_at", data.get("opened_at"))
        instants: dict[str, datetime | None] = {"opened_at": opened_at}
        for name in TIME_INPUTS[1:]:
            instants[name] = parse_later_instant(name, data.get(name), opened_at)
        zone, country, subdivision = parse_customer(data.get("timezone"), data.get("country"), data.get("subdivision"))
        applied = parse_applied_rules(data.get(APPLIED_RULES), self.clocks.discretionary)
        return _Ticket(plan, level, fields, instants, zone, country, subdivision, applied, base_plan)

    # ------------------------------------------------------------------ evaluation

    def evaluate(self, data: Mapping[str, Any], now: datetime | str | None = None) -> Evaluation:
        """Evaluate one ticket at `now` (default: the current time): a snapshot (a mapping of
        inputs, e.g. parsed JSON) or a history (a mapping with `events`)."""
        if is_history(data):
            history = read_history(data, self.clocks.spec)
            at = parse_now(now)
            base = _Ticket(history.plan, history.level, history.fields, {}, history.timezone, history.country,
                           history.subdivision, base_plan=history.base_plan)

            def situation_of(
                level: str | None, fields: Mapping[str, str | None], applied: frozenset[str] = frozenset()
            ) -> Situation:
                return self.situation(replace(base, level=level, fields=dict(fields), applied=applied))

            return evaluate_history(history, self.clocks, situation_of, at)
        ticket = self.read(data)
        at = parse_now(now)
        instants = ticket.instants
        opened_at = instants["opened_at"]
        assert opened_at is not None
        situation = self.situation(ticket)
        check_applied(ticket.applied, situation.trace, self._conditions)
        return evaluate_snapshot(opened_at, instants, self.clocks, situation, ticket.plan, at)

    def situation(self, ticket: _Ticket) -> Situation:
        """The policy's classification of the ticket as it stands (`classified`), once per
        distinct set of the inputs it reads: every input but the instants, which
        classification never reads (a history classifies without them). At most
        `SITUATIONS_KEPT` are kept."""
        key = (ticket.plan, ticket.level, tuple(ticket.fields.items()), ticket.timezone, ticket.country,
               ticket.subdivision, ticket.applied, ticket.base_plan)
        situation = self._situations.get(key)
        if situation is None:
            situation = remember(self._situations, key, self.classified(ticket), SITUATIONS_KEPT)
        return situation

    def classified(self, ticket: _Ticket) -> Situation:
        """The policy's classification of the ticket as it stands: level, trace, support hours
        and the row of cells of its plan and level."""
        trace: list[TraceEntry] = []
        level, excluded_by = self._classify(ticket, trace)
        self._restrictions(ticket, level, trace)
        key = plan_key(ticket.plan, ticket.base_plan)
        plan = self._effective[key]
        if plan.base is not None:
            trace.append(TraceEntry("add_on", level, plan.base, plan.span.line, detail=plan.name))
        channel = ticket.fields.get(m.CHANNEL_FIELD)
        offered = channel is None or plan.offers(channel, lambda condition: self._holds(condition, ticket, level))
        if checks_channel(self.policy, plan) and not offered:
            trace.append(TraceEntry("channel", level, channel, plan.span.line, detail=channels_detail(plan)))
        if plan.same_as is not None:
            trace.append(TraceEntry("plan", level, plan.same_as, plan.span.line))
        row = self._rows[key][level]
        override = next((o for o in self.policy.overrides if self._holds(o.condition, ticket, level)), None)
        if override is None:
            hours = self._support_hours(ticket, plan, level, trace)
            return Situation(level, tuple(trace), excluded_by, hours, row)
        trace.append(TraceEntry("override", level, override.name, override.span.line, detail=override_detail(override)))
        replaced = dict(override.cells)
        row = tuple(
            runtime_cell(replaced[target.name]) if target.name in replaced else cell
            for target, cell in zip(self.policy.targets, row)
        )
        if override.hours is not None:
            hours = self._bind(override.hours, ticket)
        else:
            hours = self._support_hours(ticket, plan, level, trace)
        return Situation(level, tuple(trace), excluded_by, hours, row)

    def _holds(self, condition: m.Condition, ticket: _Ticket, level: str | None) -> bool:
        return condition.holds(
            lambda clause: level if clause.subject_kind == "level" else ticket.fields.get(clause.subject)
        )

    def _classify(self, ticket: _Ticket, trace: list[TraceEntry]) -> tuple[str, TraceEntry | None]:
        """The final level and the rule that excluded the ticket, if any."""
        policy = self.policy
        level = ticket.level
        excluded_by: TraceEntry | None = None
        if level is not None:
            trace.append(TraceEntry("given", level))
        elif policy.matrix is not None:
            matrix = policy.matrix
            row = ticket.fields.get(matrix.row_field)
            column = ticket.fields.get(matrix.column_field)
            if row is not None and column is not None:
                derived = matrix.lookup(row, column)
                if derived is not None:
                    level = derived
                    detail = f"{matrix.row_field} {row} × {matrix.column_field} {column}"
                    trace.append(TraceEntry("matrix", level, line=matrix.span.line, detail=detail))
        for rule in policy.rules:
            if rule.discretionary and rule.name not in ticket.applied:
                continue
            if not self._holds(rule.condition, ticket, level):
                continue
            if isinstance(rule.action, m.SetLevel):
                step = "discretion" if rule.discretionary else "rule"
                trace.append(TraceEntry(step, rule.action.level, rule.name, rule.span.line, level, rule.title))
                level = rule.action.level
            else:
                entry = TraceEntry("exclude", level, rule.name, rule.span.line, detail=rule.title)
                trace.append(entry)
                if excluded_by is None:
                    excluded_by = entry
        if level is None and policy.default is not None:
            level = policy.default.level
            if not self.scale.implicit:  # a policy without levels has nothing to say about them
                trace.append(TraceEntry("default", level, line=policy.default.span.line))
        if level is None:
            raise TicketError(self.scale.name, no_level_message(policy))
        return level, excluded_by

    def _restrictions(self, ticket: _Ticket, level: str, trace: list[TraceEntry]) -> None:
        for restriction in self.policy.restrictions:
            if level in restriction.levels and not self._holds(restriction.condition, ticket, level):
                detail = describe_restriction(restriction, self.scale.name)
                trace.append(TraceEntry("restriction", level, restriction.name, restriction.span.line, detail=detail))

    def _support_hours(self, ticket: _Ticket, plan: m.Plan, level: str, trace: list[TraceEntry]) -> SupportHours | None:
        if not plan.hours:
            return None
        for choice in plan.hours:
            if choice.condition is None:
                return self._bind(choice.calendar, ticket)
            if self._holds(choice.condition, ticket, level):
                detail = describe_condition(choice.condition)
                trace.append(TraceEntry("hours", level, choice.calendar, choice.span.line, detail=detail))
                return self._bind(choice.calendar, ticket)
        subjects = hours_subjects(plan)
        values = [level if subject == self.scale.name else ticket.fields.get(subject) for subject in subjects]
        if len(subjects) > 1:
            blamed = hours_blamed(plan, self.scale.name)
            if blamed != self.scale.name and ticket.fields.get(blamed) is None:
                raise TicketError(blamed, hours_missing_message(plan, plan.name, blamed))
            tested = ", ".join(
                f"no {subject}" if value is None else f"{subject} {value!r}" for subject, value in zip(subjects, values)
            )
            raise TicketError(hours_blamed(plan, self.scale.name), no_hours_message(plan, plan.name, tested))
        raise hours_error(plan, values[0] if values else None, plan.name)

    def _bind(self, name: str, ticket: _Ticket) -> SupportHours:
        """Calendar `name`, bound to the ticket's customer when it needs their zone or country."""
        model = self._model_calendars[name]
        by_zone = model.timezone is None
        by_country = model.by_customer_country
        key = (
            name,
            ticket.timezone if by_zone else None,
            ticket.country if by_country else None,
            ticket.subdivision if by_country else None,
        )
        hours = self._hours.get(key)
        if hours is not None:
            return hours
        if by_zone and ticket.timezone is None:
            raise missing_customer_input("timezone", name)
        if by_country and ticket.country is None:
            raise missing_customer_input("country", name)
        calendar = self._calendars.get(name)
        if calendar is None:
            calendar = self._calendars[name] = model.runtime()
        try:
            bound = calendar.bind(timezone=key[1], country=key[2], subdivision=key[3])
        except CalendarError as error:
            raise TicketError("country" if by_country else "timezone", str(error)) from None
        hours = self._hours[key] = SupportHours.of(bound)
        return hours


_INTERPRETERS: list[Interpreter] = []


def evaluate(policy: m.Policy, ticket: Mapping[str, Any], now: datetime | str | None = None) -> Evaluation:
    """Evaluate `ticket` (a mapping of inputs, e.g. parsed JSON) under `policy` at `now`
    (aware datetime or ISO 8601 text; default: the current time). Raises TicketError for
    invalid input. Reuses the interpreter (and its calendars) of the last few policies."""
    for interpreter in _INTERPRETERS:
        if interpreter.policy is policy:
            break
    else:
        interpreter = Interpreter(policy)
        _INTERPRETERS.insert(0, interpreter)
        del _INTERPRETERS[8:]
    return interpreter.evaluate(ticket, now)
