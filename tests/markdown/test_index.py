"""The index: one table per policy comparing its plans level by level, the worst cases over
the stated period with holidays (checked against a brute-force walk of every minute), a chart
of the most severe level's worst case, other targets apart, human units."""

from __future__ import annotations

import dataclasses
import functools
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

import slac
from slac.codegen import markdown
from slac.codegen.documents.period import DOCUMENT_YEARS
from slac.model.types import Quantity, Timed
from slac.options import BuildOptions

from tests.runtime.reference import ReferenceCalendar
from .support import HOSTILE, SEEDS, compilation, html_tokens, index, policy, tables, unescaped_pipes

MONDAY_TO_FRIDAY = lambda start, end: [(day, start, day, end) for day in range(5)]  # noqa: E731


def english(policy_id: str, text: str) -> str:
    """A text of a policy as its English translation gives it (the index is in English)."""
    translation = policy(policy_id).translation("en")
    return (translation.text(text) if translation else None) or text


def section(policy_id: str) -> str:
    title = english(policy_id, policy(policy_id).title)
    return index().split(f"## [{title}]({policy_id}.md)", 1)[1].split("\n## ", 1)[0]


def cell(policy_id: str, plan: str, rank: int, table: int = 0) -> str:
    found = tables(section(policy_id))[table]
    [row] = [r for r in found.rows if r[0] == plan]
    offset = 3 if table == 0 else 2
    return row[offset + rank - 1]


def hours(text: str) -> str:
    return text.replace("\u00a0", " ")


