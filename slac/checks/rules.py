"""SLA4xx rules: reclassification rules and restrictions that do nothing, can never apply,
are always overridden, disagree with each other, or produce what a restriction forbids.

Rules are analysed over the finite world of situations (`slac.checks.situations`): exactly,
by set algebra per field, where a question does not depend on the order of the rules; by
running every situation through the rules where it does (a rule that tests the level sees what
earlier rules made of it). When a policy has too many situations to run, the order-dependent
questions fall back to what each rule's own condition proves (a rule that tests `priority is 2`
and sets priority 2 has no effect, whatever came before).
"""

from __future__ import annotations

from collections.abc import Iterator

from slac.checks.base import Context, Finding
from slac.checks.registry import check
from slac.checks.situations import Sets
from slac.diagnostics import Related, Severity
from slac.model.types import Rule, SetLevel

_PUBLISHED = 'if the published policy says so, keep the rule and write `# slac: allow {code} "reason"` above it'


def _never_fires(context: Context, index: int, sets: Sets) -> bool:
    simulation = context.simulation
    if simulation is not None:
        return not simulation.records[index].fired
    return not context.rule_space.satisfiable(sets)


def _no_effect(context: Context, index: int, rule: Rule, sets: Sets) -> bool:
    simulation = context.simulation
    if simulation is not None:
        record = simulation.records[index]
        return record.fired and not record.changed
    space = context.rule_space
    return isinstance(rule.action, SetLevel) and space.allows(sets, space.level) == {
        rule.action.level
    }


def _undone_by(
    context: Context, index: int, rule: Rule, all_sets: tuple[Sets, ...]
) -> int | None:
    """A later rule that overrides every firing of rule `index`, if there is one."""
    if not isinstance(rule.action, SetLevel):
        return None
    simulation = context.simulation
    if simulation is not None:
        return simulation.records[index].undone_by
    space = context.rule_space
    for later in range(index + 1, len(all_sets)):
        other = context.policy.rules[later]
        if (
            isinstance(other.action, SetLevel)
            and not other.discretionary  # support may not apply it, so it undoes nothing for sure
            and other.action.level != rule.action.level
            and not space.tests_level(all_sets[later])
            and context.rule_exact[later]
            and space.implies(all_sets[index], all_sets[later])
        ):
            return later
    return None


@check(
    "SLA401",
    "rule-without-effect",
    Severity.WARNING,
    "A rule that sets what is already there whenever it applies.",
    """
    rule unavailable_2
        when priority is 2 and customer_available is no
        then priority 2                      # SLA401: priority is already 2
    """,
)
def rules_without_effect(context: Context) -> Iterator[Finding]:
    """Finds rules that change nothing: whenever the rule applies, the ticket already has the
    level the rule sets (or is already excluded by an earlier rule).

    A rule is written because the author meant something to change. One that can never change
    anything is a copy-paste mistake (Credenti lowers a severity 2 "to 2") and hides the rule
    the author actually meant.
    """
    all_sets = context.rule_sets
    for index, rule in enumerate(context.policy.rules):
        if _never_fires(context, index, all_sets[index]) or not _no_effect(
            context, index, rule, all_sets[index]
        ):
            continue
        what = (
            f"sets {context.level_words(rule.action.level)}, which the ticket already has whenever the rule applies"
            if isinstance(rule.action, SetLevel)
            else "excludes tickets that an earlier rule has always excluded already"
        )
        yield Finding(
            f"rule `{rule.name}` has no effect: it {what}",
            rule.span,
            help="change the level it sets or its condition, or remove it; "
            + _PUBLISHED.format(code="SLA401"),
        )


@check(
    "SLA402",
    "rule-never-fires",
    Severity.WARNING,
    "A rule whose condition no ticket can meet.",
    """
    rule contradictory
        when channel is email and channel is phone
        then severity 1                      # SLA402: a ticket has one channel
    """,
)
def rules_never_firing(context: Context) -> Iterator[Finding]:
    """Finds rules that apply to no ticket: their clauses contradict each other, test a field
    that has a default for being missing, or test for a level that no ticket can have at that
    point (earlier rules have changed it).

    Such a rule is dead text: the policy promises something that never happens, and the reader
    cannot tell which of its clauses is wrong.
    """
    all_sets = context.rule_sets
    for index, rule in enumerate(context.policy.rules):
        if not _never_fires(context, index, all_sets[index]):
            continue
        reason = _why_never(context, rule)
        yield Finding(
            f"rule `{rule.name}` can never apply: {reason}",
            rule.span,
            help="check the rule's clauses (`is`, `is not`, `missing`) and the rules before it",
        )


