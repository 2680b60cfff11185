"""`slac synth POLICY.sla --tickets N [--seed S] [--start DATE] [--days D] [--format jsonl|parquet]
[--out FILE]`: seeded, realistic ticket histories for a policy (see `slac.synth`), one JSON object
per line on stdout or in FILE, or a Parquet file of them (`slac.report.sources`) for `slac report`."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

import click

from slac.commands.common import echo_diagnostics, internal_errors
from slac.diagnostics import SourceCache
from slac.files import write_atomic
from slac.pipeline import compile_file
from slac.report.arrow import MissingDependency
from slac.report.sources import write_parquet_histories
from slac.synth import SynthOptions, synthesize


@click.command("synth")
@click.argument("policy_path", metavar="POLICY.sla", type=click.Path())
@click.option("--tickets", "count", type=click.IntRange(min=0), required=True, help="How many histories.")
@click.option("--seed", type=int, default=1, show_default=True, help="The same seed gives the same histories.")
@click.option("--start", "start", type=click.DateTime(["%Y-%m-%d"]), default="2025-01-01", show_default=True,
              help="The first day a ticket may be opened (UTC).")
@click.option("--days", type=click.IntRange(min=1), default=365, show_default=True,
              help="Over how many days tickets are opened.")
@click.option("--format", "output_format", type=click.Choice(["jsonl", "parquet"]), default="jsonl", show_default=True,
              help="JSON Lines, or Parquet (one row per history; needs --out).")
@click.option("--out", "out_path", metavar="FILE", type=click.Path(dir_okay=False),
              help="Write here (atomically) instead of stdout.")
@internal_errors
def synth_command(policy_path: str, count: int, seed: int, start: datetime, days: int, output_format: str,
                  out_path: str | None) -> None:
    """Write COUNT seeded ticket histories for the policy in POLICY.sla as JSON lines or Parquet."""
    if output_format == "parquet" and out_path is None:
        raise click.UsageError("--format parquet writes a file: add --out FILE.parquet")
    compilation = compile_file(policy_path)
    if compilation.policy is None:
        echo_diagnostics(compilation.diagnostics, SourceCache())
        raise SystemExit(1)
    first = date(start.year, start.month, start.day)
    options = SynthOptions(count, seed, datetime(first.year, first.month, first.day, tzinfo=timezone.utc), days)
    histories = synthesize(compilation.policy, options)
    if output_format == "parquet":
        assert out_path is not None
        try:
            write_parquet_histories(histories, out_path)
        except MissingDependency as error:
            click.echo(f"slac synth: {error}", err=True)
            raise SystemExit(1) from None
        return
    if out_path is not None:
        write_atomic(out_path, "".join(json.dumps(h, ensure_ascii=False) + "\n" for h in histories))
        return
    stdout = click.get_text_stream("stdout")
    try:
        for history in histories:
            stdout.write(json.dumps(history, ensure_ascii=False) + "\n")
        stdout.flush()
    except BrokenPipeError:  # `| head`: the reader has what it wanted
        raise SystemExit(0) from None
