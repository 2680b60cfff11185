"""Names that Python folds (issue 11, item 1, and the `class`/`class_` part of item 11).

Python reads identifiers in NFKC: `ﬁrst` is `first`, `ｇｏｌｄ` is `gold`, `x²` is `x2`. A
generated module must import and agree with the interpreter whatever the names, two names
that fold together must be an error at check time showing both places, and no name may
collide with what the generated module defines itself.
"""

from __future__ import annotations

import ast as python_ast
import builtins
import dataclasses
import keyword
import os
import re
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from slac.cli import main
from slac.codegen.python import render_module
from slac.examples import load_generated_module
from slac.interpret import Interpreter
from slac.names import TICKET_CLASS_NAMES
from slac.options import BuildOptions
from slac.pipeline import Compilation, compile_text
from slac.runtime.inputs import TicketError
from slac.syntax.grammar import all_keywords

NOW = "2025-03-10T12:00:00Z"

POLICY = """\
policy names "Names"

scale {scale}
    level 1 "One"
    level 2 "Two"

field {field_a}
    values {value_a}, {value_b}
    default {value_b}

field {field_b}
    boolean

calendar {calendar}
    timezone Europe/Prague
    open mon-fri 08:00-17:00

target {target} "Reply" from opened

plan {plan_a} "Lower"
    hours {calendar}
    targets
        {scale} | {target}
        1       | 5 business days
        2       | 6 business days

plan {plan_b} "Higher"
    hours {calendar}
    targets
        {scale} | {target}
        1       | 1 business hour
        2       | 2 business hours

rule {rule}
    when {field_a} is {value_a} and {field_b} is yes
    then {scale} 1

restrict {restriction}
    {scale} 1 only when {field_b} is yes
"""

PLAIN = dict(
    scale="severity",
    field_a="region",
    value_a="north",
    value_b="south",
    field_b="vip",
    calendar="office",
    target="reply",
    plan_a="basic",
    plan_b="gold",
    rule="upgrade",
    restriction="only_vip",
)


def policy_text(**names: str) -> str:
    return POLICY.format(**{**PLAIN, **names})


def compiled(text: str) -> Compilation:
    return compile_text(text, "names.sla")


def errors(compilation: Compilation) -> list[Any]:
    return [d for d in compilation.diagnostics if d.severity.value == "error"]


def tickets(names: dict[str, str]) -> Iterable[dict[str, Any]]:
    """Tickets that exercise every name: both plans, both levels and none, each field value,
    the rule firing and not, the restriction violated and not."""
    for plan in (names["plan_a"], names["plan_b"]):
        for level in (None, 1, "2"):
            for value in (None, names["value_a"], names["value_b"]):
                for vip in (None, True, "no"):
                    ticket: dict[str, Any] = {"plan": plan, "opened_at": "2025-03-07T16:30:00+01:00"}
                    if level is not None:
                        ticket[names["scale"]] = level
                    if value is not None:
                        ticket[names["field_a"]] = value
                    if vip is not None:
                        ticket[names["field_b"]] = vip
                    yield ticket


def module_of(compilation: Compilation, formatted: bool) -> ModuleType:
    """The generated module of a compiled policy, imported from memory; `formatted=False`
    skips black, which changes layout only and takes most of the time."""
    if formatted:
        return load_generated_module(compilation, BuildOptions())
    assert compilation.policy is not None
    module = ModuleType("generated_names")
    sys.modules[module.__name__] = module  # dataclasses look their module up while it runs
    try:
        source = render_module(compilation.policy, "names.sla", formatted=False)
        exec(compile(source, "<names>", "exec"), module.__dict__)
    finally:
        del sys.modules[module.__name__]
    return module


def assert_engines_agree(compilation: Compilation, names: dict[str, str], formatted: bool = False) -> ModuleType:
    """The generated module imports and gives what the interpreter gives for every ticket
    (including the same refusal), and fires the rule when the interpreter does."""
    assert compilation.policy is not None, compilation.diagnostics
    module = module_of(compilation, formatted)
    interpreter = Interpreter(compilation.policy)
    fired = False
    for ticket in tickets(names):
        try:
            expected = interpreter.evaluate(ticket, NOW).to_dict()
        except TicketError as error:
            with pytest.raises(TicketError) as raised:
                module.evaluate(ticket, NOW)
            assert str(raised.value) == str(error)
            continue
        assert module.evaluate(ticket, NOW).to_dict() == expected, ticket
        fired |= any(step.get("subject") == names["rule"] for step in expected["trace"])
    assert fired, "the rule never fired: the tickets do not test the names"
    return module


