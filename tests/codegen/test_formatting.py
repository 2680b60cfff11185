"""The table layout of slac.codegen.formatting gives black's bytes: on the seeds' modules, on
synthetic policies of several sizes, and on generated dictionary literals of every shape the
subset allows (strings with quotes, calls with keywords, nested tuples, trailing commas),
at lengths around the 88-column limit."""

from __future__ import annotations

import string
import sys
from pathlib import Path

import black
import pytest
from hypothesis import given
from hypothesis import strategies as st

from slac import compile_file, compile_text
from slac.codegen.formatting import (
    Unsupported,
    display_width,
    format_module,
    layout,
    parse_literal,
    prefer_double_quotes,
)
from slac.codegen.python import BLACK_MODE, MODULE_STYLE, _environment, _module_view

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "benchmarks"))
from check_scale import Size, synthetic_policy  # noqa: E402


@pytest.fixture(autouse=True)
def empty_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test lays its tables out afresh instead of reading an earlier run's output."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))


def _unformatted(compilation: object) -> str:
    policy = compilation.policy  # type: ignore[attr-defined]
    return _environment().get_template("python.py.j2").render(**_module_view(policy, "x.sla"))


@pytest.mark.parametrize("seed", sorted((REPO / "rules").glob("*.sla")), ids=lambda p: p.stem)
def test_seed_modules_are_formatted_as_black_formats_them(seed: Path) -> None:
    text = _unformatted(compile_file(seed))
    assert format_module(text, MODULE_STYLE) == black.format_str(text, mode=BLACK_MODE)


@pytest.mark.parametrize("size", [Size(2, 4, 1, 2), Size(7, 6, 3, 8)], ids=str)
def test_synthetic_modules_are_formatted_as_black_formats_them(size: Size) -> None:
    text = _unformatted(compile_text(synthetic_policy(size), "bench.sla"))
    assert format_module(text, MODULE_STYLE) == black.format_str(text, mode=BLACK_MODE)


@given(text=st.text(max_size=60))
def test_string_quotes_are_chosen_as_black_chooses_them(text: str) -> None:
    literal = repr(text)
    try:
        ours = prefer_double_quotes(literal)
    except Unsupported:
        return  # black rewrites such a literal in ways the subset leaves to it
    assert f"x = {ours}\n" == black.format_str(f"x = {literal}\n", mode=BLACK_MODE)


@pytest.mark.parametrize(
    "literal, expected",
    [("'plain'", '"plain"'), ("'say \"hi\"'", "'say \"hi\"'"), ('"it\'s"', '"it\'s"'), ("'a\\\\b'", '"a\\\\b"')],
)
def test_string_quotes_prefer_double_quotes_without_adding_backslashes(literal: str, expected: str) -> None:
    assert prefer_double_quotes(literal) == expected


@given(text=st.text(max_size=40))
def test_widths_are_counted_as_black_counts_them(text: str) -> None:
    from black.strings import str_width

    try:
        ours = display_width(text)
    except Unsupported:
        return  # a character black may count otherwise: the module goes to black
    assert ours == str_width(text)


def test_every_character_counted_is_counted_as_the_pinned_black_counts_it() -> None:
    # black's width table comes from a newer Unicode than Python's: U+1D300 and U+2630 are
    # narrow in Python 3.11's tables and wide in black's, and laid out as narrow they made a
    # table line that black would wrap
    from black.strings import str_width

    counted = differ = 0
    for point in range(0x80, 0x110000):
        try:
            ours = display_width(chr(point))
        except Unsupported:
            continue
        counted += 1
        differ += ours != str_width(chr(point))
    assert differ == 0
    assert counted > 5000  # the alphabets, punctuation and symbols policies use


def test_wide_characters_are_left_to_black() -> None:
    for wide in ("サポート", "\U0001d300", "\u2630"):
        with pytest.raises(Unsupported):
            display_width(wide)
    assert display_width("Priorità čšé") == 12


