"""A ticket that came by a channel its plan does not offer: both engines trace it and list
`channel` under `violations`, and keep the plan's targets; plans without a `channels` list and
tickets without a channel are not judged."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from slac.codegen.markdown import generate, generate_index
from slac.codegen.python import render_module
from slac.interpret import Interpreter
from slac.model.types import Policy
from slac.options import BuildOptions
from slac.pipeline import compile_file, compile_text
from slac.syntax.parser import parse_text
from slac.syntax.printer import format_document

from tests.codegen.support import load_source

POLICY = """\
policy demo "Demo support"

scale severity "Severity"
    chosen by customer
    level 1 "Critical"
    level 2 "Low"

target initial_response "Initial response" from opened

field channel "How the ticket came in"
    values portal, email, phone

plan basic "Basic"
    channels email, portal
    targets
        severity | initial_response
        1        | 4 hours
        2        | 8 hours

plan premium "Premium"
    channels email, portal, phone
    targets
        severity | initial_response
        1        | 1 hour
        2        | 4 hours

plan open "Open"
    same as basic
    channels email, portal, phone

plan any "Any channel"
    targets
        severity | initial_response
        1        | 1 hour
        2        | 4 hours
"""


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory) -> tuple[Policy, ModuleType]:
    compilation = compile_text(POLICY, "channels.sla")
    assert compilation.ok and compilation.policy is not None, compilation.diagnostics
    module = load_source(
        render_module(compilation.policy, "channels.sla"), "generated_channels", tmp_path_factory.mktemp("channels")
    )
    return compilation.policy, module


def _both(engines: tuple[Policy, ModuleType], ticket: dict[str, object]) -> dict[str, object]:
    policy, module = engines
    now = "2025-03-03T12:00:00Z"
    interpreted = Interpreter(policy).evaluate(ticket, now).to_dict()
    assert module.evaluate(ticket, now).to_dict() == interpreted
    return interpreted


@pytest.mark.parametrize(
    ("plan", "channel", "offered"),
    [
        ("basic", "phone", False),
        ("basic", "email", True),
        ("premium", "phone", True),
        ("open", "phone", True),  # the alias lists its own channels
        ("any", "phone", True),  # a plan without `channels` accepts every channel
        ("basic", None, True),  # no channel given: nothing to judge
    ],
)
def test_channel_the_plan_does_not_offer(
    engines: tuple[Policy, ModuleType], plan: str, channel: str | None, offered: bool
) -> None:
    ticket: dict[str, object] = {"plan": plan, "severity": 1, "opened_at": "2025-03-03T09:00:00Z"}
    if channel is not None:
        ticket["channel"] = channel
    result = _both(engines, ticket)
    steps = [entry for entry in result["trace"] if entry["step"] == "channel"]  # type: ignore[union-attr]
    assert result["violations"] == ([] if offered else ["channel"])
    assert len(steps) == (0 if offered else 1)
    if not offered:
        assert steps[0]["message"] == (
            "channel phone is not offered by plan basic (channels: email, portal) (line 13); "
            "the targets still apply as the plan publishes them"
        )
    # the targets are the plan's either way: 4 hours on basic (and its alias), 1 hour otherwise
    due = "2025-03-03T13:00:00Z" if plan in ("basic", "open") else "2025-03-03T10:00:00Z"
    assert result["targets"]["initial_response"]["due"] == due  # type: ignore[index]


SELF_MANAGED = Path(__file__).resolve().parents[1] / "cases" / "plans" / "self_managed.sla"


@pytest.fixture(scope="module")
def conditional(tmp_path_factory: pytest.TempPathFactory) -> tuple[Policy, ModuleType]:
    compilation = compile_text(SELF_MANAGED.read_text(encoding="utf-8"), "self_managed.sla")
    assert compilation.ok and compilation.policy is not None, compilation.diagnostics
    assert compilation.diagnostics == ()  # `deployment` counts as tested by the channel's condition
    module = load_source(
        render_module(compilation.policy, "self_managed.sla"), "generated_self_managed", tmp_path_factory.mktemp("sm")
    )
    return compilation.policy, module


@pytest.mark.parametrize(
    ("plan", "deployment", "channel", "offered"),
    [
        ("standard", "cloud", "phone", False),
        ("standard", "self_managed", "phone", True),
        ("standard", None, "phone", False),  # the default deployment is cloud
        ("standard", "cloud", "email", True),
        ("premier", "cloud", "phone", True),  # the add-on offers phone without a condition
    ],
)
def test_a_channel_offered_on_a_condition(
    conditional: tuple[Policy, ModuleType], plan: str, deployment: str | None, channel: str, offered: bool
) -> None:
    ticket: dict[str, object] = {"plan": plan, "severity": 1, "channel": channel, "opened_at": "2025-03-03T09:00:00Z"}
    if plan == "premier":
        ticket["base_plan"] = "standard"
    if deployment is not None:
        ticket["deployment"] = deployment
    result = _both(conditional, ticket)
    assert result["violations"] == ([] if offered else ["channel"])
    if not offered:
        message = next(e["message"] for e in result["trace"] if e["step"] == "channel")  # type: ignore[union-attr]
        assert message.startswith(
            "channel phone is not offered by plan standard (channels: portal, email, phone when deployment is "
            "self_managed) (line 18)"
        )


@pytest.mark.parametrize(
    ("language", "channels", "extra"),
    [
        ("en", "phone (only when Deployment is self managed)", "Patch releases for your own servers (only when Deployment is self managed)"),
        ("it", "telefono (solo se Deployment è self managed)", "Patch releases for your own servers (solo se Deployment è self managed)"),
        ("cs", "telefon (jen pokud Deployment je self managed)", "Patch releases for your own servers (jen pokud Deployment je self managed)"),
        ("pl", "telefon (tylko gdy Deployment to self managed)", "Patch releases for your own servers (tylko gdy Deployment to self managed)"),
    ],
)
def test_documents_say_a_channel_or_extra_is_conditional(language: str, channels: str, extra: str) -> None:
    compilation = compile_file(SELF_MANAGED)
    outputs = generate(compilation, BuildOptions(lang=language))
    page = next(text for name, text in outputs.items() if name.endswith(".md") and ".report" not in name)
    contact = next(line for line in page.splitlines() if line.startswith("- **") and channels in line)
    assert contact.endswith(channels)
    assert any(line.startswith("| ") and f"| {extra} |" in line for line in page.splitlines())


CONTACTS = """\
policy demo "Demo support"
    contact email "help@demo.example"
    contact phone "+1 555 0100"