# ----------------------------------------------------------------------------- single names


FOLDED_NAMES = {
    "ligature": "ﬁrst_contact",
    "full_width": "ｇｏｌｄ",
    "micro_sign": "µs",
    "long_s": "ſtage",
    "black_letter": "ℌours",
    "superscript": "x²",
    "roman_numeral": "tierⅡ",
    "keyword": "ｃｌａｓｓ",
    "constant": "Ｎｏｎｅ",
    "runtime_helper": "ｐａｒｓｅ_ｐｌａｎ",
    "module_name": "Ticket",
    "module_function": "evaluate",
    "module_constant": "_CELLS",
    "rule_constant": "_RULE_upgrade",
    "dunder": "__init__",
    "dunder_folded": "__ｃｌａｓｓ__",
    "czech": "prostředí",
}


# roles in different namespaces, so that one name can take all of them in one policy
DISTINCT_ROLES = ("field_a", "value_a", "plan_b", "rule", "target", "calendar")


@pytest.mark.parametrize("name", FOLDED_NAMES.values(), ids=FOLDED_NAMES.keys())
def test_a_name_python_folds_works_in_every_role(name: str) -> None:
    names = {**PLAIN, **dict.fromkeys(DISTINCT_ROLES, name)}
    compilation = compiled(policy_text(**names))
    assert compilation.ok, compilation.diagnostics
    assert_engines_agree(compilation, names)


def test_a_boolean_field_and_a_restriction_with_folded_names_work() -> None:
    names = {**PLAIN, "field_b": "ｖｉｐ", "restriction": "ﬁrst_only", "scale": "ſeverity"}
    compilation = compiled(policy_text(**names))
    assert compilation.ok, compilation.diagnostics
    assert_engines_agree(compilation, names, formatted=True)


@pytest.mark.parametrize("name", ["ﬁrst_contact", "ｃｌａｓｓ", "Ｎｏｎｅ", "ｐａｒｓｅ_ｐｌａｎ", "__init__", "x²", "object"])
def test_a_field_is_a_keyword_argument_of_ticket_as_python_reads_it(name: str) -> None:
    """`Ticket(<name>=…)` written in Python source (which folds the keyword) sets the field."""
    names = {**PLAIN, "field_a": name}
    compilation = compiled(policy_text(**names))
    module = assert_engines_agree(compilation, names)
    attribute = [f.name for f in dataclasses.fields(module.Ticket)][2]
    assert attribute.isidentifier() and not keyword.iskeyword(attribute)
    scope = {"Ticket": module.Ticket}
    exec(f"ticket = Ticket(plan='gold', opened_at='2025-03-07T16:30:00+01:00', {attribute}='north', vip=True)", scope)
    assert module.evaluate(scope["ticket"], NOW).level == "1"
    assert module.evaluate(scope["ticket"], NOW).to_dict() == Interpreter(compilation.policy).evaluate(
        {"plan": "gold", "opened_at": "2025-03-07T16:30:00+01:00", name: "north", "vip": True}, NOW
    ).to_dict()


def test_two_plans_that_fold_together_do_not_share_a_table() -> None:
    """The reported case: `ｇｏｌｄ` beside `gold` made gold's 1 business hour 5 business days."""
    text = policy_text(plan_a="ｇｏｌｄ", plan_b="gold")
    compilation = compiled(text)
    assert not compilation.ok
    [error] = errors(compilation)
    assert error.code == "SLA101"
    assert "`ｇｏｌｄ`" in error.message and "`gold`" in error.message
    lines = text.splitlines()
    assert lines[error.span.line - 1].startswith("plan gold")
    assert lines[error.related[0].span.line - 1].startswith("plan ｇｏｌｄ")
    assert error.help and "rename" in error.help


FOLDING_PAIRS = [
    ("plan_a", "plan_b", "ｇｏｌｄ", "gold"),
    ("field_a", "field_b", "ﬁrst", "first"),
    ("value_a", "value_b", "µ", "μ"),
    ("rule", "restriction", "ſtop", "stop"),
    ("field_a", "field_b", "ℌ", "H"),
    ("field_a", "field_b", "x²", "x2"),
]


