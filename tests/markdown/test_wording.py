"""Documents in one language: target cells worded from the model with the plural forms of
Italian, Czech and Polish; the `Targets count` row only where it says something; intake,
findings, assumption subjects and extras in the document's language."""

from __future__ import annotations

import glob
import json
import re
from pathlib import Path

import pytest

import slac
from slac.codegen import markdown
from slac.codegen.markdown import Labels, cell_text, timed_words
from slac.model.types import Policy, Quantity, Timed
from slac.options import BuildOptions

from .support import REPO, SEEDS, document, policy, reader_text, tables

LOCALES = Path(markdown.__file__).parent / "locales"
OTHER_LANGUAGES = ("it", "cs", "pl")


def business_hours(count: int, within: bool = False) -> Timed:
    text = f"{'within ' if within else ''}{count} business hour{'s' if count != 1 else ''}"
    return Timed(due=Quantity(minutes=60 * count), clock="business", clock_reason="unit", text=text)


def wall(count: int, unit: str, minutes_per_unit: int, within: bool = False, marked: bool = False) -> Timed:
    text = f"{'within ' if within else ''}{count} {unit}{'s' if count != 1 else ''}{' (24/7)' if marked else ''}"
    return Timed(
        due=Quantity(minutes=count * minutes_per_unit),
        clock="wall",
        clock_reason="marked" if marked else "default",
        text=text,
    )


def business_days(count: int) -> Timed:
    text = f"{count} business day{'s' if count != 1 else ''}"
    return Timed(due=Quantity(business_days=count), clock="business", clock_reason="unit", text=text)


def words(cell: Timed, lang: str) -> str:
    return str(cell_text(cell, Labels(lang)))


# ------------------------------------------------------------------ plural forms


@pytest.mark.parametrize(
    ("count", "czech", "polish"),
    [
        (1, "1 pracovní hodina", "1 godzina robocza"),
        (2, "2 pracovní hodiny", "2 godziny robocze"),
        (4, "4 pracovní hodiny", "4 godziny robocze"),
        (5, "5 pracovních hodin", "5 godzin roboczych"),
        (12, "12 pracovních hodin", "12 godzin roboczych"),
        (14, "14 pracovních hodin", "14 godzin roboczych"),
        (21, "21 pracovních hodin", "21 godzin roboczych"),
        (22, "22 pracovních hodin", "22 godziny robocze"),
        (24, "24 pracovních hodin", "24 godziny robocze"),
        (112, "112 pracovních hodin", "112 godzin roboczych"),
    ],
)
def test_business_hours_take_the_plural_form_of_their_count(count: int, czech: str, polish: str) -> None:
    assert words(business_hours(count), "cs") == czech
    assert words(business_hours(count), "pl") == polish
    assert words(business_hours(count), "it") == f"{count} {'ora lavorativa' if count == 1 else 'ore lavorative'}"


@pytest.mark.parametrize(
    ("count", "unit", "minutes", "expected"),
    [
        (1, "hour", 60, {"it": "1 ora", "cs": "1 hodina", "pl": "1 godzina"}),
        (3, "hour", 60, {"it": "3 ore", "cs": "3 hodiny", "pl": "3 godziny"}),
        (8, "hour", 60, {"it": "8 ore", "cs": "8 hodin", "pl": "8 godzin"}),
        (13, "hour", 60, {"it": "13 ore", "cs": "13 hodin", "pl": "13 godzin"}),
        (23, "hour", 60, {"it": "23 ore", "cs": "23 hodin", "pl": "23 godziny"}),
        (1, "minute", 1, {"it": "1 minuto", "cs": "1 minuta", "pl": "1 minuta"}),
        (2, "minute", 1, {"it": "2 minuti", "cs": "2 minuty", "pl": "2 minuty"}),
        (15, "minute", 1, {"it": "15 minuti", "cs": "15 minut", "pl": "15 minut"}),
        (1, "day", 1440, {"it": "1 giorno", "cs": "1 den", "pl": "1 dzień"}),
        (3, "day", 1440, {"it": "3 giorni", "cs": "3 dny", "pl": "3 dni"}),
        (5, "day", 1440, {"it": "5 giorni", "cs": "5 dnů", "pl": "5 dni"}),
    ],
)
def test_wall_clock_durations_in_each_language(count: int, unit: str, minutes: int, expected: dict[str, str]) -> None:
    for lang, text in expected.items():
        assert words(wall(count, unit, minutes), lang) == text


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, {"it": "1 giorno lavorativo", "cs": "1 pracovní den", "pl": "1 dzień roboczy"}),
        (2, {"it": "2 giorni lavorativi", "cs": "2 pracovní dny", "pl": "2 dni robocze"}),
        (5, {"it": "5 giorni lavorativi", "cs": "5 pracovních dnů", "pl": "5 dni roboczych"}),
    ],
)
def test_business_days_in_each_language(count: int, expected: dict[str, str]) -> None:
    for lang, text in expected.items():
        assert words(business_days(count), lang) == text


