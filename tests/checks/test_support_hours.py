"""SLA608 (tickets no hours line covers) and SLA609 (hours lines no ticket reaches) against a
brute-force reference that shares no code with the checker.

Random plans get one to four `hours` lines with random conditions (`and`, `or`, `not`,
parentheses, `is`, `is not`, `is missing`, on the level and two fields). The conditions are
built here as tuples, printed as .sla text for slac, and evaluated by this file's own little
evaluator on every ticket: every level, every declared value of each field (and no value for
a field without a default, when some line tests it for `missing`; otherwise the field is a
required input). The first line that holds wins; a last line without `when` always holds.
"""

from __future__ import annotations

import itertools
import re
from typing import Union

from hypothesis import given
from hypothesis import strategies as st

from .support import check_text

LEVELS = ("1", "2", "3")
FIELDS = {"region": ("eu", "us", "asia"), "channel": ("portal", "phone")}
DEFAULTS = {"region": None, "channel": "portal"}
SUBJECTS = {"severity": LEVELS, **FIELDS}

Test = Union[tuple[str, str, str, tuple[str, ...]], tuple[str, "Test"], tuple[str, tuple["Test", ...]]]

HEADER = """policy p "P"

scale severity "Severity"
    level 1 "One"
    level 2 "Two"
    level 3 "Three"

field region "Region"
    values eu, us, asia

field channel "Channel"
    values portal, phone
    default portal

calendar a "A"
    timezone UTC
    open 24x7

calendar b "B"
    timezone UTC
    open mon-fri 09:00-17:00

target reply "Reply" from opened

plan p "P"
"""
FOOTER = """    targets
        severity | reply
        1        | 1 hour (24/7)
        2        | 2 hours (24/7)
        3        | 3 hours (24/7)
"""
FIRST_HOURS_LINE = HEADER.count("\n") + 1


@st.composite
def clauses(draw: st.DrawFn) -> Test:
    subject = draw(st.sampled_from(sorted(SUBJECTS)))
    operator = draw(st.sampled_from(["is", "is not", "is missing"] if subject in FIELDS else ["is", "is not"]))
    values: tuple[str, ...] = ()
    if operator != "is missing":
        values = tuple(draw(st.lists(st.sampled_from(SUBJECTS[subject]), min_size=1, max_size=2, unique=True)))
    return ("clause", subject, operator, values)


tests = st.recursive(
    clauses(),
    lambda children: st.one_of(
        st.tuples(st.just("not"), children),
        st.tuples(st.just("and"), st.lists(children, min_size=2, max_size=3).map(tuple)),
        st.tuples(st.just("or"), st.lists(children, min_size=2, max_size=3).map(tuple)),
    ),
    max_leaves=4,
)


def text(test: Test) -> str:
    """The test as .sla text, every compound operand parenthesised."""
    if test[0] == "clause":
        _, subject, operator, values = test
        return f"{subject} {operator}" + ("" if operator == "is missing" else " " + " or ".join(values))
    if test[0] == "not":
        return f"not ({text(test[1])})"
    return f" {test[0]} ".join(f"({text(operand)})" for operand in test[1])


def holds(test: Test, ticket: dict[str, str | None]) -> bool:
    if test[0] == "clause":
        _, subject, operator, values = test
        value = ticket[subject]
        if operator == "is missing":
            return value is None
        if operator == "is not":
            return value is not None and value not in values
        return value is not None and value in values
    if test[0] == "not":
        return not holds(test[1], ticket)
    results = [holds(operand, ticket) for operand in test[1]]
    return all(results) if test[0] == "and" else any(results)


def subjects_tested_missing(test: Test) -> set[str]:
    if test[0] == "clause":
        return {test[1]} if test[2] == "is missing" else set()
    if test[0] == "not":
        return subjects_tested_missing(test[1])
    return set().union(*(subjects_tested_missing(o) for o in test[1]))


def reference(lines: list[Test | None]) -> tuple[list[dict[str, str | None]], set[int]]:
    """(the tickets no line covers, the indexes of the lines no ticket reaches)."""
    missing = set().union(*(subjects_tested_missing(t) for t in lines if t is not None))
    universes = {
        name: values + ((None,) if DEFAULTS[name] is None and name in missing else ())
        for name, values in FIELDS.items()
    }
    uncovered = []
    reached: set[int] = set()
    for level, *values in itertools.product(LEVELS, *universes.values()):
        ticket = {"severity": level, **dict(zip(universes, values))}
        chosen = next((i for i, t in enumerate(lines) if t is None or holds(t, ticket)), None)
        if chosen is None:
            uncovered.append(ticket)
        else:
            reached.add(chosen)
    return uncovered, set(range(len(lines))) - reached


plans = st.lists(tests, min_size=1, max_size=4).flatmap(
    lambda conditional: st.booleans().map(lambda fallback: [*conditional, None] if fallback else conditional)
)


@given(plans)
def test_coverage_findings_match_the_brute_force_reference(lines: list[Test | None]) -> None:
    body = "".join(
        f"    hours {'ab'[i % 2]}" + ("" if t is None else f" when {text(t)}") + "\n" for i, t in enumerate(lines)
    )
    diagnostics = check_text(HEADER + body + FOOTER)
    assert not [d for d in diagnostics if d.severity.value == "error"], diagnostics
    uncovered, unreachable = reference(lines)

    not_covering = [d for d in diagnostics if d.code == "SLA608"]
    assert bool(not_covering) == bool(uncovered)
    if not_covering:
        named = re.search(r"a ticket with (.*), so it has", not_covering[0].message)
        assert named is not None
        described: dict[str, str | None] = {}
        for piece in named.group(1).split(" and "):
            if piece.startswith("no "):
                described[piece[3:]] = None
            else:
                subject, value = piece.split(" ")
                described[subject] = value
        # The named ticket (fields it does not name take any value) is one the reference finds uncovered.
        assert any(all(t[k] == v for k, v in described.items()) for t in uncovered), (named.group(1), uncovered)

    never = {d.span.line - FIRST_HOURS_LINE for d in diagnostics if d.code == "SLA609"}
    assert never == unreachable


RULED = """policy p "P"

scale severity "Severity"
    level 1 "One"
    level 2 "Two"

field environment "Environment"
    values production, staging
    default production

calendar a "A"
    timezone UTC
    open 24x7

calendar b "B"
    timezone UTC
    open mon-fri 09:00-17:00

target reply "Reply" from opened

plan p "P"
    hours a when severity is 1 and environment is production
    hours b when severity is 2
    targets
        severity | reply
        1        | 1 hour (24/7)
        2        | 2 hours (24/7)
"""
LOWER_STAGING = """
rule staging "Staging is never severity 1"
    when environment is staging and severity is 1
    then severity 2
"""


def test_coverage_counts_the_tickets_the_rules_produce() -> None:
    # Without the rule a severity 1 ticket from staging gets no hours; the rule makes every
    # such ticket severity 2, which line `b` covers.
    without = [d for d in check_text(RULED) if d.code == "SLA608"]
    assert len(without) == 1 and "severity 1 and environment staging" in without[0].message
    assert not [d for d in check_text(RULED + LOWER_STAGING) if d.code == "SLA608"]
