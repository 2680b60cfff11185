"""Parse .sla text into the typed AST, or into diagnostics that name the line, the column and
the fix. No Lark type leaves this module.

Error recovery: when a file does not parse, each top-level block (a line that starts in column
1 and everything indented under it) is parsed on its own, so one mistake does not hide the
others. A file reports at most `MAX_ERRORS` syntax errors.
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from pathlib import Path

from lark import Lark, Token, Transformer, Tree, v_args
from lark.exceptions import UnexpectedInput, UnexpectedToken, VisitError

from slac.diagnostics import Diagnostic, Severity
from slac.syntax import ast
from slac.syntax.span import Span

# grammar/slac.lark at the top of the repository; the package reaches it through the link
# slac/grammar/slac.lark, which is also how it travels inside a wheel
GRAMMAR_PATH = Path(__file__).resolve().parents[1] / "grammar" / "slac.lark"
MAX_ERRORS = 50
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class ParseFailed(Exception):
    """The diagnostics of a failed parse, for callers that would rather raise than check
    `ParseResult.ok`."""

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
    def __init__(self, token: Token, indent: int, open_levels: list[int]) -> None:
        super().__init__("inconsistent dedent")
        self.token = token
        self.indent = indent
        self.open_levels = open_levels


class _GluedWords(Exception):
    """A keyword written together with the word after it (`besteffort`, `mins`): Lark matches
    keywords without looking at what follows, so the postlexer insists on a word boundary."""

    def __init__(self, keyword: Token, following: Token) -> None:
        super().__init__("keyword glued to the next word")
        self.keyword = keyword
        self.following = following


_WORD_CHAR = re.compile(r"[A-Za-z0-9_]")


class _Indenter:
    """Turns the leading whitespace after each newline into _INDENT/_DEDENT tokens (a tab
    counts as up to 4 columns: tab stops every 4), and rejects keywords glued to a word."""

    always_accept = ("_NL",)

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        levels = [0]
        last: Token | None = None
        for token in stream:
            if (
                last is not None
                and last.end_pos == token.start_pos
                and _WORD_CHAR.match(token.value[:1])
                and _WORD_CHAR.match(last.value[-1:])
                and _keyword_of(last.type) is not None
            ):
                raise _GluedWords(last, token)
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
            open_levels = list(levels)
            while indent < levels[-1]:
                levels.pop()
                yield Token.new_borrow_pos("_DEDENT", indent_text, token)
            if indent != levels[-1]:
                raise _IndentationProblem(token, indent, open_levels)
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
    # NFC: an accent saved as a separate combining character (as some editors do) makes the
    # same letter as the composed one, so `kanál` is one name however it was typed
    text = unicodedata.normalize("NFC", text.lstrip("\ufeff"))
    normalized = text.replace("\r\n", "\n").replace("\r", "\n")
    if not normalized.endswith("\n"):
        normalized += "\n"
    document, diagnostics = _parse_whole(normalized, path)
    if document is None:
        diagnostics = diagnostics[:MAX_ERRORS]
    return ParseResult(document, tuple(diagnostics), text, path)


# ----------------------------------------------------------------------- parsing


def _parse_whole(text: str, path: str) -> tuple[ast.Document | None, list[Diagnostic]]:
    tree, comments, error = _run_lark(text, path, 0)
    if error is not None:
        return None, _parse_blocks(text, path, error)
    assert tree is not None
    builder = _AstBuilder(path, 0, text)
    document = _build(builder, tree)
    if builder.problems:
        return None, builder.problems
    return replace(document, comments=tuple(comments)), []


def _build(builder: _AstBuilder, tree: Tree) -> ast.Document:
    try:
        return builder.transform(tree)
    except VisitError as error:  # pragma: no cover - defensive: a bug in the builder
        raise error.orig_exc from error


def _run_lark(
    text: str, path: str, line_offset: int, final: bool = True
) -> tuple[Tree | None, list[ast.Comment], Diagnostic | None]:
    """Parse one text (the file, or one block of it at `line_offset`; `final` when it runs to
    the end of the file) into a tree and its comments, or a diagnostic."""
    parser = _parser()
    try:
        tree = parser.parse(text)
    except _IndentationProblem as problem:
        return None, [], _indentation_diagnostic(problem, text, path, line_offset)
    except _GluedWords as problem:
        return None, [], _glued_diagnostic(problem, text, path, line_offset)
    except UnexpectedInput as error:
        return None, [], _syntax_diagnostic(error, text, path, line_offset, final)
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


def _parse_blocks(text: str, path: str, first_error: Diagnostic) -> list[Diagnostic]:
    """Parse each top-level block separately, so that every broken block is reported.

    `first_error` is where the whole file stopped parsing; it is kept when no block reports a
    problem on its line (text before the first block, say), so a file that does not parse
    always has at least one diagnostic."""
    diagnostics: list[Diagnostic] = []
    chunks = list(_top_level_chunks(text))
    for index, (offset, chunk) in enumerate(chunks):
        tree, _, error = _run_lark(chunk, path, offset, final=index == len(chunks) - 1)
        if error is not None:
            diagnostics.append(error)
        else:
            assert tree is not None
            builder = _AstBuilder(path, offset, chunk)
            _build(builder, tree)
            diagnostics.extend(builder.problems)
        if len(diagnostics) >= MAX_ERRORS:
            break
    if all(d.span.line != first_error.span.line for d in diagnostics):
        diagnostics.append(first_error)
        diagnostics.sort(key=lambda d: (d.span.line, d.span.column))
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
#
# Codes (documented for `slac explain` in slac/checks/registry.py): SLA001 a character that
# starts nothing here (a stray symbol, a typographic quote); SLA002 a word or a line end in the
# wrong place; SLA003 the file ends before its last block is complete; SLA004 indentation;
# SLA005 a time that is not a time of day; SLA006 a date that is not a calendar date; SLA007 a
# misspelt keyword or unit, with the nearest one; SLA008 a text without its closing quote;
# SLA009 a file that cannot be read as UTF-8 text.
#
# A failure is explained by the first of `_EXPLANATIONS` that recognises it, from the most
# specific (a rule without `then`) to the generic "unexpected `x`" with what was expected.

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
_UNIT_ABBREVIATIONS = {
    "h": "hours",
    "hr": "hours",
    "hrs": "hours",
    "hs": "hours",
    "hod": "hours",
    "m": "minutes",
    "mins": "minutes",
    "mn": "minutes",
    "d": "days",
    "bh": "business hours",
    "bd": "business days",
    "wd": "business days",
}
_WEEKDAY_NAMES = {
    "monday": "mon",
    "tuesday": "tue",
    "tues": "tue",
    "wednesday": "wed",
    "thursday": "thu",
    "thur": "thu",
    "thurs": "thu",
    "friday": "fri",
    "saturday": "sat",
    "sunday": "sun",
    **{day: day for day in DAYS},
}
_TYPOGRAPHIC_QUOTES = "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2018\u2019\u201a\u201b"
_END_TOKENS = {"_NL", "_DEDENT", "$END"}
_BODY_HELP = {
    "scale": 'indent its levels under it, one per line, such as `    level 1 "Critical"`',
    "field": "indent what it holds under it, such as `    values production, staging` "
    "or `    boolean`",
    "matrix": "indent the table under it: a header such as `    urgency \\ impact | high | low`, "
    "then one row per value",
    "calendar": "indent its hours under it, such as `    timezone Europe/Prague` and "
    "`    open mon-fri 09:00-17:00`",
    "targets": "indent the table under it: a header such as `priority | initial_response`, "
    "then one row per level such as `1 | 4 business hours`",
    "rule": "indent its two lines under it: `when …` (the condition) and `then …` (what "
    "happens), such as `    when channel is email` and `    then priority 1`",
    "restrict": "indent one line under it, such as `    severity 1 only when channel is portal`",
    "intake": "indent its lines under it, such as `    via email` and `    opens no case`",
    "example": "indent the ticket and the expected outcome under it, such as `    plan premium` "
    "and `    expect priority 1`",
}
_CONDITION_EXAMPLE = (
    "such as `priority is 1`, `channel is email or phone` or `environment is not production`"
)


def _keyword_of(terminal: str) -> str | None:
    try:
        pattern = _parser().get_terminal(terminal).pattern
    except KeyError:
        return None
    if pattern.type == "str":
        return pattern.value
    return None


def _describe_expected(expected: set[str] | frozenset[str]) -> tuple[list[str], list[str]]:
    """Keywords and other expected things, each in words, sorted."""
    keywords = sorted({kw for t in expected if (kw := _keyword_of(t)) is not None})
    others = sorted({_TERMINAL_WORDS.get(t, t) for t in expected if _keyword_of(t) is None})
    return keywords, others


def _expected_help(expected: set[str] | frozenset[str]) -> str:
    keywords, others = _describe_expected(expected)
    keyword_set = set(keywords)
    if len(keyword_set & _UNITS) >= 3:
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


def _line_start(text: str, line: int) -> int:
    """The offset in `text` where its 1-based `line` starts."""
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1
    return start


def _content_end(line: str) -> int:
    """The column just after the last character of a line that is not a comment or a blank."""
    comments = _scan_comments(line)
    content = line[: comments[0][1] - 1] if comments else line
    return len(content.rstrip()) + 1


@dataclass(frozen=True)
class _Failure:
    """Where a block stopped parsing, in the block's own text, and what would have fitted."""

    text: str
    path: str
    line_offset: int
    pos: int
    line: int
    column: int
    expected: frozenset[str]
    token_type: str | None
    token_value: str
    line_text: str
    final: bool  # the text runs to the end of the file

    @property
    def end_code(self) -> str:
        """SLA003 when the file ends before the block is complete, SLA002 otherwise."""
        after = self.text[self.pos :].split("\n")
        if self.final and not any(
            line.strip() and not line.lstrip().startswith("#") for line in after
        ):
            return "SLA003"
        return "SLA002"

    @property
    def rest(self) -> str:
        """The source from the failure to the end of its line."""
        return self.text[self.pos :].split("\n", 1)[0]

    @property
    def before(self) -> str:
        """The source of the failure's line before it."""
        return self.line_text[: max(self.column - 1, 0)]

    @property
    def previous_word(self) -> str:
        words = self.before.split()
        return words[-1] if words else ""

    @property
    def first_word(self) -> str:
        words = self.line_text.split()
        return words[0] if words else ""

    @property
    def word(self) -> str:
        """The unexpected word (or character)."""
        if self.token_type is not None and self.token_type not in _END_TOKENS:
            return self.token_value
        found = re.match(r"[^\s|,;()#\"]+", self.rest)
        return found.group(0) if found else self.rest[:1]

    @property
    def at_end(self) -> bool:
        return self.token_type in _END_TOKENS

    @property
    def starts_line(self) -> bool:
        return not self.before.strip()

    @property
    def keywords(self) -> set[str]:
        return {kw for t in self.expected if (kw := _keyword_of(t)) is not None}

    def diagnostic(
        self, code: str, message: str, help: str, width: int = 1, column: int | None = None
    ) -> Diagnostic:
        column = self.column if column is None else column
        line = self.line + self.line_offset
        help = help + self._tab_hint()
        return Diagnostic(
            code,
            Severity.ERROR,
            message,
            Span(self.path, line, column, line, column + max(width, 1)),
            help=help,
        )

    def _tab_hint(self) -> str:
        indentation = self.line_text[: len(self.line_text) - len(self.line_text.lstrip())]
        if "\t" in indentation and re.search(r"^ +\S", self.text, re.MULTILINE):
            return (
                "; this line is indented with a tab, which slac counts as 4 spaces: "
                "indent with spaces only"
            )
        return ""


