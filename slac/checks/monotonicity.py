"""SLA3xx monotonicity: more severe levels, higher plans and more urgent or impactful tickets
must never be treated worse.

Targets on different clocks are compared by their worst case in real time (see
`slac.checks.durations`): `4 business hours` on a Monday–Friday 09:00–17:00 calendar can take
67 hours (a ticket arriving on Friday at 13:01), so it is slower than `24 hours (24/7)`.
"""

from __future__ import annotations

from collections.abc import Iterator

from slac.checks.base import Context, Finding
from slac.checks.durations import describe_wait
from slac.checks.registry import check
from slac.diagnostics import Related, Severity
from slac.model.types import NoTarget, Plan, Timed


def _timed_waits(
    context: Context, plan: Plan, target: str
) -> list[tuple[str, Timed, int]]:
    """(level, cell, worst-case wait) for the plan's timed cells of `target`, most severe first."""
    cells = context.cells(plan)
    waits = []
    for level in context.policy.scale.names:
        cell = cells.get((level, target))
        if isinstance(cell, Timed):
            wait = context.wait(plan, level, target, cell)
            if wait is not None:
                waits.append((level, cell, wait))
    return waits


def _cell_words(cell: Timed, wait: int) -> str:
    return f"`{cell.text}`, {describe_wait(wait)}"


@check(
    "SLA301",
    "severe-level-slower",
    Severity.WARNING,
    "A more severe level can wait longer than a less severe one in the same plan and target.",
    """
    plan standard
        hours office                          # Monday-Friday 09:00-17:00
        targets
            severity | initial_response
            1        | 4 business hours       # SLA301: up to 67 hours
            2        | 24 hours (24/7)        # at most 24 hours
    """,
)
def severe_level_slower(context: Context) -> Iterator[Finding]:
    """Finds, within one plan and one target, a level that can wait longer than a less severe
    level (a higher rank in the scale).

    Customers read a response table as "the worse the problem, the faster the answer". A more
    severe level with a slower target is almost always two rows swapped, a typo in a number, or
    a unit on the wrong clock. Cells on different clocks are compared by their worst case in
    real time: the longest a ticket opened at the worst moment of an ordinary week can wait (a
    public holiday or a closure makes a wait around it longer still).
    """
    for plan in context.cell_plans:
        for target in context.policy.targets:
            waits = _timed_waits(context, plan, target.name)
            for index, (level, cell, wait) in enumerate(waits):
                faster = next(
                    ((lv, c, w) for lv, c, w in waits[index + 1 :] if w < wait), None
                )
                if faster is None:
                    continue
                other_level, other_cell, other_wait = faster
                yield Finding(
                    f"in plan `{plan.name}`, {context.level_words(level)} can wait longer for {target.name} "
                    f"({_cell_words(cell, wait)}) than the less severe {context.level_words(other_level)} "
                    f"({_cell_words(other_cell, other_wait)})",
                    cell.span,
                    help="a more severe level should be answered at least as fast; check that the rows are "
                    "not swapped and that each duration is on the clock meant",
                    related=(
                        Related(
                            other_cell.span,
                            f"{context.level_words(other_level)} is given here",
                        ),
                    ),
                )


