"""The web pages say what the Markdown says: headings, tables and text of every generated page
match what an independent CommonMark parser (markdown-it) reads in the document; charts are
inline with ids of their own; policy text stays text."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from slac.codegen import html

from .support import ALL, HOSTILE, document, generated, parser, tables

FOOTNOTE = re.compile(r"\[\^\d+\]")


class _Collect(HTMLParser):
    """Headings and table cells of a page, as text; footnote references left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[str] = []
        self.cells: list[str] = []
        self.ids: list[str] = []
        self.scripts = 0
        self._stack: list[str] = []
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids += [value for name, value in attrs if name == "id" and value]
        if tag == "script":
            self.scripts += 1
        if tag == "br" and self._stack:
            self._text.append("\n")
            return
        if tag in ("h1", "h2", "h3", "h4", "td", "th", "sup"):
            self._stack.append(tag)
            if tag != "sup":
                self._text = []

    def handle_endtag(self, tag: str) -> None:
        if self._stack and self._stack[-1] == tag:
            self._stack.pop()
            if tag in ("td", "th"):
                self.cells.append("".join(self._text).strip())
            elif tag != "sup":
                self.headings.append("".join(self._text).strip())

    def handle_data(self, data: str) -> None:
        if self._stack and self._stack[-1] != "sup":
            self._text.append(data)


def _page(name: str) -> _Collect:
    files = generated(name)
    page = html.html_page(files[f"{name}.md"], language="en", charts=files)
    collected = _Collect()
    collected.feed(page)
    return collected


def _markdown_headings(text: str) -> list[str]:
    tokens = parser().parse(text)
    return [
        FOOTNOTE.sub("", "".join(c.content for c in tokens[i + 1].children or [] if c.type in ("text", "code_inline"))).strip()
        for i, token in enumerate(tokens)
        if token.type == "heading_open"
    ]


@pytest.mark.parametrize("name", ALL)
def test_the_page_has_the_documents_headings_and_tables(name: str) -> None:
    page = _page(name)
    text = document(name)
    assert page.headings == _markdown_headings(text)
    cells = [FOOTNOTE.sub("", cell).strip() for table in tables(text) for row in (table.header, *table.rows) for cell in row]
    assert page.cells == cells


@pytest.mark.parametrize("name", ALL)
def test_charts_are_inline_with_ids_of_their_own(name: str) -> None:
    files = generated(name)
    page = html.html_page(files[f"{name}.md"], language="en", charts=files)
    assert page.count("<svg") == document(name).count("![")
    collected = _Collect()
    collected.feed(page)
    assert len(collected.ids) == len(set(collected.ids))


def test_hostile_text_stays_text_on_the_page() -> None:
    page = _page(HOSTILE)
    assert page.scripts == 0
    assert any("<script>" in heading for heading in page.headings)


def test_links_to_documents_become_links_to_pages() -> None:
    page = html.html_page("# T\n\n[A policy](x.md) and **bold**\n", language="en", charts={})
    assert '<a href="x.html">A policy</a> and <strong>bold</strong>' in page