def _failure(
    error: UnexpectedInput, text: str, path: str, line_offset: int, final: bool
) -> _Failure:
    """Lark's error, in terms the explanations use. What was expected is computed by trying
    each terminal on a copy of the parser: LALR's own list includes look-aheads of merged
    states that would not in fact be accepted here."""
    parser = getattr(error, "interactive_parser", None)
    expected: set[str]
    try:
        expected = set(parser.accepts()) if parser is not None else set()
    except Exception:  # pragma: no cover - the precise set is a refinement only
        expected = set()
    if not expected:
        expected = set(getattr(error, "expected", None) or getattr(error, "allowed", None) or ())
    if isinstance(error, UnexpectedToken):
        token = error.token
        token_type, value = token.type, str(token.value)
        line, column = token.line or 1, token.column or 1
        pos = token.start_pos or 0
        if token_type == "_INDENT":
            line, column = token.end_line or line, token.end_column or column
            pos = token.end_pos or pos
        elif token_type in _END_TOKENS:
            # the end of the last line with content, not the start of the next one
            line = max(1, min(line, text.count("\n")))
            line_start = _line_start(text, line)
            column = _content_end(text[line_start : text.find("\n", line_start)])
            pos = line_start + column - 1
    else:
        token_type, value = None, ""
        line, column, pos = error.line or 1, error.column or 1, error.pos_in_stream or 0
    line = max(line, 1)
    line_start = _line_start(text, line)
    line_end = text.find("\n", line_start)
    line_text = text[line_start : line_end if line_end >= 0 else len(text)]
    return _Failure(
        text,
        path,
        line_offset,
        pos,
        line,
        max(column, 1),
        frozenset(expected),
        token_type,
        value,
        line_text,
        final,
    )


