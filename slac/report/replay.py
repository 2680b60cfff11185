"""Replaying many histories: what a worker needs to evaluate them (`Evaluator`), and one chunk
of histories turned into cycle rows, error rows and partial counts (`replay_chunk`).

A worker evaluates with the policy's generated module, compiled in memory from the source text
the `Evaluator` carries, so a process-pool worker or a Dask worker on another machine needs the
slac runtime but neither the policy's repository nor `generated/`. Only where a module cannot be
generated does the `Evaluator` carry the policy's text for the reference interpreter instead;
both engines return the same `Evaluation`, so the rows are the same either way.
"""

from __future__ import annotations

import hashlib
import types
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Final, Literal

from slac.report.aggregate import Breach, Tally
from slac.report.sources import Chunk, read_chunk
from slac.runtime.evaluation import Evaluation
from slac.runtime.inputs import TicketError
from slac.runtime.zones import load_zone

CYCLE_COLUMNS: Final = (
    "ticket",
    "plan",
    "level",
    "target",
    "cycle",
    "start",
    "stop",
    "due",
    "status",
    "elapsed_seconds",
    "paused_seconds",
    "late_seconds",
    "goal",
    "source",
    "line",
)
"""The columns of cycles.parquet and cycles.csv, in order. `late_seconds` is the wall-clock
time from a breached cycle's due instant to its end (its stop, or `now`); `source` and `line`
say where the history is (the tickets file as given, its line or row number)."""
ERROR_COLUMNS: Final = ("source", "line", "ticket", "message")

CycleRow = tuple[Any, ...]
"""A row of `CYCLE_COLUMNS` (instants as aware UTC datetimes)."""
ErrorRow = tuple[str, int, str, str]


@dataclass(frozen=True)
class Evaluator:
    """How to evaluate a history under one policy, as data a worker can receive: the generated
    module's source (`kind` "module"), or the policy's `.sla` text for the interpreter."""

    kind: Literal["module", "interpreter"]
    policy: str
    source: str
    path: str

    @property
    def key(self) -> str:
        """What identifies the evaluator a worker built from this one."""
        return hashlib.sha256(f"{self.kind}\0{self.path}\0{self.source}".encode()).hexdigest()

    def function(self) -> Callable[[Any, datetime], Evaluation]:
        """`evaluate(history, now)`, built once per process and kept."""
        loaded = _LOADED.get(self.key)
        if loaded is None:
            loaded = _LOADED[self.key] = self._build()
        return loaded

    def _build(self) -> Callable[[Any, datetime], Evaluation]:
        if self.kind == "module":
            module = load_module_source(self.source, self.policy)
            return module.evaluate  # type: ignore[no-any-return]
        from slac.interpret import Interpreter
        from slac.pipeline import compile_text

        compilation = compile_text(self.source, self.path)
        if compilation.policy is None:
            raise RuntimeError(f"{self.path} no longer compiles on this worker")
        return Interpreter(compilation.policy).evaluate


_LOADED: dict[str, Callable[[Any, datetime], Evaluation]] = {}
"""Evaluators built in this process, by `Evaluator.key`."""


def load_module_source(source: str, policy: str) -> types.ModuleType:
    """Execute a generated module's source as a fresh module (not left in `sys.modules`)."""
    from slac.module_cache import run_module

    return run_module(source, f"_slac_report_{policy}", f"<generated {policy}.py>", keep=False)


@dataclass(frozen=True)
class ReplaySettings:
    """What every chunk of a run shares: the instant running cycles are judged at, the zone
    months are read in, and how many of the worst breaches to keep."""

    now: datetime
    zone: str = "UTC"
    worst: int = 10


@dataclass(frozen=True)
class ChunkResult:
    """A chunk replayed: its cycle rows and error rows in input order, and its counts."""

    index: int
    histories: int
    rows: tuple[CycleRow, ...]
    errors: tuple[ErrorRow, ...]
    tally: Tally


def replay_chunk(chunk: Chunk, evaluator: Evaluator, settings: ReplaySettings) -> ChunkResult:
    """Evaluate every history of `chunk` and turn it into rows and counts."""
    evaluate = evaluator.function()
    zone = timezone.utc if settings.zone == "UTC" else load_zone(settings.zone)
    rows: list[CycleRow] = []
    errors: list[ErrorRow] = []
    tally = Tally(settings.worst)
    histories = 0
    for record in read_chunk(chunk):
        histories += 1
        ticket = _ticket_of(record.history)
        if record.error is not None:
            errors.append((chunk.path, record.position, ticket, record.error))
            continue
        try:
            evaluation = evaluate(record.history, settings.now)
        except TicketError as error:
            errors.append((chunk.path, record.position, ticket, f"invalid ticket: {error}"))
            continue
        except Exception as error:  # noqa: BLE001 - one bad history must not end a long run
            message = f"internal error (a bug in slac; please report it): {type(error).__name__}: {error}"
            errors.append((chunk.path, record.position, ticket, message))
            continue
        for target_index, cycles in enumerate(evaluation.cycles):
            target = evaluation.deadlines[target_index].target
            for cycle in cycles:
                end = cycle.stop if cycle.stop is not None else max(settings.now, cycle.start)
                late = (end - cycle.due).total_seconds() if cycle.status == "breached" and cycle.due else None
                elapsed = cycle.elapsed.total_seconds()
                rows.append(
                    (
                        ticket,
                        evaluation.plan,
                        cycle.level,
                        target,
                        cycle.number,
                        cycle.start,
                        cycle.stop,
                        cycle.due,
                        cycle.status,
                        elapsed,
                        cycle.paused.total_seconds(),
                        late,
                        cycle.goal,
                        chunk.path,
                        record.position,
                    )
                )
                local = cycle.start.astimezone(zone)
                month = f"{local.year:04d}-{local.month:02d}"
                tally.count((evaluation.plan, cycle.level, target, month), cycle.status)
                if cycle.stop is not None and cycle.status in ("met", "breached"):
                    tally.time(target, cycle.status, elapsed)
                if late is not None and cycle.due is not None:
                    order = (chunk.source, record.position, target_index, cycle.number)
                    if tally.would_keep(late, order):
                        tally.breach(_breach(evaluation, target, cycle, end, late, order, ticket))
    return ChunkResult(chunk.index, histories, tuple(rows), tuple(errors), tally)


def _ticket_of(history: Any) -> str:
    """The history's id as text ("" when it has none or is not an object), with what UTF-8
    cannot encode (a lone surrogate from a `\\ud800` escape) written as its escape, so that the
    error row of a history refused for it can be written."""
    if isinstance(history, dict):
        value = history.get("id")
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return str(value).encode("utf-8", "backslashreplace").decode("utf-8")
    return ""


def _breach(evaluation: Evaluation, target: str, cycle: Any, end: datetime, late: float,
            order: tuple[int, int, int, int], ticket: str) -> Breach:
    transitions = tuple(
        (event.at, event.action, event.message())
        for event in evaluation.timeline
        if event.target == target and event.cycle == cycle.number
    )
    return Breach(
        order, ticket, evaluation.plan, cycle.level, target, cycle.number, cycle.start, cycle.stop, cycle.due,
        end, late, cycle.elapsed.total_seconds(), cycle.paused.total_seconds(), cycle.goal, transitions,
    )
