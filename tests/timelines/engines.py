"""slac's engines as the timeline tests call them: acme and its calendar variants compiled, the
interpreter and the generated module, and their cycles in the reference's notation."""

from __future__ import annotations

import tempfile
from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from slac.codegen.python import render_module
from slac.interpret import evaluate as interpret
from slac.model.types import Policy
from slac.pipeline import compile_file
from tests.codegen.support import load_source

from .policies import PRAGUE, CalendarVariant
from .reference import iso

REPO = Path(__file__).resolve().parents[2]
ACME = REPO / "rules" / "acme.sla"


def variant_source(variant: CalendarVariant) -> str:
    """The text of rules/acme.sla with its `calendar office` block replaced by the variant's."""
    lines = ACME.read_text(encoding="utf-8").splitlines(keepends=True)
    first = next(number for number, line in enumerate(lines) if line.startswith("calendar office"))
    end = first + 1
    while end < len(lines) and (lines[end].startswith((" ", "\t")) or not lines[end].strip()):
        end += 1
    while end > first + 1 and not lines[end - 1].strip():
        end -= 1
    return "".join(lines[:first]) + variant.sla_block + "".join(_strict_cells(lines[end:], variant.strict_targets))


def _strict_cells(lines: list[str], targets: frozenset[str]) -> list[str]:
    """`lines` with the timed cells of `targets` in every targets table written `under …`."""
    out, columns = [], set()
    for line in lines:
        cells = [cell.strip() for cell in line.split("|")]
        if len(cells) > 1 and line.startswith("        ") and not cells[0][:1].isdigit():
            columns = {index for index, name in enumerate(cells) if name in targets}
        elif len(cells) > 1 and columns:
            cells = [
                f"under {cell}" if index in columns and cell[:1].isdigit() else cell for index, cell in enumerate(cells)
            ]
            line = "        " + " | ".join(cells) + "\n"
        else:
            columns = set()
        out.append(line)
    return out


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


def engine_levels(result: dict[str, Any]) -> list[tuple[str | None, str]]:
    """The level history of an evaluation's `to_dict()`: (instant, level) per change."""
    return [(engine_instant(change["at"]), str(change["level"])) for change in result["levels"]]


def engine_summaries(result: dict[str, Any]) -> dict[str, tuple[str | None, str | None, str]]:
    """Each target's snapshot keys (start, due, status), which are its last cycle's."""
    return {
        name: (engine_instant(target["start"]), engine_instant(target["due"]), target["status"])
        for name, target in result["targets"].items()
    }


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


def evaluations(variant: CalendarVariant, history: dict[str, Any], now: datetime) -> dict[str, dict[str, Any]]:
    """`to_dict()` of the history's evaluation by each engine: {"interpreter": …, "generated module": …}."""
    policy, module = compiled(variant)
    return {
        "interpreter": interpret(policy, history, now).to_dict(),
        "generated module": module.evaluate(history, now=now).to_dict(),
    }
