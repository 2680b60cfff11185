"""Names as Python sees them: folding, and the attribute a ticket input gets in generated code.

The parser keeps names as written (in NFC), so `kritická` and `prostředí` are names. Python,
however, folds every identifier to NFKC when it parses source: `ﬁrst` (a ligature) becomes
`first`, full-width `ｇｏｌｄ` becomes `gold`, `µ` becomes `μ`, `ſ` becomes `s`, `x²` becomes
`x2`. Two names that fold to the same text would be one name in a generated module and two in
`slac eval`, so the resolver refuses them (`fold`); and a ticket input, which is an attribute
of the generated `Ticket`, is written in its folded form with keywords and the names the
generated class itself uses escaped (`python_attribute`). Every other name reaches generated
code only inside string literals, or as the suffix of a constant when it is plain ASCII.
"""

from __future__ import annotations

import keyword
import unicodedata

TICKET_CLASS_NAMES = frozenset(
    {
        # methods and locals of the generated Ticket
        "from_mapping",
        "_validate",
        "_KEYWORDS",
        "self",
        "cls",
        # names evaluated in the body of the class (annotations, defaults, decorators)
        "str",
        "datetime",
        "Any",
        "Mapping",
        "classmethod",
        "dict",
        # globals that Ticket._validate reads, which a parameter of the same name would hide
        "object",
        "PLANS",
        "SCALE",
        "LEVELS",
        "FIELDS",
        "parse_plan",
        "parse_level",
        "parse_value",
        "parse_boolean",
        "require_instant",
        "parse_later_instant",
        "parse_customer",
        # in a policy with discretionary rules: the `applied_rules` input's default and parser
        "frozenset",
        "DISCRETIONARY",
        "parse_applied_rules",
    }
)
"""Names a ticket input cannot take as the attribute of the generated `Ticket`: a field with
such a name gets a `_` suffix (its input keeps its name). tests/reliability/test_names.py checks
this list against every name the generated class reads."""

def fold(name: str) -> str:
    """`name` as Python reads it in source code: its NFKC normal form."""
    return unicodedata.normalize("NFKC", name)


def unusable_character(name: str) -> str | None:
    """The first character of `name` that stops its folded form from being a Python name (such
    as `½`, which folds to `1⁄2`), or None when the folded form is a valid identifier."""
    if fold(name).isidentifier():
        return None
    for end in range(1, len(name) + 1):
        if not fold("a" + name[:end]).isidentifier():
            return name[end - 1]
    return name[0]  # the first character folds to something that cannot start a name


def python_attribute(name: str) -> str:
    """The attribute of the generated `Ticket` for the ticket input `name`.

    The folded name, with a `_` suffix when it is a keyword or a name the class uses (`class`
    → `class_`, `PLANS` → `PLANS_`), and an `x` prefix when it starts with `__` (which Python
    would mangle inside a class, or which could be a special method). Two inputs can still get
    one attribute (`class` and `class_`); the resolver refuses such pairs.
    """
    folded = fold(name)
    if folded.startswith("__"):
        return "x" + folded
    if keyword.iskeyword(folded) or folded in TICKET_CLASS_NAMES:
        return folded + "_"
    return folded


def escape_reason(name: str) -> str:
    """Why `python_attribute(name)` is not the folded name: the end of a sentence whose subject
    is the folded name."""
    folded = fold(name)
    if folded.startswith("__"):
        return "starts with `__`, which Python mangles inside a class"
    if keyword.iskeyword(folded):
        return "is a Python keyword"
    if folded in TICKET_CLASS_NAMES:
        return "is a name the generated `Ticket` uses itself"
    return "is a plain Python name"


def constant_suffix(name: str, position: int) -> str:
    """The suffix of a module constant named after a plan, rule or restriction: the name when
    it is plain ASCII (which Python does not fold), else its position among its kind. Names do
    not start with a digit, so the two kinds of suffix never meet."""
    return name if name.isascii() else str(position)
