"""Both engines at the edges: deadlines past the years tickets may have, and support hours
that a ticket's inputs do not choose. Each case runs on the interpreter and on a module rendered
from the same policy, which must fail with the same `TicketError`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from slac.codegen.python import render_module
from slac.interpret import Interpreter
from slac.pipeline import compile_text
from slac.runtime import Calendar, CalendarError
from slac.runtime.inputs import TicketError

from .support import load_source

POLICY = """
policy limits "Deadlines at the edge"
scale severity
    level 1 "One"
    level 2 "Two"
field region "Region"
    values east, west, north
calendar office "Office"
    timezone Europe/Prague
    open mon-fri 08:00-17:00
target reply "Reply" from opened
target follow_up "Follow-up" from last customer reply
plan eternal "Eternal"
    targets
        severity | reply        | follow_up
        1        | 3650 days    | 1 hour
        2        | 1 hour       | 24-3650 days
plan regional "Regional"
    hours office when region is east
    hours office when region is west or north and severity is 1
    targets count in support hours
    targets
        severity | reply           | follow_up
        1        | 1 business hour | 1 hour
        2        | 1 business hour | 1 hour
plan regional_too "Regional too"
    same as regional
"""

NOW = "2025-03-08T00:00:00Z"


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any]:
    compilation = compile_text(POLICY, "limits.sla")
    assert compilation.ok and compilation.policy is not None, compilation.diagnostics
    module = load_source(
        render_module(compilation.policy, "limits.sla"), "generated_limits", tmp_path_factory.mktemp("limits")
    )
    return Interpreter(compilation.policy).evaluate, module.evaluate


def failure(engines: tuple[Any, Any], ticket: dict[str, Any], now: Any = NOW) -> tuple[str, str]:
    """The field and message of the `TicketError` both engines raise, which must be the same."""
    outcomes = []
    for evaluate in engines:
        with pytest.raises(TicketError) as error:
            evaluate(ticket, now)
        outcomes.append((error.value.field, str(error.value)))
    assert outcomes[0] == outcomes[1]
    return outcomes[0]


def test_the_longest_targets_run_past_the_last_year_a_ticket_may_have(engines: tuple[Any, Any]) -> None:
    """Ten years (the longest target a policy may give) from the last instant a ticket may
    carry: both engines compute the same deadline, in 2109."""
    ticket = {
        "plan": "eternal",
        "severity": 2,
        "opened_at": "2099-12-31T00:00:00Z",
        "last_customer_reply_at": "2099-12-31T12:00:00Z",
    }
    first, second = (evaluate(ticket, NOW).to_dict() for evaluate in engines)
    assert first == second
    assert first["targets"]["follow_up"]["due"] == "2109-12-29T12:00:00Z"  # 3650 days, two leap days


def test_business_time_beyond_the_runtime_years(engines: tuple[Any, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """Counting business time past year 9998 is a `CalendarError` of the runtime (reaching it for
    real takes seconds, so the calendar is made to fail as it would)."""

    def beyond(self: Calendar, start: datetime, *arguments: object) -> datetime:
        raise CalendarError("year 9999 is outside the supported years 2..9998")

    monkeypatch.setattr(Calendar, "add", beyond)
    monkeypatch.setattr(Calendar, "elapsed_and_deadline", beyond)
    ticket = {"plan": "regional", "severity": 2, "region": "east", "opened_at": "2025-03-07T10:00:00Z"}
    assert failure(engines, ticket) == (
        "opened_at",
        "opened_at: the reply deadline cannot be computed from 2025-03-07T10:00:00Z: "
        "year 9999 is outside the supported years 2..9998",
    )


@pytest.mark.parametrize("plan", ["regional", "regional_too"])
def test_missing_input_that_chooses_the_support_hours(engines: tuple[Any, Any], plan: str) -> None:
    ticket = {"plan": plan, "severity": 2, "opened_at": "2025-03-07T10:00:00Z"}
    assert failure(engines, ticket) == (
        "region",
        f"region: is required for plan {plan} (its support hours depend on it); accepted: east, west, north",
    )


@pytest.mark.parametrize("plan", ["regional", "regional_too"])
def test_value_that_chooses_no_support_hours(engines: tuple[Any, Any], plan: str) -> None:
    ticket = {"plan": plan, "severity": 2, "region": "west", "opened_at": "2025-03-07T10:00:00Z"}
    assert failure(engines, ticket) == (
        "region",
        f"region: no support hours of plan {plan} apply to a ticket with region 'west', severity '2': "
        "calendar office when region is east; calendar office when region is west or north and severity is 1; "
        "give a value that chooses one",
    )


def test_tickets_inside_the_limits_agree(engines: tuple[Any, Any]) -> None:
    tickets = [
        {"plan": "eternal", "severity": 2, "opened_at": "2099-12-31T23:59:59Z"},
        {"plan": "regional_too", "severity": 1, "region": "north", "opened_at": "1970-01-02T10:00:00+01:00"},
    ]
    for ticket in tickets:
        first, second = (evaluate(ticket, "2099-12-31T23:59:59Z").to_dict() for evaluate in engines)
        assert first == second
