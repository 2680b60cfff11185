"""Ticket histories through both engines: how bad histories are refused, and the cases that
TIMELINES.md leaves open, as the README decides them (each with numbers worked out by hand on
acme: Prague office hours Monday–Friday 08:00–17:00, a business day of 9 hours)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pytest

from slac import interpret
from slac.runtime.inputs import TicketError

from codegen.support import generated_module, seed_policy

Evaluate = Callable[[Mapping[str, Any], str], dict[str, Any]]

P = "+01:00"  # Prague in winter


def _interpreter(ticket: Mapping[str, Any], now: str) -> dict[str, Any]:
    return interpret.evaluate(seed_policy("acme"), ticket, now).to_dict()


def _generated(ticket: Mapping[str, Any], now: str) -> dict[str, Any]:
    return generated_module("acme").evaluate(ticket, now).to_dict()


@pytest.fixture(params=[_interpreter, _generated], ids=["interpreter", "generated"])
def evaluate(request: pytest.FixtureRequest) -> Evaluate:
    return request.param  # type: ignore[no-any-return]


def history(*events: dict[str, Any], plan: str = "standard", level: int | None = 2) -> dict[str, Any]:
    opened = {"type": "opened", "at": f"2025-03-04T09:00:00{P}"}
    if level is not None:
        opened["level"] = level
    return {"plan": plan, "events": [opened, *events]}


def at(day: int, time: str) -> str:
    return f"2025-03-{day:02d}T{time}:00{P}"


def cycles(result: dict[str, Any], target: str) -> list[dict[str, Any]]:
    return result["targets"][target]["cycles"]  # type: ignore[no-any-return]


# ----------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("ticket", "place", "words"),
    [
        ({"plan": "standard", "events": []}, "events", "non-empty list of events starting with the opened event, got an empty list"),
        ({"plan": "standard", "events": "opened"}, "events", "non-empty list"),
        ({"plan": "standard", "events": [{"type": "message", "by": "agent", "at": at(4, "09:00")}]},
         "events[0].type", "the first event must be `opened`"),
        (history({"type": "opened", "at": at(4, "10:00")}), "events[1].type", "opened once"),
        (history({"type": "status", "to": "pending", "at": at(4, "10:00")}), "events[1].to",
         "'pending' is not a status of this policy; the statuses are: open, waiting_on_customer, on_hold, solved, closed"),
        (history({"type": "status", "to": "sloved", "at": at(4, "10:00")}), "events[1].to", "did you mean 'solved'"),
        (history({"type": "message", "by": "bot", "at": at(4, "10:00")}), "events[1].by", "agent, customer, system"),
        (history({"type": "message", "by": "agent", "public": "no", "at": at(4, "10:00")}), "events[1].public",
         "not true or false"),
        (history({"type": "message", "by": "agent", "at": at(4, "08:00")}), "events[1].at", "time order"),
        (history({"type": "message", "by": "agent", "at": "2025-03-04T10:00:00"}), "events[1].at", "no UTC offset"),
        (history({"type": "message", "by": "agent", "at": "2016-12-31T23:59:60Z"}), "events[1].at",
         "'2016-12-31T23:59:60Z' is a leap second (:60), which no datetime can hold"),
        (history({"type": "message", "by": "agent", "at": "2025-03-04T10:00:61+01:00"}), "events[1].at",
         "is not an ISO 8601 instant"),
        (history({"type": "message", "by": "agent"}), "events[1].at", "is required"),
        (history({"type": "level", "to": 7, "at": at(4, "10:00")}), "events[1].to", "7 is not a severity level"),
        (history({"type": "field", "name": "enviroment", "to": "staging", "at": at(4, "10:00")}), "events[1].name",
         "did you mean 'environment'"),
        (history({"type": "field", "name": "environment", "to": "test", "at": at(4, "10:00")}), "events[1].to",
         "'test' is not a value of environment"),
        (history({"type": "note", "at": at(4, "10:00")}), "events[1].type", "the types are"),
        ({"plan": "standard", "events": [{"type": "opened", "at": at(4, "09:00"), "by": "agent"}]}, "events[0].by",
         "is not a key of an opened event"),
        (history({"type": ["status"], "at": at(4, "10:00")}), "events[1].type", "a list is not an event type"),
        (history({"type": {"is": "status"}, "at": at(4, "10:00")}), "events[1].type", "the types are"),
        (history({"type": "field", "name": ["environment"], "to": "x", "at": at(4, "10:00")}), "events[1].name",
         "is not a field of this policy"),
        (history({"type": "status", "to": "open", "by": "agent", "at": at(4, "10:00")}), "events[1].by",
         "is not a key of a status event"),
        ({**history(), "events": [{"type": "opened", "at": at(4, "09:00"), "fields": {"region": "eu"}}]},
         "events[0].fields.region", "not a field of this policy"),
        ({**history(), "customer": "x"}, "customer", "is not a key of a ticket history"),
        ({**history(), "plan": "gold"}, "plan", "'gold' is not a plan"),
        ({**history(), "id": "T-\ud800"}, "id", "half of a UTF-16 surrogate pair"),
    ],
)
def test_a_bad_history_names_the_event_and_what_is_accepted(
    evaluate: Evaluate, ticket: dict[str, Any], place: str, words: str
) -> None:
    with pytest.raises(TicketError) as raised:
        evaluate(ticket, "2025-03-05T00:00:00Z")
    assert raised.value.field == place
    assert words in str(raised.value)


# ----------------------------------------------------------------------------- decided cases


def test_a_status_event_to_the_status_it_has_changes_nothing(evaluate: Evaluate) -> None:
    """`open` → `open` is no change: it neither pauses nor reopens anything."""
    result = evaluate(
        history(
            {"type": "status", "to": "open", "at": at(4, "10:00")},
            {"type": "status", "to": "solved", "at": at(4, "11:00")},
            {"type": "status", "to": "closed", "at": at(4, "12:00")},
        ),
        "2025-03-05T00:00:00Z",
    )
    # solved → closed is neither a solve nor a reopen: one resolution cycle, stopped at 11:00
    [resolution] = cycles(result, "resolution")
    assert resolution["stop"] == "2025-03-04T10:00:00Z"
    assert resolution["elapsed_seconds"] == 2 * 3600
    assert resolution["status"] == "met"


def test_a_ticket_opened_solved_is_solved_right_after_it_opens(evaluate: Evaluate) -> None:
    ticket = history()
    ticket["events"][0]["status"] = "solved"
    result = evaluate(ticket, "2025-03-05T00:00:00Z")
    for target in ("first_response", "resolution"):
        [cycle] = cycles(result, target)
        assert (cycle["status"], cycle["elapsed_seconds"], cycle["stop"]) == ("met", 0.0, "2025-03-04T08:00:00Z")


def test_a_reopen_without_a_stated_behaviour_leaves_the_first_response_met(evaluate: Evaluate) -> None:
    result = evaluate(
        history(
            {"type": "status", "to": "solved", "at": at(4, "10:00")},
            {"type": "status", "to": "open", "at": at(4, "11:00")},
            {"type": "message", "by": "agent", "at": at(4, "12:00")},
        ),
        "2025-03-05T00:00:00Z",
    )
    [first] = cycles(result, "first_response")
    assert (first["status"], first["stop"]) == ("met", "2025-03-04T09:00:00Z")
    # the resolution continues: 09:00–10:00 and 11:00 to now (17:00 Tuesday closes the day)
    [resolution] = cycles(result, "resolution")
    assert resolution["stop"] is None
    assert resolution["elapsed_seconds"] == (1 + 6) * 3600
    assert resolution["paused_seconds"] == 1 * 3600


def test_updates_do_not_start_while_the_ticket_is_solved(evaluate: Evaluate) -> None:
    result = evaluate(
        history(
            {"type": "status", "to": "solved", "at": at(4, "10:00")},
            {"type": "message", "by": "agent", "at": at(4, "11:00")},
        ),
        "2025-03-05T00:00:00Z",
    )
    assert cycles(result, "update") == []


def test_a_field_change_that_changes_the_level_restarts_the_update(evaluate: Evaluate) -> None:
    """Severity 1 in production; staging makes it 2 (acme's rule), a level change."""
    result = evaluate(
        history(
            {"type": "message", "by": "agent", "at": at(4, "09:30")},
            {"type": "field", "name": "environment", "to": "staging", "at": at(4, "10:00")},
            {"type": "field", "name": "environment", "to": "staging", "at": at(4, "10:30")},
            level=1,
        ),
        "2025-03-04T11:00:00Z",
    )
    assert [change["level"] for change in result["levels"]] == ["1", "2"]
    first, second = cycles(result, "update")
    assert (first["status"], first["stop"], first["level"]) == ("cancelled", "2025-03-04T09:00:00Z", "1")
    assert (second["start"], second["level"], second["status"]) == ("2025-03-04T09:00:00Z", "2", "due")
    # severity 2 updates: 1 business day (9 hours) from 10:00 → Wednesday 10:00 Prague
    assert second["due"] == "2025-03-05T09:00:00Z"


def test_a_level_event_that_leaves_the_level_as_it_was_is_no_change(evaluate: Evaluate) -> None:
    result = evaluate(
        history(
            {"type": "message", "by": "agent", "at": at(4, "09:30")},
            {"type": "level", "to": 2, "at": at(4, "10:00")},
        ),
        "2025-03-04T11:00:00Z",
    )
    assert len(cycles(result, "update")) == 1
    assert len(result["levels"]) == 1


def test_internal_and_system_messages_never_start_or_stop_a_clock(evaluate: Evaluate) -> None:
    result = evaluate(
        history(
            {"type": "message", "by": "agent", "public": False, "at": at(4, "09:10")},
            {"type": "message", "by": "system", "at": at(4, "09:20")},
            {"type": "message", "by": "customer", "public": False, "at": at(4, "09:30")},
        ),
        "2025-03-04T10:00:00Z",
    )
    assert cycles(result, "update") == [] and cycles(result, "next_reply") == []
    [first] = cycles(result, "first_response")
    assert first["stop"] is None and first["status"] == "due"


def test_a_cycle_that_starts_after_now_is_judged_at_its_start(evaluate: Evaluate) -> None:
    result = evaluate(history({"type": "message", "by": "agent", "at": at(4, "12:00")}), "2025-03-04T09:00:00Z")
    [update] = cycles(result, "update")
    assert update["elapsed_seconds"] == 0.0
    # severity 2: 1 business day from 12:00 Tuesday → 12:00 Wednesday Prague
    assert (update["status"], update["due"]) == ("due", "2025-03-05T11:00:00Z")


def test_a_paused_cycle_has_no_due_instant_only_its_elapsed_time(evaluate: Evaluate) -> None:
    result = evaluate(
        history(
            {"type": "message", "by": "customer", "at": at(4, "10:00")},
            {"type": "status", "to": "on_hold", "at": at(4, "11:00")},
        ),
        "2025-03-04T12:00:00Z",
    )
    [reply] = cycles(result, "next_reply")
    assert (reply["status"], reply["due"], reply["elapsed_seconds"]) == ("paused", None, 3600.0)
    assert result["targets"]["next_reply"]["status"] == "paused"


def test_the_timeline_names_the_event_behind_every_transition(evaluate: Evaluate) -> None:
    result = evaluate(
        history(
            {"type": "message", "by": "agent", "at": at(4, "10:00")},
            {"type": "status", "to": "waiting_on_customer", "at": at(4, "10:00")},
            {"type": "status", "to": "open", "at": at(4, "11:00")},
        ),
        "2025-03-04T12:00:00Z",
    )
    messages = [entry["message"] for entry in result["timeline"]]
    assert messages == [
        "events[0] (opened) started first_response cycle 1",
        "events[0] (opened) started resolution cycle 1",
        "events[1] (agent reply) stopped first_response cycle 1",
        "events[1] (agent reply) started update cycle 1",
        "events[2] (status waiting_on_customer) paused update cycle 1",
        "events[2] (status waiting_on_customer) paused resolution cycle 1",
        "events[3] (status open) resumed update cycle 1",
        "events[3] (status open) resumed resolution cycle 1",
    ]


def test_both_engines_give_the_same_whole_result_for_a_busy_history() -> None:
    ticket = history(
        {"type": "message", "by": "agent", "at": at(4, "09:30")},
        {"type": "status", "to": "waiting_on_customer", "at": at(4, "09:30")},
        {"type": "message", "by": "customer", "at": at(5, "10:00")},
        {"type": "status", "to": "open", "at": at(5, "10:00")},
        {"type": "level", "to": 1, "at": at(5, "10:00")},
        {"type": "status", "to": "solved", "at": at(5, "15:00")},
        {"type": "message", "by": "customer", "at": at(6, "09:00")},
        {"type": "status", "to": "open", "at": at(6, "09:00")},
        {"type": "message", "by": "agent", "at": at(6, "09:45")},
        {"type": "status", "to": "closed", "at": at(7, "12:00")},
    )
    assert _interpreter(ticket, "2025-03-10T00:00:00Z") == _generated(ticket, "2025-03-10T00:00:00Z")
