"""Seeded, realistic ticket histories for a policy: the workload of benchmarks, demos and reports.

Tickets arrive more on weekdays and in office hours (in the zone of the policy's first calendar
with a fixed zone, else UTC); a severe level is rarer than a mild one; the first reply comes
sooner for a severe ticket; customers answer hours or days later, across nights and weekends;
agents park tickets waiting on the customer or on hold, write internal notes, re-classify a few
tickets, solve them, and some are reopened and solved again. Every ticket gives what its policy
requires: a level when the policy has no default, a value for each field without a default,
and the customer's zone and country when support hours follow the customer. The same policy, count and seed
always give the same histories (JSON-ready, in the ticket-history schema).
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from slac.model.types import Policy
from slac.runtime.inputs import format_instant
from slac.runtime.zones import load_zone

UTC = timezone.utc
HOUR_WEIGHTS = (1, 1, 1, 1, 1, 2, 4, 8, 12, 14, 14, 12, 10, 12, 13, 12, 10, 8, 5, 4, 3, 2, 2, 1)
"""How often a ticket is opened in each local hour of the day."""
WEEKEND_WEIGHT = 0.25
"""How often a ticket is opened on a Saturday or Sunday, against a weekday."""
MAX_EVENTS = 15
CUSTOMER_ZONES = (("Europe/Prague", "CZ"), ("Europe/Berlin", "DE"), ("America/New_York", "US"), ("Asia/Tokyo", "JP"))
"""Where synthesised customers are, for policies whose support hours follow the customer."""


@dataclass(frozen=True)
class SynthOptions:
    """How many histories, from which seed, opened over which days."""

    tickets: int
    seed: int = 1
    start: datetime = datetime(2025, 1, 1, tzinfo=UTC)
    days: int = 365


def synthesize(policy: Policy, options: SynthOptions) -> Iterator[dict[str, object]]:
    """`options.tickets` histories of tickets under `policy`, deterministic for a seed."""
    generator = random.Random(options.seed)
    zone = next((load_zone(c.timezone) for c in policy.calendars if c.timezone is not None), UTC)
    for number in range(1, options.tickets + 1):
        yield _history(policy, generator, zone, options, f"S-{options.seed}-{number}")


def _arrival(generator: random.Random, zone: ZoneInfo | timezone, options: SynthOptions) -> datetime:
    while True:
        day = options.start + timedelta(days=generator.randrange(options.days))
        local_day = day.astimezone(zone).date()
        if local_day.weekday() >= 5 and generator.random() > WEEKEND_WEIGHT:
            continue
        hour = generator.choices(range(24), weights=HOUR_WEIGHTS)[0]
        local = datetime(local_day.year, local_day.month, local_day.day, hour, generator.randrange(60), tzinfo=zone)
        return local.astimezone(UTC)


def _delay(generator: random.Random, mean_minutes: float) -> timedelta:
    """An exponentially distributed delay, whole minutes, at least one."""
    return timedelta(minutes=max(1, math.ceil(generator.expovariate(1 / mean_minutes))))


def _history(
    policy: Policy, generator: random.Random, zone: ZoneInfo | timezone, options: SynthOptions, ticket_id: str
) -> dict[str, object]:
    levels = policy.scale.names
    unsolved = [s.name for s in policy.statuses if not s.solved]
    solved = [s.name for s in policy.statuses if s.solved]
    pauses = unsolved[1:]
    opened_at = _arrival(generator, zone, options)
    opened: dict[str, object] = {"type": "opened", "at": format_instant(opened_at)}
    rank = generator.choices(range(len(levels)), weights=[index + 1 for index in range(len(levels))])[0]
    if levels and (policy.default is None or generator.random() < 0.85):  # without a default, a level is required
        opened["level"] = levels[rank]
    # a field without a default may be what chooses the support hours: every ticket gives one
    fields = {
        f.name: generator.choice(f.values)
        for f in policy.fields
        if f.values and (f.default is None or generator.random() < 0.3)
    }
    if fields:
        opened["fields"] = fields
    events: list[dict[str, object]] = [opened]
    now = opened_at

    def add(kind: str, delay: timedelta = timedelta(0), **data: object) -> None:
        nonlocal now
        now += delay
        events.append({"type": kind, "at": format_instant(now), **data})

    if generator.random() < 0.2:
        add("message", _delay(generator, 20), by="agent", public=False)
    add("message", _delay(generator, 30 * (rank + 1)), by="agent")
    rounds = generator.randint(1, 3)
    for _ in range(rounds):
        waiting = pauses and generator.random() < 0.5
        if waiting:
            add("status", to=pauses[0])
        add("message", _delay(generator, 600), by="customer")
        if waiting:
            add("status", to=unsolved[0])
        if generator.random() < 0.08:
            add("level", _delay(generator, 15), to=generator.choice(levels))
        if len(pauses) > 1 and generator.random() < 0.1:
            add("status", _delay(generator, 30), to=pauses[1])
            add("status", _delay(generator, 300), to=unsolved[0])
        if generator.random() < 0.15:
            add("message", _delay(generator, 30), by="agent", public=False)
        add("message", _delay(generator, 90 * (rank + 1)), by="agent")
    if solved:
        add("status", _delay(generator, 240), to=solved[0])
        if unsolved and generator.random() < 0.1:
            add("message", _delay(generator, 1440), by="customer")
            add("status", to=unsolved[0])
            add("message", _delay(generator, 120), by="agent")
            add("status", _delay(generator, 120), to=solved[0])
        if len(solved) > 1 and generator.random() < 0.5:
            add("status", _delay(generator, 2880), to=solved[1])
    plan = generator.choice(policy.plans)
    history: dict[str, object] = {"id": ticket_id, "plan": plan.name}
    if any(c.timezone is None for c in policy.calendars):  # support hours in the customer's zone
        history["timezone"] = generator.choice(CUSTOMER_ZONES)[0]
    if any(c.by_customer_country for c in policy.calendars):  # the customer's holidays or working week
        history["country"] = generator.choice(CUSTOMER_ZONES)[1]
    if plan.add_on_to:  # an add-on is bought on one of its base plans
        history["base_plan"] = generator.choice(plan.add_on_to)
    history["events"] = events[:MAX_EVENTS]
    return history
