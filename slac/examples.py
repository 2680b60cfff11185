"""Worked examples: run every `example` block of a policy against the reference interpreter
and against the generated module, and compare each with what the example expects.

The generated module is produced in memory from the same compilation (not read from
`generated/`), so `slac test` checks what `slac build` would write.
"""

from __future__ import annotations

import difflib
import json
import re
import types

import click
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Final

from slac import interpret
from slac.codegen import python as python_codegen
from slac.model.types import Example, Expectation, Policy
from slac.module_cache import run_module
from slac.options import BuildOptions
from slac.pipeline import Compilation
from slac.syntax.span import Span

Evaluator = Callable[[Mapping[str, Any], datetime | None], Mapping[str, Any]]


@dataclass(frozen=True)
class Mismatch:
    """One expectation that did not hold: where it is written, what was expected, what came."""

    span: Span
    expected: str
    actual: str
    engine: str


@dataclass(frozen=True)
class ExampleResult:
    """The outcome of one example."""

    policy: str
    name: str
    title: str
    span: Span
    mismatches: tuple[Mismatch, ...]
    error: str | None = None

    @property
    def passed(self) -> bool:
        return not self.mismatches and self.error is None


def run_examples(compilation: Compilation, options: BuildOptions | None = None) -> list[ExampleResult]:
    """Run the examples of a compiled policy through both engines."""
    policy = compilation.policy
    if policy is None or not policy.examples:
        return []
    engines: dict[str, Evaluator] = {
        "interpreter": lambda ticket, now: interpret.evaluate(policy, ticket, now).to_dict()
    }
    module = load_generated_module(compilation, options or BuildOptions())
    engines["generated module"] = lambda ticket, now: module.evaluate(ticket, now).to_dict()
    return [_run_one(policy, example, engines) for example in policy.examples]


def load_generated_module(compilation: Compilation, options: BuildOptions) -> types.ModuleType:
    """The generated Python module of a policy, compiled in memory."""
    assert compilation.policy is not None
    files = python_codegen.generate(compilation, options)
    name = f"{compilation.policy.id}.py"
    return run_module(files[name], f"_slac_examples_{compilation.policy.id}", f"<generated {name}>", keep=False)


def _run_one(policy: Policy, example: Example, engines: Mapping[str, Evaluator]) -> ExampleResult:
    ticket = example.input()
    # one `now` for both engines, so that their results can be compared whole
    now = datetime.fromisoformat(example.now) if example.now else datetime.now(timezone.utc)
    outcomes: dict[str, Mapping[str, Any]] = {}
    for engine, evaluate in engines.items():
        try:
            outcomes[engine] = evaluate(ticket, now)
        except ValueError as error:
            return ExampleResult(policy.id, example.name, example.title, example.span, (), str(error))
    mismatches: list[Mismatch] = []
    for engine, outcome in outcomes.items():
        for expectation in example.expectations:
            actual = _actual(policy, expectation, outcome)
            if not _holds(expectation, actual):
                mismatches.append(
                    Mismatch(expectation.span, _describe(expectation), _describe_actual(expectation, actual), engine)
                )
            elif _implies_running(example, expectation):
                status = _actual(policy, _status_of(expectation), outcome)
                if status not in DUE_IMPLIES:
                    mismatches.append(
                        Mismatch(expectation.span, _describe(expectation) + " (running or breached)",
                                 f"{_subject_name(expectation)} {status}, due {_shown(actual, expectation.value)}",
                                 engine)
                    )
    results = list(outcomes.values())
    if len(results) == 2 and _comparable(results[0]) != _comparable(results[1]):
        mismatches.append(
            Mismatch(
                example.span,
                "the interpreter and the generated module agree",
                "they disagree:\n" + _dict_diff(_comparable(results[0]), _comparable(results[1])),
                "both",
            )
        )
    return ExampleResult(policy.id, example.name, example.title, example.span, tuple(_unique(mismatches)))


