"""Printing is the inverse of parsing: any AST printed by `format_document` parses back to
the same AST (spans aside), and printing that again gives the same text."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from slac.syntax import ast
from slac.syntax.parser import parse_text
from slac.syntax.printer import format_document

from . import strategies as sla


def assert_round_trip(document: ast.Document) -> None:
    text = format_document(document)
    result = parse_text(text, "printed.sla")
    assert result.diagnostics == (), text
    assert result.document == document, text
    assert format_document(result.document) == text


@given(sla.documents)
def test_printed_documents_parse_back(document: ast.Document) -> None:
    assert_round_trip(document)


@given(sla.blocks)
def test_each_block_round_trips(block: ast.Block) -> None:
    assert_round_trip(ast.Document((block,)))


@given(st.lists(sla.cells | st.none(), min_size=1, max_size=5))
def test_table_cells_round_trip(cells: list) -> None:
    table = ast.Table(("priority", "initial_response"), (ast.TableRow("1", tuple(cells)),))
    assert_round_trip(ast.Document((ast.TargetsTable("initial_response", None, table),)))


@given(sla.texts)
@example('a "quoted" \\ text\nwith\ttabs\r\nand lines')
@example("\\n is not a line break")
def test_texts_round_trip(text: str) -> None:
    assert_round_trip(ast.Document((ast.Policy("p", text, (ast.Note(text),)),)))
