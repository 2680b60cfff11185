"""The Markdown generator: one policy document per policy, a coverage chart per calendar, and
an index of all policies side by side.

Stages, each a section of this module:

1. **Escaping.** Policy text reaches a document only through `escape_inline`, `escape_block`
   or `escape_cell`, which return `Markdown` (text known to be safe). The Jinja environment's
   `finalize` refuses to print anything else, so a template that forgets to escape fails loudly
   instead of letting policy text open HTML, break a table or start a heading.
2. **Labels.** Every word the generator writes itself comes from `locales/<lang>.json` (English
   fills any gap). Text written by the policy author is never translated.
3. **Views.** The Policy model is turned into sentences and table cells (Markdown fragments);
   the templates in `templates/*.md.j2` only lay them out.
4. **Worst cases** for the index: the longest time from a clock's start to its deadline over
   the start instants of one holiday-free week.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jinja2

from slac import __version__
from slac.codegen import charts
from slac.diagnostics import Diagnostic
from slac.model.types import (
    Assumption,
    Calendar,
    Cell,
    Clause,
    Condition,
    Example,
    Exclude,
    Expectation,
    Field,
    Intake,
    NoTarget,
    Plan,
    Policy,
    Quantity,
    Rule,
    Scale,
    Target,
    Timed,
)
from slac.options import BuildOptions
from slac.pipeline import Compilation
from slac.runtime import Calendar as RuntimeCalendar
from slac.runtime.schedule import MINUTES_PER_DAY, MINUTES_PER_WEEK, WeeklyInterval, weekly_ranges_by_weekday
from slac.syntax.span import Span

TEMPLATES = Path(__file__).parent / "templates"
LOCALES = Path(__file__).parent / "locales"
FALLBACK_LANGUAGE = "en"

# ============================================================================ 1. escaping


class Markdown(str):
    """Text that is already safe Markdown: escaped policy text, or the generator's own words.

    Any operation on it (concatenation, `format`, `replace`) returns a plain `str` again, which
    the template environment refuses to print; composing fragments goes through `join_markdown`
    and `Labels.__call__`, which escape every plain string they are given.
    """

    __slots__ = ()


# Characters that can start Markdown or HTML syntax anywhere in a line. Backslash escapes work
# for every ASCII punctuation character in CommonMark; & < > become entities so that neither an
# entity nor a tag in policy text is ever interpreted.
_INLINE_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        "`": "\\`",
        "*": "\\*",
        "_": "\\_",
        "[": "\\[",
        "]": "\\]",
        "|": "\\|",
        "#": "\\#",
        "~": "\\~",
        "!": "\\!",
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "\t": " ",
    }
)
# Syntax that only means something at the start of a line: list bullets, ordered-list numbers,
# setext underlines (`===`, `---`) and thematic breaks.
_LINE_START = re.compile(r"^(?:(\d{1,9})([.)])|([-+=]))")


def _escape_lines(text: str) -> list[str]:
    """The non-empty lines of `text`, each stripped and escaped; line breaks are the caller's."""
    lines = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = line.strip().translate(_INLINE_ESCAPES)
        line = _LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", line)
        if line:
            lines.append(line)
    return lines


def escape_inline(text: str) -> Markdown:
    """Policy text for a heading, a link text or the middle of a sentence: one line."""
    return text if isinstance(text, Markdown) else Markdown(" ".join(_escape_lines(text)))


def escape_block(text: str) -> Markdown:
    """Policy text for a paragraph, list item or footnote: line breaks become hard breaks, and
    continuation lines are indented so that they stay inside a list item or footnote."""
    return text if isinstance(text, Markdown) else Markdown("\\\n    ".join(_escape_lines(text)))


def escape_cell(text: str) -> Markdown:
    """Policy text for a table cell: `|` is escaped and line breaks become `<br>`."""
    return text if isinstance(text, Markdown) else Markdown("<br>".join(_escape_lines(text)))


def join_markdown(separator: str, parts: Iterable[str]) -> Markdown:
    """Fragments joined by `separator` (the generator's own words, spaces kept); plain strings
    among the parts are escaped first."""
    return Markdown(_escape_label(separator).join(escape_inline(part) for part in parts))


_PLACEHOLDER = re.compile(r"(\{[a-z_]+\})")


def _escape_label(template: str) -> str:
    """A label's own text escaped like policy text (a translation cannot open HTML or break a
    table either), keeping its spaces and its `{placeholders}`."""
    return "".join(
        part if _PLACEHOLDER.fullmatch(part) else part.replace("\n", " ").translate(_INLINE_ESCAPES)
        for part in _PLACEHOLDER.split(template)
    )


def _require_markdown(value: object) -> object:
    """Jinja `finalize`: only escaped text (or a number) may be printed by a template."""
    if isinstance(value, Markdown) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    if isinstance(value, jinja2.Undefined):
        str(value)  # StrictUndefined raises here, naming the missing variable
    raise TypeError(
        f"unescaped value {value!r} reached a Markdown template; pass it through |inline, |block or |cell"
    )


def _comment_safe(text: str) -> str:
    """Text for the inside of an HTML comment: it must not close the comment."""
    return text.replace("--", "-\u2010").replace(">", "\u203a")


# ============================================================================ 2. labels


@functools.cache
def _locale(language: str) -> Mapping[str, Any]:
    """The labels of one language as stored (no fallback); empty if the language is unknown."""
    path = LOCALES / f"{language}.json"
    if not re.fullmatch(r"[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?", language) or not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def available_languages() -> tuple[str, ...]:
    """The languages that have a locale file."""
    return tuple(sorted(path.stem for path in LOCALES.glob("*.json")))


class Labels:
    """The generator's own words in one language, English filling any gap.

    Calling it formats a label: the label text is escaped (a translation cannot break a table
    either) and each argument is escaped unless it is already `Markdown`.
    """

    def __init__(self, language: str) -> None:
        self.language = language if _locale(language) else FALLBACK_LANGUAGE
        self._data = _merged(_locale(FALLBACK_LANGUAGE), _locale(self.language))

    def __call__(self, key: str, **arguments: object) -> Markdown:
        template = self._data[key]
        if not isinstance(template, str):
            raise TypeError(f"label {key!r} is not a sentence")
        pieces = {name: _piece(value) for name, value in arguments.items()}
        return Markdown(_escape_label(template).format(**pieces))

    def raw(self, key: str) -> Any:
        """A label as stored: a string, a list (weekday names) or a mapping (country names)."""
        return self._data[key]

    def lookup(self, key: str, name: str, default: str | None = None) -> str:
        """An entry of a mapping label, e.g. `lookup("roles", "agent")`; `default` (or the
        humanised name) when the language has no entry for it."""
        return self._data[key].get(name, default if default is not None else humanise(name))

    def sentence(self, template: str, **arguments: object) -> Markdown:
        """Format a label text taken from a mapping (e.g. a scale's phrases)."""
        pieces = {name: _piece(value) for name, value in arguments.items()}
        return Markdown(_escape_label(template).format(**pieces))


