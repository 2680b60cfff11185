"""Parse .sla text into the typed AST, or into diagnostics that name the line, the column and
the fix. No Lark type leaves this module.

Error recovery: when a file does not parse, each top-level block (a line that starts in column
1 and everything indented under it) is parsed on its own, so one mistake does not hide the
others. A file reports at most `MAX_ERRORS` syntax errors.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from pathlib import Path

from lark import Lark, Token, Transformer, Tree, v_args
from lark.exceptions import (
    UnexpectedCharacters,
    UnexpectedEOF,
    UnexpectedInput,
    UnexpectedToken,
    VisitError,
)

from slac.diagnostics import Diagnostic, Severity
from slac.syntax import ast
from slac.syntax.span import Span

GRAMMAR_PATH = Path(__file__).resolve().parents[2] / "grammar" / "slac.lark"
MAX_ERRORS = 50
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class ParseFailed(Exception):
    """Raised by `parse_text(..., raise_on_error=True)` with the diagnostics."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("\n".join(f"{d.span}: {d.code} {d.message}" for d in diagnostics))
        self.diagnostics = diagnostics


@dataclass(frozen=True)
class ParseResult:
    """A parsed document (None when there are syntax errors) and the diagnostics."""

    document: ast.Document | None
    diagnostics: tuple[Diagnostic, ...]
    text: str
    path: str

    @property
    def ok(self) -> bool:
        return self.document is not None


# ----------------------------------------------------------------------- lexing helpers


class _IndentationProblem(Exception):
    def __init__(self, token: Token, indent: int, expected: list[int]) -> None:
        super().__init__("inconsistent dedent")
        self.token = token
        self.indent = indent
        self.expected = expected


class _Indenter:
    """Turns the leading whitespace after each newline into _INDENT/_DEDENT tokens."""

    always_accept = ("_NL",)

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        levels = [0]
        last: Token | None = None
        for token in stream:
            last = token
            if token.type != "_NL":
                yield token
                continue
            yield token
            indent_text = token.rsplit("\n", 1)[1]
            indent = len(indent_text.expandtabs(4))
            if indent > levels[-1]:
                levels.append(indent)
                yield Token.new_borrow_pos("_INDENT", indent_text, token)
                continue
            while indent < levels[-1]:
                levels.pop()
                yield Token.new_borrow_pos("_DEDENT", indent_text, token)
            if indent != levels[-1]:
                raise _IndentationProblem(token, indent, list(levels))
        while len(levels) > 1:
            levels.pop()
            if last is not None:
                yield Token.new_borrow_pos("_DEDENT", "", last)
            else:
                yield Token("_DEDENT", "")


@cache
def _parser() -> Lark:
    return Lark(
        GRAMMAR_PATH.read_text(encoding="utf-8"),
        parser="lalr",
        lexer="contextual",
        strict=True,
        propagate_positions=True,
        maybe_placeholders=True,
        postlex=_Indenter(),
    )


def grammar_text() -> str:
    return GRAMMAR_PATH.read_text(encoding="utf-8")


def build_strict_parser() -> Lark:
    """A fresh strict LALR parser (raises on any grammar conflict or terminal collision)."""
    return Lark(
        grammar_text(),
        parser="lalr",
        lexer="contextual",
        strict=True,
        postlex=_Indenter(),
    )


# ----------------------------------------------------------------------- public API