def _why_never(context: Context, rule: Rule) -> str:
    """Why a rule never applies, in the author's terms."""
    space = context.rule_space
    sets = space.sets(rule.condition)
    if space.satisfiable(sets):
        return "no ticket reaches it with a level its condition accepts: the rules before it change the level first"
    reasons = []
    for subject, values in sets.items():
        if values:
            continue
        clauses = [c for c in rule.condition.clauses if space.subject(c) == subject]
        defaults = {f.name: f.default for f in context.policy.fields}
        if (
            len(clauses) == 1
            and clauses[0].operator == "missing"
            and defaults.get(subject[1]) is not None
        ):
            reasons.append(
                f"`{subject[1]}` has a default ({defaults[subject[1]]}), so it is never missing"
            )
        else:
            reasons.append(f"its clauses on `{subject[1]}` contradict each other")
    return "; ".join(reasons)


@check(
    "SLA403",
    "rule-always-undone",
    Severity.WARNING,
    "A rule whose result a later rule always overrides.",
    """
    rule email_urgent
        when channel is email
        then priority P1                     # SLA403: always overridden below
    rule by_channel
        when channel is email or phone
        then priority P3
    """,
)
def rules_always_undone(context: Context) -> Iterator[Finding]:
    """Finds rules that apply, but whose level a later rule replaces every time.

    Rules run in declaration order and the last one to set the level wins. A rule that is always
    overridden has no effect on any ticket, though it reads as if it had; usually the two rules
    are in the wrong order.
    """
    all_sets = context.rule_sets
    rules = context.policy.rules
    for index, rule in enumerate(rules):
        sets = all_sets[index]
        if _never_fires(context, index, sets) or _no_effect(context, index, rule, sets):
            continue
        later = _undone_by(context, index, rule, all_sets)
        if later is None:
            continue
        other = rules[later]
        assert isinstance(other.action, SetLevel)
        yield Finding(
            f"rule `{rule.name}` is always overridden: whenever it applies, the later rule `{other.name}` sets "
            f"{context.level_words(other.action.level)}",
            rule.span,
            help="move the rule after the one that overrides it, or narrow the later rule's condition",
            related=(Related(other.span, f"rule `{other.name}` overrides it"),),
        )


@check(
    "SLA404",
    "conflicting-rules",
    Severity.WARNING,
    "Two rules set different levels for some of the same tickets, and neither is an exception to the other.",
    """
    rule email_urgent
        when channel is email
        then priority P1
    rule staging_low
        when environment is staging
        then priority P3                     # SLA404: email from staging gets P3
    """,
)
def conflicting_rules(context: Context) -> Iterator[Finding]:
    """Finds pairs of rules that test only fields, overlap on some tickets and set different
    levels, where neither rule's condition contains the other's.

    Tickets in the overlap get the later rule's level, silently: swap the two rules and they get
    the other one. When the later rule's condition lies inside the earlier one's, the later rule
    is a deliberate exception (general first, special after) and is not reported; when the
    earlier lies inside the later, SLA403 reports it. Rules that test the level are written
    against the result of the rules before them and are not compared, nor are discretionary
    rules (`may become`): support chooses when to apply them, so the order decides nothing.
    """
    space = context.rule_space
    all_sets = context.rule_sets
    rules = context.policy.rules
    candidates = [
        index
        for index, rule in enumerate(rules)
        if isinstance(rule.action, SetLevel)
        and not rule.discretionary
        and not space.tests_level(all_sets[index])
        and space.satisfiable(all_sets[index])
        and context.rule_exact[index]
    ]
    for position, later in enumerate(candidates):
        rule = rules[later]
        for earlier in candidates[:position]:
            first = rules[earlier]
            assert isinstance(first.action, SetLevel) and isinstance(
                rule.action, SetLevel
            )
            if first.action.level == rule.action.level:
                continue
            overlap = space.meet(all_sets[earlier], all_sets[later])
            if not space.satisfiable(overlap):
                continue
            if space.implies(
                all_sets[later], all_sets[earlier], overlap
            ) or space.implies(all_sets[earlier], all_sets[later], overlap):
                continue
            yield Finding(
                f"rules `{first.name}` and `{rule.name}` disagree: a ticket with {space.example(overlap)} meets "
                f"both, and gets {context.level_words(rule.action.level)} only because `{rule.name}` comes later "
                f"(`{first.name}` sets {context.level_words(first.action.level)})",
                rule.span,
                help=f"narrow one of the conditions (e.g. add a clause to `{rule.name}`), or make the later rule "
                "an explicit exception of the earlier",
                related=(Related(first.span, f"rule `{first.name}` is declared here"),),
            )


