"""Hand-computed cases for the five seed policies, run on both engines: the interpreter and the
generated module. Every expected instant below was worked out by hand from the published
policy (see the comment of each case), never by running slac.

Calendars used (see rules/*.sla): Managry Europe/Prague Mon–Fri 08:00–17:00 minus Czech
holidays; CloudTalk Europe/Bratislava Mon–Fri 09:00–17:00 minus Slovak holidays; Zmanda
Standard the customer's zone Mon–Fri 08:00–17:00, Premium 24x7; Credenti Basic the customer's
zone and holidays, Global 09:00–17:00 / North America 08:00–17:00, Premium 24x7.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from slac.interpret import evaluate as interpret
from slac.runtime.evaluation import Evaluation
from slac.runtime.inputs import TicketError

from codegen.support import generated_module, line_of, seed_policy

Engine = Callable[[str, Mapping[str, Any], Any], Evaluation]


def _interpreter(policy_id: str, ticket: Mapping[str, Any], now: Any = None) -> Evaluation:
    return interpret(seed_policy(policy_id), ticket, now)


def _generated(policy_id: str, ticket: Mapping[str, Any], now: Any = None) -> Evaluation:
    return generated_module(policy_id).evaluate(ticket, now)  # type: ignore[no-any-return]


@pytest.fixture(params=[_interpreter, _generated], ids=["interpreter", "generated"])
def run(request: pytest.FixtureRequest) -> Engine:
    return request.param  # type: ignore[no-any-return]


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


# ----------------------------------------------------------------------------- Managry


def test_managry_premium_severity_1_on_saturday_is_due_8_wall_clock_hours_later(run: Engine) -> None:
    # Saturday 2025-03-08 10:00 Prague (UTC+1) is outside business hours: 8 hours on the wall
    # clock → 18:00 Prague = 17:00 UTC.
    result = run(
        "managry", {"plan": "premium", "severity": 1, "opened_at": "2025-03-08T10:00:00+01:00"}, "2025-03-08T12:00:00Z"
    )
    deadline = result.deadline("initial_response")
    assert deadline.due == utc("2025-03-08T17:00:00")
    assert deadline.clock == "wall clock (started outside business hours)"
    assert deadline.status == "due"


def test_managry_premium_severity_1_inside_hours_counts_one_business_hour(run: Engine) -> None:
    # Monday 2025-03-10 16:30 Prague is open: 30 minutes to 17:00, 30 more from Tuesday 08:00
    # → Tuesday 08:30 Prague = 07:30 UTC.
    result = run("managry", {"plan": "premium", "severity": "1", "opened_at": "2025-03-10T16:30:00+01:00"})
    assert result.deadline("initial_response").due == utc("2025-03-11T07:30:00")
    assert result.deadline("initial_response").clock.startswith(
        "business hours (Monday–Friday 08:00–17:00, Europe/Prague"
    )


def test_managry_standard_severity_1_friday_afternoon_is_due_monday_morning(run: Engine) -> None:
    # Friday 2025-03-07 16:30 Prague: 30 minutes on Friday, 30 on Monday → Monday 08:30
    # Prague = 07:30 UTC.
    result = run("managry", {"plan": "standard", "severity": 1, "opened_at": "2025-03-07T16:30:00+01:00"})
    assert result.level == "1"
    assert result.deadline("initial_response").due == utc("2025-03-10T07:30:00")


def test_managry_target_used_up_at_closing_time_is_due_at_closing_time(run: Engine) -> None:
    # Friday 16:00 Prague + 1 business hour = Friday 17:00 Prague (16:00 UTC), not Monday.
    result = run("managry", {"plan": "standard", "severity": 1, "opened_at": "2025-03-07T16:00:00+01:00"})
    assert result.deadline("initial_response").due == utc("2025-03-07T16:00:00")


def test_managry_czech_holiday_is_skipped(run: Engine) -> None:
    # 28 October 2025 (a Tuesday) is a Czech public holiday; summer time ended on 26 October,
    # so Prague is UTC+1. Monday 27 October 15:00 + 4 business hours: 2 on Monday, none on
    # Tuesday, 2 on Wednesday → Wednesday 29 October 10:00 Prague = 09:00 UTC.
    result = run("managry", {"plan": "standard", "severity": 2, "opened_at": "2025-10-27T15:00:00+01:00"})
    assert result.deadline("initial_response").due == utc("2025-10-29T09:00:00")


def test_managry_premium_on_a_czech_holiday_is_outside_business_hours(run: Engine) -> None:
    # Tuesday 28 October 2025 10:00 Prague is closed (holiday): 8 wall-clock hours → 18:00 Prague.
    result = run("managry", {"plan": "premium", "severity": 1, "opened_at": "2025-10-28T10:00:00+01:00"})
    assert result.deadline("initial_response").due == utc("2025-10-28T17:00:00")


def test_managry_business_hours_across_the_spring_dst_change(run: Engine) -> None:
    # Friday 2025-03-28 15:00 Prague (UTC+1) + 4 business hours: 2 on Friday, 2 on Monday
    # 31 March, after the change to summer time (UTC+2) → 10:00 Prague = 08:00 UTC.
    result = run("managry", {"plan": "standard", "severity": 2, "opened_at": "2025-03-28T14:00:00Z"})
    assert result.deadline("initial_response").due == utc("2025-03-31T08:00:00")


def test_managry_business_day_is_the_nine_hour_open_day(run: Engine) -> None:
    # Premium severity 3 is 1 business day = 9 hours (08:00–17:00). Thursday 2025-03-06 12:00
    # Prague: 5 hours on Thursday, 4 on Friday → Friday 12:00 Prague = 11:00 UTC.
    result = run("managry", {"plan": "premium", "severity": 3, "opened_at": "2025-03-06T12:00:00+01:00"})
    assert result.deadline("initial_response").due == utc("2025-03-07T11:00:00")
    # The ongoing response of severity 3 is not published: a missing cell.
    assert result.deadline("ongoing_response").status == "undefined"


def test_managry_standard_severity_3_has_no_published_targets(run: Engine) -> None:
    result = run("managry", {"plan": "standard", "severity": 3, "opened_at": "2025-03-06T12:00:00+01:00"})
    assert result.deadline("initial_response").status == "undefined"
    assert result.deadline("initial_response").due is None
    assert result.deadline("initial_response").reason


def test_managry_ongoing_response_runs_from_the_last_agent_reply(run: Engine) -> None:
    # Standard severity 1 ongoing response is 2 business hours. Agent reply Wednesday
    # 2025-03-12 16:00 Prague: 1 hour on Wednesday, 1 on Thursday → Thursday 09:00 Prague =
    # 08:00 UTC, breached at Thursday 10:00 Prague.
    ticket = {
        "plan": "standard",
        "severity": 1,
        "opened_at": "2025-03-12T09:00:00+01:00",
        "responded_at": "2025-03-12T09:30:00+01:00",
        "last_agent_reply_at": "2025-03-12T16:00:00+01:00",
    }
    result = run("managry", ticket, "2025-03-13T10:00:00+01:00")
    ongoing = result.deadline("ongoing_response")
    assert ongoing.start == utc("2025-03-12T15:00:00")
    assert ongoing.due == utc("2025-03-13T08:00:00")
    assert ongoing.status == "breached"
    assert result.deadline("initial_response").status == "met"  # 09:30 ≤ 10:00


def test_managry_ongoing_response_without_agent_reply_has_not_started(run: Engine) -> None:
    result = run("managry", {"plan": "standard", "severity": 1, "opened_at": "2025-03-12T09:00:00+01:00"})
    ongoing = result.deadline("ongoing_response")
    assert (ongoing.status, ongoing.start, ongoing.due) == ("n/a", None, None)
    assert "agent reply" in (ongoing.reason or "")


def test_managry_response_after_the_deadline_is_breached(run: Engine) -> None:
    # Due 10:00 Prague (09:00 opening + 1 business hour); the response came at 10:01.
    ticket = {
        "plan": "standard",
        "severity": 1,
        "opened_at": "2025-03-12T09:00:00+01:00",
        "responded_at": "2025-03-12T10:01:00+01:00",
    }
    assert run("managry", ticket, "2025-03-12T09:10:00+01:00").deadline("initial_response").status == "breached"


def test_managry_unresponded_ticket_is_breached_once_now_reaches_the_deadline(run: Engine) -> None:
    ticket = {"plan": "standard", "severity": 1, "opened_at": "2025-03-12T09:00:00+01:00"}
    assert run("managry", ticket, "2025-03-12T09:59:59+01:00").deadline("initial_response").status == "due"
    assert run("managry", ticket, "2025-03-12T10:00:00+01:00").deadline("initial_response").status == "breached"


# ----------------------------------------------------------------------------- CloudTalk


def test_cloudtalk_without_priority_is_3_by_default_and_the_trace_says_why(run: Engine) -> None:
    # Professional P3 is 9 business hours. Monday 2025-03-03 09:00 Bratislava (UTC+1): 8 hours
    # on Monday, 1 on Tuesday → Tuesday 10:00 = 09:00 UTC.
    result = run("cloudtalk", {"plan": "professional", "opened_at": "2025-03-03T09:00:00+01:00"})
    assert result.level == "3"
    assert [entry.step for entry in result.trace] == ["default"]
    line = line_of("cloudtalk", "default priority")
    assert result.trace[0].line == line
    assert f"no priority was given, so the default applies (line {line})" in result.messages[0]
    assert result.deadline("initial_response").due == utc("2025-03-04T09:00:00")
    assert result.to_dict()["priority"] == "3"


def test_cloudtalk_staging_p1_is_reclassified_3_by_not_production_when_cloudtalk_applies_it(run: Engine) -> None:
    # CloudTalk "si riserva il diritto di riclassificare": the rule applies when the ticket says so
    ticket = {"plan": "professional", "priority": 1, "environment": "staging", "opened_at": "2025-03-03T09:00:00+01:00"}
    assert run("cloudtalk", ticket).level == "1"
    result = run("cloudtalk", {**ticket, "applied_rules": ["not_production"]})
    assert result.level == "3"
    rule = result.trace[-1]
    line = line_of("cloudtalk", "rule not_production")
    assert (rule.step, rule.subject, rule.line, rule.previous, rule.level) == (
        "discretion", "not_production", line, "1", "3"
    )
    assert f"rule not_production (line {line}) applied at support's discretion" in result.messages[-1]


def test_cloudtalk_production_p1_keeps_its_priority(run: Engine) -> None:
    result = run(
        "cloudtalk",
        {"plan": "professional", "priority": 1, "environment": "production", "opened_at": "2025-03-03T09:00:00+01:00"},
    )
    assert result.level == "1"
    # 3 business hours from Monday 09:00 → 12:00 Bratislava = 11:00 UTC.
    assert result.deadline("initial_response").due == utc("2025-03-03T11:00:00")


def test_cloudtalk_beta_product_is_excluded(run: Engine) -> None:
    result = run(
        "cloudtalk",
        {"plan": "advanced", "priority": 1, "product_stage": "beta", "opened_at": "2025-03-03T09:00:00+01:00"},
    )
    assert result.excluded
    deadline = result.deadline("initial_response")
    assert (deadline.status, deadline.due) == ("excluded", None)
    assert "preview_and_beta" in (deadline.reason or "")
    assert result.to_dict()["targets"]["initial_response"]["status"] == "excluded"


def test_cloudtalk_advanced_p1_is_one_wall_clock_hour(run: Engine) -> None:
    # Saturday 23:30 Bratislava: the (24/7) cell ignores business hours → Sunday 00:30.
    result = run("cloudtalk", {"plan": "advanced", "priority": 1, "opened_at": "2025-03-08T23:30:00+01:00"})
    deadline = result.deadline("initial_response")
    assert deadline.due == utc("2025-03-08T23:30:00")
    assert deadline.clock == "wall clock"


def test_cloudtalk_basic_is_not_applicable(run: Engine) -> None:
    result = run("cloudtalk", {"plan": "basic", "priority": 2, "opened_at": "2025-03-03T09:00:00+01:00"})
    assert result.deadline("initial_response").status == "n/a"


def test_cloudtalk_slovak_holiday_is_skipped(run: Engine) -> None:
    # Monday 6 January 2025 (Epiphany) is a Slovak public holiday. Professional P2 is 6 business
    # hours: Friday 3 January 15:00 Bratislava gives 2, Tuesday 7 January gives 4 → 13:00 =
    # 12:00 UTC.
    result = run("cloudtalk", {"plan": "professional", "priority": 2, "opened_at": "2025-01-03T15:00:00+01:00"})
    assert result.deadline("initial_response").due == utc("2025-01-07T12:00:00")


# ----------------------------------------------------------------------------- Zmanda


def test_zmanda_urgency_high_impact_medium_is_p2(run: Engine) -> None:
    result = run(
        "zmanda", {"plan": "premium", "urgency": "high", "impact": "medium", "opened_at": "2025-03-08T10:00:00Z"}
    )
    assert result.level == "P2"
    assert result.trace[0].step == "matrix"
    assert "urgency high × impact medium" in result.messages[0]
    # Premium P2 is 60 minutes on the 24x7 calendar.
    assert result.deadline("initial_response").due == utc("2025-03-08T11:00:00")


def test_zmanda_given_priority_wins_over_the_matrix(run: Engine) -> None:
    result = run(
        "zmanda",
        {"plan": "premium", "priority": "P4", "urgency": "high", "impact": "high", "opened_at": "2025-03-08T10:00:00Z"},
    )
    assert result.level == "P4"
    assert [entry.step for entry in result.trace] == ["given"]


def test_zmanda_trial_gets_premium_targets_and_keeps_its_name(run: Engine) -> None:
    # Premium P1: 15 minutes around the clock, even on a Saturday.
    result = run("zmanda", {"plan": "trial", "priority": "P1", "opened_at": "2025-03-08T10:00:00Z"})
    assert result.plan == "trial"
    assert result.deadline("initial_response").due == utc("2025-03-08T10:15:00")
    assert any(entry.step == "plan" and entry.subject == "premium" for entry in result.trace)


def test_zmanda_community_is_best_effort(run: Engine) -> None:
    result = run("zmanda", {"plan": "community", "priority": "P1", "opened_at": "2025-03-08T10:00:00Z"})
    deadline = result.deadline("initial_response")
    assert (deadline.status, deadline.due) == ("best_effort", None)


def test_zmanda_standard_counts_in_the_customers_local_hours_across_dst(run: Engine) -> None:
    # P2 is 3 hours counted in support hours (Mon–Fri 08:00–17:00 in the customer's zone).
    # Friday 2025-03-07 16:00 New York (UTC−5): 1 hour on Friday; US summer time starts on
    # 9 March, so Monday 08:00–10:00 is UTC−4 → due 10:00 New York = 14:00 UTC.
    ticket = {
        "plan": "standard",
        "priority": "P2",
        "timezone": "America/New_York",
        "opened_at": "2025-03-07T16:00:00-05:00",
    }
    result = run("zmanda", ticket)
    assert result.deadline("initial_response").due == utc("2025-03-10T14:00:00")
    assert "America/New_York" in (result.deadline("initial_response").clock or "")


def test_zmanda_standard_needs_the_customers_timezone(run: Engine) -> None:
    with pytest.raises(TicketError) as error:
        run("zmanda", {"plan": "standard", "priority": "P2", "opened_at": "2025-03-07T16:00:00-05:00"})
    assert error.value.field == "timezone"


def test_zmanda_without_priority_or_matrix_inputs_is_invalid(run: Engine) -> None:
    with pytest.raises(TicketError) as error:
        run("zmanda", {"plan": "premium", "urgency": "high", "opened_at": "2025-03-07T16:00:00Z"})
    assert error.value.field == "priority"
    assert "P1, P2, P3, P4" in str(error.value)


# ----------------------------------------------------------------------------- Credenti


def test_credenti_p1_with_customer_unavailable_is_lowered_to_2(run: Engine) -> None:
    ticket = {"plan": "premium", "priority": 1, "customer_available": "no", "opened_at": "2025-03-08T10:00:00Z",
              "applied_rules": ["unavailable_1", "unavailable_2"]}
    result = run("credenti", ticket)
    assert result.level == "2"
    assert [entry.subject for entry in result.trace if entry.step == "discretion"] == ["unavailable_1", "unavailable_2"]
    # Premium P2 is 1 hour on the 24x7 calendar.
    assert result.deadline("initial_response").due == utc("2025-03-08T11:00:00")


def test_credenti_json_boolean_false_means_no(run: Engine) -> None:
    ticket = {"plan": "premium", "priority": 1, "customer_available": False, "opened_at": "2025-03-08T10:00:00Z",
              "applied_rules": "unavailable_1"}
    assert run("credenti", ticket).level == "2"
    ticket["customer_available"] = True
    with pytest.raises(TicketError, match="applied_rules.*unavailable_1, which does not apply"):
        run("credenti", ticket)


def test_credenti_available_by_default(run: Engine) -> None:
    result = run("credenti", {"plan": "premium", "priority": 1, "opened_at": "2025-03-08T10:00:00Z"})
    assert result.level == "1"
    # Premium P1 is 30 minutes on the 24x7 calendar.
    assert result.deadline("initial_response").due == utc("2025-03-08T10:30:00")


def test_credenti_basic_needs_region_then_timezone_then_country(run: Engine) -> None:
    ticket: dict[str, Any] = {"plan": "basic", "priority": 1, "opened_at": "2025-04-30T16:00:00+02:00"}
    with pytest.raises(TicketError) as error:
        run("credenti", ticket)
    assert error.value.field == "region"
    assert "global" in str(error.value) and "north_america" in str(error.value)
    ticket["region"] = "global"
    with pytest.raises(TicketError) as error:
        run("credenti", ticket)
    assert error.value.field == "timezone"
    ticket["timezone"] = "Europe/Warsaw"
    with pytest.raises(TicketError) as error:
        run("credenti", ticket)
    assert error.value.field == "country"


def test_credenti_basic_global_skips_the_customers_holiday(run: Engine) -> None:
    # P1 is 2 hours counted in support hours (09:00–17:00 Warsaw, minus Polish holidays).
    # Wednesday 30 April 2025 16:00 (UTC+2): 1 hour; 1 May is a Polish holiday; Friday 2 May
    # 09:00 + 1 hour → 10:00 Warsaw = 08:00 UTC.
    ticket = {
        "plan": "basic",
        "priority": 1,
        "region": "global",
        "timezone": "Europe/Warsaw",
        "country": "pl",
        "opened_at": "2025-04-30T16:00:00+02:00",
    }
    result = run("credenti", ticket)
    assert result.deadline("initial_response").due == utc("2025-05-02T08:00:00")
    assert any(entry.step == "hours" and entry.subject == "global" for entry in result.trace)


def test_credenti_basic_north_america_opens_at_8(run: Engine) -> None:
    # Friday 4 July 2025 is a US holiday; the weekend follows. Monday 7 July 08:00 Chicago
    # (UTC−5) + 2 hours → 10:00 = 15:00 UTC.
    ticket = {
        "plan": "basic",
        "priority": 1,
        "region": "north_america",
        "timezone": "America/Chicago",
        "country": "US",
        "subdivision": "IL",
        "opened_at": "2025-07-04T10:00:00-05:00",
    }
    assert run("credenti", ticket).deadline("initial_response").due == utc("2025-07-07T15:00:00")


def test_credenti_basic_24_hours_are_three_support_days(run: Engine) -> None:
    # P3 is 24 hours counted in support hours: 8-hour days, so 3 days. Monday 2025-03-03 09:00
    # Warsaw (UTC+1) → Wednesday 17:00 Warsaw = 16:00 UTC (due at closing time).
    ticket = {
        "plan": "basic",
        "priority": 3,
        "region": "global",
        "timezone": "Europe/Warsaw",
        "country": "PL",
        "opened_at": "2025-03-03T09:00:00+01:00",
    }
    assert run("credenti", ticket).deadline("initial_response").due == utc("2025-03-05T16:00:00")


# ----------------------------------------------------------------------------- Zimbra


def test_zimbra_email_is_severity_1_and_violates_the_portal_restriction(run: Engine) -> None:
    result = run("zimbra", {"plan": "standard", "channel": "email", "opened_at": "2025-03-03T09:00:00Z"})
    assert result.level == "1"
    assert result.violations == ("portal_only",)
    assert [entry.step for entry in result.trace] == ["rule", "restriction"]
    assert f"violates restriction portal_only (line {line_of('zimbra', 'restrict portal_only')})" in result.messages[-1]
    assert result.to_dict()["violations"] == ["portal_only"]


def test_zimbra_severity_1_through_the_portal_is_allowed(run: Engine) -> None:
    result = run(
        "zimbra", {"plan": "standard", "channel": "portal", "severity": 1, "opened_at": "2025-03-03T09:00:00Z"}
    )
    assert result.violations == ()


def test_zimbra_follow_up_is_24_to_72_hours_after_the_customers_reply(run: Engine) -> None:
    ticket = {
        "plan": "standard",
        "channel": "portal",
        "severity": 2,
        "opened_at": "2025-03-03T09:00:00Z",
        "last_customer_reply_at": "2025-03-07T10:00:00+01:00",
    }
    result = run("zimbra", ticket, "2025-03-08T12:00:00Z")
    follow_up = result.deadline("follow_up")
    # Customer replied at 09:00 UTC: earliest +24 h, due +72 h, on the wall clock.
    assert follow_up.earliest == utc("2025-03-08T09:00:00")
    assert follow_up.due == utc("2025-03-10T09:00:00")
    assert (follow_up.status, follow_up.clock) == ("due", "wall clock")
    met = run("zimbra", {**ticket, "last_agent_reply_at": "2025-03-09T09:00:00Z"}, "2025-03-11T00:00:00Z")
    assert met.deadline("follow_up").status == "met"
    # An agent reply before the customer's reply does not answer it.
    stale = run("zimbra", {**ticket, "last_agent_reply_at": "2025-03-06T09:00:00Z"}, "2025-03-11T00:00:00Z")
    assert stale.deadline("follow_up").status == "breached"


def test_zimbra_severity_1_follow_up_is_not_applicable(run: Engine) -> None:
    result = run(
        "zimbra",
        {
            "plan": "standard",
            "channel": "portal",
            "severity": 1,
            "opened_at": "2025-03-03T09:00:00Z",
            "last_customer_reply_at": "2025-03-04T09:00:00Z",
        },
    )
    assert result.deadline("follow_up").status == "n/a"


def test_zimbra_follow_up_without_customer_reply_has_not_started(run: Engine) -> None:
    result = run("zimbra", {"plan": "standard", "severity": 3, "opened_at": "2025-03-03T09:00:00Z"})
    assert result.deadline("follow_up").status == "n/a"
    assert "customer reply" in (result.deadline("follow_up").reason or "")


# ----------------------------------------------------------------------------- invalid tickets


@pytest.mark.parametrize(
    ("policy_id", "ticket", "field", "words"),
    [
        ("managry", {"plan": "standard", "severity": 1, "opened_at": "2025-03-07T16:30:00"}, "opened_at", ["+01:00"]),
        (
            "managry",
            {"plan": "standard", "severity": 1, "opened_at": datetime(2025, 3, 7, 16, 30)},
            "opened_at",
            ["offset"],
        ),
        (
            "managry",
            {"plan": "gold", "severity": 1, "opened_at": "2025-03-07T16:30:00Z"},
            "plan",
            ["'gold'", "standard, premium"],
        ),
        ("managry", {"severity": 1, "opened_at": "2025-03-07T16:30:00Z"}, "plan", ["required"]),
        (
            "managry",
            {"plan": "standard", "severity": 7, "opened_at": "2025-03-07T16:30:00Z"},
            "severity",
            ["7", "1, 2, 3, 4"],
        ),
        (
            "managry",
            {"plan": "standard", "severity": True, "opened_at": "2025-03-07T16:30:00Z"},
            "severity",
            ["severity: true is not a severity level"],
        ),
        (
            "managry",
            {"plan": "standard", "severity": [1], "opened_at": "2025-03-07T16:30:00Z"},
            "severity",
            ["severity: a list is not a severity level"],
        ),
        ("managry", {"plan": None, "opened_at": "2025-03-07T16:30:00Z"}, "plan", ["plan: is required"]),
        ("managry", {"plan": ["standard"], "opened_at": "2025-03-07T16:30:00Z"}, "plan", ["a list is not a plan"]),
        ("managry", {"plan": "standard", "opened_at": {"at": 1}}, "opened_at", ["an object is not an instant"]),
        ("managry", {"plan": "standard", "opened_at": False}, "opened_at", ["false is not an instant"]),
        (
            "credenti",
            {"plan": "premium", "customer_available": 1, "opened_at": "2025-03-07T16:30:00Z"},
            "customer_available",
            ["1 is not a yes/no value"],
        ),
        (
            "zmanda",
            {"plan": "standard", "urgency": True, "opened_at": "2025-03-07T16:30:00Z"},
            "urgency",
            ["true is not a value of urgency"],
        ),
        ("credenti", {"plan": "premium", "timezone": True, "opened_at": "2025-03-07T16:30:00Z"}, "timezone", ["true"]),
        (
            "credenti",
            {"plan": "premium", "country": ["CZ"], "opened_at": "2025-03-07T16:30:00Z"},
            "country",
            ["a list"],
        ),
        # instants outside the supported years, as text, as datetimes, and across the edge in UTC
        (
            "managry",
            {"plan": "standard", "severity": 2, "opened_at": "9999-12-31T23:00:00Z"},
            "opened_at",
            ["opened_at: year 9999 is outside the supported range 1970–2099"],
        ),
        (
            "managry",
            {"plan": "standard", "severity": 2, "opened_at": "9999-12-31T23:00:00-01:00"},
            "opened_at",
            ["year 9999 is outside the supported range"],
        ),
        (
            "managry",
            {"plan": "standard", "severity": 2, "opened_at": "0001-01-01T00:00:00Z"},
            "opened_at",
            ["year 1 is outside the supported range"],
        ),
        (
            "managry",
            {"plan": "standard", "severity": 2, "opened_at": "0001-01-01T00:30:00+01:00"},
            "opened_at",
            ["year 1 is outside the supported range"],
        ),
        (
            "managry",
            {"plan": "standard", "severity": 2, "opened_at": "1969-12-31T23:59:59Z"},
            "opened_at",
            ["year 1969 is outside the supported range"],
        ),
        (
            "managry",
            {"plan": "standard", "severity": 2, "opened_at": "2099-12-31T23:30:00-01:00"},
            "opened_at",
            ["year 2100 (in UTC) is outside the supported range"],
        ),
        (
            "managry",
            {
                "plan": "standard",
                "severity": 2,
                "opened_at": datetime(9999, 12, 31, 23, tzinfo=timezone(-timedelta(hours=1))),
            },
            "opened_at",
            ["year 9999 is outside the supported range"],
        ),
        (
            "managry",
            {"plan": "standard", "severity": 2, "opened_at": datetime(2100, 1, 1, 1, tzinfo=ZoneInfo("Europe/Prague"))},
            "opened_at",
            ["year 2100 is outside the supported range"],
        ),
        (
            "zimbra",
            {
                "plan": "standard",
                "severity": 2,
                "opened_at": "2025-03-07T16:30:00Z",
                "responded_at": "9999-12-31T23:00:00Z",
            },
            "responded_at",
            ["year 9999 is outside the supported range"],
        ),
        (
            "credenti",
            {"plan": "basic", "priority": 2, "opened_at": "2025-03-07T16:30:00Z"},
            "region",
            ["region: is required for plan basic (its support hours depend on it); accepted: global, north_america"],
        ),
        ("managry", {"plan": "standard", "severity": 1}, "opened_at", ["required"]),
        ("managry", {"plan": "standard", "severity": 1, "opened_at": "yesterday"}, "opened_at", ["ISO 8601"]),
        (
            "managry",
            {"plan": "standard", "severity": 1, "opened_at": "2025-03-07T16:30:00Z", "priority": 1},
            "priority",
            ["plan, severity"],
        ),
        (
            "cloudtalk",
            {"plan": "basic", "environment": "prod", "opened_at": "2025-03-07T16:30:00Z"},
            "environment",
            ["'prod'", "production, staging, development"],
        ),
        (
            "credenti",
            {"plan": "premium", "customer_available": "maybe", "opened_at": "2025-03-07T16:30:00Z"},
            "customer_available",
            ["'maybe'", "true, false"],
        ),
        (
            "zmanda",
            {"plan": "standard", "priority": "P1", "timezone": "Europe/Prag", "opened_at": "2025-03-07T16:30:00Z"},
            "timezone",
            ["'Europe/Prag'", "Europe/Prague"],
        ),
        ("credenti", {"plan": "premium", "country": "XX", "opened_at": "2025-03-07T16:30:00Z"}, "country", ["'XX'"]),
        (
            "credenti",
            {"plan": "premium", "subdivision": "NY", "opened_at": "2025-03-07T16:30:00Z"},
            "subdivision",
            ["country"],
        ),
        (
            "zimbra",
            {
                "plan": "standard",
                "severity": 2,
                "opened_at": "2025-03-07T16:30:00Z",
                "responded_at": "2025-03-07T16:00:00Z",
            },
            "responded_at",
            ["before opened_at"],
        ),
    ],
)
def test_invalid_tickets_name_the_input(
    run: Engine, policy_id: str, ticket: dict[str, Any], field: str, words: list[str]
) -> None:
    with pytest.raises(TicketError) as error:
        run(policy_id, ticket, "2025-03-08T00:00:00Z")
    assert isinstance(error.value, ValueError)
    assert error.value.field == field
    for word in words:
        assert word in str(error.value)
    for leak in ("None", "True", "False", "datetime.", "<class"):
        assert leak not in str(error.value), leak  # JSON's words, never Python's


def test_naive_now_is_rejected(run: Engine) -> None:
    with pytest.raises(TicketError) as error:
        run("zimbra", {"plan": "standard", "severity": 2, "opened_at": "2025-03-07T16:30:00Z"}, datetime(2025, 3, 8))
    assert error.value.field == "now"


def test_a_ticket_that_is_not_an_object_is_rejected(run: Engine) -> None:
    with pytest.raises(TicketError) as error:
        run("zimbra", ["plan", "standard"], None)  # type: ignore[arg-type]
    assert error.value.field == "ticket"
    assert str(error.value) == "ticket: must be a JSON object (a mapping of inputs), got a list"
    with pytest.raises(TicketError) as error:
        run("zimbra", None, None)  # type: ignore[arg-type]
    assert str(error.value) == "ticket: must be a JSON object (a mapping of inputs), got nothing (null)"


@pytest.mark.parametrize(
    "now",
    [
        "9999-12-31T23:59:00-01:00",
        "0001-01-01T00:00:00Z",
        datetime(2100, 1, 1, tzinfo=timezone.utc),
        datetime(1969, 12, 31, 23, 59, tzinfo=timezone.utc),
    ],
)
def test_now_outside_the_supported_years_is_rejected(run: Engine, now: Any) -> None:
    with pytest.raises(TicketError) as error:
        run("managry", {"plan": "standard", "severity": 2, "opened_at": "2025-03-07T16:30:00Z"}, now)
    assert error.value.field == "now"
    assert "is outside the supported range 1970–2099" in str(error.value)


def test_the_first_and_last_supported_instants_are_evaluated(run: Engine) -> None:
    # 1970-01-01 was a Thursday and a Czech public holiday (New Year's Day): Friday 08:00
    # Prague (CET, 07:00 UTC) + 4 business hours = 11:00 UTC.
    first = run(
        "managry", {"plan": "standard", "severity": 2, "opened_at": "1970-01-01T00:00:00Z"}, "1970-01-01T00:00:00Z"
    )
    assert first.deadline("initial_response").due == utc("1970-01-02T11:00:00")
    # Thursday 2099-12-31 23:59:59 UTC, past closing: 4 business hours from Friday 2100-01-01
    # 08:00 Prague (New Year's Day, closed) → Monday 2100-01-04 08:00 + 4 h = 11:00 UTC.
    last = run(
        "managry", {"plan": "standard", "severity": 2, "opened_at": "2099-12-31T23:59:59Z"}, "2099-12-31T23:59:59Z"
    )
    assert last.deadline("initial_response").due == utc("2100-01-04T11:00:00")


def test_asking_for_an_unknown_target_names_the_targets(run: Engine) -> None:
    result = run("managry", {"plan": "standard", "severity": 1, "opened_at": "2025-03-07T16:30:00Z"}, None)
    with pytest.raises(KeyError) as error:
        result.deadline("initial_respons")
    assert str(error.value) == (
        "'initial_respons' is not a target of policy managry (did you mean 'initial_response'?); "
        "the targets are: initial_response, ongoing_response"
    )
    with pytest.raises(LookupError, match="the targets are: initial_response, ongoing_response"):
        result.deadline("nope")
