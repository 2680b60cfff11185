"""The Python generator: one plain, typed evaluation module per policy.

The model is turned into a small view (Python expressions and literals, computed here) and
rendered by `templates/python.py.j2` with `StrictUndefined`, then formatted as the pinned
black formats it with one fixed `Style` (`slac.codegen.formatting`). Policy text reaches the
module only through `literal()` (Python's own `repr` escaping) and never appears in code or
comments: comments carry names (which the grammar limits to identifiers and numbers) and line
numbers only. Everything iterates in declaration order or sorted, so the same source gives the
same bytes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import jinja2

from slac import __version__
from slac.files import display_path
from slac.interpret import (
    describe_condition,
    add_ons,
    checks_channel,
    effective_plans,
    override_detail,
    channels_detail,
    describe_restriction,
    discretionary_rules,
    hours_choices_text,
    hours_missing_message,
    hours_subject,
    hours_blamed,
    hours_subjects,
    no_hours_message,
    no_level_message,
    ticket_inputs,
)
from slac.model import types as m
from slac.codegen.black_cache import Style
from slac.codegen.formatting import format_module
from slac.codegen.template_cache import TemplateCache
from slac.names import constant_suffix, python_attribute
from slac.options import BuildOptions
from slac.pipeline import Compilation
from slac.runtime import ExtraOpening, HolidaySource, PartialClosure, WeeklyInterval, YearlyClosure
from slac.runtime.cycles import TargetClock
from slac.runtime.inputs import APPLIED_RULES, CUSTOMER_INPUTS, TIME_INPUTS

MODULE_STYLE = Style(line_length=88, target_version="PY311")
"""The one formatting mode of generated modules (black is pinned in pyproject.toml)."""


def __getattr__(name: str) -> object:
    """`BLACK_MODE`: black's `Mode` for `MODULE_STYLE`, made on first use, for the tests that
    run black itself (generating a module does not import black)."""
    if name == "BLACK_MODE":
        return MODULE_STYLE.black_mode()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


TEMPLATES = Path(__file__).parent / "templates"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
def generate(compilation: Compilation, options: BuildOptions) -> dict[str, str]:
    """`{"<policy id>.py": module source}` for one compiled policy."""
    if compilation.policy is None:
        return {}
    policy = compilation.policy
    return {f"{policy.id}.py": render_module(policy, display_path(compilation.path))}


def render_module(policy: m.Policy, source_path: str, formatted: bool = True) -> str:
    """The formatted module for `policy`, whose source is named `source_path` in its header
    (printable, on one line: `slac.files.display_path`). `formatted=False` skips black (the
    same code, laid out as the template writes it), for tests that import thousands of modules."""
    view = _module_view(policy, source_path)
    text = _environment().get_template("python.py.j2").render(**view)
    return _format(text) if formatted else text


@lru_cache(maxsize=64)
def _format(text: str) -> str:
    """Black's output with the one fixed mode, its big tables laid out by
    `slac.codegen.formatting` (cached: a build and its check format the same text)."""
    return format_module(text, MODULE_STYLE)


# ----------------------------------------------------------------------------- literals


def literal(value: object) -> str:
    """Python source for a value built from policy data: escaped, so no text becomes code."""
    if value is None or isinstance(value, (bool, int)):
        return repr(value)
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, timedelta):
        return _timedelta_literal(value)
    if isinstance(value, date):
        return f"date({value.year}, {value.month}, {value.day})"
    if isinstance(value, frozenset):
        return f"frozenset({literal(tuple(sorted(value)))})" if value else "frozenset()"
    if isinstance(value, tuple):
        items = [literal(item) for item in value]
        return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
    if isinstance(value, list):
        return "[" + ", ".join(literal(item) for item in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, WeeklyInterval):
        return f"WeeklyInterval({value.start_day}, {value.start}, {value.end_day}, {value.end})"
    if isinstance(value, HolidaySource):
        arguments = [literal(value.country)]
        if value.subdivision is not None:
            arguments.append(literal(value.subdivision))
        if value.categories:
            arguments.append(f"categories={literal(tuple(value.categories))}")
        return f"HolidaySource({', '.join(arguments)})"
    if isinstance(value, PartialClosure):
        return f"PartialClosure({literal(value.day)}, {value.start}, {value.end})"
    if isinstance(value, ExtraOpening):
        return f"ExtraOpening({literal(value.day)}, {value.start}, {value.end})"
    if isinstance(value, YearlyClosure):
        return f"YearlyClosure({value.month}, {value.day}, {value.start}, {value.end})"
    raise TypeError(f"no Python literal for {type(value).__name__} {value!r}")


def _timedelta_literal(value: timedelta) -> str:
    minutes, remainder = divmod(value, timedelta(minutes=1))
    if remainder:
        raise ValueError(f"durations are whole minutes, got {value}")
    if minutes and minutes % 60 == 0:
        return f"timedelta(hours={minutes // 60})"
    return f"timedelta(minutes={minutes})"


def _minute(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=TemplateCache("python"),
    )
    environment.filters["py"] = literal
    return environment


# ----------------------------------------------------------------------------- the view


@dataclass(frozen=True)
class _Input:
    """One ticket input: its JSON name, its attribute and the expression that validates it."""

    name: str
    attribute: str
    annotation: str
    parse: str


@dataclass(frozen=True)
class _RuleView:
    name: str
    constant: str
    line: int
    condition: str
    set_level: str | None
    discretionary: bool = False


@dataclass(frozen=True)
class _RestrictionView:
    name: str
    constant: str
    line: int
    levels: tuple[str, ...]
    condition: str
    detail: str


@dataclass(frozen=True)
class _ChoiceView:
    calendar: str
    line: int
    condition: str | None
    condition_text: str | None
    hours: str


@dataclass(frozen=True)
class _HoursView:
    """Plans with the same support hours. When every choice has a condition, `error_value` is
    the expression of the input the first condition tests, `error_missing` the message when it
    is not given and `error_message` the expression of the message when it chooses none."""

    plans: tuple[str, ...]
    choices: tuple[_ChoiceView, ...]
    error_subject: str | None = None
    error_value: str | None = None
    error_missing: str | None = None
    error_message: str | None = None


@dataclass(frozen=True)
class _CalendarView:
    name: str
    line: int
    arguments: tuple[str, ...]
    by_zone: bool
    by_country: bool


@dataclass(frozen=True)
class _PlanTableView:
    plan: str
    constant: str
    rows: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class _ConditionalChannelView:
    """A channel a plan (by `plan_key`) offers only when one of `conditions` holds."""

    key: str
    channel: str
    line: int
    conditions: tuple[str, ...]


@dataclass(frozen=True)
class _OverrideView:
    """An override: its trace entries' constant, its condition, the hours expression (None:
    the plan's) and, per plan and level, the row of cells it makes."""

    name: str
    constant: str
    line: int
    condition: str
    detail: str
    hours: str | None
    rows: tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...]


