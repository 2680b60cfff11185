"""The web pages in a real browser: headless Chromium loads every generated page at desktop and
phone widths and measures what a reader needs. The response table starts in the first screen,
nothing scrolls sideways, every chart is drawn, and the page logs no error.

Without chromium the tests skip, except in CI (`CI=true`), where `.ci/run` installs it and a
missing browser is a failure.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

import slac
from slac.codegen import render_policy
from slac.options import BuildOptions

from .browser import CHROMIUM, Browser

REPO = Path(__file__).resolve().parents[2]
GENERATED = REPO / "generated"
PAGES = sorted(path.name for path in GENERATED.glob("*.html"))
WIDTHS = {"desktop": (1280, 800), "phone": (400, 800)}

MEASURE = """(() => {
  const root = document.documentElement;
  const tables = [...document.querySelectorAll('main table')];
  const first = tables[0] || null;
  const charts = [...document.querySelectorAll('figure.chart svg')].map(svg => {
    const box = svg.getBoundingClientRect();
    return {width: box.width, height: box.height,
            marks: svg.querySelectorAll('rect.open, rect.bar').length,
            title: (svg.querySelector('title') || {}).textContent || ''};
  });
  const wide = [...document.querySelectorAll('main *')]
    .filter(element => element.getBoundingClientRect().right > root.clientWidth + 1)
    .map(element => element.tagName + ' ' + (element.textContent || '').slice(0, 40));
  return {
    scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, viewportHeight: innerHeight,
    firstTableTop: first ? first.getBoundingClientRect().top : null,
    firstTableRows: first ? first.querySelectorAll('tbody tr').length : 0,
    charts, wide, title: document.title, lang: root.lang,
  };
})()"""


def _write_pages(source: str, path: str, folder: Path) -> None:
    """Write the pages of the policy `source` (compiled without errors, saved as `path`) into `folder`."""
    compiled = slac.compile_text(source, path)
    assert compiled.ok, compiled.diagnostics
    for name, text in render_policy(compiled, BuildOptions()).items():
        (folder / name).write_text(text, encoding="utf-8")


def _browser_or_skip() -> None:
    if CHROMIUM is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is missing in CI: .ci/run installs it (apt-get install chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium); the page tests need a real browser")


@pytest.fixture(scope="module")
def measurements() -> dict[tuple[str, str], tuple[dict[str, Any], list[str]]]:
    """Every page measured at every width, in one browser."""
    _browser_or_skip()
    found = {}
    with Browser.start() as browser:
        for page in PAGES:
            for name, (width, height) in WIDTHS.items():
                found[page, name] = browser.measure((GENERATED / page).as_uri(), width, height, MEASURE)
    return found


def test_every_policy_has_a_page() -> None:
    assert PAGES == sorted(
        [path.stem + ".html" for path in GENERATED.glob("*.md") if not path.name.endswith(".report.md")]
    )


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", PAGES)
def test_the_response_table_starts_in_the_first_screen(measurements: dict, page: str, width: str) -> None:
    values, _ = measurements[page, width]
    assert values["firstTableTop"] is not None, f"{page} has no table"
    assert values["firstTableRows"] > 0
    assert 0 <= values["firstTableTop"] < values["viewportHeight"], (
        f"{page} at {width} width: the first response table starts at {values['firstTableTop']} px, "
        f"below the first screen ({values['viewportHeight']} px)"
    )


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", PAGES)
def test_nothing_scrolls_sideways(measurements: dict, page: str, width: str) -> None:
    values, _ = measurements[page, width]
    assert values["scrollWidth"] <= values["clientWidth"], (page, width, values["wide"][:5])
    assert values["wide"] == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", PAGES)
def test_every_chart_is_drawn(measurements: dict, page: str, width: str) -> None:
    values, _ = measurements[page, width]
    markdown = (GENERATED / page).with_suffix(".md").read_text(encoding="utf-8")
    assert len(values["charts"]) == markdown.count("![")
    for chart in values["charts"]:
        assert chart["width"] > 300 and chart["height"] > 40, chart  # drawn at a size one can read
        assert chart["marks"] > 0, chart
        assert chart["title"], chart


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", PAGES)
def test_no_console_errors(measurements: dict, page: str, width: str) -> None:
    _, errors = measurements[page, width]
    assert errors == []


@pytest.mark.parametrize("page", PAGES)
def test_the_page_says_its_language_and_title(measurements: dict, page: str) -> None:
    values, _ = measurements[page, "desktop"]
    markdown = (GENERATED / page).with_suffix(".md").read_text(encoding="utf-8")
    heading = next(line[2:] for line in markdown.splitlines() if line.startswith("# "))
    assert values["title"] == heading.replace("\\", "")
    assert values["lang"] in ("en", "it", "cs", "pl")



LONG_WORD = "Supercalifragilistic" * 15
ONE_LONG_WORD = f"""\
policy long "Long"
    language en