def _syntax_diagnostic(
    error: UnexpectedInput, text: str, path: str, line_offset: int, final: bool
) -> Diagnostic:
    failure = _failure(error, text, path, line_offset, final)
    for explain in _EXPLANATIONS:
        diagnostic = explain(failure)
        if diagnostic is not None:
            return diagnostic
    raise AssertionError("the generic explanation always applies")  # pragma: no cover


def _glued_to_keyword(f: _Failure) -> Diagnostic | None:
    """`4 mins`, `n/ab`: the lexer read a keyword (`min`) and stopped in the middle of a word."""
    if f.pos == 0 or not _WORD_CHAR.match(f.text[f.pos - 1]) or not _WORD_CHAR.match(f.rest[:1]):
        return None
    start = len(f.before)
    while start > 0 and (_WORD_CHAR.match(f.before[start - 1]) or f.before[start - 1] == "/"):
        start -= 1
    keyword = f.before[start:]
    if keyword not in _all_keywords():
        return None
    tail = re.match(r"[\w/]*", f.rest)
    whole = keyword + (tail.group(0) if tail else "")
    code, message, help = _explain_glued(whole, keyword)
    return f.diagnostic(code, message, help, width=len(whole), column=f.column - len(keyword))


def _unterminated_text(f: _Failure) -> Diagnostic | None:
    if not f.rest.startswith('"') or re.match(r'"(\\.|[^"\\\n])*"', f.rest):
        return None
    return f.diagnostic(
        "SLA008",
        "this text has no closing quote",
        'end the text on the same line with `"`; write `\\"` for a quote inside it',
    )


def _typographic_quote(f: _Failure) -> Diagnostic | None:
    if "STRING" not in f.expected or not f.rest[:1] or f.rest[0] not in _TYPOGRAPHIC_QUOTES:
        return None
    quoted = re.match(
        rf"[{_TYPOGRAPHIC_QUOTES}]([^{_TYPOGRAPHIC_QUOTES}\"]*)[{_TYPOGRAPHIC_QUOTES}]?", f.rest
    )
    assert quoted is not None
    return f.diagnostic(
        "SLA001",
        f"`{f.rest[0]}` is a typographic quote; texts need straight double quotes",
        f'write `"{quoted.group(1).strip()}"` (word processors often change `"` into `“`)',
        width=len(quoted.group(0)),
    )


