"""A condition in the document's language: "Severity is 1 or (Region is US and Channel is
phone)", for the hours lines that depend on the ticket.

Subjects and values come in the customer's words (`Wording`: the field's title, the scale's
noun, the policy's names for values); the connectives from the locale (`and`, `or`,
`condition_*`). Any `and` or `or` inside another operator is parenthesised, so the reader
need not know the precedence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from slac.codegen.documents.escaping import Markdown, join_markdown
from slac.codegen.documents.labels import Labels
from slac.model.types import AllOf, AnyOf, Clause, Condition, Expression, Not


@dataclass(frozen=True)
class Wording:
    """How a clause's subject and values read: `subject(clause)` the field or scale in words,
    `value(clause, value)` one of its values in words."""

    subject: Callable[[Clause], str]
    value: Callable[[Clause, str], str]


def condition_words(condition: Condition, wording: Wording, t: Labels) -> Markdown:
    """`condition` in words in the language of `t`."""
    return _expression_words(condition.expression, wording, t, nested=False)


def _expression_words(expression: Expression, wording: Wording, t: Labels, nested: bool) -> Markdown:
    if isinstance(expression, Clause):
        return _clause_words(expression, wording, t)
    if isinstance(expression, Not):
        operand = expression.operand
        if isinstance(operand, Clause) and operand.operator != "missing":
            # "not region is eu" reads as "region is not eu" (the document's reader does not
            # need the difference for a ticket without a region).
            flipped = "is" if operand.operator == "is_not" else "is_not"
            return _clause_words(replace(operand, operator=flipped), wording, t)
        return t("condition_not", condition=_expression_words(expression.operand, wording, t, nested=True))
    assert isinstance(expression, (AllOf, AnyOf))
    joint = t.raw("or") if isinstance(expression, AnyOf) else t.raw("and")
    text = join_markdown(joint, [_expression_words(o, wording, t, nested=True) for o in expression.operands])
    return Markdown(f"({text})" if nested else text)


def _clause_words(clause: Clause, wording: Wording, t: Labels) -> Markdown:
    subject = wording.subject(clause)
    if clause.operator == "missing":
        return t("condition_missing", subject=subject)
    values = join_markdown(t.raw("or"), [wording.value(clause, value) for value in clause.values])
    key = "condition_is_not" if clause.operator == "is_not" else "condition_is"
    return t(key, subject=subject, values=values)
