"""What goes wrong in an import, as data: each problem names the file, the record (ticket,
audit, changelog entry, article) and the fix, so that `slac import` can list every problem of
an export at once instead of stopping at the first."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing the importer could not do. `where` names the record in the helpdesk's own
    words ("ticket 35436, audit 2127301143, event 2127301163"); `fix` says what to change."""

    where: str
    message: str
    fix: str

    def render(self, file: str) -> str:
        """The problem as a line of text; what UTF-8 cannot encode (a lone surrogate quoted
        from the export) is written as its escape, so the line can always be printed."""
        line = f"{file}: {self.where}: {self.message}; {self.fix}"
        return line.encode("utf-8", "backslashreplace").decode("utf-8")


class ImportFailure(Exception):
    """A record the importer cannot read at all; carries the problem that says why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem
