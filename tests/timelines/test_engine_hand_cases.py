"""slac's engines against the cycles worked out by hand in `test_reference.py`.

The hand-computed tables check the reference; here the same tables check the interpreter, the
generated module and `slac eval` directly, so a disagreement between the engine and the
reference can be read against numbers a person worked out.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from click.testing import CliRunner

from slac.cli import main

from .engines import engine_cycles, evaluations, scratch, variant_file
from .policies import PRAGUE
from .test_reference import CASES, VARIANT_CASES, HandCase

pytestmark = pytest.mark.filterwarnings("ignore:Requested Holidays are available only")


def table_rows(cycles: list[dict[str, object]]) -> list[tuple[str, ...]]:
    """An engine's cycles (in the reference's notation) in the notation of the hand tables."""

    def when(value: object) -> str:
        if value is None:
            return "-"
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")).astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M")

    def hours(seconds: object) -> str:
        minutes = round(float(str(seconds))) // 60
        return f"{minutes // 60}:{minutes % 60:02d}"

    return [
        (
            when(cycle["start"]),
            when(cycle["stop"]),
            when(cycle["due"]),
            str(cycle["status"]),
            hours(cycle["elapsed_seconds"]),
            hours(cycle["paused_seconds"]),
            str(cycle["level"]),
        )
        for cycle in cycles
    ]


@pytest.mark.parametrize("case", CASES + VARIANT_CASES, ids=lambda case: case.name)
@pytest.mark.parametrize("engine", ("interpreter", "generated module"))
def test_engine_matches_hand_computed_cycles(case: HandCase, engine: str) -> None:
    result = evaluations(case.variant, case.history(), datetime.fromisoformat(case.now))[engine]
    got = {name: table_rows(cycles) for name, cycles in engine_cycles(result).items() if cycles}
    assert got == case.expected()


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_eval_command_matches_hand_computed_cycles(case: HandCase) -> None:
    """`slac eval rules/acme.sla --tickets FILE --now …`, run in process (the differential test
    runs it as `python -m slac`)."""
    tickets = scratch() / f"{case.name}.jsonl"
    tickets.write_text(json.dumps(case.history()) + "\n", encoding="utf-8")
    outcome = CliRunner().invoke(main, ["eval", str(variant_file(PRAGUE)), "--tickets", str(tickets), "--now", case.now])
    assert outcome.exit_code == 0, outcome.output
    got = {name: table_rows(cycles) for name, cycles in engine_cycles(json.loads(outcome.stdout)).items() if cycles}
    assert got == case.expected()
