"""SLA5xx text: the published definitions of the levels must tell them apart."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator

from slac.checks.base import Context, Finding
from slac.checks.registry import check
from slac.diagnostics import Related, Severity
from slac.model.types import Level, Text


def normalise(text: str) -> str:
    """Text compared the way a reader compares it: case, punctuation and spacing ignored."""
    kept = "".join(
        " " if unicodedata.category(ch).startswith(("P", "Z", "C")) else ch
        for ch in unicodedata.normalize("NFKC", text)
    )
    return " ".join(kept.casefold().split())


def _shared(
    context: Context,
    texts_of: Callable[[Level], tuple[Text, ...]],
    what: str,
    code: str,
) -> Iterator[Finding]:
    """Texts that occur under two levels whose lists of such texts differ.

    Two levels with the very same list share a condition (Credenti: "the customer stays
    available" is required at priority 1 and 2 alike) rather than an ambiguous definition.
    """
    levels = context.policy.scale.levels
    sets = {
        level.name: frozenset(normalise(t.text) for t in texts_of(level))
        for level in levels
    }
    seen: dict[str, list[tuple[Level, Text]]] = {}
    for level in levels:
        for text in texts_of(level):
            key = normalise(text.text)
            if not key:
                continue
            earlier = [
                (lv, t)
                for lv, t in seen.get(key, [])
                if lv.name != level.name and sets[lv.name] != sets[level.name]
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
    levels whose criteria otherwise differ.

    Criteria are how support decides a ticket's level. A criterion under two levels lets the same
    ticket be classified either way, so two agents (or an agent and a customer) can disagree and
    both be right. Levels with identical criteria lists share a condition rather than a definition
    (their descriptions tell them apart) and are not reported.
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
    """Finds an example ticket given under two levels whose examples otherwise differ.

    An example illustrates what belongs to a level; the same example under two levels tells the
    reader that one ticket has two levels, which defeats the purpose of the examples.
    """
    yield from _shared(context, lambda level: level.examples, "example", "SLA502")
