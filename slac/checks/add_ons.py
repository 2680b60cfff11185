"""SLA315 add-ons: an add-on that promises less than the plan it is bought on.

An add-on (`add-on to standard, enterprise`) is bought on top of a base plan, and its cells
replace the base plan's. Whatever it replaces, a customer who pays for the add-on must not be
promised less than without it; the comparison is with each base plan, never with the other
plans (an add-on on Standard is not compared with Enterprise).
"""

from __future__ import annotations

from collections.abc import Iterator

from slac.checks.base import Context, Finding
from slac.checks.durations import describe_wait, worst_case
from slac.checks.registry import check
from slac.diagnostics import Related, Severity
from slac.model.types import NoTarget, Timed


@check(
    "SLA315",
    "add-on-slower-than-base",
    Severity.WARNING,
    "An add-on promises less, for some level and target, than a plan it is bought on.",
    """
    plan premier "Premier"
        add-on to standard
        targets
            severity | initial_response
            1        | 8 hours              # SLA315: standard promises 4 hours
    """,
)
def add_on_slower_than_base(context: Context) -> Iterator[Finding]:
    """Finds add-on cells that can wait longer than the base plan's cell they replace, or give
    no target (`n/a`, `best effort`) where the base plan promises one.

    An add-on replaces the base plan's cells where it gives its own, so a slower cell makes the
    customer who buys it worse off; usually the cell belongs to another level or target, or the
    add-on meant a cell of its own hours (`hours …`) that it forgot to give.
    """
    policy = context.policy
    for combined in policy.combinations():
        add_on = policy.plan(combined.name)
        base = policy.plan(combined.base or "")
        for level in policy.scale.names:
            for target in policy.targets:
                own = add_on.cell(level, target.name)
                base_cell = base.cell(level, target.name)
                if not isinstance(base_cell, Timed) or (isinstance(own, NoTarget) and own.kind == "undefined"):
                    continue
                base_wait = worst_case(base_cell, base, context.calendars)
                if isinstance(own, NoTarget):
                    promise = "no guaranteed response" if own.kind == "n/a" else "best effort"
                    words = f"gives {promise}"
                else:
                    wait = worst_case(own, combined, context.calendars)
                    if wait is None or base_wait is None or wait <= base_wait:
                        continue
                    words = f"can wait longer (`{own.text}`, {describe_wait(wait)})"
                base_words = f"`{base_cell.text}`" + ("" if base_wait is None else f", {describe_wait(base_wait)}")
                yield Finding(
                    f"add-on `{add_on.name}` {words} for {target.name} at {context.level_words(level)} than its base "
                    f"plan `{base.name}` ({base_words})",
                    own.span,
                    help="an add-on's cell replaces the base plan's; give a faster one, or leave the cell empty so "
                    "that the base plan's applies",
                    related=(Related(base_cell.span, f"plan `{base.name}` gives it here"),),
                )
