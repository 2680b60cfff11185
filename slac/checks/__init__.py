"""The checker: one module per family of findings, each finding with a stable code."""

from __future__ import annotations

from slac.diagnostics import Diagnostic
from slac.model.types import Policy


def run_checks(policy: Policy) -> list[Diagnostic]:
    """Every finding of every check on a resolved policy."""
    return []
