"""Black's layout of generated modules, with the big data tables laid out here.

Black formats about 2,000 lines a second however tidy its input is, so a policy of 500 plans
(55,000 lines of cell tables) took a minute to format. Almost all of those lines are
top-level dictionary literals (`_CELLS_<plan>`, `PLANS`, `LEVELS`, …) built from strings,
numbers, names, calls, tuples, lists and dicts, and for such literals black's rules reduce to
a few (from black's `linegen`: `transform_line`, `delimiter_split`, `right_hand_split`,
`should_split_line` and `Line.has_magic_trailing_comma`):

- a line that fits in 88 columns and holds no magic trailing comma stays as it is;
- otherwise a bracket's contents are split one item per line, each ending with a comma,
  when there are two items or more and the bracket is a literal (or had a trailing comma);
- otherwise the line is split at its last bracket: the head up to the bracket, the contents
  indented on their own line (split further by the same rules), the closing bracket.

`format_module` hands black the module with each such table replaced by a short placeholder
name, and lays the tables out itself in black's style. A statement outside that subset
(comments, operators, strings that are not plain, a head that would not fit) stays in black's
hands, so the output is byte-identical to black's on the whole module: the tests compare the
two on the seeds, on synthetic policies and on generated literals. Black's output for the
rest of the module comes from `slac.codegen.black_cache`, so a build whose modules differ
from an earlier one's only in their tables neither imports nor runs black.
"""

from __future__ import annotations

import hashlib
import keyword
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from slac.codegen.black_cache import Style, cached_text, format_with_black

INDENT = "    "
PLACEHOLDER = "__slac_table_{}__"
PLAIN_INTEGER = re.compile(r"(0|[1-9][0-9]*)")
CONSTANT_NAMES = frozenset({"None", "True", "False"})


class Unsupported(Exception):
    """A statement outside the subset laid out here; black formats it."""


@dataclass
class Group:
    """A bracket and its items. `literal` for a tuple, list, dict or set (black's `atom`), not
    for a call's or a subscript's brackets (a `trailer`)."""

    opener: str
    closer: str
    literal: bool
    items: list[list[Part]] = field(default_factory=list)
    trailing_comma: bool = False
    text: str = ""
    """The group on one line, set once its items are complete (`finish`)."""
    holds_magic: bool = False
    """Whether it or a bracket inside it has a magic trailing comma."""

    def finish(self) -> None:
        inner = ", ".join(flat(item) for item in self.items)
        self.text = self.opener + inner + ("," if self.trailing_comma else "") + self.closer
        self.holds_magic = self.magic_trailing_comma() or any(_has_magic(item) for item in self.items)

    def magic_trailing_comma(self) -> bool:
        """Black's `has_magic_trailing_comma`: a trailing comma that forces the split, which a
        one-tuple's and a one-item subscript's are not."""
        if not self.trailing_comma:
            return False
        if self.closer == "}":
            return True
        if self.closer == "]":
            return self.literal or len(self.items) > 1
        return not self.literal or len(self.items) > 1

    def should_split(self) -> bool:
        """Black's `should_split_line` for this bracket's contents: one item per line even
        when they fit, for two items or more in a literal or before a trailing comma."""
        return len(self.items) > 1 and (self.literal or self.trailing_comma)


Part = str | Group


def flat(parts: list[Part]) -> str:
    """The parts on one line."""
    return "".join(part if isinstance(part, str) else part.text for part in parts)


def _has_magic(parts: list[Part]) -> bool:
    return any(isinstance(part, Group) and part.holds_magic for part in parts)


def _fits(text: str, line_length: int) -> bool:
    return display_width(text) <= line_length


NARROW_BLOCKS = ((0x80, 0x10FF), (0x2000, 0x25FF), (0x2700, 0x2BFF))
"""Where every character one column wide in Python's Unicode tables is one column for black:
the alphabets policies are written in, punctuation, arrows and symbols. Elsewhere black's
table (of a newer Unicode) can count a character that Python's counts narrow as wide (the
Tai Xuan Jing symbols from U+1D300, the trigrams of Miscellaneous Symbols, U+2630), so a
character outside these blocks is Unsupported. The tests compare every character in them
with the pinned black."""


def display_width(text: str) -> int:
    """The columns `text` takes as black counts them: one per character for the scripts
    policies are written in. A character black may count otherwise (East Asian wide or
    full-width ones, combining marks, format and unassigned characters, anything outside
    `NARROW_BLOCKS`) is Unsupported."""
    if text.isascii():
        return len(text)
    for character in text:
        if character.isascii():
            continue
        point = ord(character)
        if not any(low <= point <= high for low, high in NARROW_BLOCKS) or unicodedata.east_asian_width(
            character
        ) in ("W", "F") or unicodedata.category(character) in (
            "Mn",
            "Me",
            "Cf",
            "Cn",
            "Co",
            "Cs",
        ):
            raise Unsupported(f"a character of uncertain width: U+{ord(character):04X}")
    return len(text)


