"""The vendor's own SLA record in neutral form, and its comparison with slac's cycles.

The slac side is written by hand in the output format of the cycle engine
(`targets[name]["cycles"]`), with values worked out for each case; one test runs the real
engine on an imported history and checks the figures worked out from the policy by hand."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from slac.importers import import_export
from slac.importers.documents import read_documents
from slac.importers.mapping import load_mapping
from slac.importers.vendor_record import VendorCycle, compare, vendor_cycles
from slac.interpret import Interpreter
from slac.pipeline import compile_file
from tests.importers.support import FIXTURES, POLICY


def at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def records(vendor: str, export: str, mapping: str) -> list[VendorCycle]:
    cycles, problems = vendor_cycles(vendor, read_documents(FIXTURES / export), load_mapping(FIXTURES / mapping))
    assert problems == []
    return cycles


def slac_cycle(start: str, stop: str | None, due: str | None, status: str, paused: float = 0.0, reason: str | None = None) -> dict[str, Any]:
    return {"start": start, "stop": stop, "due": due, "status": status, "elapsed_seconds": 0.0,
            "paused_seconds": paused, "goal": "4 business hours", "clock": "business hours", "earliest": None,
            "reason": reason, "level": "3"}


def evaluation(target: str, *cycles: dict[str, Any]) -> dict[str, Any]:
    return {"targets": {target: {"cycles": list(cycles)}}}


# ----------------------------------------------------------------------- reading the vendor's record


def test_jsm_sla_cycles_are_read_with_their_breach_time_as_due() -> None:
    assert records("jira", "jira_issues.json", "jira.toml") == [
        VendorCycle("SD-1", "first_response", "Time to first response", 0, at("2025-03-03T09:00:00Z"),
                    at("2025-03-03T09:30:00Z"), at("2025-03-03T11:00:00Z"), False, 1800.0)
    ]  # "Time to resolution" is not in [targets]: left out


def test_zendesk_metric_events_give_one_cycle_per_instance() -> None:
    assert records("zendesk", "zendesk_metric_events.json", "zendesk.toml") == [
        VendorCycle(101, "first_response", "reply_time", 0, at("2025-03-03T09:00:00Z"), at("2025-03-03T09:40:00Z"),
                    at("2025-03-03T13:00:00Z"), False),
        VendorCycle(101, "first_response", "reply_time", 1, at("2025-03-04T08:00:00Z"), at("2025-03-04T09:00:00Z"),
                    at("2025-03-04T09:00:00Z"), True),
    ]  # the deleted breach event is the due instant that was not reached; agent_work_time is unmapped


def test_zammad_escalation_fields_give_the_first_response() -> None:
    assert records("zammad", "zammad_tickets.json", "zammad.toml") == [
        VendorCycle(7, "first_response", "first_response", 0, at("2025-03-03T09:00:00Z"), at("2025-03-03T09:45:00Z"),
                    at("2025-03-03T11:00:00Z"), False)
    ]


# ----------------------------------------------------------------------- comparing


JSM = VendorCycle("SD-1", "first_response", "Time to first response", 0, at("2025-03-03T09:00:00Z"),
                  at("2025-03-03T09:30:00Z"), at("2025-03-03T11:00:00Z"), False, 1800.0)


@pytest.mark.parametrize(
    ("cycle", "verdict", "difference", "reason"),
    [
        (slac_cycle("2025-03-03T09:00:00Z", "2025-03-03T09:30:00Z", "2025-03-03T11:00:30Z", "met"), "agree", 30.0, None),
        (slac_cycle("2025-03-03T09:00:00Z", "2025-03-03T09:30:00Z", "2025-03-03T13:00:00Z", "met", paused=7200.0),
         "slac later", 7200.0, "a pause the helpdesk did not apply (slac's cycle was paused 2 h 00 min)"),
        (slac_cycle("2025-03-03T09:00:00Z", "2025-03-03T09:30:00Z", "2025-03-04T11:00:00Z", "met"),
         "slac later", 86400.0, "a closed day (a holiday) that the policy's calendar knows and the other does not"),
        (slac_cycle("2025-03-03T09:00:00Z", "2025-03-03T09:30:00Z", "2025-03-03T10:00:00Z", "met"),
         "slac earlier", -3600.0, "a pause the helpdesk applied that the policy does not"),
        (slac_cycle("2025-03-03T09:15:00Z", "2025-03-03T09:30:00Z", "2025-03-03T11:15:00Z", "met"),
         "slac later", 900.0, "the clocks start at different events (slac's starts 15 min later)"),
        (slac_cycle("2025-03-03T09:00:00Z", "2025-03-03T09:30:00Z", "2025-03-03T12:10:00Z", "met"),
         "slac later", 4200.0, "different support hours or a different goal"),
        (slac_cycle("2025-03-03T09:00:00Z", "2025-03-03T09:30:00Z", None, "best_effort", reason="best effort"),
         "no due to compare", None, "best effort"),
    ],
)
def test_a_cycle_is_judged_against_the_vendors(cycle: dict[str, Any], verdict: str, difference: float | None, reason: str | None) -> None:
    (row,) = compare([JSM], {"SD-1": evaluation("first_response", cycle)})
    assert (row.verdict, row.difference_seconds, row.reason) == (verdict, difference, reason)


def test_a_reply_the_helpdesk_counted_shows_in_the_stop_even_when_the_dues_agree() -> None:
    zendesk = records("zendesk", "zendesk_metric_events.json", "zendesk.toml")
    slac = evaluation("first_response", slac_cycle("2025-03-03T09:00:00Z", "2025-03-03T10:05:00Z", "2025-03-03T13:00:00Z", "met"))
    first, second = compare(zendesk, {101: slac})
    assert (first.verdict, first.difference_seconds, first.stop_difference_seconds) == ("agree", 0.0, 1500.0)
    assert first.reason is not None and first.reason.startswith("the helpdesk stopped its clock earlier")
    assert first.breach_agrees is True
    assert (second.cycle, second.verdict, second.slac_due) == (1, "only the vendor", None)


def test_breach_disagreement_is_flagged() -> None:
    breached = slac_cycle("2025-03-03T09:00:00Z", "2025-03-03T09:30:00Z", "2025-03-03T09:20:00Z", "breached")
    (row,) = compare([JSM], {"SD-1": evaluation("first_response", breached)})
    assert row.breach_agrees is False
    assert row.to_dict()["slac_due"] == "2025-03-03T09:20:00Z"


def test_a_cycle_only_slac_has_is_reported() -> None:
    two = evaluation("first_response",
                     slac_cycle("2025-03-03T09:00:00Z", "2025-03-03T09:30:00Z", "2025-03-03T11:00:00Z", "met"),
                     slac_cycle("2025-03-03T12:00:00Z", None, "2025-03-03T14:00:00Z", "due"))
    rows = compare([JSM], {"SD-1": two})
    assert [(r.cycle, r.verdict) for r in rows] == [(0, "agree"), (1, "only slac")]


def test_the_engine_on_an_imported_jira_issue_against_jsm() -> None:
    """SD-1 is on premium (organization Acme), level 3 when its first reply came (09:30Z; the
    level became 2 at 09:45Z). Premium × 3 × first_response is 4 business hours on Prague
    office hours (Mon–Fri 09:00–17:00): opened Monday 10:00 Prague, due 14:00 Prague = 13:00Z.
    JSM's goal was 2 hours (due 11:00Z): slac is 2 hours later, same start and stop, no pause."""
    mapping = load_mapping(FIXTURES / "jira.toml")
    compilation = compile_file(POLICY)
    assert compilation.policy is not None
    result = import_export("jira", FIXTURES / "jira_issues.json", mapping)
    assert result.ok, result.problems
    interpreter = Interpreter(compilation.policy)
    evaluations = {h["id"]: interpreter.evaluate(h, "2025-03-05T00:00:00Z").to_dict() for h in result.histories}
    cycles, _ = vendor_cycles("jira", read_documents(FIXTURES / "jira_issues.json"), mapping)
    (row,) = compare(cycles, evaluations)
    assert (row.verdict, row.difference_seconds, row.slac_status, row.breach_agrees) == ("slac later", 7200.0, "met", True)
    assert row.slac_stop == at("2025-03-03T09:30:00Z")
    assert row.reason == "different support hours or a different goal"


