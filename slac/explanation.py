"""An evaluation in sentences, for `slac eval --format text`: the level and why, then each
target's deadline and status; for a history, each target's cycles and the clock's transitions."""

from __future__ import annotations

from datetime import datetime, timedelta

from slac.model import types as m
from slac.runtime.cycles import Cycle
from slac.runtime.evaluation import OUTSIDE_HOURS_CLOCK, WALL_CLOCK, Evaluation, LevelChange
from slac.runtime.inputs import format_instant

def _printable(text: str) -> str:
    """Policy text for a terminal: control characters shown as escapes, never executed."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _when(instant: datetime | None) -> str:
    """An instant for people, e.g. "2025-03-10 09:00 UTC" (seconds only when there are any)."""
    if instant is None:
        return "never"
    text = format_instant(instant) or ""
    day, _, time = text.rstrip("Z").partition("T")
    if time.endswith(":00") and "." not in time:
        time = time[:-3]
    return f"{day} {time} UTC"


def _override(policy: m.Policy, evaluation: Evaluation) -> m.Override | None:
    """The override the evaluation's trace says applied, if any."""
    name = next((entry.subject for entry in evaluation.trace if entry.step == "override"), None)
    return next((o for o in policy.overrides if o.name == name), None)


def _effective_plan(policy: m.Policy, plan: m.Plan, evaluation: Evaluation) -> m.Plan:
    """The plan as the evaluation used it: for an add-on, its combination with the base plan
    the trace names."""
    base = next((entry.subject for entry in evaluation.trace if entry.step == "add_on"), None)
    return plan if base is None else m.combine(plan, policy.plan(base))


def _chosen_calendar(policy: m.Policy, plan: m.Plan, evaluation: Evaluation) -> m.Calendar | None:
    """The calendar of the support hours the evaluation used: an override's, the conditional
    choice its trace records, else the plan's unconditional one."""
    override = _override(policy, evaluation)
    chosen = override.hours if override is not None else None
    chosen = chosen or next((entry.subject for entry in evaluation.trace if entry.step == "hours"), None)
    if chosen is None:
        chosen = next((choice.calendar for choice in plan.hours if choice.condition is None), None)
    return next((calendar for calendar in policy.calendars if calendar.name == chosen), None)


def _always_open(calendar: m.Calendar) -> bool:
    """True for support hours that never close: open 24x7 with no holidays or closures."""
    return (
        (calendar.always_open or any(interval.length_minutes == 7 * 1440 for interval in calendar.weekly))
        and not calendar.holidays
        and not calendar.customer_holidays
        and not calendar.closed_dates
        and not calendar.partial_closures
        and not calendar.yearly_closures
    )


def _wait(minutes: int) -> str:
    """A wall-clock wait in words: "8 hours", "1 hour 30 minutes", "45 minutes"."""
    hours, rest = divmod(minutes, 60)
    parts = [f"{hours} hour{'s' if hours != 1 else ''}"] if hours else []
    if rest or not hours:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts)


def _counted(clock: str, calendar: m.Calendar | None) -> str:
    """How a deadline was counted, in words: "counted on the wall clock", "counted around the
    clock" (support hours that never close), "counted in business hours (Monday–Friday …)"."""
    if clock == WALL_CLOCK:
        return "counted on the wall clock"
    if clock == OUTSIDE_HOURS_CLOCK:
        return "counted on the wall clock, because it started outside business hours"
    if calendar is not None and _always_open(calendar):
        return "counted around the clock"
    return f"counted in {_printable(clock)}"


_START_WORDS = {
    "opened": "the opening",
    "last_agent_reply": "the last agent reply",
    "last_customer_reply": "the last customer reply",
}


def explain_text(policy: m.Policy, evaluation: Evaluation) -> str:
    """The evaluation in sentences: the level and why, then each target's deadline and status."""
    scale = policy.scale
    level = scale.level(evaluation.level)
    plan = _effective_plan(policy, next(p for p in policy.plans if p.name == evaluation.plan), evaluation)
    level_steps = [e for e in evaluation.trace if e.step in ("given", "matrix", "rule", "discretion", "exclude", "default")]
    reasons = "; then ".join(_printable(e.message(scale.name)) for e in level_steps) or "no rule applies"
    if scale.implicit:  # a policy without levels: nothing to say about one
        lines = [f"Plan {plan.name} ({_printable(plan.title)}): the policy has no levels; {reasons}."]
    else:
        lines = [
            f"Level {level.name} ({_printable(level.title)}) on plan {plan.name} ({_printable(plan.title)}): {reasons}."
        ]
    for entry in evaluation.trace:
        if entry.step in ("restriction", "add_on", "channel", "plan", "override", "hours"):
            message = _printable(entry.message(scale.name))
            lines.append(message[0].upper() + message[1:] + ".")
    if _is_history(evaluation):
        lines += _history_lines(policy, evaluation)
        return "\n".join(lines)
    cells = dict(plan.cells)
    override = _override(policy, evaluation)
    if override is not None:
        cells.update({(evaluation.level, target): cell for target, cell in override.cells})
    hours_calendar = _chosen_calendar(policy, plan, evaluation)
    for deadline in evaluation.deadlines:
        target = policy.target(deadline.target)
        name = target.name
        if deadline.due is None:
            status = deadline.status.replace("_", " ")
            lines.append(f"{name} has no deadline ({status}): {_printable(deadline.reason or '')}.")
            continue
        cell = cells.get((evaluation.level, name))
        started = f"{_START_WORDS[target.start or 'opened']} at {_when(deadline.start)}"
        if isinstance(cell, m.Timed) and cell.outside_hours is not None:  # `X; Y outside business hours`
            if deadline.clock == OUTSIDE_HOURS_CLOCK:
                branch = f"outside business hours, so {_wait(cell.outside_hours.minutes)} on the wall clock"
            else:
                branch = f"in business hours, so {_counted(deadline.clock or '', hours_calendar)}"
            how = f"{_printable(cell.text)}: {started} was {branch}"
        else:
            published = f"{_printable(cell.text)} " if isinstance(cell, m.Timed) else ""
            how = f"{published}from {started}, {_counted(deadline.clock or '', hours_calendar)}"
        sentence = f"{name} is due {_when(deadline.due)} ({how})"
        if deadline.earliest is not None:
            sentence += f"; the earliest promised contact is {_when(deadline.earliest)}"
        if isinstance(cell, m.Timed) and cell.strict:
            sentence += "; a strict limit, met only before that instant"
        status = {
            "due": f"it is not breached at {_when(evaluation.now)}",
            "breached": "it is breached",
            "met": "it was met",
        }[deadline.status]
        lines.append(f"{sentence}; {status}.")
    return "\n".join(lines)


