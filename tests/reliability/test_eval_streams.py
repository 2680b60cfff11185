"""`slac eval --tickets` when its standard streams misbehave: a stderr that cannot be written
does not stop the results, closed stdin or stdout get a sentence (not a traceback), progress is
shown only where it cannot mix with the results, and JSON's own error words are not doubled
(found by a QA pass)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
MANAGRY = str(REPO / "rules" / "managry.sla")
GOOD = {"plan": "premium", "severity": 1, "opened_at": "2025-03-07T10:00:00+01:00"}
NOW = "2025-07-01T12:00:00Z"


@pytest.fixture
def tickets(tmp_path: Path) -> Path:
    """Fifty good tickets with a bad line among them."""
    path = tmp_path / "tickets.jsonl"
    lines = [json.dumps(GOOD)] * 3 + ["not json"] + [json.dumps(GOOD)] * 50
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(arguments: str, cache: Path) -> subprocess.CompletedProcess[str]:
    """`slac eval` through a shell, so that the streams can be redirected as a user does."""
    environment = dict(os.environ, XDG_CACHE_HOME=str(cache))
    command = f"{sys.executable} -m slac eval {MANAGRY} --now {NOW} {arguments}"
    return subprocess.run(["sh", "-c", command], env=environment, capture_output=True, text=True, timeout=120)


def test_a_stderr_that_cannot_be_written_does_not_stop_the_results(tickets: Path, tmp_path: Path) -> None:
    result = run(f"--tickets {tickets} 2>/dev/full", tmp_path)
    lines = result.stdout.splitlines()
    assert len(lines) == 54
    assert json.loads(lines[3]) == {"line": 4, "error": "not valid JSON: Expecting value at column 1"}
    assert result.returncode == 1


def test_a_stderr_whose_reader_left_does_not_stop_the_results(tickets: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = run(f"--tickets {tickets} 2>&1 >{out} | head -c 1 >/dev/null", tmp_path)
    assert result.returncode == 0  # the pipeline's status: head's
    assert len(out.read_text(encoding="utf-8").splitlines()) == 54


def test_a_closed_stdout_is_a_sentence(tickets: Path, tmp_path: Path) -> None:
    result = run(f"--tickets {tickets} >&-", tmp_path)
    assert result.returncode == 1
    assert "standard output is closed" in result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr


def test_a_closed_stdin_is_a_sentence(tmp_path: Path) -> None:
    result = run("--tickets - <&-", tmp_path)
    assert result.returncode == 2
    assert "standard input is closed" in result.stderr
    assert "Traceback" not in result.stderr


def test_json_error_words_are_not_doubled(tmp_path: Path) -> None:
    path = tmp_path / "control.jsonl"
    path.write_bytes(b'{"plan": "pre\x01mium"}\n')
    result = run(f"--tickets {path}", tmp_path)
    assert json.loads(result.stdout) == {"line": 1, "error": "not valid JSON: Invalid control character at column 14"}


def test_progress_is_not_shown_when_the_results_go_to_the_terminal() -> None:
    from slac.commands import eval as command

    class Terminal:
        def isatty(self) -> bool:
            return True

    class Closed:
        def isatty(self) -> bool:
            raise ValueError("I/O operation on closed file")

    assert command._terminal(Terminal())  # type: ignore[arg-type]
    assert not command._terminal(Closed())  # type: ignore[arg-type]
    assert not command._terminal(None)
