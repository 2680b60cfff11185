"""slac's cycle engine against the brute-force timeline reference, on random histories.

For `rules/acme.sla` and for variants of it whose `calendar office` block is replaced (a 24x5
week, a night shift, 24x7, Lord Howe Island), every random history (`strategies.histories`) is
evaluated by the interpreter and by the generated module, and every cycle of every target —
start, stop, status, due, elapsed and paused seconds, level — and the level history must be what
the reference computes minute by minute. A batch also goes through `python -m slac eval --tickets`.

Example counts come from the active Hypothesis profile (HYPOTHESIS_PROFILE=thorough for many
more); a failure prints the history and `now` as JSON, ready to paste into a regression test.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from typing import Any

import pytest
from hypothesis import given, settings

from slac.pipeline import compile_file

from .engines import ACME, REPO, engine_cycles, engine_levels, engine_summaries, evaluations, scratch, variant_file, variant_source
from .policies import CALENDARS, PRAGUE, CalendarVariant, acme
from .reference import evaluate_history, iso, level_history
from .strategies import batches, histories

pytestmark = pytest.mark.filterwarnings("ignore:Requested Holidays are available only")

COMPARED = ("start", "stop", "due", "status", "elapsed_seconds", "paused_seconds", "level")


def assert_agrees(engine: str, result: dict[str, Any], variant: CalendarVariant, history: dict[str, Any], now: datetime) -> None:
    """An engine's evaluation (`to_dict()`) agrees with the reference: every cycle field by field,
    each target's snapshot keys (its last cycle's, or n/a without one), and the level history.
    Otherwise the message lists every difference and the history as JSON."""
    cycles = evaluate_history(acme(variant), history, now)
    expected = {name: [cycle.to_dict() for cycle in target_cycles] for name, target_cycles in cycles.items()}
    got = engine_cycles(result)
    problems = []
    for name, target_cycles in expected.items():
        actual = got.get(name, [])
        if len(actual) != len(target_cycles):
            problems.append(f"{name}: {len(actual)} cycles, the reference has {len(target_cycles)}")
        for number, (mine, theirs) in enumerate(zip(target_cycles, actual)):
            for key in COMPARED:
                if mine[key] != theirs[key]:
                    problems.append(f"{name}[{number}].{key}: {engine} {theirs[key]!r}, reference {mine[key]!r}")
        last = target_cycles[-1] if target_cycles else {"start": None, "due": None, "status": "n/a"}
        summary = (last["start"], last["due"], last["status"])
        if engine_summaries(result).get(name) != summary:
            problems.append(f"{name} (snapshot keys): {engine} {engine_summaries(result).get(name)}, reference {summary}")
    levels = level_history(acme(variant), history)
    if engine_levels(result) != levels:
        problems.append(f"levels: {engine} {engine_levels(result)}, reference {levels}")
    assert not problems, (
        f"{engine} disagrees with the reference:\n  "
        + "\n  ".join(problems)
        + f"\ncalendar: {variant.name}\nnow: {iso(now)}\nhistory: {json.dumps(history)}"
        + f"\nreference: {json.dumps(expected, indent=1)}\n{engine}: {json.dumps(got, indent=1)}"
    )


# Half the profile's examples for each of the five calendars (the reference walks every minute).
EXAMPLES_PER_CALENDAR = max(10, settings.default.max_examples // 2)


@pytest.mark.parametrize("variant", CALENDARS, ids=lambda variant: variant.name)
@settings(max_examples=EXAMPLES_PER_CALENDAR)
@given(case=histories())
def test_engines_agree_with_reference(variant: CalendarVariant, case: tuple[dict[str, Any], datetime]) -> None:
    history, now = case
    for engine, result in evaluations(variant, history, now).items():
        assert_agrees(engine, result, variant, history, now)


# Each example starts a Python process: a few by default, more under HYPOTHESIS_PROFILE=thorough.
EVAL_COMMAND_EXAMPLES = max(2, settings.default.max_examples // 30)


@settings(max_examples=EVAL_COMMAND_EXAMPLES)
@given(batch=batches(12))
def test_eval_command_agrees_with_reference(batch: tuple[list[dict[str, Any]], datetime]) -> None:
    """`python -m slac eval rules/acme.sla --tickets FILE --now …` on a batch, judged at one instant."""
    variant = PRAGUE
    batch_histories, now = batch
    tickets = scratch() / f"tickets_{variant.name}.jsonl"
    tickets.write_text("".join(json.dumps(history) + "\n" for history in batch_histories), encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "slac", "eval", str(variant_file(variant)), "--tickets", str(tickets), "--now", iso(now)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    lines = completed.stdout.splitlines()
    assert len(lines) == len(batch_histories)
    for line, history in zip(lines, batch_histories):
        assert_agrees("slac eval", json.loads(line), variant, history, now)


@pytest.mark.parametrize("variant", CALENDARS, ids=lambda variant: variant.name)
def test_variant_replaces_only_the_office_calendar(variant: CalendarVariant) -> None:
    """Each variant's text compiles with acme's targets and the variant's zone; acme's own hours
    written as a variant give acme's calendar (so the replacement cuts the right lines)."""
    path = scratch() / f"check_{variant.name}.sla"
    path.write_text(variant_source(variant), encoding="utf-8")
    compilation, acme_compilation = compile_file(path), compile_file(ACME)
    assert compilation.ok and compilation.policy is not None, compilation.diagnostics
    assert acme_compilation.policy is not None
    policy, acme_policy = compilation.policy, acme_compilation.policy

    def office_hours(calendars: Any) -> tuple[Any, ...]:
        office = next(calendar for calendar in calendars if calendar.name == "office")
        return (office.timezone, office.weekly, office.always_open, office.holidays)

    assert office_hours(policy.calendars)[0] == variant.reference.zone.key
    assert [target.name for target in policy.targets] == [target.name for target in acme_policy.targets]
    assert (office_hours(policy.calendars) == office_hours(acme_policy.calendars)) == (variant.sla_block == PRAGUE.sla_block)
