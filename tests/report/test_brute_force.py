"""Every figure `slac report` writes, against a deliberately simple brute-force count of what
`slac eval --tickets` prints for each ticket (no code shared with slac.report).

The policy is this file's own (`POLICY`): two plans, three levels, a New York calendar (daylight
saving), 24/7 cells, `n/a`, `best effort`, an excluding rule, pauses, a reopen that starts a new
cycle and a level change that cancels one, so every outcome column is reached. Three thousand
`slac synth` histories over 400 days are counted per plan × level × target × month in New York,
and the totals, per-target and per-plan figures, the time-to-target bins, the worst breaches and
the cycle rows are each compared; the engines must write the same bytes.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

POLICY = """\
policy desk "QA help desk"
    language en

scale priority "Priority"
    chosen by customer
    changed by agent
    level p1 "Urgent"
    level p2 "High"
    level p3 "Normal"

field region "Region"
    values americas, europe
    default americas

calendar ny "New York office"
    timezone America/New_York
    open mon-fri 09:00-18:00

status new "New"
status pending "Pending"
status hold "On hold"
status solved "Solved" is solved
status closed "Closed" is solved

target first_response "First response"
    starts when the ticket is opened
    stops at the first agent reply or when the ticket is solved

target next_reply "Next reply"
    starts at each customer message
    stops at the next agent reply or when the ticket is solved
    paused while hold

target resolution "Resolution"
    starts when the ticket is opened
    stops when the ticket is solved
    paused while pending or hold
    a reopen starts a new cycle
    a level change starts a new cycle

plan basic "Basic"
    hours ny
    targets
        priority | first_response   | next_reply       | resolution
        p1       | 1 business hour  | 2 hours (24/7)   | 3 business days
        p2       | 4 business hours | 8 business hours | 5 business days
        p3       | 1 business day   | n/a              | best effort

plan pro "Pro"
    hours ny
    targets
        priority | first_response    | next_reply       | resolution
        p1       | 15 minutes (24/7) | 1 hour (24/7)    | 24 hours (24/7)
        p2       | 1 business hour   | 4 business hours | 2 business days
        p3       | 4 business hours  | 1 business day   | 4 business days

default priority p3

rule europe_p3_unsupported "Europe's normal tickets have no guaranteed response"
    when region is europe and priority is p3
    then no guaranteed response
"""
NOW = "2026-01-20T00:00:00Z"
ZONE = "America/New_York"
TARGETS = ("first_response", "next_reply", "resolution")
OUTCOME = {
    "met": "met", "breached": "breached", "due": "running", "paused": "running", "n/a": "no_target",
    "best_effort": "no_target", "undefined": "no_target", "excluded": "no_target", "cancelled": "no_target",
}
# upper bound in seconds (exclusive) of each bin of time to target, and its label
BINS = (
    (900, "<15m"), (1800, "15–30m"), (3600, "30m–1h"), (7200, "1–2h"), (14400, "2–4h"), (28800, "4–8h"),
    (86400, "8–24h"), (259200, "1–3d"), (604800, "3–7d"), (float("inf"), "≥7d"),
)


def slac(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "slac", *arguments], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", check=False)


def when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def empty_counts() -> dict[str, int]:
    return {"cycles": 0, "met": 0, "breached": 0, "running": 0, "no_target": 0}


def with_compliance(counts: dict[str, int]) -> dict[str, Any]:
    judged = counts["met"] + counts["breached"]
    return {**counts, "judged": judged, "compliance": round(counts["met"] / judged, 6) if judged else None}


def brute_force(results: list[dict[str, Any]], zone_name: str = ZONE) -> dict[str, Any]:
    """What the report should say, counted one cycle at a time from `slac eval`'s lines."""
    zone = ZoneInfo(zone_name)
    now = when(NOW)
    per_month: dict[tuple[str, str, str, str], dict[str, int]] = {}
    per_plan_level: dict[tuple[str, str, str], dict[str, int]] = {}
    per_target: dict[str, dict[str, int]] = {}
    total = empty_counts()
    times = {target: {label: {"met": 0, "breached": 0} for _, label in BINS} for target in TARGETS}
    breaches = []
    cycles = []
    for line, result in enumerate(results, start=1):
        if "error" in result:
            continue
        for target_index, target in enumerate(TARGETS):
            for number, cycle in enumerate(result["targets"][target]["cycles"], start=1):
                start = when(cycle["start"])
                month = f"{start.astimezone(zone).year:04d}-{start.astimezone(zone).month:02d}"
                outcome = OUTCOME[cycle["status"]]
                for counts in (
                    per_month.setdefault((result["plan"], cycle["level"], target, month), empty_counts()),
                    per_plan_level.setdefault((result["plan"], cycle["level"], target), empty_counts()),
                    per_target.setdefault(target, empty_counts()),
                    total,
                ):
                    counts["cycles"] += 1
                    counts[outcome] += 1
                if cycle["stop"] is not None and cycle["status"] in ("met", "breached"):
                    label = next(label for bound, label in BINS if cycle["elapsed_seconds"] < bound)
                    times[target][label][cycle["status"]] += 1
                late = None
                if cycle["status"] == "breached":
                    end = when(cycle["stop"]) if cycle["stop"] else max(now, start)
                    late = (end - when(cycle["due"])).total_seconds()
                    breaches.append((-late, line, target_index, number, result["id"], cycle))
                cycles.append((result["id"], result["plan"], cycle["level"], target, number, cycle["start"],
                               cycle["stop"] or "", cycle["due"] or "", cycle["status"], cycle["elapsed_seconds"],
                               cycle["paused_seconds"], late, cycle["goal"] or "", line))
    breaches.sort(key=lambda entry: entry[:4])
    return {
        "per_month": per_month, "per_plan_level": per_plan_level, "per_target": per_target, "total": total,
        "times": times, "worst": breaches[:10], "cycles": cycles,
    }


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("brute")
    (folder / "desk.sla").write_text(POLICY, encoding="utf-8")
    made = slac("synth", "desk.sla", "--tickets", "3000", "--seed", "3", "--start", "2025-01-01", "--days", "400",
                "--out", "tickets.jsonl", cwd=folder)
    assert made.returncode == 0, made.stderr
    evaluated = slac("eval", "desk.sla", "--tickets", "tickets.jsonl", "--now", NOW, cwd=folder)
    assert evaluated.returncode == 0, evaluated.stderr
    results = [json.loads(line) for line in evaluated.stdout.splitlines()]
    assert len(results) == 3000
    reported = slac("report", "desk.sla", "--tickets", "tickets.jsonl", "--now", NOW, "--zone", ZONE,
                    "--workers", "1", "--out", "report", cwd=folder)
    assert reported.returncode == 0, reported.stderr
    (folder / "results.jsonl").write_text(evaluated.stdout, encoding="utf-8")
    return folder, brute_force(results)


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_outcome_is_reached(run: tuple[Path, dict[str, Any]]) -> None:
    _, expected = run
    assert all(expected["total"][column] > 50 for column in ("met", "breached", "no_target"))
    assert expected["total"]["running"] > 0
    assert len({key[3] for key in expected["per_month"]}) >= 13


