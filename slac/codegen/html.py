"""The web page of a generated document: the Markdown that `slac.codegen.markdown` writes, as a
self-contained HTML page with its stylesheet and its charts inline.

Only the Markdown subset the generator itself writes is understood (headings, paragraphs,
bullet lists with continuation lines, tables, images, footnotes, links, bold, backslash
escapes, entities and `<br>`), so the page says exactly what the Markdown says; policy text
reaches it already escaped. Each table cell carries its column heading (`data-label`), which
the stylesheet shows on narrow screens, where a table becomes one card per row instead of
scrolling sideways. Charts are SVG files written beside the document; the page embeds them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from html import escape

STYLESHEET = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f2328;
       background: #fff; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; overflow-wrap: break-word; }
h1 { font-size: 1.8rem; line-height: 1.25; margin: 0.5rem 0 1rem; }
h2 { font-size: 1.4rem; border-bottom: 1px solid #d0d7de; padding-bottom: 0.3rem; margin-top: 2rem; }
h3 { font-size: 1.15rem; margin-top: 1.5rem; }
ul { padding-left: 1.4rem; }
li { margin: 0.2rem 0; }
a { color: #0969da; }
table { border-collapse: collapse; width: 100%; margin: 0.75rem 0 1rem; }
th, td { border: 1px solid #d0d7de; padding: 0.4rem 0.6rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td, table.wide th { overflow-wrap: anywhere; }
figure { margin: 1rem 0; }
figure svg { display: block; width: 100%; max-width: 50rem; height: auto; }
.footnotes { font-size: 0.9rem; border-top: 1px solid #d0d7de; margin-top: 2rem; }
sup a { text-decoration: none; }
@media (max-width: 40rem) {
  main { padding: 0.75rem 0.9rem 2rem; }
  h1 { font-size: 1.5rem; }
  table, thead, tbody, tr, th, td { display: block; width: 100%; }
  thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  tr { border: 1px solid #d0d7de; border-radius: 6px; margin-bottom: 0.6rem; padding: 0.3rem 0; }
  td { border: none; padding: 0.2rem 0.7rem; }
  td[data-label]:not([data-label=""])::before { content: attr(data-label); display: block;
       font-size: 0.8rem; font-weight: 600; color: #57606a; }
  td:first-child { font-weight: 600; }
}
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  h2, h3 { break-after: avoid; }
  tr, figure { break-inside: avoid; }
}
"""

WIDE_TABLE_COLUMNS = 9
"""From this many columns a table's headings wrap anywhere, like its cells."""
LONG_HEADING_WORD = 30
"""A heading with a word longer than this many characters wraps anywhere too."""

_HEADING = re.compile(r"^(#{1,6}) (.*)$")
_FOOTNOTE_DEFINITION = re.compile(r"^\[\^(\w+)\]: (.*)$")
_IMAGE = re.compile(r"^!\[([^\]]*)\]\(([^)\s]+)\)$")
_INLINE = re.compile(
    r"\\(.)"  # a backslash escape
    r"|\*\*"  # bold on or off
    r"|\[\^(\w+)\]"  # a footnote reference
    r"|\[((?:\\.|[^\]\\])*)\]\(([^)\s]+)\)"  # a link
    r"|<br>"  # a line break in a table cell
    r"|(&(?:amp|lt|gt|quot|#\d+);)"  # an entity, already escaped
    r"|([<>\"'&])",  # anything else HTML would read
    re.S,
)


def html_page(markdown: str, *, language: str, charts: Mapping[str, str]) -> str:
    """The page of one generated Markdown document; `charts` maps an image file name to its
    SVG text (with or without the do-not-edit comment), embedded where the image is."""
    lines = markdown.split("\n")
    header = lines[0] if lines and lines[0].startswith("<!--") else ""
    body = _Blocks(charts).render(lines[1:] if header else lines)
    title = next((re.sub(r"<[^>]+>", "", html) for level, html in body.headings if level == 1), "")
    parts = [
        "<!DOCTYPE html>",
        header,
        f'<html lang="{escape(language)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>",
        f"<style>{STYLESHEET}</style>",
        "</head>",
        "<body>",
        "<main>",
        *body.html,
        "</main>",
        "</body>",
        "</html>",
    ]
    return "\n".join(part for part in parts if part) + "\n"


class _Rendered:
    def __init__(self) -> None:
        self.html: list[str] = []
        self.headings: list[tuple[int, str]] = []


