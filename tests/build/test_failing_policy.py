"""A policy that fails keeps its previous output, and so does the index of all policies."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from slac.cli import main
from tests.conftest import REPO


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(REPO / "rules", tmp_path / "rules")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["build"]).exit_code == 0
    return tmp_path


def break_an_example(project: Path) -> None:
    # 5 business hours instead of 4: the hand-computed `czech_holiday` example now fails
    path = project / "rules" / "managry.sla"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("2        | 4 business hours |", "2        | 5 business hours |"), encoding="utf-8")


def test_the_index_keeps_a_failing_policy(project: Path) -> None:
    index = (project / "generated" / "index.md").read_text(encoding="utf-8")
    assert "managry.md" in index
    break_an_example(project)

    result = CliRunner().invoke(main, ["build"])

    assert result.exit_code == 1
    assert "not generated: rules/managry.sla fails" in result.output
    assert (project / "generated" / "index.md").read_text(encoding="utf-8") == index


def test_check_does_not_call_a_failing_policy_up_to_date(project: Path) -> None:
    break_an_example(project)
    result = CliRunner().invoke(main, ["build", "--check"])
    assert result.exit_code == 1
    assert "not checked: rules/managry.sla fails" in result.output
    assert "1 policy(ies) not checked" in result.output
    assert "all " not in result.output.splitlines()[-1]


def test_a_build_of_one_file_leaves_the_index_alone(project: Path) -> None:
    index_path = project / "generated" / "index.md"
    index_path.write_text("hand-made\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "rules/zimbra.sla"])
    assert result.exit_code == 0, result.output
    assert index_path.read_text(encoding="utf-8") == "hand-made\n"