def parse_file(path: str | Path) -> ParseResult:
    """Parse a .sla file from disk; unreadable files become a diagnostic, not an exception."""
    display = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        return ParseResult(
            None,
            (
                Diagnostic(
                    "SLA009",
                    Severity.ERROR,
                    f"cannot read the file: {error.strerror or error}",
                    Span.point(display, 1, 1),
                    help="check the path and the file's permissions",
                ),
            ),
            "",
            display,
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return ParseResult(
            None,
            (
                Diagnostic(
                    "SLA009",
                    Severity.ERROR,
                    "the file is not valid UTF-8",
                    Span.point(display, line, column),
                    help="save the file as UTF-8 text",
                ),
            ),
            raw.decode("utf-8", errors="replace"),
            display,
        )
    return parse_text(text, display)


def parse_text(text: str, path: str = "<text>") -> ParseResult:
    """Parse .sla source text; `path` names the source in diagnostics and spans."""
    text = text.lstrip("\ufeff")
    normalized = text.replace("\r\n", "\n").replace("\r", "\n")
    if not normalized.endswith("\n"):
        normalized += "\n"
    document, diagnostics = _parse_whole(normalized, path)
    if document is not None:
        return ParseResult(document, tuple(diagnostics), text, path)
    if not diagnostics:
        diagnostics = _parse_blocks(normalized, path)
    return ParseResult(None, tuple(diagnostics[:MAX_ERRORS]), text, path)


# ----------------------------------------------------------------------- parsing


def _parse_whole(text: str, path: str) -> tuple[ast.Document | None, list[Diagnostic]]:
    tree, comments, error = _run_lark(text, path, 0)
    if error is not None:
        return None, _parse_blocks(text, path)
    assert tree is not None
    builder = _AstBuilder(path, 0)
    try:
        document = builder.transform(tree)
    except VisitError as error:  # pragma: no cover - defensive: a bug in the builder
        raise error.orig_exc from error
    if builder.problems:
        return None, builder.problems
    return replace(document, comments=tuple(comments)), []


def _run_lark(
    text: str, path: str, line_offset: int
) -> tuple[Tree | None, list[ast.Comment], Diagnostic | None]:
    parser = _parser()
    try:
        tree = parser.parse(text)
    except _IndentationProblem as problem:
        return None, [], _indentation_diagnostic(problem, path, line_offset)
    except UnexpectedInput as error:
        return None, [], _syntax_diagnostic(error, text, path, line_offset)
    found = _scan_comments(text) if "#" in text else []
    comments = [
        ast.Comment(
            line + line_offset,
            comment,
            own_line,
            span=Span(path, line + line_offset, column, line + line_offset, column + len(comment)),
        )
        for line, column, comment, own_line in sorted(found)
    ]
    return tree, comments, None


def _scan_comments(text: str) -> list[tuple[int, int, str, bool]]:
    """Every `#` comment outside a quoted text: (line, column, text, own line)."""
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        if "#" not in line:
            continue
        in_string = False
        escaped = False
        for index, char in enumerate(line):
            if in_string:
                if escaped:
                    escaped = False
                elif char == "\\":
                    escaped = True
                elif char == '"':
                    in_string = False
            elif char == '"':
                in_string = True
            elif char == "#":
                own_line = not line[:index].strip()
                found.append((number, index + 1, line[index:].rstrip(), own_line))
                break
    return found


def _parse_blocks(text: str, path: str) -> list[Diagnostic]:
    """Parse each top-level block separately, so that every broken block is reported."""
    diagnostics: list[Diagnostic] = []
    for offset, chunk in _top_level_chunks(text):
        _, _, error = _run_lark(chunk, path, offset)
        if error is not None:
            diagnostics.append(error)
        else:
            builder = _AstBuilder(path, offset)
            tree, _, _ = _run_lark(chunk, path, offset)
            builder.transform(tree)
            diagnostics.extend(builder.problems)
        if len(diagnostics) >= MAX_ERRORS:
            break
    return diagnostics


def _top_level_chunks(text: str) -> Iterator[tuple[int, str]]:
    lines = text.split("\n")
    start: int | None = None
    for index, line in enumerate(lines):
        starts_block = bool(line) and not line[0].isspace() and not line.startswith("#")
        if starts_block:
            if start is not None:
                yield start, "\n".join(lines[start:index]) + "\n"
            start = index
    if start is not None:
        yield start, "\n".join(lines[start:]) + "\n"


# ----------------------------------------------------------------------- messages

_TERMINAL_WORDS = {
    "NAME": "a name",
    "STRING": 'a quoted text such as "Critical"',
    "NUMBER": "a number",
    "TIME": "a time such as 08:00",
    "DATE": "a date such as 2025-12-24",
    "DATETIME": "an instant such as 2025-03-07T16:30+01:00",
    "DAY": "a weekday (mon, tue, wed, thu, fri, sat, sun)",
    "ZONE": "a time zone such as Europe/Prague",
    "_NL": "the end of the line",
    "_INDENT": "an indented block",
    "_DEDENT": "the end of the block",
    "_DASH": "`-`",
    "WITHIN": "`within`",
    "NOT_APPLICABLE": "`n/a`",
    "$END": "the end of the file",
}
_UNITS = {"minute", "minutes", "min", "hour", "hours", "day", "days", "business"}


def _keyword_of(terminal: str) -> str | None:
    try:
        pattern = _parser().get_terminal(terminal).pattern
    except KeyError:
        return None
    if pattern.type == "str":
        return pattern.value
    return None


def _describe_expected(expected: set[str]) -> tuple[list[str], list[str]]:
    """Keywords and other expected things, each in words, sorted."""
    keywords = sorted({kw for t in expected if (kw := _keyword_of(t)) is not None})
    others = sorted({_TERMINAL_WORDS.get(t, t) for t in expected if _keyword_of(t) is None})
    return keywords, others


def _expected_help(expected: set[str]) -> str:
    keywords, others = _describe_expected(expected)
    keyword_set = set(keywords)
    if keyword_set & _UNITS and len(keyword_set & _UNITS) >= 3:
        return "expected a unit, as in `4 business hours`, `30 minutes` or `2 business days`"
    if "n/a" in {k.lower() for k in keyword_set} and "best" in keyword_set:
        return (
            "expected a cell: a duration such as `4 business hours`, a range such as "
            "`24-72 hours`, `n/a`, `best effort`, or nothing for an empty cell"
        )
    if {"policy", "scale", "plan", "calendar"} <= keyword_set:
        return (
            "expected a block such as `policy`, `scale`, `field`, `matrix`, `calendar`, "
            "`target`, `plan`, `targets`, `rule`, `restrict`, `intake` or `example`"
        )
    if "TIME" in expected and len(expected) <= 3:
        return "expected a time of day such as `08:00` (24-hour clock)"
    shown = [f"`{k}`" for k in keywords[:12]] + others
    if not shown:
        return "check the line against the examples in the README"
    if len(shown) == 1:
        return f"expected {shown[0]}"
    return "expected " + ", ".join(shown[:-1]) + " or " + shown[-1]


def _syntax_diagnostic(
    error: UnexpectedInput, text: str, path: str, line_offset: int
) -> Diagnostic:
    line = (error.line if error.line and error.line > 0 else text.count("\n")) + line_offset
    column = error.column if error.column and error.column > 0 else 1

    if isinstance(error, UnexpectedCharacters):
        char = text[error.pos_in_stream] if error.pos_in_stream < len(text) else ""
        if char == '"':
            return Diagnostic(
                "SLA008",
                Severity.ERROR,
                "this text has no closing quote",
                Span.point(path, line, column),
                help='end the text on the same line with `"`; write `\\"` for a quote inside it',
            )
        word_match = re.match(r"[^\s|,;()#\"]+", text[error.pos_in_stream :])
        word = word_match.group(0) if word_match else char
        allowed = set(error.allowed or ())
        suggestion = _suggest_keyword(word, allowed)
        end = column + max(len(word), 1)
        if suggestion:
            return Diagnostic(
                "SLA007",
                Severity.ERROR,
                f"unknown keyword `{word}` — did you mean `{suggestion}`?",
                Span(path, line, column, line, end),
                help=f"write `{suggestion}`",
            )
        return Diagnostic(
            "SLA001",
            Severity.ERROR,
            f"unexpected `{word}`",
            Span(path, line, column, line, end),
            help=_expected_help(allowed),
        )

    if isinstance(error, UnexpectedToken):
        token = error.token
        expected = set(error.expected or ())
        if token.type == "$END":
            return Diagnostic(
                "SLA003",
                Severity.ERROR,
                "the file ends in the middle of a block",
                Span.point(path, line, column),
                help=_expected_help(expected),
            )
        if token.type == "_INDENT":
            return Diagnostic(
                "SLA004",
                Severity.ERROR,
                "unexpected indentation",
                Span.point(path, line + 1, 1),
                help="only a block header (policy, scale, level, field, calendar, plan, targets, "
                "rule, restrict, intake, example) takes an indented body; align this line with "
                "the one above",
            )
        if token.type == "_DEDENT":
            return Diagnostic(
                "SLA002",
                Severity.ERROR,
                "this block ends too early",
                Span.point(path, line + 1, 1),
                help=_expected_help(expected),
            )
        if token.type == "_NL":
            return Diagnostic(
                "SLA002",
                Severity.ERROR,
                "this line ends too early",
                Span.point(path, line, column),
                help=_expected_help(expected),
            )
        value = str(token.value)
        suggestion = _suggest_keyword(value, expected) if token.type == "NAME" else None
        end = column + max(len(value), 1)
        if suggestion:
            return Diagnostic(
                "SLA007",
                Severity.ERROR,
                f"unknown keyword `{value}` — did you mean `{suggestion}`?",
                Span(path, line, column, line, end),
                help=f"write `{suggestion}`",
            )
        return Diagnostic(
            "SLA002",
            Severity.ERROR,
            f"unexpected `{value}`",
            Span(path, line, column, line, end),
            help=_expected_help(expected),
        )

    assert isinstance(error, UnexpectedEOF)
    return Diagnostic(  # pragma: no cover - LALR reports the end of input as UnexpectedToken
        "SLA003",
        Severity.ERROR,
        "the file ends in the middle of a block",
        Span.point(path, line, column),
        help=_expected_help(set(error.expected or ())),
    )


def _suggest_keyword(word: str, expected: set[str]) -> str | None:
    keywords = [kw for t in expected if (kw := _keyword_of(t)) is not None and kw.isalpha()]
    if not keywords or not word.isidentifier():
        return None
    matches = difflib.get_close_matches(word.lower(), keywords, n=1, cutoff=0.7)
    if matches and matches[0] != word:
        return matches[0]
    return None


def _indentation_diagnostic(problem: _IndentationProblem, path: str, line_offset: int) -> Diagnostic:
    line = (problem.token.end_line or problem.token.line or 1) + line_offset
    levels = [level for level in problem.expected]
    choices = " or ".join(str(level) for level in levels[-2:])
    return Diagnostic(
        "SLA004",
        Severity.ERROR,
        f"this line is indented by {problem.indent} spaces, which matches no enclosing block",
        Span(path, line, 1, line, problem.indent + 1 if problem.indent else 2),
        help=f"indent it by {choices} spaces, like the lines of the block it belongs to",
    )


# ----------------------------------------------------------------------- tree → AST


def _decode_string(token: Token) -> str:
    body = str(token)[1:-1]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body)


