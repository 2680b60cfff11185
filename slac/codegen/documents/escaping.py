"""Escaping: the only way policy text reaches a Markdown document.

Policy text goes through `escape_inline`, `escape_block` or `escape_cell`, which return
`Markdown` (text known to be safe). The template environment prints nothing else
(`require_markdown`), so a template that forgets to escape fails loudly instead of letting
policy text open HTML, break a table or start a heading. `plain_text` undoes the escaping for
the SVG charts, which escape for XML themselves.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import jinja2


class Markdown(str):
    """Text that is already safe Markdown: escaped policy text, or the generator's own words.

    Any operation on it (concatenation, `format`, `replace`) returns a plain `str` again, which
    the template environment refuses to print; composing fragments goes through `join_markdown`
    and `Labels.__call__`, which escape every plain string they are given.
    """

    __slots__ = ()


# Characters that can start Markdown or HTML syntax anywhere in a line. Backslash escapes work
# for every ASCII punctuation character in CommonMark; & < > become entities so that neither an
# entity nor a tag in policy text is ever interpreted.
_INLINE_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        "`": "\\`",
        "*": "\\*",
        "_": "\\_",
        "[": "\\[",
        "]": "\\]",
        "|": "\\|",
        "#": "\\#",
        "~": "\\~",
        "!": "\\!",
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "\t": " ",
    }
)
# Syntax that only means something at the start of a line: list bullets, ordered-list numbers,
# setext underlines (`===`, `---`) and thematic breaks.
_LINE_START = re.compile(r"^(?:(\d{1,9})([.)])|([-+=]))")


# Unicode's explicit bidirectional formatting: embeddings and overrides (closed by PDF) and
# isolates (closed by PDI, which also closes the embeddings opened inside them).
_EMBEDDINGS = frozenset("\u202a\u202b\u202d\u202e")
_ISOLATES = frozenset("\u2066\u2067\u2068")
_POP_EMBEDDING, _POP_ISOLATE = "\u202c", "\u2069"


def _close_bidi(line: str) -> str:
    """`line` with the embeddings, overrides and isolates it leaves open closed at its end, so
    that a right-to-left override in policy text cannot reverse the generator's words after it."""
    if not any(char in _EMBEDDINGS or char in _ISOLATES for char in line):
        return line
    open_marks: list[str] = []
    for char in line:
        if char in _EMBEDDINGS or char in _ISOLATES:
            open_marks.append(char)
        elif char == _POP_EMBEDDING and open_marks and open_marks[-1] in _EMBEDDINGS:
            open_marks.pop()
        elif char == _POP_ISOLATE and any(mark in _ISOLATES for mark in open_marks):
            while open_marks.pop() not in _ISOLATES:
                pass
    closers = [_POP_ISOLATE if mark in _ISOLATES else _POP_EMBEDDING for mark in reversed(open_marks)]
    return line + "".join(closers)


def _escape_lines(text: str) -> list[str]:
    """The non-empty lines of `text`, each stripped, escaped and with its bidirectional
    formatting closed; line breaks are the caller's."""
    lines = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = line.strip().translate(_INLINE_ESCAPES)
        line = _LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", line)
        if line:
            lines.append(_close_bidi(line))
    return lines


def escape_inline(text: str) -> Markdown:
    """Policy text for a heading, a link text or the middle of a sentence: one line."""
    return text if isinstance(text, Markdown) else Markdown(" ".join(_escape_lines(text)))


def escape_block(text: str) -> Markdown:
    """Policy text for a paragraph, list item or footnote: line breaks become hard breaks, and
    continuation lines are indented so that they stay inside a list item or footnote."""
    return text if isinstance(text, Markdown) else Markdown("\\\n    ".join(_escape_lines(text)))


def escape_cell(text: str) -> Markdown:
    """Policy text for a table cell: `|` is escaped and line breaks become `<br>`."""
    return text if isinstance(text, Markdown) else Markdown("<br>".join(_escape_lines(text)))


def join_markdown(separator: str, parts: Iterable[str]) -> Markdown:
    """Fragments joined by `separator` (the generator's own words, spaces kept); plain strings
    among the parts are escaped first."""
    return Markdown(escape_label(separator).join(escape_inline(part) for part in parts))


_PLACEHOLDER = re.compile(r"(\{[a-z_]+\})")


def escape_label(template: str) -> str:
    """A label's own text escaped like policy text (a translation cannot open HTML or break a
    table either), keeping its spaces and its `{placeholders}`."""
    return "".join(
        part if _PLACEHOLDER.fullmatch(part) else part.replace("\n", " ").translate(_INLINE_ESCAPES)
        for part in _PLACEHOLDER.split(template)
    )


def require_markdown(value: object) -> object:
    """Jinja `finalize`: only escaped text (or a number) may be printed by a template."""
    if isinstance(value, Markdown) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    if isinstance(value, jinja2.Undefined):
        str(value)  # StrictUndefined raises here, naming the missing variable
    raise TypeError(
        f"unescaped value {value!r} reached a Markdown template; pass it through |inline, |block or |cell"
    )


def comment_safe(text: str) -> str:
    """Text for the inside of an HTML comment: it must not close the comment."""
    return text.replace("--", "-\u2010").replace(">", "\u203a")


_UNESCAPE = re.compile(r"\\(.)")


def plain_text(text: Markdown) -> str:
    """Escaped Markdown back to the text a reader sees, for the SVG (which escapes for XML)."""
    unescaped = _UNESCAPE.sub(r"\1", text.replace("<br>", " "))
    return unescaped.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