def _unexpected_indent(f: _Failure) -> Diagnostic | None:
    if f.token_type != "_INDENT":
        return None
    return f.diagnostic(
        "SLA004",
        "unexpected indentation",
        "only a block header (policy, scale, level, field, matrix, calendar, plan, targets, "
        "rule, restrict, intake, example) takes an indented body; align this line with the "
        "one above",
        width=f.column - 1,
        column=1,
    )


def _missing_body(f: _Failure) -> Diagnostic | None:
    if f.expected != {"_INDENT"}:
        return None
    header_line = f.text[: f.pos].rstrip().rsplit("\n", 1)[-1]
    if _scan_comments(header_line):
        header_line = header_line[: _content_end(header_line) - 1]
    header = header_line.strip()
    line = f.text[: f.pos].rstrip().count("\n") + 1
    keyword = header.split()[0] if header.split() else ""
    moved = replace(f, line=line, column=len(header_line.rstrip()) + 1)
    shown = " ".join(header.split()[:2])
    return moved.diagnostic(
        f.end_code if f.at_end else "SLA002",
        f"nothing is indented under `{shown}`",
        _BODY_HELP.get(keyword, "indent the lines that belong to it by 4 spaces under it"),
    )


def _missing_then(f: _Failure) -> Diagnostic | None:
    if f.keywords != {"then"} or f.expected - {"THEN", "_NL"}:
        return None
    if f.at_end:
        return f.diagnostic(
            f.end_code,
            "this rule has no `then` line",
            "under the `when` line, add what the rule does, such as `then priority 3` "
            "or `then no guaranteed response`",
        )
    content = f.rest[: _content_end(f.rest) - 1]
    return f.diagnostic(
        "SLA002",
        "the second line of a rule starts with `then`",
        f"write `then {content}`",
        width=len(f.word),
    )


def _then_on_when_line(f: _Failure) -> Diagnostic | None:
    if f.word != "then" or "_NL" not in f.expected:
        return None
    return f.diagnostic(
        "SLA002",
        "`then` starts a line of its own",
        "move `then …` to the next line, indented like the `when` line",
        width=4,
    )


def _missing_condition(f: _Failure) -> Diagnostic | None:
    if f.previous_word != "when" or not f.at_end:
        return None
    return f.diagnostic(
        "SLA002", "`when` needs a condition", f"write a condition, {_CONDITION_EXAMPLE}"
    )


def _missing_scale(f: _Failure) -> Diagnostic | None:
    if f.token_type != "NUMBER" or "NAME" not in f.expected:
        return None
    content = f.rest[: _content_end(f.rest) - 1]
    if f.previous_word in ("then", "default"):
        return f.diagnostic(
            "SLA002",
            f"`{f.previous_word}` needs the name of the scale before the level",
            f"write `{f.previous_word} priority {content}` (with your scale's name, such as "
            "`priority` or `severity`)",
            width=len(f.word),
        )
    if f.starts_line and " only " in f" {content} ":
        return f.diagnostic(
            "SLA002",
            "the line needs the name of the scale before the levels",
            f"write `severity {content}` (with your scale's name, such as `priority` or "
            "`severity`)",
            width=len(f.word),
        )
    return None


def _unquoted_text(f: _Failure) -> Diagnostic | None:
    if "STRING" not in f.expected or f.at_end or not re.match(r"[\w'(]", f.word):
        return None
    written = re.split(r" (?:from|assumed|when) ", f.rest[: _content_end(f.rest) - 1])[0].rstrip()
    return f.diagnostic(
        "SLA002",
        "this text needs double quotes around it",
        f'write `"{written.replace(chr(34), "").strip()}"`',
        width=len(written),
    )


def _not_applicable_spaced(f: _Failure) -> Diagnostic | None:
    if "NOT_APPLICABLE" not in f.expected:
        return None
    found = re.match(r"n\s*[/.\\]\s*a\.?(?![\w/])|na(?!\w)", f.rest, re.IGNORECASE)
    if found is None:
        return None
    return f.diagnostic(
        "SLA002",
        f"`{found.group(0)}` is not a cell",
        "write `n/a` without spaces for no guaranteed response (or `best effort`, or "
        "nothing for an empty cell)",
        width=len(found.group(0)),
    )


def _bad_time(f: _Failure) -> Diagnostic | None:
    if "TIME" not in f.expected:
        return None
    found = re.match(r"\d{1,2}(?:[:.h]\d{0,2})?(?:\s*[ap]\.?m\.?)?(?![\w:])", f.rest, re.IGNORECASE)
    if found is None:
        return None
    return f.diagnostic(
        "SLA005",
        f"`{found.group(0)}` is not a time of day",
        "write hours and minutes with a colon on the 24-hour clock, such as `08:00` or `17:30`",
        width=len(found.group(0)),
    )


