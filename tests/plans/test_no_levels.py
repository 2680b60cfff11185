"""A policy without levels (one response time for every ticket) and a plan's target line for
every level (`initial_response 4 business hours`): no fake level in inputs, traces or documents,
both engines against a brute-force reference."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from types import ModuleType
from zoneinfo import ZoneInfo

import holidays
import pytest

from slac.codegen.markdown import generate, generate_index
from slac.interpret import Interpreter
from slac.options import BuildOptions
from slac.pipeline import Compilation, compile_text
from slac.runtime.inputs import TicketError
from slac.syntax.parser import parse_text
from slac.syntax.printer import format_document

from tests.plans.support import compile_case, generated_module

CASE = Path(__file__).resolve().parents[1] / "cases" / "plans" / "flat.sla"
PRAGUE = ZoneInfo("Europe/Prague")
CZECH_HOLIDAYS = holidays.country_holidays("CZ", years=range(2024, 2027))


@pytest.fixture(scope="module")
def compiled() -> Compilation:
    return compile_case("flat")


@pytest.fixture(scope="module")
def module(compiled: Compilation, tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return generated_module(compiled, tmp_path_factory.mktemp("flat"))


def _open(moment: datetime) -> bool:
    local = moment.astimezone(PRAGUE)
    return local.weekday() < 5 and 9 <= local.hour < 17 and date(local.year, local.month, local.day) not in CZECH_HOLIDAYS


def _due(opened: datetime, minutes: int) -> datetime:
    moment, counted = opened, 0
    while counted < minutes:
        if _open(moment):
            counted += 1
        moment += timedelta(minutes=1)
    return moment


@pytest.mark.parametrize(
    "opened",
    [
        datetime(2025, 3, 7, 15, 0, tzinfo=PRAGUE),
        datetime(2025, 4, 17, 14, 0, tzinfo=PRAGUE),  # before Good Friday and Easter Monday
        datetime(2025, 12, 23, 16, 45, tzinfo=PRAGUE),
    ],
    ids=lambda o: o.isoformat(),
)
@pytest.mark.parametrize(("plan", "minutes"), [("standard", 240), ("premium", 60)])
def test_every_ticket_has_the_plans_one_target(
    compiled: Compilation, module: ModuleType, opened: datetime, plan: str, minutes: int
) -> None:
    assert compiled.policy is not None
    ticket = {"plan": plan, "opened_at": opened.isoformat()}
    now = "2026-01-31T00:00:00Z"
    interpreted = Interpreter(compiled.policy).evaluate(ticket, now).to_dict()
    assert module.evaluate(ticket, now).to_dict() == interpreted
    expected = _due(opened, minutes).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert interpreted["targets"]["initial_response"]["due"] == expected
    assert interpreted["trace"] == []  # no "default level" step: there are no levels


def test_a_ticket_gives_no_level(compiled: Compilation, module: ModuleType) -> None:
    assert compiled.policy is not None
    assert "level" not in module.TICKET_INPUTS and "severity" not in module.TICKET_INPUTS
    ticket = {"plan": "standard", "level": "any", "opened_at": "2025-03-07T15:00:00+01:00"}
    for evaluate in (Interpreter(compiled.policy).evaluate, module.evaluate):
        with pytest.raises(TicketError, match="^level: is not an input of this policy; the inputs are: plan, opened_at"):
            evaluate(ticket, "2025-03-08T00:00:00Z")


def test_no_finding(compiled: Compilation) -> None:
    assert compiled.diagnostics == ()


@pytest.mark.parametrize(("language", "every"), [("en", "Every ticket"), ("it", "Ogni ticket"), ("cs", "Každý požadavek"), ("pl", "Każde zgłoszenie")])
def test_documents_have_no_fake_tier(compiled: Compilation, language: str, every: str) -> None:
    outputs = generate(compiled, BuildOptions(lang=language))
    page = next(text for name, text in outputs.items() if name.endswith(".md") and ".report" not in name)
    lines = page.splitlines()
    assert "any" not in page.split()  # the implicit level's name
    table = lines.index("| Initial response |")  # one column, no level column
    assert lines[table + 1] == "| --- |"
    assert lines[table + 2].startswith("| 4 ")
    index = generate_index([compiled], BuildOptions(lang=language))["index.md"]
    header = next(line for line in index.splitlines() if line.startswith("| ") and every in line)
    assert header.endswith(f"| {every} |")
    assert "**any**" not in index


def test_a_table_of_levels_needs_levels() -> None:
    text = CASE.read_text(encoding="utf-8").replace(
        "    initial_response 4 business hours\n",
        "    targets\n        severity | initial_response\n        1        | 4 business hours\n",
    )
    compilation = compile_text(text, "bad.sla")
    assert [(d.code, d.message, d.help) for d in compilation.diagnostics] == [
        (
            "SLA103",
            "this table has a row per `severity`, but the policy declares no levels",
            "declare `scale severity` with its levels, or give one line per target in the plan, such as "
            "`initial_response 4 business hours`",
        )
    ]


def test_a_target_line_is_every_levels_cell() -> None:
    text = """\
policy lines "Lines"

scale severity "Severity"
    level 1 "Critical"
    level 2 "Low"

target initial_response "Initial response" from opened
target update "Update" from last agent reply

plan standard "Standard"
    initial_response 4 hours
    targets
        severity | update
        1        | 8 hours
        2        | 1 day
"""
    compilation = compile_text(text, "lines.sla")
    assert compilation.ok and compilation.policy is not None, compilation.diagnostics
    plan = compilation.policy.plan("standard")
    assert [plan.cell(level, "initial_response").text for level in ("1", "2")] == ["4 hours", "4 hours"]  # type: ignore[union-attr]
    twice = text.replace("severity | update", "severity | update | initial_response").replace(
        "8 hours\n", "8 hours | 2 hours\n"
    ).replace("1 day\n", "1 day | 2 hours\n")
    diagnostics = compile_text(twice, "twice.sla").diagnostics
    assert [d.code for d in diagnostics] == ["SLA106", "SLA106"]


def test_fmt_keeps_target_lines() -> None:
    text = CASE.read_text(encoding="utf-8")
    parsed = parse_text(text, str(CASE))
    assert parsed.document is not None
    assert format_document(parsed.document) == text
