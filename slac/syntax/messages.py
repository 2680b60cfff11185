"""Syntax errors in words: each Lark failure becomes a diagnostic that names the line, the
column and the fix, from the most specific explanation that recognises it.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

from lark.exceptions import UnexpectedInput, UnexpectedToken

from slac.diagnostics import Diagnostic, Severity
from slac.syntax.span import Span

from slac.syntax.words import DAYS, MONTHS
from slac.syntax.grammar import (
    WORD_CHAR,
    GluedWords,
    IndentationProblem,
    all_keywords,
    keyword_of,
    scan_comments,
)

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
    "MONTH": "a month such as `dec` (for every year, as in `dec 24`)",
    "ZONE": "a time zone such as Europe/Prague",
    "SUBDIVISION_CODE": "a subdivision code such as NY or 9",
    "_NL": "the end of the line",
    "_INDENT": "an indented block",
    "_DEDENT": "the end of the block",
    "_DASH": "`-`",
    "WITHIN": "`within`",
    "NOT_APPLICABLE": "`n/a`",
    "$END": "the end of the file",
}
_UNITS = {
    "minute", "minutes", "min", "hour", "hours", "day", "days", "week", "weeks", "month", "months",
    "business", "support",
}
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
    "w": "weeks",
    "wk": "weeks",
    "wks": "weeks",
    "mo": "months",
    "mos": "months",
    "mth": "months",
    "mths": "months",
    "sd": "support days",
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
# characters that look like a space, or like nothing, but are not the space slac reads
_INVISIBLE = {
    "\u00a0": "a non-breaking space (U+00A0)",
    "\u202f": "a narrow non-breaking space (U+202F)",
    "\u2007": "a figure space (U+2007)",
    "\u2009": "a thin space (U+2009)",
    "\u200a": "a hair space (U+200A)",
    "\u2002": "an en space (U+2002)",
    "\u2003": "an em space (U+2003)",
    "\u3000": "an ideographic space (U+3000)",
    "\u200b": "a zero-width space (U+200B)",
    "\u200c": "a zero-width non-joiner (U+200C)",
    "\u200d": "a zero-width joiner (U+200D)",
    "\u2060": "a word joiner (U+2060)",
    "\ufeff": "a zero-width no-break space (U+FEFF)",
    "\u00ad": "a soft hyphen (U+00AD)",
    "\t": "a tab",
    "\f": "a form feed (U+000C)",
    "\v": "a vertical tab (U+000B)",
    "\u0085": "a next-line character (U+0085)",
    "\u2028": "a line separator (U+2028)",
    "\u2029": "a paragraph separator (U+2029)",
}
_DASHES = {
    "\u2014": "an em dash",
    "\u2012": "a figure dash",
    "\u2015": "a horizontal bar",
    "\u2212": "a minus sign",
    "\u2010": "a hyphen (U+2010)",
    "\u2011": "a non-breaking hyphen",
    "\ufe58": "a small em dash",
    "\uff0d": "a full-width hyphen-minus",
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
    "target": "say when its clock starts: end the line with `from opened`, `from last agent reply` or "
    "`from last customer reply`, or indent its clock under it, such as "
    "`    starts when the ticket is opened` and `    stops when the ticket is solved`",
    "events": "indent one event per line under it, such as "
    "`        2025-03-07 16:30 Europe/Prague agent replied`",
}
_CONDITION_EXAMPLE = (
    "such as `priority is 1`, `channel is email or phone` or `environment is not production`"
)


def _describe_expected(expected: set[str] | frozenset[str]) -> tuple[list[str], list[str]]:
    """Keywords and other expected things, each in words, sorted."""
    keywords = sorted({kw for t in expected if (kw := keyword_of(t)) is not None})
    others = sorted({_TERMINAL_WORDS.get(t, t) for t in expected if keyword_of(t) is None})
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
    comments = scan_comments(line)
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
        return {kw for t in self.expected if (kw := keyword_of(t)) is not None}

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


def syntax_diagnostic(
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
    if f.pos == 0 or not WORD_CHAR.match(f.text[f.pos - 1]) or not WORD_CHAR.match(f.rest[:1]):
        return None
    start = len(f.before)
    while start > 0 and (WORD_CHAR.match(f.before[start - 1]) or f.before[start - 1] == "/"):
        start -= 1
    keyword = f.before[start:]
    if keyword not in all_keywords():
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


def _invisible_character(f: _Failure) -> Diagnostic | None:
    """A character that shows as a space, or as nothing (pasted from a web page or a word
    processor), named in words: the caret alone would point at what looks like a blank."""
    indentation = f.line_text[: len(f.line_text) - len(f.line_text.lstrip("".join(_INVISIBLE) + " "))]
    in_indentation = [(i, c) for i, c in enumerate(indentation) if c in _INVISIBLE and c != "\t"]
    if not f.at_end and f.rest and f.rest[0] in _INVISIBLE:
        found, column = f.rest[0], f.column
    elif in_indentation:  # it moved the line out of its block
        column, found = in_indentation[0][0] + 1, in_indentation[0][1]
    else:
        return None
    name = _INVISIBLE[found]
    if found in "\u200b\u200c\u200d\u2060\ufeff\u00ad":
        fix = "delete it (it is invisible: place the cursor after the character before it and delete once)"
    elif found in "\f\v\u0085\u2028\u2029":
        fix = "delete it and keep a plain line break"
    elif found == "\t":
        fix = "replace it with spaces"
    else:
        fix = "replace it with an ordinary space"
    return f.diagnostic(
        "SLA001",
        f"{name} here: slac reads only ordinary spaces between words",
        f"{fix}; such characters come from copying text out of a web page or a document",
        column=column,
    )


def _dash_in_range(f: _Failure) -> Diagnostic | None:
    """`24—72 hours`: a range needs `-` (or `–`, or `to`)."""
    if f.at_end or not f.rest or f.rest[0] not in _DASHES:
        return None
    before = f.before.rstrip().rsplit(None, 1)[-1] if f.before.strip() else ""
    after = re.match(r"[^\s|#]*", f.rest[1:])
    example = f"`{before}-{after.group(0) if after else ''}`" if before else "`-`"
    return f.diagnostic(
        "SLA001",
        f"`{f.rest[0]}` ({_DASHES[f.rest[0]]}) cannot join the two ends of a range or interval",
        f"write a plain hyphen: {example} (an en dash `–` works too)",
    )


def _unexpected_indent(f: _Failure) -> Diagnostic | None:
    if f.token_type != "_INDENT":
        return None
    header = f.text[: f.pos].rstrip().rsplit("\n", 1)[-1].split()
    if header[:1] == ["target"] and "from" in header:
        return f.diagnostic(
            "SLA004",
            "a target written with `from …` takes no indented lines",
            "either keep `from …` on the target's line and remove the lines under it, or remove "
            "`from …` and say when the clock starts and stops in the lines under it",
            width=f.column - 1,
            column=1,
        )
    return f.diagnostic(
        "SLA004",
        "unexpected indentation",
        "only a block header (policy, scale, level, field, matrix, calendar, target, plan, "
        "targets, rule, restrict, intake, example, events) takes an indented body; align this "
        "line with the one above",
        width=f.column - 1,
        column=1,
    )


def _missing_body(f: _Failure) -> Diagnostic | None:
    if f.expected != {"_INDENT"}:
        return None
    header_line = f.text[: f.pos].rstrip().rsplit("\n", 1)[-1]
    if scan_comments(header_line):
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


_MODAL_WORDS = frozenset({"may", "might", "maybe", "can", "could", "shall", "should", "will", "would", "must"})
"""Words a support manager writes for "support may apply this" in place of `may`."""

_SETTING_WORDS = frozenset(
    {"become", "becomes", "be", "are", "to", "=", "change", "changes", "changed", "go", "goes",
     "set", "turn", "turns", "move", "moves", "lowered", "raised", "lower", "raise", "downgraded", "upgraded"}
)
"""Words written between the scale and the level of a `then` line in place of nothing or `may
become` (`then S is L` has an explanation of its own, `_then_is`)."""


def _then_action(f: _Failure) -> Diagnostic | None:
    """A rule's `then` line written with other words than `then S L` (the rule always applies)
    or `then S may become L` (support may apply it): `might become`, `can become`, `may be`,
    `may 2`, `becomes 2`, `changes to 2`; or `then no response` for `then no guaranteed response`. Lark stops at the word after the one it took for the
    level, so its own hint (remove that word) would be wrong."""
    if f.first_word != "then" or f.starts_line:
        return None
    words = f.line_text.split("#", 1)[0].split()
    if words[-1:] == ["assumed"]:
        words = words[:-1]
    if words[1:2] in (["no"], ["not"]):
        if words[1:] == ["no", "guaranteed", "response"]:
            return None
        start = f.line_text.index(words[1])
        return f.diagnostic(
            "SLA002" if not f.at_end else f.end_code,
            "a rule that takes the guaranteed response away says `then no guaranteed response`",
            "write `then no guaranteed response`",
            width=len(" ".join(words[1:])),
            column=start + 1,
        )
    if len(words) < 3:
        return None
    scale = words[1]
    if f.at_end and words[2:] == ["may", "become"]:
        return f.diagnostic(
            f.end_code,
            "this line ends too early: `may become` needs the level",
            f"write the level support may set, as in `then {scale} may become <level>`",
        )
    if f.at_end or len(words) < 4:
        return None
    middle, level = words[2:-1], words[-1]
    lowered = [word.lower() for word in middle]
    if not set(lowered) & _MODAL_WORDS and not set(lowered) <= _SETTING_WORDS:
        return None
    start = f.line_text.index(middle[0], f.line_text.index(scale) + len(scale))
    end = f.line_text.index(middle[-1], start) + len(middle[-1])
    if set(lowered) & _MODAL_WORDS:
        message = f"a rule that support may apply says `may become`, not `{' '.join(middle)}`"
        help = (f"write `then {scale} may become {level}`; a rule that always applies says "
                f"`then {scale} {level}`")
    else:
        message = f"`then` gives the level right after the scale, without `{' '.join(middle)}`"
        help = (f"write `then {scale} {level}` when the rule always applies, or "
                f"`then {scale} may become {level}` when support may apply it")
    return f.diagnostic("SLA002", message, help, width=end - start, column=start + 1)


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


_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)


def _bad_month(f: _Failure) -> Diagnostic | None:
    """`closed on December 24`, `closed on 24 dec`, `closed on dcx 24`: a yearly closure is
    written `closed on dec 24`."""
    if "MONTH" not in f.expected:
        return None
    found = re.match(r"(\d{1,2})\.?\s+([A-Za-z]+)|([A-Za-z]+)\.?\s*(\d{1,2})\b", f.rest)
    if found is None:
        return None
    name, day = (found.group(2), found.group(1)) if found.group(1) else (found.group(3), found.group(4))
    month = next((m for m in MONTHS if name.lower().startswith(m)), None)
    if month is None:
        full_names = dict(zip(_MONTH_NAMES, MONTHS))
        close = difflib.get_close_matches(name.lower(), full_names, n=1, cutoff=0.75)
        month = full_names[close[0]] if close else None
    if month is None and len(name) == 3:
        close = difflib.get_close_matches(name.lower(), MONTHS, n=1, cutoff=0.6)
        month = close[0] if close else None
    if month is None:
        return None
    return f.diagnostic(
        "SLA002",
        f"`{found.group(0)}` is not how slac writes a day of the year",
        f"write `{month} {int(day)}`: the month's first three letters in lower case, then the day "
        "(closed every year); for one date only, write it as `2025-12-24`",
        width=len(found.group(0)),
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


_UNIT_LIST = (
    "minutes, hours, days, weeks, months, business minutes, business hours, business days or support days"
)


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


_ONLY_WALL_CLOCK_UNITS = {"week", "weeks", "month", "months"}
_NOT_SUPPORT_UNITS = {"minute", "minutes", "min", "hour", "hours", *_ONLY_WALL_CLOCK_UNITS}


def _business_or_support_unit(f: _Failure) -> Diagnostic | None:
    """`2 business weeks`, `1 support hour`: units that `business` or `support` cannot take."""
    word = f.word.lower()
    number = re.search(r"(\d+)\s+\w+\s*$", f.before)
    amount = number.group(1) if number else "1"
    if f.previous_word == "business" and word in _ONLY_WALL_CLOCK_UNITS:
        days = 5 if word.startswith("week") else 20
        return f.diagnostic(
            "SLA002",
            f"there are no business {word.rstrip('s')}s: weeks and months are counted on the calendar, "
            "not in support hours",
            f"write `{_amount(amount, word + ('s' if not word.endswith('s') else ''))}` for calendar "
            f"{word.rstrip('s')}s (the same local day and time later), or count business days, such as "
            f"`{int(amount) * days} business days`",
            width=len(f.word),
        )
    if f.previous_word == "support" and word in _NOT_SUPPORT_UNITS:
        return f.diagnostic(
            "SLA002",
            f"`support` counts days only: a support day ends at the same clock time on a later business day",
            f"write `{_amount(amount, 'support days')}`, or `{_amount(amount, 'business ' + ('hours' if word.startswith('h') else 'minutes'))}` "
            "for support time in hours or minutes"
            if word in ("minute", "minutes", "min", "hour", "hours")
            else f"write `{_amount(amount, 'support days')}`, or `{_amount(amount, word if word.endswith('s') else word + 's')}` "
            "on the calendar",
            width=len(f.word),
        )
    return None


def _less_without_than(f: _Failure) -> Diagnostic | None:
    """`less 1 hour`: a strict limit is `less than 1 hour` (or `under 1 hour`, `< 1 hour`)."""
    if f.previous_word.lower() != "less" or f.keywords != {"than"}:
        return None
    return f.diagnostic(
        "SLA002",
        "`less` needs `than`",
        f"write `less than {f.rest.split('|')[0].strip()}` (or `under …`, or `< …`): met only "
        "when the clock stops before the time is up",
        width=len(f.word),
    )


def _periodic_every(f: _Failure) -> Diagnostic | None:
    """`every 2 hours` in a targets table: periodic targets are written as a target's clock."""
    if f.word.lower() != "every" or "|" not in f.line_text:
        return None
    return f.diagnostic(
        "SLA002",
        "a cell gives one duration; a periodic target (`every 2 hours`) is written as a target "
        "whose clock restarts",
        "write the period alone in the cell, such as `2 hours`, and say when its clock starts again "
        "in the target's own lines, such as `target update` with `starts at each agent reply` and "
        "`stops at the next agent reply` (README, \"Ticket histories\")",
        width=len(f.word),
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
    if full == "support":
        full = "support days"
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


def _customer_working_days(f: _Failure) -> Diagnostic | None:
    """`open customer workdays …`, `open customer business days …`, `open local working days …`."""
    before = f.before.split()
    if f.first_word != "open" or f.token_type == "_NL":
        return None
    if before[-2:] in (["open", "customer"], ["customer", "working"]) or (before[-1:] == ["open"] and f.word in ("local", "customers")):
        return f.diagnostic(
            "SLA002",
            "the customer's working week is written `open customer working days` and the hours",
            "write `open customer working days 09:00-17:00`: open those hours on each working day of the "
            "customer's country (Sunday–Thursday in Israel), usually with `timezone local`",
            width=len(f.word),
        )
    return None


_SYMBOLIC_CONNECTIVES = {"||": "or", "|": "or", "&&": "and", "&": "and", "!": "not"}


def _condition_connective(f: _Failure) -> Diagnostic | None:
    """`||`, `&&`, `!`, `in`, and a `)` that closes nothing, inside a condition."""
    if f.token_type == "_NL" and ")" in f.keywords:
        return f.diagnostic(
            "SLA002",
            "a `(` on this line is not closed",
            "add the `)` that closes it, such as `(region is eu or severity is 1) and channel is phone` "
            "or `1 hour (24/7)`",
        )
    words = f.before.split()
    if len(words) >= 2 and words[-1] in ("and", "or") and words[-2] in ("and", "or", "not"):
        return f.diagnostic(
            "SLA002",
            f"`{words[-2]} {words[-1]}`: two connectives in a row",
            f"remove one of them; `not` comes after `and` or `or`, as in `… and not {f.word} is …`",
            column=f.column - len(words[-1]) - 1,
            width=len(words[-1]),
        )
    in_condition = bool({"and", "or"} & f.keywords) or ("not" in f.keywords and "is" not in f.keywords)
    if not in_condition and f.word not in ("in", ")"):
        return None
    symbol = re.match(r"\|\||&&|[|&!]", f.rest)
    if symbol is not None and in_condition:
        fix = _SYMBOLIC_CONNECTIVES[symbol.group(0)]
        return f.diagnostic(
            "SLA002",
            f"write `{fix}` instead of `{symbol.group(0)}`",
            "conditions join clauses with the words `and`, `or` and `not`, and group them with "
            "parentheses, such as `severity is 1 or (region is eu and channel is phone)`",
            width=len(symbol.group(0)),
        )
    if f.word == "in" and "is" in f.keywords:
        return f.diagnostic(
            "SLA002",
            "write `is` instead of `in`",
            f"a condition lists alternative values with `or`: `{f.previous_word} is a or b`",
            width=2,
        )
    if f.word == ")" and ")" not in f.keywords:
        return f.diagnostic(
            "SLA002",
            "this `)` closes no `(`",
            "remove it, or open the group where it starts, such as `(region is eu or severity is 1) and …`",
        )
    return None


_ROLE_WORDS = ("customer", "agent")


def _role_line(f: _Failure) -> Diagnostic | None:
    """`chosen by` / `changed by` list roles; a condition in words after them is not a role."""
    words = f.line_text.split()
    if words[:2] not in (["chosen", "by"], ["changed", "by"]) or f.starts_line or f.word in _ROLE_WORDS:
        return None
    if f.word == "," or f.token_type == "STRING" or (not f.at_end and _suggest_keyword(f.word, set(f.expected))):
        return None  # a misspelt `with` or `agreement` gets its did-you-mean
    if "with" in f.before.split():
        example = "`changed by agent with customer agreement`"
        if f.at_end:
            return f.diagnostic("SLA002", "this line ends too early: `with <role>` is followed by `agreement`",
                                f"write {example}", width=1)
        return f.diagnostic("SLA002", f"unexpected `{f.word}`: the agreement a change needs is written "
                            "`with <role> agreement`", f"write {example}", width=len(f.word))
    if words[0] == "changed":
        help = ("`changed by` lists who may change the level (customer, agent); to say that a change needs "
                "someone's agreement, write `changed by agent with customer agreement`")
    else:
        help = "`chosen by` lists who picks the level: customer, agent (separated by `,`)"
    what = "a role" if f.at_end else f"`{f.word}` is not a role"
    return f.diagnostic("SLA002", f"{what}: the roles are customer and agent" if not f.at_end
                        else "this line ends too early: a role is missing", help,
                        width=len(f.word) if not f.at_end else 1)


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
    if f.token_type != "STRING" or f.expected != {"NAME"} or f.previous_word not in all_keywords():
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


_CLOCK_LINES = {
    "starts": (
        "a `starts` line says which event starts the clock",
        "write one of `starts when the ticket is opened`, `starts at each customer message`, "
        "`starts at the first customer message`, `starts at each agent reply`, `starts at the first agent reply`, "
        "`starts each time the status becomes <status>`, `starts the first time the status becomes <status>` "
        "(join several with `or`; end with `unless the ticket is solved` to ignore them on a solved ticket)",
    ),
    "stops": (
        "a `stops` line says which event stops the clock",
        "write one of `stops at the first agent reply`, `stops at the next agent reply`, "
        "`stops when the ticket is solved`, `stops when the status becomes <status>` (join several with `or`)",
    ),
    "paused": (
        "a `paused` line lists the statuses that pause the clock",
        "write `paused while <status>`, such as `paused while waiting_on_customer or on_hold`",
    ),
    "reopen": (
        "a reopen line says what reopening a solved ticket does to the clock",
        "write `a reopen continues the cycle` or `a reopen starts a new cycle`",
    ),
    "level": (
        "a level-change line says what a change of level does to a running clock",
        "write `a level change keeps the elapsed time` or `a level change starts a new cycle`",
    ),
}

_EVENT_HELP = (
    "write the instant, then one of `opened`, `agent replied`, `customer replied`, `agent note`, "
    "`customer note`, `system message`, `status <status>`, `<scale> <level>` or `<field> <value>`, "
    "such as `        2025-03-07 16:30 Europe/Prague agent replied`"
)


def _clock_line(f: _Failure) -> Diagnostic | None:
    """A target's clock line (`starts …`, `stops …`, `paused while …`, `a reopen …`, `a level
    change …`) or an example's event line that does not say what the language can say."""
    words = f.line_text.split()
    if not words or f.starts_line:
        return None
    key = words[0]
    if key == "a" and len(words) > 1:
        key = words[1]
    if words[0] in ("starts", "stops", "paused") or (words[0] == "a" and key in ("reopen", "level")):
        what, help = _CLOCK_LINES[key]
    elif re.match(r"\d{4}-\d{2}-\d{2}", words[0]) and re.search(r"^\s*events\s*$", f.text[: f.pos], re.MULTILINE):
        what, help = "an event line says what happened at the instant", _EVENT_HELP
        event = re.sub(r"^\S+(T\S+|\s+\S+\s+\S+)\s*", "", f.line_text.strip())
        if f.at_end and len(event.split()) == 1:
            return f.diagnostic("SLA002", f"`{event}` is not an event: {what}", help,
                                width=len(event), column=f.line_text.index(event) + 1)
    else:
        return None
    if f.at_end:
        return f.diagnostic(f.end_code, f"this line ends too early: {what}", help)
    return f.diagnostic("SLA002", f"unexpected `{f.word}`: {what}", help, width=len(f.word))


def _misplaced_level_detail(f: _Failure) -> Diagnostic | None:
    if f.word not in ("description", "criterion", "example", "obligation") or "level" not in f.keywords:
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


_PLAN_KEYWORDS = ("channels", "hours", "extra", "same", "add-on", "all", "targets", "note")
"""The words a plan's lines start with; any other first word is read as a target's name."""


def _misspelt_plan_line(f: _Failure) -> Diagnostic | None:
    """A plan (or override) line whose first word is a misspelt keyword (`chanels email`, `addon to basic`):
    the parser read the word as a target's name (`initial_response 4 hours`) and expected a
    cell after it."""
    if "WITHIN" not in f.expected or f.previous_word != f.first_word or f.first_word in _PLAN_KEYWORDS:
        return None
    word = f.first_word
    if word.lower() in ("addon", "add_on", "add") or word.lower().startswith("addon"):
        suggestion: str | None = "add-on to"
    else:
        matches = difflib.get_close_matches(word.lower(), _PLAN_KEYWORDS, n=1, cutoff=0.7)
        suggestion = matches[0] if matches else None
    if suggestion is None:
        return None
    column = len(f.line_text) - len(f.line_text.lstrip()) + 1
    return f.diagnostic(
        "SLA007",
        f"unknown keyword `{word}` — did you mean `{suggestion}`?",
        f"write `{suggestion}`; a line that starts with another word gives a target, such as "
        "`initial_response 4 business hours`",
        width=len(word),
        column=column,
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
    _invisible_character,
    _dash_in_range,
    _glued_to_keyword,
    _unterminated_text,
    _typographic_quote,
    _unexpected_indent,
    _missing_body,
    _missing_then,
    _then_on_when_line,
    _then_action,
    _missing_condition,
    _missing_scale,
    _not_applicable_spaced,
    _bad_time,
    _bad_date,
    _bad_weekday,
    _bad_month,
    _clock_mark,
    _fractional_amount,
    _missing_unit,
    _business_or_support_unit,
    _unknown_unit,
    _markdown_table,
    _clock_without_parentheses,
    _outside_hours_without_semicolon,
    _missing_bar,
    _matrix_header,
    _comparison_sign,
    _condition_connective,
    _customer_working_days,
    _role_line,
    _list_separator,
    _missing_block_name,
    _then_is,
    _unit_without_number,
    _target_start,
    _clock_line,
    _misplaced_level_detail,
    _unquoted_text,
    _misspelt_plan_line,
    _misspelt_keyword,
    _bad_zone,
    _less_without_than,
    _periodic_every,
    _generic,
)


def _suggest_keyword(word: str, expected: set[str]) -> str | None:
    keywords = [kw for t in expected if (kw := keyword_of(t)) is not None and kw.isalpha()]
    if not keywords or not word.isidentifier():
        return None
    matches = difflib.get_close_matches(word.lower(), keywords, n=1, cutoff=0.7)
    if matches and matches[0] != word:
        return matches[0]
    return None


def glued_diagnostic(problem: GluedWords, text: str, path: str, line_offset: int) -> Diagnostic:
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
    words = all_keywords()
    if suggestion is None:
        for split in range(1, len(whole)):
            left, right = whole[:split], whole[split:]
            if left in words and (right in words or right.isdigit()):
                suggestion = f"{left} {right}"
                break
    if suggestion is None and whole.lower() in words:
        # a keyword of another line (`becomes`): the lexer took the one that fits here
        return ("SLA007", f"`{whole}` does not fit here — did you mean `{keyword}`?", f"write `{keyword}`")
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


def indentation_diagnostic(
    problem: IndentationProblem, text: str, path: str, line_offset: int
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


# ----------------------------------------------------------------------------- indentation


def _indentation(line: str) -> int:
    """The width of a line's indentation, as the postlexer counts it (tab stops every 4)."""
    return len(line[: len(line) - len(line.lstrip(" \t"))].expandtabs(4))


def _content_lines(text: str) -> list[int]:
    """The 0-based numbers of the lines that hold more than blanks and a comment."""
    return [i for i, line in enumerate(text.split("\n")) if line.strip() and not line.lstrip().startswith("#")]


def indentation_unit(text: str) -> int:
    """How far the file indents a body under its header: the most common step from a line to
    a deeper next one (4 unless the file consistently uses another)."""
    lines = text.split("\n")
    widths = [_indentation(lines[i]) for i in _content_lines(text)]
    steps = Counter(b - a for a, b in zip(widths, widths[1:]) if b > a)
    if not steps:
        return 4
    best = max(steps.values())
    return min(step for step, count in steps.items() if count == best)


def misindented_line(
    text: str, path: str, line_offset: int, unit: int, error_line: int, parses: Callable[[str], bool]
) -> Diagnostic | None:
    """The line whose indentation broke the block, when it is not the line the parser stopped
    at: a first body line indented 6 (or 2) where its siblings use 4 makes the parser blame
    the next, correct line, and ask for the mistake to be copied there.

    Each line (up to the error's, and the one after) whose indentation is out of step with the lines before it is
    tried at the depths that would fit; the first re-indentation that makes the block parse
    names the line and the fix."""
    lines = text.split("\n")
    levels = [0]
    previous = 0
    for index in _content_lines(text):
        if index > error_line:  # the error's line, or the next (an end of block is reported
            break  # at the end of the line before the one that ends it)
        width = _indentation(lines[index])
        out_of_step = width > previous and width != previous + unit or width < previous and width not in levels
        if out_of_step:
            candidates = sorted({*levels, previous + unit} - {width}, key=lambda w: (abs(w - width), -w))
            for candidate in candidates:
                fixed = lines[:index] + [" " * candidate + lines[index].lstrip(" \t")] + lines[index + 1 :]
                if parses("\n".join(fixed)):
                    return _misindented(path, index + 1 + line_offset, width, candidate, lines[index])
        while levels[-1] > width:
            levels.pop()
        if width > levels[-1]:
            levels.append(width)
        previous = width
    return None


def _misindented(path: str, line: int, width: int, fix: int, text: str) -> Diagnostic:
    deeper = "more" if width > fix else "less"
    tab = (
        "; it is indented with a tab, which slac counts as 4 spaces: indent with spaces only"
        if "\t" in text[: len(text) - len(text.lstrip(" \t"))]
        else ""
    )
    return Diagnostic(
        "SLA004",
        Severity.ERROR,
        f"this line is indented by {width} spaces, {deeper} than the lines it belongs with",
        Span(path, line, 1, line, max(width, 1) + 1),
        help=f"indent it by {fix} spaces, in line with the lines of its block{tab}",
    )
