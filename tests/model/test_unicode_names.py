"""Authors write names in their own language: levels, fields, plans in Czech compile, build,
evaluate and pass their worked example."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from slac.cli import main
from slac.examples import load_generated_module
from slac.options import BuildOptions
from slac.pipeline import compile_file
from tests.conftest import REPO

CASE = REPO / "tests" / "cases" / "czech_names.sla"


def test_czech_names_resolve() -> None:
    compilation = compile_file(CASE)
    assert compilation.ok, compilation.diagnostics
    assert compilation.policy.scale.names == ("kritická", "vysoká")
    assert [f.name for f in compilation.policy.fields] == ["prostředí"]


def test_czech_names_evaluate_in_the_generated_module() -> None:
    module = load_generated_module(compile_file(CASE), BuildOptions())
    result = module.evaluate(
        {"plan": "prémiová", "závažnost": "kritická", "prostředí": "testovací", "opened_at": "2025-03-07T16:30+01:00"}
    ).to_dict()
    assert result["level"] == "vysoká"  # the rule lowers a test-environment problem
    # Friday 16:30 + 4 business hours: 30 minutes on Friday, Monday 08:00 + 3:30
    assert result["targets"]["první_reakce"]["due"] == "2025-03-10T10:30:00Z"


def test_czech_names_build_and_test(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "rules").mkdir()
    shutil.copy(CASE, tmp_path / "rules" / CASE.name)
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["build"]).exit_code == 0
    assert (tmp_path / "generated" / "podpora.py").exists()
    result = CliRunner().invoke(main, ["test"])
    assert result.exit_code == 0
    assert "1 passed, 0 failed" in result.output


def test_a_name_typed_with_a_combining_accent_is_the_same_name() -> None:
    import unicodedata

    from slac.pipeline import compile_text

    text = CASE.read_text(encoding="utf-8")
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text
    compilation = compile_text(decomposed, "czech_names.sla")
    assert compilation.ok, compilation.diagnostics
    assert compilation.policy.scale.names == ("kritická", "vysoká")
