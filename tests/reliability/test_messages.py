"""Messages that pointed at the wrong place (issue 11, item 14).

An over- or under-indented line was blamed on the next, correct line (with a help that told
the author to copy the mistake there); a typo in the scale's name gave one error per use of
the scale, none at the typo; invisible characters were shown as "unexpected ` `"; an em dash
in a range was not recognised. The goldens in tests/cases/syntax keep the exact text; these
tests state the rules those texts must follow, on the same inputs and on variations of them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from slac.pipeline import compile_file, compile_text
from tests.conftest import REPO

CASES = REPO / "tests" / "cases"

POLICY = """\
policy p "P"

scale severity
    level 1 "One"
    level 2 "Two"

calendar office
    timezone Europe/Prague
    open mon-fri 08:00-17:00
    closed on public holidays of CZ

target reply "Reply" from opened

plan gold "Gold"
    hours office
    targets
        severity | reply
        1        | 1 business hour
        2        | 24-72 hours

default severity 2

rule r
    when severity is 2
    then severity 1
"""


def errors_of(text: str) -> list:
    return [d for d in compile_text(text, "p.sla").diagnostics if d.severity.value == "error"]


def test_the_policy_the_variations_start_from_is_clean() -> None:
    assert errors_of(POLICY) == []


def line_number(text: str, start: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), start=1) if line.lstrip(" \f").startswith(start))


# every content line that has siblings or a parent, re-indented by one to three spaces either way
LINES = ["level 1", "level 2", "timezone", "open mon-fri", "closed on", "hours office", "targets",
         "severity |", "1        |", "2        |", "when severity", "then severity"]


@pytest.mark.parametrize("start", LINES)
@pytest.mark.parametrize("shift", [-2, -1, 1, 2, 3])
def test_a_misindented_line_is_blamed_itself_with_the_right_depth(start: str, shift: int) -> None:
    lines = POLICY.splitlines()
    index = line_number(POLICY, start) - 1
    width = len(lines[index]) - len(lines[index].lstrip())
    lines[index] = " " * (width + shift) + lines[index].lstrip()
    text = "\n".join(lines) + "\n"
    found = errors_of(text)
    assert len(found) == 1, found
    [error] = found
    assert error.code == "SLA004"
    assert error.span.line == index + 1, (error.span.line, error.message)
    assert f"indent it by {width} spaces" in (error.help or "")


def test_an_over_indented_first_body_line_is_blamed_not_its_sibling() -> None:
    text = POLICY.replace("    timezone Europe/Prague", "        timezone Europe/Prague")
    [error] = errors_of(text)
    assert error.span.line == line_number(text, "timezone")
    assert "indent it by 4 spaces" in (error.help or "")


@pytest.mark.parametrize("typo", ["severty", "sevrity", "priority"])
def test_a_typo_in_the_scale_name_is_one_error_at_the_typo(typo: str) -> None:
    text = POLICY.replace("scale severity", f"scale {typo}")
    [error] = errors_of(text)
    assert error.code == "SLA102"
    assert (error.span.line, error.span.column) == (3, 7)
    assert "`severity`" in error.message and error.help == "write `scale severity`" or "rename" in (error.help or "")


INVISIBLE = {
    "\u00a0": "a non-breaking space (U+00A0)",
    "\u202f": "a narrow non-breaking space (U+202F)",
    "\u200b": "a zero-width space (U+200B)",
    "\u2009": "a thin space (U+2009)",
    "\u2060": "a word joiner (U+2060)",
}


@pytest.mark.parametrize("character", INVISIBLE, ids=[c.split(" (")[0] for c in INVISIBLE.values()])
@pytest.mark.parametrize(
    "place",
    ["open mon-fri 08:00-17:00", "1        | 1 business hour", "target reply", "when severity is 2", "level 1 \"One\""],
)
def test_an_invisible_character_is_named_in_words_at_its_column(character: str, place: str) -> None:
    first, _, rest = place.partition(" ")
    text = POLICY.replace(place, first + character + rest if character != "\u200b" else first + " " + character + rest)
    [error] = errors_of(text)
    line = text.splitlines()[error.span.line - 1]
    assert line[error.span.column - 1] == character
    assert INVISIBLE[character] in error.message
    assert "space" in (error.help or "") or "delete" in (error.help or "")


def test_a_form_feed_in_the_indentation_is_named() -> None:
    text = POLICY.replace("\n    open mon-fri", "\n\f    open mon-fri")
    [error] = errors_of(text)
    assert "form feed" in error.message and error.span.line == line_number(text, "open")


@pytest.mark.parametrize(("dash", "name"), [("\u2014", "em dash"), ("\u2212", "minus sign"), ("\u2012", "figure dash")])
@pytest.mark.parametrize(("written", "fixed"), [("24-72 hours", "`24-72`"), ("08:00-17:00", "`08:00-17:00`")])
def test_a_long_dash_suggests_a_hyphen(dash: str, name: str, written: str, fixed: str) -> None:
    text = POLICY.replace(written, written.replace("-", dash))
    [error] = errors_of(text)
    assert name in error.message and fixed in (error.help or "")
    assert text.splitlines()[error.span.line - 1][error.span.column - 1] == dash


def test_an_en_dash_is_still_a_range() -> None:
    assert errors_of(POLICY.replace("24-72 hours", "24\u201372 hours")) == []


# ----------------------------------------------------------------------------- every error has help


def case_files() -> list[Path]:
    return sorted(CASES.rglob("*.sla"))


@pytest.mark.parametrize("case", case_files(), ids=lambda p: p.relative_to(CASES).as_posix())
def test_every_diagnostic_of_every_golden_case_has_a_help_line(case: Path) -> None:
    compilation = compile_file(case)
    for diagnostic in compilation.diagnostics:
        assert diagnostic.help and diagnostic.help.strip(), (case.name, diagnostic.code, diagnostic.message)


@pytest.mark.parametrize(
    ("mistake", "replacement"),
    [
        ("    timezone Europe/Prague\n", "    timezone Europe/Prague\n    timezone Europe/Vienna\n"),
        ("default severity 2\n", "default severity 2\ndefault severity 1\n"),
        ("target reply", "target reply \"Reply\" from opened\ntarget reply"),
        ("policy p \"P\"\n", "policy p \"P\"\npolicy q \"Q\"\n"),
    ],
)
def test_resolution_errors_have_a_help_line(mistake: str, replacement: str) -> None:
    found = errors_of(POLICY.replace(mistake, replacement, 1))
    assert found
    assert all(error.help for error in found), found