def test_within_governs_the_case_of_what_follows() -> None:
    assert words(business_hours(1, within=True), "cs") == "do 1 pracovní hodiny"
    assert words(business_hours(3, within=True), "cs") == "do 3 pracovních hodin"
    assert words(business_hours(1, within=True), "pl") == "w ciągu 1 godziny roboczej"
    assert words(business_hours(3, within=True), "pl") == "w ciągu 3 godzin roboczych"
    assert words(business_hours(3, within=True), "it") == "entro 3 ore lavorative"
    assert words(wall(1, "hour", 60, within=True, marked=True), "it") == "entro 1 ora (24/7)"
    assert words(wall(1, "hour", 60, within=True, marked=True), "cs") == "do 1 hodiny (24/7)"
    assert words(wall(1, "hour", 60, within=True, marked=True), "pl") == "w ciągu 1 godziny (24/7)"
    assert words(wall(2, "day", 1440, within=True), "pl") == "w ciągu 2 dni"
    assert words(wall(1, "day", 1440, within=True), "cs") == "do 1 dne"


def test_a_missing_within_flag_is_read_from_the_text_only_as_within() -> None:
    cell = business_hours(3)
    assert words(cell, "it") == "3 ore lavorative"
    assert words(Timed(cell.due, cell.clock, cell.clock_reason, "within 3 business hours"), "it") == (
        "entro 3 ore lavorative"
    )


def test_the_unit_stays_as_written_and_the_amounts_come_from_the_model() -> None:
    assert words(wall(60, "minute", 1), "it") == "60 minuti"
    assert words(wall(1, "hour", 60), "it") == "1 ora"
    assert words(wall(24, "hour", 60), "cs") == "24 hodin"  # not 1 den
    # The amount is the model's: a text that disagrees with it only lends its unit.
    stale = Timed(due=Quantity(minutes=240), clock="wall", clock_reason="default", text="3 hours")
    assert words(stale, "it") == "4 ore"
    # A unit that does not divide the amount is not used.
    odd = Timed(due=Quantity(minutes=90), clock="wall", clock_reason="default", text="1 hour")
    assert words(odd, "pl") == "90 minut"


def test_ranges_and_out_of_hours_alternatives() -> None:
    follow_up = Timed(
        due=Quantity(minutes=72 * 60), clock="wall", clock_reason="default", text="24-72 hours",
        earliest=Quantity(minutes=24 * 60),
    )
    assert words(follow_up, "pl") == "24–72 godziny"
    assert words(follow_up, "cs") == "24–72 hodin"
    assert words(follow_up, "it") == "24–72 ore"
    premium = Timed(
        due=Quantity(minutes=60), clock="business", clock_reason="unit",
        text="1 business hour; 8 hours outside business hours", outside_hours=Quantity(minutes=480),
    )
    assert words(premium, "cs") == "1 pracovní hodina; 8 hodin mimo pracovní dobu"
    assert words(premium, "it") == "1 ora lavorativa; 8 ore fuori dall'orario di lavoro"
    assert words(premium, "pl") == "1 godzina robocza; 8 godzin poza godzinami pracy"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (
            Timed(due=Quantity(minutes=60), clock="business", clock_reason="plan", text="under 1 hour", strict=True),
            {"cs": "před uplynutím 1 hodiny", "it": "in meno di 1 ora", "pl": "przed upływem 1 godziny"},
        ),
        (
            Timed(due=Quantity(support_days=2), clock="business", clock_reason="unit", text="2 support days"),
            {"cs": "2 dny podpory", "it": "2 giorni di assistenza", "pl": "2 dni wsparcia"},
        ),
        (
            Timed(due=Quantity(minutes=5 * 7 * 1440), clock="wall", clock_reason="unit", text="5 weeks"),
            {"cs": "5 týdnů", "it": "5 settimane", "pl": "5 tygodni"},
        ),
        (
            Timed(due=Quantity(months=1), clock="wall", clock_reason="unit", text="within 1 month"),
            {"cs": "do 1 měsíce", "it": "entro 1 mese", "pl": "w ciągu 1 miesiąca"},
        ),
    ],
)
def test_weeks_months_support_days_and_strict_limits_in_words(cell: Timed, expected: dict[str, str]) -> None:
    """A week stays in weeks (not 168 hours), a month and a support day keep their unit, and a
    strict limit reads as "before … is up" in the grammatical case that phrase takes."""
    assert {language: words(cell, language) for language in expected} == expected
    assert words(cell, "en") == cell.text


