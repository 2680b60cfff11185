"""Which of a plan's hours lines each ticket gets.

A plan's `hours` lines are tried in order and the first whose condition holds gives the
ticket's support hours; a last line without `when` is the fallback. Which line that is depends
only on the ticket's final level and the fields the conditions test, all finite, so every
situation (level × values of those fields) can be run through the lines. Values no condition
of the plan names behave alike, so one stands for all of them. A field without a default is
a required input of the plan (evaluation asks for it by name) unless a condition tests it for
`missing`: only then is its absence a situation the lines must cover.

The documents use this to compute each level's worst case on the calendars that level can
actually get, not on the plan's slowest. The checker runs the same lines (`first_hours_line`)
over the tickets the rules can produce (`slac.checks.base.Context.hours_coverage`), to find
tickets no line covers, lines no ticket reaches, and the calendars of each level.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from slac.model.types import Clause, Plan, Policy

SITUATION_LIMIT = 100_000
"""Most situations (levels × field values) enumerated for one plan."""


@dataclass(frozen=True)
class HoursSituation:
    """A ticket as the plan's hours conditions see it, and the line it gets (None: no line)."""

    level: str
    fields: tuple[tuple[str, str | None], ...]
    choice: int | None


@dataclass(frozen=True)
class HoursCoverage:
    """Every situation of one plan with the hours line it gets; `situations` is None when
    there are too many to enumerate (then every line counts as possible for every level)."""

    plan: Plan
    situations: tuple[HoursSituation, ...] | None

    def choices_for(self, level: str) -> tuple[int, ...]:
        """The indexes of the hours lines a ticket of `level` can get, in line order."""
        if self.situations is None:
            return tuple(range(len(self.plan.hours)))
        reached = {s.choice for s in self.situations if s.level == level and s.choice is not None}
        return tuple(sorted(reached))

    def uncovered(self) -> HoursSituation | None:
        """The first situation no line covers, if there is one."""
        if self.situations is None:
            return None
        return next((s for s in self.situations if s.choice is None), None)

    def unreachable(self) -> tuple[int, ...]:
        """The indexes of the lines no situation gets (earlier lines take all their tickets,
        or their condition can never hold)."""
        if self.situations is None:
            return ()
        reached = {s.choice for s in self.situations}
        return tuple(i for i in range(len(self.plan.hours)) if i not in reached)


def hours_coverage(policy: Policy, plan: Plan) -> HoursCoverage:
    """Run every situation of `plan` through its hours lines."""
    mentioned = hours_fields(plan)
    tested_missing = fields_tested_missing(plan)
    universes: list[tuple[str, tuple[str | None, ...]]] = []
    for field in policy.fields:
        if field.name not in mentioned:
            continue
        values: list[str | None] = [v for v in field.values if v in mentioned[field.name]]
        values += [v for v in field.values if v not in mentioned[field.name]][:1]
        if field.default is None and field.name in tested_missing:
            values.append(None)
        universes.append((field.name, tuple(values)))
    levels = policy.scale.names
    count = len(levels)
    for _, values in universes:
        count *= len(values)
    if count > SITUATION_LIMIT:
        return HoursCoverage(plan, None)
    situations = []
    for level in levels:
        for assignment in itertools.product(*(values for _, values in universes)):
            fields = tuple(zip((name for name, _ in universes), assignment))
            situations.append(HoursSituation(level, fields, first_hours_line(plan, level, dict(fields))))
    return HoursCoverage(plan, tuple(situations))


def hours_fields(plan: Plan) -> dict[str, set[str]]:
    """The fields the plan's hours conditions test, with the values they name."""
    mentioned: dict[str, set[str]] = {}
    for choice in plan.hours:
        if choice.condition is not None:
            for clause in choice.condition.clauses:
                if clause.subject_kind == "field":
                    mentioned.setdefault(clause.subject, set()).update(clause.values)
    return mentioned


def fields_tested_missing(plan: Plan) -> set[str]:
    """The fields an hours condition of the plan tests for `missing`: only for those is a
    missing value a situation the lines must cover (otherwise it is a required input)."""
    return {
        clause.subject
        for choice in plan.hours
        if choice.condition is not None
        for clause in choice.condition.clauses
        if clause.subject_kind == "field" and clause.operator == "missing"
    }


def level_calendars(policy: Policy, plan: Plan, level: str) -> tuple[str, ...]:
    """The names of the calendars tickets of `level` can get in `plan`, in line order."""
    coverage = hours_coverage(policy, plan)
    return tuple(dict.fromkeys(plan.hours[index].calendar for index in coverage.choices_for(level)))


def first_hours_line(plan: Plan, level: str, fields: dict[str, str | None]) -> int | None:
    """The index of the first hours line of `plan` whose condition holds, or None."""
    def value_of(clause: Clause) -> str | None:
        return level if clause.subject_kind == "level" else fields.get(clause.subject)

    for index, choice in enumerate(plan.hours):
        if choice.condition is None or choice.condition.holds(value_of):
            return index
    return None


def describe_situation(situation: HoursSituation, scale: str) -> str:
    """The situation in words: "severity 2 and region us", "severity 3 and no region"."""
    words = [f"{scale} {situation.level}"]
    words += [f"no {name}" if value is None else f"{name} {value}" for name, value in situation.fields]
    return " and ".join(words)