def prefer_double_quotes(literal: str) -> str:
    """A plain string literal (no prefix, one line, as `repr` writes it) in black's quotes:
    double quotes, unless the text holds a double quote (it would need a backslash that the
    single-quoted form does not). A literal with an escaped quote or a named or upper-case
    hexadecimal escape, which black rewrites in other ways, is Unsupported."""
    body = literal[1:-1]
    double_quotes = 0
    position = 0
    while position < len(body):
        character = body[position]
        if character == "\\":
            escaped = body[position + 1 : position + 2]
            if escaped in ("'", '"', "N"):
                raise Unsupported("an escaped quote or a named escape")
            if escaped in ("x", "u", "U"):
                digits = {"x": 2, "u": 4, "U": 8}[escaped]
                if body[position + 2 : position + 2 + digits] != body[position + 2 : position + 2 + digits].lower():
                    raise Unsupported("an upper-case hexadecimal escape")
            position += 2
            continue
        if character == '"':
            double_quotes += 1
        position += 1
    if literal[0] == '"' or double_quotes:
        return literal
    return '"' + body + '"'


# ----------------------------------------------------------------------------- layout


def layout(parts: list[Part], depth: int, line_length: int) -> list[str]:
    """Black's lines for a logical line at `depth` made of `parts` (not inside brackets)."""
    return _transform(parts, depth, line_length, body_of=None, inside_brackets=False)


def _transform(
    parts: list[Part], depth: int, line_length: int, body_of: Group | None, inside_brackets: bool
) -> list[str]:
    """`transform_line` for the subset. `body_of` is the bracket whose contents `parts`
    are (their items joined by commas), for the split one item per line."""
    indent = INDENT * depth
    text = indent + flat(parts)
    forced = body_of is not None and body_of.should_split()
    if not forced and not _has_magic(parts) and _fits(text, line_length):
        return [text]
    if inside_brackets and body_of is not None and (len(body_of.items) > 1 or body_of.trailing_comma):
        # delimiter_split at the commas: one item per line, a comma after the last one
        if len(body_of.items) > 1:
            lines: list[str] = []
            for item in body_of.items:
                lines += _transform(item + [","], depth, line_length, None, inside_brackets=True)
            return lines
        # a single item before a trailing comma splits into itself: black moves on to rhs
        parts = body_of.items[0] + [","]
    elif inside_brackets and body_of is not None:
        parts = body_of.items[0] if body_of.items else parts
    return _right_hand_split(parts, depth, line_length, text)


def _right_hand_split(parts: list[Part], depth: int, line_length: int, text: str) -> list[str]:
    """Split at the last bracket: head and opening bracket, contents, closing bracket and tail."""
    position = next((i for i in range(len(parts) - 1, -1, -1) if isinstance(parts[i], Group)), None)
    if position is None:
        return [text]  # nothing to split at: black leaves the line long
    group = parts[position]
    assert isinstance(group, Group)
    if any(isinstance(part, Group) for part in parts[:position]):
        raise Unsupported("two brackets on one line: black would weigh omitting trailers")
    if any(part not in (",",) for part in parts[position + 1 :]):
        raise Unsupported("something after the last bracket")
    if not group.items:
        return [text]
    indent = INDENT * depth
    head = indent + flat(parts[:position]) + group.opener
    if not _fits(head, line_length):
        raise Unsupported("the head does not fit: black would try other splits")
    body = _body_parts(group)
    lines = [head]
    lines += _transform(body, depth + 1, line_length, body_of=group, inside_brackets=True)
    lines.append(indent + group.closer + flat(parts[position + 1 :]))
    return lines


def _body_parts(group: Group) -> list[Part]:
    """A bracket's contents as one line: items joined by commas, the trailing comma kept."""
    body: list[Part] = []
    for index, item in enumerate(group.items):
        if index:
            body.append(", ")
        body += item
    if group.trailing_comma:
        body.append(",")
    return body


# ----------------------------------------------------------------------------- parsing


