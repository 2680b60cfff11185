"""`# slac: allow CODE "reason"`: a suppressed finding stays in the report, at info level, with
its reason; on the finding's line, on its own line before a block, or before a line of a block.
"""

from __future__ import annotations

from slac.diagnostics import Severity

from .support import CASES, check_text


def _by_line(name: str) -> dict[int, list[tuple[str, Severity, str | None]]]:
    text = (CASES / name).read_text(encoding="utf-8")
    found: dict[int, list[tuple[str, Severity, str | None]]] = {}
    for d in check_text(text, name):
        found.setdefault(d.span.line, []).append((d.code, d.severity, d.suppressed))
    return found


def test_on_the_line() -> None:
    found = _by_line("sla401_suppressed_line.sla")
    assert found[34] == [("SLA401", Severity.INFO, "published as is")]
    assert found[42] == [
        ("SLA401", Severity.WARNING, None)
    ]  # another rule, not suppressed


def test_on_its_own_line_before_a_block() -> None:
    found = _by_line("sla201_suppressed_block.sla")
    reason = "the published policy gives no targets for severities 2 and 3"
    assert found[21] == [("SLA201", Severity.INFO, reason)]
    assert found[22] == [("SLA201", Severity.INFO, reason)]
    assert found[30] == [
        ("SLA201", Severity.WARNING, None)
    ]  # the next block is not covered


def test_on_its_own_line_inside_a_block_past_other_comments() -> None:
    found = _by_line("sla201_suppressed_in_block.sla")
    assert found[22] == [("SLA201", Severity.INFO, "not published")]
    assert found[23] == [("SLA201", Severity.WARNING, None)]


def test_a_suppression_of_another_code_changes_nothing() -> None:
    text = (
        (CASES / "sla401_suppressed_line.sla")
        .read_text(encoding="utf-8")
        .replace("allow SLA401", "allow SLA201")
    )
    severities = {
        d.span.line: d.severity for d in check_text(text, "x.sla") if d.code == "SLA401"
    }
    assert severities[34] is Severity.WARNING
