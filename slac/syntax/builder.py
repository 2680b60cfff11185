"""Lark tree → typed AST (`slac.syntax.ast`), with the spans of every node."""

from __future__ import annotations

import bisect
import re
from calendar import monthrange
from dataclasses import dataclass, replace
from datetime import date

from lark import Token, Transformer, v_args

from slac.diagnostics import Diagnostic, Severity
from slac.syntax import ast
from slac.syntax.span import Span

from slac.syntax.grammar import scan_comments
from slac.syntax.words import DAYS, MONTHS

# ----------------------------------------------------------------------- tree → AST


def _decode_string(token: Token) -> str:
    body = str(token)[1:-1]
    return re.sub(
        r"\\(.)", lambda m: {"n": "\n", "r": "\r", "t": "\t"}.get(m.group(1), m.group(1)), body
    )


@dataclass(frozen=True)
class _BareValue:
    """A value standing as a term of a condition: another value of the clause before it."""

    value: Token


@dataclass(frozen=True)
class _Grouped:
    """A parenthesised condition: one term, which a bare value after it cannot join."""

    expression: ast.Expression


def _with_value(term: ast.Expression, value: Token) -> ast.Expression | None:
    """`term` with `value` added to its clause (`region is eu` + `us`), looking through `not`;
    None when the term is not such a clause."""
    if isinstance(term, ast.Not):
        operand = _with_value(term.operand, value)
        return None if operand is None else replace(term, operand=operand)
    if isinstance(term, ast.Clause) and term.operator != "missing":
        return replace(term, values=(*term.values, str(value)))
    return None


def _joined(
    kind: type[ast.AllOf] | type[ast.AnyOf], operands: list[ast.Expression], span: Span
) -> ast.Expression:
    """One operand as it is; several joined by `kind`, nested operands of the same kind flattened."""
    if len(operands) == 1:
        return operands[0]
    flat: list[ast.Expression] = []
    for operand in operands:
        flat += operand.operands if isinstance(operand, kind) else [operand]
    return kind(tuple(flat), span=span)


