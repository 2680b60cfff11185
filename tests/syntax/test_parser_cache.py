"""The saved parser (slac.syntax.parser_cache): a parser loaded from the cache parses exactly
as a freshly built one, a changed grammar never loads stale tables, and a cache that cannot
be written or read back falls back to building the parser."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from lark import Lark, Token, Tree

from slac.syntax import grammar
from slac.syntax.parser_cache import cache_key, cached_parser

REPO = Path(__file__).resolve().parents[2]
SEEDS = sorted((REPO / "rules").glob("*.sla"))
OPTIONS = repr(sorted(grammar.PARSER_OPTIONS.items()))


class CountingBuilder:
    """Builds the real parser and counts how often it was asked to."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> Lark:
        self.calls += 1
        return Lark(grammar.grammar_text(), postlex=grammar._Indenter(), **grammar.PARSER_OPTIONS)


def _shape(node: Tree | Token) -> object:
    """The tree with every rule's and token's position, so equal shapes mean equal spans."""
    if isinstance(node, Token):
        return (node.type, node.value, node.line, node.column, node.end_line, node.end_column)
    meta = node.meta
    position = (meta.line, meta.column, meta.end_line, meta.end_column) if not meta.empty else None
    return (node.data, position, [_shape(child) if child is not None else None for child in node.children])


def test_a_parser_loaded_from_the_cache_parses_like_a_fresh_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    builder = CountingBuilder()
    fresh = cached_parser(grammar.grammar_text(), OPTIONS, builder)
    saved = list((tmp_path / "slac").glob("parser-*.pickle"))
    assert builder.calls == 1 and len(saved) == 1
    loaded = cached_parser(grammar.grammar_text(), OPTIONS, builder)
    assert builder.calls == 1, "the second parser should come from the cache"
    assert loaded is not fresh
    for seed in SEEDS:
        text = seed.read_text(encoding="utf-8")
        assert _shape(loaded.parse(text)) == _shape(fresh.parse(text)), seed.name


def test_a_changed_grammar_does_not_load_the_old_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    text = grammar.grammar_text()
    changed = text + "\n// a comment changes the key\n"
    assert cache_key(text, OPTIONS) != cache_key(changed, OPTIONS)
    assert cache_key(text, OPTIONS) != cache_key(text, OPTIONS + "x")
    builder = CountingBuilder()
    cached_parser(text, OPTIONS, builder)
    cached_parser(changed, OPTIONS, builder)
    assert builder.calls == 2
    assert len(list((tmp_path / "slac").glob("parser-*.pickle"))) == 2


def test_an_unwritable_cache_directory_builds_in_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a file where the directory should be: mkdir fails even for root, like a read-only home
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    builder = CountingBuilder()
    first = cached_parser(grammar.grammar_text(), OPTIONS, builder)
    second = cached_parser(grammar.grammar_text(), OPTIONS, builder)
    assert builder.calls == 2
    seed = SEEDS[0].read_text(encoding="utf-8")
    assert _shape(first.parse(seed)) == _shape(second.parse(seed))


def test_a_damaged_cache_file_is_rebuilt_and_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    builder = CountingBuilder()
    cached_parser(grammar.grammar_text(), OPTIONS, builder)
    (saved,) = (tmp_path / "slac").glob("parser-*.pickle")
    whole = saved.read_bytes()
    saved.write_bytes(whole[: len(whole) // 2])
    parser = cached_parser(grammar.grammar_text(), OPTIONS, builder)
    assert builder.calls == 2
    assert parser.parse(SEEDS[0].read_text(encoding="utf-8")).children
    cached_parser(grammar.grammar_text(), OPTIONS, builder)
    assert builder.calls == 2, "the damaged file should have been replaced by a whole one"
    assert not [path for path in (tmp_path / "slac").iterdir() if path.name.startswith(".parser-")]


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_file_that_is_not_a_regular_one_is_never_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    """A FIFO in place of the saved parser made every command that parses wait forever (and
    a link to /dev/zero would be read without end): it is left unread, and replaced."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cached_parser(grammar.grammar_text(), OPTIONS, CountingBuilder())
    (saved,) = (tmp_path / "slac").glob("parser-*.pickle")
    saved.unlink()
    if kind == "fifo":
        os.mkfifo(saved)
    else:
        saved.symlink_to("/dev/zero")
    builder = CountingBuilder()
    outcome: list[Lark] = []
    worker = threading.Thread(target=lambda: outcome.append(cached_parser(grammar.grammar_text(), OPTIONS, builder)))
    worker.start()
    worker.join(timeout=60)
    if worker.is_alive():  # blocked on the FIFO: open its other end, so that the test ends
        os.close(os.open(saved, os.O_WRONLY | os.O_NONBLOCK))
        worker.join()
        pytest.fail("cached_parser opened the FIFO for reading and waited for a writer")
    assert builder.calls == 1 and outcome[0].parse(SEEDS[0].read_text(encoding="utf-8")).children
    assert saved.is_file() and not saved.is_symlink(), "the parser should have been saved in its place"


def test_only_the_newest_saved_parsers_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from slac.syntax import parser_cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(parser_cache, "KEPT_PARSERS", 2)
    folder = tmp_path / "slac"
    folder.mkdir()
    older = [folder / f"parser-{'0' * 31}{n}.pickle" for n in range(3)]
    for age, path in enumerate(older):
        path.write_bytes(b"an older grammar's tables")
        os.utime(path, ns=(age * 10**9, age * 10**9))
    mine = folder / "parser-notes.pickle"  # not a name slac gives: never touched
    mine.write_bytes(b"mine")
    cached_parser(grammar.grammar_text(), OPTIONS, CountingBuilder())
    kept = sorted(path.name for path in folder.glob("parser-*.pickle"))
    assert kept == sorted([older[2].name, f"parser-{cache_key(grammar.grammar_text(), OPTIONS)}.pickle", mine.name])
