"""Conditions with `and`, `or`, `not` and parentheses, and hours lines tried in order with a
fallback, in both engines.

`tests/cases/conditions/hours_by_ticket.sla` tests compound conditions in rules, a restriction
and hours lines. Every combination of the inputs that decide the level and the hours is run
through the interpreter and the generated module, which must agree, and against a reference
written here by hand from the policy's text (plain Python `if`s, no slac code), which both must
match: the final level, whether the restriction is reported, and which hours line was chosen.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timezone
from functools import cache
from types import ModuleType
from typing import Any

import pytest
from hypothesis import example, given, settings

from slac.codegen.python import render_module
from slac.interpret import Interpreter
from slac.model.types import Policy
from slac.pipeline import compile_file

from checks.test_support_hours import holds as condition_holds
from checks.test_support_hours import tests as condition_tests
from checks.test_support_hours import text as condition_text
from codegen.support import CASES, _scratch, load_source

POLICY = CASES / "conditions" / "hours_by_ticket.sla"
OPENED = ("2025-03-07T16:00:00+01:00", "2025-03-08T10:00:00+01:00")
NOW = datetime(2025, 3, 9, tzinfo=timezone.utc)


@cache
def policy() -> Policy:
    compilation = compile_file(POLICY)
    assert compilation.ok and compilation.policy is not None, compilation.diagnostics
    return compilation.policy


@cache
def module() -> ModuleType:
    source = render_module(policy(), "tests/cases/conditions/hours_by_ticket.sla")
    return load_source(source, "generated_hours_by_ticket", _scratch())


def reference(severity: str | None, region: str | None, channel: str | None, environment: str | None) -> tuple[str, bool, str | None]:
    """(final severity, whether `critical_by_phone` is broken, the conditional hours line's
    calendar or None for the fallback), from the policy's text."""
    channel = channel or "portal"
    environment = environment or "production"
    level = severity
    if environment == "staging" and (level == "1" or level is None):
        level = "2"
    if level is None and (channel == "phone" or region not in ("eu", "us")):
        level = "2"
    if level is None:
        level = "3"
    broken = level == "1" and not (channel != "email" or (environment == "production" and region == "us"))
    if level == "1" and environment != "staging":
        hours = "always"
    elif region == "us" or (region == "asia" and channel == "phone"):
        hours = "americas"
    else:
        hours = None
    return level, broken, hours


def tickets() -> list[dict[str, Any]]:
    """Every combination of severity, region, channel and environment (each also absent)."""
    combinations = itertools.product(
        (None, "1", "2", "3"), (None, "eu", "us", "asia"), (None, "portal", "email", "phone"), (None, "production", "staging"), OPENED
    )
    found = []
    for severity, region, channel, environment, opened in combinations:
        ticket: dict[str, Any] = {"plan": "standard", "opened_at": opened}
        for name, value in (("severity", severity), ("region", region), ("channel", channel), ("environment", environment)):
            if value is not None:
                ticket[name] = value
        found.append(ticket)
    return found


def observed(evaluation: dict[str, Any]) -> tuple[str, bool, str | None]:
    trace = evaluation["trace"]
    broken = any(entry["step"] == "restriction" and entry["subject"] == "critical_by_phone" for entry in trace)
    hours = [entry["subject"] for entry in trace if entry["step"] == "hours"]
    assert len(hours) <= 1
    return evaluation["level"], broken, hours[0] if hours else None


@pytest.mark.parametrize("ticket", tickets(), ids=lambda t: "-".join(str(v) for k, v in sorted(t.items()) if k != "plan"))
def test_both_engines_follow_the_conditions_as_written(ticket: dict[str, Any]) -> None:
    interpreted = Interpreter(policy()).evaluate(ticket, NOW).to_dict()
    generated = module().evaluate(ticket, NOW).to_dict()
    assert interpreted == generated
    expected = reference(ticket.get("severity"), ticket.get("region"), ticket.get("channel"), ticket.get("environment"))
    assert observed(interpreted) == expected


def test_the_reference_reaches_every_hours_line_and_the_restriction() -> None:
    """The combinations exercise every branch, so the comparison above can fail on each."""
    outcomes = {reference(t.get("severity"), t.get("region"), t.get("channel"), t.get("environment")) for t in tickets()}
    assert {hours for _, _, hours in outcomes} == {"always", "americas", None}
    assert {broken for _, broken, _ in outcomes} == {True, False}
    assert {level for level, _, _ in outcomes} == {"1", "2", "3"}


