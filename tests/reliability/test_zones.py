"""Time zones whose meaning depends on the host, and names that are not zones (issue 11,
items 3 and 9).

`localtime`, `posixrules`, `posix/…`, `right/…` and `Factory` meant different things on
different machines; `US`, `America` (folders of the tz database) and names over 255
characters crashed every command with IsADirectoryError / OSError. slac accepts exactly the
zones and links the `tzdata` package lists and reads their rules from it.
"""

from __future__ import annotations

import importlib.resources
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from slac.cli import main
from slac.examples import load_generated_module
from slac.interpret import Interpreter
from slac.options import BuildOptions
from slac.pipeline import compile_text
from slac.runtime import Calendar, CalendarError, WeeklyInterval
from slac.runtime.inputs import TicketError
from slac.runtime.zones import iana_zone_names
from tests.conftest import REPO

POLICY = """\
policy zones "Zones"

scale severity
    level 1 "One"

calendar office
    timezone {zone}
    open mon-fri 08:00-17:00

calendar customer
    timezone local
    open mon-fri 08:00-17:00

target reply "Reply" from opened

plan gold "Gold"
    hours office
    targets
        severity | reply
        1        | 1 business hour

plan local_plan "Customer's hours"
    hours customer
    targets
        severity | reply
        1        | 1 business hour
"""

HOST_DEPENDENT = ["localtime", "posixrules", "posix/Europe/Prague", "right/UTC", "right/Europe/Prague", "Factory"]
NOT_ZONES = ["US", "America", "Europe", "America/Argentina", "Etc", "A" * 256, "Europe/" + "x" * 300]


