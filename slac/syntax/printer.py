"""The canonical printer: AST → .sla text.

Output is what `slac fmt` writes: four-space indentation, one blank line between blocks,
tables with aligned columns, and every comment kept beside the line it was written next to.
Printing a parsed document and parsing the result gives the same AST.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence

from slac.syntax import ast
from slac.syntax.words import DAYS, MONTHS

INDENT = "    "
UNIT_WORDS = {
    "minutes": ("minute", "minutes"),
    "hours": ("hour", "hours"),
    "days": ("day", "days"),
    "weeks": ("week", "weeks"),
    "months": ("month", "months"),
    "business_minutes": ("business minute", "business minutes"),
    "business_hours": ("business hour", "business hours"),
    "business_days": ("business day", "business days"),
    "support_days": ("support day", "support days"),
}
TARGET_STARTS = {
    "opened": "opened",
    "last_agent_reply": "last agent reply",
    "last_customer_reply": "last customer reply",
}
EXAMPLE_TIMES = {
    "opened": "opened",
    "agent_replied": "agent replied",
    "customer_replied": "customer replied",
    "responded": "responded",
    "now": "now",
}
STATUS_WORDS = {"best_effort": "best effort"}


# ----------------------------------------------------------------------- small pieces


def quote(text: str) -> str:
    """A .sla string literal: backslash, quote, line breaks and tab escaped."""
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return f'"{escaped}"'


def clock_time(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def duration_text(duration: ast.Duration) -> str:
    singular, plural = UNIT_WORDS[duration.unit]
    word = singular if duration.amount == 1 else plural
    mark = " (24/7)" if duration.around_the_clock else ""
    return f"{duration.amount} {word}{mark}"


def range_text(span: ast.Range) -> str:
    mark = " (24/7)" if span.around_the_clock else ""
    return f"{span.low}-{span.high} {UNIT_WORDS[span.unit][1]}{mark}"


def assumed_text(assumption: ast.Assumption | None) -> str:
    return f" assumed {quote(assumption.published)}" if assumption is not None else ""


def cell_text(cell: ast.Cell | None, with_assumption: bool = True) -> str:
    """A targets-table cell as written: `within 1 hour (24/7)`, `n/a`, or "" when empty."""
    if cell is None:
        return ""
    suffix = assumed_text(cell.assumption) if with_assumption else ""
    if isinstance(cell, ast.NotApplicable):
        return cell.text + suffix
    if isinstance(cell, ast.BestEffort):
        return "best effort" + suffix
    deadline = cell.deadline
    text = duration_text(deadline) if isinstance(deadline, ast.Duration) else range_text(deadline)
    if cell.within:
        text = "within " + text
    elif cell.strict is not None:
        text = f"{cell.strict} {text}"
    if cell.outside_hours is not None:
        text += f"; {duration_text(cell.outside_hours)} outside business hours"
    return text + suffix


def condition_text(condition: ast.Condition) -> str:
    return expression_text(condition.expression)


_BINDING = {ast.AnyOf: 1, ast.AllOf: 2, ast.Not: 3, ast.Clause: 4}
"""How tightly each form binds: an operand binding less tightly than its parent is parenthesised."""


def expression_text(expression: ast.Expression, parent: int = 0) -> str:
    """The expression as written, with parentheses only where the precedence needs them."""
    binding = _BINDING[type(expression)]
    if isinstance(expression, ast.Clause):
        if expression.operator == "missing":
            return f"{expression.subject} is missing"
        negation = "not " if expression.operator == "is_not" else ""
        return f"{expression.subject} is {negation}" + " or ".join(expression.values)
    if isinstance(expression, ast.Not):
        text = "not " + expression_text(expression.operand, binding)
    else:
        joint = " or " if isinstance(expression, ast.AnyOf) else " and "
        text = joint.join(expression_text(operand, binding) for operand in expression.operands)
    return f"({text})" if binding < parent else text


def days_text(days: tuple[ast.DayRange, ...] | None) -> str:
    if days is None:
        return "daily"
    return ", ".join(
        DAYS[d.first] if d.last is None else f"{DAYS[d.first]}-{DAYS[d.last]}" for d in days
    )


def table_lines(rows: Sequence[Sequence[str]]) -> list[str]:
    """Rows of cells joined by ` | ` with aligned columns and no trailing blanks."""
    width = max(len(row) for row in rows)
    widths = [max((len(row[i]) for row in rows if i < len(row)), default=0) for i in range(width)]
    lines = []
    for row in rows:
        padded = [cell.ljust(widths[i]) for i, cell in enumerate(row)]
        lines.append(" | ".join(padded).rstrip())
    return lines


# ----------------------------------------------------------------------- printer


class _Printer:
    def __init__(self, comments: Sequence[ast.Comment]) -> None:
        self.out: list[str] = []
        self.comments = deque(sorted(comments, key=lambda c: (c.line, c.span.column)))
        self.last_line = 0  # source line of the last line printed
        self.open_lines: list[tuple[int, int]] = []  # (source column, depth) of enclosing lines

    def flush_before(self, line: int, depth: int) -> None:
        last_line = None
        while self.comments and self.comments[0].line < line:
            comment = self.comments.popleft()
            if last_line is not None and comment.line > last_line + 1:
                # comment paragraphs stay apart, by one blank line however many there were
                self.out.append("")
            self.out.append(INDENT * depth + comment.text)
            last_line = self.last_line = comment.line
        if depth == 0 and last_line is not None and last_line < line - 1:
            # a comment set apart from the block below it (a file header) stays apart
            self.out.append("")

    def flush_block_tail(self, next_line: int | None) -> None:
        """Indented comments right under a block's last line stay inside the block."""
        while (
            self.comments
            and self.last_line
            and (next_line is None or self.comments[0].line < next_line)
            and self.comments[0].span.column > 1
            and self.comments[0].line == self.last_line + 1
        ):
            comment = self.comments.popleft()
            # as deep as the deepest enclosing line it is not to the left of
            depths = [depth for column, depth in self.open_lines if column <= comment.span.column]
            self.out.append(INDENT * max(depths + [1]) + comment.text)
            self.last_line = comment.line

    def emit(self, depth: int, text: str, node: ast.Node) -> None:
        line = node.span.line
        if line:
            self.flush_before(line, depth)
        rendered = INDENT * depth + text
        while (
            self.comments
            and line
            and self.comments[0].line == line
            and not self.comments[0].own_line
        ):
            rendered += "  " + self.comments.popleft().text
        self.out.append(rendered)
        if line:
            self.last_line = line
            while self.open_lines and self.open_lines[-1][1] >= depth:
                self.open_lines.pop()
            self.open_lines.append((node.span.column, depth))

    def emit_rows(self, depth: int, rows: Sequence[tuple[Sequence[str], ast.Node]]) -> None:
        for text, (_, node) in zip(table_lines([cells for cells, _ in rows]), rows):
            self.emit(depth, text, node)

    def finish(self) -> str:
        self.flush_block_tail(None)
        while self.comments:
            comment = self.comments.popleft()
            if self.out and self.out[-1] and comment.line > self.last_line + 1:
                # comments set apart at the end of the file, or from each other, stay apart
                self.out.append("")
            self.out.append(comment.text)
            self.last_line = comment.line
        while self.out and not self.out[-1].strip():
            self.out.pop()
        return "\n".join(self.out) + "\n" if self.out else ""

    # ------------------------------------------------------------------ blocks

    def document(self, document: ast.Document) -> str:
        for index, block in enumerate(document.blocks):
            if index:
                self.flush_block_tail(block.span.line)
                # one-line status declarations stay together, like the rows of a list
                if not (isinstance(block, ast.StatusDecl) and isinstance(document.blocks[index - 1], ast.StatusDecl)):
                    self.out.append("")
            getattr(self, "block_" + type(block).__name__)(block)
        return self.finish()

    def block_Policy(self, node: ast.Policy) -> None:
        self.emit(0, f"policy {node.id} {quote(node.title)}", node)
        for item in node.items:
            match item:
                case ast.Source(text=text):
                    self.emit(1, f"source {quote(text)}", item)
                case ast.Language(code=code):
                    self.emit(1, f"language {code}", item)
                case ast.Contact(kind=kind, address=address):
                    self.emit(1, f"contact {kind} {quote(address)}", item)
                case ast.Supported(text=text):
                    self.emit(1, f"supported {quote(text)}", item)
                case ast.Unsupported(text=text):
                    self.emit(1, f"unsupported {quote(text)}", item)
                case ast.Note(text=text):
                    self.emit(1, f"note {quote(text)}", item)

    def block_Scale(self, node: ast.Scale) -> None:
        self.emit(0, f"scale {node.name}" + _title(node.title), node)
        for item in node.items:
            match item:
                case ast.ChosenBy(roles=roles):
                    self.emit(1, "chosen by " + ", ".join(roles), item)
                case ast.ChangedBy(roles=roles, agreement=agreement):
                    with_agreement = f" with {agreement} agreement" if agreement else ""
                    self.emit(1, "changed by " + ", ".join(roles) + with_agreement, item)
                case ast.Level():
                    self.emit(1, f"level {item.name} {quote(item.title)}", item)
                    for detail in item.items:
                        keyword = {
                            ast.Description: "description",
                            ast.Criterion: "criterion",
                            ast.LevelExample: "example",
                            ast.Obligation: "obligation",
                        }[type(detail)]
                        self.emit(2, f"{keyword} {quote(detail.text)}", detail)

    def block_Field(self, node: ast.Field) -> None:
        self.emit(0, f"field {node.name}" + _title(node.title), node)
        for item in node.items:
            match item:
                case ast.FieldValues(values=values):
                    self.emit(1, "values " + ", ".join(values), item)
                case ast.FieldBoolean():
                    self.emit(1, "boolean", item)
                case ast.FieldDefault(value=value, assumption=assumption):
                    self.emit(1, f"default {value}{assumed_text(assumption)}", item)

    def block_Matrix(self, node: ast.Matrix) -> None:
        self.emit(0, f"matrix {node.scale}", node)
        header = [f"{node.row_field} \\ {node.column_field}", *node.columns]
        # the header line has no node of its own; comments find it by its span
        rows: list[tuple[Sequence[str], ast.Node]] = [(header, ast.Note("", span=node.header_span))]
        rows += [([row.value, *(c or "" for c in row.cells)], row) for row in node.rows]
        self.emit_rows(1, rows)

    def block_Calendar(self, node: ast.Calendar) -> None:
        self.emit(0, f"calendar {node.name}" + _title(node.title), node)
        for item in node.items:
            self.emit(1, _calendar_item(item), item)

    def block_StatusDecl(self, node: ast.StatusDecl) -> None:
        solved = " is solved" if node.solved else ""
        self.emit(0, f"status {node.name}{_title(node.title)}{solved}{assumed_text(node.assumption)}", node)

    def block_Target(self, node: ast.Target) -> None:
        if node.start is not None:
            self.emit(
                0,
                f"target {node.name}{_title(node.title)} from {TARGET_STARTS[node.start]}"
                + assumed_text(node.assumption),
                node,
            )
            return
        self.emit(0, f"target {node.name}{_title(node.title)}", node)
        for item in node.items:
            self.emit(1, _clock_item(item), item)

    def block_Plan(self, node: ast.Plan) -> None:
        self.emit(0, f"plan {node.name}" + _title(node.title), node)
        for item in node.items:
            match item:
                case ast.Channels(names=names, condition=condition):
                    when = f" when {condition_text(condition)}" if condition else ""
                    self.emit(1, "channels " + ", ".join(names) + when, item)
                case ast.Hours(calendar=calendar, condition=condition, assumption=assumption):
                    when = f" when {condition_text(condition)}" if condition else ""
                    self.emit(1, f"hours {calendar}{when}{assumed_text(assumption)}", item)
                case ast.Extra(name=name, text=text, condition=condition):
                    when = f" when {condition_text(condition)}" if condition else ""
                    self.emit(1, f"extra {name} {quote(text)}{when}", item)
                case ast.SameAs(plan=plan, assumption=assumption):
                    self.emit(1, f"same as {plan}{assumed_text(assumption)}", item)
                case ast.PlanCell(target=target, cell=cell):
                    self.emit(1, f"{target} {cell_text(cell)}", item)
                case ast.AddOnTo(plans=plans, assumption=assumption):
                    self.emit(1, "add-on to " + ", ".join(plans) + assumed_text(assumption), item)
                case ast.AllTargets(cell=cell, assumption=assumption):
                    self.emit(1, f"all targets {cell_text(cell)}{assumed_text(assumption)}", item)
                case ast.CountTargets(in_support_hours=in_hours, assumption=assumption):
                    words = "in support hours" if in_hours else "around the clock"
                    self.emit(1, f"targets count {words}{assumed_text(assumption)}", item)
                case ast.Note(text=text):
                    self.emit(1, f"note {quote(text)}", item)
                case ast.PlanTargets(table=table):
                    self.emit(1, "targets", item)
                    self.table(2, table)

    def block_TargetsTable(self, node: ast.TargetsTable) -> None:
        self.emit(0, f"targets {node.target}" + _title(node.title), node)
        self.table(1, node.table)

    def block_Override(self, node: ast.Override) -> None:
        self.emit(0, f"override {node.name}" + _title(node.title), node)
        self.emit(1, f"when {condition_text(node.condition)}", node.condition)
        for item in node.items:
            match item:
                case ast.OverrideHours(calendar=calendar, assumption=assumption):
                    self.emit(1, f"hours {calendar}{assumed_text(assumption)}", item)
                case ast.OverrideCell(target=target, cell=cell):
                    self.emit(1, f"{target} {cell_text(cell)}", item)

    def table(self, depth: int, table: ast.Table) -> None:
        rows: list[tuple[Sequence[str], ast.Node]] = [
            (list(table.header), ast.Note("", span=table.span))
        ]
        rows += [([row.level, *(cell_text(c) for c in row.cells)], row) for row in table.rows]
        self.emit_rows(depth, rows)

    def block_DefaultLevel(self, node: ast.DefaultLevel) -> None:
        self.emit(0, f"default {node.scale} {node.level}{assumed_text(node.assumption)}", node)

    def block_Rule(self, node: ast.Rule) -> None:
        self.emit(0, f"rule {node.name}" + _title(node.title), node)
        self.emit(1, f"when {condition_text(node.condition)}", node.condition)
        if isinstance(node.action, ast.SetLevel):
            may = "may become " if node.action.discretionary else ""
            action = f"{node.action.scale} {may}{node.action.level}"
        else:
            action = "no guaranteed response"
        self.emit(1, f"then {action}{assumed_text(node.assumption)}", node.action)

    def block_Restriction(self, node: ast.Restriction) -> None:
        self.emit(0, f"restrict {node.name}" + _title(node.title), node)
        self.emit(
            1,
            f"{node.scale} {', '.join(node.levels)} only when {condition_text(node.condition)}",
            node.condition,
        )

    def block_Intake(self, node: ast.Intake) -> None:
        self.emit(0, f"intake {node.name}" + _title(node.title), node)
        for item in node.items:
            match item:
                case ast.IntakeVia(channels=channels):
                    self.emit(1, "via " + ", ".join(channels), item)
                case ast.IntakeQuoting(text=text):
                    self.emit(1, f"quoting {quote(text)}", item)
                case ast.IntakeJoinsCase():
                    self.emit(1, "joins the quoted case", item)
                case ast.IntakeNoCase():
                    self.emit(1, "opens no case", item)

    def block_Translation(self, node: ast.Translation) -> None:
        self.emit(0, f"translation {node.language}", node)
        for entry in node.entries:
            key = entry.key if entry.is_name else quote(entry.key)
            self.emit(1, f"{key} = {quote(entry.text)}", entry)

    def block_Example(self, node: ast.Example) -> None:
        self.emit(0, f"example {node.name}" + _title(node.title), node)
        for item in node.items:
            if isinstance(item, ast.ExampleEvents):
                self.emit(1, "events", item)
                for event in item.events:
                    self.emit(2, f"{event.instant.text} {_event_text(event)}", event)
            else:
                self.emit(1, _example_item(item), item)


