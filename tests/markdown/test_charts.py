"""Weekly coverage charts: valid XML, accessible, one shaded block per open range, every hour
labelled and the opening and closing times written, assumed hours hatched, no chart for a
calendar open around the clock (a sentence says it), embedded in the document."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import slac
from slac.codegen import charts, markdown
from slac.options import BuildOptions

from .support import ALL, HOSTILE, document, generated, parser, policy

SVG = "{http://www.w3.org/2000/svg}"


def chart(name: str, calendar: str, lang: str | None = None) -> ET.Element:
    return ET.fromstring(generated(name, lang)[f"{name}-{calendar}.svg"])


def open_blocks(root: ET.Element) -> list[tuple[float, float, float]]:
    """(x, y, width) of every shaded open block."""
    return [
        (float(rect.get("x", "0")), float(rect.get("y", "0")), float(rect.get("width", "0")))
        for rect in root.iter(f"{SVG}rect")
        if rect.get("class") == "open"
    ]


def test_managry_office_hours_are_five_blocks_from_eight_to_five() -> None:
    blocks = open_blocks(chart("managry", "business_hours"))
    assert len(blocks) == 5
    hour = charts.HOUR_WIDTH
    assert {(x, width) for x, _, width in blocks} == {(charts.GRID_LEFT + 8 * hour, 9 * hour)}
    assert len({y for _, y, _ in blocks}) == 5


@pytest.mark.parametrize(("name", "calendar"), [("zmanda", "all_year"), ("credenti", "always")])
def test_a_24x7_calendar_gets_a_sentence_not_a_solid_block(name: str, calendar: str) -> None:
    assert f"{name}-{calendar}.svg" not in generated(name)
    title = next(c.title for c in policy(name).calendars if c.name == calendar)
    words = document(name).split(f"### {title}", 1)[1].split("###", 1)[0]
    assert "24/7" in words and "![" not in words


def test_opening_and_closing_times_are_written_above_the_grid() -> None:
    root = chart("managry", "business_hours")
    group = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "opening-labels")
    assert [t.text for t in group.iter(f"{SVG}text")] == ["08:00", "17:00"]


def test_assumed_hours_are_hatched() -> None:
    zmanda = generated("zmanda")["zmanda-office_hours.svg"]  # 08:00–17:00 read from "dalle 8:5 alle XNUMX:XNUMX"
    assert 'fill="url(#assumed)"' in zmanda and "<pattern" in zmanda
    managry = generated("managry")["managry-business_hours.svg"]  # hours as published
    assert "url(#assumed)" not in managry


def test_24x5_shades_monday_to_friday_but_one_minute_at_each_end() -> None:
    blocks = open_blocks(chart("credenti", "twenty_four_five"))
    assert len(blocks) == 5
    minute = charts.HOUR_WIDTH / 60
    assert round(blocks[0][0] - charts.GRID_LEFT, 2) == round(minute, 2)
    assert round(blocks[-1][2], 2) == round(charts.GRID_WIDTH - minute, 2)


@pytest.mark.parametrize("name", ALL)
def test_every_chart_is_accessible_and_labelled(name: str) -> None:
    for file_name, text in generated(name).items():
        if not file_name.endswith(".svg") or "-example-" in file_name:
            continue
        root = ET.fromstring(text)
        assert root.get("role") == "img" and root.get("aria-labelledby") == "chart-title chart-desc"
        assert root.find(f"{SVG}title").text and root.find(f"{SVG}desc").text
        texts = [element.text for element in root.iter(f"{SVG}text")]
        assert [f"{hour:02d}" for hour in range(25)] == [t for t in texts if t and t.isdigit()]
        assert sum(1 for rect in root.iter(f"{SVG}rect") if rect.get("class") == "closed") == 7


@pytest.mark.parametrize("name", ALL)
def test_every_calendar_chart_is_written_and_embedded(name: str) -> None:
    files = generated(name)
    charts_written = sorted(f for f in files if f.endswith(".svg"))
    drawn = [c for c in policy(name).calendars if not (c.always_open or any(i.length_minutes == 7 * 1440 for i in c.weekly))]
    calendar_charts = sorted(f"{name}-{calendar.name}.svg" for calendar in drawn)
    assert [f for f in charts_written if "-example-" not in f] == calendar_charts
    tokens = parser().parse(document(name))
    embedded = [
        child.attrs["src"] for t in tokens if t.type == "inline" for child in t.children or [] if child.type == "image"
    ]
    assert sorted(embedded) == charts_written


def test_chart_words_follow_the_document_language() -> None:
    root = chart("managry", "business_hours")  # Czech
    texts = [element.text for element in root.iter(f"{SVG}text")]
    assert "pondělí" in texts and "neděle" in texts
    assert "Denní doba (čas v Praze (UTC+1 v zimě, UTC+2 v létě))" in texts
    english = chart("managry", "business_hours", "en")
    assert "Monday" in [element.text for element in english.iter(f"{SVG}text")]
    assert "Time of day (customer's time zone)" in [e.text for e in chart("zmanda", "office_hours", "en").iter(f"{SVG}text")]


def test_hostile_calendar_title_is_text_in_the_svg() -> None:
    root = chart(HOSTILE, "office")
    title = root.find(f"{SVG}title").text
    assert title is not None and '<script>hours</script> & "quoted"' in title
    assert root.find(f"{SVG}script") is None


def test_chart_bytes_are_stable() -> None:
    arguments = dict(
        title="t", description="d", day_names=tuple("MTWTFSS"), hours_axis="h",
        open_label="o", closed_label="c", ranges_by_weekday=[((0, 1), (700, 1440))] + [()] * 6,
    )
    first = charts.weekly_chart(**arguments)  # type: ignore[arg-type]
    # 700 minutes at 27 px an hour, from the grid's left edge at 110 px: 425; one minute: 0.45 px
    assert 'class="open" x="425"' in first and 'width="0.45"' in first
    assert first == charts.weekly_chart(**arguments)  # type: ignore[arg-type]


def test_levels_that_count_other_hours_are_noted_under_the_chart() -> None:
    def notes(name: str, calendar: str) -> list[str]:
        root = chart(name, calendar)
        group = next((g for g in root.iter(f"{SVG}g") if g.get("class") == "notes"), None)
        return [t.text for t in group.iter(f"{SVG}text")] if group is not None else []

    assert notes("cloudtalk", "working_hours") == ["Advanced, priorità 1: 24 ore su 24, 7 giorni su 7"]
    assert notes("managry", "business_hours") == ["Prémiová podpora, závažnost 1, 2: 8 hodin mimo pracovní dobu"]
    assert notes("credenti", "global") == []


@pytest.mark.parametrize(
    ("lang", "note"),
    [
        ("en", "Drawn Monday–Friday; the customer's country decides the working days (Sunday–Thursday in Israel)"),
        ("it", "Mostrato lunedì–venerdì; i giorni lavorativi dipendono dal paese del cliente (domenica–giovedì in Israele)"),
        ("cs", "Zakresleno pondělí–pátek; pracovní dny určuje země zákazníka (v Izraeli neděle–čtvrtek)"),
        ("pl", "Pokazano poniedziałek–piątek; dni robocze zależą od kraju klienta (w Izraelu niedziela–czwartek)"),
    ],
)
def test_the_customers_working_days_are_noted_under_their_chart(lang: str, note: str) -> None:
    # The chart can only draw one week; for a customer in Israel it is not Monday to Friday.
    path = Path(__file__).resolve().parents[1] / "cases" / "conditions" / "customer_working_week.sla"
    compiled = slac.compile_text(path.read_text(encoding="utf-8"), "customer_working_week.sla")
    root = ET.fromstring(markdown.generate(compiled, BuildOptions(lang=lang))["local_hours-local_business_hours.svg"])
    group = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "notes")
    assert [t.text for t in group.iter(f"{SVG}text")] == [note]


def test_a_target_written_out_from_the_opening_has_its_timeline_too() -> None:
    # Orbit's resolution "starts when the ticket is opened": two support days from Thursday 6
    # March 2025 15:30 count Thursday 15:30–17:00, Friday 09:00–17:00 and Monday 09:00–15:30.
    path = Path(__file__).resolve().parents[2] / "rules" / "orbit.sla"
    compiled = slac.compile_text(path.read_text(encoding="utf-8"), "rules/orbit.sla")
    files = markdown.generate(compiled, BuildOptions(lang="en"))
    assert "![Timeline: Two support days from Thursday 15:30 end on Monday at 15:30](orbit-example-support_days.svg)" in (
        files["orbit.md"].splitlines()
    )
    root = ET.fromstring(files["orbit-example-support_days.svg"])
    segments = [r.get("class") for r in root.iter(f"{SVG}rect") if r.get("class") in ("open", "closed") and r.get("height") == "26"]
    assert segments == ["open", "closed", "open", "closed", "open"]
    # an example given as events may pause its clock, which the strip does not draw: none
    assert "orbit-example-strict_at_the_hour.svg" not in files


def test_a_worked_example_has_a_timeline_of_its_wait() -> None:
    # Premium severity 3 across Christmas 2025: Tuesday 23 December 12:00–17:00 counts, 24–28
    # December are closed (holidays and the weekend), Monday 29 December 08:00–12:00 counts.
    root = ET.fromstring(generated("managry")["managry-example-christmas.svg"])
    segments = [r for r in root.iter(f"{SVG}rect") if r.get("class") in ("open", "closed") and r.get("height") == "26"]
    assert [r.get("class") for r in segments] == ["open", "closed", "open"]
    span = 6 * 24  # hours from Tuesday 12:00 to Monday 12:00
    widths = [float(r.get("width", "0")) for r in segments]
    assert round(widths[0] / sum(widths) * span) == 5 and round(widths[2] / sum(widths) * span) == 4
    ends = [t.text for g in root.iter(f"{SVG}g") if g.get("class") == "ends" for t in g.iter(f"{SVG}text")]
    assert ends == ["úterý 12:00", "pondělí 12:00"]
    # a 24/7 target counts all the way, even on a Saturday
    weekend = ET.fromstring(generated("cloudtalk")["cloudtalk-example-advanced_p1_weekend.svg"])
    assert [r.get("class") for r in weekend.iter(f"{SVG}rect") if r.get("height") == "26"] == ["open"]


def test_long_names_in_the_bar_chart_are_cut_to_fit_with_the_whole_name_kept() -> None:
    # A policy or plan title of 300 letters ran far past the chart's edges.
    long_policy, long_plan = "Policy " + "x" * 300, "Plan " + "y" * 300
    root = ET.fromstring(charts.bar_chart(
        title="Worst case", description="d", groups=[(long_policy, [(long_plan, 10.0, "10 h")])], axis="hours"
    ))
    texts = [t.text or "" for t in root.iter(f"{SVG}text")]
    heading, label = texts[0], texts[1]
    assert heading.startswith("Policy xxx") and heading.endswith("…") and len(heading) <= 90
    assert label.startswith("Plan yyy") and label.endswith("…") and len(label) <= 32
    [bar] = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "bar"]
    assert bar.find(f"{SVG}title").text == f"{long_plan}: 10 h"  # type: ignore[union-attr]
    short = ET.fromstring(charts.bar_chart(title="t", description="d", groups=[("Acme", [("Gold", 1.0, "1 h")])], axis="a"))
    assert [t.text for t in short.iter(f"{SVG}text")][:2] == ["Acme", "Gold"]
