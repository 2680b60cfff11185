"""Saved syntax trees (slac.syntax.document_cache): a tree loaded from slac's cache is the tree
a parse gives, spans and comments included; it is found only for the same path and text; a
file with syntax errors is never saved; a damaged or planted entry is parsed again; and a
`slac check` of files parsed before does not import Lark."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path
from typing import Any

import pytest

from slac.cache import sealed
from slac.syntax import document_cache, parsing
from slac.syntax.parser import parse_file
from tests.processes import imported_in_two_runs

REPO = Path(__file__).resolve().parents[2]
SEEDS = sorted((REPO / "rules").glob("*.sla"))


@pytest.fixture
def entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache directory; the folder its saved trees go to."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "slac" / document_cache.FOLDER


class CountingParse:
    """`parsing.parse_whole`, counting its calls."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        self._parse = parsing.parse_whole
        monkeypatch.setattr(parsing, "parse_whole", self)

    def __call__(self, text: str, path: str) -> Any:
        self.calls += 1
        return self._parse(text, path)


def located(node: Any) -> list[tuple[str, Any]]:
    """Every node of a tree with its span (which equality ignores), depth first."""
    found = []
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        found.append((type(node).__name__, getattr(node, "span", None)))
        for item in dataclasses.fields(node):
            found.extend(located(getattr(node, item.name)))
    elif isinstance(node, (tuple, list, frozenset)):
        for item in node:
            found.extend(located(item))
    return found


@pytest.mark.parametrize("seed", SEEDS, ids=lambda path: path.name)
def test_a_saved_tree_is_the_parsed_tree_with_every_span(
    seed: Path, entries: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parses = CountingParse(monkeypatch)
    parsed = parse_file(seed)
    assert parses.calls == 1 and len(list(entries.iterdir())) == 1
    loaded = parse_file(seed)
    assert parses.calls == 1, "the second parse should load the saved tree"
    assert loaded.document is not parsed.document
    assert loaded == parsed
    assert located(loaded.document) == located(parsed.document)
    assert loaded.document is not None and loaded.document.comments == parsed.document.comments


def test_another_path_or_text_is_not_served_from_an_entry(
    tmp_path: Path, entries: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parses = CountingParse(monkeypatch)
    text = SEEDS[0].read_text(encoding="utf-8")
    first, second = tmp_path / "a.sla", tmp_path / "b.sla"
    first.write_text(text, encoding="utf-8")
    second.write_text(text, encoding="utf-8")
    parse_file(first)
    other = parse_file(second)
    assert parses.calls == 2
    assert other.document is not None and other.document.span.path == str(second)
    first.write_text(text.replace("1 hour", "2 hours", 1), encoding="utf-8")
    edited = parse_file(first)
    assert parses.calls == 3
    assert edited.document != other.document


def test_a_file_with_syntax_errors_is_not_saved(tmp_path: Path, entries: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parses = CountingParse(monkeypatch)
    broken = tmp_path / "broken.sla"
    broken.write_text('policy broken "Broken"\nscale severity\n    1 "One" widget\n', encoding="utf-8")
    results = [parse_file(broken) for _ in range(2)]
    assert parses.calls == 2
    assert not entries.exists() or not list(entries.iterdir())
    assert results[0] == results[1] and not results[0].ok and results[0].diagnostics


def test_a_damaged_entry_is_parsed_again_and_replaced(entries: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parses = CountingParse(monkeypatch)
    parsed = parse_file(SEEDS[0])
    (entry,) = entries.iterdir()
    whole = entry.read_bytes()
    entry.write_bytes(whole[: len(whole) // 2])
    assert parse_file(SEEDS[0]) == parsed
    assert parses.calls == 2
    assert entry.read_bytes() == whole, "the damaged entry should have been replaced by a whole one"
    assert parse_file(SEEDS[0]) == parsed and parses.calls == 2


class Planted:
    """Pickles as a call of `pickle.loads` that would make a whole tree: a call of anything but
    a tree's classes must be refused, whatever it returns."""

    def __init__(self, document: Any) -> None:
        self.document = document

    def __reduce__(self) -> tuple[Any, ...]:
        return (pickle.loads, (pickle.dumps(self.document),))


@pytest.mark.parametrize("kind", ["a call", "a dictionary", "another node"])
def test_an_entry_that_is_not_a_syntax_tree_is_refused(kind: str, entries: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parses = CountingParse(monkeypatch)
    parsed = parse_file(SEEDS[0])
    assert parsed.document is not None
    planted = {"a call": Planted(parsed.document), "a dictionary": {"not": "a tree"}, "another node": parsed.document.blocks[0]}[kind]
    (entry,) = entries.iterdir()
    entry.write_bytes(sealed(pickle.dumps(planted)))  # sealed: only what it holds is wrong
    assert document_cache.load_document(str(SEEDS[0]), parsed.text) is None
    assert parse_file(SEEDS[0]) == parsed
    assert parses.calls == 2


def test_an_unwritable_cache_means_parsing_every_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    parses = CountingParse(monkeypatch)
    assert parse_file(SEEDS[0]) == parse_file(SEEDS[0])
    assert parses.calls == 2


def test_a_check_of_files_parsed_before_does_not_import_lark(tmp_path: Path) -> None:
    program = (
        "from slac.pipeline import compile_files\n"
        f"assert all(c.ok for c in compile_files({[str(seed) for seed in SEEDS]!r}))"
    )
    assert imported_in_two_runs(program, "lark", tmp_path) == [True, False]
