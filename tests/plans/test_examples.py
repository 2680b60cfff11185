"""The worked examples of the policies in `tests/cases/plans/` (overrides, add-ons, conditional
channels, a policy without levels) pass in both engines, as `slac test` runs them."""

from __future__ import annotations

from pathlib import Path

import pytest

from slac.examples import run_examples
from slac.options import BuildOptions
from slac.pipeline import compile_file

CASES = sorted((Path(__file__).resolve().parents[1] / "cases" / "plans").glob("*.sla"))


@pytest.mark.parametrize("case", CASES, ids=[case.stem for case in CASES])
def test_worked_examples_pass_in_both_engines(case: Path, tmp_path: Path) -> None:
    compilation = compile_file(case)
    assert compilation.ok, compilation.diagnostics
    results = run_examples(compilation, BuildOptions(out_dir=tmp_path))
    assert results, f"{case.name} has no worked example"
    failed = [(result.name, result.mismatches, result.error) for result in results if not result.passed]
    assert failed == []
