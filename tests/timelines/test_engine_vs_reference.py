"""slac's cycle engine against the brute-force timeline reference, on random histories.

For `rules/acme.sla` and for variants of it whose `calendar office` block is replaced (a 24x5
week, a night shift, 24x7, Lord Howe Island), every random history (`strategies.histories`) is
evaluated by the interpreter and by the generated module, and every cycle of every target —
start, stop, status, due, elapsed and paused seconds, level — must be what the reference
computes minute by minute. A batch also goes through `python -m slac eval --tickets`.

Example counts come from the active Hypothesis profile (HYPOTHESIS_PROFILE=thorough for many
more); a failure prints the history and `now` as JSON, ready to paste into a regression test.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slac.codegen.python import render_module
from slac.interpret import evaluate as interpret
from slac.model.types import Policy
from slac.pipeline import compile_file

from ..codegen.support import load_source
from .policies import CALENDARS, PRAGUE, CalendarVariant, acme
from .reference import CycleResult, evaluate_history, iso
from .strategies import histories

pytestmark = pytest.mark.filterwarnings("ignore:Requested Holidays are available only")

REPO = Path(__file__).resolve().parents[2]
ACME = REPO / "rules" / "acme.sla"
COMPARED = ("start", "stop", "due", "status", "elapsed_seconds", "paused_seconds", "level")


def variant_source(variant: CalendarVariant) -> str:
    """The text of rules/acme.sla with its `calendar office` block replaced by the variant's."""
    lines = ACME.read_text(encoding="utf-8").splitlines(keepends=True)
    first = next(number for number, line in enumerate(lines) if line.startswith("calendar office"))
    end = first + 1
    while end < len(lines) and (lines[end].startswith((" ", "\t")) or not lines[end].strip()):
        end += 1
    while end > first + 1 and not lines[end - 1].strip():
        end -= 1
    return "".join(lines[:first]) + variant.sla_block + "".join(lines[end:])


_SCRATCH: list[tempfile.TemporaryDirectory[str]] = []


@cache
def scratch() -> Path:
    """A directory for variant policies and their modules, removed when the tests end."""
    directory = tempfile.TemporaryDirectory(prefix="slac-timelines-")
    _SCRATCH.append(directory)
    return Path(directory.name)


@cache
def variant_file(variant: CalendarVariant) -> Path:
    """acme itself on Prague hours; otherwise the variant's policy text written to a file."""
    if variant == PRAGUE:
        return ACME
    path = scratch() / f"acme_{variant.name}.sla"
    path.write_text(variant_source(variant), encoding="utf-8")
    return path


@cache
def compiled(variant: CalendarVariant) -> tuple[Policy, ModuleType]:
    """The variant's policy model and its generated module (rendered now, imported by path)."""
    compilation = compile_file(variant_file(variant))
    assert compilation.ok and compilation.policy is not None, compilation.diagnostics
    source = render_module(compilation.policy, f"rules/{variant_file(variant).name}")
    return compilation.policy, load_source(source, f"generated_acme_{variant.name}", scratch())


def engine_instant(value: str | None) -> str | None:
    """An engine instant in the reference's notation (ISO 8601 UTC, whole seconds, Z)."""
    if value is None:
        return None
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(timezone.utc)
    text = iso(parsed)
    return text if parsed.microsecond == 0 else f"{text} (+{parsed.microsecond} µs)"


def engine_cycles(result: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Each target's cycles from an evaluation's `to_dict()`, in the reference's notation."""
    cycles: dict[str, list[dict[str, Any]]] = {}
    for name, target in result["targets"].items():
        cycles[name] = [
            {
                "start": engine_instant(cycle["start"]),
                "stop": engine_instant(cycle["stop"]),
                "due": engine_instant(cycle["due"]),
                "status": cycle["status"],
                "elapsed_seconds": float(cycle["elapsed_seconds"]),
                "paused_seconds": float(cycle["paused_seconds"]),
                "level": None if cycle.get("level") is None else str(cycle["level"]),
            }
            for cycle in target.get("cycles", [])
        ]
    return cycles


def reference_cycles(expected: dict[str, list[CycleResult]]) -> dict[str, list[dict[str, Any]]]:
    return {name: [cycle.to_dict() for cycle in cycles] for name, cycles in expected.items()}


def assert_same_cycles(
    engine: str, got: dict[str, list[dict[str, Any]]], expected: dict[str, list[dict[str, Any]]], reproducer: str
) -> None:
    """Every target's cycles agree field by field; otherwise a message with the reproducer."""
    problems = []
    for name, cycles in expected.items():
        actual = got.get(name, [])
        if len(actual) != len(cycles):
            problems.append(f"{name}: {len(actual)} cycles, the reference has {len(cycles)}")
        for number, (mine, theirs) in enumerate(zip(cycles, actual)):
            for key in COMPARED:
                if mine[key] != theirs[key]:
                    problems.append(f"{name}[{number}].{key}: {engine} {theirs[key]!r}, reference {mine[key]!r}")
    assert not problems, (
        f"{engine} disagrees with the reference:\n  "
        + "\n  ".join(problems)
        + f"\n{reproducer}\nreference: {json.dumps(expected, indent=1)}\n{engine}: {json.dumps(got, indent=1)}"
    )


def reproducer(variant: CalendarVariant, history: dict[str, Any], now: datetime) -> str:
    return f"calendar: {variant.name}\nnow: {iso(now)}\nhistory: {json.dumps(history)}"


@pytest.mark.parametrize("variant", CALENDARS, ids=lambda variant: variant.name)
@given(case=histories())
def test_engines_agree_with_reference(variant: CalendarVariant, case: tuple[dict[str, Any], datetime]) -> None:
    history, now = case
    policy, module = compiled(variant)
    expected = reference_cycles(evaluate_history(acme(variant), history, now))
    where = reproducer(variant, history, now)
    assert_same_cycles("interpreter", engine_cycles(interpret(policy, history, now).to_dict()), expected, where)
    assert_same_cycles("generated module", engine_cycles(module.evaluate(history, now=now).to_dict()), expected, where)


@pytest.mark.parametrize("variant", (PRAGUE, CALENDARS[2]), ids=lambda variant: variant.name)
@given(batch=st.lists(histories(), min_size=12, max_size=12), now_index=st.integers(0, 11))
def test_eval_command_agrees_with_reference(
    variant: CalendarVariant, batch: list[tuple[dict[str, Any], datetime]], now_index: int
) -> None:
    """`python -m slac eval POLICY --tickets FILE --now …` on a batch, judged at one instant."""
    now = batch[now_index][1]
    tickets = scratch() / f"tickets_{variant.name}.jsonl"
    tickets.write_text("".join(json.dumps(history) + "\n" for history, _ in batch), encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "slac", "eval", str(variant_file(variant)), "--tickets", str(tickets), "--now", iso(now)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    lines = completed.stdout.splitlines()
    assert len(lines) == len(batch)
    for line, (history, _) in zip(lines, batch):
        expected = reference_cycles(evaluate_history(acme(variant), history, now))
        assert_same_cycles("slac eval", engine_cycles(json.loads(line)), expected, reproducer(variant, history, now))
