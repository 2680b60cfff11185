"""SLA413-414 overrides: targets that depend on the ticket that no ticket gets, and support hours
that an override changes for targets it does not name.

An `override` applies to the tickets its condition holds for, the first that holds winning; one
whose condition can never hold, or whose tickets an earlier override always takes first, is
dead text: the published sentence it encodes has no effect on any deadline.
"""

from __future__ import annotations

from collections.abc import Iterator

from slac.checks.base import Context, Finding
from slac.checks.registry import check
from slac.diagnostics import Related, Severity
from slac.model.types import Timed


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


@check(
    "SLA414",
    "override-hours-for-other-targets",
    Severity.INFO,
    "An override's support hours also count the business time of targets it leaves to the plan.",
    """
    override licensing "Licensing requests"
        when type is licensing
        hours twenty_four_five              # SLA414: resolution (4 business days) counts on it too
        initial_response 8 business hours
    """,
)
def override_hours_for_other_targets(context: Context) -> Iterator[Finding]:
    """Lists overrides whose `hours` replace the support hours of a plan that has other targets
    in business time: a ticket the override applies to has one set of support hours, so those
    targets count on the override's calendar too, not on the plan's.

    That is usually what the published sentence means (licensing requests are handled by a team
    that works 24x5), but it changes deadlines the override does not name; giving those targets
    in the override as well says it explicitly.
    """
    policy = context.policy
    for override in policy.overrides:
        if override.hours is None:
            continue
        named = set(override.targets())
        affected: dict[str, None] = {}
        plans: dict[str, None] = {}
        for plan in context.tier_plans:
            if [h.calendar for h in plan.hours] == [override.hours]:
                continue
            for (_, target), cell in plan.cells:
                if target not in named and isinstance(cell, Timed) and cell.clock == "business":
                    affected[target] = None
                    plans[plan.name] = None
        if affected:
            targets = ", ".join(affected)
            on = ", ".join(f"`{p}`" for p in plans)
            yield Finding(
                f"override `{override.name}` gives its tickets the support hours of calendar `{override.hours}`, "
                f"so their {targets} (in business time on plan {on}) counts on that calendar too",
                override.span,
                help="if the published text says so, give those targets in the override as well; otherwise "
                "remove `hours` and write the override's durations on the clock they run on",
            )