def test_every_locale_names_a_plural_rule_and_words_every_unit_in_every_form() -> None:
    for path in sorted(LOCALES.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["plural_rule"] in markdown.PLURAL_RULES, path.name
        for key in ("units", "units_within"):
            assert set(data[key]) == {
                "minutes", "hours", "days", "weeks", "months",
                "business_minutes", "business_hours", "business_days", "support_days",
            }
            for forms in data[key].values():
                assert set(forms) == {"one", "few", "many"} and all(forms.values()), path.name


def all_timed_cells() -> list[Timed]:
    """Every timed cell of the seeds and of the test policies that compile."""
    cells: dict[str, Timed] = {}
    paths = sorted(glob.glob(str(REPO / "rules" / "*.sla"))) + sorted(glob.glob(str(REPO / "tests" / "**" / "*.sla"), recursive=True))
    for path in paths:
        model = slac.compile_file(path).policy
        if model is None:
            continue
        for plan in model.plans:
            for _, cell in plan.cells:
                if isinstance(cell, Timed):
                    cells.setdefault(repr(cell), cell)
    return list(cells.values())


def test_english_words_from_the_model_are_the_cell_as_written() -> None:
    """The model alone (plus the unit as written) says everything the author wrote: worded in
    English it gives back `Timed.text`, which is also what English documents show."""
    cells = all_timed_cells()
    assert len(cells) > 20
    for cell in cells:
        assert timed_words(cell, Labels("en")) == cell.text
        assert cell_text(cell, Labels("en")) == markdown.escape_cell(cell.text)


ENGLISH_CELL_WORDS = re.compile(r"\b(business|hours?|minutes?|days?|within|outside|n/a|best effort)\b", re.IGNORECASE)


def response_tables(name: str, lang: str | None = None) -> list:
    """The response table of each plan at a glance, in order."""
    model = policy(name)
    count = sum(1 for p in model.plans if p.same_as is None and p.all_targets is None and model.targets)
    return tables(document(name, lang))[:count]


@pytest.mark.parametrize("name", SEEDS)
@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_target_tables_have_no_english_words_but_the_authors(name: str, lang: str) -> None:
    model = policy(name)
    titles = {level.title for level in model.scale.levels} | {model.scale.title}
    translation = model.translation(lang)
    for table in response_tables(name, lang):
        for row in table.rows:
            for cell in row[1:]:
                # "N/A" is the published term of CloudTalk's table, kept in Italian
                assert not ENGLISH_CELL_WORDS.search(cell.replace("N/A (", "")), (lang, cell)
            title = row[0].split(" — ", 1)[1]
            assert title in titles or (translation is not None and title in dict(translation.texts).values())


def test_the_targets_tables_of_the_published_languages() -> None:
    managry = document("managry")
    assert "| 1 — Kritická | 1 pracovní hodina | 2 pracovní hodiny |" in managry
    assert "| 1 — Kritická | 1 pracovní hodina; 8 hodin mimo pracovní dobu | 1 pracovní hodina; 8 hodin mimo pracovní dobu |" in managry
    assert "| 4 — Nízká | 2 pracovní dny | — (nezveřejněno) |" in managry
    cloudtalk = document("cloudtalk")
    assert "| 1 — Business critico | N/A (nessun tempo garantito) |" in cloudtalk
    assert "| 1 — Business critico | entro 1 ora (24/7) | 24/7 |" in cloudtalk
    assert "| 2 — Servizio degradato | entro 3 ore lavorative | lunedì–venerdì 09:00–17:00 |" in cloudtalk
    assert "- **Tempi di risposta**: miglior impegno, senza tempi garantiti" in document("zmanda")
    assert "| 2 — Poziom 2 | ≈ 24–72 godziny[^2] |" in document("zimbra")


def test_which_hours_count_is_said_where_the_plan_states_it() -> None:
    credenti = document("credenti")
    assert (
        "- ≈ I tempi di risposta si contano solo durante l'orario di assistenza "
        "(interpretato da «Orario di assistenza: 8 × 5. Tempo di risposta: Priorità 1: 2 ore»)[^1]."
    ) in credenti
    premium = credenti.split("### Premium", 1)[1].split("\n## ", 1)[0]
    assert "si contano" not in premium  # Premium says nothing about it
    assert "- I tempi di risposta si contano solo durante l'orario di assistenza." in document("zmanda")


CALENDAR_UNITS = '''policy units "Units"
    language {lang}

scale priority
    level 1 "High"
    level 2 "Low"

calendar office "Office"
    timezone Europe/Rome
    open mon-fri 09:00-17:00

target first "First" from opened
target fix "Fix" from opened

plan standard "Standard"
    hours office
    targets count in support hours
    targets
        priority | first   | fix
        1        | 4 hours | 8 hours
        2        | 8 hours | 2 weeks
'''

CALENDAR_UNIT_WORDS = {
    "en": ("Monday–Friday 09:00–17:00; Fix: 24/7",
           "Response times count only during support hours, except times in weeks or months, which count every "
           "day, around the clock."),
    "it": ("lunedì–venerdì 09:00–17:00; Fix: 24/7",
           "I tempi di risposta si contano solo durante l'orario di assistenza, tranne quelli in settimane o mesi, "
           "che si contano tutti i giorni, 24 ore su 24."),
    "cs": ("pondělí–pátek 09:00–17:00; Fix: 24/7",
           "Doby reakce se počítají jen v pracovní době, kromě dob v týdnech nebo měsících, které se počítají "
           "každý den nepřetržitě."),
    "pl": ("poniedziałek–piątek 09:00–17:00; Fix: 24/7",
           "Czasy reakcji liczą się tylko w godzinach wsparcia, z wyjątkiem czasów w tygodniach lub miesiącach, "
           "które liczą się każdego dnia, przez całą dobę."),
}


@pytest.mark.parametrize("lang", list(CALENDAR_UNIT_WORDS))
def test_weeks_and_months_are_not_said_to_count_in_support_hours(lang: str) -> None:
    """`2 weeks` runs on the wall clock even where the plan counts in support hours: the row's
    hours name it, and the counting sentence excepts weeks and months."""
    result = slac.compile_text(CALENDAR_UNITS.format(lang=lang), "rules/units.sla")
    assert result.policy is not None, [d.message for d in result.diagnostics]
    text = markdown.generate(result, BuildOptions())["units.md"]
    hours, counting = CALENDAR_UNIT_WORDS[lang]
    [table] = [table for table in tables(text) if len(table.header) == 4]
    assert table.rows[0][3] == hours.split(";")[0]
    assert table.rows[1][3] == hours
    assert f"- {counting}" in text
    assert text.count(counting.split(",")[0]) == 1  # no second, unqualified counting sentence


MIXED = '''policy mixed "Mixed"
    language {lang}

scale priority
    level 1 "High"
    level 2 "Low"

calendar office "Office"
    timezone Europe/Rome
    open mon-fri 09:00-17:00

target first "First" from opened

plan units "Units"
    hours office
    extra training "Courses"
    extra secret_sauce "Something only this policy has"
    targets
        priority | first
        1        | 4 business hours
        2        | 1 hour (24/7)

plan bare "Bare"
    hours office
    targets
        priority | first
        1        | 4 hours
        2        | 2 business days

plan stated "Stated"
    hours office
    targets count in support hours
    extra secret_sauce "More of it"
    targets
        priority | first
        1        | 4 hours
        2        | 8 hours
'''


def mixed(lang: str) -> str:
    result = slac.compile_text(MIXED.format(lang=lang), "rules/mixed.sla")
    assert result.policy is not None, [d.message for d in result.diagnostics]
    return markdown.generate(result, BuildOptions())["mixed.md"]




def plans_rows(text: str) -> list[tuple[str, ...]]:
    plans = next(table for table in tables(text) if table.header[0] == "")
    return list(plans.rows)


def test_extras_are_headed_with_the_policys_words_or_the_languages() -> None:
    headings = [row[0] for row in plans_rows(document("zmanda"))]
    assert headings == ["Canali", "Formazione e inserimento", "Disponibilità del prodotto", "Gestione dei biglietti", "Risorse self-service"]
    english = [row[0] for row in plans_rows(document("zmanda", "en"))]
    assert english == ["Channels", "Training", "Product availability", "Ticket management", "Self-service resources"]


@pytest.mark.parametrize(("lang", "training", "other"), [("it", "Formazione", "Altro"), ("cs", "Školení", "Další"), ("pl", "Szkolenia", "Inne")])
def test_an_extra_the_language_has_no_word_for_is_headed_other(lang: str, training: str, other: str) -> None:
    rows = {row[0]: row[1:] for row in plans_rows(mixed(lang))}
    assert rows[training][0] == "Courses"
    assert rows[other] == ("Something only this policy has", "—", "More of it")
    assert not any("secret" in row[0].lower() for row in plans_rows(mixed(lang)))


def test_english_heads_an_unknown_extra_with_its_name() -> None:
    rows = {row[0]: row[1:] for row in plans_rows(mixed("en"))}
    assert rows["Secret sauce"] == ("Something only this policy has", "—", "More of it")


def test_intake_rules_are_the_policys_own_sentences() -> None:
    zimbra = reader_text(document("zimbra"))
    assert "Jeśli w e-mailu jest odniesienie do zgłoszonego już problemu wymagającego wsparcia, np. „case 00012345”" in zimbra
    english = reader_text(document("zimbra", "en"))
    assert 'An email that refers to an existing case, such as "case 00012345", is added to that case' in english


def assumption_items(text: str, lang: str) -> list[str]:
    heading = f"## {Labels(lang)('assumptions')}\n\n"
    if heading not in text:
        return []
    section = text.split(heading, 1)[1].split("\n## ", 1)[0]
    return [re.sub(r"\[\^\d+\]$", "", line[2:]) for line in section.splitlines() if line.startswith("- ")]


@pytest.mark.parametrize("lang", ("en", *OTHER_LANGUAGES))
@pytest.mark.parametrize("name", SEEDS)
def test_assumption_subjects_are_worded_in_the_documents_language(name: str, lang: str) -> None:
    model: Policy = policy(name)
    items = assumption_items(document(name, lang), lang)
    assert len(items) == len(model.assumptions)
    for item, assumption in zip(items, model.assumptions):
        assert assumption.subject not in item and "`" not in item and "_" not in item
        assert item[:1].isupper()


def test_assumption_subjects_name_what_was_interpreted() -> None:
    assert assumption_items(document("cloudtalk"), "it") == [
        "Orario di assistenza «Orario di lavoro»: fuso orario",
        "Orario di assistenza «Orario di lavoro»: giorni festivi",
    ]
    assert assumption_items(document("zmanda"), "it") == [
        "Orario di assistenza «Ore di supporto Standard»: orari di apertura",
        "Tempo di risposta (orario di apertura): piano Standard, priorità P1",
    ]
    assert assumption_items(document("credenti"), "it")[0] == "Piano Base: ore in cui decorrono i tempi di risposta"
    assert assumption_items(document("zimbra"), "pl")[1] == (
        "Kolejny kontakt po odpowiedzi klienta: plan Wsparcie Zimbra, poziom ważności 2"
    )
    assert assumption_items(document("zimbra", "en"), "en")[0] == (
        "Next contact after the customer's reply: plan Zimbra support, severity 1"
    )


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_the_hostile_policy_stays_escaped_in_every_language(lang: str) -> None:
    from .support import HOSTILE, html_tokens

    text = document(HOSTILE, lang)
    for token in html_tokens(text):
        assert token.content == "<br>" or (token.type == "html_block" and token.map == [0, 1])
    items = assumption_items(text, lang)
    assert len(items) == len(policy(HOSTILE).assumptions)
    assert all("&lt;script&gt;" in item or "\\*\\*bold\\*\\*" in item for item in items)


OBLIGATIONS = '''policy duties "Duties"
    language {lang}

scale severity
    level 1 "Critical"
        criterion "Production is down"
        obligation "Stay available until the problem is solved"
        obligation "Report it by phone"
    level 2 "High"
        obligation "Answer within a day"

target first "First" from opened

plan basic "Basic"
    targets
        severity | first
        1        | 1 hour
        2        | 4 hours
'''

OBLIGATION_HEADINGS = {
    "en": ("Customer obligations:", "Customer obligation:", "Criterion:"),
    "it": ("Impegni del cliente:", "Impegno del cliente:", "Criterio:"),
    "cs": ("Povinnosti zákazníka:", "Povinnost zákazníka:", "Kritérium:"),
    "pl": ("Obowiązki klienta:", "Obowiązek klienta:", "Kryterium:"),
}


@pytest.mark.parametrize("lang", sorted(OBLIGATION_HEADINGS))
def test_customer_obligations_have_their_own_heading_in_every_language(lang: str) -> None:
    result = slac.compile_text(OBLIGATIONS.format(lang=lang), "rules/duties.sla")
    assert result.policy is not None, [d.message for d in result.diagnostics]
    assert [o.text for o in result.policy.scale.level("1").obligations] == [
        "Stay available until the problem is solved", "Report it by phone"
    ]
    assert [c.text for c in result.policy.scale.level("1").criteria] == ["Production is down"]
    text = markdown.generate(result, BuildOptions())["duties.md"]
    many, one, criterion = OBLIGATION_HEADINGS[lang]
    first = text.split("### 1", 1)[1].split("### 2", 1)[0]
    second = text.split("### 2", 1)[1].split("\n## ", 1)[0]
    # the criterion stays a criterion; the obligations follow under their own heading
    assert first.index(criterion) < first.index(many)
    assert "- Production is down" in first.split(many)[0]
    assert "- Stay available until the problem is solved\n- Report it by phone" in first.split(many)[1]
    assert f"{one}\n\n- Answer within a day" in second


def test_obligations_are_translated_with_the_other_texts() -> None:
    credenti = document("credenti", "en")
    level_1 = credenti.split("### 1", 1)[1].split("### 2", 1)[0]
    assert ("Customer obligations:\n\n- By selecting severity 1, the customer confirms that the problem has a "
            "critical business impact") in level_1
    assert "\n- Customers must stay available to work with the Credenti team" in level_1
    assert "Criteri" not in level_1
    italian = document("credenti").split("### 1", 1)[1].split("### 2", 1)[0]
    assert "Impegni del cliente:\n\n- Selezionando il livello di gravità 1" in italian
    assert "\n- I clienti devono rimanere disponibili" in italian


DISCRETION = '''policy may "May"
    language {lang}

scale priority
    level 1 "High"
    level 2 "Medium"
    level 3 "Low"

field customer_available
    boolean
    default yes

target first "First" from opened

plan basic "Basic"
    targets
        priority | first
        1        | 1 hour
        2        | 4 hours
        3        | 8 hours

rule lower "Lowered when the customer is away"
    when priority is 1 or 2 and customer_available is no
    then priority may become 3

rule raise "Raised when urgent"
    when priority is 3
    then priority may become 1

rule set "Set when away"
    when customer_available is no
    then priority may become 2

rule always "Always when away"
    when customer_available is no and priority is 1
    then priority 2
'''

MODALITY = {
    "en": ("Support may lower the priority to 3.", "Support may raise the priority to 1.", "Support may set the priority to 2."),
    "it": ("L'assistenza può ridurre la priorità a 3.", "L'assistenza può aumentare la priorità a 1.",
           "L'assistenza può impostare la priorità a 2."),
    "cs": ("Podpora může snížit prioritu na 3.", "Podpora může zvýšit prioritu na 1.", "Podpora může nastavit prioritu na 2."),
    "pl": ("Dział wsparcia może obniżyć priorytet do 3.", "Dział wsparcia może podwyższyć priorytet do 1.",
           "Dział wsparcia może ustawić priorytet 2."),
}


@pytest.mark.parametrize("lang", sorted(MODALITY))
def test_a_discretionary_rule_is_documented_with_its_modality(lang: str) -> None:
    result = slac.compile_text(DISCRETION.format(lang=lang), "rules/may.sla")
    assert result.policy is not None, [d.message for d in result.diagnostics]
    text = markdown.generate(result, BuildOptions())["may.md"]
    lower, raise_, set_ = MODALITY[lang]
    assert f"- Lowered when the customer is away — {lower}" in text
    assert f"- Raised when urgent — {raise_}" in text
    assert f"- Set when away — {set_}" in text
    # an automatic rule has no modality
    assert "- Always when away\n" in text


def test_the_seeds_say_may_where_they_publish_may() -> None:
    credenti = document("credenti")
    assert "ridurre il livello di gravità a 2[^2] — L'assistenza può ridurre la priorità a 2." in credenti
    assert "— Support may lower the priority to 2." in document("credenti", "en")
    assert "— L'assistenza può ridurre la priorità a 3." in document("cloudtalk")
