"""The weekday and month words of the language, shared by the grammar's postlexer, the AST
builder and the printer (and importable without Lark)."""

from __future__ import annotations

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
