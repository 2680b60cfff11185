"""Helpers shared by the checker tests: paths, and compiling a policy from text."""

from __future__ import annotations

from pathlib import Path

from slac import compile_text
from slac.diagnostics import Diagnostic, SourceCache, render_text

REPO = Path(__file__).resolve().parents[2]
RULES = REPO / "rules"
CASES = REPO / "tests" / "cases" / "check"
SHARED = REPO.parent / "shared"
SEEDS = ("cloudtalk", "credenti", "managry", "zimbra", "zmanda")


def check_text(text: str, path: str = "policy.sla") -> tuple[Diagnostic, ...]:
    """Every diagnostic of a policy given as text."""
    return compile_text(text, path).diagnostics


def render(diagnostics: tuple[Diagnostic, ...], path: str, text: str) -> str:
    """The text report of `diagnostics`, as `slac check` prints it (without color)."""
    sources = SourceCache({path: text})
    return "".join(render_text(d, sources) + "\n\n" for d in diagnostics)
