"""SLA41x channels: a plan's `channels` list checked against the `channel` field and against the
restrictions that allow a level only through some channels.

A plan's `channels` line says how its customers may reach support; the field `channel` says how
a ticket came in; a restriction (`severity 1 only when channel is phone`) ties a level to a
channel. The three are written in different places of a policy, so they drift apart: a plan
that offers `web` where the field says `portal`, or a plan without phone whose customers can
then never raise a severity 1 ticket as the restriction requires. Plans that list no channels
are left alone: they do not say which ones they offer.
"""

from __future__ import annotations

from collections.abc import Iterator

from slac.checks.base import Context, Finding
from slac.checks.registry import check
from slac.checks.situations import Value
from slac.diagnostics import Related, Severity
from slac.model.types import CHANNEL_FIELD, Plan, Restriction


@check(
    "SLA411",
    "channel-not-a-field-value",
    Severity.WARNING,
    "A plan offers a channel that the field `channel` does not list.",
    """
    field channel "How the ticket came in"
        values portal, email, phone

    plan standard "Standard"
        channels portal, fax                 # SLA411: fax is not a value of channel
    """,
)
def channels_not_field_values(context: Context) -> Iterator[Finding]:
    """Finds channels in a plan's `channels` list that are not values of the field `channel`.

    The field is what a ticket gives and what rules and restrictions test; the plan's list is
    what evaluation compares it with (a ticket that came by a channel its plan does not offer
    is traced and listed under `violations`). A name in one place that is spelled differently
    in the other (`web` and `portal`) makes every ticket of that channel look unoffered, and
    the documents promise a channel the rules cannot see.
    """
    field = context.policy.channel_field
    if field is None:
        return
    for plan in context.policy.plans:
        if plan.same_as is not None:
            continue
        for channel in plan.channels:
            if channel in field.values:
                continue
            yield Finding(
                f"plan `{plan.name}` offers channel `{channel}`, which is not a value of field `{CHANNEL_FIELD}` "
                f"({', '.join(field.values)})",
                plan.span,
                help=f"use the field's name for the channel, or add `{channel}` to the field's values",
                related=(Related(field.span, f"field `{CHANNEL_FIELD}` is declared here"),),
            )


def _offered_channels_allowed(context: Context, restriction: Restriction, plan: Plan) -> bool:
    """Whether some channel the plan offers lets the restriction's condition hold."""
    space = context.rule_space
    subject = ("field", CHANNEL_FIELD)
    allowed = space.allows(space.sets(restriction.condition), subject)
    universe = space.universe(subject)
    values = context.policy.field(CHANNEL_FIELD).values
    # The values no condition mentions are one class in the space, stood for by the value the
    # space lists last (before "absent"); a channel outside it is such a value.
    others: Value = next((v for v in reversed(universe) if v is not None), None)
    for channel in plan.channels:
        if channel not in values:
            continue  # SLA411 reports it
        stands_for = channel if channel in universe else others
        if stands_for is not None and stands_for in allowed:
            return True
    return False


@check(
    "SLA412",
    "restricted-channel-not-offered",
    Severity.WARNING,
    "A restriction allows a level only through channels that a plan does not offer.",
    """
    plan basic "Basic"
        channels email, portal
    restrict phone_only
        severity 1 only when channel is phone   # SLA412: basic offers no phone
    """,
)
def restricted_channels_not_offered(context: Context) -> Iterator[Finding]:
    """Finds restrictions that allow their levels only when the ticket came by channels a plan
    does not offer ("severity 1 only by phone" on a plan without phone).

    A customer of that plan can then never raise the level the way the policy requires: either
    the plan should offer the channel, the restriction should name the plan's channels, or the
    plan really has no such level, which the targets table should then say (`n/a`).
    """
    policy = context.policy
    if policy.channel_field is None:
        return
    for restriction in policy.restrictions:
        sets = context.rule_space.sets(restriction.condition)
        if ("field", CHANNEL_FIELD) not in sets or not context.rule_space.satisfiable(sets):
            continue
        for plan in policy.plans:
            if plan.same_as is not None or plan.add_on_to or not plan.channels:
                continue  # an add-on offers its base plan's channels too
            if _offered_channels_allowed(context, restriction, plan):
                continue
            levels = " or ".join(context.level_words(level) for level in restriction.levels)
            yield Finding(
                f"restriction `{restriction.name}` allows {levels} only through channels that plan `{plan.name}` "
                f"does not offer (it offers {', '.join(plan.channels)})",
                restriction.span,
                help=f"add the channel to plan `{plan.name}`'s `channels`, or make the restriction name a channel "
                "the plan offers",
                related=(Related(plan.span, f"plan `{plan.name}` is declared here"),),
            )
