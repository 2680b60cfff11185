"""What the tests of tests/plans share: a case policy compiled, and its generated module."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from slac.codegen.python import render_module
from slac.pipeline import Compilation, compile_file

from tests.codegen.support import load_source

CASES = Path(__file__).resolve().parents[1] / "cases" / "plans"


def compile_case(name: str) -> Compilation:
    """tests/cases/plans/<name>.sla, compiled without errors."""
    compilation = compile_file(CASES / f"{name}.sla")
    assert compilation.ok and compilation.policy is not None, compilation.diagnostics
    return compilation


def generated_module(compilation: Compilation, directory: Path) -> ModuleType:
    """The module `slac build` would generate for `compilation`, imported from `directory`."""
    assert compilation.policy is not None
    name = Path(compilation.path).stem
    return load_source(render_module(compilation.policy, f"{name}.sla"), f"generated_{name}", directory)
