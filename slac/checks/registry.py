"""Every diagnostic code slac can report, with what `slac explain` and SARIF say about it.

The parser's (SLA0xx) and the resolver's (SLA1xx) codes are documented here by hand; the
checker's codes (SLA2xx and up) register themselves with the `check` decorator, which takes the
explanation from the check's docstring, so the text a user reads is the text next to the code.
"""

from __future__ import annotations

import difflib
import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from slac.diagnostics import Severity

if TYPE_CHECKING:
    from slac.checks.base import Context, Finding

FAMILIES = {
    "0": "syntax",
    "1": "resolution",
    "2": "completeness",
    "3": "monotonicity",
    "4": "rules",
    "5": "text",
    "6": "calendars",
    "7": "targets",
    "8": "assumptions",
    "9": "clocks",
}


@dataclass(frozen=True)
class CodeDoc:
    """What one code means: a short kebab-case name, its severity, a one-line summary, a
    longer explanation (what it finds and why it matters) and an example that triggers it.
    """

    code: str
    name: str
    severity: Severity
    summary: str
    explanation: str
    example: str

    @property
    def family(self) -> str:
        return FAMILIES.get(self.code[3:4], "other")


@dataclass(frozen=True)
class Check:
    """A registered check: its documentation and the function that yields its findings."""

    doc: CodeDoc
    run: Callable[[Context], Iterable[Finding]]


_DOCS: dict[str, CodeDoc] = {}
_CHECKS: list[Check] = []


def _register(doc: CodeDoc) -> None:
    if doc.code in _DOCS:
        raise ValueError(f"code {doc.code} is registered twice")
    _DOCS[doc.code] = doc


def check(
    code: str, name: str, severity: Severity, summary: str, example: str
) -> Callable[
    [Callable[[Context], Iterable[Finding]]], Callable[[Context], Iterable[Finding]]
]:
    """Register a check under `code`; its docstring is the explanation `slac explain` prints."""

    def register(
        function: Callable[[Context], Iterable[Finding]],
    ) -> Callable[[Context], Iterable[Finding]]:
        explanation = inspect.cleandoc(function.__doc__ or summary)
        doc = CodeDoc(
            code, name, severity, summary, explanation, inspect.cleandoc(example)
        )
        _register(doc)
        _CHECKS.append(Check(doc, function))
        return function

    return register


def checks() -> tuple[Check, ...]:
    """The registered checks, in code order."""
    return tuple(sorted(_CHECKS, key=lambda c: c.doc.code))


def all_codes() -> tuple[CodeDoc, ...]:
    """Every documented code, in order."""
    return tuple(_DOCS[code] for code in sorted(_DOCS))


def lookup(code: str) -> CodeDoc | None:
    """The documentation of `code` (case-insensitive), or None."""
    return _DOCS.get(code.strip().upper())


def nearest_codes(code: str, limit: int = 3) -> list[str]:
    """The known codes closest to an unknown one: same family first, then by number."""
    wanted = code.strip().upper()
    digits = "".join(ch for ch in wanted if ch.isdigit())
    known = sorted(_DOCS)
    if len(digits) == 3:
        number = int(digits)
        return sorted(
            known, key=lambda c: (c[3] != digits[0], abs(int(c[3:]) - number), c)
        )[:limit]
    return difflib.get_close_matches(wanted, known, n=limit, cutoff=0.0)


# ----------------------------------------------------------------------- parser and resolver codes


def _doc(code: str, name: str, summary: str, explanation: str, example: str) -> None:
    _register(
        CodeDoc(
            code,
            name,
            Severity.ERROR,
            summary,
            inspect.cleandoc(explanation),
            inspect.cleandoc(example),
        )
    )