UNCOVERED = """policy uncovered "Hours that leave a gap"

scale severity "Severity"
    level 1 "One"
    level 2 "Two"

field region "Region"
    values eu, us, asia

calendar office "Office"
    timezone Europe/Prague
    open mon-fri 09:00-17:00

calendar always "Always"
    timezone UTC
    open 24x7

target reply "Reply" from opened

plan standard "Standard"
    hours always when severity is 1
    hours office when region is eu
    targets
        severity | reply
        1        | 1 business hour
        2        | 2 business hours
"""


@pytest.mark.parametrize(
    ("region", "message"),
    [
        ("us", "no support hours of plan standard apply to a ticket with severity '2', region 'us': "
         "calendar always when severity is 1; calendar office when region is eu"),
        (None, "is required for plan standard (its support hours depend on it); accepted: eu"),
    ],
)
def test_a_ticket_no_hours_line_covers_gets_the_same_error_naming_its_inputs(region: str | None, message: str) -> None:
    from slac import compile_text
    from slac.runtime.inputs import TicketError

    uncovered = compile_text(UNCOVERED, "uncovered.sla").policy
    assert uncovered is not None
    generated = load_source(render_module(uncovered, "uncovered.sla"), "generated_uncovered", _scratch())
    ticket: dict[str, Any] = {"plan": "standard", "severity": "2", "opened_at": "2025-03-03T10:00Z"}
    if region is not None:
        ticket["region"] = region
    errors = []
    for evaluate in (Interpreter(uncovered).evaluate, generated.evaluate):
        with pytest.raises(TicketError) as raised:
            evaluate(ticket, "2025-03-04T00:00Z")
        errors.append((raised.value.field, str(raised.value)))
    assert errors[0] == errors[1]
    assert errors[0][0] == "region"
    assert message in errors[0][1]


@pytest.mark.parametrize("name", ["hours_by_ticket", "customer_working_week"])
def test_the_worked_examples_pass_in_both_engines(name: str) -> None:
    from slac.examples import run_examples

    compilation = compile_file(CASES / "conditions" / f"{name}.sla")
    results = run_examples(compilation)
    assert len(results) >= 2
    assert all(result.passed for result in results), [r for r in results if not r.passed]


RANDOM_RULE = """policy random_rule "A rule with a random condition"

scale severity "Severity"
    level 1 "One"
    level 2 "Two"
    level 3 "Three"

field region "Region"
    values eu, us, asia

field channel "Channel"
    values portal, phone
    default portal

target reply "Reply" from opened

plan p "P"
    targets
        severity | reply
        1        | 1 hour
        2        | 2 hours
        3        | 3 hours

rule random "A random condition"
    when {condition}
    then severity 1

default severity 3
"""


# Rendering a module per example is slow: a tenth of the profile's examples, at least 20.
@settings(max_examples=max(20, settings.default.max_examples // 10), deadline=None)
@given(condition_tests)
@example(("and", (("clause", "region", "is", ("us",)), ("or", (("clause", "channel", "is", ("phone",)), ("clause", "severity", "is", ("2",)))))))
@example(("not", ("or", (("clause", "region", "is missing", ()), ("clause", "severity", "is not", ("1", "3"))))))
def test_random_conditions_agree_in_both_engines_and_with_the_reference(condition: Any) -> None:
    from slac import compile_text

    compilation = compile_text(RANDOM_RULE.format(condition=condition_text(condition)), "random_rule.sla")
    assert compilation.policy is not None, compilation.diagnostics
    generated = load_source(render_module(compilation.policy, "random_rule.sla"), "generated_random_rule", _scratch())
    interpreter = Interpreter(compilation.policy)
    for severity, region, channel in itertools.product((None, "1", "2", "3"), (None, "eu", "us", "asia"), (None, "portal", "phone")):
        ticket: dict[str, Any] = {"plan": "p", "opened_at": "2025-03-03T10:00Z"}
        for name, value in (("severity", severity), ("region", region), ("channel", channel)):
            if value is not None:
                ticket[name] = value
        interpreted = interpreter.evaluate(ticket, NOW).to_dict()
        assert generated.evaluate(ticket, NOW).to_dict() == interpreted
        seen = {"severity": severity, "region": region, "channel": channel or "portal"}
        expected = "1" if condition_holds(condition, seen) else (severity or "3")
        assert interpreted["level"] == expected, (condition_text(condition), ticket)
