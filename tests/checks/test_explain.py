"""`slac explain` and the registry behind it: every code slac can emit is documented."""

from __future__ import annotations

import re

from click.testing import CliRunner

from slac.checks.registry import all_codes, checks, lookup
from slac.cli import main

from .support import REPO


def explain(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["explain", *args])
    return result.exit_code, result.stdout, result.stderr


def test_explain_a_code() -> None:
    code, out, _ = explain("SLA201")
    assert code == 0
    assert out.startswith("SLA201 missing-target (warning, completeness)")
    assert "empty cell is not the same as `n/a`" in out
    assert "Example:" in out


def test_explain_is_case_insensitive() -> None:
    assert explain("sla405")[1] == explain("SLA405")[1]


def test_unknown_code_names_the_nearest_and_exits_2() -> None:
    code, out, err = explain("SLA209")
    assert code == 2
    assert "unknown code `SLA209`" in err
    assert "SLA204" in err and "SLA203" in err


def test_no_code_is_a_usage_error() -> None:
    assert explain()[0] == 2


def test_list_prints_every_code() -> None:
    code, out, _ = explain("--list")
    assert code == 0
    for doc in all_codes():
        assert re.search(
            rf"^{doc.code}\s+{doc.name}\s+{doc.severity.value}\s", out, re.MULTILINE
        )
    markdown = explain("--list", "--markdown")[1]
    assert markdown.splitlines()[0] == "| Code | Name | Severity | Family | Summary |"
    assert markdown.count("\n| SLA") == len(all_codes())


def test_every_code_in_the_source_is_documented() -> None:
    emitted = set()
    for path in (REPO / "slac").rglob("*.py"):
        emitted |= set(re.findall(r'"(SLA\d{3})"', path.read_text(encoding="utf-8")))
    documented = {doc.code for doc in all_codes()}
    assert emitted <= documented, f"undocumented: {sorted(emitted - documented)}"
    assert {f"SLA00{n}" for n in range(1, 10)} | {
        f"SLA10{n}" for n in range(1, 9)
    } <= documented


def test_every_entry_is_complete() -> None:
    names = set()
    for doc in all_codes():
        assert re.fullmatch(r"SLA\d{3}", doc.code)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", doc.name)
        assert doc.summary and doc.explanation and doc.example
        assert doc.family != "other"
        names.add(doc.name)
        assert lookup(doc.code) is doc
    assert len(names) == len(all_codes())


def test_severities_follow_the_policy() -> None:
    """Errors before checking (evaluation impossible); checks warn, or inform — except an
    inverted range, whose every evaluation would be nonsense (earliest after due)."""
    for check in checks():
        expected = {"error"} if check.doc.code == "SLA701" else {"warning", "info"}
        assert check.doc.severity.value in expected, check.doc.code
    for doc in all_codes():
        if doc.code < "SLA200":
            assert doc.severity.value == "error"