_doc(
    "SLA001",
    "unexpected-character",
    "A character or word that cannot start anything here.",
    """
    The lexer met text that is not part of the language at this place: a stray symbol, a
    misspelt unit, a word where a duration or a name must come. Nothing after it on the line
    can be understood, so the file cannot be compiled. The help line lists what may come here.
    """,
    """
    plan premium
        hours office ?
    """,
)
_doc(
    "SLA002",
    "unexpected-token",
    "A known word in the wrong place, or a line or block that ends too early.",
    """
    The words are all valid, but not in this order: a clause that stops half-way, a table row
    without cells, a keyword where a value is expected. The help line lists what the parser
    expected at that spot.
    """,
    """
    rule email_is_urgent
        when channel is
        then severity 1
    """,
)
_doc(
    "SLA003",
    "unexpected-end-of-file",
    "The file ends in the middle of a block.",
    """
    The last block is incomplete: a rule without its `then`, a table header without rows. The
    file was probably cut off or saved half-edited.
    """,
    """
    rule email_is_urgent
        when channel is email
    """,
)
_doc(
    "SLA004",
    "bad-indentation",
    "A line indented by an amount that matches no enclosing block.",
    """
    Indentation shows which block a line belongs to, as in Python or YAML. A line that is
    indented more than its block allows, or dedented to a depth no block opened at, cannot be
    placed. Indent it like the other lines of its block.
    """,
    """
    calendar office
        timezone Europe/Prague
          open mon-fri 08:00-17:00
    """,
)
_doc(
    "SLA005",
    "invalid-time",
    "A time of day that does not exist, such as 25:00 or 08:61.",
    """
    Times are written on the 24-hour clock, hours 00-23 and minutes 00-59; `24:00` means the
    end of the day. An impossible time would make the opening hours meaningless.
    """,
    """
    calendar office
        timezone Europe/Prague
        open mon-fri 08:00-25:00
    """,
)
_doc(
    "SLA006",
    "invalid-date",
    "A date that does not exist, such as 2025-02-30.",
    """
    Dates are ISO 8601 (YYYY-MM-DD) and must exist in the calendar. A closed or extra-open date
    that does not exist would silently never apply.
    """,
    """
    calendar office
        timezone Europe/Prague
        open mon-fri 08:00-17:00
        closed on 2025-02-30
    """,
)
_doc(
    "SLA007",
    "unknown-keyword",
    "A misspelt keyword; the message names the nearest one.",
    """
    The word is close to a keyword that is allowed here (`calender` for `calendar`,
    `busines` for `business`). The fix is almost always the suggested spelling.
    """,
    """
    calender office
        timezone Europe/Prague
    """,
)
_doc(
    "SLA008",
    "unclosed-text",
    "A quoted text without its closing quote.",
    """
    Texts are written between double quotes on one line; a quote inside a text is written
    `\\"`. Without the closing quote the rest of the line would become part of the text.
    """,
    """
    policy acme "Acme support
    """,
)
_doc(
    "SLA009",
    "unreadable-file",
    "The file cannot be read, or is not UTF-8 text.",
    """
    slac reads .sla files as UTF-8. A missing file, a permission problem or another encoding
    (Windows-1250, Latin-1) stops compilation before parsing. Save the file as UTF-8.
    """,
    """
    $ slac check missing.sla
    """,
)
_doc(
    "SLA101",
    "duplicate-name",
    "A name declared twice (a policy id in two files too), or a reserved name.",
    """
    Levels, fields, field values, calendars, targets, plans, rules and examples are referred to
    by name, so each name may be declared once. The second declaration is ignored; the note
    points at the first. `plan`, `timezone`, `country`, `subdivision` and the scale's own name
    are ticket inputs and cannot be fields. A calendar has one time zone. A policy's generated
    files are named after its id, so two files of one check or build cannot declare the same
    policy id (nor ids that differ only in case or form), and no policy is called `index`.
    """,
    """
    calendar office
        timezone Europe/Prague
        open mon-fri 08:00-17:00
    calendar office
        timezone Europe/Vienna
        open mon-fri 09:00-17:00
    """,
)
_doc(
    "SLA102",
    "unknown-name",
    "A reference to a level, field, value, calendar, target, plan or role that is not declared.",
    """
    Every name used must be declared somewhere in the policy. The message suggests the nearest
    declared name and lists the ones that exist, so a typo is fixed in one step.
    """,
    """
    plan premium
        hours ofice
    """,
)
_doc(
    "SLA103",
    "missing-part",
    "Something the policy needs is missing: the header, the scale, a time zone, opening hours.",
    """
    A policy needs one `policy` header and one `scale`; a calendar needs a time zone and some
    opening hours; a field needs values; an example needs a plan and an opening time. Without
    them nothing can be evaluated. Also reported when a part that may appear once appears twice
    (a second scale, matrix or default level).
    """,
    """
    calendar office
        open mon-fri 08:00-17:00
    """,
)
_doc(
    "SLA104",
    "invalid-value",
    "A value that cannot be used: unknown time zone or country, empty interval, a skipped time.",
    """
    The value is well-formed but meaningless: a time zone or holiday country the tz database or
    the `holidays` package does not know, an interval that opens and closes at the same time, a
    closure that ends before it starts, an out-of-hours alternative in business time, or an
    example instant that does not exist because the clocks skip it.
    """,
    """
    calendar office
        timezone Europe/Praha
        open mon-fri 08:00-17:00
    """,
)
_doc(
    "SLA105",
    "row-length",
    "A table or matrix row with more or fewer cells than the header has columns.",
    """
    Each row needs one cell per column, separated by `|`. A missing `|` shifts every later cell
    into the wrong column, so the row is refused instead of guessed. Leave a cell blank (but
    keep its `|`) for a target that is not published.
    """,
    """
    targets initial_response
        priority | basic   | premium
        P1       | 4 hours
    """,
)
_doc(
    "SLA106",
    "cell-given-twice",
    "The same plan × level × target is given twice, or a level has two rows in one table.",
    """
    A target may be given in a plan's own table or in a `targets` table outside the plans, but
    only once: two values for one cell would make the deadline depend on which one is read.
    """,
    """
    targets initial_response
        priority | premium
        P1       | 1 hour
        P1       | 2 hours
    """,
)
_doc(
    "SLA107",
    "plan-conflict",
    "A plan that contradicts itself: an alias with targets, alias cycles, `all targets` with cells.",
    """
    `same as` copies another plan's targets, so the alias may not have targets of its own, and
    aliases may not form a cycle. `all targets best effort` (or `n/a`) replaces every cell, so
    the plan may not also give cells. A plan's `hours` lines are tried in order, so only the
    last may lack a `when` condition: it is the fallback for every other ticket, and a line
    without `when` before others would leave them unreachable. An add-on (`add-on to …`) is
    bought on plans of their own: not on itself, not on another add-on, and it is not also an
    alias. An `override` gives each target once, its hours once, and at least one target.
    """,
    """
    plan trial
        same as premium
        all targets best effort
    """,
)
_doc(
    "SLA108",
    "business-time-without-hours",
    "A business-time target in a plan that has no support hours.",
    """
    `N business hours` counts only while the plan's calendar is open. A plan without `hours`
    has no calendar, so the deadline cannot be computed. Give the plan hours, or write the
    target on the wall clock. An add-on without hours counts on its base plan's, and an
    override without hours on the ticket's plan's, so each of those needs hours.
    """,
    """
    plan standard
        targets
            severity | initial_response
            1        | 4 business hours
    """,
)


