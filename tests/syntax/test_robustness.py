"""The parser never fails with anything but diagnostics: on mutated seeds, random text, odd
indentation, broken bytes and a megabyte of input, `parse_text`/`parse_file` return a
ParseResult whose diagnostics point at real lines and columns, and resolution does not crash
on whatever parses."""

from __future__ import annotations

import random
import re
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slac.pipeline import compile_text
from slac.syntax.parser import MAX_ERRORS, ParseResult, parse_file, parse_text

from .strategies import KEYWORDS

REPO = Path(__file__).resolve().parents[2]
SEEDS = sorted((REPO / "rules").glob("*.sla"))
SEED_TEXTS = [seed.read_text(encoding="utf-8") for seed in SEEDS]
SEED_BYTES = [seed.read_bytes() for seed in SEEDS]


def check_result(result: ParseResult) -> None:
    """A parse either succeeds or explains itself with diagnostics that point into the text."""
    assert isinstance(result, ParseResult)
    if result.document is None:
        assert result.diagnostics, "a failed parse must say why"
        assert len(result.diagnostics) <= MAX_ERRORS
    line_count = result.text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    for diagnostic in result.diagnostics:
        assert 1 <= diagnostic.span.line <= line_count, diagnostic
        assert diagnostic.span.column >= 1, diagnostic
        assert diagnostic.span.end_line >= diagnostic.span.line, diagnostic
        assert diagnostic.message and diagnostic.help, diagnostic


def parse_checked(text: str) -> ParseResult:
    result = parse_text(text, "fuzz.sla")
    check_result(result)
    return result


def compile_checked(text: str) -> None:
    """Resolution and checks must not crash on anything that parses."""
    if not parse_text(text, "fuzz.sla").ok:
        return
    compilation = compile_text(text, "fuzz.sla")
    for diagnostic in compilation.diagnostics:
        assert diagnostic.span.line >= 0, diagnostic


# ----------------------------------------------------------------------- mutations


@st.composite
def mutated_seeds(draw: st.DrawFn) -> str:
    """A seed with a few slices deleted, duplicated or swapped, or odd characters inserted."""
    text = draw(st.sampled_from(SEED_TEXTS))
    for _ in range(draw(st.integers(1, 4))):
        if not text:
            break
        start = draw(st.integers(0, len(text) - 1))
        end = min(len(text), start + draw(st.integers(1, 40)))
        operation = draw(st.sampled_from(["delete", "duplicate", "swap", "insert"]))
        if operation == "delete":
            text = text[:start] + text[end:]
        elif operation == "duplicate":
            text = text[:end] + text[start:end] + text[end:]
        elif operation == "swap":
            other = draw(st.integers(0, len(text) - 1))
            first, second = sorted((start, other))
            text = (
                text[:first]
                + text[second]
                + text[first + 1 : second]
                + text[first]
                + text[second + 1 :]
            )
        else:
            odd = draw(
                st.sampled_from(
                    list(' \t\n\r"|#\\:-–\ufeff\x00\x0c\u2028\x85“')
                    + ["    ", "n/a", "24x7", "then"]
                )
            )
            text = text[:start] + odd + text[start:]
    return text


@st.composite
def mutated_seed_bytes(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEED_BYTES)))
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(data) - 1))
        end = min(len(data), start + draw(st.integers(1, 8)))
        operation = draw(st.sampled_from(["delete", "duplicate", "flip"]))
        if operation == "delete":
            del data[start:end]
        elif operation == "duplicate":
            data[end:end] = data[start:end]
        else:
            data[start] = draw(st.integers(0, 255))
    return bytes(data)


@st.composite
def reindented_seeds(draw: st.DrawFn) -> str:
    """A seed whose lines get random indentation of spaces and tabs."""
    lines = draw(st.sampled_from(SEED_TEXTS)).split("\n")
    for _ in range(draw(st.integers(1, 6))):
        index = draw(st.integers(0, len(lines) - 1))
        indentation = draw(st.text(st.sampled_from(" \t"), max_size=10))
        lines[index] = indentation + lines[index].lstrip()
    return "\n".join(lines)


_VOCABULARY = sorted(KEYWORDS) + [
    "|",
    ",",
    ";",
    "\\",
    "(24/7)",
    "(",
    ")",
    "-",
    "–",
    "n/a",
    "24x7",
    '"text"',
    '"open',
    "08:00",
    "8:5",
    "25:00",
    "2025-12-24",
    "2025-02-30",
    "2025-03-07T16:30+01:00",
    "Europe/Prague",
    "P1",
    "1",
    "42",
    "x",
    "#c",
    "\n",
    "\n    ",
    "\n        ",
    "\n  ",
    "\n\t",
]