scale severity "Severity"
    chosen by customer
    level 1 "Critical"

target initial_response "Initial response" from opened

field channel "How the ticket came in"
    values portal, email, phone

plan basic "Basic"
    channels email, portal
    initial_response 4 hours

plan premium "Premium"
    channels email, portal, phone
    initial_response 1 hour

plan night "Night desk"
    add-on to basic, premium
    initial_response 30 minutes

plan any "Any channel"
    initial_response 1 hour
"""


def test_a_plan_is_contacted_only_through_the_channels_it_offers() -> None:
    """The policy's phone number is not a way to reach support on a plan without phone, and
    an add-on without channels of its own is reached as its base plan is (Basic: no phone)."""
    compilation = compile_text(CONTACTS, "contacts.sla")
    assert compilation.ok, compilation.diagnostics
    page = generate(compilation, BuildOptions(lang="en"))["demo.md"]
    contacts = [line for line in page.splitlines() if line.startswith("- **Contact**")]
    assert contacts == [
        "- **Contact**: email (help@demo.example), support portal",
        "- **Contact**: email (help@demo.example), support portal, phone (\\+1 555 0100)",
        "- **Contact**: as the base plan",
        "- **Contact**: email (help@demo.example), phone (\\+1 555 0100)",
    ]


def test_the_index_says_a_channel_is_conditional_too() -> None:
    # Standard offers phone only to self-managed deployments: the index must not offer it to all.
    index = generate_index([compile_file(SELF_MANAGED)], BuildOptions(lang="en"))["index.md"]
    rows = [line.split(" | ") for line in index.splitlines() if line.startswith(("| Standard", "| Premier"))]
    assert [row[1] for row in rows] == [
        "support portal, email, phone (only when Deployment is self managed)",
        "support portal, email, phone",  # Premier adds phone without a condition
    ]


def test_an_alias_with_channels_of_its_own_is_documented_with_them() -> None:
    # Open is "same as basic" but offers phone too: neither "Same as Basic." alone nor Basic's
    # channels in the index may hide it.
    compilation = compile_text(POLICY, "channels.sla")
    page = generate(compilation, BuildOptions(lang="en"))["demo.md"]
    open_plan = page.split("### Open", 1)[1].split("\n### ", 1)[0]
    assert "Same as Basic." not in open_plan
    assert "Response times as on the Basic plan." in open_plan.splitlines()
    assert "- **Contact**: email, support portal, phone" in open_plan.splitlines()
    assert "| 1 — Critical | 4 hours |" in open_plan.splitlines()
    index = generate_index([compilation], BuildOptions(lang="en"))["index.md"]
    [row] = [line for line in index.splitlines() if line.startswith("| Open")]
    assert row.startswith("| Open | email, support portal, phone | — | **1** Critical<br>4 hours |")


def test_fmt_keeps_conditional_channels_and_extras() -> None:
    text = SELF_MANAGED.read_text(encoding="utf-8")
    parsed = parse_text(text, str(SELF_MANAGED))
    assert parsed.document is not None
    assert format_document(parsed.document) == text
