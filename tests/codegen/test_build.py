"""`slac build`: what it writes, what `--check` reports, what happens on errors, and atomic
writes. The repository's own `generated/` must be up to date."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from slac.cli import main
from slac.codegen import markdown
from slac.files import write_atomic

from .support import REPO, RULES


def build(*arguments: str) -> Result:
    return CliRunner().invoke(main, ["build", *arguments], catch_exceptions=False)


def test_repository_generated_files_are_up_to_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = build("--check")
    assert result.exit_code == 0, result.output
    assert "stale" not in result.output and "missing" not in result.output


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the seed rules in a scratch directory (the working directory), with the
    Markdown generator stubbed out so that only the build mechanics are under test."""
    shutil.copytree(RULES, tmp_path / "rules")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(markdown, "generate", lambda compilation, options: {})
    monkeypatch.setattr(markdown, "generate_index", lambda compilations, options: {})
    return tmp_path


def test_build_writes_one_module_per_policy_then_check_passes(project: Path) -> None:
    result = build()
    assert result.exit_code == 0, result.output
    policies = sorted(p.stem for p in (project / "rules").glob("*.sla"))
    generated = sorted(p.name for p in (project / "generated").iterdir())
    assert generated == [".slac-manifest.json"] + [f"{s}.py" for s in policies]
    assert "wrote generated/managry.py" in result.output
    assert build("--check").exit_code == 0
    again = build()
    assert "wrote" not in again.stdout  # unchanged files are not rewritten


def test_check_names_stale_missing_and_left_over_files(project: Path) -> None:
    build()
    generated = project / "generated"
    (generated / "managry.py").write_text("# edited by hand\n", encoding="utf-8")
    (generated / "zimbra.py").unlink()
    (project / "rules" / "zmanda.sla").unlink()
    before = {p.name: p.read_bytes() for p in generated.iterdir()}
    result = build("--check")
    assert result.exit_code == 1
    assert "stale: generated/managry.py" in result.stdout
    assert "missing: generated/zimbra.py" in result.stdout
    assert "stale: generated/zmanda.py (no policy generates it any more" in result.stdout
    assert {p.name: p.read_bytes() for p in generated.iterdir()} == before  # --check writes nothing
    fixed = build()
    assert fixed.exit_code == 0, fixed.output
    assert "removed generated/zmanda.py" in fixed.stdout
    assert build("--check").exit_code == 0


def test_files_not_generated_by_slac_are_left_alone(project: Path) -> None:
    build()
    notes = project / "generated" / "NOTES.md"
    notes.write_text("my notes\n", encoding="utf-8")
    assert build("--check").exit_code == 0
    build()
    assert notes.exists()


def test_a_policy_with_errors_blocks_only_its_own_generation(project: Path) -> None:
    build()
    broken = project / "rules" / "zimbra.sla"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("then severity 1", "then severity 9"), encoding="utf-8"
    )
    old = (project / "generated" / "zimbra.py").read_bytes()
    (project / "generated" / "managry.py").unlink()
    result = build()
    assert result.exit_code == 1
    assert "FAILED rules/zimbra.sla" in result.stdout
    assert "SLA102" in result.stderr
    assert (project / "generated" / "managry.py").exists()  # others are still generated
    assert (project / "generated" / "zimbra.py").read_bytes() == old  # the failed one keeps its old output


def test_failing_worked_example_blocks_generation_unless_no_test(project: Path) -> None:
    path = project / "rules" / "cloudtalk.sla"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "\nexample wrong\n    plan professional\n    opened 2025-03-03 09:00 Europe/Bratislava\n    expect priority 1\n",
        encoding="utf-8",
    )
    result = build()
    assert result.exit_code == 1
    assert "FAIL cloudtalk::wrong" in result.stderr
    expectation_line = len(path.read_text(encoding="utf-8").splitlines())  # the last line
    assert f"rules/cloudtalk.sla:{expectation_line}:5: expectation failed" in result.stderr
    assert "- expected: level 1" in result.stderr
    assert "+ actual:   level 3" in result.stderr
    assert not (project / "generated" / "cloudtalk.py").exists()
    assert build("--no-test").exit_code == 0
    assert (project / "generated" / "cloudtalk.py").exists()


