"""The grammar itself: it builds without conflicts under Lark's strict mode, every seed policy
parses, and the AST's spans point at the text they came from."""

from __future__ import annotations

from pathlib import Path

import pytest
from lark import Lark

from slac.syntax import ast
from slac.syntax.grammar import build_strict_parser
from slac.syntax.parser import parse_file, parse_text
from slac.syntax.span import Span

REPO = Path(__file__).resolve().parents[2]
SEEDS = sorted((REPO / "rules").glob("*.sla"))


def _parse_seed(name: str) -> ast.Document:
    result = parse_file(REPO / "rules" / f"{name}.sla")
    assert result.document is not None, result.diagnostics
    return result.document


def _block(document: ast.Document, kind: type, name: str) -> ast.Node:
    for block in document.blocks:
        if (
            isinstance(block, kind)
            and getattr(block, "name", getattr(block, "target", getattr(block, "scale", None)))
            == name
        ):
            return block
    raise AssertionError(f"no {kind.__name__} {name}")


def test_grammar_builds_under_strict_mode() -> None:
    """Strict mode raises on any shift/reduce or reduce/reduce conflict and on terminals that
    collide; building succeeds only if the grammar has none."""
    parser = build_strict_parser()
    assert isinstance(parser, Lark)
    assert parser.options.strict
    assert parser.options.parser == "lalr"


def test_the_five_seeds_are_there() -> None:
    assert {"cloudtalk", "credenti", "managry", "zimbra", "zmanda"} <= {p.stem for p in SEEDS}


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_seed_parses_without_diagnostics(seed: Path) -> None:
    result = parse_file(seed)
    assert result.diagnostics == ()
    assert result.document is not None
    assert result.document.blocks


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_every_block_starts_where_its_keyword_is(seed: Path) -> None:
    text = seed.read_text(encoding="utf-8")
    lines = text.split("\n")
    document = _parse_seed(seed.stem)
    for block in document.blocks:
        assert block.span.path == str(seed)
        assert block.span.column == 1
        first_word = lines[block.span.line - 1].split()[0]
        keyword = {
            ast.TargetsTable: "targets",
            ast.DefaultLevel: "default",
            ast.Restriction: "restrict",
            ast.StatusDecl: "status",
        }
        assert first_word == keyword.get(type(block), type(block).__name__.lower())
        assert block.span.end_line >= block.span.line


def _locate(seed: str, needle: str, after: str | None = None) -> tuple[int, int]:
    """Line and column (1-based) of the only occurrence of `needle` in a seed (the first one
    after the line containing `after`, when given)."""
    lines = (REPO / "rules" / f"{seed}.sla").read_text(encoding="utf-8").split("\n")
    start = 0
    if after is not None:
        start = next(i for i, line in enumerate(lines) if after in line) + 1
    found = [
        (i + 1, line.index(needle) + 1)
        for i, line in enumerate(lines)
        if i >= start and needle in line
    ]
    assert found, needle
    if after is None:
        assert len(found) == 1, f"{needle!r} is not unique in {seed}"
    return found[0]


def test_span_of_a_level() -> None:
    scale = _block(_parse_seed("managry"), ast.Scale, "severity")
    level = next(item for item in scale.items if isinstance(item, ast.Level) and item.name == "1")
    line, column = _locate("managry", 'level 1 "Kritická"')
    assert (level.span.line, level.span.column) == (line, column)
    # the level's span ends at the end of its last criterion, not at the next line
    last_line, last_column = _locate("managry", 'criterion "Obchodní operace zastaveny"')
    assert (level.span.end_line, level.span.end_column) == (
        last_line,
        last_column + len('criterion "Obchodní operace zastaveny"'),
    )
    criterion = level.items[0]
    assert (criterion.span.line, criterion.span.column) == (line + 1, column + 4)
    assert criterion.span.end_line == criterion.span.line


