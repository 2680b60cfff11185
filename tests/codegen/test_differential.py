"""Differential tests: every generated module agrees with the interpreter on random tickets.

Tickets cover every plan, every level and none, every field value and absence, instants from
2024 to 2026 with a bias towards DST changes and public holidays, with and without replies and
responses, customer zones and countries, and `now` before, near and after the deadlines. A
second property corrupts one input of a valid ticket: both engines must reject it with the
same `TicketError`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slac.interpret import Interpreter
from slac.model.types import Policy
from slac.runtime.inputs import TicketError

from .support import SEEDS, generated_module, seed_policy

pytestmark = pytest.mark.filterwarnings("ignore:Requested Holidays are available only")

ZONES = ("Europe/Prague", "America/New_York", "Asia/Kolkata", "Australia/Sydney", "Europe/London", "UTC")
COUNTRIES = (("CZ", None), ("US", None), ("US", "CA"), ("PL", None), ("GB", "SCT"), ("AU", "NSW"))
INTERESTING_DAYS = (
    # DST changes in Europe, the US and Australia
    date(2024, 3, 31),
    date(2024, 10, 27),
    date(2025, 3, 30),
    date(2025, 10, 26),
    date(2026, 3, 29),
    date(2026, 10, 25),
    date(2024, 3, 10),
    date(2024, 11, 3),
    date(2025, 3, 9),
    date(2025, 11, 2),
    date(2025, 4, 6),
    date(2025, 10, 5),
    # public holidays (CZ, SK, PL, US) and the days around them
    date(2024, 12, 23),
    date(2024, 12, 24),
    date(2024, 12, 27),
    date(2025, 1, 1),
    date(2025, 1, 6),
    date(2025, 4, 18),
    date(2025, 4, 21),
    date(2025, 5, 1),
    date(2025, 5, 2),
    date(2025, 7, 4),
    date(2025, 10, 28),
    date(2025, 11, 17),
    date(2026, 1, 1),
    date(2026, 12, 24),
    # Fridays and weekends
    date(2025, 3, 7),
    date(2025, 3, 8),
    date(2025, 3, 9),
    date(2026, 6, 12),
)
OFFSETS = tuple(timezone(timedelta(minutes=m)) for m in (0, 60, 120, -300, -240, 330, 600)) + (
    ZoneInfo("Europe/Prague"),
    ZoneInfo("America/New_York"),
)


@st.composite
def instants(draw: st.DrawFn) -> datetime:
    """An aware instant in 2024–2026, often on an interesting day, in a random offset."""
    if draw(st.booleans()):
        day = draw(st.sampled_from(INTERESTING_DAYS))
        minute = draw(
            st.sampled_from((0, 1, 59, 60 * 8, 60 * 9 - 1, 60 * 9, 60 * 17 - 1, 60 * 17)) | st.integers(0, 1439)
        )
        naive = datetime(day.year, day.month, day.day) + timedelta(minutes=minute)
        return naive.replace(tzinfo=draw(st.sampled_from(OFFSETS))).astimezone(timezone.utc)
    naive = draw(st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2026, 12, 20)))
    return naive.replace(tzinfo=timezone.utc).astimezone(draw(st.sampled_from(OFFSETS)))


def spellings(instant: datetime) -> st.SearchStrategy[Any]:
    """The same instant as a datetime or as ISO 8601 text."""
    return st.sampled_from(
        (instant, instant.isoformat(), instant.astimezone(timezone.utc).isoformat().replace("+00:00", "Z"))
    )


durations = st.one_of(
    st.integers(0, 3 * 24 * 60).map(lambda m: timedelta(minutes=m)),
    st.integers(0, 20 * 24 * 3600).map(lambda s: timedelta(seconds=s)),
)


@st.composite
def tickets(draw: st.DrawFn, policy: Policy) -> tuple[dict[str, Any], datetime]:
    """A valid ticket of `policy` as a JSON-like mapping, and `now`."""
    ticket: dict[str, Any] = {"plan": draw(st.sampled_from([plan.name for plan in policy.plans]))}
    level = draw(st.none() | st.sampled_from(policy.scale.names))
    if level is not None:
        ticket[policy.scale.name] = int(level) if level.isdigit() and draw(st.booleans()) else level
    for field in policy.fields:
        choices: list[Any] = list(field.values) + ([True, False] if field.boolean else [])
        value = draw(st.none() | st.sampled_from(choices))
        if value is not None or draw(st.booleans()):
            ticket[field.name] = value
    opened = draw(instants())
    ticket["opened_at"] = draw(spellings(opened))
    for name in ("last_agent_reply_at", "last_customer_reply_at", "responded_at"):
        if draw(st.booleans()):
            ticket[name] = draw(spellings(opened + draw(durations)))
    if draw(st.integers(0, 9)):
        ticket["timezone"] = draw(st.sampled_from(ZONES))
    if draw(st.integers(0, 9)):
        country, subdivision = draw(st.sampled_from(COUNTRIES))
        ticket["country"] = country.lower() if draw(st.booleans()) else country
        if subdivision is not None:
            ticket["subdivision"] = subdivision
    now = opened + draw(
        st.one_of(durations, st.just(timedelta(0)), st.integers(-3600, 0).map(lambda s: timedelta(seconds=s)))
    )
    return ticket, now


def outcome(evaluate: Any, ticket: dict[str, Any], now: datetime) -> tuple[str, Any]:
    """("ok", the evaluation as a dict) or ("error", the TicketError's field and message)."""
    try:
        return "ok", evaluate(ticket, now).to_dict()
    except TicketError as error:
        return "error", (error.field, str(error))


INTERPRETERS = {policy_id: Interpreter(seed_policy(policy_id)) for policy_id in SEEDS}


@pytest.mark.parametrize("policy_id", SEEDS)
def test_generated_module_agrees_with_the_interpreter(policy_id: str) -> None:
    module = generated_module(policy_id)
    interpreter = INTERPRETERS[policy_id]
    seen: set[str] = set()

    @given(tickets(seed_policy(policy_id)))
    def agree(case: tuple[dict[str, Any], datetime]) -> None:
        ticket, now = case
        expected = outcome(interpreter.evaluate, ticket, now)
        assert outcome(module.evaluate, ticket, now) == expected
        assert outcome(lambda t, n: module.evaluate(module.Ticket.from_mapping(t), n), ticket, now) == expected
        seen.add(expected[0])

    agree()
    assert "ok" in seen


CORRUPTIONS: list[tuple[str, Any]] = [
    ("plan", "platinum"),
    ("plan", None),
    ("plan", 1),
    ("level", "P9"),
    ("level", 99),
    ("level", True),
    ("field", "no_such_value"),
    ("field", 3.5),
    ("opened_at", "2025-03-07T10:00:00"),
    ("opened_at", datetime(2025, 3, 7, 10, 0)),
    ("opened_at", "tomorrow"),
    ("opened_at", None),
    ("responded_at", "2020-01-01T00:00:00Z"),
    ("last_agent_reply_at", "2025-03-07"),
    ("timezone", "Mars/Olympus_Mons"),
    ("timezone", 5),
    ("country", "QQ"),
    ("country", ["CZ"]),
    ("subdivision", "ZZZ"),
    ("unknown", "x"),
    ("level", [1]),
    ("field", True),
    ("timezone", False),
    # instants outside the supported years, and across their edge in UTC
    ("opened_at", "9999-12-31T23:00:00Z"),
    ("opened_at", "9999-12-31T23:00:00-01:00"),
    ("opened_at", "0001-01-01T00:30:00+01:00"),
    ("opened_at", "1969-12-31T23:59:59Z"),
    ("responded_at", "2099-12-31T23:30:00-01:00"),
    ("last_customer_reply_at", datetime(2100, 1, 1, 1, tzinfo=ZoneInfo("Europe/Prague"))),
]


@pytest.mark.parametrize("policy_id", SEEDS)
def test_both_engines_reject_a_corrupted_ticket_the_same_way(policy_id: str) -> None:
    policy = seed_policy(policy_id)
    module = generated_module(policy_id)
    interpreter = INTERPRETERS[policy_id]

    @given(tickets(policy), st.sampled_from(CORRUPTIONS))
    def reject(case: tuple[dict[str, Any], datetime], corruption: tuple[str, Any]) -> None:
        ticket, now = case
        key, value = corruption
        if key == "level":
            key = policy.scale.name
        elif key == "field":
            if not policy.fields:
                return
            key = policy.fields[0].name
        elif key == "unknown":
            key = "priorty" if policy.scale.name == "priority" else "severty"
        ticket = {**ticket, key: value}
        expected = outcome(interpreter.evaluate, ticket, now)
        assert outcome(module.evaluate, ticket, now) == expected
        assert expected[0] == "error"

    reject()
