"""Syntax: the .sla grammar and everything that reads or writes .sla text.

    grammar.py   the Lark LALR parser of grammar/slac.lark and the indentation postlexer
    parser.py    parse_file / parse_text (also `slac.parse_file`): text → AST or diagnostics
    messages.py  syntax errors in words, with line, column and fix
    builder.py   Lark tree → typed AST
    ast.py       the AST node types; span.py the source spans
    printer.py   the canonical printer behind `slac fmt`

No Lark type leaves this package.
"""
