"""Two exports written from the vendors' API documentation, imported and evaluated, against
histories and deadlines worked out by hand (the arithmetic is beside each figure).

- `jira_dst_issue.json`: one Jira Cloud issue (`expand=changelog`, comments in `fields.comment`)
  over Prague's switch to summer time (2025-03-30), its changelog newest first as Jira lists it,
  offsets written `+0100`/`+0200`, a priority raised from Low, an automation (`app`) comment and
  an internal note.
- `zendesk_pages_out_of_order.json`: two Ticket Audits pages of one ticket, the later audit
  first, Zendesk's slashed timestamps, opened after hours on the Friday before winter time
  (2025-10-26), a customer's private reply, and the solved ticket closed by Zendesk (author -1).
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from slac.cli import main
from tests.importers.support import FIXTURES, POLICY, lines, run_import


def cycles(history: dict, now: str) -> list[tuple]:
    result = CliRunner().invoke(main, ["eval", str(POLICY), "--ticket", json.dumps(history), "--now", now])
    assert result.exit_code == 0, result.output
    evaluation = json.loads(result.stdout)
    return [
        (target, c["start"], c["stop"], c["due"], c["status"], c["elapsed_seconds"], c["level"])
        for target, summary in evaluation["targets"].items()
        for c in summary["cycles"]
    ]


def test_a_jira_issue_over_the_spring_daylight_saving_change() -> None:
    result = run_import("jira", FIXTURES / "jira_dst_issue.json", "--mapping", FIXTURES / "jira.toml", "--policy", POLICY)
    assert result.exit_code == 0, result.stderr
    [history] = lines(result.stdout)
    assert history == {"id": "SD-9", "plan": "standard", "timezone": "Europe/Prague", "country": "CZ", "events": [
        # created 16:30 +0100; the first priority change goes from Low, so it opened Low (4)
        {"at": "2025-03-28T15:30:00Z", "type": "opened", "level": "4", "status": "open"},
        # 09:30 +0200: the reply, then the transition it came with
        {"at": "2025-03-31T07:30:00Z", "type": "message", "by": "agent", "public": True},
        {"at": "2025-03-31T07:30:00Z", "type": "status", "to": "waiting_on_customer"},
        {"at": "2025-03-31T08:00:00Z", "type": "level", "to": "2"},
        {"at": "2025-03-31T09:00:00Z", "type": "message", "by": "customer", "public": True},
        {"at": "2025-03-31T09:00:00Z", "type": "status", "to": "open"},
        {"at": "2025-03-31T09:30:00Z", "type": "message", "by": "agent", "public": False},
        {"at": "2025-03-31T10:00:00Z", "type": "message", "by": "system", "public": True},
        {"at": "2025-03-31T13:00:00Z", "type": "message", "by": "agent", "public": True},
        {"at": "2025-03-31T13:00:00Z", "type": "status", "to": "solved"},
    ]}
    assert cycles(history, "2025-04-10T00:00:00Z") == [
        # Fri 16:30–17:00 and Mon 09:00–09:30 CEST: 1 h; judged at level 4 (the raise came later):
        # 2 business days from Fri 16:30 end Tue 16:30 CEST = 14:30Z (not 15:30Z: summer time began)
        ("first_response", "2025-03-28T15:30:00Z", "2025-03-31T07:30:00Z", "2025-04-01T14:30:00Z", "met", 3600.0, "4"),
        # Mon 11:00–15:00 CEST, neither the note nor the automation stops it; level 2: 8 business
        # hours from Mon 11:00 = 6 h on Monday + 2 h on Tuesday = Tue 11:00 CEST = 09:00Z
        ("next_reply", "2025-03-31T09:00:00Z", "2025-03-31T13:00:00Z", "2025-04-01T09:00:00Z", "met", 14400.0, "2"),
    ]


def test_zendesk_audit_pages_out_of_order_before_the_autumn_change() -> None:
    result = run_import("zendesk", FIXTURES / "zendesk_pages_out_of_order.json", "--mapping", FIXTURES / "zendesk.toml",
                        "--policy", POLICY)
    assert result.exit_code == 0, result.stderr
    [history] = lines(result.stdout)
    assert history == {"id": 555, "plan": "standard", "events": [
        # 2025/10/24 17:00:00 +0200; no organization, so the default plan
        {"at": "2025-10-24T15:00:00Z", "type": "opened", "level": "3", "status": "open",
         "fields": {"environment": "production"}},
        # one audit: its comment, then its changes in the audit's order
        {"at": "2025-10-24T15:30:00Z", "type": "message", "by": "agent", "public": True},
        {"at": "2025-10-24T15:30:00Z", "type": "level", "to": "1"},
        {"at": "2025-10-24T15:30:00Z", "type": "status", "to": "waiting_on_customer"},
        {"at": "2025-10-27T08:00:00Z", "type": "message", "by": "customer", "public": False},
        {"at": "2025-10-27T08:00:00Z", "type": "status", "to": "open"},
        {"at": "2025-10-27T09:15:00Z", "type": "message", "by": "agent", "public": True},
        {"at": "2025-10-27T09:15:00Z", "type": "status", "to": "solved"},
        {"at": "2025-10-31T10:00:00Z", "type": "status", "to": "closed"},
    ]}
    assert cycles(history, "2025-11-10T00:00:00Z") == [
        # opened and answered after 17:00 on Friday: nothing elapsed; judged at level 3 (the
        # escalation is listed after the reply); 1 business day = all of Monday, 09:00–17:00 CET
        # = 16:00Z (winter time began on Sunday). The customer's private reply starts no next_reply.
        ("first_response", "2025-10-24T15:00:00Z", "2025-10-24T15:30:00Z", "2025-10-27T16:00:00Z", "met", 0.0, "3"),
    ]