def _bad_date(f: _Failure) -> Diagnostic | None:
    if "DATE" not in f.expected:
        return None
    found = re.match(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?!\d)", f.rest)
    if found is not None:
        first, second, year = (int(part) for part in found.groups())
        if first > 12 or second <= 12:
            day, month = first, second
        else:
            day, month = second, first
        fix = f"write it as year-month-day: `{year:04d}-{month:02d}-{day:02d}`"
        if first <= 12 and second <= 12 and first != second:
            fix += " (if the day comes first)"
    else:
        found = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)", f.rest)
        if found is None:
            return None
        year, month, day = (int(part) for part in found.groups())
        fix = f"write it with two-digit months and days: `{year:04d}-{month:02d}-{day:02d}`"
    return f.diagnostic(
        "SLA006",
        f"`{found.group(0)}` is not a date in the form YYYY-MM-DD",
        fix,
        width=len(found.group(0)),
    )


def _bad_weekday(f: _Failure) -> Diagnostic | None:
    if "DAY" not in f.expected:
        return None
    found = re.match(r"([A-Za-z]+)(?:\s*[-\u2013]\s*([A-Za-z]+))?", f.rest)
    if found is None or found.group(1).lower() not in _WEEKDAY_NAMES:
        return None
    first, last = found.group(1).lower(), (found.group(2) or "").lower()
    if last in _WEEKDAY_NAMES:
        days, shown = f"{_WEEKDAY_NAMES[first]}-{_WEEKDAY_NAMES[last]}", found.group(0)
    else:
        days, shown = _WEEKDAY_NAMES[first], found.group(1)
    return f.diagnostic(
        "SLA002",
        f"`{shown}` is not how slac writes weekdays",
        f"write `{days}`: weekdays are mon, tue, wed, thu, fri, sat and sun, in lower case",
        width=len(shown),
    )


def _clock_mark(f: _Failure) -> Diagnostic | None:
    if "24/7" not in f.keywords:
        return None
    found = re.match(r"[^)\n]*", f.rest)
    shown = found.group(0) if found and found.group(0) else f.word
    return f.diagnostic(
        "SLA002",
        f"`({shown})` is not a clock",
        "write `(24/7)` after a duration that runs around the clock, such as `1 hour (24/7)`",
        width=len(shown),
    )


def _fractional_amount(f: _Failure) -> Diagnostic | None:
    if len(f.keywords & _UNITS) < 3 or not re.match(r"[.,]\d", f.rest):
        return None
    number = re.search(r"\d+$", f.before)
    start = f.column - (len(number.group(0)) if number else 0)
    found = re.match(r"[.,](\d+)\s*(\w+)?", f.rest)
    assert found is not None
    whole = number.group(0) if number else "0"
    amount = float(f"{whole}.{found.group(1)}")
    if found.group(2) in ("hour", "hours") and (amount * 60).is_integer():
        example = f"`{int(amount * 60)} minutes` for {whole}{f.rest[0]}{found.group(1)} hours"
    else:
        example = "`90 minutes` for one and a half hours"
    return f.diagnostic(
        "SLA002",
        "a duration is a whole number",
        f"use a smaller unit, such as {example}",
        width=f.column - start + 1 + len(found.group(1)),
        column=start,
    )


_UNIT_LIST = "minutes, hours, days, business minutes, business hours or business days"


def _amount(number: str, unit: str) -> str:
    """`4 hours`, `1 hour`: a number with its unit in the right grammatical number."""
    if int(number) == 1 and unit.endswith("s"):
        unit = unit[:-1]
    return f"{number} {unit}"


def _missing_unit(f: _Failure) -> Diagnostic | None:
    if len(f.keywords & _UNITS) < 3 or not (f.at_end or f.word == "|"):
        return None
    number = re.search(r"(\d+)\s*$", f.before)
    if number is None:
        return None
    return f.diagnostic(
        "SLA002",
        f"the duration `{number.group(1)}` has no unit",
        f"write the unit after the number, such as `{_amount(number.group(1), 'hours')}` or "
        f"`{_amount(number.group(1), 'business hours')}`; units are {_UNIT_LIST}",
        width=len(number.group(1)),
        column=number.start(1) + 1,
    )


def _unknown_unit(f: _Failure) -> Diagnostic | None:
    if len(f.keywords & _UNITS) < 3 or f.at_end or not re.match(r"[A-Za-z]", f.word):
        return None
    word = re.match(r"[A-Za-z_]+", f.word)
    assert word is not None
    word_text = word.group(0)
    full = _UNIT_ABBREVIATIONS.get(word_text.lower())
    if full is None:
        full = _suggest_keyword(word_text, set(f.expected))
    if full is None:
        return f.diagnostic(
            "SLA002",
            f"unknown unit `{word_text}`",
            f"units are {_UNIT_LIST}, as in `4 business hours` or `30 minutes`",
            width=len(word_text),
        )
    number = re.search(r"(\d+)\s*$", f.before)
    written = _amount(number.group(1), full) if number and full != "business" else full
    return f.diagnostic(
        "SLA007",
        f"unknown unit `{word_text}` — did you mean `{full}`?",
        f"write `{written}`; units are {_UNIT_LIST}",
        width=len(word_text),
    )


def _missing_bar(f: _Failure) -> Diagnostic | None:
    if "|" not in f.keywords:
        return None
    if f.at_end:
        if f.expected - {"VBAR"}:
            return None
        return f.diagnostic(
            "SLA002",
            "this table line ends too early",
            "separate the cells of a table with `|`: the first line names the columns, such as "
            "`priority | initial_response`; each row gives a level and its cells, such as "
            "`1 | 4 business hours` (write nothing between two `|` for an empty cell)",
        )
    cell_start = f.token_type in ("NUMBER", "NAME", "NOT_APPLICABLE", "WITHIN", "BEST")
    if not cell_start or f.before.rstrip().endswith("|"):
        return None
    return f.diagnostic(
        "SLA002",
        f"a `|` is missing before `{f.word}`",
        "separate the cells of a table row with `|`, as in the header line",
        width=len(f.word),
    )


