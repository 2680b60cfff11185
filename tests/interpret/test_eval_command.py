"""`slac eval`: one ticket or a stream of them, JSON or sentences, and clear failures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from slac.cli import main

from codegen.support import CASES, RULES, line_of

CLOUDTALK = str(RULES / "cloudtalk.sla")
NOW = "2025-03-03T12:00:00Z"


def slac_eval(*arguments: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, ["eval", *arguments], input=stdin, catch_exceptions=False)


def test_one_ticket_as_json() -> None:
    ticket = (
        '{"plan": "professional", "priority": 1, "environment": "staging", "applied_rules": ["not_production"], '
            '"opened_at": "2025-03-03T09:00:00+01:00"}'
    )
    result = slac_eval(CLOUDTALK, "--ticket", ticket, "--now", NOW)
    assert result.exit_code == 0, result.output
    output = json.loads(result.stdout)
    assert output["policy"] == "cloudtalk"
    assert output["level"] == output["priority"] == "3"
    assert output["trace"][-1]["subject"] == "not_production"
    # 9 business hours from Monday 09:00 Bratislava: Tuesday 10:00 = 09:00 UTC.
    clock = "business hours (Monday–Friday 09:00–17:00, Europe/Bratislava, closed on public holidays of SK)"
    summary = {
        "start": "2025-03-03T08:00:00Z",
        "due": "2025-03-04T09:00:00Z",
        "status": "due",
        "clock": clock,
        "earliest": None,
        "reason": None,
    }
    # now (Monday 13:00 Bratislava) is 4 business hours after the opening at 09:00
    cycle = {**summary, "stop": None, "elapsed_seconds": 4 * 3600.0, "paused_seconds": 0.0,
             "goal": "within 9 business hours", "level": "3"}
    assert output["targets"]["initial_response"] == {**summary, "cycles": [cycle]}


def test_one_ticket_explained_in_sentences() -> None:
    ticket = '{"plan": "professional", "opened_at": "2025-03-03T09:00:00+01:00"}'
    result = slac_eval(CLOUDTALK, "--ticket", ticket, "--now", NOW, "--format", "text")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "Level 3 (Problemi generici) on plan professional (Professional): "
        f"no priority was given, so the default applies (line {line_of('cloudtalk', 'default priority')}): priority 3.\n"
    )
    assert (
        "initial_response is due 2025-03-04 09:00 UTC (within 9 business hours from the opening at 2025-03-03 08:00 UTC"
        in result.stdout
    )
    assert "it is not breached at 2025-03-03 12:00 UTC." in result.stdout


def test_text_mode_explains_missing_targets_and_violations() -> None:
    ticket = '{"plan": "standard", "channel": "email", "opened_at": "2025-03-03T09:00:00Z"}'
    result = slac_eval(str(RULES / "zimbra.sla"), "--ticket", ticket, "--now", NOW, "--format", "text")
    assert result.exit_code == 0, result.output
    assert f"Violates restriction portal_only (line {line_of('zimbra', 'restrict portal_only')})" in result.stdout
    assert "follow_up has no deadline (n/a)" in result.stdout


def test_batch_streams_results_in_order_and_reports_bad_lines(tmp_path: Path) -> None:
    lines = [
        '{"plan": "advanced", "priority": 1, "opened_at": "2025-03-03T09:00:00Z"}',
        "",
        "{not json",
        '{"plan": "gold", "opened_at": "2025-03-03T09:00:00Z"}',
        '{"plan": "advanced", "priority": 2, "opened_at": "2025-03-03T09:00:00"}',
        '{"plan": "basic", "opened_at": "2025-03-03T09:00:00Z"}',
    ]
    path = tmp_path / "tickets.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = slac_eval(CLOUDTALK, "--tickets", str(path), "--now", NOW)
    assert result.exit_code == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 5
    assert out[0]["targets"]["initial_response"]["due"] == "2025-03-03T10:00:00Z"
    assert out[1]["line"] == 3 and "not valid JSON" in out[1]["error"]
    assert out[2]["line"] == 4 and out[2]["error"].startswith("plan: 'gold' is not a plan")
    assert out[3]["line"] == 5 and out[3]["error"].startswith("opened_at:")
    assert out[4]["plan"] == "basic"
    assert "line 4: plan: 'gold'" in result.stderr
    assert "3 of 5 ticket(s) could not be evaluated" in result.stderr
    assert "tickets evaluated" not in result.stderr  # no progress when stderr is not a terminal


def test_batch_from_stdin() -> None:
    result = slac_eval(
        CLOUDTALK, "--tickets", "-", "--now", NOW, stdin='{"plan": "basic", "opened_at": "2025-03-03T09:00:00Z"}\n'
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["targets"]["initial_response"]["status"] == "n/a"


def test_invalid_ticket_is_a_clear_message(tmp_path: Path) -> None:
    result = slac_eval(CLOUDTALK, "--ticket", '{"plan": "basic", "opened_at": "2025-03-03 09:00"}')
    assert result.exit_code == 1
    assert "slac: invalid ticket: opened_at:" in result.stderr
    assert "Traceback" not in result.output
    result = slac_eval(CLOUDTALK, "--ticket", "{")
    assert result.exit_code == 1
    assert "not valid JSON" in result.stderr


def test_a_bom_before_one_ticket_is_skipped_as_in_a_file_of_them() -> None:
    # `--ticket "$(cat ticket.json)"` keeps the BOM of a file saved with one
    ticket = '{"plan": "basic", "priority": 3, "opened_at": "2025-03-03T09:00:00+01:00"}'
    plain = slac_eval(CLOUDTALK, "--ticket", ticket, "--now", NOW)
    with_bom = slac_eval(CLOUDTALK, "--ticket", "\ufeff" + ticket, "--now", NOW)
    assert plain.exit_code == with_bom.exit_code == 0, with_bom.output
    assert with_bom.stdout == plain.stdout


def test_an_input_given_twice_is_refused_naming_it(tmp_path: Path) -> None:
    # json.loads keeps the last of two members with one name: priority 1 would have been read
    # as 3, without a word
    ticket = '{"plan": "basic", "priority": 1, "priority": 3, "opened_at": "2025-03-03T09:00:00+01:00"}'
    result = slac_eval(CLOUDTALK, "--ticket", ticket, "--now", NOW)
    assert result.exit_code == 1 and result.stdout == ""
    assert 'slac: invalid ticket: not a ticket: the member "priority" is given twice in one object; ' \
           "give each input once" in result.stderr
    history = {"plan": "basic", "events": [{"type": "opened", "at": "2025-03-03T09:00:00+01:00", "level": 3}]}
    event = '{"type": "message", "at": "2025-03-03T10:00:00+01:00", "by": "agent", "by": "customer"}'
    line = json.dumps(history)[:-2] + ", " + event + "]}"
    tickets = tmp_path / "t.jsonl"
    tickets.write_text(json.dumps(history) + "\n" + line + "\n", encoding="utf-8")
    result = slac_eval(CLOUDTALK, "--tickets", str(tickets), "--now", NOW)
    assert result.exit_code == 1
    assert [json.loads(row).get("line") for row in result.stdout.splitlines()] == [None, 2]
    assert 'line 2: not a ticket: the member "by" is given twice in one object (at events[1])' in result.stderr


def test_an_id_on_a_snapshot_says_where_ids_go() -> None:
    result = slac_eval(CLOUDTALK, "--ticket", '{"id": "T-1", "plan": "basic", "opened_at": "2025-03-03T09:00:00+01:00"}')
    assert result.exit_code == 1
    assert "slac: invalid ticket: id: is not an input of this policy (an id is a key of a ticket history: " \
           "one that lists its `events`)" in result.stderr


def test_bad_now() -> None:
    result = slac_eval(CLOUDTALK, "--ticket", "{}", "--now", "2025-03-03T09:00:00")
    assert result.exit_code == 1
    assert "--now" in result.stderr


def test_policy_with_errors_prints_diagnostics(tmp_path: Path) -> None:
    broken = tmp_path / "broken.sla"
    broken.write_text(
        (RULES / "zimbra.sla").read_text(encoding="utf-8").replace("then severity 1", "then severity 9"),
        encoding="utf-8",
    )
    result = slac_eval(str(broken), "--ticket", "{}")
    assert result.exit_code == 1
    assert "SLA102" in result.stderr
    assert "has errors" in result.stderr


def test_exactly_one_source_of_tickets() -> None:
    assert slac_eval(CLOUDTALK).exit_code == 2
    assert slac_eval(CLOUDTALK, "--ticket", "{}", "--tickets", "-").exit_code == 2


def test_internal_error_exits_2_without_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    from slac.runtime.evaluation import Evaluation

    def explode(self: object, brief: bool = False) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(Evaluation, "to_dict", explode)
    result = slac_eval(CLOUDTALK, "--ticket", '{"plan": "basic", "opened_at": "2025-03-03T09:00:00Z"}')
    assert result.exit_code == 2
    assert "internal error: RuntimeError: boom" in result.stderr
    assert "Traceback" not in result.output


def test_hostile_policy_text_is_shown_escaped() -> None:
    ticket = '{"plan": "standard", "severity": 1, "channel": "email", "opened_at": "2025-03-03T09:00:00Z"}'
    result = slac_eval(str(CASES / "hostile.sla"), "--ticket", ticket, "--now", NOW, "--format", "text")
    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()[0]
    assert first.startswith("Level 1 (Critical\" + __import__('os').getcwd() + \")")
    assert "\\n" in result.stdout  # newlines inside policy text are shown as escapes


# ----------------------------------------------------------------------------- limits and wording

MANAGRY = str(RULES / "managry.sla")


@pytest.mark.parametrize(
    ("opened_at", "year"),
    [
        ("9999-12-31T23:00:00Z", "9999"),
        ("9999-12-31T23:00:00-01:00", "9999"),
        ("0001-01-01T00:00:00Z", "1"),
        ("0001-01-01T00:30:00+01:00", "1"),
    ],
)
def test_instant_outside_the_supported_years_is_an_invalid_ticket(opened_at: str, year: str) -> None:
    ticket = json.dumps({"plan": "standard", "severity": 2, "opened_at": opened_at})
    result = slac_eval(MANAGRY, "--ticket", ticket, "--now", NOW)
    assert result.exit_code == 1, result.output
    assert f"slac: invalid ticket: opened_at: year {year} is outside the supported range 1970–2099" in result.stderr
    assert "internal error" not in result.stderr


def test_now_outside_the_supported_years_is_a_usage_mistake() -> None:
    ticket = '{"plan": "standard", "severity": 2, "opened_at": "2025-03-03T09:00:00Z"}'
    result = slac_eval(MANAGRY, "--ticket", ticket, "--now", "9999-12-31T23:59:00-01:00")
    assert result.exit_code == 1, result.output
    assert "slac: --now: year 9999 is outside the supported range 1970–2099" in result.stderr
    assert "internal error" not in result.stderr


def test_missing_input_that_chooses_the_support_hours() -> None:
    ticket = '{"plan": "basic", "priority": 2, "opened_at": "2025-03-03T09:00:00Z"}'
    result = slac_eval(str(RULES / "credenti.sla"), "--ticket", ticket, "--now", NOW)
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        "slac: invalid ticket: region: is required for plan basic (its support hours depend on it); "
        "accepted: global, north_america\n"
    )


def test_batch_in_text_mode_reports_bad_lines_as_sentences_on_stderr(tmp_path: Path) -> None:
    lines = [
        '{"plan": "advanced", "priority": 1, "opened_at": "2025-03-03T09:00:00Z"}',
        '{"plan": "gold", "opened_at": "2025-03-03T09:00:00Z"}',
        "[1, 2]",
        "{not json",
    ]
    path = tmp_path / "tickets.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = slac_eval(CLOUDTALK, "--tickets", str(path), "--now", NOW, "--format", "text")
    assert result.exit_code == 1
    assert result.stdout.startswith("line 1:\nLevel 1 (")
    assert "{" not in result.stdout and "error" not in result.stdout  # no JSON among the prose
    assert "line 2: invalid ticket: plan: 'gold' is not a plan of this policy" in result.stderr
    assert "line 3: invalid ticket: ticket: must be a JSON object (a mapping of inputs), got a list" in result.stderr
    assert "line 4: invalid ticket: not valid JSON" in result.stderr
    assert "3 of 4 ticket(s) could not be evaluated" in result.stderr


@pytest.mark.parametrize(
    ("policy", "ticket", "phrase"),
    [
        # Premium counts in support hours, which are open 24x7 with no holidays: around the clock.
        (
            "zmanda",
            {"plan": "premium", "priority": "P1", "opened_at": "2025-03-03T09:00:00Z"},
            "(15 minutes from the opening at 2025-03-03 09:00 UTC, counted around the clock)",
        ),
        (
            "cloudtalk",
            {"plan": "professional", "priority": 1, "opened_at": "2025-03-03T09:00:00Z"},
            ", counted in business hours (Monday–Friday 09:00–17:00, Europe/Bratislava, "
            "closed on public holidays of SK))",
        ),
        (
            "cloudtalk",
            {"plan": "advanced", "priority": 1, "opened_at": "2025-03-08T09:00:00Z"},
            "(within 1 hour (24/7) from the opening at 2025-03-08 09:00 UTC, counted on the wall clock)",
        ),
        # Saturday: the out-of-hours alternative applies.
        (
            "managry",
            {"plan": "premium", "severity": 1, "opened_at": "2025-03-08T09:00:00Z"},
            "(1 business hour; 8 hours outside business hours: the opening at 2025-03-08 09:00 UTC was outside "
            "business hours, so 8 hours on the wall clock)",
        ),
        # Friday 10:00 Prague: in business hours, so the business-hours part applies.
        (
            "managry",
            {"plan": "premium", "severity": 1, "opened_at": "2025-03-07T09:00:00Z"},
            "(1 business hour; 8 hours outside business hours: the opening at 2025-03-07 09:00 UTC was in "
            "business hours, so counted in business hours (Monday–Friday 08:00–17:00, Europe/Prague",
        ),
        (
            "zmanda",
            {"plan": "community", "priority": "P1", "opened_at": "2025-03-03T09:00:00Z"},
            "initial_response has no deadline (best effort): ",
        ),
    ],
)
def test_text_mode_says_how_each_deadline_was_counted(policy: str, ticket: dict[str, object], phrase: str) -> None:
    result = slac_eval(str(RULES / f"{policy}.sla"), "--ticket", json.dumps(ticket), "--now", NOW, "--format", "text")
    assert result.exit_code == 0, result.output
    assert phrase in result.stdout
    assert "counted on the business hours" not in result.stdout and "(24/7, " not in result.stdout
