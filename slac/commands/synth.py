"""`slac synth POLICY.sla --tickets N [--seed S] [--start DATE] [--days D]`: seeded, realistic
ticket histories for a policy, one JSON object per line on stdout (see `slac.synth`)."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

import click

from slac.commands.common import echo_diagnostics, internal_errors
from slac.diagnostics import SourceCache
from slac.pipeline import compile_file
from slac.synth import SynthOptions, synthesize


@click.command("synth")
@click.argument("policy_path", metavar="POLICY.sla", type=click.Path())
@click.option("--tickets", "count", type=click.IntRange(min=0), required=True, help="How many histories.")
@click.option("--seed", type=int, default=1, show_default=True, help="The same seed gives the same histories.")
@click.option("--start", "start", type=click.DateTime(["%Y-%m-%d"]), default="2025-01-01", show_default=True,
              help="The first day a ticket may be opened (UTC).")
@click.option("--days", type=click.IntRange(min=1), default=365, show_default=True,
              help="Over how many days tickets are opened.")
@internal_errors
def synth_command(policy_path: str, count: int, seed: int, start: datetime, days: int) -> None:
    """Write COUNT seeded ticket histories for the policy in POLICY.sla as JSON lines."""
    compilation = compile_file(policy_path)
    if compilation.policy is None:
        echo_diagnostics(compilation.diagnostics, SourceCache())
        raise SystemExit(1)
    first = date(start.year, start.month, start.day)
    options = SynthOptions(count, seed, datetime(first.year, first.month, first.day, tzinfo=timezone.utc), days)
    stdout = click.get_text_stream("stdout")
    try:
        for history in synthesize(compilation.policy, options):
            stdout.write(json.dumps(history, ensure_ascii=False) + "\n")
        stdout.flush()
    except BrokenPipeError:  # `| head`: the reader has what it wanted
        raise SystemExit(0) from None
