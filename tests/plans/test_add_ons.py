"""Add-on plans (`add-on to standard, twenty_four_seven`): a ticket names the plan it is bought
on (`base_plan`), the add-on's cells replace the base plan's where it gives one, both engines
agree with a brute-force reference, and the documents say what an add-on is."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import ModuleType
from zoneinfo import ZoneInfo

import pytest

from slac.codegen.markdown import generate, generate_index
from slac.interpret import Interpreter
from slac.options import BuildOptions
from slac.pipeline import Compilation, compile_text
from slac.runtime.inputs import TicketError
from slac.syntax.parser import parse_text
from slac.syntax.printer import format_document

from tests.plans.support import compile_case, generated_module

CASE = Path(__file__).resolve().parents[1] / "cases" / "plans" / "premier.sla"
PRAGUE = ZoneInfo("Europe/Prague")


@pytest.fixture(scope="module")
def compiled() -> Compilation:
    return compile_case("premier")


@pytest.fixture(scope="module")
def module(compiled: Compilation, tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return generated_module(compiled, tmp_path_factory.mktemp("premier"))


def _office(moment: datetime) -> bool:
    local = moment.astimezone(PRAGUE)
    return local.weekday() < 5 and 9 <= local.hour < 17


def _always(moment: datetime) -> bool:
    return True


def _due(opened: datetime, minutes: int, is_open: object) -> datetime:
    """Minute by minute: the end of the `minutes`-th open minute from `opened`."""
    moment, counted = opened, 0
    while counted < minutes:
        if is_open(moment):  # type: ignore[operator]
            counted += 1
        moment += timedelta(minutes=1)
    return moment


# The published table, read by hand: (base, severity) → minutes and the hours they count in.
EXPECTED = {
    ("standard", "1"): (30, _always),  # premier: 30 minutes (24/7)
    ("standard", "2"): (120, _office),  # premier: 2 business hours, on Standard's hours
    ("standard", "3"): (16 * 60, _office),  # Standard's own: 2 business days of 8 hours
    ("twenty_four_seven", "1"): (30, _always),
    ("twenty_four_seven", "2"): (120, _always),  # premier's 2 business hours on 24x7's hours
    ("twenty_four_seven", "3"): (24 * 60, _always),  # 24x7's own: 1 business day of 24 hours
}
OPENINGS = [
    datetime(2025, 3, 7, 15, 0, tzinfo=PRAGUE),
    datetime(2025, 3, 8, 10, 0, tzinfo=PRAGUE),
    datetime(2025, 3, 10, 8, 59, tzinfo=PRAGUE),
]


@pytest.mark.parametrize("opened", OPENINGS, ids=lambda o: o.isoformat())
@pytest.mark.parametrize(("base", "level"), sorted(EXPECTED))
def test_add_on_cells_replace_the_base_plans(
    compiled: Compilation, module: ModuleType, opened: datetime, base: str, level: str
) -> None:
    assert compiled.policy is not None
    ticket = {"plan": "premier", "base_plan": base, "severity": level, "opened_at": opened.isoformat()}
    now = "2025-04-01T00:00:00Z"
    interpreted = Interpreter(compiled.policy).evaluate(ticket, now).to_dict()
    assert module.evaluate(ticket, now).to_dict() == interpreted
    minutes, is_open = EXPECTED[(base, level)]
    expected = _due(opened, minutes, is_open).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert interpreted["targets"]["initial_response"]["due"] == expected
    assert interpreted["plan"] == "premier"
    steps = [entry["message"] for entry in interpreted["trace"] if entry["step"] == "add_on"]
    assert steps == [
        f"plan premier (line 41) is an add-on bought on plan {base}: its own targets apply, "
        f"and plan {base}'s where it gives none"
    ]


def test_a_history_names_the_base_plan_too(compiled: Compilation, module: ModuleType) -> None:
    assert compiled.policy is not None
    history = {
        "plan": "premier",
        "base_plan": "standard",
        "events": [
            {"at": "2025-03-07T15:00:00+01:00", "type": "opened", "level": "2"},
            {"at": "2025-03-07T15:30:00+01:00", "type": "level", "to": "3"},
        ],
    }
    now = "2025-03-20T00:00:00Z"
    interpreted = Interpreter(compiled.policy).evaluate(history, now).to_dict()
    assert module.evaluate(history, now).to_dict() == interpreted
    # severity 3 is Standard's own cell: two business days from the opening (the level change keeps the time)
    assert interpreted["targets"]["initial_response"]["due"] == "2025-03-11T14:00:00Z"


@pytest.mark.parametrize(
    ("ticket", "message"),
    [
        ({"plan": "premier"}, "base_plan: is required: plan premier is an add-on, bought on standard or twenty_four_seven; give the plan the customer has"),
        ({"plan": "premier", "base_plan": "premier"}, "base_plan: 'premier' is not a plan that premier is an add-on to; accepted: standard, twenty_four_seven"),
        ({"plan": "premier", "base_plan": "standart"}, "base_plan: 'standart' is not a plan that premier is an add-on to (did you mean 'standard'?); accepted: standard, twenty_four_seven"),
        ({"plan": "standard", "base_plan": "standard"}, "base_plan: is only for add-ons, and plan standard is not one; remove it (the add-ons are: premier)"),
    ],
)
def test_a_missing_or_wrong_base_is_a_clear_error(
    compiled: Compilation, module: ModuleType, ticket: dict[str, object], message: str
) -> None:
    assert compiled.policy is not None
    data = {**ticket, "severity": 1, "opened_at": "2025-03-07T15:00:00+01:00"}
    for evaluate in (Interpreter(compiled.policy).evaluate, module.evaluate):
        with pytest.raises(TicketError) as raised:
            evaluate(data, "2025-03-08T00:00:00Z")
        assert str(raised.value) == message
        history = {k: v for k, v in data.items() if k not in ("severity", "opened_at")}
        history["events"] = [{"at": "2025-03-07T15:00:00+01:00", "type": "opened", "level": "1"}]
        with pytest.raises(TicketError) as raised:
            evaluate(history, "2025-03-08T00:00:00Z")
        assert str(raised.value) == message


def test_the_add_on_offers_its_channels_and_the_bases(compiled: Compilation, module: ModuleType) -> None:
    assert compiled.policy is not None
    for plan, base, violations in (("premier", "standard", []), ("standard", None, ["channel"])):
        ticket = {"plan": plan, "severity": 2, "channel": "phone", "opened_at": "2025-03-10T09:00:00+01:00"}
        if base is not None:
            ticket["base_plan"] = base
        result = Interpreter(compiled.policy).evaluate(ticket, "2025-03-11T00:00:00Z").to_dict()
        assert module.evaluate(ticket, "2025-03-11T00:00:00Z").to_dict() == result
        assert result["violations"] == violations


def test_no_finding_on_an_add_on_that_leaves_cells_to_its_base(compiled: Compilation) -> None:
    # no SLA201 for premier's empty severity 3, no SLA302 against the 24x7 plan declared before it
    assert compiled.diagnostics == ()


@pytest.mark.parametrize(
    ("language", "sentence", "from_base"),
    [
        ("en", "An add-on to Standard or 24x7: available only with one of these plans.", "as the base plan"),
        ("it", "Un'aggiunta a Standard o 24x7: disponibile solo con uno di questi piani.", "come il piano di base"),
        ("cs", "Doplněk k variantě Standard nebo 24x7: lze jej mít jen spolu s jednou z nich.", "jako základní varianta"),
        ("pl", "Dodatek do pakietu Standard lub 24x7: dostępny tylko razem z jednym z nich.", "jak w pakiecie bazowym"),
    ],
)
def test_documents_say_what_an_add_on_is(compiled: Compilation, language: str, sentence: str, from_base: str) -> None:
    outputs = generate(compiled, BuildOptions(lang=language))
    page = next(text for name, text in outputs.items() if name.endswith(".md") and ".report" not in name)
    assert any(line.startswith(sentence) for line in page.splitlines())
    assert f"| 3 — Low | {from_base} |" in page


def test_the_index_shows_the_add_on_on_each_base(compiled: Compilation) -> None:
    index = generate_index([compiled], BuildOptions(lang="en"))["index.md"]
    rows = [line for line in index.splitlines() if line.startswith("| Premier")]
    assert [row.split(" | ")[0] for row in rows] == [
        "| Premier, available with an active Standard or 24x7 contract on Standard",
        "| Premier, available with an active Standard or 24x7 contract on 24x7",
    ]
    # on Standard, severity 3 is Standard's two business days; on 24x7, 24x7's one business day
    assert "2 business days" in rows[0] and "1 business day" in rows[1]


def test_fmt_keeps_an_add_on() -> None:
    text = CASE.read_text(encoding="utf-8")
    parsed = parse_text(text, str(CASE))
    assert parsed.document is not None
    assert format_document(parsed.document) == text


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ("add-on to standart, twenty_four_seven", "unknown plan `standart`"),
        ("add-on to premier", "plan `premier` is said to be an add-on to itself"),
        ("add-on to standard\n    same as standard", "is an alias (`same as`) and an add-on"),
    ],
)
def test_add_on_mistakes_are_named(change: str, words: str) -> None:
    text = CASE.read_text(encoding="utf-8").replace("add-on to standard, twenty_four_seven", change)
    text = text[: text.index("example ")]
    compilation = compile_text(text, "bad.sla")
    assert any(words in d.message for d in compilation.diagnostics), compilation.diagnostics


def test_an_add_on_cannot_build_on_an_add_on() -> None:
    text = CASE.read_text(encoding="utf-8")
    text = text[: text.index("example ")] + '\nplan platinum "Platinum"\n    add-on to premier\n    all targets best effort\n'
    compilation = compile_text(text, "bad.sla")
    assert any(
        "plan `premier` is itself an add-on, so plan `platinum` cannot build on it" in d.message
        for d in compilation.diagnostics
    ), compilation.diagnostics


def test_an_assumed_add_on_line_gets_its_footnote() -> None:
    text = CASE.read_text(encoding="utf-8").replace(
        "    add-on to standard, twenty_four_seven\n",
        '    add-on to standard, twenty_four_seven assumed "con un contratto Standard o 24x7 attivo"\n',
    )
    compilation = compile_text(text, str(CASE))
    outputs = generate(compilation, BuildOptions(lang="en"))
    page = next(text for name, text in outputs.items() if name.endswith(".md") and ".report" not in name)
    lines = page.splitlines()
    sentence = next(line for line in lines if line.startswith("An add-on to Standard or 24x7"))
    assert sentence.endswith("(interpreted from “con un contratto Standard o 24x7 attivo”)[^1]")
    footnote = next(line for line in lines if line.startswith("[^1]:"))
    assert footnote == "[^1]: Read as Standard or 24x7; the published text says “con un contratto Standard o 24x7 attivo”."


def test_synthetic_histories_give_an_add_on_its_base(compiled: Compilation) -> None:
    from slac.synth import SynthOptions, synthesize

    assert compiled.policy is not None
    histories = list(synthesize(compiled.policy, SynthOptions(tickets=60)))
    on_add_on = [h for h in histories if h["plan"] == "premier"]
    assert on_add_on and all(h["base_plan"] in ("standard", "twenty_four_seven") for h in on_add_on)
    assert all("base_plan" not in h for h in histories if h["plan"] != "premier")
    interpreter = Interpreter(compiled.policy)
    for history in on_add_on:
        opened = history["events"][0]  # type: ignore[index]
        if "level" in opened:
            assert interpreter.evaluate(history, "2026-01-01T00:00:00Z").plan == "premier"
