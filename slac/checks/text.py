"""SLA5xx text: the published definitions of the levels must tell them apart."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from typing import Literal

from slac.checks.base import Context, Finding
from slac.checks.registry import check
from slac.diagnostics import Related, Severity
from slac.model.types import Level, Text

Kind = Literal["description", "criterion", "example"]


def normalise(text: str) -> str:
    """Text compared the way a reader compares it: case, punctuation and spacing ignored."""
    kept = "".join(
        " " if unicodedata.category(ch).startswith(("P", "Z", "C")) else ch
        for ch in unicodedata.normalize("NFKC", text)
    )
    return " ".join(kept.casefold().split())


def _texts(texts: tuple[Text, ...]) -> frozenset[str]:
    return frozenset(key for key in (normalise(t.text) for t in texts) if key)


def deciding_kind(first: Level, second: Level) -> Kind | None:
    """What a reader decides between two levels by, or None when nothing tells them apart.

    Their descriptions when both levels have one and the two differ: a criterion they share is
    then a condition both levels attach (Credenti: "the customer stays available" at priority 1
    and 2), not what puts a ticket in one of them. Otherwise their criteria when the two lists
    differ: criteria are alternatives, so a ticket that meets a criterion of both levels fits
    both, whatever else either lists (Managry's "Critical functionality unavailable"). Otherwise
    their examples when the two lists differ.
    """
    if (
        first.description is not None
        and second.description is not None
        and normalise(first.description) != normalise(second.description)
    ):
        return "description"
    if _texts(first.criteria) != _texts(second.criteria):
        return "criterion"
    if _texts(first.examples) != _texts(second.examples):
        return "example"
    return None


def _shared(
    context: Context,
    texts_of: Callable[[Level], tuple[Text, ...]],
    what: Kind,
    code: str,
) -> Iterator[Finding]:
    """Texts of kind `what` that occur under two levels when that kind of text is what tells
    the two levels apart (or nothing does): see `deciding_kind`."""
    levels = context.policy.scale.levels
    seen: dict[str, list[tuple[Level, Text]]] = {}
    for level in levels:
        for text in texts_of(level):
            key = normalise(text.text)
            if not key:
                continue
            earlier = [
                (lv, t)
                for lv, t in seen.get(key, [])
                if lv.name != level.name and deciding_kind(lv, level) in (what, None)
            ]
            seen.setdefault(key, []).append((level, text))
            if not earlier:
                continue
            first_level, first_text = earlier[0]
            yield Finding(
                f'the {what} "{text.text}" is given under {context.level_words(level.name)} and under '
                f"{context.level_words(first_level.name)}, so it does not tell them apart",
                text.span,
                help=f"keep the {what} under one level, or reword the two so that a ticket fits only one; "
                f'if the published policy repeats it, keep it and write `# slac: allow {code} "reason"` above it',
                related=(
                    Related(
                        first_text.span,
                        f"also given under {context.level_words(first_level.name)}",
                    ),
                ),
            )


@check(
    "SLA501",
    "shared-criterion",
    Severity.WARNING,
    "The same criterion is listed under two levels.",
    """
    scale severity
        level 1 "Critical"
            criterion "Critical functionality unavailable"
        level 2 "High"
            criterion "Critical functionality unavailable"   # SLA501
            criterion "Serious performance problems"
    """,
)
def shared_criteria(context: Context) -> Iterator[Finding]:
    """Finds a criterion (compared ignoring case, spacing and punctuation) listed under two
    levels that are told apart by their criteria, or by nothing at all.

    Criteria are how support decides a ticket's level, and a ticket that meets any one criterion
    of a level fits that level. A criterion under two levels lets the same ticket be classified
    either way, so two agents (or an agent and a customer) can disagree and both be right; the
    other criteria of the two levels do not help, since the ticket meets this one. It is not
    reported when something else tells the levels apart: both levels have descriptions and the
    descriptions differ (the shared criterion is then a condition both levels attach), or the
    two levels list the same criteria and differ in their examples.
    """
    yield from _shared(context, lambda level: level.criteria, "criterion", "SLA501")


@check(
    "SLA502",
    "shared-example",
    Severity.WARNING,
    "The same example is given under two levels.",
    """
    scale priority
        level P1 "Critical"
            example "Backups fail"
        level P2 "High"
            example "Backups fail"                            # SLA502
    """,
)
def shared_examples(context: Context) -> Iterator[Finding]:
    """Finds an example ticket given under two levels that are told apart by their examples,
    or by nothing at all.

    An example illustrates what belongs to a level; when the examples are what tells two levels
    apart, the same example under both tells the reader that one ticket has two levels, which
    defeats the purpose of the examples. It is not reported when the levels are told apart by
    something else: different descriptions (both levels have one), or different criteria.
    """
    yield from _shared(context, lambda level: level.examples, "example", "SLA502")


OBLIGATION_WORDS = (
    # en, it, cs, pl: the words with which a policy tells the customer what they must do
    "must", "commit", "commits", "required to", "shall",
    "deve", "devono", "si impegna", "è tenuto", "sono tenuti",
    "musí", "musíte", "zavazuje", "je povinen",
    "musi", "muszą", "zobowiązuje", "zobowiązany",
)


@check(
    "SLA503",
    "criterion-is-an-obligation",
    Severity.WARNING,
    "A criterion that says what the customer must do, not what puts a ticket at the level.",
    """
    scale severity
        level 1 "Critical"
            criterion "Customers must stay available until it is solved"   # SLA503
    """,
)
def obligations_as_criteria(context: Context) -> Iterator[Finding]:
    """Finds criteria worded as the customer's duty ("customers must stay available", "i clienti
    devono rimanere disponibili").

    Criteria decide a ticket's level; a duty the customer takes on by choosing the level is not
    one, and listed under "Criteria" it reads as a condition the ticket must meet. Such a text is
    an `obligation` of the level, which documents list under their own heading.
    """
    for level in context.policy.scale.levels:
        for criterion in level.criteria:
            words = f" {normalise(criterion.text)} "
            found = next((word for word in OBLIGATION_WORDS if f" {word} " in words), None)
            if found is None:
                continue
            yield Finding(
                f"the criterion \"{criterion.text}\" of {context.level_words(level.name)} says what the customer "
                f"must do (`{found}`), not what puts a ticket at the level",
                criterion.span,
                help=f"write it as `obligation \"{criterion.text}\"`: documents list obligations under their own heading",
            )
