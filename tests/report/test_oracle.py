"""compliance.csv and cycles.csv against a deliberately simple oracle: the interpreter's
`evaluate(...).to_dict()` for each history, its cycle dicts counted by hand (no code shared with
slac.report)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from slac import interpret

from .support import NOW, acme, csv_rows, histories, report, write_jsonl

RUNNING = ("due", "paused")
NO_TARGET = ("n/a", "best_effort", "undefined", "excluded", "cancelled")


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def oracle(items: list[dict], zone: str) -> tuple[dict, list[tuple]]:
    """Counts per (plan, level, target, month) and the cycles, straight from the cycle dicts."""
    policy = acme().policy
    counts: dict[tuple[str, str, str, str], Counter] = {}
    cycles = []
    for history in items:
        result = interpret.evaluate(policy, history, NOW).to_dict()
        for target, summary in result["targets"].items():
            for number, cycle in enumerate(summary["cycles"], start=1):
                month = instant(cycle["start"]).astimezone(ZoneInfo(zone)).strftime("%Y-%m")
                key = (result["plan"], cycle["level"], target, month)
                counter = counts.setdefault(key, Counter())
                counter["cycles"] += 1
                if cycle["status"] == "met":
                    counter["met"] += 1
                elif cycle["status"] == "breached":
                    counter["breached"] += 1
                elif cycle["status"] in RUNNING:
                    counter["running"] += 1
                elif cycle["status"] in NO_TARGET:
                    counter["no_target"] += 1
                else:
                    raise AssertionError(f"unexpected status {cycle['status']}")
                late = ""
                if cycle["status"] == "breached":
                    end = instant(cycle["stop"]) if cycle["stop"] else max(NOW, instant(cycle["start"]))
                    late = (end - instant(cycle["due"])).total_seconds()
                cycles.append((history["id"], result["plan"], cycle["level"], target, number, cycle["start"],
                               cycle["stop"] or "", cycle["due"] or "", cycle["status"],
                               float(cycle["elapsed_seconds"]), float(cycle["paused_seconds"]), late))
    return counts, cycles


@pytest.mark.parametrize("zone", ["UTC", "America/Los_Angeles"])
def test_compliance_matches_the_oracle(tmp_path: Path, zone: str) -> None:
    items = histories(300, seed=11)
    counts, _ = oracle(items, zone)
    report([write_jsonl(tmp_path / "h.jsonl", items)], tmp_path / "out", zone=zone)
    rows = csv_rows(tmp_path / "out" / "compliance.csv")
    assert len(rows) == len(counts)
    for row in rows:
        expected = counts[(row["plan"], row["level"], row["target"], row["month"])]
        for column in ("cycles", "met", "breached", "running", "no_target"):
            assert int(row[column]) == expected[column], (row, column)
        judged = expected["met"] + expected["breached"]
        assert int(row["judged"]) == judged
        if judged:
            assert float(row["compliance"]) == pytest.approx(expected["met"] / judged, abs=1e-6)
        else:
            assert row["compliance"] == ""
    # the sample reaches every outcome, so each column above was really compared
    assert all(sum(c[column] for c in counts.values()) > 0 for column in ("met", "breached", "running", "no_target"))


def test_cycles_match_the_oracle(tmp_path: Path) -> None:
    items = histories(200, seed=5)
    _, expected = oracle(items, "UTC")
    report([write_jsonl(tmp_path / "h.jsonl", items)], tmp_path / "out")
    actual = []
    for row in csv_rows(tmp_path / "out" / "cycles.csv"):
        late = float(row["late_seconds"]) if row["late_seconds"] else ""
        actual.append((row["ticket"], row["plan"], row["level"], row["target"], int(row["cycle"]), row["start"],
                       row["stop"], row["due"], row["status"], float(row["elapsed_seconds"]),
                       float(row["paused_seconds"]), late))
    assert sorted(actual, key=repr) == sorted(expected, key=repr)