START_WORDS = {"customer_message": "customer message", "agent_reply": "agent reply"}
STOP_WORDS = {
    "first_agent_reply": "at the first agent reply",
    "next_agent_reply": "at the next agent reply",
    "solved": "when the ticket is solved",
}
EVENT_WORDS = {
    "agent_reply": "agent replied",
    "customer_reply": "customer replied",
    "agent_note": "agent note",
    "customer_note": "customer note",
    "system_message": "system message",
}


def start_phrase_text(phrase: ast.StartPhrase) -> str:
    if phrase.event == "opened":
        return "when the ticket is opened"
    if phrase.event == "status":
        first = "the first time" if phrase.first else "each time"
        return f"{first} the status becomes {phrase.status}"
    return f"at {'the first' if phrase.first else 'each'} {START_WORDS[phrase.event]}"


def stop_phrase_text(phrase: ast.StopPhrase) -> str:
    if phrase.event == "status":
        return f"when the status becomes {phrase.status}"
    return STOP_WORDS[phrase.event]


def _clock_item(item: ast.ClockItem) -> str:
    match item:
        case ast.ClockStarts(phrases=phrases, unless_solved=unless_solved, assumption=assumption):
            unless = " unless the ticket is solved" if unless_solved else ""
            return f"starts {' or '.join(map(start_phrase_text, phrases))}{unless}{assumed_text(assumption)}"
        case ast.ClockStops(phrases=phrases, assumption=assumption):
            return f"stops {' or '.join(map(stop_phrase_text, phrases))}{assumed_text(assumption)}"
        case ast.ClockPaused(statuses=statuses, assumption=assumption):
            return f"paused while {' or '.join(statuses)}{assumed_text(assumption)}"
        case ast.ClockReopen(effect=effect, assumption=assumption):
            words = "continues the cycle" if effect == "continue" else "starts a new cycle"
            return f"a reopen {words}{assumed_text(assumption)}"
        case ast.ClockLevelChange(effect=effect, assumption=assumption):
            words = "keeps the elapsed time" if effect == "keep" else "starts a new cycle"
            return f"a level change {words}{assumed_text(assumption)}"
    raise AssertionError(f"unknown clock item {item!r}")  # pragma: no cover


