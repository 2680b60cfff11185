"""Black's output from slac's cache (slac.codegen.black_cache): an entry is black's own
output, found again only for the same text, style and black; a missing, unreadable or
unwritable cache means running black; old entries are pruned; and a build whose modules were
formatted before does not import black at all."""

from __future__ import annotations

import os
import re
from pathlib import Path

import black
import pytest

from slac import cache
from slac.cache import sealed, unsealed
from slac.codegen import black_cache
from slac.codegen.black_cache import Style, format_with_black
from tests.processes import imported_in_two_runs

REPO = Path(__file__).resolve().parents[2]
STYLE = Style(line_length=88, target_version="PY311")
SOURCE = "x = {'a':1,\n'b':[1,2,3]}\ndef f( y ):\n  return y\n"


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache directory; and the module texts this process formatted before are
    forgotten, or rendering them again would not fill the new directory."""
    from slac.codegen.python import _format

    _format.cache_clear()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "slac" / "formatted"


def entry_text(path: Path) -> str:
    """A cache entry's text, its checksum line verified and taken off."""
    body = unsealed(path.read_bytes())
    assert body is not None, f"{path} is not a whole entry"
    return body[:-1].decode("utf-8")


def _black_must_not_run(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str, style: Style) -> str:
        raise AssertionError("black ran although the cache holds the text")

    monkeypatch.setattr(black_cache, "_run_black", refuse)


