"""Names given as `str` subclasses (a `StrEnum` member, as applications keep plans and levels):
both engines read them as the text they hold, and never answer "'standard' is not a plan (did
you mean 'standard'?)"."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import pytest

from slac import interpret

from codegen.support import generated_module, seed_policy


class Plan(StrEnum):
    STANDARD = "standard"


class Severity(StrEnum):
    CRITICAL = "1"


class Shouting(str):
    """A subclass whose own `__str__` says something else: its text is still what it holds."""

    def __str__(self) -> str:
        return self.upper()


def _interpreter(ticket: dict[str, Any]) -> dict[str, Any]:
    return interpret.evaluate(seed_policy("managry"), ticket, "2025-03-10T09:00:00Z").to_dict()


def _generated(ticket: dict[str, Any]) -> dict[str, Any]:
    return generated_module("managry").evaluate(ticket, "2025-03-10T09:00:00Z").to_dict()


@pytest.mark.parametrize("evaluate", [_interpreter, _generated], ids=["interpreter", "generated"])
@pytest.mark.parametrize(("plan", "severity"), [(Plan.STANDARD, Severity.CRITICAL), (Shouting("standard"), Shouting("1"))])
def test_a_str_subclass_is_the_name_it_holds(evaluate: Any, plan: str, severity: str) -> None:
    plain = evaluate({"plan": "standard", "severity": "1", "opened_at": "2025-03-07T16:30:00+01:00"})
    subclassed = evaluate({"plan": plan, "severity": severity, "opened_at": "2025-03-07T16:30:00+01:00"})
    assert subclassed == plain
    assert subclassed["plan"].__class__ is str and subclassed["level"].__class__ is str
    # Friday 16:30 Prague + 1 business hour (08:00-17:00) = Monday 08:30 Prague
    assert subclassed["targets"]["initial_response"]["due"] == "2025-03-10T07:30:00Z"
