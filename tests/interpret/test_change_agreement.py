"""`changed by agent with customer agreement`: who may change a level and with whose agreement,
from the language to the model, the documents (four languages) and the history engine of both
the interpreter and the generated module."""

from __future__ import annotations

from typing import Any

import pytest

import slac
from slac import examples
from slac.codegen import markdown
from slac.interpret import evaluate as interpret
from slac.options import BuildOptions
from slac.syntax.printer import format_document

POLICY = '''policy demo "Demo"
    language {lang}

scale severity "Severity"
    chosen by customer
    changed by agent with customer agreement
    level 1 "Critical"
    level 2 "High"

target first "First" from opened

plan basic "Basic"
    targets
        severity | first
        1        | 1 hour
        2        | 4 hours
'''

HISTORY = {
    "plan": "basic",
    "events": [
        {"at": "2025-03-04T10:00:00Z", "type": "opened", "level": "1"},
        {"at": "2025-03-04T10:20:00Z", "type": "level", "to": "2"},
    ],
}


def compiled(lang: str = "en", policy: str = POLICY) -> slac.Compilation:
    result = slac.compile_text(policy.format(lang=lang), "rules/demo.sla")
    assert result.policy is not None, [d.message for d in result.diagnostics]
    return result


def test_the_agreement_reaches_the_model_and_fmt_keeps_it() -> None:
    scale = compiled().policy.scale  # type: ignore[union-attr]
    assert scale.changed_by == ("agent",)
    assert scale.agreement("agent") == "customer"
    assert scale.agreement("customer") is None
    printed = format_document(slac.parse_text(POLICY.format(lang="en"), "rules/demo.sla").document)
    assert "    changed by agent with customer agreement\n" in printed


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("changed by agent with agent agreement", "the agent cannot need its own agreement to change the level"),
        ("changed by agent with boss agreement", "unknown role `boss`"),
    ],
)
def test_an_agreement_that_cannot_be_is_an_error(line: str, message: str) -> None:
    text = POLICY.format(lang="en").replace("changed by agent with customer agreement", line)
    errors = [d.message for d in slac.compile_text(text, "rules/demo.sla").diagnostics if d.severity.value == "error"]
    assert errors == [message]


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("en", "Severity may be changed by: the support engineer with the customer's agreement."),
        ("it", "Può modificare la gravità: il tecnico dell'assistenza con il consenso del cliente."),
        ("cs", "Závažnost může změnit: specialista na podporu se souhlasem zákazníka."),
        ("pl", "Poziom ważności może zmienić: dział wsparcia za zgodą klienta."),
    ],
)
def test_documents_say_whose_agreement_a_change_needs(lang: str, sentence: str) -> None:
    document = markdown.generate(compiled(lang), BuildOptions())["demo.md"]
    assert sentence in document.splitlines()


def engines() -> list[Any]:
    compilation = compiled()
    module = examples.load_generated_module(compilation, BuildOptions())
    return [
        lambda ticket, now: interpret(compilation.policy, ticket, now),  # type: ignore[arg-type]
        lambda ticket, now: module.evaluate(ticket, now),
    ]


@pytest.mark.parametrize("engine", [0, 1], ids=["interpreter", "generated"])
def test_an_agents_level_change_is_traced_with_the_agreement_it_needs(engine: int) -> None:
    result = engines()[engine](HISTORY, "2025-03-04T11:00:00Z").to_dict()
    assert result["level"] == "2"
    change = result["levels"][-1]
    assert change["event"] == "events[1]"
    assert change["trace"][0] == "the agent changed the severity to 2, which needs the customer's agreement"
    # the opening is the customer's choice: no agreement there
    assert not any("agreement" in line for line in result["levels"][0]["trace"])


@pytest.mark.parametrize("engine", [0, 1], ids=["interpreter", "generated"])
def test_without_an_agreement_the_level_change_is_traced_as_before(engine: int) -> None:
    text = POLICY.replace(" with customer agreement", "")
    compilation = compiled(policy=text)
    module = examples.load_generated_module(compilation, BuildOptions())
    run = [lambda t, n: interpret(compilation.policy, t, n), module.evaluate][engine]  # type: ignore[arg-type]
    change = run(HISTORY, "2025-03-04T11:00:00Z").to_dict()["levels"][-1]
    assert not any("agreement" in line for line in change["trace"])


def test_the_index_says_whose_agreement_a_change_needs() -> None:
    index = markdown.generate_index([compiled()], BuildOptions())["index.md"]
    assert "the support engineer with the customer's agreement" in index


def test_the_text_explanation_says_the_change_needs_an_agreement() -> None:
    from slac.explanation import explain_text

    policy = compiled().policy
    assert policy is not None
    text = explain_text(policy, interpret(policy, HISTORY, "2025-03-04T11:00:00Z"))
    assert ("Levels: 1 from 2025-03-04 10:00 UTC (events[0]); 2 from 2025-03-04 10:20 UTC (events[1]: "
            "the agent changed the severity to 2, which needs the customer's agreement).") in text.splitlines()
