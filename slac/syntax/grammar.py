"""The Lark parser of the .sla grammar (grammar/slac.lark), with slac's postlexer that turns
indentation into _INDENT/_DEDENT tokens. Only the syntax package uses it: no Lark type leaves
`slac.syntax`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from lark import Lark, Token

from slac.syntax.parser_cache import cached_parser

# grammar/slac.lark at the top of the repository; the package reaches it through the link
# slac/grammar/slac.lark, which is also how it travels inside a wheel
GRAMMAR_PATH = Path(__file__).resolve().parents[1] / "grammar" / "slac.lark"


class IndentationProblem(Exception):
    def __init__(self, token: Token, indent: int, open_levels: list[int]) -> None:
        super().__init__("inconsistent dedent")
        self.token = token
        self.indent = indent
        self.open_levels = open_levels


class GluedWords(Exception):
    """A keyword written together with the word after it (`besteffort`, `mins`): Lark matches
    keywords without looking at what follows, so the postlexer insists on a word boundary."""

    def __init__(self, keyword: Token, following: Token) -> None:
        super().__init__("keyword glued to the next word")
        self.keyword = keyword
        self.following = following


WORD_CHAR = re.compile(r"[A-Za-z0-9_]")


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
                and WORD_CHAR.match(token.value[:1])
                and WORD_CHAR.match(last.value[-1:])
                and keyword_of(last.type) is not None
            ):
                raise GluedWords(last, token)
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
                raise IndentationProblem(token, indent, open_levels)
        while len(levels) > 1:
            levels.pop()
            if last is not None:
                yield Token.new_borrow_pos("_DEDENT", "", last)
            else:
                yield Token("_DEDENT", "")


PARSER_OPTIONS: dict[str, object] = {
    "parser": "lalr",
    "lexer": "contextual",
    "strict": True,
    "propagate_positions": True,
    "maybe_placeholders": True,
}


@cache
def lark_parser() -> Lark:
    """The parser of the .sla grammar, loaded from the user's cache when it was built before
    (see `slac.syntax.parser_cache`)."""
    grammar = grammar_text()
    return cached_parser(
        grammar,
        repr(sorted(PARSER_OPTIONS.items())),
        lambda: Lark(grammar, postlex=_Indenter(), **PARSER_OPTIONS),  # type: ignore[arg-type]
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


def keyword_of(terminal: str) -> str | None:
    try:
        pattern = lark_parser().get_terminal(terminal).pattern
    except KeyError:
        return None
    if pattern.type == "str":
        return pattern.value
    return None


@cache
def all_keywords() -> frozenset[str]:
    return frozenset(
        kw for terminal in lark_parser().terminals if (kw := keyword_of(terminal.name)) is not None
    )


def scan_comments(text: str) -> list[tuple[int, int, str, bool]]:
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