def _unique(mismatches: list[Mismatch]) -> list[Mismatch]:
    """One mismatch per expectation when both engines give the same wrong answer."""
    seen: dict[tuple[Span, str, str], Mismatch] = {}
    for mismatch in mismatches:
        key = (mismatch.span, mismatch.expected, mismatch.actual)
        if key in seen:
            seen[key] = Mismatch(mismatch.span, mismatch.expected, mismatch.actual, "both")
        else:
            seen[key] = mismatch
    return list(seen.values())


def _comparable(outcome: Mapping[str, Any]) -> str:
    return json.dumps(outcome, sort_keys=True, default=str)


def _dict_diff(left: str, right: str) -> str:
    a = json.dumps(json.loads(left), indent=1, sort_keys=True).splitlines()
    b = json.dumps(json.loads(right), indent=1, sort_keys=True).splitlines()
    return "\n".join(difflib.unified_diff(a, b, "interpreter", "generated module", lineterm="", n=1))


CYCLE_KEYS = {"cycle_status": "status", "cycle_due": "due", "cycle_elapsed": "elapsed_seconds",
              "cycle_paused": "paused_seconds"}
"""The key of a cycle's result that each cycle expectation compares."""


def _actual(policy: Policy, expectation: Expectation, outcome: Mapping[str, Any]) -> Any:
    if expectation.kind == "level":
        return outcome.get("level")
    if expectation.kind == "trace":
        # the final level's steps, and those of every level a history went through
        levels = outcome.get("levels", [])
        return [*outcome.get("trace", []), *(entry for change in levels for entry in change.get("trace", []))]
    target = outcome.get("targets", {}).get(expectation.subject, {})
    cycles = target.get("cycles", [])
    if expectation.kind == "cycles":
        return len(cycles)
    if expectation.kind in CYCLE_KEYS:
        number = expectation.cycle or 1
        if number > len(cycles):
            return _NO_CYCLE
        return cycles[number - 1].get(CYCLE_KEYS[expectation.kind])
    if expectation.kind == "due":
        return target.get("due")
    return target.get("status")


DUE_IMPLIES: Final = frozenset({"due", "breached"})
"""The statuses `expect T due <instant>` implies: a deadline still running, or one that went
by. A support manager who writes `expect resolution due …` does not expect the target met;
an example that means a met cycle's due instant says so with `expect T met` beside it."""


def _implies_running(example: Example, expectation: Expectation) -> bool:
    """True when a due-instant expectation also checks the status it implies: the example
    states no status of its own for the same target (for `expect T cycle N due`, of that cycle;
    for `expect T due`, of the latest cycle, which `expect T cycle N <status>` may also name)."""
    if expectation.kind not in ("due", "cycle_due"):
        return False
    if expectation.kind == "due":
        stated = ("status", "cycle_status")
        return not any(other.kind in stated and other.subject == expectation.subject for other in example.expectations)
    return not any(
        other.kind == "cycle_status" and other.subject == expectation.subject and other.cycle == expectation.cycle
        for other in example.expectations
    )


def _status_of(expectation: Expectation) -> Expectation:
    """The status expectation that stands beside a due-instant one (same target and cycle)."""
    kind = "status" if expectation.kind == "due" else "cycle_status"
    return Expectation(kind, expectation.subject, "", expectation.cycle)


def _subject_name(expectation: Expectation) -> str:
    return expectation.subject if expectation.kind == "due" else _cycle_name(expectation)


_NO_CYCLE: Final = object()
"""The actual value of an expectation on a cycle that did not happen."""


def _holds(expectation: Expectation, actual: Any) -> bool:
    if actual is _NO_CYCLE:
        return False
    if expectation.kind in ("level", "status", "cycle_status"):
        return actual == expectation.value
    if expectation.kind == "cycles":
        return str(actual) == expectation.value
    if expectation.kind in ("cycle_elapsed", "cycle_paused"):
        return actual is not None and float(actual) == float(expectation.value)
    if expectation.kind in ("due", "cycle_due"):
        if actual is None:
            return False
        return datetime.fromisoformat(str(actual).replace("Z", "+00:00")) == datetime.fromisoformat(expectation.value)
    return any(_mentions(entry, expectation.value) for entry in actual)


