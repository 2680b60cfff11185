"""How long `slac check` takes as policies grow.

Generates synthetic policies as .sla text (plans × levels × targets, rules over six fields,
three calendars, mixed cell kinds: business time, 24/7, out-of-hours alternatives, business
days, ranges), compiles each through `slac.compile_text`, and times `run_checks` on the resolved
policy. The largest size (100 plans × 20 levels × 5 targets, 50 rules over 6 fields) must check
in under 2 seconds (the median of the runs; the spread is printed beside it).

    python benchmarks/check_scale.py            # the size ladder, 3 runs per size
    python benchmarks/check_scale.py --repeat 5 # median of 5 runs per size
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass

from timing import Timing

from slac import compile_text
from slac.checks import run_checks
from slac.checks.base import Context
from slac.checks.calendars import skipped_times
from slac.checks.durations import standard_day_minutes, week_ranges, worst_case_business
from slac.diagnostics import Severity

LIMIT_SECONDS = 2.0
FIELD_COUNT = 6
VALUES_PER_FIELD = 5
CALENDARS = """
calendar office "Office"
    timezone Europe/Prague
    open mon-fri 08:00-17:00
    closed on public holidays of CZ

calendar americas "Americas"
    timezone America/New_York
    open mon-fri 09:00-12:00
    open mon-fri 13:00-18:00

calendar always "Around the clock"
    open 24x7
"""
TARGET_STARTS = (
    "opened",
    "last agent reply",
    "last customer reply",
    "opened",
    "last agent reply",
)


@dataclass(frozen=True)
class Size:
    """One synthetic policy's dimensions."""

    plans: int
    levels: int
    targets: int
    rules: int

    @property
    def cells(self) -> int:
        return self.plans * self.levels * self.targets


LADDER = (
    Size(2, 4, 1, 2),
    Size(5, 4, 2, 5),
    Size(10, 8, 3, 10),
    Size(25, 10, 3, 20),
    Size(50, 15, 4, 35),
    Size(100, 20, 5, 50),
)