def test_compliance_csv_is_the_brute_force_count(run: tuple[Path, dict[str, Any]]) -> None:
    folder, expected = run
    actual = {}
    for row in rows(folder / "report" / "compliance.csv"):
        actual[(row["plan"], row["level"], row["target"], row["month"])] = {
            column: row[column] for column in ("cycles", "met", "breached", "running", "no_target", "judged", "compliance")
        }
    wanted = {}
    for key, counts in expected["per_month"].items():
        figures = with_compliance(counts)
        share = "" if figures["compliance"] is None else f"{counts['met'] / figures['judged']:.6f}"
        wanted[key] = {**{name: str(value) for name, value in figures.items()}, "compliance": share}
    assert actual == wanted


def test_summary_json_is_the_brute_force_count(run: tuple[Path, dict[str, Any]]) -> None:
    folder, expected = run
    summary = json.loads((folder / "report" / "summary.json").read_text(encoding="utf-8"))
    assert summary["histories"] == 3000 and summary["errors"] == 0
    assert summary["totals"] == with_compliance(expected["total"])
    assert {r.pop("target"): r for r in summary["by_target"]} == {
        target: with_compliance(counts) for target, counts in expected["per_target"].items()
    }
    assert {(r.pop("plan"), r.pop("level"), r.pop("target")): r for r in summary["by_plan_level_target"]} == {
        key: with_compliance(counts) for key, counts in expected["per_plan_level"].items()
    }
    assert {(r.pop("plan"), r.pop("level"), r.pop("target"), r.pop("month")): r for r in summary["compliance"]} == {
        key: with_compliance(counts) for key, counts in expected["per_month"].items()
    }
    assert {
        target: {entry["bin"]: {"met": entry["met"], "breached": entry["breached"]} for entry in bins}
        for target, bins in summary["time_to_target"].items()
    } == expected["times"]
    worst = [(b["ticket"], b["target"], b["cycle"], b["late_seconds"], b["due"], b["stop"], b["level"])
             for b in summary["worst_breaches"]]
    assert worst == [(ticket, TARGETS[target], number, -minus_late, cycle["due"], cycle["stop"], cycle["level"])
                     for minus_late, _, target, number, ticket, cycle in expected["worst"]]


def test_cycles_csv_holds_every_cycle_of_slac_eval(run: tuple[Path, dict[str, Any]]) -> None:
    folder, expected = run
    actual = [
        (r["ticket"], r["plan"], r["level"], r["target"], int(r["cycle"]), r["start"], r["stop"], r["due"], r["status"],
         float(r["elapsed_seconds"]), float(r["paused_seconds"]), float(r["late_seconds"]) if r["late_seconds"] else None,
         r["goal"], int(r["line"]))
        for r in rows(folder / "report" / "cycles.csv")
    ]
    assert actual == expected["cycles"]