class _Blocks:
    """Block structure: one pass over the lines, a block at a time."""

    def __init__(self, charts: Mapping[str, str]) -> None:
        self.charts = charts
        self.footnote_refs: dict[str, int] = {}
        self.figures = 0

    def render(self, lines: list[str]) -> _Rendered:
        out = _Rendered()
        footnotes: list[tuple[str, str]] = []
        index = 0
        while index < len(lines):
            line = lines[index]
            if not line.strip():
                index += 1
                continue
            if match := _HEADING.match(line):
                level = len(match[1])
                text = self.inline(match[2])
                out.headings.append((level, text))
                slug = re.sub(r"[^\w]+", "-", re.sub(r"<[^>]+>", "", text).lower()).strip("-")
                out.html.append(f'<h{level} id="{escape(slug)}">{text}</h{level}>')
                index += 1
            elif match := _FOOTNOTE_DEFINITION.match(line):
                footnotes.append((match[1], match[2]))
                index += 1
            elif line.startswith("| ") and index + 1 < len(lines) and lines[index + 1].startswith("| ---"):
                index = self.table(lines, index, out)
            elif line.startswith("- "):
                index = self.bullets(lines, index, out)
            elif match := _IMAGE.match(line):
                out.html.append(self.figure(match[1], match[2]))
                index += 1
            else:
                paragraph = []
                while index < len(lines) and lines[index].strip() and not _starts_block(lines, index):
                    paragraph.append(self.inline(lines[index].rstrip("\\")))
                    index += 1
                out.html.append("<p>" + "\n".join(paragraph) + "</p>")
        if footnotes:
            items = "".join(
                f'<li id="fn-{escape(label)}">{self.inline(text)}</li>' for label, text in footnotes
            )
            out.html.append(f'<section class="footnotes"><ol>{items}</ol></section>')
        return out

    def bullets(self, lines: list[str], index: int, out: _Rendered) -> int:
        items = []
        while index < len(lines) and lines[index].startswith("- "):
            text = [lines[index][2:]]
            index += 1
            while index < len(lines) and lines[index].startswith("    "):
                text.append(lines[index].strip())
                index += 1
            # escape_block ends a continued line with a backslash: a hard line break
            items.append("<br>".join(self.inline(part.removesuffix("\\")) for part in text))
        out.html.append("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")
        return index

    def table(self, lines: list[str], index: int, out: _Rendered) -> int:
        header = _cells(lines[index])
        index += 2
        rows = []
        while index < len(lines) and lines[index].startswith("| "):
            rows.append(_cells(lines[index]))
            index += 1
        labels = [re.sub(r"<[^>]+>", "", self.inline(cell)) for cell in header]
        head = "".join(f'<th scope="col">{self.inline(cell)}</th>' for cell in header)
        body = "".join(
            "<tr>"
            + "".join(
                f'<td data-label="{escape(label, quote=True)}">{self.inline(cell)}</td>'
                for label, cell in zip(labels, row)
            )
            + "</tr>"
            for row in rows
        )
        # the headings of a table of many columns (many plans), or with a word longer than a
        # column can be, may break inside a word too, or the table would be wider than the
        # window; any other table keeps its headings' words whole
        long_word = any(len(word) > LONG_HEADING_WORD for label in labels for word in label.split())
        wide = ' class="wide"' if len(header) >= WIDE_TABLE_COLUMNS or long_word else ""
        out.html.append(f"<table{wide}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        return index

    def figure(self, alt: str, source: str) -> str:
        """An image: its SVG inline when the chart is known, else a link to it."""
        svg = self.charts.get(source)
        if svg is None:
            return f'<p><a href="{escape(source, quote=True)}">{self.inline(alt)}</a></p>'
        start = svg.find("<svg")
        self.figures += 1
        # ids are per page once the chart is inline: each chart gets its own
        own = f"chart{self.figures}"
        svg = svg[start:].strip()
        for old, new in (
            ('aria-labelledby="chart-title chart-desc"', f'aria-labelledby="{own}-title {own}-desc"'),
            ('id="chart-title"', f'id="{own}-title"'),
            ('id="chart-desc"', f'id="{own}-desc"'),
            ('id="assumed"', f'id="{own}-assumed"'),
            ("url(#assumed)", f"url(#{own}-assumed)"),
        ):
            svg = svg.replace(old, new)
        return f'<figure class="chart">{svg}</figure>'

    def inline(self, text: str) -> str:
        """Inline Markdown as HTML: escapes undone, bold, footnote references, links."""
        bold = False
        pieces: list[str] = []
        position = 0
        for match in _INLINE.finditer(text):
            pieces.append(text[position : match.start()])
            position = match.end()
            escaped, footnote, link_text, link_target, entity, special = (
                match[1], match[2], match[3], match[4], match[5], match[6]
            )
            if escaped is not None:
                pieces.append(escape(escaped))
            elif match[0] == "**":
                pieces.append("</strong>" if bold else "<strong>")
                bold = not bold
            elif footnote is not None:
                count = self.footnote_refs.get(footnote, 0) + 1
                self.footnote_refs[footnote] = count
                pieces.append(f'<sup><a href="#fn-{escape(footnote)}">{escape(footnote)}</a></sup>')
            elif link_target is not None:
                target = re.sub(r"\.md$", ".html", link_target)
                pieces.append(f'<a href="{escape(target, quote=True)}">{self.inline(link_text)}</a>')
            elif match[0] == "<br>":
                pieces.append("<br>")
            elif entity is not None:
                pieces.append(entity)
            else:
                pieces.append(escape(special))
        pieces.append(text[position:])
        if bold:
            pieces.append("</strong>")
        return "".join(pieces)


def _starts_block(lines: list[str], index: int) -> bool:
    line = lines[index]
    return bool(
        _HEADING.match(line) or line.startswith("- ") or line.startswith("| ") or _FOOTNOTE_DEFINITION.match(line)
    )


def _cells(line: str) -> list[str]:
    """The cells of a table line, split at the `|` that are not backslash-escaped."""
    cells, current, index = [], "", 0
    body = line.strip()[1:-1] if line.strip().endswith("|") else line.strip()[1:]
    while index < len(body):
        char = body[index]
        if char == "\\" and index + 1 < len(body):
            current += body[index : index + 2]
            index += 2
            continue
        if char == "|":
            cells.append(current.strip())
            current = ""
        else:
            current += char
        index += 1
    cells.append(current.strip())
    return cells

