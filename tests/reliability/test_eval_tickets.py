"""Issue 11, item 10: `slac eval --tickets` turns every bad line into its own
`{"line": N, "error": …}` record and goes on; a closed pipe ends quietly; a huge value is never
echoed in full. Item 11: a generated `Ticket()` raises `TicketError`, never `TypeError`."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from slac.cli import main
from slac.runtime.inputs import TicketError

from .support import REPO, environment

POLICY = str(REPO / "rules" / "managry.sla")
GOOD = b'{"plan": "premium", "severity": 1, "opened_at": "2025-03-08T10:00:00+01:00"}'
NOW = "2025-03-09T00:00:00Z"


def run(data: bytes) -> tuple[int, list[dict[str, object]], str]:
    """The exit status, the JSON records on stdout, and stderr of `eval --tickets -`."""
    result = CliRunner().invoke(main, ["eval", POLICY, "--tickets", "-", "--now", NOW], input=data)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    return result.exit_code, records, result.stderr


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        (b'{"plan": "prem\xff\xfeium"}', "not UTF-8 text: byte(s) ff at byte 15"),
        (b'{"severity": ' + b"9" * 5000 + b"}", "a number with thousands of digits"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"plan": ' + b"[" * 900 + b"]" * 900 + b"}", "plan: a list is not a plan"),
        (b'{"plan": "premium", "severity": 1, "opened_at": "' + b"2" * 10_000 + b'"}', "… (10,000 characters) is not an ISO 8601 instant"),
        (b"not json", "not valid JSON"),
        (b"\xef\xbb\xbf" + GOOD, None),  # a BOM in the middle of the stream is not skipped
    ],
)
def test_each_bad_line_is_its_own_record_and_the_run_goes_on(bad: bytes, expected: str | None) -> None:
    code, records, _ = run(GOOD + b"\n" + bad + b"\n" + GOOD + b"\n")
    assert code == 1
    assert [record.get("line") for record in records] == [None, 2, None]
    assert records[0]["level"] == records[2]["level"] == "1"
    if expected is not None:
        assert expected in str(records[1]["error"])
    assert len(json.dumps(records[1])) < 1000


def test_a_huge_value_is_quoted_in_80_characters() -> None:
    country = "A" * 500_000
    line = json.dumps({"plan": "premium", "severity": 1, "opened_at": "2025-03-08T10:00:00+01:00", "country": country})
    code, records, stderr = run(line.encode() + b"\n")
    assert code == 1
    assert records[0]["line"] == 1
    assert "'" + "A" * 80 + "'… (500,000 characters)" in str(records[0]["error"])
    assert len(stderr) < 2000


def test_the_generated_module_quotes_a_huge_value_in_80_characters() -> None:
    from generated import managry

    inputs = {"plan": "premium", "severity": 1, "opened_at": "2025-03-08T10:00:00+01:00"}
    for name in ("country", "timezone", "subdivision", "opened_at"):
        with pytest.raises(TicketError) as raised:
            managry.evaluate({**inputs, name: "Z" * 5_000_000})
        assert len(str(raised.value)) < 300
    with pytest.raises(TicketError) as raised:
        managry.evaluate({**inputs, "x" * 5_000_000: 1})
    assert len(str(raised.value)) < 400


def test_a_line_longer_than_a_ticket_can_be_is_not_decoded() -> None:
    code, records, _ = run(b'{"plan": "' + b"x" * 3_000_000 + b'"}\n' + GOOD + b"\n")
    assert code == 1
    assert records[0] == {"line": 1, "error": "the line is 3,000,013 bytes long; a ticket is a JSON object of at most 1,048,576 bytes"}
    assert records[1]["level"] == "1"


def test_a_byte_order_mark_before_the_first_ticket_is_accepted() -> None:
    code, records, _ = run(b"\xef\xbb\xbf" + GOOD + b"\r\n\r\n" + GOOD)
    assert code == 0
    assert [r["level"] for r in records] == ["1", "1"]


def test_a_reader_that_stops_ends_the_run_quietly(tmp_path: Path) -> None:
    tickets = tmp_path / "tickets.jsonl"
    tickets.write_bytes((GOOD + b"\n") * 20_000)
    command = f"{sys.executable} -m slac eval {POLICY} --tickets {tickets} --now {NOW} | head -1"
    result = subprocess.run(["bash", "-c", command], capture_output=True, env=environment())
    assert json.loads(result.stdout)["level"] == "1"
    assert b"Error" not in result.stderr and b"Traceback" not in result.stderr and b"internal error" not in result.stderr


@given(st.lists(st.binary(max_size=60), max_size=12), st.booleans())
def test_fuzz_random_bytes_each_line_gets_one_record(lines: list[bytes], bom: bool) -> None:
    lines = [line.replace(b"\n", b" ") for line in lines]
    data = (b"\xef\xbb\xbf" if bom else b"") + b"\n".join([GOOD, *lines, GOOD]) + b"\n"
    code, records, stderr = run(data)
    assert "internal error" not in stderr and "Traceback" not in stderr
    assert code in (0, 1)
    # a brute-force account of the lines: what is not blank after decoding gets a record
    expected = [n for n, raw in enumerate([GOOD, *lines, GOOD], start=1) if raw.decode("utf-8", "replace").strip()]
    numbers = [r.get("line", n) for r, n in zip(records, expected)]
    assert len(records) == len(expected) and numbers == expected
    assert code == (1 if any("error" in r for r in records) else 0)


def test_ticket_construction_raises_ticket_error() -> None:
    from generated import managry

    opened = datetime(2025, 3, 7, tzinfo=timezone.utc)
    with pytest.raises(TicketError, match="opened_at: is required"):
        managry.Ticket(plan="standard")
    with pytest.raises(TicketError, match="plan: is required"):
        managry.Ticket()
    with pytest.raises(TicketError, match="severty: is not an input of this policy \\(did you mean 'severity'\\?\\)"):
        managry.Ticket(plan="standard", severty=1, opened_at=opened)
    ticket = managry.Ticket(plan="standard", severity=1, opened_at=opened)
    assert ticket.severity == "1" and ticket == managry.Ticket.from_mapping(
        {"plan": "standard", "severity": "1", "opened_at": "2025-03-07T00:00:00Z"}
    )
