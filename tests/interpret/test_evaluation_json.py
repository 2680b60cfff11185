"""`slac.evaluation_json.evaluation_line` writes exactly `json.dumps(evaluation.to_dict(),
ensure_ascii=False)` (and the same of `to_dict(brief=True)`): on every seed policy and the
policy without levels (whose scale, `level`, shares its key with the result's), for tickets
with ids, histories and hostile text, and when a scale is named like a later key of the
result (the names the language allows)."""

from __future__ import annotations

import json
import random
from datetime import datetime, timezone
from pathlib import Path

import pytest

from slac.evaluation_json import evaluation_line
from slac.interpret import Interpreter
from slac.pipeline import compile_file, compile_text
from slac.runtime.evaluation import Evaluation
from slac.runtime.inputs import TicketError

from codegen.support import CASES, RULES, generated_module

from .test_eval_module import history, snapshot

pytestmark = pytest.mark.filterwarnings("ignore:Requested Holidays are available only")

NOW = datetime(2025, 7, 1, 12, tzinfo=timezone.utc)
POLICY_FILES = [*sorted(RULES.glob("*.sla")), CASES / "plans" / "flat.sla", CASES / "hostile.sla"]


def reference(evaluation: Evaluation, brief: bool = False) -> str:
    return json.dumps(evaluation.to_dict(brief=brief), ensure_ascii=False)


def evaluations(path: Path, count: int) -> list[Evaluation]:
    compilation = compile_file(path)
    assert compilation.ok and compilation.policy is not None, compilation.diagnostics
    interpreter = Interpreter(compilation.policy)
    generator = random.Random(path.stem)
    found = []
    for number in range(count):
        ticket = history(generator, compilation.policy) if number % 3 == 0 else snapshot(generator, compilation.policy)
        if number % 3 == 0 and number % 2 == 0:
            ticket["id"] = number if number % 4 else f"ticket-\"{number}\"\n"
        try:
            found.append(interpreter.evaluate(ticket, NOW))
        except TicketError:
            continue
    return found


@pytest.mark.parametrize("path", POLICY_FILES, ids=lambda path: path.stem)
def test_each_line_is_json_dumps_of_to_dict(path: Path) -> None:
    found = evaluations(path, 120)
    assert len(found) > 40
    assert any(evaluation.id is not None for evaluation in found)
    for evaluation in found:
        assert evaluation_line(evaluation) == reference(evaluation)
        assert evaluation_line(evaluation, brief=True) == reference(evaluation, brief=True)


def test_the_generated_modules_evaluations_too() -> None:
    module = generated_module("cloudtalk")
    generator = random.Random(3)
    policy = compile_file(RULES / "cloudtalk.sla").policy
    assert policy is not None
    seen = 0
    for _ in range(100):
        try:
            evaluation = module.evaluate(snapshot(generator, policy), NOW)
        except TicketError:
            continue
        seen += 1
        assert evaluation_line(evaluation) == reference(evaluation)
    assert seen > 50


@pytest.mark.parametrize("scale", ["timeline", "levels", "id"])
def test_a_scale_named_like_a_key_of_the_result(scale: str) -> None:
    text = (CASES / "plans" / "flat.sla").read_text(encoding="utf-8").replace(
        'target initial_response "Initial response" from opened',
        f'scale {scale} "Levels"\n    level 1 "High"\n    level 2 "Low"\n\n'
        'target initial_response "Initial response" from opened',
    )
    compilation = compile_text(text, "scaled.sla")
    assert compilation.ok and compilation.policy is not None, compilation.diagnostics
    interpreter = Interpreter(compilation.policy)
    for ticket in (
        {"plan": "standard", scale: 1, "opened_at": "2025-03-07T15:00:00+01:00"},
        {"id": 7, "plan": "premium", "events": [{"type": "opened", "at": "2025-03-07T15:00:00Z", "level": "2"}]},
    ):
        evaluation = interpreter.evaluate(ticket, NOW)
        assert evaluation_line(evaluation) == reference(evaluation)
        assert evaluation_line(evaluation, brief=True) == reference(evaluation, brief=True)
