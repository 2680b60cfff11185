"""Footnote placement: which model element each assumption's footnote reference follows.

The model records where an assumption was written only as a span, so the element is found by
source containment (the innermost element around the assumption).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from slac.codegen.documents.escaping import Markdown
from slac.model.types import Assumption, Policy
from slac.syntax.span import Span


@dataclass
class FootnotePlacement:
    """Where each assumption's footnote reference goes: anchors are model elements."""

    by_anchor: dict[tuple[str, ...], list[int]] = field(default_factory=dict)
    anchor_of: dict[int, tuple[str, ...]] = field(default_factory=dict)

    def refs(self, *anchor: str) -> Markdown:
        return Markdown("".join(f"[^{number}]" for number in self.by_anchor.get(anchor, ())))


def place_footnotes(policy: Policy) -> FootnotePlacement:
    """Attach each assumption to the innermost model element whose source contains it.

    The model records an assumption's place only as a span, so the anchor is found by
    containment: a target cell, a plan's hours line, a plan's `all targets`, a calendar, a
    target, a rule, an override's cell, an override, the default, a field, a level, a plan;
    assumptions outside all of them are
    only listed in the Assumptions section.
    """
    anchors: list[tuple[Span, tuple[str, ...]]] = []
    for plan in policy.plans:
        if plan.same_as is not None:
            anchors.append((plan.span, ("plan", plan.name)))
            continue
        anchors.append((plan.span, ("plan", plan.name)))
        for (level, target), cell in plan.cells:
            anchors.append((cell.span, ("cell", plan.name, level, target)))
        for index, choice in enumerate(plan.hours):
            anchors.append((choice.span, ("hours", plan.name, str(index))))
        if plan.all_targets is not None:
            anchors.append((plan.all_targets.span, ("all_targets", plan.name)))
    anchors += [(calendar.span, ("calendar", calendar.name)) for calendar in policy.calendars]
    anchors += [(target.span, ("target", target.name)) for target in policy.targets]
    anchors += [(rule.span, ("rule", rule.name)) for rule in (*policy.rules, *policy.restrictions)]
    for override in policy.overrides:
        anchors.append((override.span, ("override", override.name)))
        anchors += [(cell.span, ("override_cell", override.name, target)) for target, cell in override.cells]
    anchors += [(f.span, ("field", f.name)) for f in policy.fields]
    anchors += [(level.span, ("level", level.name)) for level in policy.scale.levels]
    if policy.default is not None:
        anchors.append((policy.default.span, ("default",)))
    placed = FootnotePlacement()
    for number, assumption in enumerate(policy.assumptions, start=1):
        anchor = _innermost(anchors, assumption)
        if anchor is not None:
            placed.by_anchor.setdefault(anchor, []).append(number)
            placed.anchor_of[number] = anchor
    return placed


def _innermost(anchors: Sequence[tuple[Span, tuple[str, ...]]], assumption: Assumption) -> tuple[str, ...] | None:
    point = (assumption.span.line, assumption.span.column)
    containing = [
        (span, anchor)
        for span, anchor in anchors
        if span.path == assumption.span.path
        and span.line > 0
        and (span.line, span.column) <= point < (span.end_line, span.end_column)
    ]
    if not containing:
        return None
    # The latest start is the innermost; among equal starts, the earliest end.
    _, anchor = max(
        containing,
        key=lambda item: ((item[0].line, item[0].column), (-item[0].end_line, -item[0].end_column)),
    )
    return anchor
