"""The index: every policy × plan × level with its first-response target and worst case."""

from __future__ import annotations

from datetime import timedelta

import pytest

from slac.codegen import markdown
from slac.model.types import Quantity, Timed

from slac.options import BuildOptions

from .support import HOSTILE, SEEDS, compilation, html_tokens, index, policy, tables, unescaped_pipes


def worst_cases() -> dict[tuple[str, str, str], str]:
    """(policy link text, plan, level) → worst case cell of the index."""
    [table] = tables(index())
    assert table.header == ("Policy", "Plan", "Level", "Target", "As published", "Worst case")
    return {(row[0], row[1], row[2]): row[5] for row in table.rows}


def row(policy_id: str, plan: str, level: str) -> tuple[str, ...]:
    [table] = tables(index())
    title = policy(policy_id).title
    [found] = [r for r in table.rows if r[0] == title and r[1] == plan and r[2].startswith(f"{level} — ")]
    return found


def test_one_row_per_policy_plan_and_level() -> None:
    [table] = tables(index())
    expected = sum(len(policy(name).plans) * len(policy(name).scale.levels) for name in SEEDS)
    assert len(table.rows) == expected
    assert len({(r[0], r[1], r[2]) for r in table.rows}) == expected
    for line in index().splitlines():
        if line.startswith("|"):
            assert unescaped_pipes(line) == 7


def test_policies_link_to_their_documents() -> None:
    for name in SEEDS:
        assert f"[{policy(name).title}]({name}.md)" in index()


def test_managry_standard_severity_1_is_64_hours() -> None:
    # 1 business hour on Mon–Fri 08:00–17:00: a ticket at 17:00 on Friday is due on Monday
    # at 09:00, 64 hours later.
    assert row("managry", "Standard support", "1")[4:] == ("1 business hour", "64 h")


def test_managry_premium_out_of_hours_alternative_takes_the_larger_branch() -> None:
    # Opened at 16:15 on Friday (inside hours): 45 minutes on Friday, 15 on Monday → Monday
    # 08:15, 64 hours; opened outside hours the wall-clock 8 hours are shorter.
    assert row("managry", "Premium support", "1")[5] == "64 h"
    # 1 business day = 9 hours: opened Friday 17:00, due Monday 17:00.
    assert row("managry", "Premium support", "3")[5] == "72 h"
    # 2 business days = 18 hours: opened Friday 17:00, due Tuesday 17:00.
    assert row("managry", "Premium support", "4")[5] == "96 h"


def test_cloudtalk_advanced_priority_1_is_one_hour_on_the_wall_clock() -> None:
    assert row("cloudtalk", "Advanced", "1")[4:] == ("within 1 hour (24/7)", "1 h")
    # 3 business hours on 09:00–17:00: Friday 17:00 → Monday 12:00.
    assert row("cloudtalk", "Professional", "1")[5] == "67 h"
    assert row("cloudtalk", "Basic", "1")[4:] == ("n/a", "—")


def test_customer_time_zone_calendars_are_computed_in_utc_and_say_so() -> None:
    # 2 hours in support hours: Friday 17:00 → Monday 11:00 (09:00 opening) or 10:00 (08:00).
    assert row("credenti", "Basic", "1")[5] == "66 h † (Global)\n65 h † (North America)"
    assert row("zmanda", "Standard", "P1")[5] == "64 h †"
    assert "† The calendar follows the customer's time zone; computed in UTC." in index()


def test_ranges_use_the_upper_bound_and_no_target_has_no_worst_case() -> None:
    assert row("zimbra", "Zimbra support", "2")[3:] == ("Next contact after the customer's reply", "24-72 hours", "72 h")
    assert row("managry", "Standard support", "3")[4:] == ("— (not published) ⚠", "—")
    assert row("zmanda", "Amanda Community", "P1")[4:] == ("best effort", "—")
    assert row("zmanda", "Trial customers (evaluation period) (same as Premium)", "P1")[4:] == ("15 minutes", "0.25 h")


def test_worst_case_of_business_days_needs_a_standard_day() -> None:
    twenty_four_five = policy("credenti").calendar("twenty_four_five")
    cell = Timed(Quantity(business_days=1), "business", "unit", "1 business day")
    assert markdown.worst_case(cell, twenty_four_five) is None
    office = policy("managry").calendar("business_hours")
    assert markdown.worst_case(cell, office) == timedelta(hours=72)
    assert markdown.worst_case(cell, None) is None


@pytest.mark.parametrize("lang", ["it", "cs", "pl"])
def test_index_labels_follow_the_build_language(lang: str) -> None:
    text = index(lang)
    assert text.splitlines()[2] == "# " + markdown.Labels(lang).raw("index_title")



def test_hostile_titles_do_not_break_the_index() -> None:
    def render(*names: str) -> str:
        return markdown.generate_index([compilation(name) for name in names], BuildOptions())["index.md"]

    text = render(HOSTILE, "managry")
    [table] = tables(text)
    hostile = policy(HOSTILE)
    assert len(table.rows) == len(hostile.plans) * len(hostile.scale.levels) + 8
    assert {row[0] for row in table.rows} == {hostile.title, policy("managry").title}
    assert all(token.content == "<br>" or token.content.startswith("<!-- Code generated") for token in html_tokens(text))
    assert text == render("managry", HOSTILE)