def _markdown_table(f: _Failure) -> Diagnostic | None:
    """Tables pasted from Markdown: a `|` at the start of the line, or a line of dashes."""
    if re.fullmatch(r"\s*\|?[\s:|+-]*-{3,}[\s:|+-]*", f.line_text):
        return f.diagnostic(
            "SLA002",
            "a line of dashes is not a table row",
            "remove this line: in slac the first line of a table names the columns and each "
            "line after it is a row",
            width=len(f.line_text.strip()),
            column=len(f.line_text) - len(f.line_text.lstrip()) + 1,
        )
    if f.word == "|" and f.starts_line:
        return f.diagnostic(
            "SLA002",
            "a table line does not start with `|`",
            "remove the `|` at the start of the line (and the one at the end): "
            f"write `{f.line_text[: _content_end(f.line_text) - 1].strip().strip('|').strip()}`",
        )
    return None


def _clock_without_parentheses(f: _Failure) -> Diagnostic | None:
    found = re.match(r"24\s*[/x]\s*7", f.rest)
    if found is None or "(" not in f.keywords:
        return None
    return f.diagnostic(
        "SLA002",
        f"`{found.group(0)}` needs parentheses",
        "write `(24/7)` after a duration that runs around the clock, such as `1 hour (24/7)`",
        width=len(found.group(0)),
    )


def _outside_hours_without_semicolon(f: _Failure) -> Diagnostic | None:
    if f.word != "outside" or ";" not in f.keywords:
        return None
    return f.diagnostic(
        "SLA002",
        "an out-of-hours target comes after `;` and a target in business hours",
        "write the target in business hours first, then `;` and the one outside them: "
        "`1 business hour; 8 hours outside business hours`",
        width=len(f.word),
    )


def _matrix_header(f: _Failure) -> Diagnostic | None:
    if "\\" not in f.keywords:
        return None
    return f.diagnostic(
        "SLA002",
        "the first line of a matrix names its two fields, separated by `\\`",
        "write the row field, `\\`, the column field, then the column values: "
        "`urgency \\ impact | high | medium | low`",
        width=len(f.word),
    )


def _comparison_sign(f: _Failure) -> Diagnostic | None:
    found = re.match(r"!=|<>|==|=", f.rest)
    if found is None or "is" not in f.keywords:
        return None
    fix = "is not" if found.group(0) in ("!=", "<>") else "is"
    return f.diagnostic(
        "SLA002",
        f"write `{fix}` instead of `{found.group(0)}`",
        f"a condition is written in words, {_CONDITION_EXAMPLE}",
        width=len(found.group(0)),
    )


def _list_separator(f: _Failure) -> Diagnostic | None:
    if f.word == "," and "or" in f.keywords:
        return f.diagnostic(
            "SLA002",
            "alternative values in a condition are separated by `or`",
            "write `or` instead of `,`, as in `environment is staging or development`",
        )
    if "," in f.keywords and f.token_type in ("NAME", "NUMBER") and not f.starts_line:
        return f.diagnostic(
            "SLA002",
            f"a `,` is missing before `{f.word}`",
            f"separate the items of a list with `,`, as in `{f.previous_word}, {f.word}`",
            width=len(f.word),
        )
    return None


def _missing_block_name(f: _Failure) -> Diagnostic | None:
    if f.token_type != "STRING" or f.expected != {"NAME"} or f.previous_word not in _all_keywords():
        return None
    return f.diagnostic(
        "SLA002",
        f"`{f.previous_word}` needs a name before its title",
        f"give it a name of letters, digits and `_` (used to refer to it), then the title: "
        f"`{f.previous_word} my_{f.previous_word} {f.word}`",
        width=len(f.word),
    )


def _then_is(f: _Failure) -> Diagnostic | None:
    if f.first_word != "then" or f.previous_word != "is" or f.starts_line:
        return None
    scale = f.before.split()[-2] if len(f.before.split()) >= 3 else "priority"
    return f.diagnostic(
        "SLA002",
        "`then` sets a level without `is`",
        f"write `then {scale} {f.rest[: _content_end(f.rest) - 1]}` (the scale, then the level)",
        width=2,
        column=f.before.rstrip().rfind("is") + 1,
    )


def _unit_without_number(f: _Failure) -> Diagnostic | None:
    if not {"NUMBER", "NOT_APPLICABLE"} <= f.expected or f.word.lower() not in _UNITS:
        return None
    return f.diagnostic(
        "SLA002",
        f"`{f.word}` needs a number before it",
        "write the number first, such as `4 hours` or `1 business day`",
        width=len(f.word),
    )


def _target_start(f: _Failure) -> Diagnostic | None:
    if f.first_word != "target" or "from" not in f.keywords | {f.previous_word} or not f.at_end:
        return None
    return f.diagnostic(
        "SLA002",
        "this line ends too early: a target says when its clock starts",
        "end the line with `from opened`, `from last agent reply` or `from last customer reply`",
    )


