"""Writing a report's files into its output directory: cycles.parquet and cycles.csv streamed
row by row while chunks arrive, errors.csv, compliance.csv, summary.json and report.html.

Every file is first written under a temporary name in the output directory and renamed over
its final name only when the whole report is ready; a run that fails leaves the directory as it
was (its temporary files removed) and touches no other file there.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import IO, Any, Final

from slac.report.aggregate import TIME_BINS, ComplianceRow, ReportData, totals
from slac.report.arrow import require_pyarrow
from slac.report.replay import CYCLE_COLUMNS, ERROR_COLUMNS, ChunkResult, CycleRow
from slac.runtime.inputs import format_instant

COMPLIANCE_COLUMNS: Final = (
    "plan", "level", "target", "month", "cycles", "met", "breached", "running", "no_target", "judged", "compliance",
)
"""compliance.csv's columns: `judged` = met + breached is compliance's denominator; `compliance`
is empty when it is 0."""
REPORT_FILES: Final = ("cycles.parquet", "cycles.csv", "errors.csv", "compliance.csv", "summary.json", "report.html")
"""The files a report writes into its directory (and the only ones it replaces)."""
PARQUET_ROW_GROUP: Final = 100_000
_INSTANT_COLUMNS: Final = frozenset({"start", "stop", "due"})


def seconds_text(value: float | None) -> str:
    """Seconds as CSV text: no trailing zeros, empty for none."""
    if value is None:
        return ""
    return f"{value:.6f}".rstrip("0").rstrip(".")


def compliance_text(row: ComplianceRow) -> str:
    """A row's compliance with six decimals, empty when nothing was judged."""
    return "" if row.compliance is None else f"{row.compliance:.6f}"


def compliance_record(row: ComplianceRow) -> dict[str, Any]:
    """A compliance row as JSON-ready data (compliance null when nothing was judged)."""
    return {
        "plan": row.plan, "level": row.level, "target": row.target, "month": row.month, "cycles": row.cycles,
        "met": row.met, "breached": row.breached, "running": row.running, "no_target": row.no_target,
        "judged": row.judged, "compliance": None if row.compliance is None else round(row.compliance, 6),
    }


class OutputError(RuntimeError):
    """A report directory that cannot take the report; the message names the path and the fix."""


