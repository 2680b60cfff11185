"""`translation <lang>` blocks: texts and names parse, print back as written, resolve into the
model, and a text or name given twice in one translation is reported."""

from __future__ import annotations

import slac
from slac.syntax import ast
from slac.syntax.parser import parse_text
from slac.syntax.printer import format_document

SOURCE = '''policy t "Politica"
    language it

scale priority "Priorità"
    level P1 "Critico"

field urgency "Urgenza"
    values high, low

translation it
    urgency.high = "Alta"
    low = "Bassa"

translation en
    "Politica" = "Policy"
    "Critico" = "Critical \\"now\\""
    urgency = "Urgency"
'''


def test_entries_parse_as_texts_and_names() -> None:
    result = parse_text(SOURCE, "rules/t.sla")
    assert result.diagnostics == ()
    blocks = [b for b in result.document.blocks if isinstance(b, ast.Translation)]
    assert [b.language for b in blocks] == ["it", "en"]
    assert [(e.key, e.text, e.is_name) for e in blocks[0].entries] == [("urgency.high", "Alta", True), ("low", "Bassa", True)]
    assert [(e.key, e.is_name) for e in blocks[1].entries] == [("Politica", False), ("Critico", False), ("urgency", True)]
    assert blocks[1].entries[1].text == 'Critical "now"'


def test_the_printer_writes_them_back() -> None:
    document = parse_text(SOURCE, "rules/t.sla").document
    printed = format_document(document)
    assert printed == SOURCE
    assert parse_text(printed, "rules/t.sla").document == document


def test_the_model_looks_texts_and_names_up() -> None:
    policy = slac.compile_text(SOURCE, "rules/t.sla").policy
    assert policy is not None
    english = policy.translation("en")
    italian = policy.translation("it")
    assert english is not None and italian is not None and policy.translation("pl") is None
    assert english.text("Politica") == "Policy" and english.text("Priorità") is None
    assert italian.name("high", "urgency") == "Alta"
    assert italian.name("low", "urgency") == "Bassa"  # a value of every field
    assert italian.name("high", "impact") is None


def test_a_text_given_twice_is_reported() -> None:
    compilation = slac.compile_text(SOURCE + '    "Politica" = "Again"\n', "rules/t.sla")
    [finding] = [d for d in compilation.diagnostics if d.code == "SLA101"]
    assert "gives 'Politica' twice" in finding.message
    assert finding.span.line == SOURCE.count("\n") + 1
