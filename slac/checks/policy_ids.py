"""Policy ids across files (SLA101): a policy's generated files are named after its id, so two
policies with one id, or a policy named like a file slac writes for all policies, would
overwrite each other's outputs.

Ids are compared as file systems compare names: ignoring case (macOS and Windows do) and
compatibility forms (`ｍａｎａｇｒｙ` is `managry` to many tools), so `Managry` and `managry` clash.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from slac.diagnostics import Diagnostic, Related, Severity
from slac.syntax.span import Span

RESERVED_IDS = {"index": "the index of all policies (`index.md`)"}
"""Ids whose files would be slac's own outputs for the whole directory."""


@dataclass(frozen=True)
class PolicyId:
    """A policy's id as declared, and where (the span of the id in its header)."""

    id: str
    span: Span


def id_key(policy_id: str) -> str:
    """The id as file systems may see it: compatibility-folded and case-folded."""
    return unicodedata.normalize("NFKC", policy_id).casefold()


def policy_id_clashes(ids: Sequence[PolicyId]) -> list[Diagnostic]:
    """An error at each id that another file declares too (each naming the other places), and
    at each reserved id."""
    diagnostics = []
    by_key: dict[str, list[PolicyId]] = {}
    for declared in ids:
        by_key.setdefault(id_key(declared.id), []).append(declared)
        reserved = RESERVED_IDS.get(id_key(declared.id))
        if reserved is not None:
            diagnostics.append(
                Diagnostic(
                    "SLA101",
                    Severity.ERROR,
                    f"the policy id `{declared.id}` is reserved: its files would overwrite {reserved}",
                    declared.span,
                    help=f"give the policy another id, such as `{declared.id}_policy`",
                )
            )
    for group in by_key.values():
        if len(group) < 2:
            continue
        for declared in group:
            others = [other for other in group if other.span.path != declared.span.path]
            if not others:
                continue  # two headers in one file: the resolver reports that
            same = all(other.id == declared.id for other in others)
            how = "" if same else " (the ids differ only in case or form, and file systems treat them as one)"
            diagnostics.append(
                Diagnostic(
                    "SLA101",
                    Severity.ERROR,
                    f"the policy id `{declared.id}` is also declared in "
                    f"{', '.join(other.span.path for other in others)}{how}: their generated files would "
                    "overwrite each other",
                    declared.span,
                    help="give each policy its own id; the files generated for a policy are named after its id",
                    related=tuple(Related(other.span, f"`{other.id}` is declared here") for other in others),
                )
            )
    return diagnostics