@dataclass(frozen=True)
class _TargetView:
    name: str
    line: int
    clock: str


@dataclass(frozen=True)
class _FieldView:
    name: str
    attribute: str


def clock_literal(clock: TargetClock) -> str:
    """Python source for a target's clock; sets are written sorted, so the bytes are stable."""
    arguments = [f"starts={literal(clock.starts)}", f"stops={literal(clock.stops)}"]
    if clock.paused:
        arguments.append(f"paused={literal(clock.paused)}")
    if clock.unless_solved:
        arguments.append("unless_solved=True")
    if clock.on_reopen != "none":
        arguments.append(f"on_reopen={literal(clock.on_reopen)}")
    if clock.on_level_change != "keep":
        arguments.append(f"on_level_change={literal(clock.on_level_change)}")
    return f"TargetClock({', '.join(arguments)})"


def _module_view(policy: m.Policy, source_path: str) -> dict[str, Any]:
    scale = policy.scale
    names = ticket_inputs(policy)
    attributes = {name: python_attribute(name) for name in names}
    if len(set(attributes.values())) != len(attributes) or not all(a.isidentifier() for a in attributes.values()):
        # the resolver refuses such names (SLA101), so a policy that reaches here has none
        raise ValueError("two ticket inputs map to the same Python attribute; rename a field")

    def value_of(subject: str, kind: str) -> str:
        return "level" if kind == "level" else f"t.{attributes[subject]}"

    def clause_test(clause: m.Clause) -> str:
        subject = value_of(clause.subject, clause.subject_kind)
        if clause.operator == "missing":
            return f"{subject} is None"
        if clause.operator == "is":
            if len(clause.values) == 1:
                return f"{subject} == {literal(clause.values[0])}"
            return f"{subject} in {literal(tuple(clause.values))}"
        test = (
            f"{subject} != {literal(clause.values[0])}"
            if len(clause.values) == 1
            else f"{subject} not in {literal(tuple(clause.values))}"
        )
        return f"({subject} is not None and {test})"

    def expression(node: m.Expression) -> str:
        """A Python test of `node`; every compound operand is parenthesised."""
        if isinstance(node, m.Clause):
            return clause_test(node)
        if isinstance(node, m.Not):
            operand = node.operand
            if isinstance(operand, m.Clause) and operand.operator == "is":
                # `not region is eu` holds without a region, as `!=` and `not in` do
                subject = value_of(operand.subject, operand.subject_kind)
                if len(operand.values) == 1:
                    return f"{subject} != {literal(operand.values[0])}"
                return f"{subject} not in {literal(tuple(operand.values))}"
            return f"not ({expression(operand)})"
        joint = " or " if isinstance(node, m.AnyOf) else " and "
        return joint.join(
            f"({expression(o)})" if isinstance(o, (m.AllOf, m.AnyOf)) else expression(o) for o in node.operands
        )

    def condition(cond: m.Condition) -> str:
        return expression(cond.expression)

    # In `TICKET_INPUTS` order up to the instants, which the template writes out.
    inputs = [
        _Input("plan", "plan", "str", "parse_plan(plan, PLANS)"),
        *([_Input("base_plan", "base_plan", "str | None", "parse_base_plan(plan, base_plan, ADD_ONS)")] if policy.has_add_ons else []),
    ]
    if not scale.implicit:  # a policy without levels takes none
        level_attribute = attributes[scale.name]
        inputs.append(
            _Input(scale.name, level_attribute, "str | None", f"parse_level(SCALE, {level_attribute}, LEVELS)")
        )
    for field in policy.fields:
        attr = attributes[field.name]
        if field.boolean:
            parse = f"parse_boolean({literal(field.name)}, {attr}, {literal(field.default)})"
        else:
            parse = (
                f"parse_value({literal(field.name)}, {attr}, FIELDS[{literal(field.name)}], "
                f"{literal(field.default)})"
            )
        inputs.append(_Input(field.name, attr, "str | None", parse))

    calendars = []
    used_types = {"Calendar"}
    for calendar in policy.calendars:
        arguments = [f"timezone={literal(calendar.timezone)}"]
        weekly = []
        for interval in calendar.fixed_weekly:
            comment = (
                "always open"
                if interval.length_minutes == 7 * 1440
                else f"{WEEKDAYS[interval.start_day]} {_minute(interval.start)} to "
                f"{WEEKDAYS[interval.end_day]} {_minute(interval.end)}"
            )
            weekly.append(f"{literal(interval)},  # {comment}\n")
        if weekly:
            used_types.add("WeeklyInterval")
        arguments.append("weekly=(\n" + "".join(weekly) + ")")
        for keyword_name, values, type_name in (
            ("holidays", calendar.holidays, "HolidaySource"),
            ("closed_dates", calendar.closed_dates, "date"),
            ("partial_closures", calendar.partial_closures, "PartialClosure"),
            ("extra_openings", calendar.extra_openings, "ExtraOpening"),
            ("yearly_closures", calendar.yearly_closures, "YearlyClosure"),
        ):
            if values:
                arguments.append(f"{keyword_name}={literal(tuple(values))}")
                used_types.add(type_name)
                if type_name in ("PartialClosure", "ExtraOpening"):
                    used_types.add("date")
        if calendar.customer_holidays:
            arguments.append("customer_holidays=True")
        if calendar.customer_working_hours is not None:
            arguments.append(f"customer_working_hours={literal(calendar.customer_working_hours)}")
        calendars.append(
            _CalendarView(
                calendar.name,
                calendar.span.line,
                tuple(arguments),
                calendar.timezone is None,
                calendar.by_customer_country,
            )
        )
    calendar_by_name = {c.name: c for c in calendars}

    def hours_expression(name: str) -> str:
        view = calendar_by_name[name]
        if view.by_zone or view.by_country:
            return f"_customer_hours({literal(name)}, t, {view.by_zone}, {view.by_country})"
        return f"_HOURS[{literal(name)}]"

    # Plans with the same support hours share one branch; an add-on is there once per base plan.
    effective = effective_plans(policy)
    hours_views: list[_HoursView] = []
    for key, plan in effective.items():
        if not plan.hours:
            continue
        existing = next(
            (i for i, view in enumerate(hours_views) if effective[view.plans[0]].hours == plan.hours),
            None,
        )
        if existing is not None:
            view = hours_views[existing]
            hours_views[existing] = dataclasses.replace(view, plans=view.plans + (key,))
            continue
        choices = tuple(
            _ChoiceView(
                choice.calendar,
                choice.span.line,
                None if choice.condition is None else condition(choice.condition),
                None if choice.condition is None else describe_condition(choice.condition),
                hours_expression(choice.calendar),
            )
            for choice in plan.hours
        )
        view = _HoursView((key,), choices)
        subjects = hours_subjects(plan)
        if all(choice.condition is not None for choice in plan.hours) and len(subjects) > 1:
            # Says the same as `slac.interpret.no_hours_message`.
            prefix, _, rest = no_hours_message(plan, "\0", "\1").partition("\0")
            middle, _, suffix = rest.partition("\1")
            pieces = []
            for name in subjects:
                expression = value_of(name, "level" if name == scale.name else "field")
                pieces.append(
                    f"({literal(name + ' ')} + repr({expression}) if {expression} is not None else {literal('no ' + name)})"
                )
            tested = f" + {literal(', ')} + ".join(pieces)
            blamed = hours_blamed(plan, scale.name)
            if blamed != scale.name:
                before, _, after = hours_missing_message(plan, "\0", blamed).partition("\0")
                view = dataclasses.replace(
                    view,
                    error_value=value_of(blamed, "field"),
                    error_missing=f"{literal(before)} + t.plan + {literal(after)}",
                )
            view = dataclasses.replace(
                view,
                error_subject=blamed,
                error_message=f"{literal(prefix)} + t.plan + {literal(middle)} + {tested} + {literal(suffix)}",
            )
        elif all(choice.condition is not None for choice in plan.hours):
            # Says the same as `slac.interpret.hours_error`; plans sharing the branch differ
            # only in their name, which the messages take from the ticket.
            subject = hours_subject(plan)
            value = value_of(subject, "level" if subject == scale.name else "field")
            before, _, after = hours_missing_message(plan, "\0").partition("\0")
            view = dataclasses.replace(
                view,
                error_subject=subject,
                error_value=value,
                error_missing=f"{literal(before)} + t.plan + {literal(after)}",
                error_message=(
                    f"repr({value}) + {literal(' chooses no support hours of plan ')} + t.plan + "
                    f"{literal(': ' + hours_choices_text(plan))}"
                ),
            )
        hours_views.append(view)

    used_calendars = [c.calendar for plan in effective.values() for c in plan.hours]
    used_calendars += [o.hours for o in policy.overrides if o.hours is not None]
    fixed_hours = sorted(
        set(used_calendars)
        - {name for name, view in calendar_by_name.items() if view.by_zone or view.by_country}
    )
    customer_calendars = any(
        calendar_by_name[name].by_zone or calendar_by_name[name].by_country for name in used_calendars
    )

    tables = []
    table_constant: dict[str, str] = {}
    for position, (key, plan) in enumerate(effective.items()):
        if plan.same_as is not None:
            continue
        # an add-on on a base (`premier+standard`) is named by its position, like a non-ASCII name
        constant = f"_CELLS_{constant_suffix(key, position) if '+' not in key else position}"
        table_constant[key] = constant
        cells = dict(plan.cells)
        rows = tuple(
            (
                level.name,
                tuple(
                    _cell_literal(cells.get((level.name, target.name), m.NoTarget("undefined")))
                    for target in policy.targets
                ),
            )
            for level in scale.levels
        )
        tables.append(_PlanTableView(key, constant, rows))
    plan_tables = {
        key: table_constant[plan.same_as if plan.same_as is not None else key] for key, plan in effective.items()
    }
    rules = tuple(
        _RuleView(
            rule.name,
            f"_RULE_{constant_suffix(rule.name, position)}",
            rule.span.line,
            condition(rule.condition),
            rule.action.level if isinstance(rule.action, m.SetLevel) else None,
            rule.discretionary,
        )
        for position, rule in enumerate(policy.rules)
    )
    restrictions = tuple(
        _RestrictionView(
            r.name,
            f"_RESTRICTION_{constant_suffix(r.name, position)}",
            r.span.line,
            tuple(r.levels),
            condition(r.condition),
            describe_restriction(r, scale.name),
        )
        for position, r in enumerate(policy.restrictions)
    )
    overrides = []
    for position, o in enumerate(policy.overrides):
        replaced = dict(o.cells)
        rows = tuple(
            (
                key,
                tuple(
                    (
                        level.name,
                        tuple(
                            _cell_literal(replaced[t.name] if t.name in replaced else plan.cell(level.name, t.name))
                            for t in policy.targets
                        ),
                    )
                    for level in scale.levels
                ),
            )
            # an alias's rows are its plan's, under its own name
            for key, plan in ((k, policy.plan(p.same_as) if p.same_as is not None else p) for k, p in effective.items())
        )
        overrides.append(
            _OverrideView(
                o.name,
                f"_OVERRIDE_{constant_suffix(o.name, position)}",
                o.span.line,
                condition(o.condition),
                override_detail(o),
                None if o.hours is None else hours_expression(o.hours),
                rows,
            )
        )
    matrix = policy.matrix
    targets = tuple(_TargetView(t.name, t.span.line, clock_literal(t.clock())) for t in policy.targets)
    uses_timed = any(isinstance(cell, m.Timed) for plan in effective.values() for _, cell in plan.cells) or any(
        isinstance(cell, m.Timed) for o in policy.overrides for _, cell in o.cells
    )

    return {
        "version": __version__,
        "source_path": source_path,
        "policy": policy,
        "scale": scale,
        "scale_attribute": attributes.get(scale.name),
        "inputs": inputs,
        "instant_inputs": [attributes[n] for n in ("last_agent_reply_at", "last_customer_reply_at", "responded_at")],
        "attributes": attributes,
        "ticket_inputs": names,
        "levels": {level.name: level.title for level in scale.levels},
        "level_descriptions": {level.name: level.description for level in scale.levels},
        "plans": {plan.name: plan.title for plan in policy.plans},
        "targets": targets,
        "target_titles": {t.name: t.title for t in policy.targets},
        "statuses": {status.name: status.title for status in policy.statuses},
        "solved": frozenset(status.name for status in policy.statuses if status.solved),
        "not_started": tuple(t.not_started for t in policy.targets),
        "booleans": frozenset(f.name for f in policy.fields if f.boolean),
        "field_attributes": [_FieldView(f.name, attributes[f.name]) for f in policy.fields],
        "fields": {f.name: f.values for f in policy.fields},
        "defaults": {f.name: f.default for f in policy.fields if f.default is not None},
        "rule_titles": {r.name: r.title for r in policy.rules},
        "discretionary": discretionary_rules(policy),
        "agent_agreement": scale.agreement("agent"),
        "rule_conditions": {r.name: describe_condition(r.condition) for r in policy.rules if r.discretionary},
        "fixed_inputs": (*TIME_INPUTS, *CUSTOMER_INPUTS, *((APPLIED_RULES,) if discretionary_rules(policy) else ())),
        "classified_by": (
            *(input.attribute for input in inputs),
            *CUSTOMER_INPUTS,
            *((APPLIED_RULES,) if discretionary_rules(policy) else ()),
        ),
        "restriction_titles": {r.name: r.title for r in policy.restrictions},
        "matrix": matrix,
        "matrix_row": None if matrix is None else attributes[matrix.row_field],
        "matrix_column": None if matrix is None else attributes[matrix.column_field],
        "matrix_cells": {} if matrix is None else dict(matrix.cells),
        "rules": rules,
        "restrictions": restrictions,
        "overrides": overrides,
        "default": policy.default,
        "no_level_message": no_level_message(policy),
        "calendars": calendars,
        "fixed_hours": fixed_hours,
        "customer_calendars": customer_calendars,
        "hours_views": hours_views,
        "tables": tables,
        "plan_tables": plan_tables,
        "conditional_choices": [
            choice for view in hours_views for choice in view.choices if choice.condition is not None
        ],
        "aliases": {p.name: (p.same_as, p.span.line) for p in policy.plans if p.same_as is not None},
        "channel_attribute": None if policy.channel_field is None else attributes[m.CHANNEL_FIELD],
        "plan_channels": {
            key: (p.channels, p.span.line, channels_detail(p)) for key, p in effective.items() if checks_channel(policy, p)
        },
        "conditional_channels": [
            _ConditionalChannelView(
                key,
                channel,
                p.span.line,
                tuple(condition(c) for name, c in p.channel_conditions if name == channel),
            )
            for key, p in effective.items()
            if checks_channel(policy, p)
            for channel in dict.fromkeys(name for name, _ in p.channel_conditions)
        ],
        "add_ons": add_ons(policy),
        "add_on_steps": {key: (p.base, p.span.line, p.name) for key, p in effective.items() if p.base is not None},
        "plan_key": "_plan_key(t)" if policy.has_add_ons else "t.plan",
        "runtime_imports": sorted((used_types - {"date"}) | ({"CalendarError", "LruCache"} if customer_calendars else set())),
        "has_boolean": any(f.boolean for f in policy.fields),
        "has_values": any(not f.boolean for f in policy.fields),
        "uses_date": "date" in used_types,
        "uses_timed": uses_timed,
        "literal": literal,
    }


def _cell_literal(cell: m.Cell) -> str:
    if isinstance(cell, m.NoTarget):
        return literal(cell.kind)
    arguments = [
        f"due={literal(timedelta(minutes=cell.due.minutes))}",
        f"business={cell.clock == 'business'}",
        f"text={literal(cell.text)}",
    ]
    if cell.due.business_days:
        arguments.append(f"due_days={cell.due.business_days}")
    if cell.due.support_days:
        arguments.append(f"due_support_days={cell.due.support_days}")
    if cell.due.months:
        arguments.append(f"due_months={cell.due.months}")
    if cell.strict:
        arguments.append("strict=True")
    if cell.earliest is not None:
        arguments.append(f"earliest={literal(timedelta(minutes=cell.earliest.minutes))}")
        if cell.earliest.business_days:
            arguments.append(f"earliest_days={cell.earliest.business_days}")
        if cell.earliest.support_days:
            arguments.append(f"earliest_support_days={cell.earliest.support_days}")
        if cell.earliest.months:
            arguments.append(f"earliest_months={cell.earliest.months}")
    if cell.outside_hours is not None:
        arguments.append(f"outside_hours={literal(timedelta(minutes=cell.outside_hours.minutes))}")
    return f"TimedCell({', '.join(arguments)})"