def _misplaced_level_detail(f: _Failure) -> Diagnostic | None:
    if f.word not in ("description", "criterion", "example") or "level" not in f.keywords:
        return None
    return f.diagnostic(
        "SLA002",
        f"`{f.word}` belongs to a level",
        "indent it under its `level` line, 4 spaces further than `level`",
        width=len(f.word),
    )


def _misspelt_keyword(f: _Failure) -> Diagnostic | None:
    if f.at_end:
        return None
    suggestion = _suggest_keyword(f.word, set(f.expected))
    if suggestion is None:
        return None
    return f.diagnostic(
        "SLA007",
        f"unknown keyword `{f.word}` — did you mean `{suggestion}`?",
        f"write `{suggestion}`",
        width=len(f.word),
    )


def _bad_zone(f: _Failure) -> Diagnostic | None:
    if f.first_word != "timezone" or f.at_end or f.starts_line:
        return None
    return f.diagnostic(
        "SLA002",
        f"unexpected `{f.word}` in a time zone",
        "write an IANA time zone name such as `Europe/Prague` or `America/New_York`, "
        "or `local` for the customer's own time zone",
        width=len(f.word),
    )


def _generic(f: _Failure) -> Diagnostic:
    if f.token_type == "_NL":
        return f.diagnostic("SLA002", "this line ends too early", _expected_help(f.expected))
    if f.token_type in ("_DEDENT", "$END"):
        return f.diagnostic(f.end_code, "this block ends too early", _expected_help(f.expected))
    code = "SLA001" if f.token_type is None else "SLA002"
    word = f.word or f.rest[:1]
    if "_NL" in f.expected and not f.starts_line:
        others = f.expected - {"_NL"}
        help = f"remove `{word}`, or move it to a line of its own"
        if others:
            help += "; " + _expected_help(others).replace(
                "expected", "the line may also continue with", 1
            )
        return f.diagnostic(
            code, f"unexpected `{word}`: the line is complete without it", help, width=len(word)
        )
    return f.diagnostic(code, f"unexpected `{word}`", _expected_help(f.expected), width=len(word))


_EXPLANATIONS = (
    _glued_to_keyword,
    _unterminated_text,
    _typographic_quote,
    _unexpected_indent,
    _missing_body,
    _missing_then,
    _then_on_when_line,
    _missing_condition,
    _missing_scale,
    _not_applicable_spaced,
    _bad_time,
    _bad_date,
    _bad_weekday,
    _clock_mark,
    _fractional_amount,
    _missing_unit,
    _unknown_unit,
    _markdown_table,
    _clock_without_parentheses,
    _outside_hours_without_semicolon,
    _missing_bar,
    _matrix_header,
    _comparison_sign,
    _list_separator,
    _missing_block_name,
    _then_is,
    _unit_without_number,
    _target_start,
    _misplaced_level_detail,
    _unquoted_text,
    _misspelt_keyword,
    _bad_zone,
    _generic,
)


def _suggest_keyword(word: str, expected: set[str]) -> str | None:
    keywords = [kw for t in expected if (kw := _keyword_of(t)) is not None and kw.isalpha()]
    if not keywords or not word.isidentifier():
        return None
    matches = difflib.get_close_matches(word.lower(), keywords, n=1, cutoff=0.7)
    if matches and matches[0] != word:
        return matches[0]
    return None


def _glued_diagnostic(problem: _GluedWords, text: str, path: str, line_offset: int) -> Diagnostic:
    keyword = problem.keyword
    following = re.match(r"[\w/]*", text[problem.following.start_pos :])
    whole = str(keyword.value) + (following.group(0) if following else "")
    code, message, help = _explain_glued(whole, str(keyword.value))
    line = (keyword.line or 1) + line_offset
    column = keyword.column or 1
    return Diagnostic(
        code,
        Severity.ERROR,
        message,
        Span(path, line, column, line, column + len(whole)),
        help=help,
    )


def _explain_glued(whole: str, keyword: str) -> tuple[str, str, str]:
    """Code, message and help for a keyword written together with what follows it."""
    suggestion = _UNIT_ABBREVIATIONS.get(whole.lower())
    words = _all_keywords()
    if suggestion is None:
        for split in range(1, len(whole)):
            left, right = whole[:split], whole[split:]
            if left in words and (right in words or right.isdigit()):
                suggestion = f"{left} {right}"
                break
    if suggestion is None:
        close = difflib.get_close_matches(whole.lower(), sorted(words), n=1, cutoff=0.7)
        suggestion = close[0] if close else None
    if suggestion is None:
        return (
            "SLA002",
            f"unknown word `{whole}`",
            f"check the spelling; `{keyword}` is a word of its own, followed by a space",
        )
    return (
        "SLA007",
        f"unknown word `{whole}` — did you mean `{suggestion}`?",
        f"write `{suggestion}`",
    )


@cache
def _all_keywords() -> frozenset[str]:
    return frozenset(
        kw for terminal in _parser().terminals if (kw := _keyword_of(terminal.name)) is not None
    )