def _is_history(evaluation: Evaluation) -> bool:
    """True when the ticket was given as a history (its events are named `events[i]`)."""
    return bool(evaluation.levels) and evaluation.levels[0].source.startswith("events[")


def _duration(amount: timedelta) -> str:
    """A length of time in words: "2 hours 30 minutes", "45 minutes", "0 minutes"."""
    minutes, rest = divmod(amount, timedelta(minutes=1))
    text = _wait(minutes) if minutes or not rest else ""
    if rest:
        seconds = rest / timedelta(seconds=1)
        text = f"{text} {seconds:g} seconds".strip()
    return text


_CYCLE_STATUS_WORDS = {
    "met": "met",
    "breached": "breached",
    "due": "running, not breached",
    "paused": "paused",
    "cancelled": "cancelled by a level change",
}


def _cycle_sentence(cycle: Cycle, now: datetime) -> str:
    """One cycle in a sentence: when it ran, how much time counted, what it was judged against."""
    span = f"from {_when(cycle.start)} to {_when(cycle.stop)}" if cycle.stop else f"from {_when(cycle.start)}, still running"
    counted = f"{_duration(cycle.elapsed)} counted"
    if cycle.paused:
        counted += f", {_duration(cycle.paused)} paused"
    clock = f" on the {_printable(cycle.clock)}" if cycle.clock and cycle.clock.startswith("wall clock") else (
        f" in {_printable(cycle.clock)}" if cycle.clock else ""
    )
    goal = f" against {_printable(cycle.goal)} at level {cycle.level}" if cycle.goal else f" at level {cycle.level}"
    if cycle.status in _CYCLE_STATUS_WORDS:
        verdict = _CYCLE_STATUS_WORDS[cycle.status]
        if cycle.status == "due":
            verdict += f" at {_when(now)}"
        if cycle.due is not None:
            verdict += f"; due {_when(cycle.due)}" if cycle.status != "breached" else f" at {_when(cycle.due)}"
    else:
        verdict = f"{cycle.status.replace('_', ' ')}: {_printable(cycle.reason or '')}"
    if cycle.earliest is not None:
        verdict += f"; the earliest promised contact is {_when(cycle.earliest)}"
    return f"  cycle {cycle.number} {span}: {counted}{clock}{goal} — {verdict}."


def _how_changed(change: LevelChange, scale: str) -> str:
    """What made a level change, when it is more than its event: a change by the agent that
    needs someone's agreement, or a discretionary rule the change applied."""
    notes = [entry.message(scale) for entry in change.trace if entry.step == "changed"]
    notes += [f"rule {entry.subject} at support's discretion" for entry in change.trace if entry.step == "discretion"]
    return "".join(f": {_printable(note)}" for note in notes[:1])


def _history_lines(policy: m.Policy, evaluation: Evaluation) -> list[str]:
    """The level history, each target's cycles, and the clock transitions, in sentences."""
    lines: list[str] = []
    if len(evaluation.levels) > 1:
        changes = "; ".join(
            f"{change.level} from {_when(change.at)} ({change.source}{_how_changed(change, policy.scale.name)})"
            for change in evaluation.levels
        )
        lines.append(f"Levels: {changes}.")
    for index, deadline in enumerate(evaluation.deadlines):
        cycles = evaluation.cycles[index]
        if not cycles:
            lines.append(f"{deadline.target} never started: {_printable(deadline.reason or '')}.")
            continue
        count = f"{len(cycles)} cycle{'s' if len(cycles) != 1 else ''}"
        lines.append(f"{deadline.target}: {count}.")
        lines += [_cycle_sentence(cycle, evaluation.now) for cycle in cycles]
    if evaluation.timeline:
        lines.append("Timeline:")
        lines += [f"  {_when(event.at)}: {_printable(event.message())}." for event in evaluation.timeline]
    return lines