def tzdata_list() -> set[str]:
    """The zones and links the tzdata package ships, read here independently of slac."""
    return set(importlib.resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8").split())


def zone_error(zone: str, text: str | None = None) -> tuple[object, list[str]]:
    source = text if text is not None else POLICY.format(zone=zone)
    compilation = compile_text(source, "zones.sla")
    errors = [d for d in compilation.diagnostics if d.severity.value == "error"]
    assert len(errors) == 1, compilation.diagnostics
    return errors[0], source.splitlines()


@pytest.mark.parametrize("zone", HOST_DEPENDENT + NOT_ZONES, ids=lambda z: z[:20])
def test_a_calendar_in_a_zone_that_is_not_a_place_is_refused_at_the_zone(zone: str) -> None:
    error, lines = zone_error(zone)
    assert error.code == "SLA104"
    assert error.span.line == 7 and lines[6][error.span.column - 1 :].startswith("timezone")
    assert error.help and "IANA" in error.help
    assert len(error.message) < 400, "a long name is not echoed in full"


@pytest.mark.parametrize(
    ("zone", "says"),
    [
        ("localtime", "depends on the machine"),
        ("posix/Europe/Prague", "write 'Europe/Prague'"),
        ("right/UTC", "write 'UTC'"),
        ("Factory", "placeholder"),
        ("US", "region of the tz database"),
        ("America", "such as 'America/"),
        ("A" * 300, "300 characters"),
        ("Europe/Pragu", "did you mean 'Europe/Prague'"),
    ],
)
def test_the_message_says_why_and_what_to_write(zone: str, says: str) -> None:
    error, _ = zone_error(zone)
    assert says in error.message


@pytest.mark.parametrize("typo", ["Local", "loacl", "locale", "localtim"])
def test_the_help_for_local_never_suggests_localtime(typo: str) -> None:
    error, _ = zone_error(typo)
    assert "localtime" not in error.message + (error.help or "")
    assert "`timezone local`" in (error.help or "")


@pytest.mark.parametrize("zone", ["Europe/Prague", "UTC", "US/Eastern", "Europe/Kiev", "Etc/GMT+5", "GB", "Asia/Calcutta"])
def test_canonical_zones_and_the_links_tzdata_ships_are_accepted(zone: str) -> None:
    compilation = compile_text(POLICY.format(zone=zone), "zones.sla")
    assert compilation.ok, compilation.diagnostics


def test_the_accepted_zones_are_tzdata_s_list_without_factory() -> None:
    assert iana_zone_names() == tzdata_list() - {"Factory"}
    for zone in sorted(iana_zone_names()):
        Calendar.always(zone)  # every one of them loads


@pytest.mark.parametrize("zone", ["US", "Europe", "localtime", "posix/Europe/Prague", "A" * 300])
def test_instants_and_customer_zones_of_examples_are_refused_with_their_line(zone: str) -> None:
    example = (
        "\nexample e\n    plan local_plan\n    severity 1\n"
        f"    opened 2025-03-07 10:00 {zone}\n    timezone {zone}\n    now 2025-03-07T12:00Z\n"
        "    expect reply n/a\n"
    )
    text = POLICY.format(zone="Europe/Prague") + example
    compilation = compile_text(text, "zones.sla")
    errors = [d for d in compilation.diagnostics if d.severity.value == "error"]
    lines = text.splitlines()
    assert [e.code for e in errors] == ["SLA104", "SLA104"]
    assert lines[errors[0].span.line - 1].strip().startswith("opened")
    assert lines[errors[1].span.line - 1].strip().startswith("timezone")


@pytest.mark.parametrize("zone", ["US", "America", "localtime", "Factory", "right/UTC", "x" * 5000, "Europe/" + "y" * 300])
def test_a_ticket_in_such_a_zone_is_a_ticket_error_in_both_engines(zone: str) -> None:
    compilation = compile_text(POLICY.format(zone="Europe/Prague"), "zones.sla")
    assert compilation.policy is not None
    module = load_generated_module(compilation, BuildOptions())
    ticket = {"plan": "local_plan", "severity": 1, "opened_at": "2025-03-07T10:00:00Z", "timezone": zone}
    with pytest.raises(TicketError) as interpreted:
        Interpreter(compilation.policy).evaluate(ticket, "2025-03-08T00:00:00Z")
    with pytest.raises(TicketError) as generated:
        module.evaluate(ticket, "2025-03-08T00:00:00Z")
    assert str(interpreted.value) == str(generated.value)
    assert str(generated.value).startswith("timezone")
    assert len(str(generated.value)) < 400


@pytest.mark.parametrize("zone", ["US", "Europe", "posixrules", "z" * 300])
def test_slac_eval_reports_a_zone_that_is_a_folder_and_goes_on(zone: str, tmp_path: Path) -> None:
    (tmp_path / "zones.sla").write_text(POLICY.format(zone="Europe/Prague"), encoding="utf-8")
    ticket = json.dumps({"plan": "local_plan", "severity": 1, "opened_at": "2025-03-07T10:00:00Z", "timezone": zone})
    result = CliRunner().invoke(main, ["eval", str(tmp_path / "zones.sla"), "--ticket", ticket])
    assert result.exit_code == 1, result.output
    assert "timezone" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("zone", ["US", "America", "localtime", "Q" * 300])
def test_every_command_reports_the_zone_and_sarif_stays_valid(zone: str, tmp_path: Path) -> None:
    path = tmp_path / "zones.sla"
    path.write_text(POLICY.format(zone=zone), encoding="utf-8")
    runner = CliRunner()
    for command in (["check"], ["build", "--out", str(tmp_path / "out")], ["test"]):
        result = runner.invoke(main, [*command, str(path)])
        assert result.exit_code == 1, (command, result.output)
        assert "SLA104" in result.output and "internal error" not in result.output
    sarif = json.loads(runner.invoke(main, ["check", str(path), "--format", "sarif"]).stdout)
    [finding] = sarif["runs"][0]["results"]
    assert finding["ruleId"] == "SLA104"
    assert finding["locations"][0]["physicalLocation"]["region"]["startLine"] == 7


def test_zone_rules_come_from_tzdata_not_from_the_host(tmp_path: Path) -> None:
    """A host whose Europe/Prague is really UTC (a broken or different tz database on the
    search path) must not change a deadline: the runtime reads the tzdata package."""
    fake = tmp_path / "zoneinfo"
    (fake / "Europe").mkdir(parents=True)
    utc = importlib.resources.files("tzdata.zoneinfo").joinpath("UTC")
    with importlib.resources.as_file(utc) as utc_file:
        shutil.copy(utc_file, fake / "Europe" / "Prague")
        shutil.copy(utc_file, fake / "localtime")
    script = (
        "from datetime import datetime, timezone\n"
        "import zoneinfo\n"
        "from slac.runtime import Calendar, WeeklyInterval\n"
        "assert zoneinfo.ZoneInfo('Europe/Prague').utcoffset(datetime(2025, 7, 1)).total_seconds() == 0\n"
        "calendar = Calendar('Europe/Prague', [WeeklyInterval(d, 480, d, 1020) for d in range(5)])\n"
        "print(calendar.next_opening(datetime(2025, 7, 1, 0, 0, tzinfo=timezone.utc)).isoformat())\n"
    )
    environment = {**os.environ, "PYTHONTZPATH": str(fake)}
    result = subprocess.run(
        [sys.executable, "-c", script], env=environment, cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    # 08:00 in Prague in July is 06:00 UTC (summer time), whatever the host says
    assert result.stdout.strip() == "2025-07-01T06:00:00+00:00"


def test_a_calendar_object_refuses_a_folder_with_a_calendar_error() -> None:
    with pytest.raises(CalendarError, match="region of the tz database"):
        Calendar("America", [WeeklyInterval(0, 480, 0, 1020)])
