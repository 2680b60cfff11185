"""Targets that depend on the ticket (`override … when type is licensing`): the language, the
checker, both engines against a brute-force reference, and the documents in every language."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import ModuleType
from zoneinfo import ZoneInfo

import pytest

from slac.codegen.markdown import generate
from slac.syntax.parser import parse_text
from slac.syntax.printer import format_document
from slac.interpret import Interpreter
from slac.options import BuildOptions
from slac.pipeline import Compilation, compile_text

from tests.plans.support import compile_case, generated_module

CASE = Path(__file__).resolve().parents[1] / "cases" / "plans" / "licensing.sla"
PRAGUE = ZoneInfo("Europe/Prague")


@pytest.fixture(scope="module")
def compiled() -> Compilation:
    return compile_case("licensing")


@pytest.fixture(scope="module")
def module(compiled: Compilation, tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return generated_module(compiled, tmp_path_factory.mktemp("licensing"))


def _open_office(local: datetime) -> bool:
    return local.weekday() < 5 and 9 <= local.hour < 17


def _open_weekdays(local: datetime) -> bool:
    # from mon 00:00 to fri 23:59: Friday's last minute is closed
    return local.weekday() < 5 and not (local.weekday() == 4 and local.hour == 23 and local.minute == 59)


def _reference_due(opened: datetime, minutes: int, is_open: object) -> datetime:
    """Minute by minute: the instant the `minutes`-th open minute ends."""
    moment, counted = opened, 0
    while counted < minutes:
        if is_open(moment.astimezone(PRAGUE)):  # type: ignore[operator]
            counted += 1
        moment += timedelta(minutes=1)
    return moment


PLAN_MINUTES = {("standard", "1"): 240, ("standard", "2"): 480, ("premium", "1"): 60, ("premium", "2"): 240}
OPENINGS = [
    datetime(2025, 3, 7, 15, 0, tzinfo=PRAGUE),  # Friday afternoon
    datetime(2025, 3, 8, 10, 0, tzinfo=PRAGUE),  # Saturday
    datetime(2025, 3, 10, 7, 30, tzinfo=PRAGUE),  # Monday before opening
    datetime(2025, 3, 28, 20, 0, tzinfo=PRAGUE),  # Friday evening before the DST change
]


@pytest.mark.parametrize("opened", OPENINGS, ids=lambda o: o.isoformat())
@pytest.mark.parametrize("kind", ["technical", "licensing", "renewal"])
@pytest.mark.parametrize(("plan", "level"), sorted(PLAN_MINUTES))
def test_override_replaces_every_plans_cell(
    compiled: Compilation, module: ModuleType, opened: datetime, kind: str, plan: str, level: str
) -> None:
    assert compiled.policy is not None
    ticket = {"plan": plan, "severity": level, "type": kind, "opened_at": opened.isoformat()}
    now = "2025-04-30T00:00:00Z"
    interpreted = Interpreter(compiled.policy).evaluate(ticket, now).to_dict()
    assert module.evaluate(ticket, now).to_dict() == interpreted
    if kind == "technical":
        expected = _reference_due(opened, PLAN_MINUTES[(plan, level)], _open_office)
    else:
        expected = _reference_due(opened, 8 * 60, _open_weekdays)
    due = interpreted["targets"]["initial_response"]["due"]
    assert due == expected.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    steps = [entry for entry in interpreted["trace"] if entry["step"] == "override"]
    assert len(steps) == (0 if kind == "technical" else 1)
    if steps:
        assert steps[0]["message"] == (
            "override licensing (line 37) applies: Licensing and renewal requests, because type is licensing or "
            "renewal; in place of the plan's cells: initial_response 8 business hours; support hours: calendar weekdays"
        )


def test_no_finding_and_no_fake_plan(compiled: Compilation) -> None:
    assert compiled.diagnostics == ()
    assert compiled.policy is not None
    assert [plan.name for plan in compiled.policy.plans] == ["standard", "premium"]


@pytest.mark.parametrize(
    ("language", "line"),
    [
        ("en", "- **Licensing and renewal requests**: Initial response 8 business hours; support hours: 24x5 — on every plan, in place of the plan's own."),
        ("it", "- **Licensing and renewal requests**: Initial response 8 ore lavorative; orario di assistenza: 24x5 — per ogni piano, al posto di quelli del piano."),
        ("cs", "- **Licensing and renewal requests**: Initial response 8 pracovních hodin; doba podpory: 24x5 — pro každou variantu místo jejích vlastních."),
        ("pl", "- **Licensing and renewal requests**: Initial response 8 godzin roboczych; godziny wsparcia: 24x5 — w każdym pakiecie zamiast jego własnych."),
    ],
)
def test_documents_list_the_override_once_without_a_fake_tier(compiled: Compilation, language: str, line: str) -> None:
    # "in place of the plan's own": the targets and hours it names, not all the plan's targets
    outputs = generate(compiled, BuildOptions(lang=language))
    page = next(text for name, text in outputs.items() if name.endswith(".md"))
    assert line in page.splitlines()
    # no plan, column or heading of its own: it is not a tier
    assert not [row for row in page.splitlines() if row.startswith(("#", "|")) and "Licensing and renewal" in row]


def test_the_hours_an_override_gives_say_whom_they_apply_to(compiled: Compilation) -> None:
    # The 24x5 calendar is the licensing requests' support hours: never "No plan uses these hours".
    page = generate(compiled, BuildOptions(lang="en"))["licensing_demo.md"]
    section = page.split("### 24x5", 1)[1].split("\n#", 1)[0]
    assert "Applies to: Licensing and renewal requests." in section.splitlines()
    assert "No plan uses these hours." not in page


def test_fmt_keeps_an_override() -> None:
    text = CASE.read_text(encoding="utf-8")
    parsed = parse_text(text, str(CASE))
    assert parsed.document is not None
    assert format_document(parsed.document) == text


@pytest.mark.parametrize(
    ("line", "code", "words"),
    [
        ("    first_response 8 hours", "SLA102", "unknown target `first_response`"),
        ("    hours weekdays\n    hours office", "SLA107", "gives its support hours twice"),
        ("    initial_response 8 hours\n    initial_response 4 hours", "SLA107", "gives target `initial_response` twice"),
    ],
)
def test_override_mistakes_are_named(line: str, code: str, words: str) -> None:
    text = CASE.read_text(encoding="utf-8").replace("    initial_response 8 business hours\n", line + "\n", 1)
    text = text.replace("    expect trace mentions licensing\n", "")
    compilation = compile_text(text, "bad.sla")
    assert any(d.code == code and words in d.message for d in compilation.diagnostics), compilation.diagnostics


def test_business_time_needs_hours_somewhere() -> None:
    text = CASE.read_text(encoding="utf-8").replace("    hours weekdays\n", "").replace(
        "plan premium \"Premium\"\n    hours office\n", "plan premium \"Premium\"\n"
    )
    compilation = compile_text(text, "bad.sla")
    assert any(
        d.code == "SLA108" and "override `licensing` has no support hours and plan `premium` has none" in d.message
        for d in compilation.diagnostics
    ), compilation.diagnostics


def test_an_assumed_override_cell_gets_its_footnote() -> None:
    text = CASE.read_text(encoding="utf-8").replace(
        "    initial_response 8 business hours\n", '    initial_response 8 business hours assumed "8 ore"\n', 1
    )
    compilation = compile_text(text, str(CASE))
    outputs = generate(compilation, BuildOptions(lang="en"))
    page = next(text for name, text in outputs.items() if name.endswith(".md") and ".report" not in name)
    lines = page.splitlines()
    assert any(line.startswith("- **Licensing and renewal requests**: Initial response 8 business hours[^1];") for line in lines)
    assert "- Initial response for “Licensing and renewal requests”[^1]" in lines
    assert "[^1]: Read as 8 business hours; the published text says “8 ore”." in lines
    assert "- The targets for “Licensing and renewal requests” apply" in lines  # the example's expectation
