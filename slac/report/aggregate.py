"""Counting cycles: per plan × level × target × month, the distribution of time to target, and
the worst breaches; partial counts from every chunk merged into the run's.

The month is the month of the cycle's start in the reporting zone. A cycle counts once, under
the outcome its status belongs to (`OUTCOME_OF`); compliance is met / (met + breached), with no
value when nothing was judged.
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

OUTCOME_OF: Final = {
    "met": "met",
    "breached": "breached",
    "due": "running",
    "paused": "running",
    "n/a": "no_target",
    "best_effort": "no_target",
    "undefined": "no_target",
    "excluded": "no_target",
    "cancelled": "no_target",
}
"""The column of compliance.csv each cycle status is counted in."""
OUTCOMES: Final = ("met", "breached", "running", "no_target")

TIME_BINS: Final = (
    (15 * 60, "<15m"),
    (30 * 60, "15–30m"),
    (3600, "30m–1h"),
    (2 * 3600, "1–2h"),
    (4 * 3600, "2–4h"),
    (8 * 3600, "4–8h"),
    (24 * 3600, "8–24h"),
    (3 * 86400, "1–3d"),
    (7 * 86400, "3–7d"),
    (None, "≥7d"),
)
"""Bins of the time a stopped cycle took on its clock (upper bound in seconds, label)."""
_BIN_EDGES: Final = tuple(edge for edge, _ in TIME_BINS if edge is not None)


def time_bin(elapsed_seconds: float) -> int:
    """The index in `TIME_BINS` of a cycle that took `elapsed_seconds` of clock time."""
    return bisect_right(_BIN_EDGES, elapsed_seconds)


@dataclass(frozen=True)
class Breach:
    """A breached cycle with what its timeline needs: when its clock started, paused, resumed
    and stopped (`transitions`: instant, action, the event in words), and `order`, its place in
    the input, which breaks ties between equally late cycles."""

    order: tuple[int, int, int, int]
    ticket: str
    plan: str
    level: str
    target: str
    cycle: int
    start: datetime
    stop: datetime | None
    due: datetime
    end: datetime
    late_seconds: float
    elapsed_seconds: float
    paused_seconds: float
    goal: str | None
    transitions: tuple[tuple[datetime, str, str], ...]

    @property
    def rank(self) -> tuple[float, tuple[int, int, int, int]]:
        """Later first; among equals, earlier in the input first (negated for a min-heap)."""
        return (self.late_seconds, tuple(-part for part in self.order))  # type: ignore[return-value]


ComplianceKey = tuple[str, str, str, str]
"""(plan, level, target, month)."""


@dataclass
class Tally:
    """Counts accumulated over some cycles (mutable: one per chunk, then merged).

    `counts[key]` is [met, breached, running, no_target]; `times[(target, bin, outcome)]` counts
    stopped cycles with a goal by time taken; `worst` keeps the `keep` latest breaches.
    """

    keep: int
    counts: dict[ComplianceKey, list[int]] = field(default_factory=dict)
    times: dict[tuple[str, int, str], int] = field(default_factory=dict)
    worst: list[tuple[tuple[float, tuple[int, ...]], int, Breach]] = field(default_factory=list)

    def count(self, key: ComplianceKey, status: str) -> None:
        """One cycle of `key` with `status`."""
        row = self.counts.get(key)
        if row is None:
            row = self.counts[key] = [0, 0, 0, 0]
        row[OUTCOMES.index(OUTCOME_OF[status])] += 1

    def time(self, target: str, status: str, elapsed_seconds: float) -> None:
        """A stopped cycle of `target` judged met or breached after `elapsed_seconds`."""
        key = (target, time_bin(elapsed_seconds), status)
        self.times[key] = self.times.get(key, 0) + 1

    def would_keep(self, late_seconds: float, order: tuple[int, int, int, int]) -> bool:
        """Whether a breach this late would be among the worst kept so far."""
        if len(self.worst) < self.keep:
            return self.keep > 0
        return (late_seconds, tuple(-part for part in order)) > self.worst[0][0]

    def breach(self, breach: Breach) -> None:
        """Offer a breach to the worst list."""
        entry = (breach.rank, len(self.worst), breach)
        if len(self.worst) < self.keep:
            heapq.heappush(self.worst, entry)
        elif self.keep and entry[0] > self.worst[0][0]:
            heapq.heapreplace(self.worst, entry)

    def merge(self, other: Tally) -> None:
        """Add another tally's counts into this one."""
        for key, row in other.counts.items():
            mine = self.counts.get(key)
            if mine is None:
                self.counts[key] = list(row)
            else:
                for index, value in enumerate(row):
                    mine[index] += value
        for key, value in other.times.items():
            self.times[key] = self.times.get(key, 0) + value
        for _, _, breach in other.worst:
            self.breach(breach)

    def worst_breaches(self) -> list[Breach]:
        """The kept breaches, latest first."""
        return [breach for _, _, breach in sorted(self.worst, key=lambda entry: entry[0], reverse=True)]


@dataclass(frozen=True)
class ComplianceRow:
    """One row of compliance.csv."""

    plan: str
    level: str
    target: str
    month: str
    met: int
    breached: int
    running: int
    no_target: int

    @property
    def cycles(self) -> int:
        return self.met + self.breached + self.running + self.no_target

    @property
    def judged(self) -> int:
        """The denominator of compliance: cycles that met or breached their target."""
        return self.met + self.breached

    @property
    def compliance(self) -> float | None:
        return self.met / self.judged if self.judged else None


def compliance_rows(
    counts: dict[ComplianceKey, list[int]],
    plans: Sequence[str],
    levels: Sequence[str],
    targets: Sequence[str],
) -> list[ComplianceRow]:
    """The rows in the policy's order of plans, levels and targets, then by month."""

    def place(name: str, order: Sequence[str]) -> tuple[int, str]:
        return (order.index(name), "") if name in order else (len(order), name)

    keys = sorted(counts, key=lambda k: (place(k[0], plans), place(k[1], levels), place(k[2], targets), k[3]))
    return [ComplianceRow(*key, *counts[key]) for key in keys]  # type: ignore[arg-type]


def totals(rows: Iterable[ComplianceRow], by: Sequence[str]) -> list[ComplianceRow]:
    """Rows summed over every column not in `by` (e.g. `("plan", "target")`), in first-seen
    order; the columns summed away read `*`."""
    summed: dict[tuple[str, ...], list[int]] = {}
    for row in rows:
        key = tuple(getattr(row, name) if name in by else "*" for name in ("plan", "level", "target", "month"))
        mine = summed.setdefault(key, [0, 0, 0, 0])
        for index, name in enumerate(OUTCOMES):
            mine[index] += getattr(row, name)
    return [ComplianceRow(*key, *values) for key, values in summed.items()]  # type: ignore[arg-type]


@dataclass(frozen=True)
class ReportData:
    """Everything summary.json and report.html show, for one run.

    `titles` maps plan, level and target names to the policy's titles (keys `plan:x`,
    `level:x`, `target:x`); `times` is `Tally.times`; `worst` the worst breaches, latest first.
    """

    policy: str
    title: str
    now: datetime
    zone: str
    sources: tuple[str, ...]
    histories: int
    errors: int
    evaluator: str
    rows: tuple[ComplianceRow, ...]
    times: dict[tuple[str, int, str], int]
    worst: tuple[Breach, ...]
    plans: tuple[str, ...]
    levels: tuple[str, ...]
    targets: tuple[str, ...]
    titles: dict[str, str]

    def title_of(self, kind: str, name: str) -> str:
        return self.titles.get(f"{kind}:{name}", name)