def test_imported_histories_replay_and_stop_at_the_real_first_reply() -> None:
    """Internal notes, the merge comment and the customer's private reply start and stop
    nothing: ticket 101's first response stops at the agent's public reply at 10:05Z."""
    compilation = compile_file(POLICY)
    assert compilation.policy is not None
    result = import_export("zendesk", FIXTURES / "zendesk_audits.json", load_mapping(FIXTURES / "zendesk.toml"))
    interpreter = Interpreter(compilation.policy)
    first = interpreter.evaluate(result.histories[0], "2025-03-05T00:00:00Z").to_dict()
    (cycle,) = first["targets"]["first_response"]["cycles"]
    assert (cycle["start"], cycle["stop"], cycle["status"]) == ("2025-03-03T09:00:00Z", "2025-03-03T10:05:00Z", "met")
    next_reply = first["targets"]["next_reply"]["cycles"]
    assert [c["start"] for c in next_reply] == ["2025-03-04T08:00:00Z"]  # not the private reply at 10:30Z
    merged = interpreter.evaluate(result.histories[1], "2025-03-05T00:00:00Z").to_dict()
    (merged_cycle,) = merged["targets"]["first_response"]["cycles"]
    assert merged_cycle["stop"] == "2025-03-03T09:40:00Z" and merged_cycle["status"] == "met"  # solved by the merge