@st.composite
def sla_like_texts(draw: st.DrawFn) -> str:
    """Random sequences of the language's words, so the parser meets many of its states."""
    words = draw(st.lists(st.sampled_from(_VOCABULARY), max_size=60))
    return " ".join(words)


def _blocks(text: str) -> list[str]:
    blocks: list[list[str]] = []
    for line in text.split("\n"):
        if line and not line[0].isspace() and not line.startswith("#") or not blocks:
            blocks.append([])
        blocks[-1].append(line)
    return ["\n".join(block) for block in blocks]


ALL_BLOCKS = [block for text in SEED_TEXTS for block in _blocks(text)]


@st.composite
def reordered_policies(draw: st.DrawFn) -> str:
    """Blocks of the seeds, reordered, dropped, repeated and mixed across seeds."""
    if draw(st.booleans()):
        blocks = draw(st.permutations(_blocks(draw(st.sampled_from(SEED_TEXTS)))))
        blocks = blocks[: draw(st.integers(0, len(blocks)))]
    else:
        blocks = draw(st.lists(st.sampled_from(ALL_BLOCKS), max_size=14))
    return "\n".join(blocks) + "\n"


@st.composite
def seeds_without_some_lines(draw: st.DrawFn) -> str:
    lines = draw(st.sampled_from(SEED_TEXTS)).split("\n")
    for _ in range(draw(st.integers(1, 5))):
        index = draw(st.integers(0, len(lines) - 1))
        if draw(st.booleans()):
            del lines[index]
        else:
            lines.insert(index, lines[draw(st.integers(0, len(lines) - 1))])
    return "\n".join(lines)


# ----------------------------------------------------------------------- parser


@given(mutated_seeds())
def test_mutated_seeds(text: str) -> None:
    parse_checked(text)


@given(st.text())
def test_random_unicode(text: str) -> None:
    parse_checked(text)


@given(sla_like_texts())
def test_random_sequences_of_the_language_words(text: str) -> None:
    parse_checked(text)


@given(reindented_seeds())
def test_random_indentation(text: str) -> None:
    parse_checked(text)


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(mutated_seed_bytes())
def test_mutated_bytes_through_parse_file(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "fuzz.sla"
        path.write_bytes(data)
        check_result(parse_file(path))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n",
        "\ufeff",
        "\r\n\r\n",
        "   ",
        "\t\n\t",
        "#",
        '"',
        "|",
        "\\",
        "\x00",
        '  policy p "P"\n  bogus\n',
    ],
    ids=repr,
)
def test_degenerate_inputs(text: str) -> None:
    parse_checked(text)


def test_text_before_the_first_block_is_reported() -> None:
    """Recovery parses from each block start; what comes before the first one still counts."""
    result = parse_checked('    language cs\n\npolicy p "P"\n')
    assert not result.ok
    assert [d.span.line for d in result.diagnostics] == [1]


def test_errors_are_capped() -> None:
    result = parse_checked("rule r\n    when\n\n" * (MAX_ERRORS + 20))
    assert len(result.diagnostics) == MAX_ERRORS


@pytest.mark.parametrize(("opening", "closing"), [("(", ")"), ("not ", "")])
@pytest.mark.parametrize("broken_elsewhere", [False, True], ids=["whole file", "recovery"])
def test_conditions_nested_beyond_the_limit_are_a_diagnostic(opening: str, closing: str, broken_elsewhere: bool) -> None:
    """A condition nested hundreds deep used to exhaust Python's recursion in the tree builder
    (an internal error); it is an error at the first parenthesis or `not` beyond the limit,
    and a condition nested exactly to the limit still compiles."""
    from slac.syntax.parsing import MAX_NESTING

    acme = (REPO / "rules" / "acme.sla").read_text(encoding="utf-8")
    clause = "    when environment is staging and severity is 1\n"
    line = acme[: acme.index(clause)].count("\n") + 1
    tail = "rule r\n    when\n" if broken_elsewhere else ""
    for depth in (MAX_NESTING, MAX_NESTING + 1, 5 * MAX_NESTING):
        condition = opening * depth + "severity is 1" + closing * depth
        text = acme.replace(clause, f"    when environment is staging and {condition}\n") + tail
        result = parse_checked(text)
        if depth == MAX_NESTING and not broken_elsewhere:
            assert result.ok, result.diagnostics
            assert not [d for d in compile_text(text).diagnostics if d.severity.name == "ERROR"]
            continue
        nested = [d for d in result.diagnostics if "deep" in d.message]
        if depth == MAX_NESTING:
            assert not nested
            continue
        assert len(nested) == 1, result.diagnostics
        column = len("    when environment is staging and ") + len(opening) * MAX_NESTING + 1
        assert (nested[0].code, nested[0].span.line, nested[0].span.column) == ("SLA002", line, column)


