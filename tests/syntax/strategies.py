"""Hypothesis strategies for the .sla AST: every node type, with names that are never a
keyword and texts that contain quotes, backslashes, line breaks and any unicode."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from hypothesis import strategies as st

from slac.syntax import ast
from slac.syntax.grammar import grammar_text


def _keywords() -> frozenset[str]:
    """Every word the grammar spells out in quotes, such as `policy`, `business` or `local`."""
    return frozenset(word for word in re.findall(r'"([A-Za-z_][A-Za-z0-9_]*)"i?', grammar_text()))


KEYWORDS = _keywords()

# Words that look like keywords or other tokens without being keywords.
TRICKY_NAMES = [
    "mon",
    "fri",
    "sun",
    "Policy",
    "HOURS",
    "N",
    "n",
    "a",
    "_",
    "T",
    "P1",
    "within_",
    "x24x7",
]
names = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,9}", fullmatch=True).filter(
    lambda name: name not in KEYWORDS
) | st.sampled_from(TRICKY_NAMES)
numbers = st.from_regex(r"[0-9]{1,4}", fullmatch=True)
values = names | numbers
texts = st.text(max_size=24).map(lambda text: unicodedata.normalize("NFC", text)) | st.sampled_from(
    ['"', "\\", '\\"', "\n", "\r\n", "\t", "#", "|", "é ü ✓ 漢字 🎉"]
)
"""Texts as the parser keeps them: in NFC (a compatibility character such as 豈 U+F900 is read
as its canonical equivalent)."""
optional_texts = st.none() | texts
assumptions = st.none() | st.builds(ast.Assumption, texts)
name_tuples = st.lists(names, min_size=1, max_size=3).map(tuple)
value_tuples = st.lists(values, min_size=1, max_size=3).map(tuple)
minutes_of_day = st.integers(0, 24 * 60)
days = st.integers(0, 6)
dates = st.dates(min_value=date(1000, 1, 1))
zones = st.sampled_from(
    ["Europe/Prague", "America/Argentina/Buenos_Aires", "Etc/GMT+1", "Etc/GMT-14", "UTC"]
) | st.from_regex(r"[A-Za-z][A-Za-z0-9_+\-]{0,6}(/[A-Za-z0-9_+\-]{1,6}){1,2}", fullmatch=True)


def _items(*strategies: st.SearchStrategy, min_size: int = 1) -> st.SearchStrategy:
    return st.lists(st.one_of(*strategies), min_size=min_size, max_size=4).map(tuple)


# ----------------------------------------------------------------------- policy header

policy_items = st.one_of(
    st.builds(ast.Source, texts),
    st.builds(ast.Language, names),
    st.builds(ast.Contact, names, texts),
    st.builds(ast.Supported, texts),
    st.builds(ast.Unsupported, texts),
    st.builds(ast.Note, texts),
)
policies = st.builds(ast.Policy, names, texts, st.lists(policy_items, max_size=4).map(tuple))

# ----------------------------------------------------------------------- scales and fields

level_items = st.one_of(
    st.builds(ast.Description, texts),
    st.builds(ast.Criterion, texts),
    st.builds(ast.LevelExample, texts),
)
levels = st.builds(ast.Level, values, texts, st.lists(level_items, max_size=3).map(tuple))
scales = st.builds(
    ast.Scale,
    names,
    optional_texts,
    _items(st.builds(ast.ChosenBy, name_tuples), st.builds(ast.ChangedBy, name_tuples), levels),
)
fields = st.builds(
    ast.Field,
    names,
    optional_texts,
    _items(
        st.builds(ast.FieldValues, value_tuples),
        st.builds(ast.FieldBoolean),
        st.builds(ast.FieldDefault, values, assumptions),
    ),
)
matrices = st.builds(
    ast.Matrix,
    names,
    names,
    names,
    value_tuples,
    st.lists(
        st.builds(
            ast.MatrixRow, values, st.lists(st.none() | values, min_size=1, max_size=3).map(tuple)
        ),
        min_size=1,
        max_size=3,
    ).map(tuple),
)

# ----------------------------------------------------------------------- calendars


@st.composite
def closed_on_dates(draw: st.DrawFn) -> ast.ClosedOnDate:
    start = draw(st.none() | minutes_of_day)
    end = None if start is None else draw(st.none() | minutes_of_day)
    return ast.ClosedOnDate(draw(dates), start, end, draw(assumptions))


@st.composite
def closed_yearly(draw: st.DrawFn) -> ast.ClosedYearly:
    day = draw(dates)  # a leap year's dates include 29 February
    start = draw(st.none() | minutes_of_day)
    end = None if start is None else draw(st.none() | minutes_of_day)
    return ast.ClosedYearly(day.month, day.day, start, end, draw(assumptions))


day_ranges = st.builds(ast.DayRange, days, st.none() | days)
calendar_items = st.one_of(
    st.builds(ast.TimeZone, st.none() | zones, assumptions),
    st.builds(
        ast.OpenDays,
        st.none() | st.lists(day_ranges, min_size=1, max_size=3).map(tuple),
        minutes_of_day,
        minutes_of_day,
        assumptions,
    ),
    st.builds(ast.OpenSpan, days, minutes_of_day, days, minutes_of_day, assumptions),
    st.builds(ast.OpenAlways, assumptions),
    st.builds(ast.OpenCustomerDays, minutes_of_day, minutes_of_day, assumptions),
    st.builds(ast.OpenOnDate, dates, minutes_of_day, minutes_of_day, assumptions),
    st.builds(
        ast.ClosedHolidays,
        st.none() | names,
        st.none() | names,
        st.lists(names, max_size=2).map(tuple),
        assumptions,
    ),
    closed_on_dates(),
    closed_yearly(),
)
calendars = st.builds(ast.Calendar, names, optional_texts, _items(calendar_items))
shorthand_targets = st.builds(
    ast.Target,
    names,
    optional_texts,
    st.sampled_from(["opened", "last_agent_reply", "last_customer_reply"]),
    assumptions,
)
statuses = st.builds(ast.StatusDecl, names, optional_texts, st.booleans(), assumptions)
start_phrases = st.one_of(
    st.just(ast.StartPhrase("opened")),
    st.builds(ast.StartPhrase, st.sampled_from(["customer_message", "agent_reply"]), st.booleans()),
    st.builds(ast.StartPhrase, st.just("status"), st.booleans(), names),
)
stop_phrases = st.one_of(
    st.builds(ast.StopPhrase, st.sampled_from(["first_agent_reply", "next_agent_reply", "solved"])),
    st.builds(ast.StopPhrase, st.just("status"), names),
)
clock_items = st.one_of(
    st.builds(ast.ClockStarts, st.lists(start_phrases, min_size=1, max_size=3).map(tuple), st.booleans(), assumptions),
    st.builds(ast.ClockStops, st.lists(stop_phrases, min_size=1, max_size=3).map(tuple), assumptions),
    st.builds(ast.ClockPaused, name_tuples, assumptions),
    st.builds(ast.ClockReopen, st.sampled_from(["continue", "new_cycle"]), assumptions),
    st.builds(ast.ClockLevelChange, st.sampled_from(["keep", "new_cycle"]), assumptions),
)
clock_targets = st.builds(
    ast.Target, names, optional_texts, st.none(), st.none(), st.lists(clock_items, min_size=1, max_size=5).map(tuple)
)
targets = shorthand_targets | clock_targets

# ----------------------------------------------------------------------- cells and tables

units = st.sampled_from(
    [
        "minutes",
        "hours",
        "days",
        "weeks",
        "months",
        "business_minutes",
        "business_hours",
        "business_days",
        "support_days",
    ]
)
amounts = st.integers(0, 10_000)
durations = st.builds(ast.Duration, amounts, units, st.booleans())
ranges = st.builds(ast.Range, amounts, amounts, units, st.booleans())
not_applicable_words = st.sampled_from(["n/a", "N/A", "N/a", "n/A"])
cells = st.one_of(
    st.builds(ast.TimedCell, durations | ranges, st.booleans(), st.none() | durations, assumptions),
    st.builds(
        ast.TimedCell,
        durations | ranges,
        st.just(False),
        st.none() | durations,
        assumptions,
        st.sampled_from(["under", "less than", "<"]),
    ),
    st.builds(ast.NotApplicable, assumptions, not_applicable_words),
    st.builds(ast.BestEffort, assumptions),
)
tables = st.builds(
    ast.Table,
    st.lists(names, min_size=2, max_size=4).map(tuple),
    st.lists(
        st.builds(
            ast.TableRow, values, st.lists(st.none() | cells, min_size=1, max_size=4).map(tuple)
        ),
        min_size=1,
        max_size=4,
    ).map(tuple),
)
targets_tables = st.builds(ast.TargetsTable, names, optional_texts, tables)

# ----------------------------------------------------------------------- conditions and rules

clauses = st.one_of(
    st.builds(ast.Clause, names, st.sampled_from(["is", "is_not"]), value_tuples),
    st.builds(ast.Clause, names, st.just("missing")),
)


def _compound(children: st.SearchStrategy[ast.Expression]) -> st.SearchStrategy[ast.Expression]:
    """`not`, `and` and `or` over `children`, in the canonical shape the builder makes: two or
    more operands, none of the same kind as its parent."""
    return st.one_of(
        st.builds(ast.Not, children),
        st.lists(children.filter(lambda e: not isinstance(e, ast.AllOf)), min_size=2, max_size=3)
        .map(tuple)
        .map(ast.AllOf),
        st.lists(children.filter(lambda e: not isinstance(e, ast.AnyOf)), min_size=2, max_size=3)
        .map(tuple)
        .map(ast.AnyOf),
    )


expressions = st.recursive(clauses, _compound, max_leaves=6)
conditions = st.builds(ast.Condition, expressions)
default_levels = st.builds(ast.DefaultLevel, names, values, assumptions)
rules = st.builds(
    ast.Rule,
    names,
    optional_texts,
    conditions,
    st.builds(ast.SetLevel, names, values) | st.builds(ast.NoGuarantee),
    assumptions,
)
restrictions = st.builds(ast.Restriction, names, optional_texts, names, value_tuples, conditions)
intakes = st.builds(
    ast.Intake,
    names,
    optional_texts,
    _items(
        st.builds(ast.IntakeVia, name_tuples),
        st.builds(ast.IntakeQuoting, texts),
        st.builds(ast.IntakeJoinsCase),
        st.builds(ast.IntakeNoCase),
    ),
)

# ----------------------------------------------------------------------- plans

plan_items = st.one_of(
    st.builds(ast.Channels, name_tuples, st.none() | conditions),
    st.builds(ast.Hours, names, st.none() | conditions, assumptions),
    st.builds(ast.Extra, names, texts, st.none() | conditions),
    st.builds(ast.SameAs, names, assumptions),
    st.builds(ast.AddOnTo, name_tuples, assumptions),
    st.builds(ast.PlanCell, names, cells),
    st.builds(
        ast.AllTargets,
        st.builds(ast.NotApplicable, st.none(), not_applicable_words) | st.builds(ast.BestEffort),
        assumptions,
    ),
    st.builds(ast.CountTargets, st.booleans(), assumptions),
    st.builds(ast.PlanTargets, tables),
    st.builds(ast.Note, texts),
)
plans = st.builds(ast.Plan, names, optional_texts, st.lists(plan_items, max_size=4).map(tuple))
overrides = st.builds(
    ast.Override,
    names,
    optional_texts,
    conditions,
    _items(st.builds(ast.OverrideHours, names, assumptions), st.builds(ast.OverrideCell, names, cells)),
)

# ----------------------------------------------------------------------- examples


@st.composite
def instants(draw: st.DrawFn) -> ast.Instant:
    day = draw(dates).isoformat()
    hour = draw(st.integers(0, 23))
    written_hour = draw(st.sampled_from([f"{hour}", f"{hour:02d}"]))
    minute = draw(st.integers(0, 59))
    if draw(st.booleans()):
        return ast.Instant(f"{day} {written_hour}:{minute:02d} {draw(zones)}")
    seconds = draw(st.sampled_from(["", ":00", ":59"]))
    offset = draw(st.sampled_from(["Z", "+01:00", "-05:30", "+14:00"]))
    return ast.Instant(f"{day}T{hour:02d}:{minute:02d}{seconds}{offset}")


example_items = st.one_of(
    st.builds(ast.ExamplePlan, names, st.none() | names),
    st.builds(ast.ExampleInput, names, values),
    st.builds(ast.ExampleMissing, names),
    st.builds(
        ast.ExampleTime,
        st.sampled_from(["opened", "agent_replied", "customer_replied", "responded", "now"]),
        instants(),
    ),
    st.builds(ast.ExampleTimezone, zones),
    st.builds(ast.ExampleCountry, names),
    st.builds(ast.ExampleSubdivision, names),
    st.builds(ast.ExpectLevel, names, values),
    st.builds(ast.ExpectDue, names, instants()),
    st.builds(
        ast.ExpectStatus,
        names,
        st.sampled_from(["n/a", "best_effort", "excluded", "undefined", "met", "breached", "due"]),
    ),
    st.builds(ast.ExpectTrace, names),
    st.builds(ast.ExpectCycleCount, names, st.integers(0, 99)),
    st.builds(
        ast.ExpectCycle, names, st.integers(1, 9), st.just("status"),
        st.sampled_from(["met", "breached", "due", "paused", "cancelled", "n/a"]),
    ),
    st.builds(ast.ExpectCycle, names, st.integers(1, 9), st.just("due"), st.none(), instants()),
    st.builds(
        ast.ExpectCycle, names, st.integers(1, 9), st.sampled_from(["elapsed", "paused"]), st.none(), st.none(),
        amounts, st.sampled_from(["minutes", "hours", "days", "business_minutes", "business_hours", "business_days"]),
    ),
)
ticket_events = st.one_of(
    st.builds(ast.TicketEvent, instants(), st.just("opened"), st.none() | names),
    st.builds(
        ast.TicketEvent,
        instants(),
        st.sampled_from(["agent_reply", "customer_reply", "agent_note", "customer_note", "system_message"]),
    ),
    st.builds(ast.TicketEvent, instants(), st.just("status"), names),
    st.builds(ast.TicketEvent, instants(), st.just("change"), names, values),
)
example_events = st.builds(ast.ExampleEvents, st.lists(ticket_events, min_size=1, max_size=4).map(tuple))
examples = st.builds(ast.Example, names, optional_texts, _items(example_items, example_events))

# ----------------------------------------------------------------------- documents

blocks = st.one_of(
    policies,
    scales,
    fields,
    matrices,
    calendars,
    statuses,
    targets,
    plans,
    targets_tables,
    overrides,
    default_levels,
    rules,
    restrictions,
    intakes,
    examples,
)
documents = st.builds(ast.Document, st.lists(blocks, max_size=6).map(tuple))