def _event_text(event: ast.TicketEvent) -> str:
    if event.kind == "opened":
        return "opened" if event.name is None else f"opened in status {event.name}"
    if event.kind == "status":
        return f"status {event.name}"
    if event.kind == "change":
        return f"{event.name} {event.value}"
    return EVENT_WORDS[event.kind]


def _title(title: str | None) -> str:
    return f" {quote(title)}" if title is not None else ""


def _calendar_item(item: ast.CalendarItem) -> str:
    match item:
        case ast.TimeZone(zone=zone, assumption=assumption):
            return f"timezone {zone or 'local'}{assumed_text(assumption)}"
        case ast.OpenDays(days=days, start=start, end=end, assumption=assumption):
            return f"open {days_text(days)} {clock_time(start)}-{clock_time(end)}" + assumed_text(
                assumption
            )
        case ast.OpenSpan():
            return (
                f"open from {DAYS[item.start_day]} {clock_time(item.start)} "
                f"to {DAYS[item.end_day]} {clock_time(item.end)}{assumed_text(item.assumption)}"
            )
        case ast.OpenAlways(assumption=assumption):
            return "open 24x7" + assumed_text(assumption)
        case ast.OpenCustomerDays(start=start, end=end, assumption=assumption):
            return f"open customer working days {clock_time(start)}-{clock_time(end)}" + assumed_text(assumption)
        case ast.OpenOnDate(day=day, start=start, end=end, assumption=assumption):
            return (
                f"open on {day.isoformat()} {clock_time(start)}-{clock_time(end)}"
                + assumed_text(assumption)
            )
        case ast.ClosedHolidays():
            text = "closed on public holidays of " + (item.country or "customer country")
            if item.subdivision:
                text += f" subdivision {item.subdivision}"
            if item.categories:
                text += " categories " + ", ".join(item.categories)
            return text + assumed_text(item.assumption)
        case ast.ClosedOnDate(day=day, start=start, end=end, assumption=assumption):
            text = f"closed on {day.isoformat()}"
            if start is not None:
                text += f" from {clock_time(start)}"
                if end is not None:
                    text += f"-{clock_time(end)}"
            return text + assumed_text(assumption)
        case ast.ClosedYearly(month=month, day=day, start=start, end=end, assumption=assumption):
            text = f"closed on {MONTHS[month - 1]} {day}"
            if start is not None:
                text += f" from {clock_time(start)}"
                if end is not None:
                    text += f"-{clock_time(end)}"
            return text + assumed_text(assumption)
    raise AssertionError(f"unknown calendar item {item!r}")  # pragma: no cover