@pytest.mark.parametrize(("role_a", "role_b", "name_a", "name_b"), FOLDING_PAIRS)
def test_two_names_that_fold_together_are_an_error_showing_both(role_a: str, role_b: str, name_a: str, name_b: str) -> None:
    text = policy_text(**{role_a: name_a, role_b: name_b})
    compilation = compiled(text)
    folded = [e for e in errors(compilation) if "folded" in e.message]
    assert len(folded) == 1, compilation.diagnostics
    [error] = folded
    assert error.code == "SLA101" and error.related and error.help
    lines = text.splitlines()
    for span, name in ((error.span, name_b), (error.related[0].span, name_a)):
        assert lines[span.line - 1][span.column - 1 : span.end_column - 1] == name


def test_a_field_folding_to_a_reserved_input_is_refused() -> None:
    compilation = compiled(policy_text(field_a="ｐｌａｎ"))
    [error] = errors(compilation)
    assert error.code == "SLA101" and "reserved" in error.message and "`plan`" in error.message


def test_a_field_whose_folded_form_is_no_python_name_is_refused() -> None:
    compilation = compiled(policy_text(field_a="x½"))
    [error] = errors(compilation)
    assert error.code == "SLA101" and "`½`" in error.message and error.help


@pytest.mark.parametrize(("first", "second"), [("class", "class_"), ("ｃｌａｓｓ", "class_"), ("self", "self_"), ("__a", "x__a")])
def test_class_and_class_underscore_are_an_error_at_check_time(first: str, second: str, tmp_path: Path) -> None:
    """Item 11: fields `class` and `class_` passed check and failed the build with "internal
    error". They would be one attribute of `Ticket`; the checker says so, and build exits 1."""
    text = policy_text(field_a=first, field_b=second)
    [error] = errors(compiled(text))
    assert error.code == "SLA101" and f"`{second}`" in error.message and error.related
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "names.sla").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(tmp_path / "rules"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "internal error" not in result.output and "SLA101" in result.output


def test_class_alone_works_and_is_class_underscore_in_python() -> None:
    names = {**PLAIN, "field_a": "class"}
    module = assert_engines_agree(compiled(policy_text(**names)), names)
    ticket = module.Ticket(plan="gold", opened_at="2025-03-07T16:30:00+01:00", class_="north", vip=True)
    assert ticket.class_ == "north"
    assert module.TICKET_INPUTS[2] == "class"


# ----------------------------------------------------------------------------- reserved names


def names_read_by_ticket_class(source: str) -> set[str]:
    """Every name the generated `Ticket` class reads from an enclosing scope: in its body
    (annotations, defaults, decorators) and in `_validate`, whose parameters are the inputs
    and would hide a global of the same name."""
    tree = python_ast.parse(source)
    ticket = next(n for n in tree.body if isinstance(n, python_ast.ClassDef) and n.name == "Ticket")
    read: set[str] = set()
    for node in ticket.body:
        if isinstance(node, python_ast.FunctionDef):
            read.add(node.name)
            read.update(a.id for d in node.decorator_list for a in python_ast.walk(d) if isinstance(a, python_ast.Name))
            for argument in node.args.args + node.args.kwonlyargs:
                if argument.annotation is not None:
                    read.update(n.id for n in python_ast.walk(argument.annotation) if isinstance(n, python_ast.Name))
            if node.returns is not None:
                read.update(n.id for n in python_ast.walk(node.returns) if isinstance(n, python_ast.Name))
            read.update(a.arg for a in node.args.args[:1])  # self / cls
            if node.name == "_validate":
                read.update(
                    n.id
                    for statement in node.body
                    for n in python_ast.walk(statement)
                    if isinstance(n, python_ast.Name) and isinstance(n.ctx, python_ast.Load)
                )
        else:
            read.update(n.id for n in python_ast.walk(node) if isinstance(n, python_ast.Name))
    return read


FIXED_INPUTS = {
    "plan",
    "opened_at",
    "last_agent_reply_at",
    "last_customer_reply_at",
    "responded_at",
    "timezone",
    "country",
    "subdivision",
    "applied_rules",
}


@pytest.mark.parametrize("policy_id", ["cloudtalk", "credenti", "managry", "zimbra", "zmanda"])
def test_every_name_the_ticket_class_reads_is_reserved(policy_id: str) -> None:
    """`TICKET_CLASS_NAMES` lists what a field's attribute cannot be; it must cover every name
    the generated class reads, or a field of that name would break the module."""
    from tests.codegen.support import seed_policy

    policy = seed_policy(policy_id)
    source = render_module(policy, f"rules/{policy_id}.sla")
    read = names_read_by_ticket_class(source)
    inputs = FIXED_INPUTS | {policy.scale.name} | {f.name for f in policy.fields}
    missing = {name for name in read - TICKET_CLASS_NAMES - inputs - {"None"} if not name.startswith("__")}
    assert not missing, f"add {sorted(missing)} to slac.names.TICKET_CLASS_NAMES"


def test_names_of_everything_the_module_defines_work() -> None:
    """Fields, values, plans, rules, targets and calendars named after each identifier the
    generated module defines, imports or reads (several names per policy, one per role)."""
    tree = python_ast.parse(render_module(compiled(policy_text()).policy, "names.sla"))
    identifiers = {n.id for n in python_ast.walk(tree) if isinstance(n, python_ast.Name)}
    identifiers |= {n.name for n in python_ast.walk(tree) if isinstance(n, (python_ast.FunctionDef, python_ast.ClassDef))}
    identifiers |= {a.asname or a.name for n in python_ast.walk(tree) if isinstance(n, python_ast.ImportFrom) for a in n.names}
    taken = set(PLAIN.values()) | FIXED_INPUTS | {"policy", "level", "trace", "targets", "excluded", "violations", "now"}
    usable = sorted(identifiers - taken - all_keywords())
    assert {"Ticket", "evaluate", "parse_plan", "PLANS", "object", "str", "_CELLS", "_HOURS"} <= set(usable)
    roles = ("field_a", "field_b", "value_a", "plan_a", "plan_b", "rule", "restriction", "target", "calendar")
    for start in range(0, len(usable), len(roles)):
        names = {**PLAIN, **dict(zip(roles, usable[start : start + len(roles)]))}
        compilation = compiled(policy_text(**names))
        assert compilation.ok, (names, compilation.diagnostics)
        assert_engines_agree(compilation, names)


# ----------------------------------------------------------------------------- property


def _name_characters() -> st.SearchStrategy[str]:
    """Characters of the categories names are made of, with the ones Python folds often."""
    categories = st.characters(
        categories=("Lu", "Ll", "Lt", "Lm", "Lo", "Nl", "Nd", "No", "Mn", "Mc", "Pc"),
        codec="utf-8",
    )
    folded = st.sampled_from("ﬁﬂｇｏｌｄＡ＿µſℌℍ²³¹ⅡⅫªº㎏ǅ_ăřščęø")
    return st.one_of(categories, folded, st.sampled_from("abcxyz_"))


@st.composite
def policy_names(draw: st.DrawFn) -> str:
    """A name the grammar reads as one NAME: `\\w` characters, not starting with a digit,
    in NFC (as the parser keeps it), and not one of the language's keywords."""
    name = unicodedata.normalize("NFC", draw(st.text(_name_characters(), min_size=1, max_size=8)))
    assume(re.fullmatch(r"(?!\d)\w+", name) is not None)
    assume(name not in all_keywords() and name.lower() not in {"n", "yes", "no", "local"})
    return name


ROLES = tuple(PLAIN)


@settings(
    # each example compiles a policy and imports its module: few by default, many when thorough
    max_examples=1000 if os.environ.get("HYPOTHESIS_PROFILE") == "thorough" else 25,
    deadline=None,
    # names are drawn from all of Unicode and those the grammar cannot take are filtered out
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(st.fixed_dictionaries({role: policy_names() for role in ROLES}))
def test_random_unicode_names_build_import_and_agree_with_the_interpreter(names: dict[str, str]) -> None:
    """Random names from the Unicode categories names are made of, in every role at once: the
    policy either compiles, and then its generated module imports and agrees with the
    interpreter on every ticket, or resolution refuses it with located errors (never an
    exception). Most draws compile, and at least `max_examples` of them are run."""
    compilation = compiled(policy_text(**names))
    if not compilation.ok:
        found = errors(compilation)
        assert found and all(e.code.startswith("SLA") and e.span.line >= 1 and e.help for e in found)
        # refusals are checked, but the examples that count are the ones that compile: if
        # too few do, hypothesis's filter health check fails the test
        assume(False)
    assert_engines_agree(compilation, names)


def test_builtins_used_by_the_module_are_not_field_attributes() -> None:
    """A sanity check of the reserved list itself: it names real builtins and helpers."""
    assert {"object", "str", "classmethod"} <= set(dir(builtins)) & TICKET_CLASS_NAMES
