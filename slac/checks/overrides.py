"""SLA413 overrides: targets that depend on the ticket that no ticket can get.

An `override` applies to the tickets its condition holds for, the first that holds winning; one
whose condition can never hold, or whose tickets an earlier override always takes first, is
dead text: the published sentence it encodes has no effect on any deadline.
"""

from __future__ import annotations

from collections.abc import Iterator

from slac.checks.base import Context, Finding
from slac.checks.registry import check
from slac.diagnostics import Related, Severity


@check(
    "SLA413",
    "override-never-applies",
    Severity.WARNING,
    "An override that no ticket gets: its condition never holds, or an earlier override always applies first.",
    """
    override licensing "Licensing requests"
        when type is licensing or renewal
        initial_response 8 hours
    override renewals "Renewals"
        when type is renewal                 # SLA413: licensing already takes every renewal
        initial_response 4 hours
    """,
)
def overrides_never_applying(context: Context) -> Iterator[Finding]:
    """Finds overrides that never change a ticket's targets: their condition cannot hold (two
    clauses on one field that exclude each other), or every ticket they hold for is taken by an
    earlier override (the first override that holds applies, the later ones are ignored).

    The author wrote the override because the published policy has a sentence for those
    tickets; when it never applies, the deadlines ignore that sentence.
    """
    space = context.rule_space
    overrides = context.policy.overrides
    sets = [space.sets(override.condition) for override in overrides]
    for index, override in enumerate(overrides):
        if not space.satisfiable(sets[index]):
            yield Finding(
                f"override `{override.name}` can never apply: no ticket meets its condition",
                override.span,
                help="check the override's clauses",
            )
            continue
        earlier = next((e for e in range(index) if space.implies(sets[index], sets[e])), None)
        if earlier is not None:
            first = overrides[earlier]
            yield Finding(
                f"override `{override.name}` never applies: every ticket it holds for meets override `{first.name}` "
                "first, and the first override that holds applies",
                override.span,
                help=f"move `{override.name}` above `{first.name}` if it is the exception, or remove it",
                related=(Related(first.span, f"override `{first.name}` is declared here"),),
            )