# literals: strings (with quotes and non-ASCII letters), numbers, names, calls with
# positional and keyword arguments, tuples, lists and dicts, with or without trailing commas
TEXT = st.text(alphabet=string.ascii_letters + " '\"\\čšé-", min_size=0, max_size=40)
ATOMS = st.one_of(
    TEXT.map(repr),
    st.integers(min_value=0, max_value=10**6).map(str),
    st.sampled_from(["None", "True", "False", "business_hours", "_CALENDARS"]),
)


def _call(arguments: list[tuple[str | None, str]], name: str, comma: bool) -> str:
    rendered = [value if key is None else f"{key}={value}" for key, value in arguments]
    return f"{name}({', '.join(rendered)}{', ' if comma and rendered else ''})"


def _sequence(items: list[str], opener: str, comma: bool) -> str:
    closer = {"(": ")", "[": "]"}[opener]
    if opener == "(" and len(items) == 1:
        comma = True  # (x) is not a tuple
    return opener + ", ".join(items) + (", " if comma and items else "") + closer


def _dictionary(pairs: list[tuple[str, str]], comma: bool) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + (", " if comma and pairs else "") + "}"


VALUES = st.recursive(
    ATOMS,
    lambda inner: st.one_of(
        st.builds(
            _call,
            st.lists(st.tuples(st.one_of(st.none(), st.sampled_from(["due", "text", "business", "line"])), inner), max_size=4),
            st.sampled_from(["TimedCell", "timedelta", "SupportHours.of", "f"]),
            st.booleans(),
        ),
        st.builds(_sequence, st.lists(inner, max_size=5), st.sampled_from(["(", "["]), st.booleans()),
        st.builds(_dictionary, st.lists(st.tuples(TEXT.map(repr), inner), max_size=4), st.booleans()),
    ),
    max_leaves=25,
)
TABLES = st.builds(_dictionary, st.lists(st.tuples(TEXT.map(repr), VALUES), min_size=1, max_size=6), st.booleans())
HEADS = st.sampled_from(["X = ", "_CELLS_premium: Final[dict[str, tuple[Cell, ...]]] = ", "LEVELS: Final[dict[str, str]] = "])


@given(head=HEADS, table=TABLES)
def test_generated_literals_are_laid_out_as_black_lays_them_out(head: str, table: str) -> None:
    statement = head + table + "\n"
    expected = black.format_str(statement, mode=BLACK_MODE)
    try:
        literal = parse_literal(table)
        ours = "\n".join(layout([head, literal], 0, BLACK_MODE.line_length)) + "\n"
    except Unsupported:
        return  # black formats what the subset does not cover
    assert ours == expected


def test_a_module_with_a_table_outside_the_subset_is_left_to_black() -> None:
    table = "{" + ", ".join(f"'key{n}': value{n} + 1" for n in range(30)) + "}"
    text = f"X = {table}\n\n\ndef f():\n    return X\n"
    with pytest.raises(Unsupported):
        parse_literal(table)
    assert format_module(text, MODULE_STYLE) == black.format_str(text, mode=BLACK_MODE)


def test_tables_on_one_line_or_many_and_code_between_them_are_formatted_as_black_does() -> None:
    rows = ",\n".join(f"    'level{n}': (TimedCell(due=timedelta(hours={n}), text='{n} hours'), 'n/a')" for n in range(12))
    text = (
        '"""A module."""\n'
        "X: Final[dict[str, str]] = {'a': 'b', 'c': \"it's\"}\n"
        f"CELLS: Final[dict[str, tuple[Cell, ...]]] = {{\n{rows},\n}}\n"
        '"""Its docstring."""\n'
        "def f(t):\n    return {'x': t}\n"
        "Y = {'open': 1} if X else {}\n"
        f"Z = {{\n{rows}\n}}\n"
    )
    assert format_module(text, MODULE_STYLE) == black.format_str(text, mode=BLACK_MODE)