@functools.cache
def brute_force_worst(zone: str, weekly: tuple, country: str | None, minutes: int) -> timedelta:
    """max(deadline − start) over every UTC minute of the period as a start, from the reference
    calendar's open minutes: the deadline of a start is the end of the `minutes`-th open minute
    at or after it."""
    reference = ReferenceCalendar(zone, list(weekly), holiday_country=country)
    start = datetime(DOCUMENT_YEARS[0], 1, 1, tzinfo=timezone.utc)
    starts = int((datetime(DOCUMENT_YEARS[1] + 1, 1, 1, tzinfo=timezone.utc) - start).total_seconds() // 60)
    total = starts + 30 * 24 * 60  # room for the last deadlines
    open_minutes = []
    for hour in range(total // 60):
        # the zones used change their offset only on the hour: one conversion per hour
        local = (start + timedelta(hours=hour)).astimezone(reference.zone)
        day = reference.open_minutes_of(local.date())
        for minute in range(60):
            if day[local.hour * 60 + minute]:
                open_minutes.append(hour * 60 + minute)
    worst, first = 0, 0
    for start_minute in range(starts):
        while open_minutes[first] < start_minute:
            first += 1
        worst = max(worst, open_minutes[first + minutes - 1] + 1 - start_minute)
    return timedelta(minutes=worst)


def test_one_table_per_policy_with_a_row_per_plan() -> None:
    for name in SEEDS:
        model = policy(name)
        found = tables(section(name))
        if any(t.start == "opened" for t in model.targets):
            titles = [english(name, plan.title) for plan in model.plans]
            assert [row[0].split(" (same as")[0] for row in found[0].rows] == titles
            assert found[0].header[3:] == tuple(f"Level {rank}" for rank in range(1, len(model.scale.levels) + 1))
    for line in index().splitlines():
        if line.startswith("| Plan | Channels"):
            columns = unescaped_pipes(line)
            assert columns in (7, 8)


def test_policies_link_to_their_documents() -> None:
    for name in SEEDS:
        assert f"## [{english(name, policy(name).title)}]({name}.md)" in index()


def test_managry_standard_severity_1_waits_over_easter_and_christmas() -> None:
    # 1 business hour on Mon–Fri 08:00–17:00 in Prague with Czech holidays: a ticket at 17:00 on
    # Wednesday 23 December 2026 waits until Monday 28 December 08:00, plus the hour: 112 hours.
    assert hours(cell("managry", "Standard support", 1)) == "1 Critical\n1 business hour\nworst case 4 d 16 h"


@pytest.mark.parametrize(
    ("policy_id", "plan", "rank", "zone", "weekly", "country", "minutes"),
    [
        ("managry", "Standard support", 1, "Europe/Prague", tuple(MONDAY_TO_FRIDAY(480, 1020)), "CZ", 60),
        ("managry", "Premium support", 3, "Europe/Prague", tuple(MONDAY_TO_FRIDAY(480, 1020)), "CZ", 9 * 60),
        ("cloudtalk", "Professional", 1, "Europe/Bratislava", tuple(MONDAY_TO_FRIDAY(540, 1020)), "SK", 180),
    ],
)
def test_worst_cases_agree_with_a_walk_of_every_minute(
    policy_id: str, plan: str, rank: int, zone: str, weekly: tuple, country: str, minutes: int
) -> None:
    expected = brute_force_worst(zone, weekly, country, minutes)
    days, rest = divmod(int(expected.total_seconds() // 60), 24 * 60)
    words = " ".join(f"{v} {u}" for v, u in ((days, "d"), (rest // 60, "h"), (rest % 60, "min")) if v)
    assert hours(cell(policy_id, plan, rank)).endswith(f"worst case {words}")


def test_worst_cases_are_the_same_with_and_without_numpy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from slac.codegen.documents import worst_case as module

    blocker = tmp_path / "not-a-directory"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # no cache: both runs compute every number

    def every_worst_case() -> list[object]:
        module._longest_elapsed.cache_clear()
        found = []
        for name in SEEDS:
            model = policy(name)
            for plan in model.plans:
                for _, entry in plan.cells:
                    found.append(module.worst_cases(model, plan, entry))
        return found

    with_numpy = every_worst_case()
    monkeypatch.setitem(__import__("sys").modules, "numpy", None)  # `import numpy` fails
    without_numpy = every_worst_case()
    module._longest_elapsed.cache_clear()
    assert with_numpy == without_numpy
    assert sum(case.duration is not None and case.calendar is not None for cases in with_numpy for case in cases) > 20


def test_an_out_of_hours_alternative_takes_the_larger_branch() -> None:
    # 1 business hour, 8 hours outside: opened at 16:59 before Christmas 2026 (inside hours)
    # it is due on Monday 28 December at 08:59, longer than the 8 wall-clock hours outside.
    assert hours(cell("managry", "Premium support", 1)).endswith("worst case 4 d 16 h")


def test_a_wall_clock_target_is_its_own_worst_case() -> None:
    assert cell("cloudtalk", "Advanced", 1) == "1 Business critical\nwithin 1 hour (24/7)"
    assert cell("cloudtalk", "Basic", 1) == "1 Business critical\nn/a (no guaranteed time)"
    assert "worst" not in cell("credenti", "Premium", 1)


def test_customer_time_zone_calendars_are_marked() -> None:
    assert "†" in cell("credenti", "Basic", 1) and "†" in cell("zmanda", "Standard", 1)
    assert "† Support hours in the customer's time zone" in index()


def test_other_targets_are_apart_from_the_first_response() -> None:
    zimbra = section("zimbra")
    [other] = tables(zimbra)
    assert other.header[:2] == ("Plan", "Target")
    assert other.rows[0][1] == "Next contact after the customer's reply"
    # 24–72 hours on the wall clock: the worst case is the upper bound itself, so none is shown
    assert other.rows[0][3] == "2 Severity 2\n≈ 24-72 hours"
    assert "≈" in other.rows[0][2]  # severity 1: an interpretation of the phone call within the SLA time
    managry = tables(section("managry"))
    assert managry[1].rows[0][1] == "Ongoing response time"


def test_the_chart_shows_the_most_severe_level_per_plan() -> None:
    files = markdown.generate_index([compilation(name) for name in SEEDS], BuildOptions())
    svg = files["index-worst-case.svg"]
    assert "![" in files["index.md"] and "index-worst-case.svg" in files["index.md"]
    assert svg.count('class="bar"') == sum(
        1
        for name in SEEDS
        for plan in policy(name).plans
        if any(t.start == "opened" for t in policy(name).targets)
        and isinstance(
            (plan if plan.same_as is None else policy(name).plan(plan.same_as)).cell(
                policy(name).scale.levels[0].name, next(t.name for t in policy(name).targets if t.start == "opened")
            ),
            Timed,
        )
    )


def test_human_units() -> None:
    labels = markdown.Labels("en")
    assert markdown.human_duration(timedelta(hours=64), labels).replace("\u00a0", " ") == "2 d 16 h"
    assert markdown.human_duration(timedelta(minutes=45), labels).replace("\u00a0", " ") == "45 min"
    assert markdown.human_duration(timedelta(minutes=90), labels).replace("\u00a0", " ") == "1 h 30 min"


def test_worst_case_of_business_days_needs_a_standard_day() -> None:
    twenty_four_five = policy("credenti").calendar("twenty_four_five")
    one_day = Timed(Quantity(business_days=1), "business", "unit", "1 business day")
    assert markdown.worst_case(one_day, twenty_four_five) is None
    assert markdown.worst_case(one_day, None) is None


SUPPORT_DAY = """\
policy support_day "Support day"
    language en

calendar office "Office"
    timezone Europe/Prague
    open mon-fri 08:00-16:00
    closed on public holidays of CZ
    closed on 2026-12-23 from 10:00-11:00

target first_response "First response" from opened

plan standard "Standard"
    hours office
    first_response 1 support day
"""


def test_a_support_day_worst_case_is_counted_as_support_days_are() -> None:
    # Worked by hand: a support day ends at the latest at the same clock time on the next
    # business day, counted from the next opening when support is closed at the start. Over
    # Easter 2026 (Thursday 2 April 15:59 to Tuesday 7 April 15:59) that is 5 days; the longest
    # is a ticket opened on Wednesday 23 December at 10:00, in the hour the office is closed:
    # its day counts from 11:00, to the same clock time on the next business day, Monday 28
    # December 11:00 (24-26 December are Czech holidays): 5 d 1 h. Eight business hours from
    # Tuesday 22 December 16:00 would be 5 d 17 h, but that ticket's support day counts from
    # Wednesday 08:00 to Monday 08:00, 7 hours, and ends on Wednesday 23 December at 16:00.
    compiled = slac.compile_text(SUPPORT_DAY, "support_day.sla")
    assert compiled.ok, compiled.diagnostics
    index = markdown.generate_index([compiled], BuildOptions(lang="en"))["index.md"]
    [row] = [line for line in index.splitlines() if line.startswith("| Standard")]
    assert hours(row).endswith("| 1 support day<br>worst case 5 d 1 h |")


@pytest.mark.parametrize("lang", ["it", "cs", "pl"])
def test_index_labels_follow_the_build_language(lang: str) -> None:
    text = index(lang)
    assert text.splitlines()[2] == "# " + markdown.Labels(lang).raw("index_title")


def test_hostile_titles_do_not_break_the_index() -> None:
    def render(*names: str) -> str:
        return markdown.generate_index([compilation(name) for name in names], BuildOptions())["index.md"]

    text = render(HOSTILE, "managry")
    assert all(token.content == "<br>" or token.content.startswith("<!-- Code generated") for token in html_tokens(text))
    assert text == render("managry", HOSTILE)
    for line in text.splitlines():
        if line.startswith("| Plan"):
            header = unescaped_pipes(line)
        elif line.startswith("|"):
            assert unescaped_pipes(line) == header


def test_worst_cases_from_slacs_cache_are_the_computed_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from slac.cache import sealed
    from slac.codegen.documents import worst_case as module

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    model = policy("managry")
    plan = model.plans[0]
    cells = [entry for _, entry in plan.cells]

    def every_worst_case() -> list[object]:
        module._longest_elapsed.cache_clear()
        return [module.worst_cases(model, plan, entry) for entry in cells]

    computed = every_worst_case()
    entries = list((tmp_path / "slac" / "worst-cases").iterdir())
    assert entries and any(case.duration for cases in computed for case in cases)
    for planted in (b"not a number\n", b"9" * 30 + b"\n"):  # whole but wrong (no timedelta holds the second)
        entries[0].write_bytes(sealed(planted))
        assert every_worst_case() == computed, "computed again"
    monkeypatch.setattr(module, "_computed_longest_elapsed", lambda *arguments: pytest.fail("computed although cached"))
    assert every_worst_case() == computed
    other = dataclasses.replace(model.calendars[0], holidays=())  # another definition: not served
    with pytest.raises(pytest.fail.Exception):
        module._longest_elapsed(other, timedelta(hours=1), False, None)
    module._longest_elapsed.cache_clear()