def _piece(value: object) -> Markdown:
    if isinstance(value, Markdown):
        return value
    if isinstance(value, int):
        return Markdown(str(value))
    return escape_inline(str(value))


def _merged(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """`override` on top of `base`, merging nested mappings key by key."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(base.get(key), Mapping):
            merged[key] = _merged(base[key], value)
        else:
            merged[key] = value
    return merged


def humanise(name: str) -> str:
    """An identifier as words: `online_ticketing` → `online ticketing`."""
    return name.replace("_", " ")


def _capitalise(text: Markdown) -> Markdown:
    return Markdown(text[:1].upper() + text[1:]) if text[:1].isalpha() else text


# ============================================================================ templates


@functools.cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_require_markdown,
    )
    environment.filters["inline"] = escape_inline
    environment.filters["block"] = escape_block
    environment.filters["cell"] = escape_cell
    environment.filters["cells"] = lambda row: Markdown(" | ".join(escape_cell(cell) for cell in row))
    return environment


def _render(template: str, **context: object) -> str:
    text = _environment().get_template(template).render(**context)
    # Escaped policy text never contains a blank line, so tidying blank lines is safe.
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


# ============================================================================ 3. views


@dataclass(frozen=True)
class Table:
    """A Markdown table: header cells and rows of cells, all escaped."""

    header: tuple[Markdown, ...]
    rows: tuple[tuple[Markdown, ...], ...]

    @property
    def separator(self) -> Markdown:
        return Markdown(" | ".join("---" for _ in self.header))


@dataclass(frozen=True)
class CalendarView:
    """One calendar: heading, hours in words, who uses it, and its chart."""

    title: Markdown
    description: Markdown
    used_by: Markdown
    chart_file: Markdown
    chart_alt: Markdown


@dataclass(frozen=True)
class TargetView:
    """One target: its table (levels × plans) and notes on alias plans."""

    title: Markdown
    starts: Markdown
    table: Table
    aliases: tuple[Markdown, ...]


@dataclass(frozen=True)
class ExampleView:
    """A worked example as two sentences: the ticket and what is expected."""

    title: Markdown
    ticket: Markdown
    expected: Markdown
    now: Markdown | None


@dataclass(frozen=True)
class Footnote:
    """An assumption as a GFM footnote."""

    label: Markdown
    subject: Markdown
    text: Markdown


@dataclass
class _Footnotes:
    """Where each assumption's footnote reference goes: anchors are model elements."""

    by_anchor: dict[tuple[str, ...], list[int]] = field(default_factory=dict)
    anchor_of: dict[int, tuple[str, ...]] = field(default_factory=dict)

    def refs(self, *anchor: str) -> Markdown:
        return Markdown("".join(f"[^{number}]" for number in self.by_anchor.get(anchor, ())))


def generate(compilation: Compilation, options: BuildOptions) -> dict[str, str]:
    """`{"<policy id>.md": document, "<policy id>-<calendar>.svg": chart, …}` for one policy.

    One chart per calendar of the policy: plans that share support hours share the chart.
    A compilation without a resolved policy produces nothing.
    """
    policy = compilation.policy
    if policy is None:
        return {}
    labels = Labels(options.lang or policy.language)
    files: dict[str, str] = {}
    document = _PolicyDocument(compilation, policy, labels)
    files[f"{policy.id}.md"] = document.render()
    header = _header([(policy.path, policy.source_sha256)])
    for calendar in policy.calendars:
        # the same do-not-edit line as the document, so `slac build` can tell its own charts
        files[chart_file_name(policy, calendar)] = f"{header}\n{_chart(policy, calendar, labels)}"
    return dict(sorted(files.items()))


def chart_file_name(policy: Policy, calendar: Calendar) -> str:
    """The chart of a calendar, beside the document: `<policy id>-<calendar name>.svg`."""
    return f"{policy.id}-{calendar.name}.svg"


def source_path(path: str) -> str:
    """The source path as written in headers: relative to the working directory when possible,
    so that the same checkout produces the same bytes wherever it lives."""
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            candidate = candidate.relative_to(Path.cwd())
        except ValueError:
            pass
    return candidate.as_posix()


def _header(sources: Sequence[tuple[str, str]]) -> Markdown:
    """The do-not-edit comment, naming each source and its SHA-256."""
    described = ", ".join(f"{source_path(path)} (sha256 {sha})" for path, sha in sources)
    return Markdown(f"<!-- Code generated by slac {__version__} from {_comment_safe(described)}. DO NOT EDIT. -->")


class _PolicyDocument:
    """Builds the view of one policy and renders `policy.md.j2`."""

    def __init__(self, compilation: Compilation, policy: Policy, labels: Labels) -> None:
        self.compilation = compilation
        self.policy = policy
        self.t = labels
        self.footnotes = _place_footnotes(policy)
        self.scale_phrases = _scale_phrases(labels, policy.scale)

    def render(self) -> str:
        policy, t = self.policy, self.t
        return _render(
            "policy.md.j2",
            t=t,
            header=_header([(self.compilation.path, policy.source_sha256)]),
            policy=policy,
            contacts=[(t.lookup("contact_kinds", kind), value) for kind, value in policy.contacts],
            scale_sentences=self.scale_sentences(),
            levels=[(level, self.footnotes.refs("level", level.name)) for level in policy.scale.levels],
            matrix=self.matrix(),
            fields=self.fields_table(),
            plans=self.plans_table(),
            calendars=[self.calendar_view(calendar) for calendar in policy.calendars],
            targets=[self.target_view(target) for target in policy.targets],
            rules=self.rule_sentences(),
            intakes=[self.intake_sentence(intake) for intake in policy.intakes],
            examples=[self.example_view(example) for example in policy.examples],
            footnotes=self.footnote_views(),
            findings=self.findings_table(),
        )

    # ------------------------------------------------------------------ levels and fields

    def scale_sentences(self) -> list[Markdown]:
        scale, t = self.policy.scale, self.t
        sentences = [t("scale_intro", title=scale.title)]
        if scale.chosen_by:
            sentences.append(t.sentence(self.scale_phrases["chosen"], roles=self.roles(scale.chosen_by)))
        if scale.changed_by:
            sentences.append(t.sentence(self.scale_phrases["changed"], roles=self.roles(scale.changed_by)))
        return sentences

    def roles(self, roles: Sequence[str]) -> Markdown:
        return join_markdown(self.t.raw("list_separator"), [self.t.lookup("roles", role) for role in roles])

    def matrix(self) -> tuple[Markdown, Table] | None:
        matrix = self.policy.matrix
        if matrix is None:
            return None
        t = self.t
        intro = t.sentence(
            self.scale_phrases["derived"], row=humanise(matrix.row_field), column=humanise(matrix.column_field)
        )
        corner = t("matrix_corner", row=humanise(matrix.row_field), column=humanise(matrix.column_field))
        header = (corner, *(escape_cell(column) for column in matrix.columns))
        rows = tuple(
            (escape_cell(row), *(escape_cell(matrix.lookup(row, column) or "—") for column in matrix.columns))
            for row in matrix.rows
        )
        return intro, Table(header, rows)

    def fields_table(self) -> Table | None:
        if not self.policy.fields:
            return None
        t = self.t
        header = (t("field_name"), t("field_title"), t("field_values"), t("field_default"))
        rows = []
        for ticket_field in self.policy.fields:
            values = join_markdown(
                t.raw("list_separator"), [self.value_text(ticket_field, value) for value in ticket_field.values]
            )
            default = (
                self.value_text(ticket_field, ticket_field.default) if ticket_field.default is not None else t("none")
            )
            default = Markdown(default + self.footnotes.refs("field", ticket_field.name))
            rows.append((escape_cell(humanise(ticket_field.name)), escape_cell(ticket_field.title), values, default))
        return Table(header, tuple(rows))

    def value_text(self, ticket_field: Field | None, value: str) -> Markdown:
        """A field value as words: booleans in the document's language, others as written."""
        if ticket_field is not None and ticket_field.boolean:
            return escape_inline(self.t.lookup("boolean_values", value, value))
        return escape_inline(humanise(value))

    # ------------------------------------------------------------------ plans

    def plans_table(self) -> Table:
        policy, t = self.policy, self.t
        plans = policy.plans
        show_counting = any(self.counting_matters(plan) for plan in plans if plan.same_as is None)
        header = (
            Markdown(""),
            *(Markdown(escape_cell(plan.title) + self._plan_header_refs(plan, show_counting)) for plan in plans),
        )
        rows: list[tuple[Markdown, ...]] = []

        def row(label: Markdown, value: Callable[[Plan], Markdown]) -> None:
            """One row across the plans; an alias plan says whose plan it copies, and its
            assumptions are footnoted on the first row only."""
            cells = []
            for plan in plans:
                if plan.same_as is not None:
                    refs = self.footnotes.refs("plan", plan.name) if not rows else Markdown("")
                    cells.append(Markdown(t("same_as", plan=policy.plan(plan.same_as).title) + refs))
                else:
                    cells.append(value(plan))
            rows.append((label, *cells))

        row(t("plan_channels"), lambda plan: self.channels(plan.channels))
        row(t("plan_hours"), self.plan_hours)
        if show_counting:
            row(t("plan_counting"), self.plan_counting)
        if any(plan.all_targets is not None for plan in plans if plan.same_as is None):
            row(
                t("plan_all_targets"),
                lambda plan: Markdown(
                    cell_text(plan.all_targets, t) + self.footnotes.refs("all_targets", plan.name)
                )
                if plan.all_targets is not None
                else t("none"),
            )
        extra_names: list[str] = []
        for plan in plans:
            for extra in plan.extras:
                if extra.name not in extra_names:
                    extra_names.append(extra.name)
        # An extra's name is an identifier: it heads its row only where the language has a
        # word for it (or in English, the language identifiers are written in); the others
        # share one row, so that no identifier reads as a heading in another language.
        named = [name for name in extra_names if self.extra_label(name) is not None]
        others = [name for name in extra_names if name not in named]
        for name in named:
            row(
                _capitalise(escape_cell(self.extra_label(name) or name)),
                lambda plan, name=name: next(
                    (escape_cell(extra.text) for extra in plan.extras if extra.name == name), t("none")
                ),
            )
        if others:

            def other_extras(plan: Plan) -> Markdown:
                texts = [escape_cell(extra.text) for extra in plan.extras if extra.name in others]
                return Markdown("<br>".join(texts)) if texts else t("none")

            row(t("plan_extras_other"), other_extras)
        if any(plan.notes for plan in plans):
            row(
                t("plan_notes"),
                lambda plan: Markdown("<br>".join(map(escape_cell, plan.notes))) if plan.notes else t("none"),
            )
        return Table(header, tuple(rows))

    def extra_label(self, name: str) -> str | None:
        """The row heading of an extra: the language's word for it, the humanised identifier
        in English, or None (the extra goes to the shared row)."""
        known = self.t.raw("extras")
        if name in known:
            return str(known[name])
        return humanise(name) if self.t.language == FALLBACK_LANGUAGE else None

    def counting_matters(self, plan: Plan) -> bool:
        """Whether the plan's `Targets count` row says something: the plan states which hours
        count, or it has support hours and a cell whose clock only the default decides."""
        return plan.counts_in_support_hours is not None or (bool(plan.hours) and _has_default_clock(plan))

    def _plan_header_refs(self, plan: Plan, show_counting: bool) -> Markdown:
        """Footnotes of assumptions about the plan as a whole: on the `Targets count` row when
        the plan makes that statement (and the row is shown), on an alias's first cell, else
        on the plan's name."""
        if plan.same_as is None and (plan.counts_in_support_hours is None or not show_counting):
            return self.footnotes.refs("plan", plan.name)
        return Markdown("")

    def channels(self, channels: Sequence[str]) -> Markdown:
        if not channels:
            return self.t("none")
        return join_markdown(self.t.raw("list_separator"), [self.t.lookup("channels", c) for c in channels])

    def plan_hours(self, plan: Plan) -> Markdown:
        t = self.t
        if not plan.hours:
            return t("none")
        parts = []
        for index, choice in enumerate(plan.hours):
            calendar = self.policy.calendar(choice.calendar)
            text = t("hours_calendar", title=calendar.title, description=self.calendar_words(calendar))
            if choice.condition is not None:
                text = t("hours_when", hours=text, condition=self.condition(choice.condition))
            parts.append(Markdown(text + self.footnotes.refs("hours", plan.name, str(index))))
        return Markdown("<br>".join(parts))

    def plan_counting(self, plan: Plan) -> Markdown:
        t = self.t
        refs = self.footnotes.refs("plan", plan.name) if plan.counts_in_support_hours is not None else Markdown("")
        if plan.counts_in_support_hours is True:
            return Markdown(t("counting_support_hours") + refs)
        if plan.counts_in_support_hours is False:
            return Markdown(t("counting_around_clock") + refs)
        if not plan.hours:
            return t("none")
        if _has_default_clock(plan):
            return t("counting_not_stated")
        if any(isinstance(cell, Timed) for _, cell in plan.cells):
            return t("counting_each_target")
        return t("none")

    # ------------------------------------------------------------------ calendars

    def calendar_words(self, calendar: Calendar) -> Markdown:
        return describe_calendar(calendar, self.t)

    def calendar_view(self, calendar: Calendar) -> CalendarView:
        t = self.t
        users = []
        for plan in self.policy.plans:
            for choice in plan.hours:
                if choice.calendar == calendar.name and plan.same_as is None:
                    users.append(
                        t("hours_when", hours=plan.title, condition=self.condition(choice.condition))
                        if choice.condition is not None
                        else escape_inline(plan.title)
                    )
        used_by = (
            t("used_by", plans=join_markdown(t.raw("list_separator"), users)) if users else t("used_by_none")
        )
        description = Markdown(
            _capitalise(self.calendar_words(calendar)) + self.footnotes.refs("calendar", calendar.name)
        )
        return CalendarView(
            title=escape_inline(calendar.title),
            description=description,
            used_by=used_by,
            chart_file=Markdown(chart_file_name(self.policy, calendar)),
            chart_alt=t("chart_alt", title=calendar.title),
        )

    # ------------------------------------------------------------------ targets

    def target_view(self, target: Target) -> TargetView:
        policy, t = self.policy, self.t
        plans = [plan for plan in policy.plans if plan.same_as is None]
        header = (escape_cell(policy.scale.title), *(escape_cell(plan.title) for plan in plans))
        rows = tuple(
            (
                level_label(policy, level.name),
                *(
                    Markdown(
                        cell_text(plan.cell(level.name, target.name), t)
                        + self.footnotes.refs("cell", plan.name, level.name, target.name)
                    )
                    for plan in plans
                ),
            )
            for level in policy.scale.levels
        )
        aliases = tuple(
            t("alias_note", plan=plan.title, same_as=policy.plan(plan.same_as).title)
            for plan in policy.plans
            if plan.same_as is not None
        )
        starts = Markdown(t(f"starts_{target.start}") + self.footnotes.refs("target", target.name))
        return TargetView(escape_inline(target.table_title or target.title), starts, Table(header, rows), aliases)

    # ------------------------------------------------------------------ rules

    def condition(self, condition: Condition) -> Markdown:
        return join_markdown(self.t.raw("and"), [self.clause(clause) for clause in condition.clauses])

    def clause(self, clause: Clause) -> Markdown:
        t = self.t
        if clause.subject_kind == "level" and clause.subject == self.policy.scale.name:
            subject = t.sentence(self.scale_phrases["clause"])
            values = [escape_inline(value) for value in clause.values]
            kind = "level"
        else:
            subject = escape_inline(humanise(clause.subject))
            ticket_field = next((f for f in self.policy.fields if f.name == clause.subject), None)
            values = [self.value_text(ticket_field, value) for value in clause.values]
            kind = "field"
        if clause.operator == "missing":
            if kind == "level":
                return t.sentence(self.scale_phrases["missing"])
            return t("clause_missing", subject=subject)
        if kind == "field":
            subject = t("field_subject", name=subject)
        if clause.operator == "is_not":
            return t("clause_is_not", subject=subject, values=join_markdown(t.raw("nor"), values))
        return t("clause_is", subject=subject, values=join_markdown(t.raw("or"), values))

    def rule_sentence(self, rule: Rule) -> Markdown:
        t = self.t
        condition = self.condition(rule.condition)
        if isinstance(rule.action, Exclude):
            return t("rule_exclude", condition=condition)
        becomes = t.sentence(self.scale_phrases["becomes"], level=rule.action.level)
        return t("rule_set", condition=condition, becomes=becomes)

    def rule_sentences(self) -> list[tuple[Markdown, Markdown]]:
        """(title, sentence) for each rule, restriction and the default, in evaluation order."""
        t = self.t
        sentences: list[tuple[Markdown, Markdown]] = []
        for rule in self.policy.rules:
            sentence = Markdown(self.rule_sentence(rule) + self.footnotes.refs("rule", rule.name))
            sentences.append((escape_inline(rule.title), sentence))
        for restriction in self.policy.restrictions:
            sentence = t.sentence(
                self.scale_phrases["only"],
                levels=join_markdown(t.raw("or"), restriction.levels),
                condition=self.condition(restriction.condition),
            )
            sentences.append(
                (escape_inline(restriction.title), Markdown(sentence + self.footnotes.refs("rule", restriction.name)))
            )
        if self.policy.default is not None:
            sentence = t.sentence(self.scale_phrases["default"], level=self.policy.default.level)
            sentences.append((t("default_title"), Markdown(sentence + self.footnotes.refs("default"))))
        return sentences

    def intake_sentence(self, intake: Intake) -> tuple[Markdown, Markdown]:
        t = self.t
        via = join_markdown(
            t.raw("or"),
            [t.lookup("channels_via", channel, t.lookup("channels", channel)) for channel in intake.via],
        )
        if intake.outcome == "joins_quoted_case" and intake.quoting is not None:
            sentence = t("intake_joins", via=via, quoting=t("quote", text=intake.quoting))
        elif intake.outcome == "joins_quoted_case":
            sentence = t("intake_joins_any", via=via)
        elif intake.outcome == "no_case":
            sentence = t("intake_no_case", via=via)
        elif intake.quoting is not None:
            sentence = t("intake_quoting", via=via, quoting=t("quote", text=intake.quoting))
        else:
            channels = join_markdown(t.raw("or"), [t.lookup("channels", channel) for channel in intake.via])
            sentence = t("intake_plain", via=channels)
        return escape_inline(intake.title), sentence

    # ------------------------------------------------------------------ examples

    def example_view(self, example: Example) -> ExampleView:
        policy, t = self.policy, self.t
        items: list[Markdown] = []
        time_labels = {
            "opened_at": "example_opened",
            "last_agent_reply_at": "example_agent_replied",
            "last_customer_reply_at": "example_customer_replied",
            "responded_at": "example_responded",
        }
        for key, value in example.ticket:
            if key == "plan":
                plan_title = _plan_title(policy, str(value))
                items.append(t("example_plan", plan=plan_title))
            elif key in time_labels:
                items.append(t(time_labels[key], time=format_instant(str(value), t)))
            elif key == "timezone":
                items.append(t("example_timezone", zone=str(value)))
            elif key == "country":
                items.append(t("example_country", country=str(value)))
            elif key == policy.scale.name:
                if value is None:
                    items.append(t.sentence(self.scale_phrases["missing"]))
                else:
                    noun = t.sentence(self.scale_phrases["noun"])
                    items.append(t("example_value", name=noun, value=str(value)))
            else:
                ticket_field = next((f for f in policy.fields if f.name == key), None)
                name = humanise(key)
                if value is None:
                    items.append(t("example_missing", name=name))
                else:
                    items.append(t("example_field", name=name, value=self.value_text(ticket_field, str(value))))
        expected = [self.expectation(expectation) for expectation in example.expectations]
        separator = t.raw("item_separator")
        return ExampleView(
            title=escape_inline(example.title),
            ticket=t("example_ticket", items=join_markdown(separator, items)),
            expected=(
                t("example_expected", items=join_markdown(separator, expected)) if expected else t("example_nothing")
            ),
            now=t("example_now", time=format_instant(example.now, t)) if example.now else None,
        )

    def expectation(self, expectation: Expectation) -> Markdown:
        policy, t = self.policy, self.t
        if expectation.kind == "level":
            return t("expect_level", scale=t.sentence(self.scale_phrases["noun"]), level=expectation.value)
        if expectation.kind == "trace":
            titles = {rule.name: rule.title for rule in (*policy.rules, *policy.restrictions)}
            return t("expect_trace", rule=t("quote", text=titles.get(expectation.value, expectation.value)))
        target = _target_title(policy, expectation.subject)
        if expectation.kind == "due":
            return t("expect_due", target=target, time=format_instant(expectation.value, t))
        return t("expect_status", target=target, status=t.lookup("statuses", expectation.value, expectation.value))

    # ------------------------------------------------------------------ assumptions and findings

    def footnote_views(self) -> list[Footnote]:
        t = self.t
        return [
            Footnote(
                label=Markdown(str(number)),
                subject=_capitalise(self.assumption_subject(number, assumption)),
                text=t("assumption_note", quote=t("quote", text=assumption.published)),
            )
            for number, assumption in enumerate(self.policy.assumptions, start=1)
        ]

    def assumption_subject(self, number: int, assumption: Assumption) -> Markdown:
        """What an assumption is about, in the document's language, from where its footnote
        is placed (a cell, a calendar, a plan, a rule…) and the statement it is written on; the
        model's `subject` is English and is not used."""
        policy, t = self.policy, self.t
        anchor = self.footnotes.anchor_of.get(number)
        kind, names = (anchor[0], anchor[1:]) if anchor else ("", ())
        statement = self.statement_words(assumption)
        if kind == "cell":
            plan_name, level, target_name = names
            target = policy.target(target_name)
            return t(
                "assumption_cell",
                target=target.table_title or target.title,
                plan=policy.plan(plan_name).title,
                scale=t.sentence(self.scale_phrases["noun"]),
                level=level,
            )
        if kind == "calendar":
            calendar = t("quote", text=policy.calendar(names[0]).title)
            aspect = _calendar_aspect(statement)
            if aspect is None:
                return t("assumption_calendar_plain", calendar=calendar)
            return t("assumption_calendar", calendar=calendar, aspect=t.raw("calendar_aspects")[aspect])
        if kind in ("plan", "hours", "all_targets"):
            plan = policy.plan(names[0]).title
            aspect = {"hours": "hours", "all_targets": "all_targets"}.get(kind) or _plan_aspect(statement)
            if aspect is None:
                return t("assumption_plan", plan=plan)
            return t("assumption_plan_aspect", plan=plan, aspect=t.raw("plan_aspects")[aspect])
        if kind == "target":
            target = policy.target(names[0])
            return t("assumption_target", target=target.table_title or target.title)
        if kind == "rule":
            title = next(
                (rule.title for rule in policy.rules if rule.name == names[0]),
                next((r.title for r in policy.restrictions if r.name == names[0]), names[0]),
            )
            return t("assumption_rule", rule=t("quote", text=title))
        if kind == "field":
            return t("assumption_field", field=humanise(names[0]))
        if kind == "level":
            return t("assumption_level", scale=t.sentence(self.scale_phrases["noun"]), level=names[0])
        if kind == "default":
            return t("assumption_default")
        return t("assumption_other")

    def statement_words(self, assumption: Assumption) -> tuple[str, ...]:
        """The first words of the source line an assumption is written on (`closed`, `on`,
        `public`): which statement of a calendar or plan the author interpreted."""
        lines = self.compilation.text.splitlines()
        line = assumption.span.line
        if not 0 < line <= len(lines):
            return ()
        return tuple(lines[line - 1].split("#", 1)[0].split()[:4])

    def findings_table(self) -> Table | None:
        if not self.compilation.diagnostics:
            return None
        t = self.t
        header = (t("finding_code"), t("finding_severity"), t("finding_line"), t("finding_message"))
        return Table(header, tuple(self.finding_row(diagnostic) for diagnostic in self.compilation.diagnostics))

    def finding_row(self, diagnostic: Diagnostic) -> tuple[Markdown, ...]:
        t = self.t
        severity = t.lookup("severities", diagnostic.severity.value, diagnostic.severity.value)
        severity_text = (
            t("suppressed", severity=severity, reason=diagnostic.suppressed)
            if diagnostic.suppressed is not None
            else escape_cell(severity)
        )
        message = escape_cell(diagnostic.message)
        line = Markdown(str(diagnostic.span.line)) if diagnostic.span.line > 0 else t("none")
        return (escape_cell(diagnostic.code), Markdown(severity_text), line, message)


def _calendar_aspect(words: Sequence[str]) -> str | None:
    """The part of a calendar a statement gives: `timezone …`, `open on <date> …`, `open …`,
    `closed on public holidays …`, `closed on <date> …`."""
    match tuple(word.lower() for word in words[:3]):
        case ("timezone", *_):
            return "timezone"
        case ("open", "on", *_):
            return "extra_opening"
        case ("open", *_):
            return "open"
        case ("closed", "on", "public"):
            return "holidays"
        case ("closed", *_):
            return "closed"
    return None


def _plan_aspect(words: Sequence[str]) -> str | None:
    """The part of a plan a statement gives: `targets count …`, `same as …`, `hours …`,
    `all targets …`."""
    match tuple(word.lower() for word in words[:2]):
        case ("targets", "count"):
            return "counting"
        case ("same", "as"):
            return "same_as"
        case ("hours", *_):
            return "hours"
        case ("all", "targets"):
            return "all_targets"
    return None


def _has_default_clock(plan: Plan) -> bool:
    """A cell with a bare duration (`4 hours`) whose clock nothing but the default decides."""
    return any(isinstance(cell, Timed) and cell.clock_reason == "default" for _, cell in plan.cells)


def level_label(policy: Policy, level_name: str) -> Markdown:
    """A level as `1 — Critical`."""
    level = policy.scale.level(level_name)
    return Markdown(escape_cell(level.name) + " — " + escape_cell(level.title))


def cell_text(cell: Cell, labels: Labels) -> Markdown:
    """A target cell as the policy says it, in the document's language (`1 business hour; 8
    hours outside business hours`, `1 pracovní hodina; 8 hodin mimo pracovní dobu`), or the
    words for a cell without a deadline, with a marker for a missing one.

    The .sla is written in English, so an English document shows the cell exactly as written;
    any other language words it from the model (see `timed_words`)."""
    if isinstance(cell, Timed):
        if labels.language == FALLBACK_LANGUAGE:
            return escape_cell(cell.text)
        return timed_words(cell, labels)
    return labels({"n/a": "cell_na", "best_effort": "cell_best_effort", "undefined": "cell_undefined"}[cell.kind])


# ------------------------------------------------------------------ target cells in words

UNIT_MINUTES = {"minutes": 1, "hours": 60, "days": MINUTES_PER_DAY}
"""Minutes per wall-clock unit; business minutes and hours are the same amounts of open time."""

# A duration or range as the canonical printer writes it in `Timed.text`: `3 business hours`,
# `24-72 hours`, `1 minute`. Only the unit is read from it; the amounts come from the model.
_WRITTEN_UNIT = re.compile(r"\b\d+(?:-\d+)?\s+(business\s+)?(minute|hour|day)s?\b")


def _plural_one_other(count: int) -> str:
    return "one" if count == 1 else "many"


def _plural_czech(count: int) -> str:
    """1 hodina, 2–4 hodiny, 0 and 5+ hodin (22 hodin: only 2–4 themselves take `few`)."""
    return "one" if count == 1 else "few" if 2 <= count <= 4 else "many"


def _plural_polish(count: int) -> str:
    """1 godzina; 2–4, 22–24, 32–34 … godziny; 0, 5–21, 25–31 … godzin (12–14 godzin)."""
    if count == 1:
        return "one"
    return "few" if count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14) else "many"


