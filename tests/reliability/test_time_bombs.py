"""Examples whose outcome depends on the day they run, and instants that occur twice (issue
11, item 4). An example that expects `due` or `breached` without `now` passed until the
deadline went by, then failed the build; `2025-10-26 02:30 Europe/Prague` (the clocks go back
over it) was taken silently as one of its two instants."""

from __future__ import annotations

import pytest

from slac.examples import run_examples
from slac.pipeline import compile_text
from tests.codegen.support import SEEDS, seed_policy

POLICY = """\
policy bombs "Time bombs"

scale severity
    level 1 "One"

calendar office
    timezone {zone}
    open 24x7

target reply "Reply" from opened
target again "Again" from last agent reply

plan gold "Gold"
    hours office
    targets
        severity | reply  | again
        1        | 1 hour | 2 hours

example e
    plan gold
    severity 1
{lines}
"""


def diagnose(lines: str, zone: str = "Europe/Prague") -> tuple[list, list[str]]:
    text = POLICY.format(zone=zone, lines=lines)
    compilation = compile_text(text, "bombs.sla")
    return [d for d in compilation.diagnostics if d.severity.value == "error"], text.splitlines()


@pytest.mark.parametrize("status", ["due", "breached"])
@pytest.mark.parametrize("target", ["reply", "again"])
def test_expecting_a_status_that_depends_on_now_needs_now(status: str, target: str) -> None:
    lines = (
        "    opened 2025-03-07 10:00 Europe/Prague\n    agent replied 2025-03-07 10:30 Europe/Prague\n"
        f"    expect {target} {status}"
    )
    [error], text = diagnose(lines)
    assert error.code == "SLA103"
    assert text[error.span.line - 1].strip() == f"expect {target} {status}"
    assert text[error.span.line - 1][error.span.column - 1 :] == status
    assert "now" in error.message + (error.help or "") and "`now " in (error.help or "")
    fixed, _ = diagnose(lines + "\n    now 2025-03-07 10:15 Europe/Prague")
    assert fixed == []


@pytest.mark.parametrize("expectation", ["expect reply met", "expect reply n/a", "expect severity 1",
                                         "expect reply due 2025-03-07 11:00 Europe/Prague"])
def test_outcomes_that_do_not_depend_on_now_need_no_now(expectation: str) -> None:
    lines = ("    opened 2025-03-07 10:00 Europe/Prague\n    responded 2025-03-07 10:20 Europe/Prague\n"
             f"    {expectation}")
    errors, _ = diagnose(lines)
    assert errors == []


STOPPED_LATE = {
    "snapshot": "    opened 2025-03-07 10:00 Europe/Prague\n    responded 2025-03-07 11:30 Europe/Prague\n",
    "history": (
        "    events\n        2025-03-07 10:00 Europe/Prague opened\n"
        "        2025-03-07 11:30 Europe/Prague agent replied\n"
    ),
}
"""A reply 90 minutes after the opening: `reply` (1 hour, from opened) stopped breached for good."""


@pytest.mark.parametrize("form", list(STOPPED_LATE))
def test_breached_of_a_clock_a_late_reply_stopped_needs_no_now(form: str) -> None:
    errors, text = diagnose(STOPPED_LATE[form] + "    expect reply breached")
    assert errors == []
    [result] = run_examples(compile_text("\n".join(text) + "\n", "bombs.sla"))
    assert result.passed, result


def test_a_history_expecting_the_deadline_of_a_clock_still_running_needs_now() -> None:
    # `again` (from last agent reply) starts at the reply and nothing stops it
    [error], text = diagnose(STOPPED_LATE["history"] + "    expect again due 2025-03-07 13:30 Europe/Prague")
    assert error.code == "SLA103" and "leave the clock of `again` running" in error.message
    assert text[error.span.line - 1].strip().startswith("expect again due")
    errors, _ = diagnose(STOPPED_LATE["history"] + "    expect reply due 2025-03-07 11:00 Europe/Prague")
    assert errors == []


SOLVING = """\
policy solving "Solving"

scale severity
    level 1 "One"

status open "Open"
status done "Done" is solved

calendar office
    timezone Europe/Prague
    open 24x7

target fix "Fix"
    starts when the ticket is opened
    stops when the ticket is solved
    a reopen {reopen}

plan gold "Gold"
    hours office
    targets
        severity | fix
        1        | 1 hour

example e
    plan gold
    severity 1
    events
        2025-03-07 10:00 Europe/Prague opened in status open
        2025-03-07 11:30 Europe/Prague status done
{more}    expect fix breached
"""