@check(
    "SLA302",
    "higher-plan-slower",
    Severity.WARNING,
    "A higher plan is slower than (or gives no target where) a lower plan promises one.",
    """
    targets initial_response
        priority | standard | premium
        P1       | 4 hours  | 8 hours     # SLA302: premium slower than standard
    """,
)
def higher_plan_slower(context: Context) -> Iterator[Finding]:
    """Finds a plan that, for some level and target, can wait longer than a plan declared before
    it, or gives no target (`n/a`, `best effort`) where a plan before it promises one.

    Plans are read in declaration order as ascending tiers (Basic, Professional, Advanced), the
    order in which every published policy lists them. A customer who pays for more must not be
    promised less; when it happens, the columns of the published table are usually swapped.
    Alias plans (`same as`) are skipped: they repeat their base plan.
    """
    plans = context.tier_plans
    for target in context.policy.targets:
        for level in context.policy.scale.names:
            fastest: tuple[Plan, Timed, int] | None = None
            for plan in plans:
                cell = plan.cell(level, target.name)
                if isinstance(cell, NoTarget):
                    if fastest is not None and cell.kind in ("n/a", "best_effort"):
                        lower, lower_cell, lower_wait = fastest
                        promise = (
                            "no guaranteed response"
                            if cell.kind == "n/a"
                            else "best effort"
                        )
                        yield Finding(
                            f"plan `{plan.name}` gives {promise} for {target.name} at "
                            f"{context.level_words(level)}, where the lower plan `{lower.name}` promises "
                            f"{_cell_words(lower_cell, lower_wait)}",
                            cell.span,
                            help="plans are read as ascending tiers in declaration order; reorder the plans "
                            "or give the higher plan a target",
                            related=(
                                Related(
                                    lower_cell.span,
                                    f"plan `{lower.name}` gives it here",
                                ),
                            ),
                        )
                    continue
                wait = context.wait(plan, level, target.name, cell)
                if wait is None:
                    continue
                if fastest is not None and wait > fastest[2]:
                    lower, lower_cell, lower_wait = fastest
                    yield Finding(
                        f"plan `{plan.name}` can wait longer for {target.name} at {context.level_words(level)} "
                        f"({_cell_words(cell, wait)}) than the lower plan `{lower.name}` "
                        f"({_cell_words(lower_cell, lower_wait)})",
                        cell.span,
                        help="plans are read as ascending tiers in declaration order; check that the columns "
                        "are not swapped, or declare the plans from the lowest tier to the highest",
                        related=(
                            Related(
                                lower_cell.span, f"plan `{lower.name}` gives it here"
                            ),
                        ),
                    )
                if fastest is None or wait < fastest[2]:
                    fastest = (plan, cell, wait)


@check(
    "SLA303",
    "matrix-not-monotone",
    Severity.WARNING,
    "In the matrix, more urgency or more impact gives a less severe level.",
    """
    matrix priority
        urgency \\ impact | high | medium | low
        high             | P1   | P3     | P2     # SLA303: low impact gives P2, medium gives P3
    """,
)
def matrix_not_monotone(context: Context) -> Iterator[Finding]:
    """Finds matrix cells whose level is more severe than that of a cell with more urgency or
    more impact (rows and columns are read from most to least: the first row is the most urgent,
    the first column the most impactful).

    A derivation matrix promises that a worse situation never gets a lower priority. A cell that
    breaks the order is usually a typo, and it silently demotes real incidents.
    """
    policy = context.policy
    matrix = policy.matrix
    if matrix is None:
        return
    levels = context.levels
    cells = {key: level for key, level in reversed(matrix.cells) if level in levels}
    spans = dict(reversed(matrix.cell_spans))
    rows = list(dict.fromkeys(matrix.rows))
    columns = list(dict.fromkeys(matrix.columns))

    def rank(key: tuple[str, str]) -> int:
        return levels[cells[key]].rank

    for row in rows:
        for index, column in enumerate(columns):
            key = (row, column)
            if key not in cells:
                continue
            before = [(row, c) for c in columns[:index] if (row, c) in cells]
            above = [
                (r, column) for r in rows[: rows.index(row)] if (r, column) in cells
            ]
            for axis, earlier in (
                (matrix.column_field, before),
                (matrix.row_field, above),
            ):
                worse = [k for k in earlier if rank(k) > rank(key)]
                if not worse:
                    continue
                other = max(worse, key=rank)
                varying = other[1] if axis == matrix.column_field else other[0]
                yield Finding(
                    f"the matrix gives {cells[key]} for {matrix.row_field} `{row}` and {matrix.column_field} "
                    f"`{column}`, more severe than {cells[other]} for the greater {axis} `{varying}`",
                    spans.get(key, matrix.span),
                    help=f"rows and columns go from most to least {matrix.row_field} and {matrix.column_field}; "
                    "a cell should be at most as severe as the cells above it and to its left",
                    related=(
                        Related(
                            spans.get(other, matrix.span),
                            f"{cells[other]} is given here",
                        ),
                    ),
                )
