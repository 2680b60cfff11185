"""Source positions, carried by every AST node and every diagnostic."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Span:
    """A range of a source file: 1-based lines and columns, end exclusive."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def point(cls, path: str, line: int, column: int) -> Span:
        """A span of one character, for errors that sit at a single spot."""
        return cls(path, line, column, line, column + 1)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


NO_SPAN = Span("<unknown>", 0, 0, 0, 0)