scale severity "Severity{LONG_WORD}"
    chosen by customer
    level 1 "Critical"

target initial_response "Initial response" from opened

plan standard "Standard"
    initial_response 4 hours
"""


def test_a_heading_of_one_very_long_word_wraps(tmp_path: Path) -> None:
    # A 300-letter word heading a column of a small table must break, not widen the page.
    _browser_or_skip()
    _write_pages(ONE_LONG_WORD, "long.sla", tmp_path)
    with Browser.start() as browser:
        for width in (700, 1280):
            values, errors = browser.measure((tmp_path / "long.html").as_uri(), width, 800, MEASURE)
            assert errors == []
            assert values["scrollWidth"] <= values["clientWidth"], (width, values["wide"][:3])


MANY_PLANS = "".join(
    f'''
plan plan_{number} "Plan {number} <i>x</i> [link](u) | pipe"
    extra training "Training <b>&amp;</b>"
    initial_response {number} hours
'''
    for number in range(1, 13)
)


def test_a_table_of_many_plans_wraps_at_every_width(tmp_path: Path) -> None:
    # Twelve plans whose titles hold words that cannot break (`<i>x</i>`, `[link](u)`): their
    # header cells must wrap like the body's, or the table is wider than a laptop's window.
    _browser_or_skip()
    source = 'policy many "Many plans"\n    language en\n\ntarget initial_response "Initial response" from opened\n'
    _write_pages(source + MANY_PLANS, "many.sla", tmp_path)
    with Browser.start() as browser:
        for width in (700, 800, 1000, 1280):
            values, errors = browser.measure((tmp_path / "many.html").as_uri(), width, 800, MEASURE)
            assert errors == []
            assert values["scrollWidth"] <= values["clientWidth"], (width, values["wide"][:3])
            assert values["wide"] == [], width


SPLIT_WORDS = """(() => {
  const split = [];
  for (const th of document.querySelectorAll('main th')) {
    for (const node of th.childNodes) {
      if (node.nodeType !== Node.TEXT_NODE) continue;
      for (const match of node.textContent.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
        if (lines.size > 1) split.push(match[0]);
      }
    }
  }
  return split;
})()"""

FIVE_COLUMNS = """\
policy five "Five columns"
    language en

scale priority "Priority"
    chosen by customer
    level P1 "Urgent"
    level P2 "High"

calendar office "Office"
    timezone Europe/Vienna
    open mon-fri 08:00-12:00
    open mon-fri 13:00-17:00

target first_response "First response" from opened
target update "Status update" from last agent reply
target resolution "Resolution" from opened

plan basic "Basic"
    hours office
    targets count in support hours
    targets
        priority | first_response                                    | update          | resolution
        P1       | 2 business hours; 12 hours outside business hours | 1 support day   | 2 weeks
        P2       | under 4 business hours                            | 2 business days | best effort
"""


def test_a_table_of_a_few_columns_never_breaks_a_heading_inside_a_word(tmp_path: Path) -> None:
    # Only a table of many columns may break its headings anywhere; "Resolution" stays whole.
    _browser_or_skip()
    _write_pages(FIVE_COLUMNS, "five.sla", tmp_path)
    with Browser.start() as browser:
        for width in (700, 1000, 1280):
            split, errors = browser.measure((tmp_path / "five.html").as_uri(), width, 800, SPLIT_WORDS)
            assert errors == []
            assert split == [], width


def test_no_generated_page_breaks_a_heading_inside_a_word() -> None:
    # The index's seven columns and every policy's tables fit with their headings' words whole.
    _browser_or_skip()
    with Browser.start() as browser:
        for page in PAGES:
            for width in (800, 1280):
                split, errors = browser.measure((GENERATED / page).as_uri(), width, 800, SPLIT_WORDS)
                assert errors == []
                assert split == [], (page, width)