# ----------------------------------------------------------------------- a megabyte


def _megabyte(lines: list[str]) -> str:
    text = ""
    chunks = []
    size = 0
    while size < 1_000_000:
        chunks.extend(lines)
        size += sum(len(line) + 1 for line in lines)
    text = "\n".join(chunks) + "\n"
    return text


@pytest.mark.parametrize(
    "kind", ["seeds repeated", "seeds repeated, broken at the end", "lines shuffled"]
)
def test_a_megabyte_of_input(kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    lines = "\n\n".join(SEED_TEXTS).split("\n")
    if kind == "lines shuffled":
        random.Random(1).shuffle(lines)
    text = _megabyte(lines)
    if kind == "seeds repeated, broken at the end":
        text += "rule r\n    when a is b\n"
    started = time.perf_counter()
    result = parse_checked(text)
    elapsed = time.perf_counter() - started
    with capsys.disabled():
        print(
            f"\n  parse of {len(text):,} characters ({kind}): {elapsed:.2f} s, {len(result.diagnostics)} diagnostic(s)"
        )
    assert result.ok == (kind == "seeds repeated")


# ----------------------------------------------------------------------- resolution


@given(reordered_policies())
def test_resolution_survives_reordered_blocks(text: str) -> None:
    compile_checked(text)


@given(seeds_without_some_lines())
def test_resolution_survives_deleted_and_repeated_lines(text: str) -> None:
    compile_checked(text)


@given(mutated_seeds())
def test_resolution_survives_mutated_seeds(text: str) -> None:
    compile_checked(text)


_SEED_WORDS = sorted(
    {word for text in SEED_TEXTS for word in re.findall(r'[^\s|,;()"]+', text)}
    | {"0", "24:00", "00:00", "9:00", "Mars/Olympus", "UTC", "local", "XX", "2024-02-29"}
)


@st.composite
def seeds_with_words_swapped(draw: st.DrawFn) -> str:
    """A seed with a few words replaced by other words of the seeds: mostly still parses, but
    names, levels, zones and countries no longer fit together."""
    parts = re.split(r'([^\s|,;()"]+|"(?:\\.|[^"\\\n])*")', draw(st.sampled_from(SEED_TEXTS)))
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(parts) // 2 - 1)) * 2 + 1
        parts[index] = draw(st.sampled_from(_SEED_WORDS))
    return "".join(parts)


@given(seeds_with_words_swapped())
def test_resolution_survives_swapped_words(text: str) -> None:
    compile_checked(text)


_MANAGRY = (REPO / "rules" / "managry.sla").read_text(encoding="utf-8")


# Crashes these tests found in resolution, kept as regressions.


def test_resolution_of_an_instant_in_a_zone_with_a_capital_t() -> None:
    text = _MANAGRY + '\nexample tokyo "x"\n    plan standard\n    severity 1\n    opened 2025-03-04 10:00 Asia/Tokyo\n'
    compilation = compile_text(text, "managry.sla")
    assert compilation.ok
    assert dict(compilation.policy.examples[-1].ticket)["opened_at"] == "2025-03-04T10:00:00+09:00"


def test_resolution_of_a_one_digit_hour_in_an_unknown_zone() -> None:
    text = _MANAGRY + '\nexample mars "x"\n    plan standard\n    severity 1\n    opened 2025-03-04 9:00 Mars/Olympus\n'
    errors = [d for d in compile_text(text, "managry.sla").diagnostics if d.severity.value == "error"]
    assert [d.code for d in errors] == ["SLA104"]
    assert "Mars/Olympus" in errors[0].message


def test_resolution_of_midnight_at_the_end_of_a_day() -> None:
    text = _MANAGRY + '\nexample late "x"\n    plan standard\n    severity 1\n    opened 2025-03-04 24:00 Europe/Prague\n'
    compilation = compile_text(text, "managry.sla")
    assert dict(compilation.policy.examples[-1].ticket)["opened_at"] == "2025-03-05T00:00:00+01:00"


def test_resolution_of_an_unknown_holiday_country() -> None:
    compilation = compile_text(_MANAGRY.replace("public holidays of CZ", "public holidays of XX"), "managry.sla")
    errors = [d for d in compilation.diagnostics if d.severity.value == "error"]
    assert [d.code for d in errors] == ["SLA104"]
    assert "XX" in errors[0].message
    assert "public holidays of XX" in _MANAGRY.replace("public holidays of CZ", "public holidays of XX").splitlines()[errors[0].span.line - 1]
