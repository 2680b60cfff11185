"""The seed policies: every DEFECT of shared/seeds/README.md is reported at its line, and
nothing else at warning or error level. Assumptions are listed at info level."""

from __future__ import annotations

import pytest

from slac import compile_file
from slac.checks import situations
from slac.diagnostics import Severity

from .support import RULES, SEEDS

def line_of(seed: str, text: str, occurrence: int = 1) -> int:
    """The number of the line holding `text` for the `occurrence`-th time in a seed file, so
    that the expectations follow the file when lines are added above them."""
    lines = (RULES / f"{seed}.sla").read_text(encoding="utf-8").splitlines()
    found = [number for number, line in enumerate(lines, start=1) if text in line]
    return found[occurrence - 1]


# (code, line) of every warning or error, per seed.
EXPECTED_FINDINGS: dict[str, set[tuple[str, int]]] = {
    "managry": {
        # "Kritická funkčnost není k dispozici" under severity 1 and 2
        ("SLA501", line_of("managry", 'criterion "Kritická funkčnost není k dispozici"', 2)),
        ("SLA201", line_of("managry", "        3        |", 1)),  # standard, severity 3
        ("SLA201", line_of("managry", "        4        |", 1)),  # standard, severity 4
        ("SLA201", line_of("managry", "        3        |", 2)),  # premium, severity 3: ongoing
        ("SLA201", line_of("managry", "        4        |", 2)),  # premium, severity 4: ongoing
    },
    # unavailable_2 lowers a priority 2 to 2
    "credenti": {("SLA401", line_of("credenti", "rule unavailable_2"))},
    # email → severity 1, but severity 1 only via the portal
    "zimbra": {("SLA405", line_of("zimbra", "rule email_is_severity_1"))},
    "zmanda": set(),
    "cloudtalk": set(),
}

# Managry misses both targets of standard severities 3 and 4: two findings on each row.
EXPECTED_COUNTS = {
    "managry": 7,
    "credenti": 1,
    "zimbra": 1,
    "zmanda": 0,
    "cloudtalk": 0,
}


def assumed_lines(seed: str) -> set[int]:
    """Every line where the seed marks an interpretation with `assumed "…"`."""
    lines = (RULES / f"{seed}.sla").read_text(encoding="utf-8").splitlines()
    return {number for number, line in enumerate(lines, start=1) if ' assumed "' in line}


EXPECTED_ASSUMPTIONS = {seed: assumed_lines(seed) for seed in ("managry", "credenti", "zimbra", "zmanda", "cloudtalk")}


def _findings(seed: str) -> list[tuple[str, int]]:
    compilation = compile_file(RULES / f"{seed}.sla")
    return [
        (d.code, d.span.line)
        for d in compilation.diagnostics
        if d.severity is not Severity.INFO
    ]


@pytest.mark.parametrize("seed", SEEDS)
def test_seed_defects_are_reported_and_nothing_else(seed: str) -> None:
    findings = _findings(seed)
    assert set(findings) == EXPECTED_FINDINGS[seed]
    assert len(findings) == EXPECTED_COUNTS[seed]


@pytest.mark.parametrize("seed", SEEDS)
def test_seed_assumptions_are_listed_at_info(seed: str) -> None:
    compilation = compile_file(RULES / f"{seed}.sla")
    lines = {d.span.line for d in compilation.diagnostics if d.code == "SLA801"}
    assert lines == EXPECTED_ASSUMPTIONS[seed]
    assert all(
        d.severity is Severity.INFO
        for d in compilation.diagnostics
        if d.code == "SLA801"
    )


def test_managry_missing_cells_name_plan_level_and_target() -> None:
    compilation = compile_file(RULES / "managry.sla")
    messages = {d.message for d in compilation.diagnostics if d.code == "SLA201"}
    for plan, level, target in [
        ("standard", 3, "initial_response"),
        ("standard", 3, "ongoing_response"),
        ("standard", 4, "initial_response"),
        ("standard", 4, "ongoing_response"),
        ("premium", 3, "ongoing_response"),
        ("premium", 4, "ongoing_response"),
    ]:
        assert (
            f"plan `{plan}` has no {target} target for severity {level}: the cell is empty"
            in messages
        )


def test_duplicated_criterion_points_at_the_first_occurrence() -> None:
    compilation = compile_file(RULES / "managry.sla")
    (finding,) = [d for d in compilation.diagnostics if d.code == "SLA501"]
    assert [r.span.line for r in finding.related] == [line_of("managry", 'criterion "Kritická funkčnost není k dispozici"')]


@pytest.mark.parametrize("seed", ["credenti", "zimbra"])
def test_rule_defects_survive_the_bounded_fallback(
    seed: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With too many situations to run, per-rule reasoning still finds the seeds' rule defects."""
    monkeypatch.setattr(situations, "SITUATION_LIMIT", 0)
    assert set(_findings(seed)) == EXPECTED_FINDINGS[seed]
