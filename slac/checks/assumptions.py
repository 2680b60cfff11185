"""SLA8xx assumptions and information: what the author interpreted, and what nothing uses."""

from __future__ import annotations

from collections.abc import Iterator

from slac.checks.base import Context, Finding
from slac.checks.registry import check
from slac.diagnostics import Severity
from slac.model.types import CHANNEL_FIELD, Condition


@check(
    "SLA801",
    "assumption",
    Severity.INFO,
    "A value the author interpreted, listed with the text as published.",
    """
    targets initial_response
        priority | standard
        P1       | 1 hour assumed "1"       # SLA801: published as a bare "1"
    """,
)
def assumptions(context: Context) -> Iterator[Finding]:
    """Lists every `assumed "…"`: a value the policy's author had to interpret because the
    published text is garbled, ambiguous or incomplete, with the published text beside it.

    Assumptions are the places where the encoded policy may differ from what the publisher
    meant. Reviewers and the publisher should confirm each one; the generated documents footnote
    them for the same reason.
    """
    for assumption in context.policy.assumptions:
        yield Finding(
            f'assumed: {assumption.subject}; the published text says "{assumption.published}"',
            assumption.span,
            help="confirm the interpretation with the publisher of the policy",
        )


def _condition_fields(condition: Condition | None) -> set[str]:
    if condition is None:
        return set()
    return {
        clause.subject for clause in condition.clauses if clause.subject_kind == "field"
    }


@check(
    "SLA802",
    "unused-field",
    Severity.INFO,
    "A field that no rule, restriction, matrix or plan tests.",
    """
    field region
        values emea, americas                # SLA802 unless something tests `region`
    """,
)
def unused_fields(context: Context) -> Iterator[Finding]:
    """Lists fields that nothing tests: no rule, restriction, override, matrix or `hours … when`, and
    for the field `channel`, no plan's `channels` list (evaluation compares it with those).

    A ticket may still carry the field (examples may set it), but it changes no outcome; if the
    author meant it to, the rule that should test it is missing.
    """
    policy = context.policy
    used: set[str] = set()
    for condition in (
        [r.condition for r in policy.rules]
        + [r.condition for r in policy.restrictions]
        + [o.condition for o in policy.overrides]
    ):
        used |= _condition_fields(condition)
    for plan in policy.plans:
        for hours in plan.hours:
            used |= _condition_fields(hours.condition)
        if plan.channels:
            used.add(CHANNEL_FIELD)
        for _, condition in plan.channel_conditions:
            used |= _condition_fields(condition)
        for extra in plan.extras:
            used |= _condition_fields(extra.condition)
    if policy.matrix is not None:
        used |= {policy.matrix.row_field, policy.matrix.column_field}
    for field in policy.fields:
        if field.name not in used:
            yield Finding(
                f"no rule, restriction, matrix or plan tests field `{field.name}`",
                field.span,
                help="test it in a rule or remove it",
            )
