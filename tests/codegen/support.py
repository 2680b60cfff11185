"""Helpers shared by the code-generation and interpreter tests: compiled seed policies, their
generated modules, and modules rendered on the fly.

The seed modules the behavioural tests run are rendered from `rules/` by the current
generator and imported from a scratch directory, so the tests check what `slac build` writes
now; `tests/codegen/test_build.py` checks that the committed `generated/` is exactly that."""

from __future__ import annotations

import importlib.util
import sys
import tempfile
from functools import cache
from pathlib import Path
from types import ModuleType

from slac.codegen.python import render_module
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


def line_of(policy_id: str, start: str) -> int:
    """The number of the first line of `rules/<policy_id>.sla` that starts with `start`, such
    as "rule not_production", so that tests follow edits of the seed policies."""
    lines = (RULES / f"{policy_id}.sla").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if line.startswith(start))


@cache
def _scratch() -> Path:
    """A directory for rendered modules, removed when the test process ends."""
    directory = tempfile.TemporaryDirectory(prefix="slac-generated-")
    _SCRATCH.append(directory)
    return Path(directory.name)


_SCRATCH: list[tempfile.TemporaryDirectory[str]] = []


@cache
def generated_module(policy_id: str) -> ModuleType:
    """The module `slac build` generates for `rules/<policy_id>.sla`, imported by path."""
    source = render_module(seed_policy(policy_id), f"rules/{policy_id}.sla")
    return load_source(source, f"generated_{policy_id}", _scratch())


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