def test_passing_worked_example(project: Path) -> None:
    path = project / "rules" / "cloudtalk.sla"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "\nexample default\n    plan professional\n    opened 2025-03-03 09:00 Europe/Bratislava\n"
        "    expect priority 3\n    expect initial_response due 2025-03-04 10:00 Europe/Bratislava\n",
        encoding="utf-8",
    )
    result = build()
    assert result.exit_code == 0, result.output


def test_out_directory_option(project: Path) -> None:
    result = build("rules/managry.sla", "--out", "elsewhere")
    assert result.exit_code == 0, result.output
    assert (project / "elsewhere" / "managry.py").read_text(encoding="utf-8").startswith("# Code generated by slac")


def test_internal_errors_exit_2_without_a_traceback(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from slac.codegen import python

    def explode(compilation: object, options: object) -> dict[str, str]:
        raise RuntimeError("boom")

    monkeypatch.setattr(python, "generate", explode)
    result = build()
    assert result.exit_code == 2
    assert "internal error: RuntimeError: boom" in result.stderr
    assert "Traceback" not in result.output


def test_write_failure_changes_no_generated_file(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from slac.outputs import journal

    build()
    generated = project / "generated"
    (generated / "cloudtalk.py").write_text("# old cloudtalk\n", encoding="utf-8")
    (generated / "managry.py").write_text("# old managry\n", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in generated.iterdir()}
    real_write = journal._write_temporary

    def fail_on_managry(path: Path, data: bytes, target: Path) -> None:
        if target.name == "managry.py":
            raise OSError(28, "No space left on device")
        real_write(path, data, target)

    monkeypatch.setattr(journal, "_write_temporary", fail_on_managry)
    result = build()
    assert result.exit_code == 1
    assert "cannot write generated/managry.py: No space left on device; no generated file was changed" in result.stderr
    # all or nothing: cloudtalk.py, written before managry.py failed, is not in place either,
    # and no temporary file or journal is left
    assert {p.name: p.read_bytes() for p in generated.iterdir()} == before


def test_a_journal_that_cannot_be_written_changes_nothing(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build()
    target = project / "generated" / "managry.py"
    target.write_text("# old content\n", encoding="utf-8")

    def fail(*arguments: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    result = build()
    assert result.exit_code == 1
    assert "cannot write generated/.slac-journal.json: No space left on device" in result.stderr
    assert target.read_text(encoding="utf-8") == "# old content\n"
    assert sorted(p.name for p in target.parent.iterdir() if p.name.startswith(".")) == [".slac-manifest.json"]


@pytest.mark.parametrize("failing", ["write", "fsync", "replace"])
def test_write_atomic_keeps_the_original_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    target = tmp_path / "module.py"
    target.write_text("original\n", encoding="utf-8")

    def fail(*arguments: object) -> None:
        raise OSError("simulated failure")

    if failing == "write":
        real_fdopen = os.fdopen

        class Failing:
            def __init__(self, handle: object) -> None:
                self.handle = handle

            def __enter__(self) -> Failing:
                return self

            def __exit__(self, *exc: object) -> None:
                self.handle.close()  # type: ignore[attr-defined]

            def write(self, data: bytes) -> int:
                self.handle.write(data[:3])  # type: ignore[attr-defined]
                raise OSError("disk full halfway")

        monkeypatch.setattr(os, "fdopen", lambda fd, mode: Failing(real_fdopen(fd, mode)))
    else:
        monkeypatch.setattr(os, failing, fail)
    with pytest.raises(OSError):
        write_atomic(target, "new content\n")
    assert target.read_text(encoding="utf-8") == "original\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["module.py"]


def test_left_over_documents_of_a_removed_policy_are_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the real Markdown generator: its documents carry the marker too."""
    shutil.copytree(RULES, tmp_path / "rules")
    monkeypatch.chdir(tmp_path)
    assert build().exit_code == 0
    (tmp_path / "rules" / "zimbra.sla").unlink()
    result = build("--check")
    assert result.exit_code == 1
    assert "stale: generated/zimbra.py (no policy generates it any more" in result.stdout
    assert "stale: generated/zimbra.md (no policy generates it any more" in result.stdout
