"""Which clocks an example's events leave running (`slac.model.example_clocks`, used by SLA103 to
decide whether an example needs `now`) against the brute-force timeline reference, on random
acme histories: for every target, the static reading says the clock still runs after the last
event exactly when the reference's last cycle has no stop.

Level changes are not read statically (they need classification); they only replace a running
cycle by another running one, so whether a clock runs at the end must still agree.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings

from slac.model import types as m
from slac.model.example_clocks import cycles_running, example_triggers
from slac.pipeline import compile_file

from .engines import ACME
from .policies import acme
from .reference import replay_events
from .strategies import histories

POLICY = compile_file(str(ACME)).policy
assert POLICY is not None


def as_example(history: dict[str, Any]) -> m.Example:
    """The history as a worked example without `now`, in the model's shape."""
    events = tuple(tuple(event.items()) for event in history["events"])
    return m.Example("e", "e", (("plan", history["plan"]),), None, (), events=events)


@settings(max_examples=max(20, settings.default.max_examples))
@given(case=histories())
def test_a_clock_runs_at_the_end_exactly_when_the_reference_leaves_it_running(case: tuple[dict[str, Any], Any]) -> None:
    history, _ = case
    fired = example_triggers(as_example(history), POLICY.statuses)
    reference = replay_events(acme(), history).cycles
    for target in POLICY.targets:
        cycles = cycles_running(target, fired)
        expected = bool(reference[target.name]) and reference[target.name][-1].stop is None
        assert (bool(cycles) and cycles[-1]) == expected, (target.name, history)


def test_the_acme_targets_cover_every_kind_of_start_and_stop() -> None:
    """The property above only means something if acme's clocks start and stop in every way the
    static reading handles: replies, customer messages, solving, reopening, statuses."""
    triggers = {trigger for target in POLICY.targets for trigger in target.clock().starts | target.clock().stops}
    assert {"opened", "agent_reply", "customer_message", "solved"} <= triggers
    assert {target.on_reopen for target in POLICY.targets} >= {"continue"}
    assert any(target.unless_solved for target in POLICY.targets)
