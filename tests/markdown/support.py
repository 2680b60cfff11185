"""Helpers for the Markdown tests: compiled policies (once per run), generated files, and a
CommonMark + GFM-tables parser that reports tables, raw HTML and the text a reader sees."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

import slac
from slac.codegen import markdown
from slac.model.types import Policy
from slac.options import BuildOptions
from slac.pipeline import Compilation

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SEEDS = ("cloudtalk", "credenti", "managry", "zimbra", "zmanda")
HOSTILE = "hostile"
ALL = (*SEEDS, HOSTILE)


def source_of(name: str) -> Path:
    return HERE / "hostile.sla" if name == HOSTILE else REPO / "rules" / f"{name}.sla"


@functools.cache
def compilation(name: str) -> Compilation:
    """The compilation of a seed (rules/<name>.sla) or of the hostile policy, with the path
    relative to the repository as `slac build` would see it."""
    path = source_of(name).relative_to(REPO).as_posix()
    result = slac.compile_text(source_of(name).read_text(encoding="utf-8"), path)
    assert result.policy is not None, [d.message for d in result.diagnostics]
    return result


def policy(name: str) -> Policy:
    policy = compilation(name).policy
    assert policy is not None
    return policy


@functools.cache
def generated(name: str, lang: str | None = None) -> dict[str, str]:
    return markdown.generate(compilation(name), BuildOptions(lang=lang))


def document(name: str, lang: str | None = None) -> str:
    return generated(name, lang)[f"{name}.md"]


@functools.cache
def index(lang: str | None = None) -> str:
    return markdown.generate_index([compilation(name) for name in SEEDS], BuildOptions(lang=lang))["index.md"]


# ------------------------------------------------------------------ parsing


def parser() -> MarkdownIt:
    """CommonMark with raw HTML recognised (so that any injected HTML shows up as a token),
    GFM tables and strikethrough."""
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


@dataclass(frozen=True)
class ParsedTable:
    """A table as the parser saw it: header cells and body rows, as rendered text."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def walk(tokens: list[Token]) -> Iterator[Token]:
    """Every token, inline children included, in document order."""
    for token in tokens:
        yield token
        if token.children:
            yield from walk(token.children)


def inline_text(token: Token) -> str:
    """The text a reader sees in an inline token: text, code, image alt text, line breaks."""
    parts: list[str] = []
    for child in walk(token.children or []):
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "html_inline" and child.content == "<br>":
            parts.append("\n")
    return "".join(parts)


def tables(text: str) -> list[ParsedTable]:
    tokens = parser().parse(text)
    found: list[ParsedTable] = []
    header: list[str] = []
    rows: list[list[str]] = []
    row: list[str] = []
    section = ""
    for token in tokens:
        if token.type == "table_open":
            header, rows = [], []
        elif token.type in ("thead_open", "tbody_open"):
            section = token.type
        elif token.type == "tr_open":
            row = []
        elif token.type == "inline" and section:
            row.append(inline_text(token))
        elif token.type == "tr_close":
            if section == "thead_open":
                header = row
            else:
                rows.append(row)
        elif token.type == "table_close":
            found.append(ParsedTable(tuple(header), tuple(tuple(r) for r in rows)))
            section = ""
    return found


def reader_text(text: str) -> str:
    """All the text of a document as a reader sees it, one block per line."""
    return "\n".join(inline_text(token) for token in parser().parse(text) if token.type == "inline")


def html_tokens(text: str) -> list[Token]:
    return [token for token in walk(parser().parse(text)) if token.type in ("html_block", "html_inline")]


def unescaped_pipes(line: str) -> int:
    """The `|` of a Markdown line that separate table cells (not preceded by a backslash escape)."""
    count, index = 0, 0
    while index < len(line):
        if line[index] == "\\":
            index += 2
            continue
        count += line[index] == "|"
        index += 1
    return count


def policy_texts(policy: Policy) -> list[str]:
    """Every piece of author-written text in a policy: what must reach the document literally."""
    texts = [policy.title, *(value for _, value in policy.contacts), *policy.supported, *policy.unsupported]
    texts += [*policy.notes, policy.scale.title]
    if policy.source:
        texts.append(policy.source)
    for level in policy.scale.levels:
        texts += [level.title, *(t.text for t in level.criteria), *(t.text for t in level.examples)]
        if level.description:
            texts.append(level.description)
    texts += [f.title for f in policy.fields]
    texts += [c.title for c in policy.calendars]
    texts += [t.title for t in policy.targets]
    for plan in policy.plans:
        texts += [plan.title, *(extra.text for extra in plan.extras), *plan.notes]
    texts += [rule.title for rule in (*policy.rules, *policy.restrictions)]
    for intake in policy.intakes:
        texts.append(intake.title)
        if intake.quoting:
            texts.append(intake.quoting)
    texts += [a.published for a in policy.assumptions]
    texts += [e.title for e in policy.examples]
    return texts


def customer_texts(policy: Policy) -> list[str]:
    """The author-written text a customer document shows literally: everything but the file
    the policy was published in and the reference an intake rule looks for (its title says it)."""
    hidden = {policy.source, *(intake.quoting for intake in policy.intakes)}
    texts = [text for text in policy_texts(policy) if text not in hidden]
    shown_targets = {t.table_title or t.title for t in policy.targets}
    return [text for text in texts if text not in {t.title for t in policy.targets} or text in shown_targets]