def _indentation_diagnostic(
    problem: _IndentationProblem, text: str, path: str, line_offset: int
) -> Diagnostic:
    line = problem.token.end_line or problem.token.line or 1
    levels = sorted(
        {level for level in problem.open_levels if level != problem.indent}, reverse=True
    )
    choices = ", ".join(str(level) for level in levels[:-1])
    choices = f"{choices} or {levels[-1]}" if choices else str(levels[-1])
    help = f"indent it by {choices} spaces, to line up with the lines above it"
    line_text = text.split("\n")[line - 1] if line <= text.count("\n") + 1 else ""
    indentation = line_text[: len(line_text) - len(line_text.lstrip())]
    if "\t" in indentation:
        help += (
            "; it is indented with a tab, which slac counts as 4 spaces: indent with spaces only"
        )
    line += line_offset
    return Diagnostic(
        "SLA004",
        Severity.ERROR,
        f"this line is indented by {problem.indent} spaces, which lines up with no line above it",
        Span(path, line, 1, line, problem.indent + 1 if problem.indent else 2),
        help=help,
    )


# ----------------------------------------------------------------------- tree → AST


def _decode_string(token: Token) -> str:
    body = str(token)[1:-1]
    return re.sub(
        r"\\(.)", lambda m: {"n": "\n", "r": "\r", "t": "\t"}.get(m.group(1), m.group(1)), body
    )


class _AstBuilder(Transformer):
    """Lark tree → typed AST. Semantic problems found while building (an impossible time or
    date) are collected in `problems` instead of raised."""

    def __init__(self, path: str, line_offset: int, text: str) -> None:
        super().__init__()
        self.path = path
        self.line_offset = line_offset
        self.text = text
        self.line_starts = [0] + [match.end() for match in re.finditer("\n", text)]
        self.problems: list[Diagnostic] = []

    # ------------------------------------------------------------------ spans

    def _span(self, meta: object) -> Span:
        """The node's span, ending after its last character that is not a blank, a line
        break or a comment (Lark's own end includes the line break and the next indentation)."""
        line = getattr(meta, "line", None)
        if line is None:
            return Span(self.path, 0, 0, 0, 0)
        start: int = meta.start_pos  # type: ignore[attr-defined]
        end = self._content_end(start, meta.end_pos)  # type: ignore[attr-defined]
        end_line = bisect.bisect_right(self.line_starts, end - 1) if end > start else line
        end_column = end - self.line_starts[end_line - 1] + 1 if end > start else meta.column  # type: ignore[attr-defined]
        return Span(
            self.path,
            line + self.line_offset,
            meta.column,  # type: ignore[attr-defined]
            end_line + self.line_offset,
            end_column,
        )

    def _content_end(self, start: int, end: int) -> int:
        text = self.text
        while end > start:
            while end > start and text[end - 1].isspace():
                end -= 1
            line_start = max(text.rfind("\n", start, end) + 1, start)
            comments = _scan_comments(text[line_start:end])
            if not comments:
                return end
            end = line_start + comments[0][1] - 1
        return end

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

    def _iso_instant(self, token: Token) -> None:
        """Check the parts of `2025-03-07T16:30+01:00`: the date, the time and the offset."""
        found = re.fullmatch(
            r"(?P<date>[^T]+)T(?P<hour>\d+):(?P<minute>\d+)(?::(?P<second>\d+))?"
            r"(?:Z|[+-](?P<offset_hour>\d+):(?P<offset_minute>\d+))",
            str(token),
        )
        assert found is not None, token
        day = found["date"]
        column = token.column or 0
        self._date(
            Token("DATE", day, token.start_pos, token.line, column, token.line, column + len(day))
        )
        valid = (
            len(found["hour"]) == 2
            and int(found["hour"]) <= 23
            and int(found["minute"]) <= 59
            and int(found["second"] or 0) <= 59
            and int(found["offset_hour"] or 0) <= 23
            and int(found["offset_minute"] or 0) <= 59
        )
        if not valid:
            self.problems.append(
                Diagnostic(
                    "SLA005",
                    Severity.ERROR,
                    f"`{token}` is not a valid instant",
                    self._token_span(token),
                    help="write the date, then `T`, the time (two-digit hours 00–23, minutes "
                    "00–59) and the offset from UTC, as in `2025-03-07T09:05+01:00` or "
                    "`2025-03-07T08:05Z`",
                )
            )

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
        if not blocks:
            return ast.Document((), span=Span(self.path, 1, 1, 1, 1))
        first, last = blocks[0].span, blocks[-1].span
        span = Span(self.path, first.line, first.column, last.end_line, last.end_column)
        return ast.Document(tuple(blocks), span=span)

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
        row_field, column_field, columns, header_span = header
        return ast.Matrix(
            str(scale),
            row_field,
            column_field,
            columns,
            tuple(rows),
            span=self._span(meta),
            header_span=header_span,
        )

    @v_args(meta=True)
    def matrix_header(self, meta: object, children: list) -> tuple[str, str, tuple[str, ...], Span]:
        row_field, column_field, *columns = children
        return str(row_field), str(column_field), tuple(str(c) for c in columns), self._span(meta)

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
        return ast.TimedCell(deadline, within is not None, outside, span=self._span(meta))

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
            self._iso_instant(children[0])
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
    def example_subdivision(self, meta: object, children: list) -> ast.ExampleSubdivision:
        return ast.ExampleSubdivision(str(children[0]), span=self._span(meta))

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
