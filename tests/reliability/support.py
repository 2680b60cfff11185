"""What the reliability tests share: a scratch project with a few seed policies, and running
`slac` in process or as a real subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner, Result

from slac.cli import main

REPO = Path(__file__).resolve().parents[2]
RULES = REPO / "rules"


def slac(*arguments: str) -> Result:
    """`slac ARGUMENTS` in process, in the working directory; output and status."""
    return CliRunner().invoke(main, list(arguments))


def slac_process(*arguments: str, cwd: Path, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    """`python -m slac ARGUMENTS` as a real process (what a shell runs)."""
    return subprocess.run(
        [sys.executable, "-m", "slac", *arguments], cwd=cwd, input=stdin, capture_output=True, env=environment()
    )


def environment() -> dict[str, str]:
    """The environment for a slac subprocess: this checkout importable from anywhere."""
    return {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def copy_policies(directory: Path, *policy_ids: str) -> Path:
    """Copy seed policies into `directory` (created); the directory."""
    directory.mkdir(parents=True, exist_ok=True)
    for policy_id in policy_ids:
        shutil.copy(RULES / f"{policy_id}.sla", directory / f"{policy_id}.sla")
    return directory


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file under `directory` (links as where they point), by relative path."""
    return {
        p.relative_to(directory).as_posix(): (b"-> " + os.readlink(p).encode() if p.is_symlink() else p.read_bytes())
        for p in sorted(directory.rglob("*"))
        if p.is_symlink() or p.is_file()
    }
