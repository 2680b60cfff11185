"""SLA9xx clocks: targets whose cycles cannot start or stop, or stop and pause on the same thing,
given the statuses and events the policy declares (see TIMELINES.md)."""

from __future__ import annotations

from collections.abc import Iterator

from slac.checks.base import Context, Finding
from slac.checks.registry import check
from slac.diagnostics import Related, Severity
from slac.model.types import Policy, Target


def _clock_targets(policy: Policy) -> Iterator[Target]:
    """Targets written with a clock body (the `from …` shorthands have fixed, checked meanings)."""
    return (target for target in policy.targets if target.start is None)


def _solved(policy: Policy) -> set[str]:
    return {status.name for status in policy.statuses if status.solved}


@check(
    "SLA901",
    "clock-never-stops",
    Severity.WARNING,
    "A target that stops when the ticket is solved, in a policy with no solved status.",
    """
    status open "Open"
    status closed "Closed"               # no `is solved`
    target resolution "Resolution"
        starts when the ticket is opened
        stops when the ticket is solved  # SLA901: nothing solves a ticket
    """,
)
def never_stops(context: Context) -> Iterator[Finding]:
    """Finds targets that stop (or continue after a reopen) when the ticket is solved although
    no declared status is a solved state, so no event can ever solve a ticket.

    Such a target runs until `now` on every ticket and is breached on every closed one: a
    resolution target would be missed by every ticket the helpdesk ever closed. Mark the
    statuses that end a ticket with `is solved`.
    """
    policy = context.policy
    if _solved(policy):
        return
    for target in _clock_targets(policy):
        solved_stop = next((stop for stop in target.stops if stop.event == "solved"), None)
        if solved_stop is not None:
            yield Finding(
                f"target `{target.name}` stops when the ticket is solved, but no status is a solved state",
                solved_stop.span,
                help='mark the statuses that end a ticket, such as `status solved "Solved" is solved`',
            )
        elif target.on_reopen != "none":
            yield Finding(
                f"target `{target.name}` says what a reopen does, but no status is a solved state, so no "
                "ticket can be solved and reopened",
                target.span,
                help='mark the statuses that end a ticket, such as `status solved "Solved" is solved`',
            )


@check(
    "SLA902",
    "clock-never-starts",
    Severity.WARNING,
    "A target whose only start can never happen.",
    """
    status open "Open"
    status solved "Solved" is solved
    target reopened "Reopened"
        starts each time the status becomes solved unless the ticket is solved   # SLA902
        stops at the next agent reply
    """,
)
def never_starts(context: Context) -> Iterator[Finding]:
    """Finds targets none of whose start events can start a cycle: each is a change into a
    solved status, and the target ignores starts `unless the ticket is solved` — the ticket is
    solved at that very moment.

    The target then has no cycle on any ticket and reports nothing, while its document promises
    a clock.
    """
    policy = context.policy
    solved = _solved(policy)
    for target in _clock_targets(policy):
        if not target.starts:
            continue
        impossible = []
        for start in target.starts:
            if start.event != "status":
                break
            if target.unless_solved and start.status in solved:
                impossible.append(f"a change into `{start.status}` solves the ticket, and the target ignores starts "
                                  "while the ticket is solved")
            else:
                break
        else:
            yield Finding(
                f"target `{target.name}` can never start: {'; '.join(impossible)}",
                target.starts[0].span,
                help="start it at an event that can happen, or drop `unless the ticket is solved`",
            )


@check(
    "SLA903",
    "pause-is-stop",
    Severity.WARNING,
    "A status that both pauses a target and stops it.",
    """
    target resolution "Resolution"
        starts when the ticket is opened
        stops when the status becomes on_hold
        paused while on_hold                 # SLA903: on_hold stops it, it never pauses
    """,
)
def pause_is_stop(context: Context) -> Iterator[Finding]:
    """Finds a status listed under `paused while` that also stops the target (`stops when the
    status becomes …`, or a solved state when the target stops when the ticket is solved).

    A change into that status ends the cycle, so it never pauses it: the author meant one or the
    other, and the difference decides whether the ticket is judged then or later.
    """
    policy = context.policy
    solved = _solved(policy)
    for target in _clock_targets(policy):
        stopping = {stop.status for stop in target.stops if stop.event == "status"}
        if any(stop.event == "solved" for stop in target.stops):
            stopping |= solved
        for status in target.paused:
            if status in stopping:
                stop = next((s for s in target.stops if s.status == status or s.event == "solved"), None)
                yield Finding(
                    f"target `{target.name}` is paused while `{status}`, but `{status}` stops it",
                    target.paused_span,
                    help=f"remove `{status}` from `paused while`, or stop the target at something else",
                    related=(Related(stop.span, "stopped here"),) if stop is not None else (),
                )


