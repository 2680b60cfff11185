"""Issue 11, item 12: a `.sla` path that is, or links to, something other than a regular text
file is refused before it is read, with a message that quotes nothing of its content."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from slac.files import MAX_SOURCE_BYTES

from .support import slac, slac_process

COMMANDS = (("check",), ("build", "--no-test"), ("fmt",), ("fmt", "--check"), ("test",))


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("/dev/zero", "not a regular file: a link to /dev/zero, which is a character device"),
        ("/proc/self/environ", "the file contains a NUL byte"),
        ("missing", "cannot read the file: No such file or directory"),
    ],
)
def test_links_to_devices_and_other_non_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...], target: str, message: str
) -> None:
    if target == "/proc/self/environ" and not Path(target).exists():
        pytest.skip("no /proc here")
    (tmp_path / "a-directory").mkdir()
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "bad.sla").symlink_to(target if target.startswith("/") else tmp_path / target)
    secret = "a-secret-in-the-environment-7f3a"
    monkeypatch.setenv("SLAC_TEST_SECRET", secret)
    result = slac_process(*command, "rules/bad.sla", cwd=tmp_path)
    output = (result.stdout + result.stderr).decode("utf-8", errors="replace")
    if command == ("check",) and target == "missing":  # `slac check` refuses a missing path as a usage error
        assert result.returncode == 2 and "Path 'rules/bad.sla' does not exist" in output
        return
    assert result.returncode == 1, output
    assert "rules/bad.sla:1:" in output and "SLA009" in output
    assert message in output
    assert "help: give the path of a .sla text file" in output or "help: check the path" in output
    assert secret not in output and "PATH=" not in output
    assert "Traceback" not in output and "internal error" not in output


def test_a_directory_named_like_a_policy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rules" / "old.sla").mkdir(parents=True)
    result = slac("check", "rules")
    assert result.exit_code == 1
    assert "rules/old.sla:1:1: SLA009 error: not a regular file: a directory" in result.output


def test_a_named_pipe_does_not_hang(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    os.mkfifo(tmp_path / "pipe.sla")
    result = slac("check", "pipe.sla")
    assert result.exit_code == 1
    assert "pipe.sla:1:1: SLA009 error: not a regular file: a named pipe" in result.output


def test_a_file_over_the_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with open(tmp_path / "huge.sla", "wb") as handle:
        handle.write(b'policy x "' + b"a" * MAX_SOURCE_BYTES + b'"\n')
    result = slac("check", "huge.sla")
    assert result.exit_code == 1
    assert "huge.sla:1:1: SLA009 error: the file is larger than 10 MiB" in result.output
    assert "aaaa" not in result.output


def test_a_nul_byte_is_located_and_nothing_is_quoted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.sla").write_bytes(b'policy x "X"\n    source "a\x00secret"\n')
    result = slac("check", "x.sla")
    assert result.exit_code == 1
    assert "x.sla:2:14: SLA009 error: the file contains a NUL byte (line 2, column 14)" in result.output
    assert "secret" not in result.output
