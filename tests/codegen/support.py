"""Helpers shared by the code-generation and interpreter tests: compiled seed policies, their
generated modules (imported from the repository's `generated/` directory, as an application
would), and modules rendered on the fly."""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

from slac.model.types import Policy
from slac.pipeline import compile_file

REPO = Path(__file__).resolve().parents[2]
RULES = REPO / "rules"
GENERATED = REPO / "generated"
CASES = REPO / "tests" / "cases"
SEEDS = ("cloudtalk", "credenti", "managry", "zimbra", "zmanda")


@cache
def seed_policy(policy_id: str) -> Policy:
    """The resolved seed policy `rules/<policy_id>.sla`."""
    compilation = compile_file(RULES / f"{policy_id}.sla")
    assert compilation.ok and compilation.policy is not None, compilation.diagnostics
    return compilation.policy


@cache
def generated_module(policy_id: str) -> ModuleType:
    """`generated/<policy_id>.py`, imported by path."""
    return load_module(GENERATED / f"{policy_id}.py", f"generated_{policy_id}")


def load_module(path: Path, name: str) -> ModuleType:
    """Import the Python file at `path` as module `name` (registered, as dataclasses need)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


def load_source(source: str, name: str, directory: Path) -> ModuleType:
    """Write module source to `directory/<name>.py` and import it."""
    path = directory / f"{name}.py"
    path.write_text(source, encoding="utf-8")
    return load_module(path, name)