def _example_item(item: ast.ExampleItem) -> str:
    match item:
        case ast.ExamplePlan(plan=plan, base=base):
            return f"plan {plan}" + ("" if base is None else f" on {base}")
        case ast.ExampleInput(name=name, value=value):
            return f"{name} {value}"
        case ast.ExampleMissing(name=name):
            return f"{name} missing"
        case ast.ExampleTime(kind=kind, instant=instant):
            return f"{EXAMPLE_TIMES[kind]} {instant.text}"
        case ast.ExampleTimezone(zone=zone):
            return f"timezone {zone}"
        case ast.ExampleCountry(code=code):
            return f"country {code}"
        case ast.ExampleSubdivision(code=code):
            return f"subdivision {code}"
        case ast.ExampleApplied(rule=rule):
            return f"applied {rule}"
        case ast.ExpectLevel(scale=scale, level=level):
            return f"expect {scale} {level}"
        case ast.ExpectDue(target=target, instant=instant):
            return f"expect {target} due {instant.text}"
        case ast.ExpectStatus(target=target, status=status):
            return f"expect {target} {STATUS_WORDS.get(status, status)}"
        case ast.ExpectTrace(rule=rule):
            return f"expect trace mentions {rule}"
        case ast.ExpectCycleCount(target=target, count=count):
            return f"expect {target} cycles {count}"
        case ast.ExpectCycle(target=target, number=number, aspect=aspect) if aspect == "status":
            return f"expect {target} cycle {number} {STATUS_WORDS.get(item.status or '', item.status)}"
        case ast.ExpectCycle(target=target, number=number, aspect=aspect) if aspect == "due":
            assert item.instant is not None
            return f"expect {target} cycle {number} due {item.instant.text}"
        case ast.ExpectCycle(target=target, number=number, aspect=aspect, amount=amount, unit=unit):
            assert amount is not None and unit is not None
            duration = duration_text(ast.Duration(amount, unit, False))  # type: ignore[arg-type]
            return f"expect {target} cycle {number} {aspect} {duration}"
    raise AssertionError(f"unknown example item {item!r}")  # pragma: no cover


def format_document(document: ast.Document) -> str:
    """The canonical text of a document, comments included."""
    return _Printer(document.comments).document(document)
