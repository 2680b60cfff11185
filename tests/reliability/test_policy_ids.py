"""Issue 11, item 2: two policies with one id, or a policy whose id names a file slac writes
for all policies, are errors naming both files in `slac check`, `slac build` and
`slac build --check`; nothing is overwritten."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .support import copy_policies, slac, snapshot


def with_id(path: Path, policy_id: str) -> None:
    text = path.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith("policy "))
    path.write_text(text.replace(old, f'policy {policy_id} "{policy_id} support"', 1), encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy_policies(tmp_path / "rules", "managry", "zimbra")
    monkeypatch.chdir(tmp_path)
    assert slac("build", "--no-test").exit_code == 0
    return tmp_path


@pytest.mark.parametrize("second_id", ["managry", "Managry", "ｍａｎａｇｒｙ"])
def test_two_files_with_one_policy_id(project: Path, second_id: str) -> None:
    with_id(project / "rules" / "zimbra.sla", second_id)
    before = snapshot(project / "generated")

    check = slac("check", "--format", "json")
    assert check.exit_code == 1
    findings = [d for d in json.loads(check.stdout) if d["code"] == "SLA101"]
    assert {(d["path"], d["line"]) for d in findings} == {("rules/managry.sla", 4), ("rules/zimbra.sla", 4)}
    by_path = {d["path"]: d for d in findings}
    assert "also declared in rules/zimbra.sla" in by_path["rules/managry.sla"]["message"]
    assert "also declared in rules/managry.sla" in by_path["rules/zimbra.sla"]["message"]
    assert by_path["rules/zimbra.sla"]["column"] == len("policy ") + 1
    assert "give each policy its own id" in by_path["rules/zimbra.sla"]["help"]
    if second_id != "managry":
        assert "differ only in case or form" in by_path["rules/zimbra.sla"]["message"]

    for arguments in (("build", "--no-test"), ("build", "--no-test", "--check")):
        result = slac(*arguments)
        assert result.exit_code == 1
        assert "rules/zimbra.sla:4:8: SLA101 error: the policy id" in result.output
        assert "not generated: rules/managry.sla" in result.output or "not checked: rules/managry.sla" in result.output
    assert snapshot(project / "generated") == before


def test_a_policy_cannot_be_called_index(project: Path) -> None:
    with_id(project / "rules" / "zimbra.sla", "index")
    check = slac("check")
    assert check.exit_code == 1
    assert "rules/zimbra.sla:4:8: SLA101 error: the policy id `index` is reserved: its files would overwrite the index" in check.output
    assert "help: give the policy another id, such as `index_policy`" in check.output
    index = (project / "generated" / "index.md").read_bytes()
    assert slac("build", "--no-test").exit_code == 1
    assert slac("build", "--no-test", "--check").exit_code == 1
    assert (project / "generated" / "index.md").read_bytes() == index
    assert not (project / "generated" / "index.py").exists()


def test_distinct_ids_in_any_alphabet_do_not_clash(project: Path) -> None:
    with_id(project / "rules" / "zimbra.sla", "kritická")
    result = slac("check")
    assert "SLA101" not in result.output
