"""The checker: one module per family of findings, each finding with a stable code.

    completeness   SLA2xx   empty cells, matrix gaps, levels nothing produces
    monotonicity   SLA3xx   worse situations treated better
    add_ons        SLA315   an add-on that promises less than its base plan
    rules          SLA4xx   rules without effect, dead, overridden, conflicting, forbidden
    channels       SLA41x   plan channels against the channel field and restrictions
    overrides      SLA413   targets that depend on the ticket that no ticket gets, or hours they change
    text           SLA5xx   level definitions that do not tell levels apart
    calendars      SLA6xx   support hours that say something else than meant
    support_hours  SLA6xx   hours lines that leave tickets without hours or never apply
    targets        SLA7xx   malformed or ambiguous deadlines
    assumptions    SLA8xx   interpreted values and unused declarations
    clocks         SLA9xx   target clocks that cannot start or stop, or pause on their own stop

Each check is a function registered with `slac.checks.registry.check`; `run_checks` runs them
all on a resolved policy and reports every finding of every check.
"""

from __future__ import annotations

from slac.checks import (  # noqa: F401 - importing a family registers its checks
    add_ons,
    assumptions,
    calendars,
    channels,
    clocks,
    completeness,
    monotonicity,
    overrides,
    rules,
    support_hours,
    targets,
    text,
)
from slac.checks.base import Context
from slac.checks.registry import all_codes, checks, lookup
from slac.diagnostics import Diagnostic
from slac.model.types import Policy

__all__ = ["all_codes", "lookup", "run_checks"]


def run_checks(policy: Policy) -> list[Diagnostic]:
    """Every finding of every check on a resolved policy, in check order."""
    context = Context(policy)
    return [
        finding.diagnostic(check.doc.code, check.doc.severity)
        for check in checks()
        for finding in check.run(context)
    ]
