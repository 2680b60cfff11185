"""`slac synth` writes histories their own policy accepts: on every seed policy, whatever it
requires (a level when there is no default, a field without a default, the customer's zone and
country when support hours follow the customer), every history evaluates without an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from slac.interpret import Interpreter
from slac.pipeline import compile_file
from slac.synth import SynthOptions, synthesize

RULES = Path(__file__).resolve().parents[2] / "rules"


@pytest.mark.parametrize("path", sorted(RULES.glob("*.sla")), ids=lambda path: path.stem)
def test_every_synthesised_history_is_accepted_by_its_policy(path: Path) -> None:
    policy = compile_file(path).policy
    assert policy is not None
    interpreter = Interpreter(policy)
    refused = []
    for history in synthesize(policy, SynthOptions(120, seed=7)):
        try:
            interpreter.evaluate(history, "2026-03-01T00:00:00Z")
        except ValueError as error:
            refused.append(f"{history['id']}: {error}")
    assert refused == []
