"""`slac explain` takes a code or the name the codes table gives it."""

from __future__ import annotations

from click.testing import CliRunner

from slac.cli import main


def test_explain_by_name() -> None:
    by_name = CliRunner().invoke(main, ["explain", "missing-target"])
    by_code = CliRunner().invoke(main, ["explain", "SLA201"])
    assert by_name.exit_code == 0
    assert by_name.output == by_code.output
    assert "SLA201" in by_name.output


def test_a_misspelt_name_suggests_the_code() -> None:
    result = CliRunner().invoke(main, ["explain", "missing-targt"])
    assert result.exit_code == 2
    assert "SLA201 (missing-target)" in result.output