def test_the_page_shows_the_brute_force_figures(run: tuple[Path, dict[str, Any]]) -> None:
    folder, expected = run
    page = (folder / "report" / "report.html").read_text(encoding="utf-8")
    for counts in expected["per_target"].values():
        judged = counts["met"] + counts["breached"]
        assert f"{counts['met']:,} met of {judged:,} judged" in page
        tenths = counts["met"] * 1000 // judged  # rounded down in whole numbers: 100.0% only when none breached
        assert f">{tenths // 10}.{tenths % 10}%</div><div class=\"muted\">{counts['met']:,} met of" in page
        assert f"{counts['breached']:,} breached" in page


@pytest.mark.parametrize("engine", [
    ("--workers", "2", "--chunk-size", "97"),
    ("--engine", "dask", "--workers", "2", "--chunk-size", "250"),
], ids=["process-pool", "dask"])
def test_every_engine_writes_the_same_bytes(run: tuple[Path, dict[str, Any]], engine: tuple[str, ...]) -> None:
    folder, _ = run
    out = f"report-{engine[1]}"
    reported = slac("report", "desk.sla", "--tickets", "tickets.jsonl", "--now", NOW, "--zone", ZONE, *engine,
                    "--out", out, cwd=folder)
    assert reported.returncode == 0, reported.stderr
    for name in ("cycles.csv", "cycles.parquet", "errors.csv", "compliance.csv", "summary.json", "report.html"):
        assert (folder / out / name).read_bytes() == (folder / "report" / name).read_bytes(), name


def copies(line: str, count: int) -> list[str]:
    """`count` copies of a history under the ids C-1, C-2, …: equally late breaches."""
    history = json.loads(line)
    return [json.dumps({**history, "id": f"C-{number}"}) for number in range(1, count + 1)]


@pytest.mark.parametrize(
    ("case", "zone"),
    [("empty", "UTC"), ("one", "UTC"), ("errors", "UTC"), ("ties", "UTC"), ("mixed", "Pacific/Chatham"),
     ("mixed", "Asia/Kathmandu"), ("mixed", "Australia/Lord_Howe")],
)
def test_edge_inputs_against_the_brute_force(run: tuple[Path, dict[str, Any]], case: str, zone: str) -> None:
    folder, _ = run
    tickets = (folder / "tickets.jsonl").read_text(encoding="utf-8").splitlines()
    breached = next(line for line, result in zip(tickets, (folder / "results.jsonl").read_text().splitlines())
                    if '"breached"' in result)
    lines = {
        "empty": [],
        "one": tickets[:1],
        "errors": ["{", "[]", json.dumps({"id": "x", "plan": "gold", "events": []}), "\ufeff{}"],
        "ties": copies(breached, 15),
        "mixed": tickets[:400] + ["not json"] + tickets[400:600],
    }[case]
    name = f"{case}-{zone.replace('/', '-')}"
    (folder / f"{name}.jsonl").write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    evaluated = slac("eval", "desk.sla", "--tickets", f"{name}.jsonl", "--now", NOW, cwd=folder)
    results = [json.loads(line) for line in evaluated.stdout.splitlines()]
    expected = brute_force(results, zone)
    reported = slac("report", "desk.sla", "--tickets", f"{name}.jsonl", "--now", NOW, "--zone", zone, "--workers", "1",
                    "--out", name, cwd=folder)
    # not one history evaluated: the report is written, and the run fails (slac report's exit status)
    assert reported.returncode == (1 if case == "errors" else 0), reported.stderr
    summary = json.loads((folder / name / "summary.json").read_text(encoding="utf-8"))
    assert summary["histories"] == len([line for line in lines if line.strip()])
    assert summary["errors"] == sum("error" in result for result in results)
    assert len(rows(folder / name / "errors.csv")) == summary["errors"]
    assert summary["totals"] == with_compliance(expected["total"])
    assert {(r.pop("plan"), r.pop("level"), r.pop("target"), r.pop("month")): r for r in summary["compliance"]} == {
        key: with_compliance(counts) for key, counts in expected["per_month"].items()
    }
    assert [(b["ticket"], b["target"], b["cycle"], b["late_seconds"]) for b in summary["worst_breaches"]] == [
        (ticket, TARGETS[target], number, -minus_late) for minus_late, _, target, number, ticket, _ in expected["worst"]
    ]
    assert len(rows(folder / name / "cycles.csv")) == len(expected["cycles"])
    if case == "ties":
        assert [b["ticket"] for b in summary["worst_breaches"]][:10] == [b[4] for b in expected["worst"]]
        assert len({b["late_seconds"] for b in summary["worst_breaches"]}) < 10  # ties were broken by input order
