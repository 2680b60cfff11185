"""Calendars that follow the customer's working week (`open customer working days 09:00-17:00`)
in both engines, against a reference that walks the minutes of the customer's local week with
the weekends written here from the countries' published working weeks (no slac code, no
`holidays` package)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from functools import cache
from types import ModuleType
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from slac import compile_text
from slac.codegen.python import render_module
from slac.interpret import Interpreter
from slac.model.types import Policy
from slac.runtime.inputs import TicketError

from codegen.support import _scratch, load_source

POLICY = """policy local_week "Local week"

scale severity "Severity"
    level 1 "Critical"

calendar local_business_hours "Local business hours"
    timezone local
    open customer working days 09:00-17:00

target reply "Reply" from opened

plan standard "Standard"
    hours local_business_hours
    targets
        severity | reply
        1        | 10 business hours
"""

WEEKENDS = {  # weekday numbers, 0 = Monday
    ("IL", "Asia/Jerusalem"): {4, 5},  # Friday and Saturday
    ("AE", "Asia/Dubai"): {5, 6},  # Saturday and Sunday since 2022
    ("CZ", "Europe/Prague"): {5, 6},
    ("IR", "Asia/Tehran"): {4},  # Friday
    ("BN", "Asia/Brunei"): {4, 6},  # Friday and Sunday
}
STARTS = [datetime(2025, 2, 3, 0, 0) + timedelta(hours=7 * step + 3) for step in range(24)]  # a week and more


@cache
def policy() -> Policy:
    compilation = compile_text(POLICY, "local_week.sla")
    assert compilation.ok and compilation.policy is not None, compilation.diagnostics
    return compilation.policy


@cache
def module() -> ModuleType:
    return load_source(render_module(policy(), "local_week.sla"), "generated_local_week", _scratch())


def reference_due(start: datetime, weekend: set[int], minutes: int) -> datetime:
    """The end of the `minutes`-th open minute at or after `start` (local, naive, whole minutes)."""
    moment = start
    while True:
        if moment.weekday() not in weekend and 9 * 60 <= moment.hour * 60 + moment.minute < 17 * 60:
            minutes -= 1
            if minutes == 0:
                return moment + timedelta(minutes=1)
        moment += timedelta(minutes=1)


@pytest.mark.parametrize(("country", "zone"), sorted(WEEKENDS))
def test_the_working_week_is_the_customers(country: str, zone: str) -> None:
    weekend = WEEKENDS[(country, zone)]
    for start in STARTS:
        ticket: dict[str, Any] = {
            "plan": "standard",
            "severity": "1",
            "opened_at": start.replace(tzinfo=ZoneInfo(zone)).isoformat(),
            "timezone": zone,
            "country": country,
        }
        now = datetime(2025, 3, 1, tzinfo=timezone.utc)
        interpreted = Interpreter(policy()).evaluate(ticket, now).to_dict()
        assert module().evaluate(ticket, now).to_dict() == interpreted
        expected = reference_due(start, weekend, 10 * 60).replace(tzinfo=ZoneInfo(zone)).astimezone(timezone.utc)
        assert interpreted["targets"]["reply"]["due"] == expected.isoformat().replace("+00:00", "Z"), start


def test_a_ticket_without_a_country_is_refused_by_both_engines() -> None:
    ticket = {"plan": "standard", "severity": "1", "opened_at": "2025-02-03T10:00+02:00", "timezone": "Asia/Jerusalem"}
    errors = []
    for evaluate in (Interpreter(policy()).evaluate, module().evaluate):
        with pytest.raises(TicketError) as raised:
            evaluate(ticket, "2025-03-01T00:00Z")
        errors.append((raised.value.field, str(raised.value)))
    assert errors[0] == errors[1]
    assert errors[0][0] == "country" and "working week" in errors[0][1]
