"""Numeric subdivision codes (issue 11, item 13): Austria's `1`–`9`, Poland's `02`–`32`,
France's `971` and `6AE` could not be written in a policy. They can, in calendars, examples
and tickets, and keep their leading zeros."""

from __future__ import annotations

from datetime import date

import pytest

from slac.examples import load_generated_module, run_examples
from slac.syntax.parser import parse_text
from slac.syntax.printer import format_document
from slac.interpret import Interpreter
from slac.options import BuildOptions
from slac.pipeline import compile_text
from slac.runtime.inputs import TicketError

POLICY = """\
policy subdivisions "Subdivisions"

scale severity
    level 1 "One"

calendar office
    timezone {zone}
    open mon-fri 08:00-17:00
    closed on public holidays of {country} subdivision {code}

calendar customer
    timezone local
    open mon-fri 08:00-17:00
    closed on public holidays of customer country

target reply "Reply" from opened

plan gold "Gold"
    hours office
    targets
        severity | reply
        1        | 1 business hour

plan local_plan "Customer"
    hours customer
    targets
        severity | reply
        1        | 1 business hour
"""


@pytest.mark.parametrize(
    ("country", "code", "zone"),
    [("AT", "9", "Europe/Vienna"), ("AT", "1", "Europe/Vienna"), ("PL", "02", "Europe/Warsaw"),
     ("PL", "32", "Europe/Warsaw"), ("FR", "971", "America/Guadeloupe"), ("FR", "6AE", "Europe/Paris"),
     ("US", "NY", "America/New_York")],
)
def test_numeric_subdivisions_are_accepted_and_kept_as_written(country: str, code: str, zone: str) -> None:
    text = POLICY.format(country=country, code=code, zone=zone)
    compilation = compile_text(text, "subdivisions.sla")
    assert compilation.ok and compilation.policy is not None, compilation.diagnostics
    [source] = compilation.policy.calendars[0].holidays
    assert (source.country, source.subdivision) == (country, code)
    parsed = parse_text(text, "subdivisions.sla")
    assert parsed.document is not None
    assert format_document(parsed.document) == text  # `02` stays `02`


def test_a_subdivision_s_own_holiday_closes_the_calendar() -> None:
    """27 May 2025 (abolition of slavery) is a holiday in Guadeloupe (FR-971), not in France."""
    compilation = compile_text(POLICY.format(country="FR", code="971", zone="America/Guadeloupe"), "s.sla")
    assert compilation.policy is not None
    ticket = {"plan": "gold", "severity": 1, "opened_at": "2025-05-27T12:00:00-04:00"}
    result = Interpreter(compilation.policy).evaluate(ticket, "2025-05-29T00:00:00Z").to_dict()
    # closed all Tuesday 27 May: due Wednesday 28 May 09:00 local (13:00 UTC)
    assert result["targets"]["reply"]["due"] == "2025-05-28T13:00:00Z"


def test_an_unknown_numeric_subdivision_is_located_with_the_known_ones() -> None:
    text = POLICY.format(country="AT", code="10", zone="Europe/Vienna")
    compilation = compile_text(text, "s.sla")
    [error] = [d for d in compilation.diagnostics if d.severity.value == "error"]
    assert error.code == "SLA104" and error.span.line == 9 and error.help
    assert "'10'" in error.message


def test_an_example_with_a_numeric_subdivision_runs() -> None:
    example = """
example vienna "Closed on St Stephen's day"
    plan local_plan
    severity 1
    opened 2025-12-26 10:00 Europe/Vienna
    timezone Europe/Vienna
    country AT
    subdivision 9
    now 2025-12-30T00:00Z
    expect reply due 2025-12-29 09:00 Europe/Vienna
"""
    compilation = compile_text(POLICY.format(country="PL", code="02", zone="Europe/Warsaw") + example, "s.sla")
    assert compilation.ok, compilation.diagnostics
    [result] = run_examples(compilation)
    assert result.passed, result


@pytest.mark.parametrize(("country", "code"), [("AT", "9"), ("AT", 9), ("PL", "02"), ("FR", "971"), ("FR", 971)])
def test_a_ticket_may_give_a_numeric_subdivision(country: str, code: object) -> None:
    compilation = compile_text(POLICY.format(country="AT", code="9", zone="Europe/Vienna"), "s.sla")
    assert compilation.policy is not None
    module = load_generated_module(compilation, BuildOptions())
    ticket = {"plan": "local_plan", "severity": 1, "opened_at": "2025-12-26T10:00:00+01:00",
              "timezone": "Europe/Vienna", "country": country, "subdivision": code}
    expected = Interpreter(compilation.policy).evaluate(ticket, "2025-12-30T00:00:00Z").to_dict()
    assert module.evaluate(ticket, "2025-12-30T00:00:00Z").to_dict() == expected
    assert f"{country}-{code}" in expected["targets"]["reply"]["clock"]


def test_a_number_that_lost_its_leading_zero_is_refused_with_how_to_write_it() -> None:
    compilation = compile_text(POLICY.format(country="AT", code="9", zone="Europe/Vienna"), "s.sla")
    assert compilation.policy is not None
    module = load_generated_module(compilation, BuildOptions())
    ticket = {"plan": "local_plan", "severity": 1, "opened_at": "2025-12-26T10:00:00+01:00",
              "timezone": "Europe/Warsaw", "country": "PL", "subdivision": 2}
    for engine in (Interpreter(compilation.policy).evaluate, module.evaluate):
        with pytest.raises(TicketError, match="as text, such as '02'"):
            engine(ticket, "2025-12-30T00:00:00Z")


def test_holiday_dates_of_austria_state_9_are_those_of_the_package() -> None:
    """A numeric code reaches the holidays package unchanged (no `09`, no int)."""
    import holidays

    from slac.runtime import HolidaySource

    source = HolidaySource("AT", "9")
    assert source.subdivision == "9"
    assert date(2025, 12, 26) in holidays.country_holidays("AT", subdiv="9", years=2025)