# ----------------------------------------------------------------------- presentation


def format_explanation(doc: CodeDoc) -> str:
    """What `slac explain CODE` prints: the code, its summary, why it matters, an example."""
    example = "\n".join("    " + line for line in doc.example.splitlines())
    return (
        f"{doc.code} {doc.name} ({doc.severity.value}, {doc.family})\n\n"
        f"{doc.summary}\n\n"
        f"{doc.explanation}\n\n"
        f"Example:\n\n{example}\n"
    )


def format_table(docs: Iterable[CodeDoc], markdown: bool = False) -> str:
    """The codes as a table: aligned text for the terminal, or Markdown for the README."""
    rows = [
        (doc.code, doc.name, doc.severity.value, doc.family, doc.summary)
        for doc in docs
    ]
    header = ("Code", "Name", "Severity", "Family", "Summary")
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for code, name, severity, family, summary in rows:
            lines.append(
                f"| {code} | `{name}` | {severity} | {family} | {summary.replace('|', '&#124;')} |"
            )
        return "\n".join(lines)
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(4)]
    lines = []
    for row in [header, *rows]:
        lines.append(
            "  ".join(cell.ljust(width) for cell, width in zip(row[:4], widths))
            + "  "
            + row[4]
        )
    return "\n".join(line.rstrip() for line in lines)