class ReportWriter:
    """The files of one report, written under temporary names until `commit` renames them."""

    def __init__(self, out: Path, inputs: Sequence[str] = ()) -> None:
        self._pyarrow = require_pyarrow("write cycles.parquet")
        self.out = out
        _check_directory(out, inputs)
        self._temporaries: dict[str, str] = {}
        self._cycles_csv = self._open("cycles.csv")
        self._errors_csv = self._open("errors.csv")
        self._cycles_writer = csv.writer(self._cycles_csv, lineterminator="\n")
        self._errors_writer = csv.writer(self._errors_csv, lineterminator="\n")
        self._cycles_writer.writerow(CYCLE_COLUMNS)
        self._errors_writer.writerow(ERROR_COLUMNS)
        self._parquet_path = self._reserve("cycles.parquet")
        self._arrow_schema = self._schema()
        self._parquet = self._pyarrow.parquet.ParquetWriter(self._parquet_path, self._arrow_schema)
        self._pending: list[CycleRow] = []

    def _reserve(self, name: str) -> str:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=self.out)
        os.close(descriptor)
        self._temporaries[name] = temporary
        return temporary

    def _open(self, name: str) -> IO[str]:
        return open(self._reserve(name), "w", encoding="utf-8", newline="")

    def _schema(self) -> Any:
        pa = self._pyarrow
        instant = pa.timestamp("us", tz="UTC")
        types = {
            "cycle": pa.int32(), "elapsed_seconds": pa.float64(), "paused_seconds": pa.float64(),
            "late_seconds": pa.float64(), "line": pa.int64(),
        }
        return pa.schema([(name, instant if name in _INSTANT_COLUMNS else types.get(name, pa.string()))
                          for name in CYCLE_COLUMNS])

    def add(self, result: ChunkResult) -> None:
        """A chunk's rows, appended in order."""
        write = self._cycles_writer.writerow
        for row in result.rows:
            write(_csv_cells(row))
        self._errors_writer.writerows([[spreadsheet_text(cell) for cell in error] for error in result.errors])
        self._pending.extend(result.rows)
        if len(self._pending) >= PARQUET_ROW_GROUP:
            self._flush(PARQUET_ROW_GROUP)

    def _flush(self, size: int) -> None:
        """Write the pending rows to Parquet in row groups of `size` (the last may be shorter),
        so the file is the same however the rows arrived."""
        while self._pending and len(self._pending) >= size:
            batch = self._pending[: size or len(self._pending)]
            del self._pending[: len(batch)]
            columns = list(zip(*batch))
            self._parquet.write_table(self._pyarrow.Table.from_arrays(
                [self._pyarrow.array(column, type=field.type) for column, field in zip(columns, self._arrow_schema)],
                schema=self._arrow_schema,
            ))

    def commit(self, compliance: Sequence[ComplianceRow], summary: dict[str, Any], page: str) -> list[Path]:
        """Write the remaining files and rename every file into place; the paths written."""
        self._flush(0)
        self._parquet.close()
        self._cycles_csv.close()
        self._errors_csv.close()
        with self._open("compliance.csv") as handle:
            handle.write(compliance_csv(compliance))
        with self._open("summary.json") as handle:
            handle.write(json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
        with self._open("report.html") as handle:
            handle.write(page)
        written = []
        for name, temporary in sorted(self._temporaries.items()):
            os.chmod(temporary, 0o644)
            os.replace(temporary, self.out / name)
            written.append(self.out / name)
        self._temporaries.clear()
        return written

    def discard(self) -> None:
        """Remove the temporary files of a run that failed."""
        for handle in (self._cycles_csv, self._errors_csv):
            handle.close()
        try:
            self._parquet.close()
        except Exception:  # noqa: BLE001 - closing a half-written file on the way out
            pass
        for temporary in self._temporaries.values():
            Path(temporary).unlink(missing_ok=True)
        self._temporaries.clear()


def _check_directory(out: Path, inputs: Sequence[str]) -> None:
    """Create `out` if needed and make sure the report can be written and renamed into it,
    before a long run: an `OutputError` for a directory that cannot be made or written, for a
    directory standing where one of `REPORT_FILES` goes (no file can be renamed over it, and
    renaming the others first would leave half a report), and for one of the `inputs` (the
    tickets files) standing there: the report would replace the user's histories."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        descriptor, probe = tempfile.mkstemp(prefix=".slac-report.", suffix=".tmp", dir=out)
        os.close(descriptor)
        os.unlink(probe)
    except OSError as error:
        raise OutputError(
            f"--out {out}: cannot write the report there ({error.strerror or error}); give a directory you can write"
        ) from None
    for name in REPORT_FILES:
        for given in inputs:
            if (out / name).exists() and os.path.exists(given) and os.path.samefile(out / name, given):
                raise OutputError(f"--tickets {given} is the {name} this report writes into {out}; "
                                  "move it or give another --out")
        if (out / name).is_dir() and not (out / name).is_symlink():
            raise OutputError(
                f"--out {out}: {out / name} is a directory, where the report writes its {name}; move it away"
            )


def _csv_cells(row: CycleRow) -> list[object]:
    return [
        format_instant(value) or "" if isinstance(value, datetime) or (value is None and name in _INSTANT_COLUMNS)
        else seconds_text(value) if isinstance(value, float) or name.endswith("_seconds")
        else "" if value is None else spreadsheet_text(value)
        for name, value in zip(CYCLE_COLUMNS, row)
    ]


FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a CSV cell as a formula (OWASP, "CSV injection")."""


def spreadsheet_text(value: object) -> object:
    """A CSV cell as a spreadsheet shows it: text that starts like a formula (a ticket id or a
    message quoting one, `=HYPERLINK(…)`) gets an apostrophe before it, so that opening the
    file shows the text instead of running it; numbers and other text are as they are.
    cycles.parquet and summary.json keep every value as it is."""
    if value.__class__ is str and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


def compliance_csv(rows: Iterable[ComplianceRow]) -> str:
    """compliance.csv's text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COMPLIANCE_COLUMNS)
    for row in rows:
        writer.writerow([row.plan, row.level, row.target, row.month, row.cycles, row.met, row.breached,
                         row.running, row.no_target, row.judged, compliance_text(row)])
    return buffer.getvalue()


def summary_document(data: ReportData) -> dict[str, Any]:
    """summary.json: the run, the totals, compliance per plan × level × target (over every
    month and per month), the distribution of time to target and the worst breaches."""
    overall = totals(data.rows, ())
    return {
        "policy": data.policy,
        "title": data.title,
        "now": format_instant(data.now),
        "zone": data.zone,
        "tickets": list(data.sources),
        "evaluator": data.evaluator,
        "histories": data.histories,
        "errors": data.errors,
        "totals": _without_keys(compliance_record(overall[0]) if overall else None),
        "by_target": [_without_keys(compliance_record(r), "plan", "level", "month") for r in totals(data.rows, ("target",))],
        "by_plan_level_target": [_without_keys(compliance_record(r), "month") for r in totals(data.rows, ("plan", "level", "target"))],
        "compliance": [compliance_record(row) for row in data.rows],
        "time_to_target": {
            target: [
                {"bin": label, "met": data.times.get((target, index, "met"), 0),
                 "breached": data.times.get((target, index, "breached"), 0)}
                for index, (_, label) in enumerate(TIME_BINS)
            ]
            for target in data.targets
        },
        "worst_breaches": [
            {"ticket": b.ticket, "plan": b.plan, "level": b.level, "target": b.target, "cycle": b.cycle,
             "start": format_instant(b.start), "stop": format_instant(b.stop), "due": format_instant(b.due),
             "late_seconds": b.late_seconds, "elapsed_seconds": b.elapsed_seconds,
             "paused_seconds": b.paused_seconds, "goal": b.goal}
            for b in data.worst
        ],
    }


def _without_keys(record: dict[str, Any] | None, *names: str) -> dict[str, Any] | None:
    if record is None:
        return {"cycles": 0, "met": 0, "breached": 0, "running": 0, "no_target": 0, "judged": 0, "compliance": None}
    names = names or ("plan", "level", "target", "month")
    return {key: value for key, value in record.items() if key not in names}