def _mentions(entry: Any, rule: str) -> bool:
    if isinstance(entry, Mapping):
        if entry.get("rule") == rule:
            return True
        return any(_mentions(value, rule) for value in entry.values())
    if isinstance(entry, str):
        return re.search(rf"(?<![\w]){re.escape(rule)}(?![\w])", entry) is not None
    return False


def _cycle_name(expectation: Expectation) -> str:
    return f"{expectation.subject} cycle {expectation.cycle}"


def _seconds(value: Any) -> str:
    """Seconds in the words an example uses: `3 hours`, `90 minutes`, `45 seconds`."""
    seconds = float(value)
    if seconds % 3600 == 0:
        hours = int(seconds // 3600)
        return f"{hours} hour{'s' if hours != 1 else ''}"
    if seconds % 60 == 0:
        minutes = int(seconds // 60)
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"{seconds:g} seconds"


def _describe(expectation: Expectation) -> str:
    match expectation.kind:
        case "level":
            return f"level {expectation.value}"
        case "due":
            return f"{expectation.subject} due {_shown(expectation.value, expectation.value)}"
        case "status":
            return f"{expectation.subject} {expectation.value}"
        case "cycles":
            return f"{expectation.subject} has {expectation.value} cycle(s)"
        case "cycle_status":
            return f"{_cycle_name(expectation)} {expectation.value}"
        case "cycle_due":
            return f"{_cycle_name(expectation)} due {_shown(expectation.value, expectation.value)}"
        case "cycle_elapsed" | "cycle_paused":
            return f"{_cycle_name(expectation)} {expectation.kind[6:]} {_seconds(expectation.value)}"
    return f"the trace mentions {expectation.value}"


def _describe_actual(expectation: Expectation, actual: Any) -> str:
    if actual is _NO_CYCLE:
        return f"{expectation.subject} has no cycle {expectation.cycle}"
    match expectation.kind:
        case "cycles":
            return f"{expectation.subject} has {actual} cycle(s)"
        case "cycle_status":
            return f"{_cycle_name(expectation)} {actual}"
        case "cycle_due":
            shown = _shown(actual, expectation.value) if actual else "never (no due instant)"
            return f"{_cycle_name(expectation)} due {shown}"
        case "cycle_elapsed" | "cycle_paused":
            return f"{_cycle_name(expectation)} {expectation.kind[6:]} {_seconds(actual)}"
        case "level":
            return f"level {actual}"
        case "due":
            return f"{expectation.subject} due {_shown(actual, expectation.value) if actual else 'never (no deadline)'}"
        case "status":
            return f"{expectation.subject} {actual}"
    named = sorted({e.get("subject") for e in actual if isinstance(e, Mapping) and e.get("subject")})
    return "the trace mentions " + (", ".join(named) if named else "no rule or restriction")


def _shown(value: str, written: str) -> str:
    """An instant shown at the UTC offset the author wrote the expectation in, and in UTC,
    so that expected and actual read side by side."""
    instant = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    offset = datetime.fromisoformat(written).utcoffset()
    utc = instant.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    if not offset:
        return utc
    local = instant.astimezone(timezone(offset))
    return f"{local.strftime('%Y-%m-%d %H:%M')} (UTC{local.strftime('%z')[:3]}:{local.strftime('%z')[3:]}, {utc})"


def text_report(result: ExampleResult, color: bool = False) -> str:
    """PASS/FAIL line of an example and, for a failure, each expectation with a diff."""
    label = "PASS" if result.passed else "FAIL"
    if color:
        label = click.style(label, fg="green" if result.passed else "red", bold=True)
    lines = [f"{label} {result.policy}::{result.name} — {result.title}"]
    if result.error:
        lines.append(f"  {result.span}: the ticket was refused: {result.error}")
    for mismatch in result.mismatches:
        engine = "" if mismatch.engine == "both" else f" ({mismatch.engine})"
        lines.append(f"  {mismatch.span}: expectation failed{engine}")
        lines.append(f"    - expected: {mismatch.expected}")
        lines.append(f"    + actual:   {mismatch.actual}")
    return "\n".join(lines)
