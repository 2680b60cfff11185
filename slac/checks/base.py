"""What every check works with: the `Context` it reads and the `Finding`s it yields.

A check yields findings (what, where, how to fix); `run_checks` turns them into diagnostics with
the check's code and severity, so a check cannot report under the wrong code. The context
computes the analyses several checks share (worst-case waits, the rules' situations) once.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property

from slac.checks.durations import worst_case
from slac.checks.situations import RuleSpace, Sets, Simulation, simulate
from slac.diagnostics import Diagnostic, Related, Severity
from slac.model.hours import (
    HoursCoverage,
    HoursSituation,
    fields_tested_missing,
    first_hours_line,
    hours_coverage,
    hours_fields,
)
from slac.model.types import Calendar, Cell, Level, Override, Plan, Policy, Timed
from slac.syntax.span import Span


@dataclass(frozen=True)
class Finding:
    """One thing a check found: a message, where, how to fix it, and other places involved."""

    message: str
    span: Span
    help: str | None = None
    related: tuple[Related, ...] = ()

    def diagnostic(self, code: str, severity: Severity) -> Diagnostic:
        """This finding reported under a check's code and severity."""
        return Diagnostic(
            code, severity, self.message, self.span, self.help, self.related
        )


@dataclass(frozen=True)
class Context:
    """A resolved policy and the analyses of it that checks share, each computed on first use."""

    policy: Policy
    _waits: dict[tuple[str, str, str], int | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _coverage: dict[str, HoursCoverage] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @cached_property
    def calendars(self) -> dict[str, Calendar]:
        return {calendar.name: calendar for calendar in self.policy.calendars}

    @cached_property
    def levels(self) -> dict[str, Level]:
        return {level.name: level for level in self.policy.scale.levels}

    @cached_property
    def tier_plans(self) -> tuple[Plan, ...]:
        """Plans with targets of their own, in declaration order (lowest tier first); aliases
        (`same as`) repeat another plan's cells and are left out, and so are add-ons, which are
        bought on top of a base plan and compared with it alone (SLA315)."""
        return tuple(plan for plan in self.policy.plans if plan.same_as is None and not plan.add_on_to)

    @cached_property
    def cell_plans(self) -> tuple[Plan, ...]:
        """The plans whose own cells the checks of single cells and of one plan's levels read:
        the tier plans, then each add-on with its own cells, on its own support hours or, when
        it has none, on those of the first plan it is bought on."""
        add_ons = []
        for plan in self.policy.plans:
            if plan.add_on_to and plan.same_as is None:
                hours = plan.hours or self.policy.plan(plan.add_on_to[0]).hours
                add_ons.append(replace(plan, hours=hours))
        return self.tier_plans + tuple(add_ons)

    @cached_property
    def rule_space(self) -> RuleSpace:
        return RuleSpace.of(self.policy)

    @cached_property
    def rule_sets(self) -> tuple[Sets, ...]:
        """Each rule's condition as the values it allows per subject, in rule order."""
        return tuple(self.rule_space.sets(rule.condition) for rule in self.policy.rules)

    @cached_property
    def rule_exact(self) -> tuple[bool, ...]:
        """Per rule, whether its `rule_sets` entry is exact (conditions with `or` or `not`
        across clauses are bounded by their sets, not described by them)."""
        return tuple(self.rule_space.exact(rule.condition) for rule in self.policy.rules)

    @cached_property
    def simulation(self) -> Simulation | None:
        """Every situation run through the rules, or None when there are too many to enumerate."""
        return simulate(self.policy, self.rule_space)

    def cells(self, plan: Plan) -> dict[tuple[str, str], Cell]:
        return dict(plan.cells)

    @cached_property
    def hours_space(self) -> RuleSpace:
        """The rules' situations, with the fields and values the plans' hours lines test."""
        conditions = [c.condition for plan in self.policy.plans for c in plan.hours if c.condition is not None]
        return RuleSpace.of(self.policy, conditions)

    @cached_property
    def hours_simulation(self) -> Simulation | None:
        """Every situation run through the rules in `hours_space`, with the tickets they
        produce; None when there are too many to enumerate."""
        return simulate(self.policy, self.hours_space, finals=True)

    def hours_coverage(self, plan: Plan) -> HoursCoverage:
        """Which of the plan's hours lines each ticket the rules can produce gets (memoised):
        a level the rules always change for some fields is not counted with those fields.
        Without a simulation, every level with every field value."""
        if plan.name not in self._coverage:
            conditional = any(choice.condition is not None for choice in plan.hours)
            simulation = self.hours_simulation if conditional else None
            if simulation is None:
                self._coverage[plan.name] = hours_coverage(self.policy, plan)
            else:
                self._coverage[plan.name] = self._produced_coverage(plan, simulation)
        return self._coverage[plan.name]

    def _produced_coverage(self, plan: Plan, simulation: Simulation) -> HoursCoverage:
        tested = [name for name in self.hours_space.fields if name in hours_fields(plan)]
        missing_matters = fields_tested_missing(plan)
        positions = {name: index for index, name in enumerate(self.hours_space.fields)}
        situations: dict[HoursSituation, None] = {}
        for assignment, level in sorted(simulation.finals, key=lambda f: (f[1], [str(v) for v in f[0]])):
            fields = tuple((name, assignment[positions[name]]) for name in tested)
            if any(value is None and name not in missing_matters for name, value in fields):
                continue  # a required input not given: evaluation asks for it by name
            situation = HoursSituation(level, fields, first_hours_line(plan, level, dict(fields)))
            situations[situation] = None
        ordered = sorted(situations, key=lambda s: (self.policy.scale.names.index(s.level), [str(v) for _, v in s.fields]))
        return HoursCoverage(plan, tuple(ordered))

    def level_calendars(self, plan: Plan, level: str) -> list[Calendar]:
        """The calendars of `plan` that tickets of `level` can get, in line order."""
        names = [plan.hours[index].calendar for index in self.hours_coverage(plan).choices_for(level)]
        return [self.calendars[name] for name in dict.fromkeys(names) if name in self.calendars]

    def wait(self, plan: Plan, level: str, target: str, cell: Timed) -> int | None:
        """The worst-case real wait of a plan's cell, in minutes, on the calendars tickets of
        that level can get (memoised)."""
        key = (plan.name, level, target)
        if key not in self._waits:
            choices = self.hours_coverage(plan).choices_for(level)
            hours = [plan.hours[index].calendar for index in choices]
            self._waits[key] = worst_case(cell, plan, self.calendars, hours)
        return self._waits[key]

    def override_calendars(self, override: Override) -> list[Calendar]:
        """The calendars an override's business time can count on: its own `hours`, or else
        the support hours of every plan with cells (its tickets keep their plan's)."""
        if override.hours is not None:
            names = [override.hours]
        else:
            names = [choice.calendar for plan in self.cell_plans for choice in plan.hours]
        return [self.calendars[name] for name in dict.fromkeys(names) if name in self.calendars]

    def level_words(self, level: str) -> str:
        """`severity 1`, `priority P1`: a level as a policy author says it (`every ticket` in a
        policy without levels)."""
        if self.policy.scale.implicit:
            return "every ticket"
        return f"{self.policy.scale.name} {level}"
