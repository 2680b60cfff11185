"""Golden tests: every `tests/cases/check/<name>.sla` is checked and its text report compared
with `<name>.expected`. `slaNNN_*.sla` must report SLANNN; `slaNNN_*_ok.sla` must not.

Adding a case is adding a file; `pytest tests/checks --update-goldens` writes the expected
output (review the diff).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .support import CASES, REPO, check_text, render

CASE_FILES = sorted(CASES.glob("*.sla"))


@pytest.mark.parametrize("case", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_case(case: Path, update_goldens: bool) -> None:
    text = case.read_text(encoding="utf-8")
    path = case.relative_to(REPO).as_posix()
    diagnostics = check_text(text, path)
    report = render(diagnostics, path, text)
    expected_file = case.with_suffix(".expected")
    if update_goldens:
        expected_file.write_text(report, encoding="utf-8")
    assert (
        expected_file.exists()
    ), f"{expected_file.name} is missing; run pytest tests/checks --update-goldens"
    assert report == expected_file.read_text(encoding="utf-8")

    code = "SLA" + re.match(r"sla(\d{3})", case.stem).group(1)  # type: ignore[union-attr]
    reported = {d.code for d in diagnostics}
    if case.stem.endswith("_ok"):
        assert code not in reported, f"{case.name} must not report {code}"
    else:
        assert code in reported, f"{case.name} must report {code}"
    assert not any(
        d.severity.value == "error" and d.code != code for d in diagnostics
    ), "a case may only err with the code it is about"


def test_every_check_has_a_triggering_and_a_clean_case() -> None:
    from slac.checks.registry import checks

    stems = {p.stem for p in CASE_FILES}
    for check in checks():
        prefix = check.doc.code.lower()
        assert any(
            s.startswith(prefix) and not s.endswith("_ok") for s in stems
        ), f"no case triggers {check.doc.code}"
        assert any(
            s.startswith(prefix) and s.endswith("_ok") for s in stems
        ), f"no clean case for {check.doc.code}"
