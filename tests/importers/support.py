"""What the importer tests share: the fixtures, running `slac import`, reading its output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from slac.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
POLICY = FIXTURES / "policy.sla"
SCHEMA = Path("/work/shared/schemas/ticket-history.schema.json")

# vendor, export, mapping, expected histories
CASES = [
    ("zendesk", "zendesk_audits.json", "zendesk.toml", "zendesk_audits.expected.jsonl"),
    ("zendesk", "zendesk_ticket_events.jsonl", "zendesk.toml", "zendesk_ticket_events.expected.jsonl"),
    ("jira", "jira_issues.json", "jira.toml", "jira_issues.expected.jsonl"),
    ("zammad", "zammad_tickets.json", "zammad.toml", "zammad_tickets.expected.jsonl"),
]


def run_import(*arguments: str | Path) -> Result:
    """`slac import …` in-process; stdout and stderr kept apart."""
    return CliRunner().invoke(main, ["import", *map(str, arguments)])


def lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def fixture_json(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def write_json(path: Path, document: Any) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path