def test_an_entry_is_blacks_output_and_is_found_again(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = black.format_str(SOURCE, mode=STYLE.black_mode())
    assert format_with_black(SOURCE, STYLE) == expected
    assert [entry_text(path) for path in cache_home.iterdir()] == [expected]
    _black_must_not_run(monkeypatch)
    assert format_with_black(SOURCE, STYLE) == expected


def test_another_text_or_style_is_not_served_from_an_entry(cache_home: Path) -> None:
    format_with_black(SOURCE, STYLE)
    narrow = Style(line_length=20, target_version="PY311")
    assert format_with_black(SOURCE, narrow) == black.format_str(SOURCE, mode=narrow.black_mode())
    other = SOURCE.replace("'b'", "'c'")
    assert format_with_black(other, STYLE) == black.format_str(other, mode=STYLE.black_mode())
    assert len(list(cache_home.iterdir())) == 3


def test_another_black_is_not_served_from_an_entry(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    format_with_black(SOURCE, STYLE)
    monkeypatch.setattr(black_cache, "installed_identity", lambda package: "black-0.0.dist-info")
    calls: list[str] = []
    monkeypatch.setattr(black_cache, "_run_black", lambda text, style: calls.append(text) or "formatted by another\n")
    assert format_with_black(SOURCE, STYLE) == "formatted by another\n"
    assert calls == [SOURCE]


def test_an_unwritable_cache_means_running_black(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert format_with_black(SOURCE, STYLE) == black.format_str(SOURCE, mode=STYLE.black_mode())


def test_an_unreadable_entry_means_running_black(cache_home: Path) -> None:
    format_with_black(SOURCE, STYLE)
    (entry,) = cache_home.iterdir()
    entry.write_bytes(b"\xff\xfe not text")
    assert format_with_black(SOURCE, STYLE) == black.format_str(SOURCE, mode=STYLE.black_mode())


def test_the_oldest_entries_beyond_the_limit_are_removed(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(black_cache, "KEPT_ENTRIES", 3)
    monkeypatch.setattr(cache, "PRUNE_EVERY", 1)
    texts = [f"x{n} = {n}\n" for n in range(4)]
    for age, text in enumerate(texts):
        format_with_black(text, STYLE)
        for path in cache_home.iterdir():
            if entry_text(path) == text:
                os.utime(path, ns=(age * 10**9, age * 10**9))  # x0 oldest, x3 newest
    unrelated = cache_home / "notes.md"
    unrelated.write_text("mine", encoding="utf-8")
    format_with_black("y = 1\n", STYLE)
    kept = sorted(entry_text(path) for path in cache_home.glob("*.txt"))
    assert kept == ["x2 = 2\n", "x3 = 3\n", "y = 1\n"]
    assert unrelated.exists()


def test_entries_beyond_the_byte_limit_are_removed(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    entry_bytes = len(sealed(b"a = 1000000\n\n"))
    monkeypatch.setattr(black_cache, "KEPT_BYTES", 2 * entry_bytes + 1)
    monkeypatch.setattr(cache, "PRUNE_EVERY", 1)
    for age, text in enumerate(["a = 1000000\n", "b = 2000000\n", "c = 3000000\n"]):
        format_with_black(text, STYLE)
        for path in cache_home.iterdir():
            if entry_text(path) == text:
                os.utime(path, ns=(age * 10**9, age * 10**9))
    assert sorted(entry_text(path) for path in cache_home.iterdir()) == ["b = 2000000\n", "c = 3000000\n"]


def test_a_module_is_laid_out_again_when_the_layout_code_changes(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from slac.codegen import formatting

    table = "{" + ", ".join(f"'key{n}': ('value', {n})" for n in range(30)) + "}"
    text = f"X = {table}\n"
    first = formatting.format_module(text, STYLE)
    monkeypatch.setattr(formatting, "_layout_identity", lambda: "another layout")
    calls: list[str] = []
    monkeypatch.setattr(formatting, "_format_module", lambda text, style: calls.append(text) or first)
    assert formatting.format_module(text, STYLE) == first
    assert calls == [text]


def test_a_build_formatted_before_does_not_import_black(tmp_path: Path) -> None:
    program = (
        "from slac import compile_file\n"
        "from slac.codegen.python import render_module\n"
        f"render_module(compile_file({str(REPO / 'rules' / 'zimbra.sla')!r}).policy, 'rules/zimbra.sla')"
    )
    assert imported_in_two_runs(program, "black", tmp_path) == [True, False]


def test_an_edit_of_a_duration_does_not_run_black_again(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from slac import compile_text
    from slac.codegen.python import _environment, _module_view, render_module

    source = (REPO / "rules" / "zimbra.sla").read_text(encoding="utf-8")
    before = compile_text(source, "rules/zimbra.sla").policy
    edited_text = source.replace("| 24-72 hours", "| 24-96 hours", 1)
    assert edited_text != source
    edited = compile_text(edited_text, "rules/zimbra.sla").policy
    assert edited.source_sha256 != before.source_sha256
    render_module(before, "rules/zimbra.sla")
    _black_must_not_run(monkeypatch)
    ours = render_module(edited, "rules/zimbra.sla")
    unformatted = _environment().get_template("python.py.j2").render(**_module_view(edited, "rules/zimbra.sla"))
    assert ours == black.format_str(unformatted, mode=STYLE.black_mode())
    assert edited.source_sha256 in ours and ours != render_module(before, "rules/zimbra.sla")


def test_an_edit_that_moves_lines_does_not_run_black_again(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A comment added at the top moves every line of the policy, and with it the line numbers
    in the generated module's comments, docstrings and trace entries: black's output is found
    again (the numbers are put back), and it is still black's output for the edited module.
    (A number that gains a digit, 99 to 100, makes the lines longer and may change black's
    layout: such a module is formatted again, so policies where that happens are left out.)"""
    from slac import compile_text
    from slac.codegen.python import _environment, _module_view, render_module

    LINE_NUMBER = re.compile(r"\(line ([0-9]+)\)")
    tried = 0
    for source_path in sorted((REPO / "rules").glob("*.sla")):
        source = source_path.read_text(encoding="utf-8")
        path = f"rules/{source_path.name}"
        before = compile_text(source, path).policy
        unformatted_before = _environment().get_template("python.py.j2").render(**_module_view(before, path))
        numbers = [int(number) for number in LINE_NUMBER.findall(unformatted_before)]
        if not numbers or re.search(r"\b(9|99|999)\b", unformatted_before):
            continue  # a line number may gain a digit
        tried += 1
        edited = compile_text("# a note added by the author\n" + source, path).policy
        render_module(before, path)
        with monkeypatch.context() as patched:
            _black_must_not_run(patched)
            ours = render_module(edited, path)
        unformatted = _environment().get_template("python.py.j2").render(**_module_view(edited, path))
        assert [int(number) for number in LINE_NUMBER.findall(unformatted)] == [number + 1 for number in numbers]
        assert "(line " in unformatted
        assert ours == black.format_str(unformatted, mode=STYLE.black_mode())
    assert tried >= 3


def test_a_process_prunes_a_folder_after_its_first_entry_and_then_every_so_many(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # pruning lists the folder: after every entry, a build writing thousands was quadratic
    monkeypatch.setattr(cache, "PRUNE_EVERY", 4)
    pruned: list[int] = []
    monkeypatch.setattr(black_cache, "_prune", lambda directory: pruned.append(len(list(directory.iterdir()))))
    for n in range(9):
        format_with_black(f"z{n} = {n}\n", STYLE)
    assert pruned == [1, 5, 9]