@check(
    "SLA405",
    "rule-breaks-restriction",
    Severity.WARNING,
    "A rule sets a level that a restriction does not allow for the tickets it applies to.",
    """
    rule email_is_severity_1
        when channel is email
        then severity 1                      # SLA405: severity 1 only via the portal
    restrict portal_only
        severity 1 only when channel is portal
    """,
)
def rules_breaking_restrictions(context: Context) -> Iterator[Finding]:
    """Finds rules that give a level which a restriction forbids for some (or all) of the tickets
    the rule applies to.

    The policy then contradicts itself: one sentence says these tickets get the level, another
    says they may not have it (Zimbra classifies every email as severity 1, and accepts severity
    1 only through the portal). Whichever the implementation follows, it breaks the other.
    Restrictions judge the final level, so a rule whose level later rules always move away from
    the forbidden tickets is not reported (when the situations are few enough to run them all).
    """
    space = context.rule_space
    simulation = context.simulation
    all_sets = context.rule_sets
    for index, rule in enumerate(context.policy.rules):
        if not isinstance(rule.action, SetLevel) or _never_fires(
            context, index, all_sets[index]
        ):
            continue
        level = rule.action.level
        # After the rule, the level is the one it set; the fields are what the rule allowed.
        after = dict(all_sets[index])
        after[space.level] = frozenset({level})
        for number, restriction in enumerate(context.policy.restrictions):
            if level not in restriction.levels:
                continue
            allowed = space.sets(restriction.condition)
            if space.implies(after, allowed):
                continue
            if simulation is None and not (
                context.rule_exact[index] and space.exact(restriction.condition)
            ):
                continue  # bounds only: whether it breaks the restriction cannot be told
            if (
                simulation is not None
                and number not in simulation.records[index].breaks
            ):
                continue  # later rules always move the level elsewhere first
            always = any(
                not (space.allows(after, s) & values) for s, values in allowed.items()
            )
            when = (
                "for every ticket it applies to"
                if always
                else "for some of the tickets it applies to"
            )
            yield Finding(
                f"rule `{rule.name}` sets {context.level_words(level)}, which restriction `{restriction.name}` "
                f"forbids {when}",
                rule.span,
                help="make the rule and the restriction agree; "
                + _PUBLISHED.format(code="SLA405"),
                related=(
                    Related(
                        restriction.span,
                        f"restriction `{restriction.name}`: {restriction.title}",
                    ),
                ),
            )


@check(
    "SLA406",
    "restriction-never-holds",
    Severity.WARNING,
    "A restriction whose condition no ticket can meet, so its levels are never allowed.",
    """
    restrict portal_only
        severity 1 only when channel is portal and channel is email   # SLA406
    """,
)
def restrictions_never_holding(context: Context) -> Iterator[Finding]:
    """Finds restrictions whose condition can never hold: the levels they restrict are then
    forbidden for every ticket, which is surely not what a policy that lists them means.
    """
    space = context.rule_space
    for restriction in context.policy.restrictions:
        if space.satisfiable(space.sets(restriction.condition)):
            continue
        levels = ", ".join(restriction.levels)
        yield Finding(
            f"restriction `{restriction.name}` can never be met, so {context.policy.scale.name} {levels} is never allowed",
            restriction.span,
            help="check the restriction's clauses",
        )


@check(
    "SLA407",
    "discretion-without-agent",
    Severity.WARNING,
    "A rule support may apply, in a policy that does not let the agent change the level.",
    """
    scale priority
        chosen by customer                   # no `changed by agent`
    rule unavailable
        when priority is 1 and customer_available is no
        then priority may become 2           # SLA407
    """,
)
def discretion_without_agent(context: Context) -> Iterator[Finding]:
    """Finds discretionary rules (`then <scale> may become X`) in a policy whose scale does not
    say `changed by agent`.

    Support applies such a rule by changing the ticket's level (a history records it as an
    agent's level change), so the policy gives support a right it does not grant: either the
    scale lacks `changed by agent`, or the rule is not at support's discretion.
    """
    scale = context.policy.scale
    if "agent" in scale.changed_by:
        return
    for rule in context.policy.rules:
        if rule.discretionary:
            yield Finding(
                f"rule `{rule.name}` is at support's discretion, but the {scale.name} may not be changed by the agent",
                rule.span,
                help="add `changed by agent` to the scale, or write the rule's action without `may become` "
                "if it always applies",
                related=(Related(scale.span, f"scale `{scale.name}`"),),
            )
