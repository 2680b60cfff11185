"""`slac check` end to end through click: formats, exit codes, and the internal-error boundary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import slac.checks.report
from slac.checks.registry import all_codes
from slac.cli import main

from .test_seeds import line_of
from .support import CASES, REPO, SHARED

SARIF_SCHEMA = SHARED / "schemas" / "sarif-schema-2.1.0.json"
ERROR_POLICY = 'policy broken "Broken"\n\nscale severity\n    level 1 "Critical"\n\nplan standard\n    hours nowhere\n'

# where the seeds' defects are written (found in the files, so that edits above them are harmless)
STANDARD_3 = line_of("managry", "        3        |", 1)
UNAVAILABLE_2 = line_of("credenti", "rule unavailable_2")
EMAIL_RULE = line_of("zimbra", "rule email_is_severity_1")
ZMANDA_BARE_ONE = line_of("zmanda", "1 hour assumed \"1\"")


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["check", *args])


@pytest.fixture(autouse=True)
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


def test_text_names_path_line_column_code_and_severity() -> None:
    result = run("rules/managry.sla")
    assert result.exit_code == 0
    assert (
        f"rules/managry.sla:{STANDARD_3}:18: SLA201 warning: plan `standard` has no initial_response target"
        in result.stdout
    )
    assert f"   {STANDARD_3} |         3        |                  |" in result.stdout
    assert "  help: give a duration" in result.stdout
    # one info: the Czech "státní svátky" read as all public holidays
    assert "1 file(s) checked: 0 error(s), 7 warning(s), 1 info" in result.stderr


def test_default_paths_are_the_rules_folder() -> None:
    result = run()
    assert result.exit_code == 0
    for seed in ("cloudtalk", "credenti", "managry", "zimbra", "zmanda"):
        assert f"rules/{seed}.sla:" in result.stdout
    assert f"{len(list((REPO / 'rules').glob('*.sla')))} file(s) checked" in result.stderr


def test_warnings_pass_unless_strict() -> None:
    assert run("rules/").exit_code == 0
    assert run("rules/", "--strict").exit_code == 1
    assert run("rules/cloudtalk.sla", "--strict").exit_code == 0


def test_errors_fail_and_every_file_is_reported(tmp_path: Path) -> None:
    broken = tmp_path / "broken.sla"
    broken.write_text(ERROR_POLICY, encoding="utf-8")
    result = run(str(broken), "rules/credenti.sla")
    assert result.exit_code == 1
    assert "SLA102 error: unknown calendar `nowhere`" in result.stdout
    assert f"rules/credenti.sla:{UNAVAILABLE_2}:1: SLA401 warning" in result.stdout


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("no/such/path.sla").exit_code == 2
    assert run("rules/", "--format", "xml").exit_code == 2
    assert run(str(tmp_path)).exit_code == 2  # a folder without .sla files


def test_internal_failure_is_reported_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def explode(paths: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("slac.commands.check.check_files", explode)
    result = run("rules/")
    assert result.exit_code == 2
    assert "slac: internal error: RuntimeError: boom\nslac: this is a bug in slac; please report it with the policy" in result.stderr
    assert "Traceback" not in result.output


def test_json_is_a_list_of_findings() -> None:
    result = run("rules/", "--format", "json")
    assert result.exit_code == 0
    findings = json.loads(result.stdout)
    assert isinstance(findings, list) and findings
    for finding in findings:
        assert {
            "code",
            "severity",
            "path",
            "line",
            "column",
            "end_line",
            "end_column",
            "message",
            "help",
        } <= set(finding)
        assert finding["severity"] in {"error", "warning", "info"}
        assert all(
            isinstance(finding[key], int)
            for key in ("line", "column", "end_line", "end_column")
        )
    assert {
        "code": "SLA405",
        "path": "rules/zimbra.sla",
        "line": EMAIL_RULE,
        "severity": "warning",
    }.items() <= next(f for f in findings if f["code"] == "SLA405").items()


def test_github_annotations() -> None:
    result = run("rules/", "--format", "github")
    lines = result.stdout.splitlines()
    assert any(
        line.startswith(f"::warning file=rules/zimbra.sla,line={EMAIL_RULE},col=1,")
        for line in lines
    )
    assert any(
        line.startswith(f"::notice file=rules/zmanda.sla,line={ZMANDA_BARE_ONE},") for line in lines
    )
    assert all(
        line.startswith(("::warning ", "::notice ", "::error ")) for line in lines
    )
    assert result.stderr == ""


def test_sarif_is_valid_for_code_scanning(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    if not SARIF_SCHEMA.exists():
        pytest.skip(
            f"the SARIF schema is not at {SARIF_SCHEMA} (CI keeps ../shared beside the clone)"
        )
    broken = tmp_path / "broken.sla"
    broken.write_text(ERROR_POLICY, encoding="utf-8")
    suppressed = CASES / "sla201_suppressed_block.sla"
    result = run("rules/", str(broken), str(suppressed), "--format", "sarif")
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(log, schema, cls=jsonschema.Draft4Validator)

    run_ = log["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [doc.code for doc in all_codes()]
    for result_ in run_["results"]:
        assert rules[result_["ruleIndex"]]["id"] == result_["ruleId"]
        assert result_["partialFingerprints"]["slacFindingHash/v1"]
    fingerprints = [
        r["partialFingerprints"]["slacFindingHash/v1"] for r in run_["results"]
    ]
    assert len(fingerprints) == len(set(fingerprints))
    sla201 = next(rule for rule in rules if rule["id"] == "SLA201")
    assert sla201["name"] == "missing-target"
    assert sla201["defaultConfiguration"]["level"] == "warning"
    assert "Example:" in sla201["help"]["text"]
    assert any(r.get("suppressions") for r in run_["results"])
    levels = {r["ruleId"]: r["level"] for r in run_["results"]}
    assert levels["SLA801"] == "note" and levels["SLA102"] == "error"


def test_sarif_is_stable_across_runs() -> None:
    assert (
        run("rules/", "--format", "sarif").stdout
        == run("rules/", "--format", "sarif").stdout
    )


def test_report_paths_are_relative_to_the_working_directory() -> None:
    report = slac.checks.report.check_files([REPO / "rules" / "zimbra.sla"])
    assert report.files == ("rules/zimbra.sla",)


def test_pre_commit_hooks() -> None:
    hooks = (REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    for hook, entry in (("slac-check", "slac check"), ("slac-fmt", "slac fmt")):
        block = hooks.split(f"\n- id: {hook}\n", 1)[1].split("\n- id:", 1)[0]
        assert f"entry: {entry}\n" in block
        assert "language: python\n" in block
        assert "files: \\.sla$" in block