class _AstBuilder(Transformer):
    """Lark tree → typed AST. Semantic problems found while building (an impossible time or
    date) are collected in `problems` instead of raised."""

    def __init__(self, path: str, line_offset: int) -> None:
        super().__init__()
        self.path = path
        self.line_offset = line_offset
        self.problems: list[Diagnostic] = []

    # ------------------------------------------------------------------ spans

    def _span(self, meta: object) -> Span:
        line = getattr(meta, "line", None)
        if line is None:
            return Span(self.path, 0, 0, 0, 0)
        return Span(
            self.path,
            line + self.line_offset,
            meta.column,  # type: ignore[attr-defined]
            meta.end_line + self.line_offset,  # type: ignore[attr-defined]
            meta.end_column,  # type: ignore[attr-defined]
        )

    def _token_span(self, token: Token) -> Span:
        return Span(
            self.path,
            (token.line or 0) + self.line_offset,
            token.column or 0,
            (token.end_line or token.line or 0) + self.line_offset,
            token.end_column or 0,
        )

    def _time(self, token: Token) -> int:
        hours, minutes = (int(part) for part in str(token).split(":"))
        if hours > 24 or minutes > 59 or (hours == 24 and minutes != 0):
            self.problems.append(
                Diagnostic(
                    "SLA005",
                    Severity.ERROR,
                    f"`{token}` is not a time of day",
                    self._token_span(token),
                    help="write hours 00–23 and minutes 00–59, such as `17:00`; `24:00` is midnight at the end of the day",
                )
            )
            return 0
        return hours * 60 + minutes

    def _date(self, token: Token) -> date:
        try:
            return date.fromisoformat(str(token))
        except ValueError:
            self.problems.append(
                Diagnostic(
                    "SLA006",
                    Severity.ERROR,
                    f"`{token}` is not a calendar date",
                    self._token_span(token),
                    help="write an existing date as YYYY-MM-DD, such as `2025-12-24`",
                )
            )
            return date(1970, 1, 1)

    # ------------------------------------------------------------------ terminals

    def STRING(self, token: Token) -> str:
        return _decode_string(token)

    def NAME(self, token: Token) -> Token:
        return token

    # ------------------------------------------------------------------ shared

    @v_args(meta=True)
    def start(self, meta: object, blocks: list) -> ast.Document:
        return ast.Document(tuple(blocks), span=self._span(meta))

    @v_args(meta=True)
    def assumed(self, meta: object, children: list) -> ast.Assumption:
        return ast.Assumption(children[0], span=self._span(meta))

    def name_list(self, children: list) -> tuple[str, ...]:
        return tuple(str(child) for child in children)

    def value_list(self, children: list) -> tuple[str, ...]:
        return tuple(str(child) for child in children)

    def zone(self, children: list) -> str:
        return str(children[0])

    # ------------------------------------------------------------------ policy

    @v_args(meta=True)
    def policy(self, meta: object, children: list) -> ast.Policy:
        name, title, *items = children
        return ast.Policy(str(name), title, tuple(items), span=self._span(meta))

    @v_args(meta=True)
    def source(self, meta: object, children: list) -> ast.Source:
        return ast.Source(children[0], span=self._span(meta))

    @v_args(meta=True)
    def language(self, meta: object, children: list) -> ast.Language:
        return ast.Language(str(children[0]), span=self._span(meta))

    @v_args(meta=True)
    def contact(self, meta: object, children: list) -> ast.Contact:
        return ast.Contact(str(children[0]), children[1], span=self._span(meta))

    @v_args(meta=True)
    def supported(self, meta: object, children: list) -> ast.Supported:
        return ast.Supported(children[0], span=self._span(meta))

    @v_args(meta=True)
    def unsupported(self, meta: object, children: list) -> ast.Unsupported:
        return ast.Unsupported(children[0], span=self._span(meta))

    @v_args(meta=True)
    def note(self, meta: object, children: list) -> ast.Note:
        return ast.Note(children[0], span=self._span(meta))

    # ------------------------------------------------------------------ scale

    @v_args(meta=True)
    def scale(self, meta: object, children: list) -> ast.Scale:
        name, title, *items = children
        return ast.Scale(str(name), title, tuple(items), span=self._span(meta))

    @v_args(meta=True)
    def chosen_by(self, meta: object, children: list) -> ast.ChosenBy:
        return ast.ChosenBy(children[0], span=self._span(meta))

    @v_args(meta=True)
    def changed_by(self, meta: object, children: list) -> ast.ChangedBy:
        return ast.ChangedBy(children[0], span=self._span(meta))

    @v_args(meta=True)
    def level(self, meta: object, children: list) -> ast.Level:
        name, title, *items = children
        return ast.Level(str(name), title, tuple(items), span=self._span(meta))

    @v_args(meta=True)
    def description(self, meta: object, children: list) -> ast.Description:
        return ast.Description(children[0], span=self._span(meta))

    @v_args(meta=True)
    def criterion(self, meta: object, children: list) -> ast.Criterion:
        return ast.Criterion(children[0], span=self._span(meta))

    @v_args(meta=True)
    def level_example(self, meta: object, children: list) -> ast.LevelExample:
        return ast.LevelExample(children[0], span=self._span(meta))

    # ------------------------------------------------------------------ field

    @v_args(meta=True)
    def field(self, meta: object, children: list) -> ast.Field:
        name, title, *items = children
        return ast.Field(str(name), title, tuple(items), span=self._span(meta))

    @v_args(meta=True)
    def field_values(self, meta: object, children: list) -> ast.FieldValues:
        return ast.FieldValues(children[0], span=self._span(meta))

    @v_args(meta=True)
    def field_boolean(self, meta: object, children: list) -> ast.FieldBoolean:
        return ast.FieldBoolean(span=self._span(meta))

    @v_args(meta=True)
    def field_default(self, meta: object, children: list) -> ast.FieldDefault:
        return ast.FieldDefault(str(children[0]), children[1], span=self._span(meta))

    # ------------------------------------------------------------------ matrix

    @v_args(meta=True)
    def matrix(self, meta: object, children: list) -> ast.Matrix:
        scale, header, *rows = children
        row_field, column_field, columns = header
        return ast.Matrix(
            str(scale), row_field, column_field, columns, tuple(rows), span=self._span(meta)
        )

    def matrix_header(self, children: list) -> tuple[str, str, tuple[str, ...]]:
        row_field, column_field, *columns = children
        return str(row_field), str(column_field), tuple(str(c) for c in columns)

    @v_args(meta=True)
    def matrix_row(self, meta: object, children: list) -> ast.MatrixRow:
        value, *cells = children
        return ast.MatrixRow(
            str(value),
            tuple(None if c is None else str(c) for c in cells),
            span=self._span(meta),
        )

    # ------------------------------------------------------------------ calendar

    @v_args(meta=True)
    def calendar(self, meta: object, children: list) -> ast.Calendar:
        name, title, *items = children
        return ast.Calendar(str(name), title, tuple(items), span=self._span(meta))

    @v_args(meta=True)
    def timezone(self, meta: object, children: list) -> ast.TimeZone:
        return ast.TimeZone(children[0], children[1], span=self._span(meta))

    @v_args(meta=True)
    def local_timezone(self, meta: object, children: list) -> ast.TimeZone:
        return ast.TimeZone(None, children[0], span=self._span(meta))

    @v_args(meta=True)
    def open_days(self, meta: object, children: list) -> ast.OpenDays:
        days, (start, end), assumption = children
        return ast.OpenDays(days, start, end, assumption, span=self._span(meta))

    def every_day(self, children: list) -> None:
        return None

    def day_set(self, children: list) -> tuple[ast.DayRange, ...]:
        return tuple(children)

    @v_args(meta=True)
    def day_range(self, meta: object, children: list) -> ast.DayRange:
        first = DAYS.index(str(children[0]))
        last = DAYS.index(str(children[1])) if len(children) > 1 else None
        return ast.DayRange(first, last, span=self._span(meta))

    def time_span(self, children: list) -> tuple[int, int]:
        return self._time(children[0]), self._time(children[1])

    @v_args(meta=True)
    def open_span(self, meta: object, children: list) -> ast.OpenSpan:
        start_day, start, end_day, end, assumption = children
        return ast.OpenSpan(
            DAYS.index(str(start_day)),
            self._time(start),
            DAYS.index(str(end_day)),
            self._time(end),
            assumption,
            span=self._span(meta),
        )

    @v_args(meta=True)
    def open_always(self, meta: object, children: list) -> ast.OpenAlways:
        return ast.OpenAlways(children[0], span=self._span(meta))

    @v_args(meta=True)
    def open_on_date(self, meta: object, children: list) -> ast.OpenOnDate:
        day, (start, end), assumption = children
        return ast.OpenOnDate(self._date(day), start, end, assumption, span=self._span(meta))

    @v_args(meta=True)
    def closed_holidays(self, meta: object, children: list) -> ast.ClosedHolidays:
        country, (subdivision, categories), assumption = children
        return ast.ClosedHolidays(
            country, subdivision, categories, assumption, span=self._span(meta)
        )

    def country(self, children: list) -> str:
        return str(children[0])

    def customer_country(self, children: list) -> None:
        return None

    def holiday_options(self, children: list) -> tuple[str | None, tuple[str, ...]]:
        subdivision, categories = children
        return (None if subdivision is None else str(subdivision)), (categories or ())

    @v_args(meta=True)
    def closed_on_date(self, meta: object, children: list) -> ast.ClosedOnDate:
        day, start, end, assumption = children
        return ast.ClosedOnDate(
            self._date(day),
            None if start is None else self._time(start),
            None if end is None else self._time(end),
            assumption,
            span=self._span(meta),
        )

    # ------------------------------------------------------------------ targets

    @v_args(meta=True)
    def target(self, meta: object, children: list) -> ast.Target:
        name, title, start, assumption = children
        return ast.Target(str(name), title, start, assumption, span=self._span(meta))

    def from_opened(self, children: list) -> str:
        return "opened"

    def from_agent_reply(self, children: list) -> str:
        return "last_agent_reply"

    def from_customer_reply(self, children: list) -> str:
        return "last_customer_reply"

    # ------------------------------------------------------------------ plans

    @v_args(meta=True)
    def plan(self, meta: object, children: list) -> ast.Plan:
        name, title, *items = children
        return ast.Plan(str(name), title, tuple(items), span=self._span(meta))

    @v_args(meta=True)
    def channels(self, meta: object, children: list) -> ast.Channels:
        return ast.Channels(children[0], span=self._span(meta))

    @v_args(meta=True)
    def hours(self, meta: object, children: list) -> ast.Hours:
        calendar, condition, assumption = children
        return ast.Hours(str(calendar), condition, assumption, span=self._span(meta))

    @v_args(meta=True)
    def extra(self, meta: object, children: list) -> ast.Extra:
        return ast.Extra(str(children[0]), children[1], span=self._span(meta))

    @v_args(meta=True)
    def same_as(self, meta: object, children: list) -> ast.SameAs:
        return ast.SameAs(str(children[0]), children[1], span=self._span(meta))

    @v_args(meta=True)
    def all_targets(self, meta: object, children: list) -> ast.AllTargets:
        return ast.AllTargets(children[0], children[1], span=self._span(meta))

    @v_args(meta=True)
    def count_in_support_hours(self, meta: object, children: list) -> ast.CountTargets:
        return ast.CountTargets(True, children[0], span=self._span(meta))

    @v_args(meta=True)
    def count_around_the_clock(self, meta: object, children: list) -> ast.CountTargets:
        return ast.CountTargets(False, children[0], span=self._span(meta))

    @v_args(meta=True)
    def plan_targets(self, meta: object, children: list) -> ast.PlanTargets:
        return ast.PlanTargets(children[0], span=self._span(meta))

    @v_args(meta=True)
    def targets_table(self, meta: object, children: list) -> ast.TargetsTable:
        name, title, table = children
        return ast.TargetsTable(str(name), title, table, span=self._span(meta))

    @v_args(meta=True)
    def table(self, meta: object, children: list) -> ast.Table:
        header, *rows = children
        return ast.Table(header, tuple(rows), span=self._span(meta))

    def table_header(self, children: list) -> tuple[str, ...]:
        return tuple(str(c) for c in children)

    @v_args(meta=True)
    def table_row(self, meta: object, children: list) -> ast.TableRow:
        level, *cells = children
        return ast.TableRow(str(level), tuple(cells), span=self._span(meta))

    # ------------------------------------------------------------------ cells

    @v_args(meta=True)
    def cell(self, meta: object, children: list) -> ast.Cell:
        cell, assumption = children
        return replace(cell, assumption=assumption, span=self._span(meta))

    @v_args(meta=True)
    def not_applicable(self, meta: object, children: list) -> ast.NotApplicable:
        return ast.NotApplicable(text=str(children[0]), span=self._span(meta))

    @v_args(meta=True)
    def best_effort(self, meta: object, children: list) -> ast.BestEffort:
        return ast.BestEffort(span=self._span(meta))

    @v_args(meta=True)
    def timed_cell(self, meta: object, children: list) -> ast.TimedCell:
        within, deadline, outside = children
        return ast.TimedCell(
            deadline, within is not None, outside, span=self._span(meta)
        )

    @v_args(meta=True)
    def duration(self, meta: object, children: list) -> ast.Duration:
        amount, unit, clock = children
        return ast.Duration(int(amount), unit, clock is not None, span=self._span(meta))

    @v_args(meta=True)
    def range(self, meta: object, children: list) -> ast.Range:
        low, high, unit, clock = children
        return ast.Range(int(low), int(high), unit, clock is not None, span=self._span(meta))

    def clock(self, children: list) -> bool:
        return True

    def unit(self, children: list) -> str:  # pragma: no cover - every unit is aliased
        raise AssertionError("unaliased unit")

    def wall_minutes(self, children: list) -> str:
        return "minutes"

    def wall_hours(self, children: list) -> str:
        return "hours"

    def wall_days(self, children: list) -> str:
        return "days"

    def business_minutes(self, children: list) -> str:
        return "business_minutes"

    def business_hours(self, children: list) -> str:
        return "business_hours"

    def business_days(self, children: list) -> str:
        return "business_days"

    # ------------------------------------------------------------------ rules

    @v_args(meta=True)
    def default_level(self, meta: object, children: list) -> ast.DefaultLevel:
        scale, level, assumption = children
        return ast.DefaultLevel(str(scale), str(level), assumption, span=self._span(meta))

    @v_args(meta=True)
    def rule(self, meta: object, children: list) -> ast.Rule:
        name, title, condition, action, assumption = children
        return ast.Rule(str(name), title, condition, action, assumption, span=self._span(meta))

    @v_args(meta=True)
    def set_level(self, meta: object, children: list) -> ast.SetLevel:
        return ast.SetLevel(str(children[0]), str(children[1]), span=self._span(meta))

    @v_args(meta=True)
    def no_guarantee(self, meta: object, children: list) -> ast.NoGuarantee:
        return ast.NoGuarantee(span=self._span(meta))

    @v_args(meta=True)
    def restriction(self, meta: object, children: list) -> ast.Restriction:
        name, title, scale, levels, condition = children
        return ast.Restriction(
            str(name), title, str(scale), levels, condition, span=self._span(meta)
        )

    @v_args(meta=True)
    def condition(self, meta: object, children: list) -> ast.Condition:
        return ast.Condition(tuple(children), span=self._span(meta))

    @v_args(meta=True)
    def is_one_of(self, meta: object, children: list) -> ast.Clause:
        subject, *values = children
        return ast.Clause(str(subject), "is", tuple(str(v) for v in values), span=self._span(meta))

    @v_args(meta=True)
    def is_none_of(self, meta: object, children: list) -> ast.Clause:
        subject, *values = children
        return ast.Clause(
            str(subject), "is_not", tuple(str(v) for v in values), span=self._span(meta)
        )

    @v_args(meta=True)
    def is_missing(self, meta: object, children: list) -> ast.Clause:
        return ast.Clause(str(children[0]), "missing", span=self._span(meta))

    @v_args(meta=True)
    def intake(self, meta: object, children: list) -> ast.Intake:
        name, title, *items = children
        return ast.Intake(str(name), title, tuple(items), span=self._span(meta))

    @v_args(meta=True)
    def intake_via(self, meta: object, children: list) -> ast.IntakeVia:
        return ast.IntakeVia(children[0], span=self._span(meta))

    @v_args(meta=True)
    def intake_quoting(self, meta: object, children: list) -> ast.IntakeQuoting:
        return ast.IntakeQuoting(children[0], span=self._span(meta))

    @v_args(meta=True)
    def intake_joins_case(self, meta: object, children: list) -> ast.IntakeJoinsCase:
        return ast.IntakeJoinsCase(span=self._span(meta))

    @v_args(meta=True)
    def intake_no_case(self, meta: object, children: list) -> ast.IntakeNoCase:
        return ast.IntakeNoCase(span=self._span(meta))

    # ------------------------------------------------------------------ examples

    @v_args(meta=True)
    def example(self, meta: object, children: list) -> ast.Example:
        name, title, *items = children
        return ast.Example(str(name), title, tuple(items), span=self._span(meta))

    @v_args(meta=True)
    def instant(self, meta: object, children: list) -> ast.Instant:
        if len(children) == 1:
            return ast.Instant(str(children[0]), span=self._span(meta))
        day, time, zone = children
        self._date(day)
        self._time(time)
        return ast.Instant(f"{day} {time} {zone}", span=self._span(meta))

    @v_args(meta=True)
    def example_plan(self, meta: object, children: list) -> ast.ExamplePlan:
        return ast.ExamplePlan(str(children[0]), span=self._span(meta))

    @v_args(meta=True)
    def example_input(self, meta: object, children: list) -> ast.ExampleInput:
        return ast.ExampleInput(str(children[0]), str(children[1]), span=self._span(meta))

    @v_args(meta=True)
    def example_missing(self, meta: object, children: list) -> ast.ExampleMissing:
        return ast.ExampleMissing(str(children[0]), span=self._span(meta))

    def _example_time(self, kind: str, meta: object, children: list) -> ast.ExampleTime:
        return ast.ExampleTime(kind, children[0], span=self._span(meta))  # type: ignore[arg-type]

    @v_args(meta=True)
    def example_opened(self, meta: object, children: list) -> ast.ExampleTime:
        return self._example_time("opened", meta, children)

    @v_args(meta=True)
    def example_agent_replied(self, meta: object, children: list) -> ast.ExampleTime:
        return self._example_time("agent_replied", meta, children)

    @v_args(meta=True)
    def example_customer_replied(self, meta: object, children: list) -> ast.ExampleTime:
        return self._example_time("customer_replied", meta, children)

    @v_args(meta=True)
    def example_responded(self, meta: object, children: list) -> ast.ExampleTime:
        return self._example_time("responded", meta, children)

    @v_args(meta=True)
    def example_now(self, meta: object, children: list) -> ast.ExampleTime:
        return self._example_time("now", meta, children)

    @v_args(meta=True)
    def example_timezone(self, meta: object, children: list) -> ast.ExampleTimezone:
        return ast.ExampleTimezone(children[0], span=self._span(meta))

    @v_args(meta=True)
    def example_country(self, meta: object, children: list) -> ast.ExampleCountry:
        return ast.ExampleCountry(str(children[0]), span=self._span(meta))

    @v_args(meta=True)
    def expect_level(self, meta: object, children: list) -> ast.ExpectLevel:
        return ast.ExpectLevel(str(children[0]), str(children[1]), span=self._span(meta))

    @v_args(meta=True)
    def expect_due(self, meta: object, children: list) -> ast.ExpectDue:
        return ast.ExpectDue(str(children[0]), children[1], span=self._span(meta))

    @v_args(meta=True)
    def expect_status(self, meta: object, children: list) -> ast.ExpectStatus:
        return ast.ExpectStatus(str(children[0]), children[1], span=self._span(meta))

    @v_args(meta=True)
    def expect_trace(self, meta: object, children: list) -> ast.ExpectTrace:
        return ast.ExpectTrace(str(children[0]), span=self._span(meta))

    def status_not_applicable(self, children: list) -> str:
        return "n/a"

    def status_best_effort(self, children: list) -> str:
        return "best_effort"

    def status_excluded(self, children: list) -> str:
        return "excluded"

    def status_undefined(self, children: list) -> str:
        return "undefined"

    def status_met(self, children: list) -> str:
        return "met"

    def status_breached(self, children: list) -> str:
        return "breached"

    def status_due(self, children: list) -> str:
        return "due"
