"""Whatever is found in slac's cache directory, a command gives the right answer: a damaged,
truncated or emptied entry of any kind is computed again, a file that is not a regular file (a
FIFO, a device) is never read, a `.pyc` planted beside a module entry is never run, and the
cache's place follows the XDG rules (found by a QA pass that damaged the cache by hand)."""

from __future__ import annotations

import importlib.util
import marshal
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from slac.cache import STALE_TEMPORARY_SECONDS, cache_directory, prune, read_entry
from slac.module_cache import FOLDER

REPO = Path(__file__).resolve().parents[2]
ACME = str(REPO / "rules" / "acme.sla")
TICKET = '{"plan": "standard", "severity": 2, "opened_at": "2025-04-30T15:00:00+02:00"}'
NOW = "2025-05-02T07:00:00Z"
TIMEOUT = 60


def slac_eval(cache: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ, XDG_CACHE_HOME=str(cache))
    return subprocess.run(
        [sys.executable, "-m", "slac", "eval", ACME, "--ticket", TICKET, "--now", NOW, *arguments],
        env=environment,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )


@pytest.fixture(scope="module")
def expected(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The answer with a cache nobody touched: 1 May is a public holiday in the Czech
    Republic, so the first response is due on 2 May at 08:00 UTC."""
    run = slac_eval(tmp_path_factory.mktemp("clean"))
    assert run.returncode == 0, run.stderr
    assert '"due": "2025-05-02T08:00:00Z"' in run.stdout
    return run.stdout


def holiday_entries(cache: Path) -> list[Path]:
    return sorted((cache / "slac" / "holidays").glob("*.txt"))


@pytest.mark.parametrize("damage", ["truncated", "emptied", "not text"])
def test_a_damaged_holiday_entry_is_computed_again(tmp_path: Path, expected: str, damage: str) -> None:
    assert slac_eval(tmp_path).stdout == expected
    entries = holiday_entries(tmp_path)
    assert entries
    for entry in entries:
        data = entry.read_bytes()
        entry.write_bytes({"truncated": data[:7], "emptied": b"", "not text": b"\xff\xfe" + data}[damage])
    again = slac_eval(tmp_path)
    assert (again.returncode, again.stderr, again.stdout) == (0, "", expected)
    assert slac_eval(tmp_path).stdout == expected  # and written whole again


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_an_entry_that_is_not_a_regular_file_is_never_read(tmp_path: Path, expected: str, kind: str) -> None:
    assert slac_eval(tmp_path).stdout == expected
    for entry in [*holiday_entries(tmp_path), *(tmp_path / "slac" / FOLDER).glob("*.py")]:
        entry.unlink()
        if kind == "fifo":
            os.mkfifo(entry)
        else:
            entry.symlink_to("/dev/zero")
    run = slac_eval(tmp_path)  # a FIFO would block and /dev/zero fill the memory if read
    assert (run.returncode, run.stdout) == (0, expected)


def test_read_entry_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    regular = tmp_path / "regular"
    regular.write_bytes(b"text\n")
    assert read_entry(fifo) is None
    assert read_entry(Path("/dev/zero")) is None
    assert read_entry(tmp_path) is None
    assert read_entry(tmp_path / "missing") is None
    assert read_entry(regular) == b"text\n"


def test_a_planted_pyc_is_never_run(tmp_path: Path, expected: str) -> None:
    """A timestamp `.pyc` (what Python trusts by default) beside the module entry, with code
    that would print something else: slac checks the source hash itself and ignores it."""
    assert slac_eval(tmp_path).stdout == expected
    [entry] = (tmp_path / "slac" / FOLDER).glob("*.py")
    planted = compile("print('planted code ran')\nraise SystemExit(0)\n", str(entry), "exec")
    source = entry.stat()
    header = (
        importlib.util.MAGIC_NUMBER
        + (0).to_bytes(4, "little")
        + int(source.st_mtime).to_bytes(4, "little")
        + (source.st_size & 0xFFFFFFFF).to_bytes(4, "little")
    )
    pyc = Path(importlib.util.cache_from_source(str(entry)))
    pyc.parent.mkdir(exist_ok=True)
    pyc.write_bytes(header + marshal.dumps(planted))
    run = slac_eval(tmp_path)
    assert "planted" not in run.stdout
    assert (run.returncode, run.stdout) == (0, expected)


def test_a_relative_xdg_cache_home_is_ignored(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache_directory() == tmp_path / ".cache" / "slac"


def test_a_home_that_does_not_exist_is_not_created(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "nonexistent"))
    assert cache_directory() is None


def test_pruning_removes_temporary_files_a_killed_writer_left_and_nothing_else(tmp_path: Path) -> None:
    """A process killed between creating an entry's temporary file and renaming it into place
    leaves the file behind; pruning the folder removes it once it is an hour old, and leaves
    alone a temporary file being written now and every file slac did not name."""
    entry = "ab" * 20 + ".txt"
    (tmp_path / entry).write_bytes(b"entry")
    stale = tmp_path / f".{entry}-k3j_9x0q"
    fresh = tmp_path / f".{entry}-a1b2c3d4"
    foreign = [tmp_path / ".notes.txt-k3j_9x0q", tmp_path / f".{entry}-k3j_9x0q.bak", tmp_path / f"{entry}-k3j_9x0q"]
    for path in (stale, fresh, *foreign):
        path.write_bytes(b"half")
    hours_ago = time.time() - 2 * STALE_TEMPORARY_SECONDS
    for path in (stale, *foreign):
        os.utime(path, (hours_ago, hours_ago))

    prune(tmp_path, ".txt", 10, 1 << 20)

    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        [entry, fresh.name, *(path.name for path in foreign)]
    )


def test_a_saved_parsers_temporary_file_is_named_so_pruning_finds_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The saved parser is written through a temporary file named after it, so the rule above
    applies to it too: the file is seen while it is written."""
    from slac import cache
    from slac.syntax import parser_cache

    seen: list[str] = []
    real_replace = os.replace

    def spy(source: str, target: str) -> None:
        seen.append(Path(source).name)
        real_replace(source, target)

    monkeypatch.setattr(cache.os, "replace", spy)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    parser_cache.cached_parser("start: \"a\"\n", "lalr", lambda: __import__("lark").Lark('start: "a"\n', parser="lalr"))
    assert len(seen) == 1
    assert re.fullmatch(r"\.parser-[0-9a-f]{32}\.pickle-[a-z0-9_]{8}", seen[0]), seen


def test_a_module_entrys_stale_bytecode_temporary_file_is_removed(tmp_path: Path, expected: str) -> None:
    """The bytecode beside a `slac eval` module entry is written through a temporary file too;
    one a killed process left is removed when the next entry is saved."""
    bytecode_folder = tmp_path / "slac" / FOLDER / "__pycache__"
    bytecode_folder.mkdir(parents=True)
    stale = bytecode_folder / f".{'0' * 40}.{sys.implementation.cache_tag}.pyc-k3j_9x0q"
    stale.write_bytes(b"half")
    hours_ago = time.time() - 2 * STALE_TEMPORARY_SECONDS
    os.utime(stale, (hours_ago, hours_ago))

    finished = slac_eval(tmp_path)

    assert finished.returncode == 0, finished.stderr
    assert finished.stdout == expected
    assert not stale.exists()
