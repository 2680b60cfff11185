"""Resolution errors name the unknown word where it is written, once, with the nearest name."""

from __future__ import annotations

import pytest

from slac.diagnostics import Diagnostic, Severity
from slac.pipeline import compile_text
from tests.conftest import RULES


def errors_of(policy: str, old: str, new: str) -> tuple[list[Diagnostic], list[str]]:
    text = (RULES / f"{policy}.sla").read_text(encoding="utf-8")
    assert old in text, old
    changed = text.replace(old, new)
    compilation = compile_text(changed, f"{policy}.sla")
    return [d for d in compilation.diagnostics if d.severity is Severity.ERROR], changed.splitlines()


def underlined(diagnostic: Diagnostic, lines: list[str]) -> str:
    span = diagnostic.span
    return lines[span.line - 1][span.column - 1 : span.end_column - 1]


def test_a_misspelt_time_zone_is_one_error_not_a_cascade() -> None:
    errors, lines = errors_of("managry", "timezone Europe/Prague", "timezone Europe/Prag")
    assert [e.code for e in errors] == ["SLA104"]
    assert "Europe/Prague" in errors[0].message
    assert "country" not in (errors[0].help or "")


def test_an_unknown_field_value_reads_as_a_sentence() -> None:
    errors, lines = errors_of("zmanda", "    urgency high\n    impact medium", "    urgency hihg\n    impact medium")
    [error] = errors
    assert error.message == "`hihg` is not a value of field `urgency`"
    assert error.help == "did you mean `high`? The values of `urgency` are: `high`, `medium`, `low`"
    assert underlined(error, lines) == "hihg"


@pytest.mark.parametrize(
    ("policy", "old", "new", "word"),
    [
        ("zmanda", "| P1   | P2     | P3", "| P1   | P5     | P3", "P5"),
        ("zmanda", "    priority | standard ", "    priority | standart ", "standart"),
        ("zimbra", "    severity 1 only when", "    severity 5 only when", "5"),
        ("zimbra", "expect trace mentions portal_only", "expect trace mentions no_such_rule", "no_such_rule"),
    ],
)
def test_the_caret_is_under_the_unknown_word(policy: str, old: str, new: str, word: str) -> None:
    errors, lines = errors_of(policy, old, new)
    assert [e.code for e in errors] == ["SLA102"]
    assert underlined(errors[0], lines) == word


def test_an_unknown_outcome_lists_the_outcomes() -> None:
    errors, lines = errors_of("zimbra", "    expect follow_up met", "    expect follow_up late")
    [error] = errors
    assert error.message == "unknown outcome `late` of target `follow_up`"
    assert "met, breached" in (error.help or "")
    assert underlined(error, lines) == "late"


def test_a_plan_the_same_as_itself() -> None:
    errors, _ = errors_of("zmanda", "    same as premium", "    same as trial")
    [error] = errors
    assert error.message == "plan `trial` is said to be the same as itself"


def test_a_language_must_be_a_two_letter_code() -> None:
    errors, lines = errors_of("managry", "    language cs", "    language czech")
    [error] = errors
    assert error.message == "`czech` is not a language code"
    assert underlined(error, lines) == "czech"


def test_a_target_of_centuries_is_refused() -> None:
    errors, _ = errors_of("cloudtalk", "within 6 business hours", "99999999999 hours")
    assert errors  # one per cell that says it
    assert {(e.code, e.message) for e in errors} == {
        ("SLA104", "`99999999999 hours` is longer than any support target can be")
    }


def test_an_example_outside_the_supported_years_is_refused() -> None:
    errors, lines = errors_of(
        "cloudtalk", "opened 2025-03-04 10:00 Europe/Bratislava", "opened 2125-03-04 10:00 Europe/Bratislava"
    )
    assert {e.message for e in errors} == {"year 2125 is outside the years tickets may have (1970–2099)"}


def test_an_example_may_expect_the_default_level_in_its_trace() -> None:
    errors, _ = errors_of("cloudtalk", "expect trace mentions not_production", "expect trace mentions default")
    assert errors == []


def test_a_misspelt_calendar_of_a_plan_is_one_error_not_a_cascade() -> None:
    """The plan's cells in business time are not also SLA108 ('has no support hours'): the
    hours line is there, its calendar is what is wrong (QA found 1 SLA102 and 22 SLA108)."""
    errors, lines = errors_of("acme", "    hours office\n", "    hours offfice\n")
    assert [e.code for e in errors] == ["SLA102"] * len(errors) and errors
    assert all(underlined(error, lines) == "offfice" for error in errors)