@pytest.mark.parametrize(
    ("reopen", "more", "running"),
    [
        ("continues the cycle", "", False),
        ("continues the cycle", "        2025-03-07 12:00 Europe/Prague status open\n", True),
        ("starts a new cycle", "        2025-03-07 12:00 Europe/Prague status open\n", True),
        ("continues the cycle", "        2025-03-07 12:00 Europe/Prague status open\n"
         "        2025-03-07 12:10 Europe/Prague status done\n", False),
    ],
)
def test_solving_stops_a_clock_for_good_until_a_reopen_runs_it_again(reopen: str, more: str, running: bool) -> None:
    compilation = compile_text(SOLVING.format(reopen=reopen, more=more), "solving.sla")
    codes = [d.code for d in compilation.diagnostics if d.severity.value == "error"]
    assert codes == (["SLA103"] if running else [])
    if not running:
        [result] = run_examples(compilation)
        assert result.passed, result


@pytest.mark.parametrize("status", ["due", "paused"])
def test_due_and_paused_need_now_even_once_the_clock_stopped(status: str) -> None:
    [error], _ = diagnose(STOPPED_LATE["snapshot"] + f"    expect reply {status}")
    assert error.code == "SLA103" and f"expects `{status}`" in error.message


def test_breached_of_a_clock_still_running_needs_now_in_both_forms() -> None:
    snapshot = "    opened 2025-03-07 10:00 Europe/Prague\n    agent replied 2025-03-07 11:30 Europe/Prague\n"
    [error], _ = diagnose(snapshot + "    expect again breached")  # started by the reply, not stopped
    assert error.code == "SLA103" and "expects `breached`" in error.message
    history = "    events\n        2025-03-07 10:00 Europe/Prague opened\n    expect reply breached"
    [error], _ = diagnose(history)  # no reply: `reply` still runs
    assert error.code == "SLA103" and "expects `breached`" in error.message


@pytest.mark.parametrize(
    ("zone", "local", "first", "second"),
    [
        ("Europe/Prague", "2025-10-26 02:30", "2025-10-26T02:30+02:00", "2025-10-26T02:30+01:00"),
        ("America/New_York", "2025-11-02 01:15", "2025-11-02T01:15-04:00", "2025-11-02T01:15-05:00"),
        ("Australia/Sydney", "2025-04-06 02:45", "2025-04-06T02:45+11:00", "2025-04-06T02:45+10:00"),
    ],
)
@pytest.mark.parametrize("kind", ["opened", "now", "due"])
def test_a_time_that_occurs_twice_is_refused_with_both_ways_to_write_it(
    zone: str, local: str, first: str, second: str, kind: str
) -> None:
    written = {
        "opened": f"    opened {local} {zone}\n    now 2025-12-01T00:00Z\n    expect reply met",
        "now": f"    opened 2025-09-01 10:00 {zone}\n    now {local} {zone}\n    expect reply breached",
        "due": f"    opened 2025-09-01 10:00 {zone}\n    expect reply due {local} {zone}",
    }[kind]
    [error], text = diagnose(written, zone)
    assert error.code == "SLA104"
    assert "occurs twice" in error.message
    assert text[error.span.line - 1][error.span.column - 1 :].startswith(local)
    assert f"`{first}`" in (error.help or "") and f"`{second}`" in (error.help or "")
    for choice in (first, second):
        errors, _ = diagnose(written.replace(f"{local} {zone}", choice), zone)
        assert [e.code for e in errors if "occurs twice" in e.message] == []


def test_the_two_occurrences_differ_by_the_hour_the_clocks_go_back() -> None:
    for offset, due in (("+02:00", "2025-10-26T01:30:00Z"), ("+01:00", "2025-10-26T02:30:00Z")):
        lines = (f"    opened 2025-10-26T02:30{offset}\n    now 2025-10-27T00:00Z\n"
                 f"    expect reply due {due.replace(':00Z', 'Z')}")
        compilation = compile_text(POLICY.format(zone="Europe/Prague", lines=lines), "bombs.sla")
        assert compilation.ok, compilation.diagnostics
        [result] = run_examples(compilation)
        assert result.passed, result


def test_a_skipped_time_is_still_an_error() -> None:
    [error], _ = diagnose("    opened 2025-03-30 02:30 Europe/Prague\n    expect reply met")
    assert error.code == "SLA104" and "skip" in error.message


@pytest.mark.parametrize("policy_id", SEEDS)
def test_seed_examples_state_now_wherever_the_outcome_depends_on_it(policy_id: str) -> None:
    for example in seed_policy(policy_id).examples:
        if any(e.kind == "status" and e.value in ("due", "breached") for e in example.expectations):
            assert example.now is not None, example.name