TOKEN = re.compile(
    r"""(?P<space>[ \t\r\n]+)
    |(?P<string>'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
    |(?P<number>[0-9][0-9A-Za-z_.]*)
    |(?P<name>[^\W\d]\w*)
    |(?P<op>[()\[\]{},:=.])
    |(?P<other>.)""",
    re.VERBOSE,
)
"""The tokens of the subset. A prefixed or triple-quoted string reads as two tokens in a row
and a comment or an operator as `other`, which the parser rejects."""

OPENERS = {"(": ")", "[": "]", "{": "}"}
SEPARATORS = (": ", "=")


def parse_literal(source: str) -> Group:
    """The bracket tree of one literal expression in the subset, with black's spacing and
    string quotes; Unsupported for anything else."""
    tokens = [(match.lastgroup, match.group()) for match in TOKEN.finditer(source) if match.lastgroup != "space"]
    parser = _Parser(tokens)
    parts = parser.chain(closer=None)
    if parser.position != len(tokens) or len(parts) != 1 or not isinstance(parts[0], Group):
        raise Unsupported("not a single bracketed literal")
    return parts[0]


class _Parser:
    def __init__(self, tokens: list[tuple[str | None, str]]) -> None:
        self.tokens = tokens
        self.position = 0

    def peek(self) -> tuple[str | None, str]:
        return self.tokens[self.position] if self.position < len(self.tokens) else (None, "")

    def chain(self, closer: str | None, in_dict: bool = False, in_call: bool = False) -> list[Part]:
        """One item: an atom, `name(...)`, `name.name(...)`, `name[...]`, a bracket, with
        `key: value` inside a dict and `name=value` inside a call."""
        parts: list[Part] = []
        while True:
            kind, text = self.peek()
            if kind is None or kind == "op" and (text == "," or text == closer):
                break
            self.position += 1
            previous = parts[-1] if parts else None
            if kind == "string":
                if previous is not None and previous not in SEPARATORS:
                    raise Unsupported("implicitly concatenated or prefixed strings")
                parts.append(prefer_double_quotes(text))
            elif kind == "number":
                if not PLAIN_INTEGER.fullmatch(text) or (previous is not None and previous not in SEPARATORS):
                    raise Unsupported(f"number {text}")
                parts.append(text)
            elif kind == "name":
                if keyword.iskeyword(text) and text not in CONSTANT_NAMES:
                    raise Unsupported(f"keyword {text}")
                if previous is not None and previous not in (": ", "=", "."):
                    raise Unsupported("two names in a row")
                parts.append(text)
            elif kind == "op" and text in OPENERS:
                follows_value = previous is not None and (isinstance(previous, Group) or previous not in (": ", "=", "."))
                parts.append(self.group(text, literal=not follows_value))
            elif kind == "op" and text == ":" and in_dict and len(parts) == 1:
                parts.append(": ")
            elif kind == "op" and text == "=" and in_call and len(parts) == 1:
                if not isinstance(previous, str) or not previous.isidentifier():
                    raise Unsupported("keyword argument without a name")
                parts.append("=")
            elif kind == "op" and text == "." and isinstance(previous, str) and previous.isidentifier():
                parts.append(".")
            else:
                raise Unsupported(f"token {text!r}")
        if not parts or parts[-1] in (": ", "=", "."):
            raise Unsupported("an incomplete item")
        return parts

    def group(self, opener: str, literal: bool) -> Group:
        closer = OPENERS[opener]
        group = Group(opener, closer, literal)
        in_dict = opener == "{"
        in_call = opener == "(" and not literal
        while True:
            kind, text = self.peek()
            if kind is None:
                raise Unsupported("an unclosed bracket")
            if kind == "op" and text == closer:
                self.position += 1
                break
            item = self.chain(closer, in_dict=in_dict, in_call=in_call)
            if in_dict and ": " not in item:
                raise Unsupported("a set or a dict unpacking")
            group.items.append(item)
            if self.peek() == ("op", ","):
                self.position += 1
                if self.peek() == ("op", closer):
                    group.trailing_comma = True
        if opener == "(" and literal and len(group.items) == 1 and not group.trailing_comma:
            raise Unsupported("parentheses around one expression (black may drop them)")
        if opener == "[" and not literal and len(group.items) != 1:
            raise Unsupported("a subscript of several items")
        group.finish()
        return group


# ----------------------------------------------------------------------------- modules


@dataclass(frozen=True)
class _Table:
    placeholder: str
    literal: Group


def format_module(text: str, style: Style) -> str:
    """`black.format_str(text, mode=style.black_mode())`, with the module's large top-level
    dictionary literals laid out here instead of by black (same bytes, a fraction of the time);
    kept in slac's cache under the text, the style and this module's own source, so that a
    build of an unchanged policy formats nothing."""
    return cached_text(("module", _layout_identity(), repr(style), text), lambda: _format_module(text, style))


