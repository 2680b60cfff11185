"""`slac report POLICY.sla --tickets FILE … [--now ISO] [--zone ZONE] --out DIR [--engine local|dask]
[--workers N] [--scheduler ADDRESS] [--chunk-size N]`: compliance reports (see `slac.report`).

A policy with errors prints its diagnostics and exits 1; a tickets file that cannot be read, a
bad option or a missing optional package prints what to fix and exits 1. A bad history is a row
of errors.csv and the run goes on (the exit status is still 0: the report is complete).
"""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click

from slac.commands.common import echo_diagnostics, internal_errors
from slac.diagnostics import SourceCache
from slac.pipeline import compile_file
from slac.report import EngineError, EngineOptions, ReportError, ReportOptions, build_report
from slac.runtime.inputs import TicketError, parse_now


@click.command("report")
@click.argument("policy_path", metavar="POLICY.sla", type=click.Path())
@click.option("--tickets", "tickets", metavar="FILE", multiple=True, required=True, type=click.Path(),
              help="Ticket histories: JSON Lines, or Parquet (one row per history). Repeat for several files.")
@click.option("--now", "now_text", metavar="ISO", help="Judge running cycles at this instant (default: the current time).")
@click.option("--zone", default="UTC", show_default=True, metavar="ZONE",
              help="The IANA zone whose months the cycles are counted in.")
@click.option("--out", "out", metavar="DIR", required=True, type=click.Path(file_okay=False),
              help="The directory the report is written into (created if needed).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: this machine's cores; dask: a dask.distributed cluster.")
@click.option("--workers", type=click.IntRange(min=1), metavar="N",
              help="Processes (local; 1 runs in this process) or Dask workers of a LocalCluster. Default: one per core.")
@click.option("--scheduler", metavar="ADDRESS", help="With --engine dask: join the cluster at this scheduler address.")
@click.option("--chunk-size", type=click.IntRange(min=1), default=1000, show_default=True, metavar="N",
              help="Histories per task (a Parquet task reads whole row groups).")
@internal_errors
def report_command(policy_path: str, tickets: tuple[str, ...], now_text: str | None, zone: str, out: str,
                   engine: str, workers: int | None, scheduler: str | None, chunk_size: int) -> None:
    """Replay ticket histories against the policy in POLICY.sla and write a compliance report
    into DIR: cycles.parquet, cycles.csv, errors.csv, compliance.csv, summary.json, report.html."""
    if scheduler is not None and engine != "dask":
        raise click.UsageError("--scheduler joins a Dask cluster: add --engine dask")
    try:
        now = parse_now(now_text) if now_text is not None else datetime.now(timezone.utc)
    except TicketError as error:
        raise click.BadParameter(error.detail, param_hint="--now") from None
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise click.BadParameter(f"{zone!r} is not an IANA zone (e.g. UTC, Europe/Prague)", param_hint="--zone") from None
    compilation = compile_file(policy_path)
    if not compilation.ok or compilation.policy is None:
        echo_diagnostics(compilation.diagnostics, SourceCache({compilation.path: compilation.text}))
        click.echo(f"slac report: {policy_path} has errors; fix them before replaying tickets", err=True)
        raise SystemExit(1)
    options = ReportOptions(tickets, out, now, zone, EngineOptions(engine, workers, scheduler), chunk_size=chunk_size,
                            progress=sys.stderr.isatty())
    try:
        outcome = build_report(compilation, options)
    except (ReportError, EngineError) as error:
        click.echo(f"slac report: {error}", err=True)
        raise SystemExit(1) from None
    bad = f"; {outcome.errors:,} could not be evaluated (see errors.csv)" if outcome.errors else ""
    click.echo(f"slac report: {outcome.histories:,} histories, {outcome.cycles:,} cycles{bad}; wrote {out}/report.html", err=True)
    if outcome.errors and outcome.errors == outcome.histories:
        # a report of nothing is not a report: a script that goes on from exit 0 would publish it
        click.echo(
            f"slac report: none of the {outcome.histories:,} histories could be evaluated, so the report holds no "
            f"cycle; see {out}/errors.csv. A helpdesk's own export must be turned into histories first: "
            "`slac import VENDOR EXPORT` writes them",
            err=True,
        )
        raise SystemExit(1)
