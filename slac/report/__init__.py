"""Compliance reports: many ticket histories replayed against a policy, counted, and written as
cycles.parquet/.csv, errors.csv, compliance.csv, summary.json and report.html.

`build_report(compilation, options)` is the facade `slac report` calls. The stages, one module
each: `sources` (files cut into chunks), `replay` (a chunk evaluated into rows and counts),
`engines` (where chunks run: this process, a process pool, Dask), `aggregate` (counts merged,
compliance rows), `outputs` (the files, written atomically) and `page` (report.html).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

from slac.pipeline import Compilation
from slac.report.aggregate import ReportData, Tally, compliance_rows
from slac.report.arrow import MissingDependency, require_pyarrow
from slac.report.engines import EngineError, EngineOptions, replay_all
from slac.report.outputs import OutputError, ReportWriter, summary_document
from slac.report.page import render_page
from slac.report.progress import Progress
from slac.report.replay import Evaluator, ReplaySettings
from slac.report.sources import SourceError, plan_chunks

__all__ = [
    "EngineError", "EngineOptions", "MissingDependency", "ReportError", "ReportOptions", "ReportOutcome",
    "SourceError", "build_report", "evaluator_for",
]


class ReportError(RuntimeError):
    """A report that cannot be made; the message names the cause and the fix."""


@dataclass(frozen=True)
class ReportOptions:
    """One report: the histories files, the output directory, the instant running cycles are
    judged at, the zone months are read in, the engine, how histories are evaluated
    (`evaluator`: the generated module, or "interpreter" to use the reference interpreter),
    histories per chunk, how many of the worst breaches to show, and whether to draw progress."""

    tickets: tuple[str, ...]
    out: str
    now: datetime
    zone: str = "UTC"
    engine: EngineOptions = field(default_factory=EngineOptions)
    evaluator: Literal["module", "interpreter"] = "module"
    chunk_size: int = 1000
    worst: int = 10
    progress: bool = False


@dataclass(frozen=True)
class ReportOutcome:
    """What a report run did: histories read, bad ones, cycles, the evaluator used, files written."""

    histories: int
    errors: int
    cycles: int
    evaluator: str
    files: tuple[Path, ...]


def evaluator_for(compilation: Compilation, prefer: Literal["module", "interpreter"] = "module") -> Evaluator:
    """The generated module's source as an `Evaluator`, checked by loading it here; the
    policy's text for the interpreter when `prefer` says so or no module can be generated."""
    from slac.codegen import python as python_codegen
    from slac.options import BuildOptions
    from slac.report.replay import load_module_source

    policy = compilation.policy
    assert policy is not None
    if prefer == "module":
        try:
            source = python_codegen.generate(compilation, BuildOptions())[f"{policy.id}.py"]
            load_module_source(source, policy.id)
        except Exception:  # noqa: BLE001 - any failure to generate falls back to the interpreter
            pass
        else:
            return Evaluator("module", policy.id, source, compilation.path)
    return Evaluator("interpreter", policy.id, compilation.text, compilation.path)


def build_report(compilation: Compilation, options: ReportOptions) -> ReportOutcome:
    """Replay every history in `options.tickets` and write the report into `options.out`."""
    policy = compilation.policy
    if policy is None:
        raise ReportError(f"{compilation.path} does not compile")
    try:
        require_pyarrow("write cycles.parquet")
        chunks = plan_chunks(options.tickets, options.chunk_size)
    except (MissingDependency, SourceError) as error:
        raise ReportError(str(error)) from None
    evaluator = evaluator_for(compilation, options.evaluator)
    settings = ReplaySettings(options.now, options.zone, options.worst)
    try:
        writer = ReportWriter(Path(options.out), options.tickets)
    except OutputError as error:
        raise ReportError(str(error)) from None
    progress = Progress(sum(chunk.histories for chunk in chunks), options.progress)
    tally = Tally(options.worst)
    histories = errors = cycles = 0
    try:
        for result in replay_all(chunks, evaluator, settings, options.engine):
            writer.add(result)
            tally.merge(result.tally)
            histories += result.histories
            errors += len(result.errors)
            cycles += len(result.rows)
            progress.advance(result.histories)
        progress.close()
        plans = tuple(plan.name for plan in policy.plans)
        levels = tuple(policy.scale.names)
        targets = tuple(target.name for target in policy.targets)
        rows = tuple(compliance_rows(tally.counts, plans, levels, targets))
        titles = {f"plan:{p.name}": p.title for p in policy.plans}
        titles.update({f"target:{t.name}": t.title for t in policy.targets})
        titles.update({f"level:{level.name}": level.title for level in policy.scale.levels})
        data = ReportData(
            policy.id, policy.title, options.now, options.zone, tuple(options.tickets), histories, errors,
            "generated module" if evaluator.kind == "module" else "interpreter", rows, tally.times,
            tuple(tally.worst_breaches()), plans, levels, targets, titles,
        )
        files = writer.commit(rows, summary_document(data), render_page(data))
    except BaseException:
        writer.discard()
        raise
    return ReportOutcome(histories, errors, cycles, data.evaluator, tuple(files))