class AstBuilder(Transformer):
    """Lark tree → typed AST. Semantic problems found while building (an impossible time or
    date) are collected in `problems` instead of raised."""

    def __init__(self, path: str, line_offset: int, text: str) -> None:
        super().__init__()
        self.path = path
        self.line_offset = line_offset
        self.text = text
        self.line_starts = [0] + [match.end() for match in re.finditer("\n", text)]
        self.problems: list[Diagnostic] = []

    # ------------------------------------------------------------------ spans

    def _span(self, meta: object) -> Span:
        """The node's span, ending after its last character that is not a blank, a line
        break or a comment (Lark's own end includes the line break and the next indentation)."""
        line = getattr(meta, "line", None)
        if line is None:
            return Span(self.path, 0, 0, 0, 0)
        start: int = meta.start_pos  # type: ignore[attr-defined]
        end = self._content_end(start, meta.end_pos)  # type: ignore[attr-defined]
        end_line = bisect.bisect_right(self.line_starts, end - 1) if end > start else line
        end_column = end - self.line_starts[end_line - 1] + 1 if end > start else meta.column  # type: ignore[attr-defined]
        return Span(
            self.path,
            line + self.line_offset,
            meta.column,  # type: ignore[attr-defined]
            end_line + self.line_offset,
            end_column,
        )

    def _content_end(self, start: int, end: int) -> int:
        text = self.text
        while end > start:
            while end > start and text[end - 1].isspace():
                end -= 1
            line_start = max(text.rfind("\n", start, end) + 1, start)
            comments = scan_comments(text[line_start:end])
            if not comments:
                return end
            end = line_start + comments[0][1] - 1
        return end

    def _token_span(self, token: Token) -> Span:
        return Span(
            self.path,
            (token.line or 0) + self.line_offset,
            token.column or 0,
            (token.end_line or token.line or 0) + self.line_offset,
            token.end_column or 0,
        )

    def _time(self, token: Token) -> int:
        hours, minutes = (int(part) for part in str(token).split(":"))
        if hours > 24 or minutes > 59 or (hours == 24 and minutes != 0):
            self.problems.append(
                Diagnostic(
                    "SLA005",
                    Severity.ERROR,
                    f"`{token}` is not a time of day",
                    self._token_span(token),
                    help="write hours 00–23 and minutes 00–59, such as `17:00`; `24:00` is midnight at the end of the day",
                )
            )
            return 0
        return hours * 60 + minutes

    def _iso_instant(self, token: Token) -> None:
        """Check the parts of `2025-03-07T16:30+01:00`: the date, the time and the offset."""
        found = re.fullmatch(
            r"(?P<date>[^T]+)T(?P<hour>\d+):(?P<minute>\d+)(?::(?P<second>\d+))?"
            r"(?:Z|[+-](?P<offset_hour>\d+):(?P<offset_minute>\d+))",
            str(token),
        )
        assert found is not None, token
        day = found["date"]
        column = token.column or 0
        self._date(
            Token("DATE", day, token.start_pos, token.line, column, token.line, column + len(day))
        )
        valid = (
            len(found["hour"]) == 2
            and int(found["hour"]) <= 23
            and int(found["minute"]) <= 59
            and int(found["second"] or 0) <= 59
            and int(found["offset_hour"] or 0) <= 23
            and int(found["offset_minute"] or 0) <= 59
        )
        if not valid:
            self.problems.append(
                Diagnostic(
                    "SLA005",
                    Severity.ERROR,
                    f"`{token}` is not a valid instant",
                    self._token_span(token),
                    help="write the date, then `T`, the time (two-digit hours 00–23, minutes "
                    "00–59) and the offset from UTC, as in `2025-03-07T09:05+01:00` or "
                    "`2025-03-07T08:05Z`",
                )
            )

    def _date(self, token: Token) -> date:
        try:
            return date.fromisoformat(str(token))
        except ValueError:
            self.problems.append(
                Diagnostic(
                    "SLA006",
                    Severity.ERROR,
                    f"`{token}` is not a calendar date",
                    self._token_span(token),
                    help="write an existing date as YYYY-MM-DD, such as `2025-12-24`",
                )
            )
            return date(1970, 1, 1)

    def _day_of_year(self, month: Token, day: Token) -> tuple[int, int]:
        """`dec 24` as (12, 24); a day the month never has is SLA006 (`feb 29` exists in leap years)."""
        number = MONTHS.index(str(month)) + 1
        if not 1 <= int(day) <= monthrange(2024, number)[1]:
            self.problems.append(
                Diagnostic(
                    "SLA006",
                    Severity.ERROR,
                    f"`{month} {day}` is not a day of the year",
                    replace(self._token_span(month), end_column=day.end_column or 0),
                    help=f"write a day that {month} has, such as `{month} 1`",
                )
            )
            return number, 1
        return number, int(day)

    # ------------------------------------------------------------------ terminals

    def STRING(self, token: Token) -> str:
        return _decode_string(token)

    def NAME(self, token: Token) -> Token:
        return token

    # ------------------------------------------------------------------ shared

    @v_args(meta=True)
    def start(self, meta: object, blocks: list) -> ast.Document:
        if not blocks:
            return ast.Document((), span=Span(self.path, 1, 1, 1, 1))
        first, last = blocks[0].span, blocks[-1].span
        span = Span(self.path, first.line, first.column, last.end_line, last.end_column)
        return ast.Document(tuple(blocks), span=span)

    @v_args(meta=True)
    def assumed(self, meta: object, children: list) -> ast.Assumption:
        return ast.Assumption(children[0], span=self._span(meta))

    def name_list(self, children: list) -> tuple[str, ...]:
        return tuple(str(child) for child in children)

    def value_list(self, children: list) -> tuple[str, ...]:
        return tuple(str(child) for child in children)

    def zone(self, children: list) -> str:
        return str(children[0])

    # ------------------------------------------------------------------ policy

    @v_args(meta=True)
    def policy(self, meta: object, children: list) -> ast.Policy:
        name, title, *items = children
        return ast.Policy(str(name), title, tuple(items), span=self._span(meta))

    @v_args(meta=True)
    def source(self, meta: object, children: list) -> ast.Source:
        return ast.Source(children[0], span=self._span(meta))

    @v_args(meta=True)
    def language(self, meta: object, children: list) -> ast.Language:
        return ast.Language(str(children[0]), span=self._span(meta))

    @v_args(meta=True)
    def contact(self, meta: object, children: list) -> ast.Contact:
        return ast.Contact(str(children[0]), children[1], span=self._span(meta))

    @v_args(meta=True)
    def supported(self, meta: object, children: list) -> ast.Supported:
        return ast.Supported(children[0], span=self._span(meta))

    @v_args(meta=True)
    def unsupported(self, meta: object, children: list) -> ast.Unsupported:
        return ast.Unsupported(children[0], span=self._span(meta))

    @v_args(meta=True)
    def note(self, meta: object, children: list) -> ast.Note:
        return ast.Note(children[0], span=self._span(meta))

    # ------------------------------------------------------------------ scale

    @v_args(meta=True)
    def scale(self, meta: object, children: list) -> ast.Scale:
        name, title, *items = children
        return ast.Scale(str(name), title, tuple(items), span=self._span(meta))

    @v_args(meta=True)
    def chosen_by(self, meta: object, children: list) -> ast.ChosenBy:
        return ast.ChosenBy(children[0], span=self._span(meta))

    @v_args(meta=True)
    def changed_by(self, meta: object, children: list) -> ast.ChangedBy:
        roles, agreement = children
        return ast.ChangedBy(roles, agreement, span=self._span(meta))

    def agreement(self, children: list) -> str:
        return str(children[0])

    @v_args(meta=True)
    def level(self, meta: object, children: list) -> ast.Level:
        name, title, *items = children
        return ast.Level(str(name), title, tuple(items), span=self._span(meta))

    @v_args(meta=True)
    def description(self, meta: object, children: list) -> ast.Description:
        return ast.Description(children[0], span=self._span(meta))

    @v_args(meta=True)
    def criterion(self, meta: object, children: list) -> ast.Criterion:
        return ast.Criterion(children[0], span=self._span(meta))

    @v_args(meta=True)
    def level_example(self, meta: object, children: list) -> ast.LevelExample:
        return ast.LevelExample(children[0], span=self._span(meta))

    @v_args(meta=True)
    def obligation(self, meta: object, children: list) -> ast.Obligation:
        return ast.Obligation(children[0], span=self._span(meta))

    # ------------------------------------------------------------------ field

    @v_args(meta=True)
    def field(self, meta: object, children: list) -> ast.Field:
        name, title, *items = children
        return ast.Field(str(name), title, tuple(items), span=self._span(meta))

    @v_args(meta=True)
    def field_values(self, meta: object, children: list) -> ast.FieldValues:
        return ast.FieldValues(children[0], span=self._span(meta))

    @v_args(meta=True)
    def field_boolean(self, meta: object, children: list) -> ast.FieldBoolean:
        return ast.FieldBoolean(span=self._span(meta))

    @v_args(meta=True)
    def field_default(self, meta: object, children: list) -> ast.FieldDefault:
        return ast.FieldDefault(str(children[0]), children[1], span=self._span(meta))

    # ------------------------------------------------------------------ matrix

    @v_args(meta=True)
    def matrix(self, meta: object, children: list) -> ast.Matrix:
        scale, header, *rows = children
        row_field, column_field, columns, header_span = header
        return ast.Matrix(
            str(scale),
            row_field,
            column_field,
            columns,
            tuple(rows),
            span=self._span(meta),
            header_span=header_span,
        )

    @v_args(meta=True)
    def matrix_header(self, meta: object, children: list) -> tuple[str, str, tuple[str, ...], Span]:
        row_field, column_field, *columns = children
        return str(row_field), str(column_field), tuple(str(c) for c in columns), self._span(meta)

    @v_args(meta=True)
    def matrix_row(self, meta: object, children: list) -> ast.MatrixRow:
        value, *cells = children
        return ast.MatrixRow(
            str(value),
            tuple(None if c is None else str(c) for c in cells),
            span=self._span(meta),
        )

    # ------------------------------------------------------------------ calendar

    @v_args(meta=True)
    def calendar(self, meta: object, children: list) -> ast.Calendar:
        name, title, *items = children
        return ast.Calendar(str(name), title, tuple(items), span=self._span(meta))

    @v_args(meta=True)
    def timezone(self, meta: object, children: list) -> ast.TimeZone:
        return ast.TimeZone(children[0], children[1], span=self._span(meta))

    @v_args(meta=True)
    def local_timezone(self, meta: object, children: list) -> ast.TimeZone:
        return ast.TimeZone(None, children[0], span=self._span(meta))

    @v_args(meta=True)
    def open_days(self, meta: object, children: list) -> ast.OpenDays:
        days, (start, end), assumption = children
        return ast.OpenDays(days, start, end, assumption, span=self._span(meta))

    def every_day(self, children: list) -> None:
        return None

    def day_set(self, children: list) -> tuple[ast.DayRange, ...]:
        return tuple(children)

    @v_args(meta=True)
    def day_range(self, meta: object, children: list) -> ast.DayRange:
        first = DAYS.index(str(children[0]))
        last = DAYS.index(str(children[1])) if len(children) > 1 else None
        return ast.DayRange(first, last, span=self._span(meta))

    def time_span(self, children: list) -> tuple[int, int]:
        return self._time(children[0]), self._time(children[1])

    @v_args(meta=True)
    def open_span(self, meta: object, children: list) -> ast.OpenSpan:
        start_day, start, end_day, end, assumption = children
        return ast.OpenSpan(
            DAYS.index(str(start_day)),
            self._time(start),
            DAYS.index(str(end_day)),
            self._time(end),
            assumption,
            span=self._span(meta),
        )

    @v_args(meta=True)
    def open_always(self, meta: object, children: list) -> ast.OpenAlways:
        return ast.OpenAlways(children[0], span=self._span(meta))

    @v_args(meta=True)
    def open_customer_days(self, meta: object, children: list) -> ast.OpenCustomerDays:
        (start, end), assumption = children
        return ast.OpenCustomerDays(start, end, assumption, span=self._span(meta))

    @v_args(meta=True)
    def open_on_date(self, meta: object, children: list) -> ast.OpenOnDate:
        day, (start, end), assumption = children
        return ast.OpenOnDate(self._date(day), start, end, assumption, span=self._span(meta))

    @v_args(meta=True)
    def closed_holidays(self, meta: object, children: list) -> ast.ClosedHolidays:
        country, (subdivision, categories), assumption = children
        return ast.ClosedHolidays(
            country, subdivision, categories, assumption, span=self._span(meta)
        )

    def country(self, children: list) -> str:
        return str(children[0])

    def customer_country(self, children: list) -> None:
        return None

    def holiday_options(self, children: list) -> tuple[str | None, tuple[str, ...]]:
        subdivision, categories = children
        return (None if subdivision is None else str(subdivision)), (categories or ())

    @v_args(meta=True)
    def closed_on_date(self, meta: object, children: list) -> ast.ClosedOnDate:
        day, start, end, assumption = children
        return ast.ClosedOnDate(
            self._date(day),
            None if start is None else self._time(start),
            None if end is None else self._time(end),
            assumption,
            span=self._span(meta),
        )

    @v_args(meta=True)
    def closed_yearly(self, meta: object, children: list) -> ast.ClosedYearly:
        month, day, start, end, assumption = children
        month_number, day_number = self._day_of_year(month, day)
        return ast.ClosedYearly(
            month_number,
            day_number,
            None if start is None else self._time(start),
            None if end is None else self._time(end),
            assumption,
            span=self._span(meta),
        )

    # ------------------------------------------------------------------ targets

    @v_args(meta=True)
    def target(self, meta: object, children: list) -> ast.Target:
        name, title, start, assumption = children
        return ast.Target(str(name), title, start, assumption, span=self._span(meta))

    @v_args(meta=True)
    def target_clock(self, meta: object, children: list) -> ast.Target:
        name, title, *items = children
        return ast.Target(str(name), title, None, None, tuple(items), span=self._span(meta))

    @v_args(meta=True)
    def clock_starts(self, meta: object, children: list) -> ast.ClockStarts:
        *phrases, unless_solved, assumption = children
        return ast.ClockStarts(tuple(phrases), unless_solved is not None, assumption, span=self._span(meta))

    def unless_solved(self, children: list) -> bool:
        return True

    @v_args(meta=True)
    def clock_stops(self, meta: object, children: list) -> ast.ClockStops:
        *phrases, assumption = children
        return ast.ClockStops(tuple(phrases), assumption, span=self._span(meta))

    @v_args(meta=True)
    def clock_paused(self, meta: object, children: list) -> ast.ClockPaused:
        *statuses, assumption = children
        return ast.ClockPaused(tuple(str(s) for s in statuses), assumption, span=self._span(meta))

    @v_args(meta=True)
    def clock_reopen(self, meta: object, children: list) -> ast.ClockReopen:
        effect, assumption = children
        return ast.ClockReopen(effect, assumption, span=self._span(meta))

    @v_args(meta=True)
    def clock_level_change(self, meta: object, children: list) -> ast.ClockLevelChange:
        effect, assumption = children
        return ast.ClockLevelChange(effect, assumption, span=self._span(meta))

    def reopen_continues(self, children: list) -> str:
        return "continue"

    def reopen_new_cycle(self, children: list) -> str:
        return "new_cycle"

    def level_change_keeps(self, children: list) -> str:
        return "keep"

    def level_change_new_cycle(self, children: list) -> str:
        return "new_cycle"

    def each(self, children: list) -> bool:
        return False

    def first(self, children: list) -> bool:
        return True

    @v_args(meta=True)
    def start_opened(self, meta: object, children: list) -> ast.StartPhrase:
        return ast.StartPhrase("opened", span=self._span(meta))

    @v_args(meta=True)
    def start_customer_message(self, meta: object, children: list) -> ast.StartPhrase:
        return ast.StartPhrase("customer_message", children[0], span=self._span(meta))

    @v_args(meta=True)
    def start_agent_reply(self, meta: object, children: list) -> ast.StartPhrase:
        return ast.StartPhrase("agent_reply", children[0], span=self._span(meta))

    @v_args(meta=True)
    def start_each_status(self, meta: object, children: list) -> ast.StartPhrase:
        return ast.StartPhrase("status", False, str(children[0]), span=self._span(meta))

    @v_args(meta=True)
    def start_first_status(self, meta: object, children: list) -> ast.StartPhrase:
        return ast.StartPhrase("status", True, str(children[0]), span=self._span(meta))

    @v_args(meta=True)
    def stop_first_agent_reply(self, meta: object, children: list) -> ast.StopPhrase:
        return ast.StopPhrase("first_agent_reply", span=self._span(meta))

    @v_args(meta=True)
    def stop_next_agent_reply(self, meta: object, children: list) -> ast.StopPhrase:
        return ast.StopPhrase("next_agent_reply", span=self._span(meta))

    @v_args(meta=True)
    def stop_solved(self, meta: object, children: list) -> ast.StopPhrase:
        return ast.StopPhrase("solved", span=self._span(meta))

    @v_args(meta=True)
    def stop_status(self, meta: object, children: list) -> ast.StopPhrase:
        return ast.StopPhrase("status", str(children[0]), span=self._span(meta))

    def from_opened(self, children: list) -> str:
        return "opened"

    def from_agent_reply(self, children: list) -> str:
        return "last_agent_reply"

    def from_customer_reply(self, children: list) -> str:
        return "last_customer_reply"

    # ------------------------------------------------------------------ statuses

    @v_args(meta=True)
    def status_decl(self, meta: object, children: list) -> ast.StatusDecl:
        name, title, solved, assumption = children
        return ast.StatusDecl(str(name), title, solved is not None, assumption, span=self._span(meta))

    def solved_state(self, children: list) -> bool:
        return True

    # ------------------------------------------------------------------ plans

    @v_args(meta=True)
    def plan(self, meta: object, children: list) -> ast.Plan:
        name, title, *items = children
        return ast.Plan(str(name), title, tuple(items), span=self._span(meta))

    @v_args(meta=True)
    def channels(self, meta: object, children: list) -> ast.Channels:
        return ast.Channels(children[0], children[1], span=self._span(meta))

    @v_args(meta=True)
    def hours(self, meta: object, children: list) -> ast.Hours:
        calendar, condition, assumption = children
        return ast.Hours(str(calendar), condition, assumption, span=self._span(meta))

    @v_args(meta=True)
    def extra(self, meta: object, children: list) -> ast.Extra:
        return ast.Extra(str(children[0]), children[1], children[2], span=self._span(meta))

    @v_args(meta=True)
    def same_as(self, meta: object, children: list) -> ast.SameAs:
        return ast.SameAs(str(children[0]), children[1], span=self._span(meta))

    @v_args(meta=True)
    def add_on_to(self, meta: object, children: list) -> ast.AddOnTo:
        return ast.AddOnTo(tuple(children[1]), children[2], span=self._span(meta))

    @v_args(meta=True)
    def all_targets(self, meta: object, children: list) -> ast.AllTargets:
        return ast.AllTargets(children[0], children[1], span=self._span(meta))

    @v_args(meta=True)
    def count_in_support_hours(self, meta: object, children: list) -> ast.CountTargets:
        return ast.CountTargets(True, children[0], span=self._span(meta))

    @v_args(meta=True)
    def count_around_the_clock(self, meta: object, children: list) -> ast.CountTargets:
        return ast.CountTargets(False, children[0], span=self._span(meta))

    @v_args(meta=True)
    def plan_targets(self, meta: object, children: list) -> ast.PlanTargets:
        return ast.PlanTargets(children[0], span=self._span(meta))

    @v_args(meta=True)
    def plan_cell(self, meta: object, children: list) -> ast.PlanCell:
        target, cell = children
        return ast.PlanCell(str(target), cell, span=self._span(meta))

    @v_args(meta=True)
    def targets_table(self, meta: object, children: list) -> ast.TargetsTable:
        name, title, table = children
        return ast.TargetsTable(str(name), title, table, span=self._span(meta))

    @v_args(meta=True)
    def override(self, meta: object, children: list) -> ast.Override:
        name, title, condition, *items = children
        return ast.Override(str(name), title, condition, tuple(items), span=self._span(meta))

    @v_args(meta=True)
    def override_hours(self, meta: object, children: list) -> ast.OverrideHours:
        calendar, assumption = children
        return ast.OverrideHours(str(calendar), assumption, span=self._span(meta))

    @v_args(meta=True)
    def override_cell(self, meta: object, children: list) -> ast.OverrideCell:
        target, cell = children
        return ast.OverrideCell(str(target), cell, span=self._span(meta))

    @v_args(meta=True)
    def table(self, meta: object, children: list) -> ast.Table:
        header, *rows = children
        return ast.Table(header, tuple(rows), span=self._span(meta))

    def table_header(self, children: list) -> tuple[str, ...]:
        return tuple(str(c) for c in children)

    @v_args(meta=True)
    def table_row(self, meta: object, children: list) -> ast.TableRow:
        level, *cells = children
        return ast.TableRow(str(level), tuple(cells), span=self._span(meta))

    # ------------------------------------------------------------------ cells

    @v_args(meta=True)
    def cell(self, meta: object, children: list) -> ast.Cell:
        cell, assumption = children
        return replace(cell, assumption=assumption, span=self._span(meta))

    @v_args(meta=True)
    def not_applicable(self, meta: object, children: list) -> ast.NotApplicable:
        return ast.NotApplicable(text=str(children[0]), span=self._span(meta))

    @v_args(meta=True)
    def best_effort(self, meta: object, children: list) -> ast.BestEffort:
        return ast.BestEffort(span=self._span(meta))

    @v_args(meta=True)
    def timed_cell(self, meta: object, children: list) -> ast.TimedCell:
        limit, deadline, outside = children
        within = isinstance(limit, Token) and limit.type == "WITHIN"
        strict = limit if isinstance(limit, str) and not within else None
        return ast.TimedCell(deadline, within, outside, strict=strict, span=self._span(meta))

    def strict_under(self, children: list) -> str:
        return "under"

    def strict_less_than(self, children: list) -> str:
        return "less than"

    def strict_symbol(self, children: list) -> str:
        return "<"

    @v_args(meta=True)
    def duration(self, meta: object, children: list) -> ast.Duration:
        amount, unit, clock = children
        return ast.Duration(int(amount), unit, clock is not None, span=self._span(meta))

    @v_args(meta=True)
    def range(self, meta: object, children: list) -> ast.Range:
        low, high, unit, clock = children
        return ast.Range(int(low), int(high), unit, clock is not None, span=self._span(meta))

    def clock(self, children: list) -> bool:
        return True

    def unit(self, children: list) -> str:  # pragma: no cover - every unit is aliased
        raise AssertionError("unaliased unit")

    def wall_minutes(self, children: list) -> str:
        return "minutes"

    def wall_hours(self, children: list) -> str:
        return "hours"

    def wall_days(self, children: list) -> str:
        return "days"

    def business_minutes(self, children: list) -> str:
        return "business_minutes"

    def business_hours(self, children: list) -> str:
        return "business_hours"

    def business_days(self, children: list) -> str:
        return "business_days"

    def wall_weeks(self, children: list) -> str:
        return "weeks"

    def calendar_months(self, children: list) -> str:
        return "months"

    def support_days(self, children: list) -> str:
        return "support_days"

    # ------------------------------------------------------------------ rules

    @v_args(meta=True)
    def default_level(self, meta: object, children: list) -> ast.DefaultLevel:
        scale, level, assumption = children
        return ast.DefaultLevel(str(scale), str(level), assumption, span=self._span(meta))

    @v_args(meta=True)
    def rule(self, meta: object, children: list) -> ast.Rule:
        name, title, condition, action, assumption = children
        return ast.Rule(str(name), title, condition, action, assumption, span=self._span(meta))

    @v_args(meta=True)
    def set_level(self, meta: object, children: list) -> ast.SetLevel:
        return ast.SetLevel(str(children[0]), str(children[1]), span=self._span(meta))

    @v_args(meta=True)
    def may_set_level(self, meta: object, children: list) -> ast.SetLevel:
        return ast.SetLevel(str(children[0]), str(children[1]), discretionary=True, span=self._span(meta))

    @v_args(meta=True)
    def no_guarantee(self, meta: object, children: list) -> ast.NoGuarantee:
        return ast.NoGuarantee(span=self._span(meta))

    @v_args(meta=True)
    def restriction(self, meta: object, children: list) -> ast.Restriction:
        name, title, scale, levels, condition = children
        return ast.Restriction(
            str(name), title, str(scale), levels, condition, span=self._span(meta)
        )

    @v_args(meta=True)
    def condition(self, meta: object, children: list) -> ast.Condition:
        """Applies the precedence to the flat list of terms and joints: a bare value after
        `or` joins the clause before it, `and` binds tighter than `or`."""
        terms: list[ast.Expression] = [self._term(children[0], None)]
        last_grouped = isinstance(children[0], _Grouped)
        joints: list[str] = []
        for joint, term in zip(children[1::2], children[2::2]):
            if isinstance(term, _BareValue) and joint == "or" and not last_grouped:
                widened = _with_value(terms[-1], term.value)
                if widened is not None:
                    terms[-1] = widened
                    continue
            terms.append(self._term(term, joint))
            joints.append(joint)
            last_grouped = isinstance(term, _Grouped)
        alternatives: list[list[ast.Expression]] = [[terms[0]]]
        for joint, term in zip(joints, terms[1:]):
            if joint == "and":
                alternatives[-1].append(term)
            else:
                alternatives.append([term])
        span = self._span(meta)
        expression = _joined(ast.AnyOf, [_joined(ast.AllOf, group, span) for group in alternatives], span)
        return ast.Condition(expression, span=span)

    def _term(self, term: object, joint: str | None) -> ast.Expression:
        """A term of a condition; a bare value that no clause takes is reported."""
        if isinstance(term, _Grouped):
            return term.expression
        if isinstance(term, _BareValue):
            value = term.value
            where = "after `and`" if joint == "and" else "after `or`" if joint else "at the start of the condition"
            self.problems.append(
                Diagnostic(
                    "SLA002",
                    Severity.ERROR,
                    f"`{value}` stands alone {where}: a condition tests a field or the level",
                    self._token_span(value),
                    help=f"write the field it is a value of, such as `region is {value}`; another value of "
                    "the same field follows `or` right after its clause (`region is eu or us`)",
                )
            )
            return ast.Clause(str(value), "missing", span=self._token_span(value))
        assert isinstance(term, (ast.Clause, ast.Not, ast.AllOf, ast.AnyOf)), term
        return term

    def joint_and(self, children: list) -> str:
        return "and"

    def joint_or(self, children: list) -> str:
        return "or"

    @v_args(meta=True)
    def negated(self, meta: object, children: list) -> ast.Not:
        return ast.Not(self._term(children[0], None), span=self._span(meta))

    @v_args(meta=True)
    def grouped(self, meta: object, children: list) -> _Grouped:
        return _Grouped(children[0].expression)

    def bare_value(self, children: list) -> _BareValue:
        return _BareValue(children[0])

    @v_args(meta=True)
    def is_one_of(self, meta: object, children: list) -> ast.Clause:
        subject, value = children
        return ast.Clause(str(subject), "is", (str(value),), span=self._span(meta))

    @v_args(meta=True)
    def is_none_of(self, meta: object, children: list) -> ast.Clause:
        subject, value = children
        return ast.Clause(str(subject), "is_not", (str(value),), span=self._span(meta))

    @v_args(meta=True)
    def is_missing(self, meta: object, children: list) -> ast.Clause:
        return ast.Clause(str(children[0]), "missing", span=self._span(meta))

    @v_args(meta=True)
    def intake(self, meta: object, children: list) -> ast.Intake:
        name, title, *items = children
        return ast.Intake(str(name), title, tuple(items), span=self._span(meta))

    @v_args(meta=True)
    def intake_via(self, meta: object, children: list) -> ast.IntakeVia:
        return ast.IntakeVia(children[0], span=self._span(meta))

    @v_args(meta=True)
    def intake_quoting(self, meta: object, children: list) -> ast.IntakeQuoting:
        return ast.IntakeQuoting(children[0], span=self._span(meta))

    @v_args(meta=True)
    def intake_joins_case(self, meta: object, children: list) -> ast.IntakeJoinsCase:
        return ast.IntakeJoinsCase(span=self._span(meta))

    @v_args(meta=True)
    def intake_no_case(self, meta: object, children: list) -> ast.IntakeNoCase:
        return ast.IntakeNoCase(span=self._span(meta))

    # ------------------------------------------------------------------ translations

    @v_args(meta=True)
    def translation(self, meta: object, children: list) -> ast.Translation:
        language, *entries = children
        return ast.Translation(str(language), tuple(entries), span=self._span(meta))

    @v_args(meta=True)
    def translated_text(self, meta: object, children: list) -> ast.TranslationEntry:
        return ast.TranslationEntry(children[0], children[1], False, span=self._span(meta))

    @v_args(meta=True)
    def translated_name(self, meta: object, children: list) -> ast.TranslationEntry:
        first, second, text = children
        key = str(first) if second is None else f"{first}.{second}"
        return ast.TranslationEntry(key, text, True, span=self._span(meta))

    # ------------------------------------------------------------------ examples

    @v_args(meta=True)
    def example(self, meta: object, children: list) -> ast.Example:
        name, title, *items = children
        return ast.Example(str(name), title, tuple(items), span=self._span(meta))

    @v_args(meta=True)
    def instant(self, meta: object, children: list) -> ast.Instant:
        if len(children) == 1:
            self._iso_instant(children[0])
            return ast.Instant(str(children[0]), span=self._span(meta))
        day, time, zone = children
        self._date(day)
        self._time(time)
        return ast.Instant(f"{day} {time} {zone}", span=self._span(meta))

    @v_args(meta=True)
    def example_plan(self, meta: object, children: list) -> ast.ExamplePlan:
        plan, base = children
        return ast.ExamplePlan(str(plan), None if base is None else str(base), span=self._span(meta))

    @v_args(meta=True)
    def example_input(self, meta: object, children: list) -> ast.ExampleInput:
        return ast.ExampleInput(str(children[0]), str(children[1]), span=self._span(meta))

    @v_args(meta=True)
    def example_missing(self, meta: object, children: list) -> ast.ExampleMissing:
        return ast.ExampleMissing(str(children[0]), span=self._span(meta))

    def _example_time(self, kind: str, meta: object, children: list) -> ast.ExampleTime:
        return ast.ExampleTime(kind, children[0], span=self._span(meta))  # type: ignore[arg-type]

    @v_args(meta=True)
    def example_opened(self, meta: object, children: list) -> ast.ExampleTime:
        return self._example_time("opened", meta, children)

    @v_args(meta=True)
    def example_agent_replied(self, meta: object, children: list) -> ast.ExampleTime:
        return self._example_time("agent_replied", meta, children)

    @v_args(meta=True)
    def example_customer_replied(self, meta: object, children: list) -> ast.ExampleTime:
        return self._example_time("customer_replied", meta, children)

    @v_args(meta=True)
    def example_responded(self, meta: object, children: list) -> ast.ExampleTime:
        return self._example_time("responded", meta, children)

    @v_args(meta=True)
    def example_now(self, meta: object, children: list) -> ast.ExampleTime:
        return self._example_time("now", meta, children)

    @v_args(meta=True)
    def example_timezone(self, meta: object, children: list) -> ast.ExampleTimezone:
        return ast.ExampleTimezone(children[0], span=self._span(meta))

    @v_args(meta=True)
    def example_subdivision(self, meta: object, children: list) -> ast.ExampleSubdivision:
        return ast.ExampleSubdivision(str(children[0]), span=self._span(meta))

    @v_args(meta=True)
    def example_country(self, meta: object, children: list) -> ast.ExampleCountry:
        return ast.ExampleCountry(str(children[0]), span=self._span(meta))

    @v_args(meta=True)
    def example_applied(self, meta: object, children: list) -> ast.ExampleApplied:
        return ast.ExampleApplied(str(children[0]), span=self._span(meta))

    @v_args(meta=True)
    def expect_level(self, meta: object, children: list) -> ast.ExpectLevel:
        return ast.ExpectLevel(str(children[0]), str(children[1]), span=self._span(meta))

    @v_args(meta=True)
    def expect_due(self, meta: object, children: list) -> ast.ExpectDue:
        return ast.ExpectDue(str(children[0]), children[1], span=self._span(meta))

    @v_args(meta=True)
    def expect_status(self, meta: object, children: list) -> ast.ExpectStatus:
        return ast.ExpectStatus(str(children[0]), children[1], span=self._span(meta))

    @v_args(meta=True)
    def expect_trace(self, meta: object, children: list) -> ast.ExpectTrace:
        return ast.ExpectTrace(str(children[0]), span=self._span(meta))

    def status_not_applicable(self, children: list) -> str:
        return "n/a"

    def status_best_effort(self, children: list) -> str:
        return "best_effort"

    def status_excluded(self, children: list) -> str:
        return "excluded"

    def status_undefined(self, children: list) -> str:
        return "undefined"

    def status_met(self, children: list) -> str:
        return "met"

    def status_breached(self, children: list) -> str:
        return "breached"

    def status_due(self, children: list) -> str:
        return "due"

    def status_paused(self, children: list) -> str:
        return "paused"

    def status_cancelled(self, children: list) -> str:
        return "cancelled"

    @v_args(meta=True)
    def example_events(self, meta: object, children: list) -> ast.ExampleEvents:
        return ast.ExampleEvents(tuple(children), span=self._span(meta))

    @v_args(meta=True)
    def event_line(self, meta: object, children: list) -> ast.TicketEvent:
        instant, (kind, name, value) = children
        return ast.TicketEvent(instant, kind, name, value, span=self._span(meta))

    def event_opened(self, children: list) -> tuple[str, str | None, None]:
        return ("opened", None if children[0] is None else str(children[0]), None)

    def event_agent_reply(self, children: list) -> tuple[str, None, None]:
        return ("agent_reply", None, None)

    def event_customer_reply(self, children: list) -> tuple[str, None, None]:
        return ("customer_reply", None, None)

    def event_agent_note(self, children: list) -> tuple[str, None, None]:
        return ("agent_note", None, None)

    def event_customer_note(self, children: list) -> tuple[str, None, None]:
        return ("customer_note", None, None)

    def event_system_message(self, children: list) -> tuple[str, None, None]:
        return ("system_message", None, None)

    def event_status(self, children: list) -> tuple[str, str, None]:
        return ("status", str(children[0]), None)

    def event_change(self, children: list) -> tuple[str, str, str]:
        return ("change", str(children[0]), str(children[1]))

    @v_args(meta=True)
    def expect_cycle_count(self, meta: object, children: list) -> ast.ExpectCycleCount:
        return ast.ExpectCycleCount(str(children[0]), int(children[1]), span=self._span(meta))

    @v_args(meta=True)
    def expect_cycle(self, meta: object, children: list) -> ast.ExpectCycle:
        target, number, (aspect, value, unit) = children
        if aspect == "status":
            return ast.ExpectCycle(str(target), int(number), "status", status=value, span=self._span(meta))
        if aspect == "due":
            return ast.ExpectCycle(str(target), int(number), "due", instant=value, span=self._span(meta))
        return ast.ExpectCycle(str(target), int(number), aspect, amount=value, unit=unit, span=self._span(meta))

    def cycle_status(self, children: list) -> tuple[str, str, None]:
        return ("status", children[0], None)

    def cycle_due(self, children: list) -> tuple[str, ast.Instant, None]:
        return ("due", children[0], None)

    def cycle_elapsed(self, children: list) -> tuple[str, int, str]:
        return ("elapsed", int(children[0]), children[1])

    def cycle_paused(self, children: list) -> tuple[str, int, str]:
        return ("paused", int(children[0]), children[1])