PLURAL_RULES: dict[str, Callable[[int], str]] = {
    "one_other": _plural_one_other,
    "czech": _plural_czech,
    "polish": _plural_polish,
}
"""A locale's `plural_rule` names one of these; each maps a count to the key of a unit's form
(`one`, `few`, `many`) in the locale's `units` and `units_within`."""


def plural_category(labels: Labels, count: int) -> str:
    rule = PLURAL_RULES.get(str(labels.raw("plural_rule")), _plural_one_other)
    return rule(count)


def _written_units(text: str) -> list[str]:
    """The units of a cell's durations as written, in order: `["business_hours", "hours"]`."""
    return [("business_" if match[1] else "") + match[2] + "s" for match in _WRITTEN_UNIT.finditer(text)]


def _in_unit(quantity: Quantity, business: bool, written: str | None) -> list[tuple[int, str]]:
    """A quantity as (count, unit) pairs: in the unit the author wrote when it fits the model
    (60 minutes stays 60 minutes), else in hours or minutes."""
    pairs: list[tuple[int, str]] = []
    if quantity.business_days:
        pairs.append((quantity.business_days, "business_days"))
    if quantity.minutes or not pairs:
        prefix = "business_" if business else ""
        base = written[len("business_"):] if written and written.startswith("business_") else written
        if (
            written is not None
            and written.startswith("business_") == business
            and written != "business_days"
            and base in UNIT_MINUTES
            and quantity.minutes % UNIT_MINUTES[base] == 0
        ):
            unit = written
        else:
            unit = prefix + ("hours" if quantity.minutes % 60 == 0 and quantity.minutes else "minutes")
        base = unit[len(prefix):]
        pairs.append((quantity.minutes // UNIT_MINUTES[base], unit))
    return pairs


def _unit_word(labels: Labels, unit: str, count: int, within: bool) -> str:
    forms = labels.raw("units_within" if within else "units")[unit]
    return forms[plural_category(labels, count)]


def _duration_words(
    labels: Labels, quantity: Quantity, business: bool, written: str | None, within: bool,
    earliest: Quantity | None = None,
) -> Markdown:
    """`3 ore lavorative`, `24–72 godziny`, `1 pracovní hodiny` (after `do`)."""
    pairs = _in_unit(quantity, business, written)
    if earliest is not None and len(pairs) == 1:
        low = _in_unit(earliest, business, pairs[0][1])
        if len(low) == 1 and low[0][1] == pairs[0][1]:
            count, unit = pairs[0]
            return labels(
                "cell_range", low=low[0][0], high=count, unit=_unit_word(labels, unit, count, within)
            )
    return join_markdown(
        " + ",
        [
            labels("cell_amount", amount=count, unit=_unit_word(labels, unit, count, within))
            for count, unit in pairs
        ],
    )


def written_within(cell: Timed) -> bool:
    """Whether the author wrote `within`: the model's own flag when it has one, else the text."""
    flag = getattr(cell, "within", None)
    if isinstance(flag, bool):
        return flag
    return cell.text.lstrip().lower().startswith("within")


def timed_words(cell: Timed, labels: Labels) -> Markdown:
    """A timed cell in the labels' language, from the model: the amounts, the clock (a business
    unit, or `(24/7)` when the author marked the wall clock), the range's lower bound, the
    out-of-hours alternative and `within`, with the plural forms of the language. Only the unit
    the author chose (60 minutes, not 1 hour) is taken from `Timed.text`."""
    within = written_within(cell)
    units = _written_units(cell.text)
    business = cell.clock_reason == "unit"
    main = _duration_words(
        labels, cell.due, business, units[0] if units else None, within, earliest=cell.earliest
    )
    if cell.clock_reason == "marked":
        main = labels("cell_around_clock", duration=main)
    if within:
        main = labels("cell_within", duration=main)
    if cell.outside_hours is None:
        return main
    outside = _duration_words(labels, cell.outside_hours, False, units[1] if len(units) > 1 else None, within)
    outside = labels("cell_within_outside_hours" if within else "cell_outside_hours", duration=outside)
    return labels("cell_alternative", main=main, outside=outside)


def _plan_title(policy: Policy, name: str) -> str:
    return next((plan.title for plan in policy.plans if plan.name == name), name)


def _target_title(policy: Policy, name: str) -> str:
    return next((target.title for target in policy.targets if target.name == name), humanise(name))


def _scale_phrases(labels: Labels, scale: Scale) -> dict[str, str]:
    """The phrases that name the scale in sentences, by the scale's name (`priority`,
    `severity`); other scale names use the generic phrases with the name filled in."""
    scales = labels.raw("scales")
    phrases = scales.get(scale.name)
    if phrases is not None:
        return dict(phrases)
    name = humanise(scale.name).replace("{", "{{").replace("}", "}}")
    return {key: text.replace("{name}", name) for key, text in scales["_other"].items()}


def format_instant(iso: str, labels: Labels) -> Markdown:
    """An ISO 8601 instant as `Tuesday 2025-03-04 10:00 (UTC+01:00)`, in its own offset."""
    try:
        instant = datetime.fromisoformat(iso)
    except ValueError:
        return escape_inline(iso)
    offset = instant.utcoffset()
    if offset is None:
        zone = ""
    elif offset == timedelta(0):
        zone = "UTC"
    else:
        sign = "+" if offset > timedelta(0) else "-"
        minutes = abs(int(offset.total_seconds())) // 60
        zone = f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    clock = instant.strftime("%H:%M") if instant.second == 0 else instant.strftime("%H:%M:%S")
    return labels(
        "instant",
        weekday=labels.raw("weekdays")[instant.weekday()],
        date=instant.date().isoformat(),
        time=clock,
        zone=zone,
    )


# ------------------------------------------------------------------ calendars in words


def _format_minute(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def describe_weekdays(weekdays: Iterable[int], labels: Labels) -> Markdown:
    """E.g. `Monday–Friday`, `Monday, Wednesday`, or `every day`, in the labels' language."""
    days = sorted(set(weekdays))
    if len(days) == 7:
        return labels("every_day")
    names = labels.raw("weekdays")
    runs: list[list[int]] = []
    for day in days:
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return join_markdown(
        labels.raw("list_separator"),
        [names[run[0]] if len(run) == 1 else f"{names[run[0]]}–{names[run[-1]]}" for run in runs],
    )


def describe_weekly(weekly: Sequence[WeeklyInterval], labels: Labels) -> Markdown:
    """The weekly open hours in words: days grouped by their hours, longer spans written out
    (`Monday 00:01 – Friday 23:59`); `24/7` for a calendar open all week."""
    if any(interval.length_minutes == MINUTES_PER_WEEK for interval in weekly):
        return labels("always_open")
    days_by_hours: dict[tuple[int, int], set[int]] = {}
    spans: list[Markdown] = []
    names = labels.raw("weekdays")
    for interval in sorted(weekly, key=lambda interval: interval.start_of_week_minute):
        if interval.length_minutes <= MINUTES_PER_DAY:
            days_by_hours.setdefault((interval.start, interval.end), set()).add(interval.start_day)
        else:
            spans.append(
                escape_inline(
                    f"{names[interval.start_day]} {_format_minute(interval.start)} – "
                    f"{names[interval.end_day]} {_format_minute(interval.end)}"
                )
            )
    hours_by_days: dict[frozenset[int], list[tuple[int, int]]] = {}
    for hours, days in days_by_hours.items():
        hours_by_days.setdefault(frozenset(days), []).append(hours)
    parts = [
        Markdown(
            describe_weekdays(days, labels)
            + " "
            + join_markdown(labels.raw("and"), [f"{_format_minute(s)}–{_format_minute(e)}" for s, e in sorted(hours)])
        )
        for days, hours in sorted(hours_by_days.items(), key=lambda item: (min(item[0]), sorted(item[1])))
    ]
    return join_markdown("; ", parts + spans)


def describe_calendar(calendar: Calendar, labels: Labels) -> Markdown:
    """E.g. `Monday–Friday 08:00–17:00, Europe/Prague, closed on Czech public holidays`."""
    parts: list[Markdown] = [describe_weekly(calendar.weekly, labels)]
    always = calendar.always_open or any(i.length_minutes == MINUTES_PER_WEEK for i in calendar.weekly)
    if calendar.timezone is None:
        parts.append(labels("customer_zone"))
    elif not always:
        parts.append(escape_inline(calendar.timezone))
    for source in calendar.holidays:
        country = labels.raw("countries").get(source.country)
        text = labels("holidays_country", country=country) if country else labels("holidays_code", code=source.country)
        if source.subdivision:
            text = labels("holidays_subdivision", holidays=text, subdivision=source.subdivision)
        if source.categories:
            text = labels("holidays_categories", holidays=text, categories=", ".join(source.categories))
        parts.append(text)
    if calendar.customer_holidays:
        parts.append(labels("holidays_customer"))
    if calendar.closed_dates:
        dates = ", ".join(str(day) for day in sorted(calendar.closed_dates, key=str))
        parts.append(labels("closed_dates", dates=dates))
    for closure in sorted(calendar.partial_closures, key=lambda c: (c.day, c.start)):
        if closure.end == MINUTES_PER_DAY:
            parts.append(labels("closed_from", date=closure.day.isoformat(), start=_format_minute(closure.start)))
        else:
            parts.append(
                labels(
                    "closed_between",
                    date=closure.day.isoformat(),
                    start=_format_minute(closure.start),
                    end=_format_minute(closure.end),
                )
            )
    for opening in sorted(calendar.extra_openings, key=lambda o: (o.day, o.start)):
        parts.append(
            labels(
                "also_open",
                date=opening.day.isoformat(),
                start=_format_minute(opening.start),
                end=_format_minute(opening.end),
            )
        )
    return join_markdown(", ", parts)


# ------------------------------------------------------------------ charts


def _chart(policy: Policy, calendar: Calendar, labels: Labels) -> str:
    """The weekly coverage chart of one calendar, with every word in the labels' language."""
    ranges = weekly_ranges_by_weekday(calendar.weekly)
    open_minutes = sum(end - start for day in ranges for start, end in day)
    always = open_minutes == MINUTES_PER_WEEK
    if calendar.timezone is None:
        zone = labels.raw("customer_zone_short")
    elif always:
        zone = labels.raw("any_zone")
    else:
        zone = calendar.timezone
    words = describe_calendar(calendar, labels)
    whole_hours, minutes = divmod(open_minutes, 60)
    if minutes:
        hours = labels("duration_hours_minutes", hours=whole_hours, minutes=minutes)
    else:
        hours = labels("duration_hours", hours=whole_hours)
    return charts.weekly_chart(
        title=_plain(labels("chart_title", title=calendar.title)),
        subtitle=_plain(_capitalise(labels("chart_subtitle", description=words, hours=hours))),
        description=_plain(labels("chart_description", description=words, hours=hours)),
        day_names=tuple(labels.raw("weekdays")),
        hours_axis=_plain(labels("chart_hours_axis", zone=zone)),
        days_axis=labels.raw("chart_days_axis"),
        open_label=labels.raw("chart_open"),
        closed_label=labels.raw("chart_closed"),
        ranges_by_weekday=ranges,
    )


_UNESCAPE = re.compile(r"\\(.)")


def _plain(text: Markdown) -> str:
    """Escaped Markdown back to the text a reader sees, for the SVG (which escapes for XML)."""
    unescaped = _UNESCAPE.sub(r"\1", text.replace("<br>", " "))
    return unescaped.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


# ============================================================================ 4. worst cases

WORST_CASE_WEEK = date(2025, 6, 2)
"""The Monday of the representative week: no DST change in Europe or North America, and the
worst-case calendars have no holidays at all, so any deadline spilling past the week is clean."""

SAMPLE_STEP_MINUTES = 15


@dataclass(frozen=True)
class WorstCase:
    """The longest time from a clock's start to its deadline, for one calendar of a plan.

    `calendar` is None for a plan without support hours; `in_utc` marks a calendar in the
    customer's time zone, computed in UTC; `duration` None means it cannot be computed
    (business days on a calendar whose open days differ in length).
    """

    calendar: Calendar | None
    duration: timedelta | None
    in_utc: bool = False


def worst_cases(policy: Policy, plan: Plan, cell: Cell) -> tuple[WorstCase, ...]:
    """The worst case of a cell on each calendar the plan may use; empty without a deadline."""
    if not isinstance(cell, Timed):
        return ()
    if not plan.hours:
        return (WorstCase(None, worst_case(cell, None)),)
    cases = []
    for choice in plan.hours:
        calendar = policy.calendar(choice.calendar)
        cases.append(WorstCase(calendar, worst_case(cell, calendar), in_utc=calendar.timezone is None))
    return tuple(cases)


def worst_case(cell: Timed, calendar: Calendar | None) -> timedelta | None:
    """max(deadline − start) over the start instants of one holiday-free week.

    The starts are every 15 minutes of the week of `WORST_CASE_WEEK` plus each opening and
    closing instant and the minute before it, in the calendar's zone (UTC for the customer's
    zone). That set is exact for whole-minute targets: between those instants deadline − start
    is constant while support is open and falls while it is closed, so its maximum sits at a
    closing or just before one. A wall-clock cell's worst case is its duration; an out-of-hours
    alternative is the larger of both branches.
    """
    week = _holiday_free(calendar) if calendar is not None else None
    day_length = week.standard_day_length() if week is not None else None
    try:
        due = cell.due.on_calendar(day_length)
    except ValueError:
        return None
    if week is None or (cell.clock == "wall" and cell.outside_hours is None):
        return due
    outside = timedelta(minutes=cell.outside_hours.minutes) if cell.outside_hours is not None else None
    worst = timedelta(0)
    for start in _sample_starts(calendar, week.timezone or "UTC"):  # type: ignore[arg-type]
        if outside is not None and not week.is_open(start):
            elapsed = outside
        elif cell.clock == "wall":
            elapsed = due
        else:
            elapsed = week.add(start, due) - start
        worst = max(worst, elapsed)
    return worst


@functools.lru_cache(maxsize=256)
def _holiday_free(calendar: Calendar) -> RuntimeCalendar:
    """The calendar's weekly hours alone: no holidays, closures or extra openings; the
    customer's zone becomes UTC."""
    return RuntimeCalendar(calendar.timezone or "UTC", calendar.weekly)


@functools.lru_cache(maxsize=256)
def _sample_starts(calendar: Calendar, zone: str) -> tuple[datetime, ...]:
    minutes = set(range(0, MINUTES_PER_WEEK, SAMPLE_STEP_MINUTES))
    for interval in calendar.weekly:
        for weekday, (start, end) in interval.pieces_by_weekday():
            for minute in (start, end, end - 1):
                minutes.add((weekday * MINUTES_PER_DAY + minute) % MINUTES_PER_WEEK)
    monday = datetime.combine(WORST_CASE_WEEK, datetime.min.time(), ZoneInfo(zone))
    return tuple(monday + timedelta(minutes=minute) for minute in sorted(minutes))


def _format_hours(duration: timedelta) -> str:
    """Hours with at most two decimals and no trailing zeros: `64`, `0.25`, `1.5`."""
    hours = round(duration.total_seconds() / 3600, 2)
    return f"{hours:.2f}".rstrip("0").rstrip(".")


def first_response_target(policy: Policy) -> Target | None:
    """The target that starts when the ticket is opened, or else the first target."""
    return next((t for t in policy.targets if t.start == "opened"), policy.targets[0] if policy.targets else None)


def generate_index(compilations: Sequence[Compilation], options: BuildOptions) -> dict[str, str]:
    """`{"index.md": …}`: every policy, plan and level with its first-response target as
    published and its worst case in real hours, linking to each policy's document."""
    labels = Labels(options.lang or FALLBACK_LANGUAGE)
    policies = sorted(
        ((c, c.policy) for c in compilations if c.policy is not None), key=lambda pair: pair[1].id
    )
    header = (
        labels("index_policy"),
        labels("index_plan"),
        labels("index_level"),
        labels("index_target"),
        labels("index_published"),
        labels("index_worst_case"),
    )
    rows: list[tuple[Markdown, ...]] = []
    summaries: list[tuple[Markdown, Markdown]] = []
    any_local = False
    for _, policy in policies:
        link = _policy_link(policy)
        summaries.append((link, escape_inline(policy.language)))
        target = first_response_target(policy)
        for plan in policy.plans:
            plan_title = escape_cell(plan.title)
            if plan.same_as is not None:
                same_as = labels("same_as", plan=policy.plan(plan.same_as).title)
                plan_title = Markdown(f"{plan_title} ({same_as})")
            for level in policy.scale.levels:
                if target is None:
                    cell: Cell = NoTarget("undefined")
                    target_title = labels("none")
                else:
                    cell = plan.cell(level.name, target.name)
                    target_title = escape_cell(target.title)
                published = cell_text(cell, labels)
                cases = worst_cases(policy, plan, cell)
                any_local = any_local or any(case.in_utc for case in cases)
                rows.append(
                    (
                        link,
                        plan_title,
                        level_label(policy, level.name),
                        target_title,
                        published,
                        _worst_text(cases, labels),
                    )
                )
    sources = [(c.path, p.source_sha256) for c, p in policies]
    return {
        "index.md": _render(
            "index.md.j2",
            t=labels,
            header=_header(sources),
            policies=summaries,
            table=Table(header, tuple(rows)),
            week=Markdown(WORST_CASE_WEEK.isoformat()),
            step=SAMPLE_STEP_MINUTES,
            any_local=any_local,
        )
    }


def _policy_link(policy: Policy) -> Markdown:
    """A link to a policy's document, `[title](<id>.md)`; the id is a name, safe in a URL."""
    return Markdown(f"[{escape_cell(policy.title)}]({policy.id}.md)")


def _worst_text(cases: Sequence[WorstCase], labels: Labels) -> Markdown:
    if not cases:
        return labels("none")
    parts = []
    for case in cases:
        if case.duration is None:
            text = labels("worst_unknown")
        else:
            text = labels("hours_value", hours=Markdown(_format_hours(case.duration)))
        if case.in_utc:
            text = Markdown(text + " †")
        if len(cases) > 1 and case.calendar is not None:
            text = labels("worst_on_calendar", value=text, calendar=case.calendar.title)
        parts.append(text)
    return Markdown("<br>".join(parts))


# ============================================================================ footnote placement


def _place_footnotes(policy: Policy) -> _Footnotes:
    """Attach each assumption to the innermost model element whose source contains it.

    The model records an assumption's place only as a span, so the anchor is found by
    containment: a target cell, a plan's hours line, a plan's `all targets`, a calendar, a
    target, a rule, the default, a field, a level, a plan; assumptions outside all of them are
    only listed in the Assumptions section.
    """
    anchors: list[tuple[Span, tuple[str, ...]]] = []
    for plan in policy.plans:
        if plan.same_as is not None:
            anchors.append((plan.span, ("plan", plan.name)))
            continue
        anchors.append((plan.span, ("plan", plan.name)))
        for (level, target), cell in plan.cells:
            anchors.append((cell.span, ("cell", plan.name, level, target)))
        for index, choice in enumerate(plan.hours):
            anchors.append((choice.span, ("hours", plan.name, str(index))))
        if plan.all_targets is not None:
            anchors.append((plan.all_targets.span, ("all_targets", plan.name)))
    anchors += [(calendar.span, ("calendar", calendar.name)) for calendar in policy.calendars]
    anchors += [(target.span, ("target", target.name)) for target in policy.targets]
    anchors += [(rule.span, ("rule", rule.name)) for rule in (*policy.rules, *policy.restrictions)]
    anchors += [(f.span, ("field", f.name)) for f in policy.fields]
    anchors += [(level.span, ("level", level.name)) for level in policy.scale.levels]
    if policy.default is not None:
        anchors.append((policy.default.span, ("default",)))
    placed = _Footnotes()
    for number, assumption in enumerate(policy.assumptions, start=1):
        anchor = _innermost(anchors, assumption)
        if anchor is not None:
            placed.by_anchor.setdefault(anchor, []).append(number)
            placed.anchor_of[number] = anchor
    return placed


def _innermost(anchors: Sequence[tuple[Span, tuple[str, ...]]], assumption: Assumption) -> tuple[str, ...] | None:
    point = (assumption.span.line, assumption.span.column)
    containing = [
        (span, anchor)
        for span, anchor in anchors
        if span.path == assumption.span.path
        and span.line > 0
        and (span.line, span.column) <= point < (span.end_line, span.end_column)
    ]
    if not containing:
        return None
    # The latest start is the innermost; among equal starts, the earliest end.
    _, anchor = max(
        containing,
        key=lambda item: ((item[0].line, item[0].column), (-item[0].end_line, -item[0].end_column)),
    )
    return anchor
