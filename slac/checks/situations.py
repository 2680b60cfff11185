"""The finite world the rules live in, and every situation in it run through the rules.

A ticket, as far as rules and restrictions can tell, is the value of each declared field (or
its absence) and its level. The fields' values are finite, so the rules can be analysed over
every situation, the way DMN tools check a decision table.

Two ways, the second a bound on the first:

- `RuleSpace` treats each condition as a set of situations: per subject (a field, or the
  level) the values its clauses allow. Whether a condition can hold, whether two conditions
  overlap, whether one implies another, is then exact set algebra per subject, at no cost.
- `simulate` runs every situation through the rules in declaration order (DESIGN.md "Level
  determination": the level from the ticket, or none, or from the matrix; each rule at most
  once, seeing the result of the ones before), which also sees what chains of rules do. It is
  only attempted while the situations are few enough (`SITUATION_LIMIT`, `STEP_LIMIT`).

Values no clause and no matrix mentions behave alike, so one stands for all of them; fields no
clause and no matrix mentions do not matter and are left out. That keeps the world small.

Clause semantics: `field is a or b` holds when the ticket's value, or the field's default, is
one of them; `is not` holds when a value (or default) is present and is none of them;
`missing` holds when there is no value and no default. Level clauses test the current level.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from slac.model.types import Clause, Condition, Policy, SetLevel, clause_holds

SITUATION_LIMIT = 200_000
"""Most situations (field values × initial levels) that `simulate` enumerates."""

STEP_LIMIT = 1_000_000
"""Most rule evaluations (situations × rules) that `simulate` spends."""

Value = str | None
"""A field value or level standing for its class; None is "absent" (no value, no level)."""

Subject = tuple[str, str]
"""("field", name) or ("level", scale name)."""

Sets = Mapping[Subject, frozenset[Value]]
"""A condition as the values it allows per constrained subject; unconstrained subjects allow all."""



@dataclass(frozen=True)
class RuleSpace:
    """The subjects that matter and the values each can take, one per class of values."""

    universes: Mapping[Subject, tuple[Value, ...]]
    fields: tuple[str, ...]
    level: Subject

    @classmethod
    def of(cls, policy: Policy, extra: Sequence[Condition] = ()) -> RuleSpace:
        """The space of the policy's rules, restrictions and overrides, and of `extra`
        conditions (the plans' hours lines, when the question is which hours the rules' results
        get)."""
        conditions = (
            [rule.condition for rule in policy.rules]
            + [r.condition for r in policy.restrictions]
            + [o.condition for o in policy.overrides]
            + list(extra)
        )
        mentioned: dict[str, set[str]] = {}
        for condition in conditions:
            for clause in condition.clauses:
                if clause.subject_kind == "field":
                    mentioned.setdefault(clause.subject, set()).update(clause.values)
        matrix = policy.matrix
        if matrix is not None:
            mentioned.setdefault(matrix.row_field, set()).update(matrix.rows)
            mentioned.setdefault(matrix.column_field, set()).update(matrix.columns)
        universes: dict[Subject, tuple[Value, ...]] = {}
        fields = []
        for declared in policy.fields:
            if declared.name not in mentioned:
                continue
            named = mentioned[declared.name]
            values: list[Value] = [v for v in declared.values if v in named]
            others = [v for v in declared.values if v not in named]
            if others:
                values.append(others[0])
            if declared.default is None:
                values.append(None)
            universes[("field", declared.name)] = tuple(values)
            fields.append(declared.name)
        level: Subject = ("level", policy.scale.name)
        universes[level] = (*policy.scale.names, None)
        return cls(universes, tuple(fields), level)

    def subject(self, clause: Clause) -> Subject:
        return (
            ("level", clause.subject)
            if clause.subject_kind == "level"
            else ("field", clause.subject)
        )

    def universe(self, subject: Subject) -> tuple[Value, ...]:
        # A field outside the space cannot occur after resolution; it could only be absent.
        return self.universes.get(subject, (None,))

    def sets(self, condition: Condition) -> dict[Subject, frozenset[Value]]:
        """The values each constrained subject may take for `condition` to hold: exact for a
        conjunctive condition; for one with `or` or `not` across clauses, the values each
        subject takes in some situation where it holds (a superset, see `exact`)."""
        if not condition.conjunctive:
            return self._projection(condition)
        allowed: dict[Subject, frozenset[Value]] = {}
        for clause in condition.clauses:
            subject = self.subject(clause)
            holding = frozenset(
                v for v in self.universe(subject) if clause_holds(clause, v)
            )
            allowed[subject] = (
                allowed[subject] & holding if subject in allowed else holding
            )
        return allowed

    def _projection(self, condition: Condition) -> dict[Subject, frozenset[Value]]:
        subjects = list(dict.fromkeys(self.subject(c) for c in condition.clauses))
        seen: dict[Subject, set[Value]] = {subject: set() for subject in subjects}
        for values in itertools.product(*(self.universe(s) for s in subjects)):
            situation = dict(zip(subjects, values))
            if condition.holds(lambda clause: situation[self.subject(clause)]):
                for subject, value in situation.items():
                    seen[subject].add(value)
        return {subject: frozenset(values) for subject, values in seen.items()}

    def exact(self, condition: Condition) -> bool:
        """Whether `sets(condition)` holds exactly the situations where `condition` holds (the
        set algebra on it is then exact, not an over-approximation)."""
        if condition.conjunctive:
            return True
        subjects = list(dict.fromkeys(self.subject(c) for c in condition.clauses))
        box = self._projection(condition)
        return all(
            condition.holds(lambda clause: dict(zip(subjects, values))[self.subject(clause)])
            for values in itertools.product(*(sorted(box[s], key=str) for s in subjects))
        )

    def allows(self, sets: Sets, subject: Subject) -> frozenset[Value]:
        return sets.get(subject, frozenset(self.universe(subject)))

    @staticmethod
    def satisfiable(sets: Sets) -> bool:
        return all(sets.values())

    def meet(self, first: Sets, second: Sets) -> dict[Subject, frozenset[Value]]:
        """The situations both allow (empty sets where they cannot both hold)."""
        return {
            s: self.allows(first, s) & self.allows(second, s) for s in {*first, *second}
        }

    def implies(
        self, first: Sets, second: Sets, subjects: Iterable[Subject] | None = None
    ) -> bool:
        """Whether every situation `first` allows is one `second` allows (on `subjects`, or on
        all of `second`'s)."""
        return all(
            self.allows(first, s) <= self.allows(second, s)
            for s in (subjects or second)
        )

    def tests_level(self, sets: Sets) -> bool:
        return self.level in sets

    def example(self, sets: Sets) -> str:
        """One situation `sets` allows, in words: "channel email and environment staging"."""
        words = []
        for subject in sorted(sets, key=self._order):
            choices = [v for v in self.universe(subject) if v in sets[subject]]
            if not choices or len(choices) == len(self.universe(subject)):
                continue
            value = choices[0]
            words.append(
                f"no {subject[1]}" if value is None else f"{subject[1]} {value}"
            )
        return " and ".join(words) or "any ticket"

    def _order(self, subject: Subject) -> tuple[int, int]:
        if subject == self.level:
            return (0, 0)
        return (
            1,
            (
                self.fields.index(subject[1])
                if subject[1] in self.fields
                else len(self.fields)
            ),
        )


@dataclass(frozen=True)
class RuleRecord:
    """What one rule did over all situations. `undone_by` is a later rule that overrode it, set
    only when every firing of the rule was overridden by a later rule; `breaks` holds the
    restrictions (by index) that the level it set, when it was final, violated."""

    fired: bool
    changed: bool
    undone_by: int | None
    breaks: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Simulation:
    """The record of every rule, and how many situations were run. `finals` (when asked for)
    holds each ticket the rules can produce, as (field values in `RuleSpace.fields` order,
    final level after the default), leaving out excluded tickets and tickets without a level."""

    records: tuple[RuleRecord, ...]
    situations: int
    finals: frozenset[tuple[tuple[Value, ...], str]] = frozenset()


@dataclass(frozen=True)
class _Test:
    """A condition compiled for the simulation: value sets per field position, and the levels.
    A condition that is not conjunctive keeps `condition` and is evaluated in full for each
    situation whose fields its bounding sets allow."""

    fields: tuple[tuple[int, frozenset[Value]], ...]
    levels: frozenset[Value] | None
    possible: bool
    condition: Condition | None = None
    position: Mapping[str, int] | None = None

    @classmethod
    def of(
        cls, condition: Condition, space: RuleSpace, position: dict[str, int]
    ) -> _Test:
        sets = space.sets(condition)
        fields = tuple(
            (position[s[1]], v)
            for s, v in sets.items()
            if s[0] == "field" and s[1] in position
        )
        if space.exact(condition):
            return cls(fields, sets.get(space.level), space.satisfiable(sets))
        return cls(fields, sets.get(space.level), space.satisfiable(sets), condition, position)

    def fields_hold(self, assignment: tuple[Value, ...]) -> bool:
        return self.possible and all(
            assignment[i] in allowed for i, allowed in self.fields
        )

    def holds(self, assignment: tuple[Value, ...], level: Value) -> bool:
        """Whether the condition holds for a situation whose fields `fields_hold` accepted."""
        if self.levels is not None and level not in self.levels:
            return False
        if self.condition is None:
            return True
        position = self.position
        assert position is not None
        return self.condition.holds(
            lambda clause: level
            if clause.subject_kind == "level"
            else (assignment[position[clause.subject]] if clause.subject in position else None)
        )


_EXCLUDE = object()


def simulate(policy: Policy, space: RuleSpace, finals: bool = False) -> Simulation | None:
    """Run every situation through the rules; None when that would exceed the limits. With
    `finals`, also collect the tickets the rules produce (`Simulation.finals`)."""
    field_universes = [space.universe(("field", name)) for name in space.fields]
    levels = space.universe(space.level)
    assignments = 1
    for universe in field_universes:
        assignments *= len(universe)
    situations = assignments * len(levels)
    rules = policy.rules
    # A discretionary rule may or may not be applied: every situation runs with each choice.
    discretionary = [k for k, rule in enumerate(rules) if rule.discretionary]
    choices = [frozenset(k for k, on in zip(discretionary, picks) if on)
               for picks in itertools.product((True, False), repeat=len(discretionary))]
    if situations * len(choices) > SITUATION_LIMIT or situations * len(choices) * max(1, len(rules)) > STEP_LIMIT:
        return None
    skipped_when = {k: frozenset(choice for choice in choices if k not in choice) for k in discretionary}

    position = {name: index for index, name in enumerate(space.fields)}
    tests = [_Test.of(rule.condition, space, position) for rule in rules]
    actions = [
        rule.action.level if isinstance(rule.action, SetLevel) else _EXCLUDE
        for rule in rules
    ]
    restrictions = [
        (frozenset(r.levels), _Test.of(r.condition, space, position))
        for r in policy.restrictions
    ]
    matrix = policy.matrix
    matrix_cells: dict[tuple[Value, Value], str] = (
        dict(reversed(matrix.cells)) if matrix is not None else {}
    )
    row_index = position.get(matrix.row_field) if matrix is not None else None
    column_index = position.get(matrix.column_field) if matrix is not None else None

    default = policy.default.level if policy.default is not None else None
    produced: set[tuple[tuple[Value, ...], str]] = set()
    count = len(rules)
    fired = [False] * count
    changed = [False] * count
    always_undone = [True] * count
    first_undoer: list[int | None] = [None] * count
    breaks: list[set[int]] = [set() for _ in range(count)]
    for assignment in itertools.product(*field_universes):
        applicable = [k for k in range(count) if tests[k].fields_hold(assignment)]
        watching = [
            (index, restricted, test.fields_hold(assignment), test)
            for index, (restricted, test) in enumerate(restrictions)
        ]
        matrix_level = None
        if row_index is not None and column_index is not None:
            matrix_level = matrix_cells.get(
                (assignment[row_index], assignment[column_index])
            )
        for initial, choice in itertools.product(levels, choices):
            level = initial if initial is not None else matrix_level
            excluded = False
            firings: list[tuple[int, object]] = []
            for k in applicable:
                if k in skipped_when and choice in skipped_when[k]:
                    continue  # support did not apply this discretionary rule
                if not tests[k].holds(assignment, level):
                    continue
                action = actions[k]
                fired[k] = True
                if action is _EXCLUDE:
                    changed[k] = changed[k] or not excluded
                    excluded = True
                else:
                    changed[k] = changed[k] or level != action
                    level = action  # type: ignore[assignment]
                firings.append((k, action))
            if finals and not excluded:
                final = level if level is not None else default
                if final is not None:
                    produced.add((assignment, final))
            setters = [k for k, action in firings if action is not _EXCLUDE]
            if setters:
                for index, restricted, fields_hold, test in watching:
                    if level in restricted and not (
                        fields_hold and test.holds(assignment, level)
                    ):
                        breaks[setters[-1]].add(index)
            for index, (k, action) in enumerate(firings):
                if action is _EXCLUDE:
                    always_undone[k] = False
                    continue
                undoer = next(
                    (
                        j
                        for j, later in firings[index + 1 :]
                        if later is not _EXCLUDE and later != action
                    ),
                    None,
                )
                if undoer is None:
                    always_undone[k] = False
                elif first_undoer[k] is None:
                    first_undoer[k] = undoer
    records = tuple(
        RuleRecord(
            fired[k],
            changed[k],
            first_undoer[k] if fired[k] and always_undone[k] else None,
            frozenset(breaks[k]),
        )
        for k in range(count)
    )
    return Simulation(records, situations, frozenset(produced))
