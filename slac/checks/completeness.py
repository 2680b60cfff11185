"""SLA2xx completeness: every ticket must get a level, and every level a target or an explicit
statement that there is none."""

from __future__ import annotations

from collections.abc import Iterator

from slac.checks.base import Context, Finding
from slac.checks.registry import check
from slac.diagnostics import Related, Severity
from slac.model.types import NoTarget, SetLevel
from slac.syntax.span import Span

_KEEP_AS_PUBLISHED = 'if the published policy leaves it out, keep it and write `# slac: allow {code} "reason"` above it'


@check(
    "SLA201",
    "missing-target",
    Severity.WARNING,
    "A plan gives no target for a level: the cell is empty.",
    """
    target initial_response from opened
    plan standard
        hours office
        targets
            severity | initial_response
            1        | 4 business hours
            2        |                    # SLA201: no target for severity 2
    """,
)
def missing_targets(context: Context) -> Iterator[Finding]:
    """Finds plan × level × target cells that are empty: the policy neither gives a deadline nor
    says there is none (`n/a`, `best effort`).

    An empty cell is not the same as `n/a`: `n/a` is a promise of no guaranteed response, an
    empty cell is a question the policy leaves open. A helpdesk cannot tell a customer when to
    expect an answer, and the generated code can only report the target as undefined. The finding
    sits on the row (or the plan) the cell is missing from. A plan that gives no targets at all is
    reported once, on the plan.
    """
    for plan in context.tier_plans:
        empty = [
            (key, cell)
            for key, cell in plan.cells
            if isinstance(cell, NoTarget) and cell.kind == "undefined"
        ]
        if not empty:
            continue
        if len(empty) == len(plan.cells) and len(plan.cells) > 1:
            yield Finding(
                f"plan `{plan.name}` gives no targets at all",
                plan.span,
                help="add a `targets` table to the plan, `all targets best effort`, or a column for it in a "
                "`targets` table; " + _KEEP_AS_PUBLISHED.format(code="SLA201"),
            )
            continue
        for (level, target), cell in empty:
            yield Finding(
                f"plan `{plan.name}` has no {target} target for {context.level_words(level)}: the cell is empty",
                cell.span,
                help="give a duration, `n/a` or `best effort`; "
                + _KEEP_AS_PUBLISHED.format(code="SLA201"),
            )


@check(
    "SLA202",
    "empty-matrix-cell",
    Severity.WARNING,
    "A cell of the derivation matrix is empty, so some tickets get no level from it.",
    """
    matrix priority
        urgency \\ impact | high | low
        high             | P1   | P2
        low              | P2   |        # SLA202: urgency low, impact low gives no level
    """,
)
def empty_matrix_cells(context: Context) -> Iterator[Finding]:
    """Finds row × column combinations of the matrix that give no level.

    The matrix is how a ticket's level is derived from two fields; a ticket whose combination
    falls on an empty cell gets no level from it and depends on the rules or the default level,
    which is rarely what the published table meant.
    """
    matrix = context.policy.matrix
    if matrix is None:
        return
    given = {key for key, _ in matrix.cells}
    blanks = dict(reversed(matrix.blank_spans))  # the first blank of a key wins
    row_spans = {key[0]: span for key, span in matrix.cell_spans}
    for row in dict.fromkeys(matrix.rows):
        for column in matrix.columns:
            if (row, column) not in given:
                yield Finding(
                    f"the matrix gives no {context.policy.scale.name} for {matrix.row_field} `{row}` "
                    f"and {matrix.column_field} `{column}`",
                    blanks.get((row, column), row_spans.get(row, matrix.span)),
                    help="fill in the cell with a level",
                )


@check(
    "SLA203",
    "matrix-cell-twice",
    Severity.WARNING,
    "A row of the derivation matrix is given twice, so one combination has two levels.",
    """
    matrix priority
        urgency \\ impact | high | low
        high             | P1   | P2
        high             | P2   | P3     # SLA203: row `high` again
    """,
)
def matrix_cells_twice(context: Context) -> Iterator[Finding]:
    """Finds matrix cells defined twice (a row value repeated).

    Only the first definition is used when a level is derived, so the second row is silently
    ignored; when the two disagree, the published table contradicts itself.
    """
    matrix = context.policy.matrix
    if matrix is None:
        return
    first: dict[tuple[str, str], tuple[str, Span]] = {}
    # keyed by the line of the repeated row; reported at its first cell
    repeated: dict[int, tuple[str, Span, Span, list[str]]] = {}
    for (key, level), (_, span) in zip(matrix.cells, matrix.cell_spans):
        if key not in first:
            first[key] = (level, span)
            continue
        previous_level, previous_span = first[key]
        row, _, previous, disagreements = repeated.setdefault(
            span.line, (key[0], span, previous_span, [])
        )
        if previous_level != level:
            disagreements.append(
                f"{matrix.column_field} `{key[1]}` ({previous_level} there, {level} here)"
            )
    for row, span, previous, disagreements in repeated.values():
        detail = (
            "; the two disagree on " + ", ".join(disagreements) if disagreements else ""
        )
        yield Finding(
            f"the matrix row {matrix.row_field} `{row}` is given twice{detail}",
            span,
            help="keep one row per value; only the first one is used",
            related=(Related(previous, "first given here"),),
        )


@check(
    "SLA204",
    "unreachable-level",
    Severity.WARNING,
    "A level that neither the matrix, nor a rule, nor the default level can give.",
    """
    matrix priority
        urgency \\ impact | high | low
        high             | P1   | P2
        low              | P2   | P2     # SLA204 on P3 and P4: nothing derives them
    """,
)
def unreachable_levels(context: Context) -> Iterator[Finding]:
    """Finds levels that no matrix cell, no rule and no default level produces, in a policy whose
    levels are derived by a matrix.

    When a matrix derives the level, every level of the scale should come out of some cell (or
    of a rule that reclassifies tickets). A level nothing produces only occurs when someone
    types it in, which usually means the matrix was copied from another scale.
    """
    policy = context.policy
    matrix = policy.matrix
    if matrix is None:
        return
    produced = {level for _, level in matrix.cells}
    produced |= {
        rule.action.level for rule in policy.rules if isinstance(rule.action, SetLevel)
    }
    if policy.default is not None:
        produced.add(policy.default.level)
    for level in policy.scale.levels:
        if level.name not in produced:
            yield Finding(
                f"no matrix cell, rule or default level gives {context.level_words(level.name)}",
                level.span,
                help="use the level in the matrix, or remove it from the scale",
                related=(Related(matrix.span, "the matrix"),),
            )
