"""Syntax: the .sla grammar (grammar/slac.lark), the parser, the typed AST and the printer.

`slac.syntax.parser.parse_file` / `parse_text` are the entry points (also `slac.parse_file`).
"""
