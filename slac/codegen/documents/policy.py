"""The policy document: the view of one policy (sentences and table cells in the document's
language, with the assumptions footnoted where they apply), rendered by `policy.md.j2`."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from slac.codegen.documents.calendars import chart_file_name, describe_calendar
from slac.codegen.documents.clocks import clock_sentences
from slac.codegen.documents.escaping import Markdown, escape_cell, escape_inline, join_markdown
from slac.codegen.documents.footnotes import place_footnotes
from slac.codegen.documents.labels import FALLBACK_LANGUAGE, Labels, capitalise, humanise
from slac.codegen.documents.rendering import do_not_edit_header, render_markdown
from slac.codegen.documents.views import CalendarView, ExampleView, Footnote, Table, TargetView
from slac.codegen.documents.wording import cell_text, format_instant, level_label
from slac.diagnostics import Diagnostic
from slac.model.types import (
    Assumption,
    Calendar,
    Clause,
    Condition,
    Example,
    Exclude,
    Expectation,
    Field,
    Intake,
    Plan,
    Policy,
    Rule,
    Scale,
    Target,
    Timed,
)
from slac.pipeline import Compilation


class PolicyDocument:
    """Builds the view of one policy and renders `policy.md.j2`."""

    def __init__(self, compilation: Compilation, policy: Policy, labels: Labels) -> None:
        self.compilation = compilation
        self.policy = policy
        self.t = labels
        self.footnotes = place_footnotes(policy)
        self.scale_phrases = _scale_phrases(labels, policy.scale)

    def render(self) -> str:
        policy, t = self.policy, self.t
        return render_markdown(
            "policy.md.j2",
            t=t,
            header=do_not_edit_header([(self.compilation.path, policy.source_sha256)]),
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
                capitalise(escape_cell(self.extra_label(name) or name)),
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
            capitalise(self.calendar_words(calendar)) + self.footnotes.refs("calendar", calendar.name)
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
        starts = Markdown(clock_sentences(self.policy, target, t) + self.footnotes.refs("target", target.name))
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
                subject=capitalise(self.assumption_subject(number, assumption)),
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
