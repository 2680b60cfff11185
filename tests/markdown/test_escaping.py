"""Escaping: policy text renders as the same text, never as Markdown or HTML."""

from __future__ import annotations

import jinja2
import pytest
from hypothesis import given
from hypothesis import strategies as st

from slac.codegen import markdown
from slac.codegen.markdown import Labels, Markdown, escape_block, escape_cell, escape_inline

from .support import html_tokens, parser, reader_text, tables

HOSTILE_SNIPPETS = [
    "**bold**",
    "_em_",
    "[link](x)",
    "![image](y)",
    "<script>alert(1)</script>",
    "&amp; &lt;",
    "`code`",
    "~~strike~~",
    "# heading",
    "- item",
    "1. item",
    "> quote",
    "---",
    "===",
    "a | b",
    "back\\slash\\",
    "{{ jinja }} {% if %}",
    '"""',
    "<!-- comment -->",
    "[^1]: footnote",
    "    indented",
    "http://example.com <http://example.com>",
]


@pytest.mark.parametrize("text", HOSTILE_SNIPPETS)
def test_inline_text_renders_literally_in_a_list_item(text: str) -> None:
    rendered = f"- {escape_inline(text)}\n"
    tokens = parser().parse(rendered)
    assert [t.type for t in tokens].count("bullet_list_open") == 1
    assert not html_tokens(rendered)
    assert reader_text(rendered) == text.strip()


@pytest.mark.parametrize("text", HOSTILE_SNIPPETS)
def test_cell_text_stays_in_its_cell(text: str) -> None:
    rendered = f"| a | b |\n| --- | --- |\n| {escape_cell(text)} | end |\n"
    [table] = tables(rendered)
    assert table.rows == ((text.strip(), "end"),)
    assert not html_tokens(rendered)


def test_newlines_become_hard_breaks_in_blocks_and_br_in_cells() -> None:
    text = "first line\n- second\n\n# third"
    block = f"- {escape_block(text)}\n"
    assert reader_text(block) == "first line\n- second\n# third"
    assert [t.type for t in parser().parse(block)].count("bullet_list_open") == 1
    cell = escape_cell(text)
    assert cell == "first line<br>\\- second<br>\\# third"
    assert escape_inline(text) == "first line \\- second \\# third"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_any_text_is_one_paragraph_with_the_same_words(text: str) -> None:
    rendered = escape_inline(text)
    tokens = parser().parse(f"{rendered}\n")
    assert not html_tokens(f"{rendered}\n")
    if rendered:
        assert [t.type for t in tokens][:1] == ["paragraph_open"]
        assert sum(t.type == "paragraph_open" for t in tokens) == 1
        # the same words; the escaping may add the characters that close a bidirectional
        # embedding or isolate the text leaves open (PDF, PDI), which are no words
        assert _without_bidi_pops("".join(reader_text(rendered).split())) == _without_bidi_pops(
            "".join(" ".join(text.split()).split()).replace("\x00", "\ufffd")
        )


def _without_bidi_pops(text: str) -> str:
    return text.replace("\u202c", "").replace("\u2069", "")


def test_templates_refuse_unescaped_text() -> None:
    environment = markdown._environment()
    with pytest.raises(TypeError, match="unescaped"):
        environment.from_string("{{ text }}").render(text="<b>")
    assert environment.from_string("{{ text | inline }}").render(text="<b>") == "&lt;b&gt;"
    assert environment.from_string("{{ text }}").render(text=Markdown("ok")) == "ok"


def test_templates_fail_on_undefined_names() -> None:
    with pytest.raises(jinja2.UndefinedError):
        markdown._environment().from_string("{{ missing }}").render()


def test_labels_escape_their_arguments_but_not_markdown_fragments() -> None:
    labels = Labels("en")
    assert labels("glance_same_as", plan="**x**") == "Same as \\*\\*x\\*\\*."
    assert labels("glance_same_as", plan=Markdown("*x*")) == "Same as *x*."
    assert labels("and") == " and "


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        # an override left open would reverse the generator's words after it on the line
        ("Gold \u202eplan", "Gold \u202eplan\u202c"),
        ("\u2067\u05e9\u05dc\u05d5\u05dd \u202bx", "\u2067\u05e9\u05dc\u05d5\u05dd \u202bx\u202c\u2069"),
        ("\u202a\u2068a\u202cb", "\u202a\u2068a\u202cb\u2069\u202c"),  # PDF inside an isolate closes nothing outside it
        ("\u2066a\u202bb\u2069c", "\u2066a\u202bb\u2069c"),  # PDI closes the embedding opened inside it
        ("closed \u202c\u2069 stray", "closed \u202c\u2069 stray"),  # closers without openers change nothing
        ("\u05e9\u05dc\u05d5\u05dd plain", "\u05e9\u05dc\u05d5\u05dd plain"),  # right-to-left letters need no closing
    ],
)
def test_bidirectional_overrides_in_policy_text_end_with_it(text: str, escaped: str) -> None:
    assert escape_inline(text) == escaped
    assert escape_cell(f"{text}\n{text}") == f"{escaped}<br>{escaped}"
