"""What the report tests share: acme compiled once, seeded histories, running a report."""

from __future__ import annotations

import csv
import json
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

from slac.pipeline import Compilation, compile_file
from slac.report import EngineOptions, ReportOptions, build_report
from slac.synth import SynthOptions, synthesize

REPO = Path(__file__).resolve().parents[2]
ACME = REPO / "rules" / "acme.sla"
NOW = datetime(2026, 1, 15, tzinfo=timezone.utc)
NOW_TEXT = "2026-01-15T00:00:00Z"
OUTPUTS = ("cycles.csv", "cycles.parquet", "compliance.csv", "errors.csv", "summary.json", "report.html")


@lru_cache(maxsize=None)
def acme() -> Compilation:
    return compile_file(ACME)


def histories(count: int, seed: int = 7) -> list[dict[str, Any]]:
    policy = acme().policy
    assert policy is not None
    return list(synthesize(policy, SynthOptions(count, seed)))


def write_jsonl(path: Path, items: list[Any]) -> Path:
    path.write_text("".join((item if isinstance(item, str) else json.dumps(item)) + "\n" for item in items),
                    encoding="utf-8")
    return path


def report(tickets: list[Path], out: Path, **options: Any) -> Any:
    engine = options.pop("engine", EngineOptions(workers=1))
    return build_report(acme(), ReportOptions(tuple(map(str, tickets)), str(out), options.pop("now", NOW),
                                              engine=engine, **options))


def csv_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
