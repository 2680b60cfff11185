"""Evaluating a ticket: its history (or the history its snapshot implies) replayed through the
cycle engine, classified at every event by the policy.

Generated modules and the interpreter both call `evaluate_history` and `evaluate_snapshot`;
what differs between them is only `situation_of`, the policy-specific classification (given
level and fields → level, trace, support hours and cells), which each computes its own way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from slac.runtime.caches import remember
from slac.runtime.cycles import DeadlineError, Step, TargetClock, new_record, plan_cycles, replay
from slac.runtime.evaluation import Evaluation, LevelChange, Situation, TraceEntry, goal, summary
from slac.runtime.inputs import TicketError, format_instant
from slac.runtime.history import OPENED, SOLVED, History, HistorySpec, fired_by, implied_events


@dataclass(frozen=True, slots=True)
class PolicyClocks:
    """A policy's targets as the evaluation needs them: names in order, each target's clock and
    the reason given when its clock has not started, and what its histories may contain."""

    policy: str
    scale: str
    targets: tuple[str, ...]
    clocks: tuple[TargetClock, ...]
    not_started: tuple[str, ...]
    spec: HistorySpec
    discretionary: tuple[str, ...] = ()
    """The rules support may apply at its discretion, in declaration order."""
    agent_agreement: str | None = None
    """The role whose agreement the agent's change of the level needs (`changed by agent with
    customer agreement`); a history's `level` events are the agent's, and each is traced so."""
    cycle_plans: dict[tuple[Any, ...], Any] = field(default_factory=dict, compare=False, repr=False)
    """The cycles' starts and stops (`plan_cycles`) by the shape of a ticket: for a snapshot the
    inputs it gives in time order (a few dozen shapes), for a history each event's triggers,
    level change and solved state (histories of one policy repeat a few hundred shapes). At most
    `CYCLE_PLANS_KEPT` are kept."""


CYCLE_PLANS_KEPT = 4096

SituationOf = Callable[..., Situation]
"""`situation_of(given level, field values)`: the policy's classification of the ticket; a
policy with discretionary rules takes a third argument, the set of those applied."""


def evaluate_history(history: History, policy: PolicyClocks, situation_of: SituationOf, now: datetime) -> Evaluation:
    """The evaluation of a validated history at `now`."""
    spec = policy.spec
    situations: list[Situation] = []
    by_key: dict[tuple[object, ...], int] = {}
    given = history.level
    fields = dict(history.fields)
    applied: frozenset[str] = frozenset()

    def classify() -> int:
        key = (given, applied, *fields.values())
        index = by_key.get(key)
        if index is None:
            index = by_key[key] = len(situations)
            situations.append(situation_of(given, fields, applied) if policy.discretionary else situation_of(given, fields))
        return index

    steps: list[Step] = []
    levels: list[LevelChange] = []
    for event, fired in zip(history.events, fired_by(history.events, history.status, spec.solved)):
        source = f"events[{event.index}]"
        description = event.kind
        level_changed = False
        agents_choice = False
        if event.kind == "opened":
            current = classify()
            description = "opened"
            levels.append(LevelChange(event.at, source, situations[current].level, situations[current].trace))
        elif event.kind == "message":
            if event.public and event.by == "agent":
                description = "agent reply"
            elif event.public and event.by == "customer":
                description = "customer message"
            else:
                description = f"{'public' if event.public else 'internal'} {event.by} message"
        elif event.kind == "status":
            description = f"status {event.to}"
        else:
            if event.kind == "level":
                description = f"{spec.scale} {event.to}"
                rule = _discretion(policy, situation_of, given, fields, applied, situations[current].level, event.to)
                if rule is not None:
                    applied = applied | {rule}
                    description += f" (rule {rule}, at support's discretion)"
                else:
                    # an agent's own choice of level replaces any discretionary rule applied before
                    given, applied = event.to, frozenset()
                    agents_choice = True
            else:
                assert event.name is not None
                fields[event.name] = event.to
                description = f"{event.name} {event.to}"
            previous = situations[current].level
            current = classify()
            if situations[current].level != previous:
                level_changed = True
                trace = situations[current].trace
                if agents_choice and policy.agent_agreement is not None:
                    trace = (TraceEntry("changed", event.to, "agent", detail=policy.agent_agreement), *trace)
                levels.append(LevelChange(event.at, source, situations[current].level, trace))
        steps.append(
            new_record(
                Step,
                (event.at, source, fired.triggers, fired.status, fired.solved, current, level_changed, description),
            )
        )
        if fired.then_solved:
            # A ticket opened in a solved status is solved right after it opens.
            steps.append(Step(event.at, source, SOLVED, fired.status, True, current, False, f"status {fired.status}"))
    shape = tuple([(step.triggers, step.level_changed, step.solved) for step in steps])
    return _evaluate(policy, steps, situations, levels, history.plan, history.id, now, _planned(policy, shape, steps))


def _planned(policy: PolicyClocks, shape: tuple[Any, ...], steps: Sequence[Step]) -> Any:
    """`plan_cycles(policy.clocks, steps)`, worked out once per shape."""
    runs = policy.cycle_plans.get(shape)
    if runs is None:
        runs = remember(policy.cycle_plans, shape, plan_cycles(policy.clocks, steps), CYCLE_PLANS_KEPT)
    return runs


def _discretion(
    policy: PolicyClocks,
    situation_of: SituationOf,
    given: str | None,
    fields: Mapping[str, str | None],
    applied: frozenset[str],
    level: str,
    to: str | None,
) -> str | None:
    """The discretionary rule an agent's change of the level to `to` applies, if any: the first
    not yet applied whose condition holds now and which sets `to` (the ticket being at `level`).
    The history schema has no place to name a rule, so a matching change is read as the rule."""
    if to is None or to == level:
        return None
    for rule in policy.discretionary:
        if rule in applied:
            continue
        situation = situation_of(given, fields, applied | {rule})
        if situation.level == to and any(e.step == "discretion" and e.subject == rule for e in situation.trace):
            return rule
    return None


def evaluate_snapshot(
    opened_at: datetime,
    instants: Mapping[str, datetime | None],
    policy: PolicyClocks,
    situation: Situation,
    plan: str,
    now: datetime,
) -> Evaluation:
    """The evaluation of a snapshot ticket at `now`: the history it implies (the opening, then
    `responded_at`, `last_agent_reply_at` and `last_customer_reply_at` in time order)."""
    steps = [new_record(Step, (opened_at, "opened_at", OPENED, None, False, 0, False, "opened"))]
    shape = ["opened_at"]
    for instant, _, name, triggers in implied_events(instants):
        steps.append(new_record(Step, (instant, name, triggers, None, False, 0, False, name)))
        shape.append(name)
    runs = _planned(policy, tuple(shape), steps)
    levels = (new_record(LevelChange, (opened_at, "opened_at", situation.level, situation.trace)),)
    return _evaluate(policy, steps, (situation,), levels, plan, None, now, runs)


def _evaluate(
    policy: PolicyClocks,
    steps: Sequence[Step],
    situations: Sequence[Situation],
    levels: Sequence[LevelChange],
    plan: str,
    ticket_id: str | int | None,
    now: datetime,
    runs: Any = None,
) -> Evaluation:
    def goal_of(target: int, situation: int, start: datetime):  # type: ignore[no-untyped-def]
        chosen = situations[situation]
        return goal(chosen.cells[target], chosen, start)

    try:
        cycles, timeline = replay(
            policy.targets, policy.clocks, steps, [s.level for s in situations], goal_of, now, runs
        )
    except DeadlineError as error:
        raise TicketError(
            error.step.source,
            f"the {error.target} deadline cannot be computed from {format_instant(error.step.at)}: {error.reason}",
        ) from None
    final = situations[steps[-1].situation]
    deadlines = tuple(
        [
            summary(name, target_cycles, cell, final, not_started)
            for name, target_cycles, cell, not_started in zip(policy.targets, cycles, final.cells, policy.not_started)
        ]
    )
    return Evaluation(
        policy.policy,
        policy.scale,
        plan,
        final.level,
        final.trace,
        deadlines,
        now,
        cycles,
        tuple(levels),
        timeline,
        ticket_id,
    )