@cache
def _layout_identity() -> str:
    """This module's source: the layout of the tables depends on it."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


TABLE_HEAD = re.compile(r"^[A-Za-z_]\w*(?:: [^\n=]*)? = (?=\{)", re.MULTILINE)
"""The start of a top-level assignment of a dictionary display, as the template writes one:
at the start of a line, a name, an optional annotation, ` = {`."""


def _format_module(text: str, style: Style) -> str:
    pieces: list[str] = []
    tables: list[_Table] = []
    cursor = 0
    for start, end in _table_spans(text):
        if start < cursor:
            continue  # inside a table already taken
        try:
            literal = parse_literal(text[start:end])
        except Unsupported:
            continue
        placeholder = PLACEHOLDER.format(len(tables))
        tables.append(_Table(placeholder, literal))
        pieces += [text[cursor:start], placeholder]
        cursor = end
    if not tables:
        return format_with_black(text, style)
    pieces.append(text[cursor:])
    formatted = _format_skeleton("".join(pieces), style)
    try:
        return _substitute(formatted, tables, style)
    except Unsupported:
        return format_with_black(text, style)


SHA256_DIGEST = re.compile(r"\b[0-9a-f]{64}\b")
DIGEST_MARKER = "0" * 64
DIGITS = re.compile(r"\b[0-9]+\b")
"""A run of digits standing on its own: a number, or digits in a comment or a string (not the
digits of a name such as `_CELLS_x1`)."""


def _format_skeleton(skeleton: str, style: Style) -> str:
    """Black's output for the module less its tables. The source's SHA-256 (in the header and
    `SOURCE_SHA256`) changes with every edit of the policy, and the numbers the module holds
    (line numbers in comments, docstrings and trace entries; durations outside the tables)
    with most others; so black is given the module with a fixed digest, and every run of
    digits written as ones (as many, so every line is as long), and the real ones are put
    back in order. Black lays a line out by the kinds and lengths of its tokens, whatever the
    digits are, leaves decimal digits as they are and keeps tokens and comments in order; so
    an edit of a policy's tables, texts or layout finds black's output in the cache. Should
    black's output not hold the same runs of the same lengths, black formats the real text."""
    digests = set(SHA256_DIGEST.findall(skeleton))
    if len(digests) != 1 or DIGEST_MARKER in skeleton:
        return format_with_black(skeleton, style)
    (digest,) = digests
    unmasked = skeleton.replace(digest, DIGEST_MARKER)
    numbers = DIGITS.findall(unmasked)
    formatted = format_with_black(DIGITS.sub(lambda match: "1" * len(match[0]), unmasked), style)
    if [len(run) for run in DIGITS.findall(formatted)] != [len(number) for number in numbers]:
        return format_with_black(skeleton, style)
    originals = iter(numbers)
    formatted = DIGITS.sub(lambda match: next(originals), formatted)
    if formatted.count(DIGEST_MARKER) != skeleton.count(digest):
        return format_with_black(skeleton, style)
    return formatted.replace(DIGEST_MARKER, digest)


def _table_spans(text: str) -> Iterator[tuple[int, int]]:
    """Where the dictionary displays assigned at the top level are: one on the line of its
    name, or from its line to the next line that is a lone `}`. `parse_literal` then makes
    sure the span holds one literal and nothing else; a span it refuses stays in black's
    hands. (Finding them with `ast.parse` cost more than laying them out: 1.4 MB of tables
    for 500 plans.)"""
    for match in TABLE_HEAD.finditer(text):
        start = match.end()
        line_end = text.find("\n", start)
        line_end = len(text) if line_end == -1 else line_end
        if text[line_end - 1] == "}" and line_end - 1 > start:
            yield start, line_end
            continue
        closing = text.find("\n}\n", start)
        if closing != -1 and text[start : line_end] == "{":
            yield start, closing + 2


def _substitute(formatted: str, tables: list[_Table], style: Style) -> str:
    lines = formatted.split("\n")
    by_placeholder = {table.placeholder: table for table in tables}
    out: list[str] = []
    found = 0
    for line in lines:
        if line.endswith("__") and "__slac_table_" in line:
            head, _, placeholder = line.rpartition(" ")
            table = by_placeholder.get(placeholder)
            if table is None or line.startswith(" ") or not head.endswith("="):
                raise Unsupported("black moved a placeholder")
            out += layout([head + " ", table.literal], 0, style.line_length)
            found += 1
        else:
            out.append(line)
    if found != len(tables):
        raise Unsupported("a placeholder went missing")
    return "\n".join(out)
