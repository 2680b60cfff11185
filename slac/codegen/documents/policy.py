"""The policy document a customer reads: the view of one policy in the document's language,
rendered by `policy.md.j2`.

At a glance first (per plan: how to contact support, the response table with the hours of
coverage, the time zone in words, the closed days of the period), then the levels, the
questions a ticket answers, the rules as the policy words them, what each plan includes, the
support hours with their charts, and the worked examples as scenarios. Interpretations are
marked where they are used (≈ and a footnote giving the assumed value and the published text).
Nothing for maintainers (findings, codes, source lines, identifiers) appears here: that is the
report (`report.py`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from slac.codegen import charts
from slac.codegen.documents.clocks import clock_sentences
from slac.codegen.documents.conditions import Wording, condition_words
from slac.codegen.documents.calendars import chart_file_name, describe_calendar, describe_weekly, is_always_open
from slac.codegen.documents.escaping import Markdown, escape_cell, escape_inline, join_markdown, plain_text
from slac.codegen.documents.footnotes import FootnotePlacement, place_footnotes
from slac.codegen.documents.labels import FALLBACK_LANGUAGE, Labels, capitalise, humanise
from slac.codegen.documents.period import DOCUMENT_YEARS, closed_days, date_words, join_days, zone_words
from slac.codegen.documents.rendering import do_not_edit_header, render_markdown
from slac.codegen.documents.texts import PolicyTexts
from slac.codegen.documents.views import CalendarView, ExampleView, Footnote, PlanGlance, Table
from slac.codegen.documents.wording import cell_text, format_offset_instant, timed_outside_words
from slac.codegen.documents.worst_case import runtime_calendar
from slac.model.hours import level_calendars
from slac.model.types import (
    Assumption,
    Calendar,
    Clause,
    Cell,
    Condition,
    Example,
    Expectation,
    Field,
    NoTarget,
    Plan,
    Policy,
    Rule,
    Scale,
    SetLevel,
    Timed,
    combine,
)
from slac.pipeline import Compilation
from slac.runtime.errors import CalendarError
from slac.runtime.inputs import APPLIED_RULES
from slac.runtime.schedule import weekly_ranges_by_weekday
from slac.runtime.zones import load_zone


class PolicyDocument:
    """Builds the view of one policy and renders `policy.md.j2`."""

    def __init__(self, compilation: Compilation, policy: Policy, labels: Labels, language: str) -> None:
        self.compilation = compilation
        self.policy = policy
        self.t = labels
        self.text = PolicyTexts(policy, language)
        self.footnotes = place_footnotes(policy)
        self.scale_phrases = scale_phrases(labels, policy.scale)
        self.interpretations = Interpretations(policy, self.footnotes, compilation.text)
        self.example_charts: dict[str, str] = {}
        """`{file name: SVG}` of the worked examples' timelines, filled by `render`."""

    def render(self) -> str:
        policy, t = self.policy, self.t
        return render_markdown(
            "policy.md.j2",
            t=t,
            header=do_not_edit_header([(self.compilation.path, policy.source_sha256)]),
            title=escape_inline(self.text(policy.title)),
            glance=[self.plan_glance(plan) for plan in policy.plans],
            period=(
                t("period_note", first=DOCUMENT_YEARS[0], last=DOCUMENT_YEARS[1])
                if any(plan.hours for plan in policy.plans)
                else None
            ),
            clocks=[
                (escape_inline(self.text(target.title)), clock_sentences(policy, target, t, self.text))
                for target in policy.targets
            ],
            scale_title=escape_inline(self.text(policy.scale.title)),
            scale_sentences=self.scale_sentences(),
            levels=[] if policy.scale.implicit else [self.level_view(level.name) for level in policy.scale.levels],
            matrix=self.matrix(),
            questions=self.questions(),
            rules=self.rule_lines(),
            overrides=self.override_lines(),
            intakes=[escape_inline(self.text(intake.title)) for intake in policy.intakes],
            plans=self.plans_table(),
            calendars=[self.calendar_view(calendar) for calendar in policy.calendars],
            supported=[escape_inline(self.text(item)) for item in policy.supported],
            unsupported=[escape_inline(self.text(item)) for item in policy.unsupported],
            notes=[escape_inline(self.text(note)) for note in policy.notes],
            examples=[self.example_view(example) for example in policy.examples],
            footnotes=self.footnote_views(),
        )

    # ------------------------------------------------------------------ at a glance

    def plan_glance(self, plan: Plan) -> PlanGlance:
        """One plan at a glance: contact, hours with the time zone in words, the response
        table (with the hours of coverage per level where they differ), the closed days."""
        policy, t = self.policy, self.t
        title = escape_inline(self.text(plan.title))
        if plan.same_as is not None:
            same = self.text(policy.plan(plan.same_as).title)
            return PlanGlance(title, same_as=Markdown(t("glance_same_as", plan=same) + self.footnotes.refs("plan", plan.name)))
        contact = self.contact_line(plan)
        hours: list[Markdown] = []
        closed: list[tuple[Markdown, Markdown]] = []
        for index, choice in enumerate(plan.hours):
            calendar = policy.calendar(choice.calendar)
            words = self.calendar_words(calendar)
            if choice.condition is not None or len(plan.hours) > 1:
                words = t("glance_hours_named", title=self.text(calendar.title), hours=words)
            if choice.condition is not None:
                words = t("glance_hours_when", hours=words, condition=condition_words(choice.condition, self.wording, t))
            elif len(plan.hours) > 1:
                words = t("glance_hours_otherwise", hours=words)
            hours.append(Markdown(words + self.footnotes.refs("hours", plan.name, str(index))))
            closed += [line for line in self.closed_lines(calendar, len(plan.hours) > 1) if line not in closed]
        coverage = [self.coverage(plan, level.name) for level in policy.scale.levels]
        show_coverage = len({c for c in coverage if c is not None}) > 1
        targets = [target for target in policy.targets]
        levelled = not policy.scale.implicit  # a policy without levels has one row and no level column
        header = [escape_cell(self.text(policy.scale.title))] if levelled else []
        header += [escape_cell(self.text(target.table_title or target.title)) for target in targets]
        if show_coverage:
            header.append(t("glance_coverage"))
        rows = []
        for level, level_coverage in zip(policy.scale.levels, coverage):
            row = [self.level_label(level.name)] if levelled else []
            row += [self.cell(plan, level.name, target.name) for target in targets]
            if show_coverage:
                row.append(level_coverage or t("none"))
            rows.append(tuple(row))
        table = Table(tuple(header), tuple(rows)) if targets else None
        all_targets = None
        if plan.all_targets is not None:
            table = None
            all_targets = Markdown(cell_text(plan.all_targets, t) + self.footnotes.refs("all_targets", plan.name))
        counting = self.counting_sentence(plan)
        add_on = None
        if plan.add_on_to:
            bases = [self.text(policy.plan(base).title) for base in plan.add_on_to]
            add_on = Markdown(
                t("add_on", plans=join_markdown(t.raw("or"), bases))
                + self.interpretations.mark(t, self.text, ("plan", plan.name), "add_on")
            )
        return PlanGlance(
            boundary=self.boundary_examples(plan) + self.unit_notes(plan),
            title=title,
            same_as=None,
            add_on=add_on,
            contact=contact,
            hours=tuple(hours),
            counting=counting,
            all_targets=all_targets,
            table=table,
            closed=tuple(closed),
            notes=tuple(escape_inline(self.text(note)) for note in plan.notes),
        )

    def contact_line(self, plan: Plan) -> Markdown:
        """The plan's channels, with the policy's addresses where it gives them."""
        t = self.t
        addresses = dict(self.policy.contacts)
        parts = []
        for channel in plan.channels:
            words = t.lookup("channels", channel)
            if channel in addresses:
                words = t("contact_with_address", channel=words, address=addresses.pop(channel))
            for name, condition in plan.channel_conditions:
                if name == channel:
                    words = self.only_when(words, condition)
            parts.append(words)
        for kind, address in addresses.items():
            parts.append(t("contact_with_address", channel=t.lookup("channels", kind), address=address))
        if not parts:
            return t("none")
        return join_markdown(t.raw("list_separator"), parts)

    def counting_sentence(self, plan: Plan) -> Markdown | None:
        """Which hours the targets count, when the plan states it (with its interpretation)."""
        if plan.counts_in_support_hours is None or not plan.hours:
            return None
        key = "counting_support_hours" if plan.counts_in_support_hours else "counting_around_clock"
        if plan.counts_in_support_hours and any(
            isinstance(cell, Timed) and cell.clock == "wall" and cell.clock_reason == "unit" for _, cell in plan.cells
        ):
            key = "counting_support_hours_but_calendar_units"  # `2 weeks`, `1 month` ignore support hours
        sentence = self.t(f"glance_{key}")
        mark = self.interpretations.mark(self.t, self.text, ("plan", plan.name), "counting")
        if not mark:
            return sentence
        return Markdown(self.t("assumed_part", value=Markdown(sentence.rstrip(".")), mark=mark) + ".")

    def unit_notes(self, plan: Plan) -> tuple[Markdown, ...]:
        """What the plan's less common limits mean, one sentence each, when its table has them:
        a support day, a calendar month, a strict limit (`under 1 hour`)."""
        cells = [cell for _, cell in plan.cells if isinstance(cell, Timed)]
        notes = []
        if any(cell.due.support_days or (cell.earliest and cell.earliest.support_days) for cell in cells):
            notes.append(self.t("note_support_day"))
        if any(cell.due.months or (cell.earliest and cell.earliest.months) for cell in cells):
            notes.append(self.t("note_month"))
        if any(cell.strict for cell in cells):
            notes.append(self.t("note_strict"))
        return tuple(notes)

    def boundary_examples(self, plan: Plan) -> tuple[Markdown, ...]:
        """One example at the closing time for each out-of-hours alternative (`X; Y outside
        business hours`) and each around-the-clock cell of a plan with support hours: what
        the customer gets just before closing and at closing. Computed on the plan's calendar
        (holidays included) on the first Friday of the period that is open."""
        if len(plan.hours) != 1:
            return ()
        calendar = self.policy.calendar(plan.hours[0].calendar)
        if calendar.timezone is None or is_always_open(calendar):
            return ()
        closing = _first_friday_closing(calendar)
        if closing is None:
            return ()
        runtime = runtime_calendar(calendar)
        zone = calendar.timezone
        sentences: list[Markdown] = []
        done: set[str] = set()
        for level in self.policy.scale.levels:
            for target in self.policy.targets:
                cell = plan.cell(level.name, target.name)
                if not isinstance(cell, Timed):
                    continue
                with_level = self.t.sentence(self.scale_phrases["with"], level=level.name)
                if cell.outside_hours is not None and "outside" not in done:
                    try:
                        due = cell.due.on_calendar(runtime.standard_day_length())
                    except ValueError:  # business or support days on a calendar without a standard day
                        continue
                    done.add("outside")
                    inside = closing - timedelta(minutes=30)
                    sentences.append(self.t(
                        "boundary_outside",
                        level=with_level,
                        target=self.text(target.title),
                        inside=self.instant(inside.isoformat(), zone),
                        inside_due=self.instant(runtime.add(inside, due).astimezone(inside.tzinfo).isoformat(), zone),
                        outside=self.instant(closing.isoformat(), zone),
                        outside_due=self.instant(
                            (closing + timedelta(minutes=cell.outside_hours.minutes)).isoformat(), zone
                        ),
                    ))
                elif cell.clock_reason == "marked" and "marked" not in done:
                    done.add("marked")
                    due = closing + cell.due.on_calendar(None)
                    sentences.append(self.t(
                        "boundary_around_clock",
                        level=with_level,
                        target=self.text(target.title),
                        outside=self.instant(closing.isoformat(), zone),
                        due=self.instant(due.isoformat(), zone),
                    ))
        return tuple(sentences)

    def chart_notes(self, calendar: Calendar) -> list[Markdown]:
        """For the chart of a calendar: per plan on it, the levels whose targets count other
        hours: around the clock (`1 hour (24/7)`) or a wall-clock time outside its hours."""
        t = self.t
        notes: list[Markdown] = []
        for plan in self.policy.plans:
            if plan.same_as is not None or not any(c.calendar == calendar.name for c in plan.hours):
                continue
            marked: list[str] = []
            outside: dict[str, list[str]] = {}
            for level in self.policy.scale.levels:
                for target in self.policy.targets:
                    cell = plan.cell(level.name, target.name)
                    if not isinstance(cell, Timed):
                        continue
                    if cell.clock_reason == "marked" and level.name not in marked:
                        marked.append(level.name)
                    if cell.outside_hours is not None:
                        words = str(timed_outside_words(cell, t))
                        if level.name not in outside.setdefault(words, []):
                            outside[words].append(level.name)
            levels = lambda names: t.sentence(  # noqa: E731
                self.scale_phrases["noun"] + " {levels}", levels=", ".join(names)
            )
            if marked:
                notes.append(t("chart_note_around_clock", plan=self.text(plan.title), levels=levels(marked)))
            for words, names in outside.items():
                notes.append(t("chart_note_outside", plan=self.text(plan.title), levels=levels(names), duration=words))
        return notes

    def coverage(self, plan: Plan, level: str) -> Markdown | None:
        """The hours a level's targets count in: the plan's support hours or around the clock.
        A row that mixes the two names the targets that count around the clock (a `2 weeks` or
        `1 month` cell, which ignores support hours, or one marked `(24/7)`) after the hours."""
        business: list[str] = []
        wall: list[str] = []
        for target in self.policy.targets:
            cell = plan.cell(level, target.name)
            if isinstance(cell, Timed):
                on_hours = cell.clock == "business" and plan.hours
                (business if on_hours else wall).append(self.text(target.table_title or target.title))
        if not business and not wall:
            return None
        if not business:
            return self.t("always_open")
        calendars = level_calendars(self.policy, plan, level)
        weekly = [describe_weekly(self.policy.calendar(name).weekly, self.t) for name in calendars]
        hours = join_markdown(self.t.raw("or"), list(dict.fromkeys(weekly)))
        if not wall:
            return hours
        return self.t("glance_coverage_mixed", hours=hours, targets=join_markdown(self.t.raw("and"), wall),
                      around=self.t("always_open"))

    def closed_lines(self, calendar: Calendar, named: bool) -> list[tuple[Markdown, Markdown]]:
        """(label, days) per year of the period, `≈` when the holidays are an interpretation;
        a sentence for the customer's country, whose holidays the document cannot list."""
        t = self.t
        lines: list[tuple[Markdown, Markdown]] = []
        days = closed_days(calendar, self.t.language)
        assumed = "holidays" in self.interpretations.calendar_marks(t, calendar)
        for year in range(DOCUMENT_YEARS[0], DOCUMENT_YEARS[1] + 1):
            of_year = [day for day in days if day.day.year == year]
            if of_year:
                line = join_days(of_year, t)
                if assumed:
                    line = t("assumed_value", value=line)
                if named:
                    line = t("glance_hours_named", title=self.text(calendar.title), hours=line)
                lines.append((t("glance_closed_year", year=year), line))
        if calendar.customer_holidays:
            lines.append((t("glance_closed"), t("closed_customer_country")))
        return lines

    def calendar_words(self, calendar: Calendar) -> Markdown:
        return describe_calendar(calendar, self.t, self.interpretations.calendar_marks(self.t, calendar))

    # ------------------------------------------------------------------ levels

    def level_label(self, level_name: str) -> Markdown:
        """A level as `P1 — Impatto critico`, with its footnotes."""
        level = self.policy.scale.level(level_name)
        return Markdown(
            escape_cell(level.name) + " — " + escape_cell(self.text(level.title))
            + self.footnotes.refs("level", level.name)
        )

    def level_view(self, level_name: str) -> dict[str, object]:
        level = self.policy.scale.level(level_name)
        return {
            "heading": Markdown(escape_inline(level.name) + " — " + escape_inline(self.text(level.title))),
            "refs": self.footnotes.refs("level", level.name),
            "description": escape_inline(self.text(level.description)) if level.description else None,
            "criteria": [escape_inline(self.text(c.text)) for c in level.criteria],
            "criteria_label": self.t("criteria_one" if len(level.criteria) == 1 else "criteria"),
            "examples": [escape_inline(self.text(e.text)) for e in level.examples],
            "examples_label": self.t("examples_one" if len(level.examples) == 1 else "examples"),
            "obligations": [escape_inline(self.text(o.text)) for o in level.obligations],
            "obligations_label": self.t("obligations_one" if len(level.obligations) == 1 else "obligations"),
        }

    def scale_sentences(self) -> list[Markdown]:
        scale, t = self.policy.scale, self.t
        sentences = [t("scale_intro")]
        if scale.chosen_by:
            sentences.append(t.sentence(self.scale_phrases["chosen"], roles=self.roles(scale.chosen_by)))
        if scale.changed_by:
            sentences.append(t.sentence(self.scale_phrases["changed"], roles=self.roles(scale.changed_by, scale)))
        return sentences

    def roles(self, roles: Sequence[str], changing: Scale | None = None) -> Markdown:
        """Who sets or changes the level, in the vendor's words where the policy gives them
        (`agent = "l'agente"` in its translation), else the language's; for those who change
        it (`changing`), with the agreement their changes need."""
        words = []
        for role in roles:
            word = self.text.name(role) or self.t.lookup("roles", role)
            agreeing = changing.agreement(role) if changing is not None else None
            if agreeing is not None:
                word = Markdown(f"{escape_inline(str(word))} {escape_inline(self.t.lookup('with_agreement', agreeing))}")
            words.append(word)
        return join_markdown(self.t.raw("and"), words)

    def matrix(self) -> tuple[Markdown, Table] | None:
        matrix = self.policy.matrix
        if matrix is None:
            return None
        t = self.t
        row_field = self.policy.field(matrix.row_field)
        column_field = self.policy.field(matrix.column_field)
        intro = t.sentence(
            self.scale_phrases["derived"], row=self.text(row_field.title), column=self.text(column_field.title)
        )
        corner = t("matrix_corner", row=self.text(row_field.title), column=self.text(column_field.title))
        header = (corner, *(escape_cell(self.value_words(column_field, column)) for column in matrix.columns))
        rows = tuple(
            (
                escape_cell(self.value_words(row_field, row)),
                *(escape_cell(matrix.lookup(row, column) or "—") for column in matrix.columns),
            )
            for row in matrix.rows
        )
        return intro, Table(header, rows)

    # ------------------------------------------------------------------ questions

    def questions(self) -> list[tuple[Markdown, Markdown]]:
        """Each field as the question a ticket answers, with its answers (the default marked)."""
        t = self.t
        questions = []
        for ticket_field in self.policy.fields:
            answers = []
            for value in ticket_field.values:
                words = escape_inline(self.value_words(ticket_field, value))
                if value == ticket_field.default:
                    words = t("answer_default", answer=words)
                answers.append(words)
            refs = self.footnotes.refs("field", ticket_field.name)
            questions.append((self.question(ticket_field), Markdown(join_markdown(" / ", answers) + refs)))
        return questions

    def question(self, ticket_field: Field) -> Markdown:
        """A field as the question a ticket answers; a title that is not a question reads as
        the heading of its answer (`Urgenza:`)."""
        title = self.text(ticket_field.title)
        return escape_inline(title if title.rstrip().endswith("?") else f"{title}:")

    @property
    def wording(self) -> Wording:
        """How the subjects and values of conditions read in this document."""
        fields = {f.name: f for f in self.policy.fields}

        def subject(clause: Clause) -> str:
            if clause.subject_kind == "level":
                return self.scale_phrases["noun"]
            title = self.text(fields[clause.subject].title) if clause.subject in fields else clause.subject
            return title.rstrip().rstrip("?:")

        def value(clause: Clause, written: str) -> str:
            if clause.subject_kind == "level":
                return written
            return self.value_words(fields.get(clause.subject), written)

        return Wording(subject, value)

    def value_words(self, ticket_field: Field | None, value: str) -> str:
        """A field's value as the customer reads it: the policy's words for it, yes/no in the
        document's language, or the value itself."""
        field_name = ticket_field.name if ticket_field is not None else None
        named = self.text.name(value, field_name)
        if named is not None:
            return named
        if ticket_field is not None and ticket_field.boolean:
            return self.t.lookup("boolean_values", value, value)
        return humanise(value)

    # ------------------------------------------------------------------ rules

    def rule_lines(self) -> list[Markdown]:
        """The rules as the policy words them (their titles), in the order they apply, then
        the level a ticket without one gets."""
        lines: list[Markdown] = []
        for rule in (*self.policy.rules, *self.policy.restrictions):
            line = escape_inline(self.text(rule.title)) + self.footnotes.refs("rule", rule.name)
            if isinstance(rule, Rule) and rule.discretionary and isinstance(rule.action, SetLevel):
                modality = self.scale_phrases[f"may_{discretion_verb(rule, self.policy.scale)}"]
                line += " — " + self.t.sentence(modality, level=rule.action.level)
            lines.append(Markdown(line))
        if self.policy.default is not None and not self.policy.scale.implicit:
            sentence = self.t.sentence(self.scale_phrases["default"], level=self.policy.default.level)
            lines.append(Markdown(sentence + self.footnotes.refs("default")))
        return lines

    def condition_words(self, condition: Condition) -> Markdown:
        """A condition in the document's language ("Deployment is self-managed", "Severity is 1
        or (Region is US and Channel is phone)"), escaped for a table cell too, where the words
        may stand."""
        return Markdown(escape_cell(condition_words(condition, self.wording, self.t)))

    def only_when(self, text: str, condition: Condition | None) -> str:
        """`text` (escaped when it is not `Markdown` yet), with "(only when …)" when a condition
        limits it."""
        return text if condition is None else self.t("only_when", text=text, condition=self.condition_words(condition))

    def override_lines(self) -> list[Markdown]:
        """Targets that depend on the ticket, for every plan: the override's title (the policy's
        words for when it applies), its cells in words and its support hours."""
        t, lines = self.t, []
        for override in self.policy.overrides:
            parts = [
                Markdown(
                    escape_inline(self.text(self.policy.target(target).title))
                    + " "
                    + cell_text(cell, t)
                    + self.footnotes.refs("override_cell", override.name, target)
                )
                for target, cell in override.cells
            ]
            if override.hours is not None:
                calendar = self.policy.calendar(override.hours)
                parts.append(t("override_hours", calendar=escape_inline(self.text(calendar.title))))
            refs = self.footnotes.refs("override", override.name)
            title = Markdown("**" + escape_inline(self.text(override.title)) + "**" + refs)
            lines.append(t("override_line", title=title, cells=join_markdown("; ", parts)))
        return lines

    # ------------------------------------------------------------------ plans

    def plans_table(self) -> Table | None:
        """What each plan includes beyond its response times: channels, extras, notes."""
        policy, t = self.policy, self.t
        plans = [plan for plan in policy.plans if plan.same_as is None]
        extra_names: list[str] = []
        for plan in plans:
            for extra in plan.extras:
                if extra.name not in extra_names:
                    extra_names.append(extra.name)
        if not extra_names or len(plans) < 1:
            return None
        header = (Markdown(""), *(escape_cell(self.text(plan.title)) for plan in plans))
        rows: list[tuple[Markdown, ...]] = []
        rows.append((t("plan_channels"), *(self.channels(plan) for plan in plans)))
        for name in extra_names:
            label = self.text.name(name) or self.t.raw("extras").get(name)
            if label is None:
                label = humanise(name) if self.t.language == FALLBACK_LANGUAGE else t.raw("plan_extras_other")
            rows.append(
                (
                    capitalise(escape_cell(label)),
                    *(
                        next(
                            (self.only_when(escape_cell(self.text(e.text)), e.condition) for e in plan.extras if e.name == name),
                            t("none"),
                        )
                        for plan in plans
                    ),
                )
            )
        return Table(header, tuple(rows))

    def channels(self, plan: Plan) -> Markdown:
        """The plan's channels in words, each limited by its condition if it has one."""
        if not plan.channels:
            return self.t("none")
        conditions = dict(plan.channel_conditions)
        words = [self.only_when(escape_cell(self.t.lookup("channels", c)), conditions.get(c)) for c in plan.channels]
        return join_markdown(self.t.raw("list_separator"), words)

    # ------------------------------------------------------------------ calendars

    def calendar_view(self, calendar: Calendar) -> CalendarView:
        t = self.t
        users = [
            self.text(plan.title)
            for plan in self.policy.plans
            if plan.same_as is None and any(choice.calendar == calendar.name for choice in plan.hours)
        ]
        used_by = t("used_by", plans=join_markdown(t.raw("list_separator"), users)) if users else t("used_by_none")
        always = is_always_open(calendar)
        return CalendarView(
            title=escape_inline(self.text(calendar.title)),
            description=capitalise(self.calendar_words(calendar)),
            used_by=used_by,
            chart_file=Markdown("") if always else Markdown(chart_file_name(self.policy, calendar)),
            chart_alt=t("chart_alt", title=self.text(calendar.title)),
        )

    # ------------------------------------------------------------------ cells

    def cell(self, plan: Plan, level: str, target: str) -> Markdown:
        """A target cell in words, `≈` and a footnote when it is an interpretation."""
        cell: Cell = plan.cell(level, target)
        if plan.add_on_to and isinstance(cell, NoTarget) and cell.kind == "undefined":
            return self.t("cell_from_base")
        text = cell_text(cell, self.t)
        refs = self.footnotes.refs("cell", plan.name, level, target)
        if refs:
            text = self.t("assumed_value", value=text)
        return Markdown(text + refs)

    # ------------------------------------------------------------------ examples

    def example_view(self, example: Example) -> ExampleView:
        """A worked example as a scenario: the ticket in the customer's words and local time,
        then what follows."""
        policy, t = self.policy, self.t
        ticket = _scenario_ticket(example, policy)
        plan_name = str(ticket.get("plan", ""))
        plan = next((p for p in policy.plans if p.name == plan_name), None)
        base = next((p for p in policy.plans if p.name == ticket.get("base_plan")), None)
        if plan is not None and base is not None:
            plan = combine(plan, base)  # the plan the customer has: the add-on on its base
        zone = self.example_zone(example, plan)
        details: list[Markdown] = []
        level = ticket.get(policy.scale.name, "")
        if policy.scale.name in ticket:
            if level is None:
                details.append(t.sentence(self.scale_phrases["missing"]))
            else:
                details.append(t("scenario_level", scale=self.text(policy.scale.title), level=str(level)))
        for key, value in ticket.items():
            ticket_field = next((f for f in policy.fields if f.name == key), None)
            if ticket_field is None:
                continue
            answer = t("none") if value is None else escape_inline(self.value_words(ticket_field, str(value)))
            details.append(t("scenario_answer", question=self.question(ticket_field), answer=answer))
        if "country" in ticket:
            country = t.raw("country_names").get(str(ticket["country"]), str(ticket["country"]))
            details.append(t("scenario_country", country=country))
        titles = {rule.name: rule.title for rule in policy.rules}
        for name in ticket.get(APPLIED_RULES) or ():  # type: ignore[attr-defined]
            if name in titles:
                details.append(t("scenario_applied", rule=t("quote", text=self.text(titles[name]))))
        times = {
            "last_customer_reply_at": "scenario_customer_replied",
            "last_agent_reply_at": "scenario_agent_replied",
            "responded_at": "scenario_responded",
        }
        for key, label in times.items():
            if key in ticket:
                details.append(t(label, time=self.instant(str(ticket[key]), zone)))
        details += self.event_lines(example, zone)
        opened = self.instant(str(ticket["opened_at"]), zone) if "opened_at" in ticket else t("none")
        plan_title = self.text(plan.title) if plan is not None else plan_name
        if base is not None:
            plan_title = t("index_add_on", plan=plan_title, base=self.text(base.title))
        outcome = [self.expectation(expectation, zone) for expectation in example.expectations]
        chart = self.example_timeline(example, plan, zone)
        chart_file = Markdown("")
        if chart is not None:
            chart_file = Markdown(f"{policy.id}-example-{example.name}.svg")
            self.example_charts[str(chart_file)] = chart
        return ExampleView(
            chart_file=chart_file,
            chart_alt=t("timeline_alt", title=self.text(example.title)),
            title=escape_inline(self.text(example.title)),
            ticket=t("scenario_opened", plan=plan_title, time=opened),
            details=tuple(capitalise(detail) for detail in details),
            expected=tuple(capitalise(item) for item in outcome),
            now=t("scenario_now", time=self.instant(example.now, zone)) if example.now else None,
        )

    def example_timeline(self, example: Example, plan: Plan | None, zone: str | None) -> str | None:
        """The wait of an example's first deadline as a strip: when the target's clock runs
        (support open, or always for a wall-clock target) and when it is paused."""
        due = next((e for e in example.expectations if e.kind == "due"), None)
        if due is None or plan is None:
            return None
        target = next((tg for tg in self.policy.targets if tg.name == due.subject), None)
        ticket = dict(example.ticket)
        start_key = {"opened": "opened_at", "last_agent_reply": "last_agent_reply_at",
                     "last_customer_reply": "last_customer_reply_at"}.get(target.start if target else "", "")
        if start_key not in ticket:
            return None
        start = datetime.fromisoformat(str(ticket[start_key]))
        end = datetime.fromisoformat(due.value)
        if end <= start:
            return None
        shown = plan if plan.same_as is None else self.policy.plan(plan.same_as)
        level = next((e.value for e in example.expectations if e.kind == "level"), ticket.get(self.policy.scale.name))
        cell = shown.cell(str(level), due.subject) if level is not None else None
        runtime = None
        if isinstance(cell, Timed) and len(shown.hours) == 1:
            calendar = self.policy.calendar(shown.hours[0].calendar)
            bound = calendar.runtime()
            try:
                bound = bound.bind(timezone=ticket.get("timezone"), country=ticket.get("country"))  # type: ignore[arg-type]
            except CalendarError:  # the example names no customer zone or country: no strip
                return None
            wall = cell.clock == "wall" and cell.outside_hours is None
            outside = cell.outside_hours is not None and not bound.is_open(start)
            runtime = None if wall or outside else bound
        span = (end - start).total_seconds()
        step = timedelta(minutes=15)
        segments: list[tuple[float, float, bool]] = []
        instant = start
        while instant < end:
            following = min(instant + step, end)
            counted = runtime.is_open(instant) if runtime is not None else True
            first, last = (instant - start).total_seconds() / span, (following - start).total_seconds() / span
            if segments and segments[-1][2] == counted:
                segments[-1] = (segments[-1][0], last, counted)
            else:
                segments.append((first, last, counted))
            instant = following
        local_zone = load_zone(zone) if zone else start.tzinfo
        local_start, local_end = start.astimezone(local_zone), end.astimezone(local_zone)
        t = self.t
        ticks = []
        midnight = datetime(local_start.year, local_start.month, local_start.day, tzinfo=local_zone) + timedelta(days=1)
        while midnight < local_end:
            label = f"{t.raw('weekdays')[midnight.weekday()]} {midnight.day}"
            ticks.append(((midnight - start).total_seconds() / span, label))
            midnight = (midnight + timedelta(days=1, hours=2)).replace(hour=0)
        def clock(moment: datetime) -> str:
            return f"{t.raw('weekdays')[moment.weekday()]} {moment.strftime('%H:%M')}"
        return charts.timeline_chart(
            title=plain_text(t("timeline_alt", title=self.text(example.title))),
            description=plain_text(t("timeline_description", start=clock(local_start), end=clock(local_end))),
            segments=segments,
            ticks=ticks if len(ticks) <= 12 else ticks[:: max(1, len(ticks) // 12)],
            start_label=clock(local_start),
            end_label=clock(local_end),
            counted_label=t.raw("timeline_counted"),
            paused_label=t.raw("timeline_paused"),
        )

    def example_zone(self, example: Example, plan: Plan | None) -> str | None:
        """The zone a scenario is told in: the customer's, else the plan's support hours'."""
        ticket = dict(example.ticket)
        if "timezone" in ticket:
            return str(ticket["timezone"])
        if plan is not None:
            for choice in plan.hours:
                zone = self.policy.calendar(choice.calendar).timezone
                if zone not in (None, "UTC"):
                    return zone
        zones = [c.timezone for c in self.policy.calendars if c.timezone not in (None, "UTC")]
        return zones[0] if zones else None

    def instant(self, iso: str, zone: str | None) -> Markdown:
        """`martedì 4 marzo 2025 alle 10:00, ora di Roma`, in the scenario's zone when the
        instant was written at that zone's offset, else with its own UTC offset."""
        instant = datetime.fromisoformat(iso)
        if zone is not None:
            local = instant.astimezone(load_zone(zone))
            if local.utcoffset() == instant.utcoffset():
                day = date_words(local.date(), self.t)
                return self.t("instant_in_zone", date=day, time=local.strftime("%H:%M"),
                              zone=self.t("zone_short", city=_city(zone, self.t)))
        return format_offset_instant(instant, self.t)

    def event_lines(self, example: Example, zone: str | None) -> list[Markdown]:
        """What happens after the opening of an example given as a history, one line per event."""
        policy, t = self.policy, self.t
        lines: list[Markdown] = []
        statuses = {status.name: status.title for status in policy.statuses}
        for event in (example.events or ())[1:]:
            data = dict(event)
            time = self.instant(str(data["at"]), zone)
            kind = data["type"]
            if kind == "message":
                by, public = data["by"], data.get("public", True)
                key = {("agent", True): "agent_reply", ("customer", True): "customer_reply", ("agent", False): "agent_note",
                       ("customer", False): "customer_note"}.get((by, public), "system_message")
                lines.append(t(f"scenario_event_{key}", time=time))
            elif kind == "status":
                status = t("quote", text=self.text(statuses.get(str(data["to"]), str(data["to"]))))
                lines.append(t("scenario_event_status", time=time, status=status))
            elif kind == "level":
                lines.append(t("scenario_event_level", time=time, scale=self.text(policy.scale.title), level=str(data["to"])))
            elif kind == "field":
                ticket_field = next((f for f in policy.fields if f.name == data["name"]), None)
                if ticket_field is not None:
                    answer = escape_inline(self.value_words(ticket_field, str(data["to"])))
                    lines.append(t("scenario_event_field", time=time, question=self.question(ticket_field), answer=answer))
        return lines

    def expectation(self, expectation: Expectation, zone: str | None) -> Markdown:
        policy, t = self.policy, self.t
        if expectation.kind.startswith("cycle"):
            return self.cycle_expectation(expectation, zone)
        if expectation.kind == "level":
            return t("scenario_expect_level", scale=self.text(policy.scale.title), level=expectation.value)
        if expectation.kind == "trace":
            overrides = {override.name: override.title for override in policy.overrides}
            if expectation.value in overrides:
                return t("scenario_override", override=t("quote", text=self.text(overrides[expectation.value])))
            titles = {rule.name: rule.title for rule in (*policy.rules, *policy.restrictions)}
            if expectation.value in titles:
                return t("scenario_rule", rule=t("quote", text=self.text(titles[expectation.value])))
            return t("scenario_default")
        target = next((tg for tg in policy.targets if tg.name == expectation.subject), None)
        title = self.text(target.title) if target is not None else humanise(expectation.subject)
        if expectation.kind == "due":
            return t("scenario_due", target=title, time=self.instant(expectation.value, zone))
        return t("scenario_status", target=title, status=t.lookup("statuses", expectation.value, expectation.value))

    def cycle_expectation(self, expectation: Expectation, zone: str | None) -> Markdown:
        """An expectation on a target's cycles: how many, or one cycle's status, due instant,
        counted or paused time."""
        policy, t = self.policy, self.t
        target = next((tg for tg in policy.targets if tg.name == expectation.subject), None)
        title = self.text(target.title) if target is not None else humanise(expectation.subject)
        if expectation.kind == "cycles":
            return t("scenario_cycles", target=title, count=int(expectation.value))
        number = expectation.cycle or 1
        if expectation.kind == "cycle_due":
            return t("scenario_cycle_due", target=title, number=number, time=self.instant(expectation.value, zone))
        if expectation.kind in ("cycle_elapsed", "cycle_paused"):
            hours, minutes = divmod(int(float(expectation.value)) // 60, 60)
            return t(f"scenario_{expectation.kind}", target=title, number=number, hours=hours, minutes=minutes)
        status = t.lookup("cycle_statuses", expectation.value, expectation.value)
        return t("scenario_cycle_status", target=title, number=number, status=status)

    # ------------------------------------------------------------------ interpretations

    def footnote_views(self) -> list[Footnote]:
        t = self.t
        return [
            Footnote(
                label=Markdown(str(number)),
                subject=capitalise(self.interpretations.subject(t, self.text, number)),
                text=t(
                    "assumption_note",
                    value=self.interpretations.value(t, self, number),
                    quote=t("quote", text=assumption.published),
                ),
            )
            for number, assumption in enumerate(self.policy.assumptions, start=1)
        ]


@dataclass(frozen=True)
class Interpretations:
    """The policy's assumptions by where they apply: what was interpreted and as what."""

    policy: Policy
    footnotes: FootnotePlacement
    source: str

    def statement(self, assumption: Assumption) -> tuple[str, ...]:
        """The first words of the source line an assumption is written on (`closed`, `on`,
        `public`): which statement of a calendar or plan the author interpreted."""
        lines = self.source.splitlines()
        line = assumption.span.line
        if not 0 < line <= len(lines):
            return ()
        return tuple(lines[line - 1].split("#", 1)[0].split()[:4])

    def numbered(self, anchor: tuple[str, ...]) -> list[tuple[int, Assumption]]:
        return [
            (number, self.policy.assumptions[number - 1]) for number in self.footnotes.by_anchor.get(anchor, ())
        ]

    def calendar_marks(self, t: Labels, calendar: Calendar) -> dict[str, Markdown]:
        """For each interpreted part of a calendar (`open`, `timezone`, `holidays`, …), the mark
        said where it is used: `≈ … (interpretato da «…»)` and its footnote."""
        marks: dict[str, Markdown] = {}
        for number, assumption in self.numbered(("calendar", calendar.name)):
            aspect = calendar_aspect(self.statement(assumption)) or "open"
            marks[aspect] = Markdown(
                marks.get(aspect, Markdown(""))
                + t("interpreted_from", quote=t("quote", text=assumption.published))
                + f"[^{number}]"
            )
        return marks

    def mark(self, t: Labels, text: PolicyTexts, anchor: tuple[str, ...], aspect: str) -> Markdown:
        parts = [
            Markdown(t("interpreted_from", quote=t("quote", text=assumption.published)) + f"[^{number}]")
            for number, assumption in self.numbered(anchor)
            if plan_aspect(self.statement(assumption)) == aspect
        ]
        return Markdown("".join(parts))

    def subject(self, t: Labels, text: PolicyTexts, number: int) -> Markdown:
        """What an assumption is about, in the document's language."""
        policy = self.policy
        anchor = self.footnotes.anchor_of.get(number)
        kind, names = (anchor[0], anchor[1:]) if anchor else ("", ())
        statement = self.statement(policy.assumptions[number - 1])
        scale = t.sentence(scale_phrases(t, policy.scale)["noun"])
        if kind == "cell":
            plan_name, level, target_name = names
            target = policy.target(target_name)
            return t("assumption_cell", target=text(target.table_title or target.title),
                     plan=text(policy.plan(plan_name).title), scale=scale, level=level)
        if kind == "calendar":
            calendar = t("quote", text=text(policy.calendar(names[0]).title))
            aspect = calendar_aspect(statement)
            if aspect is None:
                return t("assumption_calendar_plain", calendar=calendar)
            return t("assumption_calendar", calendar=calendar, aspect=t.raw("calendar_aspects")[aspect])
        if kind in ("plan", "hours", "all_targets"):
            plan = text(policy.plan(names[0]).title)
            aspect = {"hours": "hours", "all_targets": "all_targets"}.get(kind) or plan_aspect(statement)
            if aspect is None:
                return t("assumption_plan", plan=plan)
            return t("assumption_plan_aspect", plan=plan, aspect=t.raw("plan_aspects")[aspect])
        if kind == "target":
            target = policy.target(names[0])
            return t("assumption_target", target=text(target.table_title or target.title))
        if kind == "rule":
            title = next(r.title for r in (*policy.rules, *policy.restrictions) if r.name == names[0])
            return t("assumption_rule", rule=t("quote", text=text(title)))
        if kind in ("override", "override_cell"):
            override = next(o for o in policy.overrides if o.name == names[0])
            quoted = t("quote", text=text(override.title))
            if kind == "override":
                return t("assumption_override_plain", override=quoted)
            target = policy.target(names[1])
            return t("assumption_override", target=text(target.table_title or target.title), override=quoted)
        if kind == "field":
            return t("assumption_field", field=text(policy.field(names[0]).title))
        if kind == "level":
            return t("assumption_level", scale=scale, level=names[0])
        if kind == "default":
            return t("assumption_default")
        return t("assumption_other")

    def value(self, t: Labels, document: PolicyDocument, number: int) -> Markdown:
        """The assumed value in words: the cell, the hours, the zone, the rule as encoded."""
        policy = self.policy
        anchor = self.footnotes.anchor_of.get(number)
        kind, names = (anchor[0], anchor[1:]) if anchor else ("", ())
        statement = self.statement(policy.assumptions[number - 1])
        if kind == "cell":
            plan_name, level, target_name = names
            return cell_text(policy.plan(plan_name).cell(level, target_name), t)
        if kind in ("override", "override_cell"):
            override = next(o for o in policy.overrides if o.name == names[0])
            if kind == "override_cell":
                return cell_text(dict(override.cells)[names[1]], t)
            if override.hours is not None:
                return escape_inline(document.text(policy.calendar(override.hours).title))
        if kind == "calendar":
            calendar = policy.calendar(names[0])
            aspect = calendar_aspect(statement)
            if aspect == "timezone" and calendar.timezone is not None:
                return zone_words(calendar.timezone, t)
            if aspect == "holidays":
                return describe_calendar(calendar, t, {}, only="holidays")
            return describe_weekly(calendar.weekly, t)
        if kind in ("plan", "hours", "all_targets"):
            plan = policy.plan(names[0])
            aspect = {"hours": "hours", "all_targets": "all_targets"}.get(kind) or plan_aspect(statement)
            if aspect == "counting" and plan.counts_in_support_hours is not None:
                return t("counting_value_support_hours" if plan.counts_in_support_hours else "counting_value_around_clock")
            if aspect == "all_targets" and plan.all_targets is not None:
                return cell_text(plan.all_targets, t)
            if aspect == "same_as" and plan.same_as is not None:
                return t("glance_same_as", plan=document.text(policy.plan(plan.same_as).title))
            if aspect == "add_on" and plan.add_on_to:
                bases = [escape_inline(document.text(policy.plan(base).title)) for base in plan.add_on_to]
                return join_markdown(t.raw("or"), bases)
        if kind == "rule":
            rule = next((r for r in policy.rules if r.name == names[0]), None)
            if rule is not None and hasattr(rule.action, "level"):
                return t("assumption_rule_value", scale=document.text(policy.scale.title),
                         level=rule.action.level)  # type: ignore[union-attr]
        if kind == "field":
            ticket_field = policy.field(names[0])
            if ticket_field.default is not None:
                return escape_inline(document.value_words(ticket_field, ticket_field.default))
        if kind == "default" and policy.default is not None:
            return escape_inline(policy.default.level)
        return t("none")


def calendar_aspect(words: Sequence[str]) -> str | None:
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


def plan_aspect(words: Sequence[str]) -> str | None:
    """The part of a plan a statement gives: `targets count …`, `same as …`, `hours …`,
    `all targets …`, `add-on to …`."""
    match tuple(word.lower() for word in words[:2]):
        case ("targets", "count"):
            return "counting"
        case ("same", "as"):
            return "same_as"
        case ("hours", *_):
            return "hours"
        case ("all", "targets"):
            return "all_targets"
        case ("add-on", "to"):
            return "add_on"
    return None


def _first_friday_closing(calendar: Calendar) -> datetime | None:
    """The closing time, in the calendar's zone, of the first Friday of the period on which the
    calendar is open (no holiday): where an out-of-hours rule starts to apply."""
    runtime = runtime_calendar(calendar)
    zone = load_zone(calendar.timezone or "UTC")
    ranges = weekly_ranges_by_weekday(calendar.weekly)[4]
    if not ranges:
        return None
    day = date(DOCUMENT_YEARS[0], 1, 1)
    while day.weekday() != 4:
        day += timedelta(days=1)
    for _ in range(10):
        end = ranges[-1][1]
        closing = datetime(day.year, day.month, day.day, tzinfo=zone) + timedelta(minutes=end)
        if end < 24 * 60 and runtime.is_open(closing - timedelta(minutes=1)):
            return closing
        day += timedelta(days=7)
    return None


def _city(zone: str, t: Labels) -> str:
    return str(t.raw("cities").get(zone) or zone.rsplit("/", 1)[-1].replace("_", " "))


def discretion_verb(rule: Rule, scale: Scale) -> str:
    """How a discretionary rule moves the level, for its modality in words: "lower" when every
    level its condition accepts is more severe than the one it sets, "raise" when every one is
    less severe, else "set"."""
    assert isinstance(rule.action, SetLevel)
    target = scale.rank(rule.action.level)
    ranks: set[int] | None = None
    for clause in rule.condition.clauses:
        if clause.subject_kind == "level" and clause.operator == "is":
            accepted = {scale.rank(value) for value in clause.values if value in scale.names}
            ranks = accepted if ranks is None else ranks & accepted
    if ranks and all(rank < target for rank in ranks):
        return "lower"
    if ranks and all(rank > target for rank in ranks):
        return "raise"
    return "set"


def scale_phrases(labels: Labels, scale: Scale) -> dict[str, str]:
    """The phrases that name the scale in sentences, by the scale's name (`priority`,
    `severity`); other scale names use the generic phrases with the name filled in."""
    scales = labels.raw("scales")
    phrases = scales.get(scale.name)
    if phrases is not None:
        return dict(phrases)
    name = humanise(scale.name).replace("{", "{{").replace("}", "}}")
    return {key: text.replace("{name}", name) for key, text in scales["_other"].items()}


def _scenario_ticket(example: Example, policy: Policy) -> dict[str, object]:
    """An example's ticket as a snapshot reads: for a history, its opening instant, level and
    field values are those of its opened event."""
    ticket = dict(example.ticket)
    if example.events:
        opened = dict(example.events[0])
        ticket["opened_at"] = opened["at"]
        if "level" in opened:
            ticket[policy.scale.name] = opened["level"]
        fields = opened.get("fields")
        if isinstance(fields, dict):
            ticket.update(fields)
    return ticket