def _cell(
    generator: random.Random, plan: int, level: int, target: int, plans: int
) -> str:
    """A plausible cell: slower for less severe levels and lower plans, in assorted notations."""
    hours = max(1, (level + 1) * (target + 1) * (plans - plan) // max(1, plans // 4))
    kind = generator.randrange(8)
    if kind == 0:
        return "n/a"
    if kind == 1:
        return f"{hours} hours (24/7)"
    if kind == 2:
        return f"{hours} business hours; 8 hours outside business hours"
    if kind == 3:
        return f"{max(1, hours // 8)} business days"
    if kind == 4:
        return f"{hours}-{hours * 3} business hours"
    return f"{hours} business hours"


def _condition(generator: random.Random, levels: int) -> str:
    clauses = []
    for field in generator.sample(range(FIELD_COUNT), generator.randint(1, 3)):
        values = generator.sample(range(VALUES_PER_FIELD), generator.randint(1, 2))
        operator = generator.choice(["is", "is", "is not"])
        clauses.append(f"f{field} {operator} " + " or ".join(f"v{v}" for v in values))
    if generator.random() < 0.3:
        clauses.append(f"priority is L{generator.randrange(levels) + 1}")
    return " and ".join(clauses)


def synthetic_policy(size: Size, seed: int = 0) -> str:
    """The .sla text of a synthetic policy of `size`."""
    generator = random.Random(seed)
    out = [
        'policy bench "Synthetic benchmark policy"\n',
        'scale priority "Priority"\n    chosen by customer',
    ]
    out += [
        f'    level L{n + 1} "Level {n + 1}"\n        criterion "Criterion {n + 1}"'
        for n in range(size.levels)
    ]
    for field in range(FIELD_COUNT):
        out.append(
            f'\nfield f{field} "Field {field}"\n    values '
            + ", ".join(f"v{v}" for v in range(VALUES_PER_FIELD))
        )
        if field % 2:
            out.append("    default v0")
    out.append(CALENDARS)
    for target in range(size.targets):
        out.append(
            f'target t{target} "Target {target}" from {TARGET_STARTS[target % len(TARGET_STARTS)]}'
        )
    calendars = ("office", "americas", "always")
    for plan in range(size.plans):
        out.append(
            f'\nplan p{plan} "Plan {plan}"\n    hours {calendars[plan % 3]}\n    targets'
        )
        out.append(
            "        priority | " + " | ".join(f"t{t}" for t in range(size.targets))
        )
        for level in range(size.levels):
            cells = [
                _cell(generator, plan, level, t, size.plans)
                for t in range(size.targets)
            ]
            out.append(f"        L{level + 1} | " + " | ".join(cells))
    for rule in range(size.rules):
        action = (
            f"priority L{generator.randrange(size.levels) + 1}"
            if rule % 10
            else "no guaranteed response"
        )
        out.append(
            f'\nrule r{rule} "Rule {rule}"\n    when {_condition(generator, size.levels)}\n    then {action}'
        )
    out.append(
        '\nrestrict r_top "Top priority only from field 0 value 0"\n    priority L1 only when f0 is v0'
    )
    out.append(f"\ndefault priority L{size.levels}")
    return "\n".join(out) + "\n"


def _clear_caches() -> None:
    """Forget what earlier runs computed, so that every run is timed cold."""
    for cached in (
        worst_case_business,
        week_ranges,
        standard_day_minutes,
        skipped_times,
    ):
        cached.cache_clear()


def measure(size: Size, repeat: int) -> dict[str, object]:
    text = synthetic_policy(size)
    started = time.perf_counter()
    compilation = compile_text(text, "bench.sla")
    compile_seconds = time.perf_counter() - started
    policy = compilation.policy
    if policy is None:
        errors = [d for d in compilation.diagnostics if d.severity is Severity.ERROR][
            :3
        ]
        raise SystemExit(f"the synthetic policy {size} does not resolve: {errors}")
    runs = []
    findings = []
    for _ in range(repeat):
        _clear_caches()
        started = time.perf_counter()
        findings = run_checks(policy)
        runs.append(time.perf_counter() - started)
    simulated = Context(policy).simulation is not None
    return {
        "size": size,
        "lines": text.count("\n"),
        "compile": compile_seconds,
        "check": Timing(tuple(runs)),
        "findings": len(findings),
        "rules mode": "enumerated" if simulated else "per rule",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per size; the median is reported with the spread"
    )
    args = parser.parse_args()
    print(
        f"{'plans':>5} {'levels':>6} {'targets':>7} {'rules':>5} {'cells':>6} {'lines':>6} "
        f"{'rules mode':>10} {'findings':>8} {'compile s':>9} {'check s':>8}  (min-max)"
    )
    worst = 0.0
    for size in LADDER:
        row = measure(size, args.repeat)
        check = row["check"]
        assert isinstance(check, Timing)
        worst = max(worst, check.median)
        print(
            f"{size.plans:>5} {size.levels:>6} {size.targets:>7} {size.rules:>5} {size.cells:>6} {row['lines']:>6} "
            f"{row['rules mode']:>10} {row['findings']:>8} {row['compile']:>9.3f} {check.median:>8.3f}  "
            f"({min(check.runs):.3f}-{max(check.runs):.3f})"
        )
    largest = LADDER[-1]
    verdict = "ok" if worst < LIMIT_SECONDS else "TOO SLOW"
    print(
        f"largest ({largest.plans} plans × {largest.levels} levels × {largest.targets} targets, "
        f"{largest.rules} rules over {FIELD_COUNT} fields): check {worst:.3f} s, limit {LIMIT_SECONDS} s: {verdict}"
    )
    if worst >= LIMIT_SECONDS:
        sys.exit(1)


if __name__ == "__main__":
    main()
