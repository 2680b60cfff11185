"""Hours that depend on the ticket in the documents: each hours line is shown with its
condition in words (all four languages), the fallback line as "every other ticket", and the
index computes each level's worst case on the calendars that level can get."""

from __future__ import annotations

from pathlib import Path

import pytest

import slac
from slac.codegen import markdown
from slac.options import BuildOptions

REPO = Path(__file__).resolve().parents[2]
CONDITIONS = REPO / "tests" / "cases" / "conditions" / "hours_by_ticket.sla"
SEVERITY_1_AROUND_THE_CLOCK = REPO / "tests" / "cases" / "check" / "sla301_severe_level_slower_conditional_hours_ok.sla"


def compiled(path: Path) -> slac.Compilation:
    relative = path.relative_to(REPO).as_posix()
    return slac.compile_text(path.read_text(encoding="utf-8"), relative)


def hours_lines(lang: str) -> list[str]:
    document = markdown.generate(compiled(CONDITIONS), BuildOptions(lang=lang))["hours_by_ticket.md"]
    return [line for line in document.splitlines() if line.startswith("- **") and ("24/7" in line or "08:00" in line or "09:00" in line)][:3]


def test_each_hours_line_says_when_it_applies() -> None:
    assert [line.split("**: ", 1)[1] for line in hours_lines("en")] == [
        "Around the clock: 24/7, when severity is 1 and Environment is not staging",
        "Americas office hours: Monday–Friday 08:00–18:00, New York time (UTC−5 in winter, UTC−4 in summer), "
        "when Region is us or (Region is asia and Channel is phone)",
        "Office hours: Monday–Friday 09:00–17:00, Prague time (UTC+1 in winter, UTC+2 in summer), for every other ticket",
    ]


@pytest.mark.parametrize(
    ("lang", "when", "joint", "otherwise"),
    [
        ("it", ", quando gravità è 1 e Environment non è staging", " o (Region è asia e Channel è phone)", "per tutti gli altri ticket"),
        ("cs", ", když závažnost je 1 a Environment není staging", " nebo (Region je asia a Channel je phone)", "pro všechny ostatní požadavky"),
        ("pl", ", gdy poziom ważności to 1 i Environment to nie staging", " lub (Region to asia i Channel to phone)", "dla wszystkich pozostałych zgłoszeń"),
    ],
)
def test_conditions_are_worded_in_the_document_language(lang: str, when: str, joint: str, otherwise: str) -> None:
    first, second, third = hours_lines(lang)
    assert first.endswith(when)
    assert second.endswith(joint)
    assert third.endswith(otherwise)


def test_the_index_worst_case_uses_the_calendar_of_the_level() -> None:
    # Severity 1 runs around the clock: 8 business hours are 8 hours, not a weekend on office hours.
    index = markdown.generate_index([compiled(SEVERITY_1_AROUND_THE_CLOCK)], BuildOptions())["index.md"]
    [row] = [line for line in index.splitlines() if line.startswith("| Premium")]
    severity_1 = row.split(" | ")[3].replace("\u00a0", " ")
    assert severity_1 == "**1** Critical<br>8 business hours<br>worst case 8 h"


def test_the_customers_working_days_are_never_written_as_monday_to_friday() -> None:
    # A customer in Israel works Sunday to Thursday: the hours that count at severity 2 and the
    # index's support hours are the working days of the customer's country, as the calendar says.
    working_week = compiled(REPO / "tests" / "cases" / "conditions" / "customer_working_week.sla")
    document = markdown.generate(working_week, BuildOptions(lang="en"))["local_hours.md"]
    [row] = [line for line in document.splitlines() if line.startswith("| 2 — Normal")]
    assert row == "| 2 — Normal | 2 business hours | the working days of the customer's country 09:00–17:00 |"
    index = markdown.generate_index([working_week], BuildOptions(lang="en"))["index.md"]
    [plan] = [line for line in index.splitlines() if line.startswith("| Standard")]
    assert plan.split(" | ")[2] == (
        "Around the clock: 24/7, when severity is 1<br>Local business hours: the working days of the customer's "
        "country 09:00–17:00, for every other ticket"
    )
    assert "Monday" not in document.split("## Support hours")[0] + plan


def test_the_index_says_when_each_hours_line_applies() -> None:
    # Standard is not 24/7 for every ticket: the index says for which, as the document does.
    index = markdown.generate_index([compiled(CONDITIONS)], BuildOptions(lang="en"))["index.md"]
    [row] = [line for line in index.splitlines() if line.startswith("| Standard")]
    assert row.split(" | ")[2].split("<br>") == [
        "Around the clock: 24/7, when severity is 1 and Environment is not staging",
        "Americas office hours: Monday–Friday 08:00–18:00, when Region is us or (Region is asia and Channel is phone)",
        "Office hours: Monday–Friday 09:00–17:00, for every other ticket",
    ]
