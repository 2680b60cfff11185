"""Golden malformed inputs: each `tests/cases/syntax/<name>.sla` is a mistake a support manager
makes, and `<name>.expected` is exactly what `render_text` prints for every diagnostic the
parser reports (empty when the file has no syntax error). Paths in the output are relative to
the repository, so the goldens do not depend on where it is checked out.

Regenerate with `pytest tests/syntax --update-goldens` and review the diff.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from slac.cli import main
from slac.diagnostics import SourceCache, render_text
from slac.syntax.parser import parse_file

REPO = Path(__file__).resolve().parents[2]
CASES = REPO / "tests" / "cases" / "syntax"
CASE_FILES = sorted(CASES.glob("*.sla"))


def _relative(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


def render_case(path: Path) -> str:
    """What the parser reports for one case file, as text."""
    result = parse_file(_relative(path))
    sources = SourceCache({result.path: result.text})
    return "".join(render_text(d, sources) + "\n" for d in result.diagnostics)


@pytest.fixture(autouse=True)
def _in_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


def test_there_are_enough_cases() -> None:
    assert len(CASE_FILES) >= 30


@pytest.mark.parametrize("case", CASE_FILES, ids=lambda p: p.stem)
def test_golden(case: Path, update_goldens: bool) -> None:
    actual = render_case(case)
    expected_path = case.with_suffix(".expected")
    if update_goldens:
        expected_path.write_text(actual, encoding="utf-8", newline="\n")
        return
    assert (
        expected_path.exists()
    ), f"run `pytest tests/syntax --update-goldens` to create {expected_path.name}"
    assert actual == expected_path.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASE_FILES, ids=lambda p: p.stem)
def test_diagnostics_point_into_the_file(case: Path) -> None:
    result = parse_file(_relative(case))
    lines = result.text.splitlines() or [""]
    for diagnostic in result.diagnostics:
        assert 1 <= diagnostic.span.line <= len(lines)
        assert 1 <= diagnostic.span.column <= len(lines[diagnostic.span.line - 1]) + 1
        assert diagnostic.help, "every syntax error says how to fix it"


@pytest.mark.parametrize("case", CASE_FILES, ids=lambda p: p.stem)
def test_fmt_check_through_the_cli(case: Path) -> None:
    """`slac fmt --check` on a broken file prints the golden diagnostics and exits 1; nothing
    crashes and the file is left as it was."""
    before = case.read_bytes()
    expected = render_case(case)
    outcome = CliRunner().invoke(main, ["fmt", "--check", _relative(case)])
    assert "Traceback" not in outcome.output
    assert outcome.exception is None or isinstance(outcome.exception, SystemExit)
    if expected:
        assert outcome.exit_code == 1
        assert outcome.stderr.startswith(expected)
    assert case.read_bytes() == before


@pytest.mark.parametrize("name", ["two_errors_two_blocks", "not_utf8", "tab_indentation"])
def test_fmt_without_check_leaves_broken_files_alone(name: str) -> None:
    case = CASES / f"{name}.sla"
    before = case.read_bytes()
    outcome = CliRunner().invoke(main, ["fmt", _relative(case)])
    assert outcome.exit_code == 1
    assert "Traceback" not in outcome.output
    assert case.read_bytes() == before


@pytest.mark.parametrize("name", ["rule_without_then", "not_utf8", "byte_order_mark"])
def test_fmt_check_through_python_dash_m(name: str) -> None:
    """The real entry point, in a fresh interpreter: same output, exit 1, no traceback."""
    case = CASES / f"{name}.sla"
    outcome = subprocess.run(
        [sys.executable, "-m", "slac", "fmt", "--check", _relative(case)],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert outcome.returncode == 1
    assert "Traceback" not in outcome.stdout + outcome.stderr
    assert outcome.stderr.startswith(render_case(case))