@check(
    "SLA904",
    "runs-once-between-replies",
    Severity.WARNING,
    "A target that starts at the first reply and stops at the next: it runs once, not after every reply.",
    """
    target update "Update"
        starts at the first agent reply      # SLA904: `at each agent reply` for an update after every reply
        stops at the next agent reply
    """,
)
def runs_once(context: Context) -> Iterator[Finding]:
    """Finds a target whose start and stop are the same kind of event (agent replies, or changes
    into one status) but which starts only at the first of them, so it runs exactly one cycle,
    between the first such event and the second.

    Published policies that measure "the time between replies" mean every reply; one that means
    only the first gap would say so. A target that starts and stops at the very same event (the
    first agent reply) never runs at all.
    """
    for target in _clock_targets(context.policy):
        for start in target.starts:
            if not start.first or start.event == "opened":
                continue
            same = [
                stop
                for stop in target.stops
                if (start.event == "agent_reply" and stop.event in ("first_agent_reply", "next_agent_reply"))
                or (start.event == "status" and stop.event == "status" and stop.status == start.status)
            ]
            for stop in same:
                never = start.event == "agent_reply" and stop.event == "first_agent_reply"
                what = "never runs: it starts and stops at the same reply" if never else "runs one cycle only"
                yield Finding(
                    f"target `{target.name}` {what}",
                    start.span,
                    help="write `each` instead of `the first` to start a cycle after every one of them",
                    related=(Related(stop.span, "it stops here"),),
                )


@check(
    "SLA905",
    "level-change-unstated",
    Severity.WARNING,
    "A long-running target in a policy whose level may change mid-ticket does not say what a level change does.",
    """
    scale severity "Severity"
        changed by agent
        ...
    target resolution "Resolution"           # SLA905: keep the elapsed time, or start again?
        starts when the ticket is opened
        stops when the ticket is solved
    """,
)
def level_change_unstated(context: Context) -> Iterator[Finding]:
    """Finds resolution and update targets that do not say what a level change does, in a policy
    whose scale may be changed (`changed by …`).

    These targets run long enough for an agent to re-classify the ticket while they run. slac
    then keeps the elapsed time and judges it against the new level's target (the usual rule),
    but helpdesks differ — some start the clock again — and the published text should say which:
    write `a level change keeps the elapsed time` or `a level change starts a new cycle`.
    """
    policy = context.policy
    if not policy.scale.changed_by:
        return
    for target in _clock_targets(policy):
        if target.level_change_stated or target.kind not in ("resolution", "update"):
            continue
        yield Finding(
            f"target `{target.name}` does not say what a level change does while it runs "
            f"({policy.scale.name} may be changed by {', '.join(policy.scale.changed_by)})",
            target.span,
            help="add `    a level change keeps the elapsed time` (slac's default) or "
            "`    a level change starts a new cycle`",
        )


SOLVED_CLOCKS: dict[str, str] = {
    "opened": "`starts when the ticket is opened` and `stops at the first agent reply or when the ticket is solved`",
    "last_agent_reply": "`starts at each agent reply unless the ticket is solved` and "
    "`stops at the next agent reply or when the ticket is solved`",
    "last_customer_reply": "`starts at each customer message unless the ticket is solved` and "
    "`stops at the next agent reply or when the ticket is solved`",
}
"""The clock body each `from …` shorthand stands for, stopping when the ticket is solved (and,
for the recurring ones, not starting again while it is)."""


@check(
    "SLA906",
    "runs-while-solved",
    Severity.WARNING,
    "A target that neither stops nor pauses when the ticket is solved.",
    """
    status open "Open"
    status solved "Solved" is solved
    target next_reply "Next reply"
        starts at each customer message
        stops at the next agent reply        # SLA906: a solved ticket keeps the clock running
    """,
)
def runs_while_solved(context: Context) -> Iterator[Finding]:
    """Finds targets that keep running while the ticket is solved: they do not stop when it is
    solved (or on a change into each solved status) and are not paused in every solved status.

    A customer's "thank you" on a solved ticket would then start a reply clock that runs until
    someone answers, and is breached while nobody is expected to. Add `or when the ticket is
    solved` to its stop, or pause it in the solved statuses. The `from …` shorthands are
    checked too (they stop at agent replies only): a ticket solved without a reply keeps
    `from opened` running; the finding gives the clock body to write instead.
    """
    policy = context.policy
    solved = _solved(policy)
    if not solved:
        return
    for target in policy.targets:  # the `from …` shorthands too: their clocks ignore solving
        if any(stop.event == "solved" for stop in target.stops):
            continue
        covered = {stop.status for stop in target.stops if stop.event == "status"} | set(target.paused)
        if solved <= covered:
            continue
        if target.start is not None:
            yield Finding(
                f"target `{target.name}` (`from {target.start.replace('_', ' ')}`) keeps running while the ticket "
                "is solved",
                target.stops[0].span,
                help=f"write its clock out instead of `from {target.start.replace('_', ' ')}`, stopping when the "
                f"ticket is solved: {SOLVED_CLOCKS[target.start]}",
            )
            continue
        yield Finding(
            f"target `{target.name}` keeps running while the ticket is solved",
            target.stops[0].span if target.stops else target.span,
            help="add `or when the ticket is solved` to its `stops` line, or pause it while solved",
        )