def test_span_of_a_cell() -> None:
    plan = _block(_parse_seed("managry"), ast.Plan, "premium")
    table = next(item for item in plan.items if isinstance(item, ast.PlanTargets)).table
    header_line, header_column = _locate(
        "managry", "severity | initial_response  ", after="plan premium"
    )
    assert (table.span.line, table.span.column) == (header_line, header_column)
    row = table.rows[0]
    assert (row.span.line, row.span.column) == (header_line + 1, header_column)
    cell = row.cells[0]
    assert isinstance(cell, ast.TimedCell)
    text = "1 business hour; 8 hours outside business hours"
    line, column = _locate("managry", text, after="plan premium")
    assert line == header_line + 1
    assert cell.span == Span(
        str(REPO / "rules" / "managry.sla"), line, column, line, column + len(text)
    )
    assert (cell.deadline.span.line, cell.deadline.span.column) == (line, column)
    assert cell.outside_hours is not None
    assert cell.outside_hours.span.column == column + len("1 business hour; ")


def test_span_of_a_within_cell_with_a_clock() -> None:
    table = _block(_parse_seed("cloudtalk"), ast.TargetsTable, "initial_response").table
    cell = table.rows[0].cells[2]
    assert isinstance(cell, ast.TimedCell) and cell.within and cell.deadline.around_the_clock
    line, column = _locate("cloudtalk", "within 1 hour (24/7)")
    assert (cell.span.line, cell.span.column) == (line, column)
    assert (cell.span.end_line, cell.span.end_column) == (
        line,
        column + len("within 1 hour (24/7)"),
    )


def test_span_of_a_rule() -> None:
    rule = _block(_parse_seed("cloudtalk"), ast.Rule, "not_production")
    assert isinstance(rule, ast.Rule)
    line, column = _locate("cloudtalk", "rule not_production")
    assert (rule.span.line, rule.span.column) == (line, column)
    assert (rule.condition.span.line, rule.condition.span.column) == (line + 1, 10)
    assert (rule.action.span.line, rule.action.span.column) == (line + 2, 10)
    then_line, then_column = _locate("cloudtalk", "then priority may become 3", after="rule not_production")
    assert (rule.span.end_line, rule.span.end_column) == (
        then_line,
        then_column + len("then priority may become 3"),
    )


def test_span_of_a_matrix_header_and_row() -> None:
    matrix = _block(_parse_seed("zmanda"), ast.Matrix, "priority")
    line, column = _locate("zmanda", "urgency \\ impact")
    assert (matrix.header_span.line, matrix.header_span.column) == (line, column)
    assert (matrix.rows[0].span.line, matrix.rows[0].span.column) == (line + 1, column)


def test_span_ends_before_a_trailing_comment() -> None:
    text = "plan p  # the plan\n    hours office  # its hours\n    # a comment under it\n\nplan q\n"
    plan = parse_text(text, "f.sla").document.blocks[0]
    assert (plan.span.line, plan.span.column, plan.span.end_line, plan.span.end_column) == (
        1,
        1,
        2,
        17,
    )
    assert plan.items[0].span == Span("f.sla", 2, 5, 2, 17)


def test_spans_do_not_take_part_in_equality() -> None:
    first = parse_text('target a "A" from opened\n').document
    second = parse_text('\n\n# moved\n\ntarget   a   "A"   from   opened\n').document
    assert first == second
    assert first.blocks[0].span != second.blocks[0].span


def test_spans_are_in_the_original_file_after_recovery() -> None:
    """Block-by-block recovery reports lines of the whole file, not of the block."""
    text = 'target a "A" from opened\n\nplan p\n    hours x\n\nrule r\n    when a is b\n'
    result = parse_text(text, "f.sla")
    assert [d.span.line for d in result.diagnostics] == [7]


def test_comments_are_collected_with_their_position() -> None:
    document = parse_text(
        '# head\nplan p  # trailing "quoted # not a comment"\n    hours x\n'
    ).document
    assert [(c.line, c.span.column, c.own_line) for c in document.comments] == [
        (1, 1, True),
        (2, 9, False),
    ]


def test_a_hash_inside_a_text_is_not_a_comment() -> None:
    document = parse_text('policy p "Ticket #1 \\" # still text"\n').document
    assert document.blocks[0].title == 'Ticket #1 " # still text'
    assert document.comments == ()
