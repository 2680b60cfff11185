"""Resolution: AST → Policy model.

Binds every name (levels, fields, values, calendars, targets, plans, rules), normalises units
and clocks, applies aliases and defaults, and collects every problem as a diagnostic (SLA1xx)
instead of stopping at the first. Errors here block checking and generation of the policy.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from slac.diagnostics import Diagnostic, Related, Severity
from slac.model import types as m
from slac.model.examples import MINUTES_PER_UNIT, ExampleResolution
from slac.names import escape_reason, fold, python_attribute, unusable_character
from slac.runtime import (
    CalendarError,
    ExtraOpening,
    HolidaySource,
    PartialClosure,
    YearlyClosure,
    WeeklyInterval,
)
from slac.runtime.inputs import APPLIED_RULES, CUSTOMER_INPUTS, TIME_INPUTS
from slac.syntax import ast
from slac.syntax.printer import cell_text
from slac.syntax.span import Span

# units whose length depends on where they start: each counts as at most this many minutes
LONGEST_MINUTES = {"business_days": 1440, "support_days": 1440, "months": 31 * 1440}
ROLES = ("customer", "agent")
MAX_TARGET_YEARS = 10
# names a ticket or an evaluation already uses: no field or scale may take them
RESERVED_INPUTS = (
    "plan", "base_plan", *TIME_INPUTS, *CUSTOMER_INPUTS, APPLIED_RULES,
    "policy", "level", "trace", "targets", "excluded", "violations", "now",
)
SUPPRESSION = re.compile(r"#\s*slac:\s*allow\s+(SLA\d{3})(?:\s+\"((?:\\.|[^\"\\])*)\")?")


@dataclass(frozen=True)
class Suppression:
    """`# slac: allow SLA203 "reason"`: findings with `code` on lines first..last are kept,
    at info level, with the reason."""

    code: str
    reason: str
    first_line: int
    last_line: int
    span: Span


@dataclass(frozen=True)
class Resolution:
    """The resolved policy (None when resolution found errors), its diagnostics and the
    suppressions written in the source."""

    policy: m.Policy | None
    diagnostics: tuple[Diagnostic, ...]
    suppressions: tuple[Suppression, ...] = ()


def resolve(document: ast.Document, path: str, source_text: str) -> Resolution:
    """Resolve a parsed document into the Policy model."""
    resolver = _Resolver(document, path, source_text)
    policy = resolver.run()
    suppressions = tuple(_suppressions(document))
    errors = [d for d in resolver.diagnostics if d.severity is Severity.ERROR]
    return Resolution(None if errors else policy, tuple(resolver.diagnostics), suppressions)


# ----------------------------------------------------------------------- suppressions


def _suppressions(document: ast.Document) -> Iterable[Suppression]:
    block_ranges = [(b.span.line, b.span.end_line) for b in document.blocks]
    for comment in document.comments:
        match = SUPPRESSION.search(comment.text)
        if not match:
            continue
        code, reason = match.group(1), match.group(2) or "no reason given"
        first = last = comment.line
        if comment.own_line:
            following = [r for r in block_ranges if r[0] > comment.line]
            enclosing = [r for r in block_ranges if r[0] < comment.line <= r[1]]
            if enclosing:
                # inside a block: applies to the next line of it
                first, last = comment.line + 1, comment.line + 1
            elif following:
                first, last = following[0]
        yield Suppression(code, reason, first, last, comment.span)


# ----------------------------------------------------------------------- resolver


def _suggest(name: str, known: Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return matches[0] if matches else None


def _did_you_mean(name: str, known: Sequence[str], what: str) -> str:
    suggestion = _suggest(name, known)
    listed = ", ".join(f"`{k}`" for k in known) if known else "none are declared"
    if suggestion:
        return f"did you mean `{suggestion}`? The {what} are: {listed}"
    return f"the {what} are: {listed}"


@dataclass
class _Resolver(ExampleResolution):
    document: ast.Document
    path: str
    source_text: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    assumptions: list[m.Assumption] = field(default_factory=list)
    # calendars that are declared but could not be built (their error is reported once)
    broken_calendars: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.lines = self.source_text.replace("\r\n", "\n").replace("\r", "\n").split("\n")

    # ------------------------------------------------------------------ reporting

    def error(self, code: str, message: str, span: Span, help: str | None = None, related: tuple[Related, ...] = ()) -> None:
        self.diagnostics.append(Diagnostic(code, Severity.ERROR, message, span, help, related))

    def assume(self, subject: str, assumption: ast.Assumption | None) -> None:
        if assumption is not None:
            self.assumptions.append(m.Assumption(subject, assumption.published, span=assumption.span))

    def unique(self, items: Sequence[tuple[str, Span]], what: str) -> None:
        """Report names declared twice (SLA101), and names that differ only in characters
        Python folds (`ｇｏｌｄ` and `gold`, `ﬁrst` and `first`): a generated module would read
        them as one name."""
        seen: dict[str, tuple[str, Span]] = {}
        for name, span in items:
            first = seen.get(fold(name))
            if first is None:
                seen[fold(name)] = (name, span)
            elif first[0] == name:
                self.error(
                    "SLA101",
                    f"{what} `{name}` is declared twice",
                    span,
                    help="rename one of them or remove the duplicate",
                    related=(Related(first[1], f"`{name}` is first declared here"),),
                )
            else:
                self.folded_twice(name, span, first[0], first[1], what)

    def folded_twice(self, name: str, span: Span, first: str, first_span: Span, what: str) -> None:
        """SLA101 for `name`, which Python folds into `first`, declared before."""
        self.error(
            "SLA101",
            f"{what} `{name}` is the same name as `{first}` once compatibility characters are folded "
            f"(both read `{fold(name)}` in Python)",
            self.word_span(name, span),
            help=f"rename one of the two: Python reads ligatures, full-width letters and superscripts "
            f"as the plain letters and digits, so both would be `{fold(name)}`",
            related=(Related(self.word_span(first, first_span), f"`{first}` is declared here"),),
        )

    def unknown(self, name: str, known: Sequence[str], what: str, span: Span, plural: str | None = None) -> None:
        """SLA102 at the unknown word itself, with the nearest known name and the list."""
        self.error("SLA102", f"unknown {what} `{name}`", self.word_span(name, span),
                   help=_did_you_mean(name, known, plural or what + "s"))

    def cell_spans(self, row: Span, count: int) -> list[Span]:
        """The spans of the `count` cells after the first column of a table row: the text
        between one `|` and the next (or the end of the line), blanks trimmed; an empty cell
        is the `|` that opens it. `|` inside quoted text does not count."""
        if not 1 <= row.line <= len(self.lines):
            return [row] * count
        line = self.lines[row.line - 1]
        bars = []
        quoted = escaped = False
        for index, char in enumerate(line):
            if quoted:
                escaped = char == "\\" and not escaped
                quoted = not (char == '"' and not escaped)
            elif char == '"':
                quoted = True
            elif char == "#":
                break
            elif char == "|":
                bars.append(index)
        spans = []
        for number, bar in enumerate(bars[:count]):
            end = bars[number + 1] if number + 1 < len(bars) else len(line.split("#")[0].rstrip()) if "#" in line else len(line.rstrip())
            text = line[bar + 1 : end]
            first = bar + 1 + (len(text) - len(text.lstrip()))
            last = max(first + 1, bar + 1 + len(text.rstrip()))
            if not text.strip():
                first, last = bar, bar + 1  # the `|` that opens the missing cell
            spans.append(Span(row.path, row.line, first + 1, row.line, last + 1))
        spans += [row] * (count - len(spans))
        return spans

    def word_span(self, word: str, span: Span) -> Span:
        """The span of `word` on the first line of `span`, at or after its column; `span`
        itself when the word is not there (it was written elsewhere)."""
        if not 1 <= span.line <= len(self.lines):
            return span
        line = self.lines[span.line - 1]
        found = re.compile(rf"(?<![\w]){re.escape(word)}(?![\w])").search(line, max(span.column - 1, 0))
        if found is None:
            return span
        return Span(span.path, span.line, found.start() + 1, span.line, found.end() + 1)

    # ------------------------------------------------------------------ run

    def run(self) -> m.Policy | None:
        blocks = self.document.blocks
        of = lambda kind: [b for b in blocks if isinstance(b, kind)]  # noqa: E731

        policies = of(ast.Policy)
        scales = of(ast.Scale)
        if not policies:
            self.error("SLA103", "the file has no `policy` header", Span.point(self.path, 1, 1),
                       help='start the file with `policy <id> "<title>"`, such as `policy acme "Acme support"`')
        for extra in policies[1:]:
            self.error("SLA103", "a file holds one policy; this is a second `policy` header", extra.span,
                       help="move the second policy to a file of its own",
                       related=(Related(policies[0].span, "the first policy header"),))
        for extra in scales[1:]:
            self.error("SLA103", "a policy has one scale; this is a second `scale`", extra.span,
                       help="keep one scale (priority or severity) per policy",
                       related=(Related(scales[0].span, "the first scale"),))
        if not policies:
            return None

        header = policies[0]
        if not scales:
            # a policy without levels: one response time for every ticket
            self.scale = m.implicit_scale()
        else:
            scales[0] = self.scale_named_as_used(scales[0])
            if fold(scales[0].name) in RESERVED_INPUTS:
                self.error("SLA101", f"`{scales[0].name}` is a reserved ticket input and cannot name the scale",
                           self.word_span(scales[0].name, scales[0].span), help="call the scale `priority` or `severity`")
                return None
            if not self.python_name(scales[0].name, scales[0].span, "scale"):
                return None
            self.scale = self.resolve_scale(scales[0])
        self.fields = self.resolve_fields(of(ast.Field))
        self.calendars = self.resolve_calendars(of(ast.Calendar))
        self.statuses = self.resolve_statuses(of(ast.StatusDecl))
        self.targets = self.resolve_targets(of(ast.Target))
        matrices = of(ast.Matrix)
        for extra in matrices[1:]:
            self.error("SLA103", "a policy has at most one derivation matrix", extra.span,
                       help="merge the two tables into one matrix, or remove one",
                       related=(Related(matrices[0].span, "the first matrix"),))
        matrix = self.resolve_matrix(matrices[0]) if matrices else None
        plans = self.resolve_plans(of(ast.Plan), of(ast.TargetsTable))
        rule_blocks = of(ast.Rule)
        restriction_blocks = of(ast.Restriction)
        override_blocks = of(ast.Override)
        self.unique([(b.name, b.span) for b in [*rule_blocks, *restriction_blocks, *of(ast.Intake), *override_blocks]], "rule")
        overrides = tuple(self.resolve_override(o, plans) for o in override_blocks)
        rules = tuple(self.resolve_rule(rule) for rule in rule_blocks)
        restrictions = tuple(self.resolve_restriction(r) for r in restriction_blocks)
        defaults = of(ast.DefaultLevel)
        for extra in defaults[1:]:
            self.error("SLA103", "the default level is given twice", extra.span,
                       help="keep one `default` line",
                       related=(Related(defaults[0].span, "the first default"),))
        default = self.resolve_default(defaults[0]) if defaults else None
        if self.scale.implicit:
            default = m.DefaultLevel(m.IMPLICIT_LEVEL)  # every ticket has the one level
        intakes = tuple(self.resolve_intake(i) for i in of(ast.Intake))
        examples_ast = of(ast.Example)
        self.unique([(e.name, e.span) for e in examples_ast], "example")
        examples = tuple(self.resolve_example(e, plans) for e in examples_ast)

        items = header.items
        language = next((i.code for i in items if isinstance(i, ast.Language)), "en")
        for item in items:
            if isinstance(item, ast.Language) and not re.fullmatch(r"[a-z]{2}", item.code):
                self.error("SLA104", f"`{item.code}` is not a language code", self.word_span(item.code, item.span),
                           help="give the two-letter ISO 639-1 code of the published text, such as `cs`, `it`, `pl` or `en`")
        return m.Policy(
            id=header.id,
            title=header.title,
            path=self.path,
            source_sha256=hashlib.sha256(self.source_text.encode("utf-8")).hexdigest(),
            source=next((i.text for i in items if isinstance(i, ast.Source)), None),
            language=language,
            contacts=tuple((i.kind, i.address) for i in items if isinstance(i, ast.Contact)),
            supported=tuple(i.text for i in items if isinstance(i, ast.Supported)),
            unsupported=tuple(i.text for i in items if isinstance(i, ast.Unsupported)),
            notes=tuple(i.text for i in items if isinstance(i, ast.Note)),
            scale=self.scale,
            fields=tuple(self.fields.values()),
            matrix=matrix,
            calendars=tuple(self.calendars.values()),
            statuses=tuple(self.statuses.values()),
            targets=tuple(self.targets.values()),
            plans=tuple(plans),
            rules=rules,
            restrictions=restrictions,
            default=default,
            intakes=intakes,
            examples=examples,
            assumptions=tuple(self.assumptions),
            span=header.span,
            translations=self.resolve_translations(of(ast.Translation)),
            overrides=overrides,
        )

    # ------------------------------------------------------------------ translations

    def resolve_translations(self, blocks: list[ast.Translation]) -> tuple[m.Translation, ...]:
        """One translation per language; a text or name given twice in one is an error."""
        self.unique([(b.language, b.span) for b in blocks], "translation")
        translations = []
        for block in blocks:
            if not re.fullmatch(r"[a-z]{2}", block.language):
                self.error("SLA104", f"`{block.language}` is not a language code",
                           self.word_span(block.language, block.span),
                           help="give the two-letter ISO 639-1 code of the translation, such as `en`")
            seen: dict[tuple[bool, str], ast.TranslationEntry] = {}
            for entry in block.entries:
                first = seen.setdefault((entry.is_name, entry.key), entry)
                if first is not entry:
                    self.error("SLA101", f"the translation into `{block.language}` gives {entry.key!r} twice",
                               entry.span, help="keep one translation of each text or name",
                               related=(Related(first.span, "the first translation"),))
            translations.append(m.Translation(
                block.language,
                texts=tuple((e.key, e.text) for e in seen.values() if not e.is_name),
                names=tuple((e.key, e.text) for e in seen.values() if e.is_name),
                span=block.span,
            ))
        return tuple(translations)

    # ------------------------------------------------------------------ scale

    def scale_named_as_used(self, scale: ast.Scale) -> ast.Scale:
        """The scale, renamed to the name every table, rule, restriction and default of the
        policy uses for it when that is another name (`scale priorty` above tables headed
        `priority`): one error at the scale's name, instead of one at each use telling the
        author to copy the typo."""
        uses: list[str] = []
        for block in self.document.blocks:
            match block:
                case ast.Plan(items=items):
                    uses += [i.table.header[0] for i in items if isinstance(i, ast.PlanTargets) and i.table.header]
                case ast.TargetsTable(table=table) if table.header:
                    uses.append(table.header[0])
                case ast.Matrix() | ast.DefaultLevel() | ast.Restriction():
                    uses.append(block.scale)
                case ast.Rule(action=ast.SetLevel(scale=name)):
                    uses.append(name)
        if not uses or len(set(uses)) != 1 or uses[0] == scale.name:
            return scale
        used = uses[0]
        places = f"{len(uses)} place{'s' if len(uses) > 1 else ''}"
        if _suggest(scale.name, [used]):
            message = f"scale `{scale.name}`: did you mean `{used}`? The policy calls the scale `{used}` everywhere it uses it ({places})"
            help = f"write `scale {used}`"
        else:
            message = f"the scale is named `{scale.name}`, but the policy calls it `{used}` everywhere it uses it ({places})"
            help = f"write `scale {used}`, or rename `{used}` to `{scale.name}` where it is used"
        self.error("SLA102", message, self.word_span(scale.name, scale.span), help=help)
        return replace(scale, name=used)

    def resolve_scale(self, scale: ast.Scale) -> m.Scale:
        levels_ast = [i for i in scale.items if isinstance(i, ast.Level)]
        self.unique([(level.name, level.span) for level in levels_ast], "level")
        if not levels_ast:
            self.error("SLA103", f"scale `{scale.name}` has no levels", scale.span,
                       help='add one `level <name> "<title>"` line per level, most severe first')
        levels = []
        seen: set[str] = set()
        for level in levels_ast:
            if level.name in seen:
                continue
            seen.add(level.name)
            descriptions = [i.text for i in level.items if isinstance(i, ast.Description)]
            levels.append(
                m.Level(
                    name=level.name,
                    title=level.title,
                    rank=len(levels),
                    description="\n".join(descriptions) or None,
                    criteria=tuple(m.Text(i.text, span=i.span) for i in level.items if isinstance(i, ast.Criterion)),
                    examples=tuple(m.Text(i.text, span=i.span) for i in level.items if isinstance(i, ast.LevelExample)),
                    obligations=tuple(m.Text(i.text, span=i.span) for i in level.items if isinstance(i, ast.Obligation)),
                    span=level.span,
                )
            )
        roles: dict[str, tuple[str, ...]] = {"chosen": (), "changed": ()}
        agreements: list[tuple[str, str]] = []
        for item in scale.items:
            if isinstance(item, (ast.ChosenBy, ast.ChangedBy)):
                for role in item.roles:
                    if role not in ROLES:
                        self.unknown(role, ROLES, "role", item.span)
                key = "chosen" if isinstance(item, ast.ChosenBy) else "changed"
                roles[key] = roles[key] + tuple(r for r in item.roles if r in ROLES)
            if isinstance(item, ast.ChangedBy) and item.agreement is not None:
                agreements += self.change_agreement(item)
        return m.Scale(
            name=scale.name,
            title=scale.title or scale.name.capitalize(),
            levels=tuple(levels),
            chosen_by=roles["chosen"],
            changed_by=roles["changed"],
            change_agreements=tuple(agreements),
            span=scale.span,
        )

    def change_agreement(self, item: ast.ChangedBy) -> list[tuple[str, str]]:
        """`changed by agent with customer agreement`: each changer with the role that agrees."""
        agreeing = item.agreement
        assert agreeing is not None
        if agreeing not in ROLES:
            self.unknown(agreeing, ROLES, "role", item.span)
            return []
        if agreeing in item.roles:
            self.error("SLA104", f"the {agreeing} cannot need its own agreement to change the level",
                       self.word_span(agreeing, item.span),
                       help=f"name the other role: `changed by {', '.join(item.roles)} with "
                       f"{next(r for r in ROLES if r != agreeing)} agreement`, or drop `with … agreement`")
            return []
        return [(role, agreeing) for role in item.roles if role in ROLES]

    def level_ref(self, scale_name: str, level: str, span: Span) -> bool:
        ok = True
        if scale_name != self.scale.name:
            self.error("SLA102", f"unknown scale `{scale_name}`", self.word_span(scale_name, span),
                       help=f"this policy's scale is `{self.scale.name}`")
            ok = False
        if level not in self.scale.names:
            self.unknown(level, self.scale.names, "level", span)
            ok = False
        return ok

    # ------------------------------------------------------------------ fields

    def resolve_fields(self, fields: Sequence[ast.Field]) -> dict[str, m.Field]:
        reserved = {self.scale.name, *RESERVED_INPUTS}
        self.unique([(f.name, f.span) for f in fields], "field")
        # the attributes of the generated Ticket taken so far, by the input that takes them
        attributes = {python_attribute(name): (name, self.scale.span) for name in ("plan", self.scale.name)}
        resolved: dict[str, m.Field] = {}
        for decl in fields:
            if decl.name in resolved:
                continue
            # a field refused here stays declared, so that the rules testing it are not reported too
            clash = attributes.get(python_attribute(decl.name))
            if fold(decl.name) in {fold(name) for name in reserved}:
                reads = "" if fold(decl.name) == decl.name else f" (it reads `{fold(decl.name)}` in Python)"
                self.error("SLA101", f"`{decl.name}` is a reserved ticket input and cannot be a field{reads}",
                           self.word_span(decl.name, decl.span), help="choose another name for the field")
            elif not self.python_name(decl.name, decl.span, "field"):
                pass
            elif clash is not None:
                self.error("SLA101", f"field `{decl.name}` and `{clash[0]}` would be one attribute, "
                           f"`{python_attribute(decl.name)}`, of the generated module's `Ticket`",
                           self.word_span(decl.name, decl.span),
                           help=f"rename one of them: `{clash[0]}` is `{python_attribute(clash[0])}` in Python "
                           f"because `{fold(clash[0])}` {escape_reason(clash[0])}",
                           related=(Related(self.word_span(clash[0], clash[1]), f"`{clash[0]}` is declared here"),))
            else:
                attributes[python_attribute(decl.name)] = (decl.name, decl.span)
            values: tuple[str, ...] = ()
            boolean = False
            default: str | None = None
            for item in decl.items:
                if isinstance(item, ast.FieldValues):
                    values = values + item.values
                elif isinstance(item, ast.FieldBoolean):
                    boolean = True
                    values = values + ("yes", "no")
                elif isinstance(item, ast.FieldDefault):
                    default = item.value
                    self.assume(f"default of field `{decl.name}`", item.assumption)
            declared = [(v, item.span) for item in decl.items if isinstance(item, ast.FieldValues) for v in item.values]
            declared += [(v, item.span) for item in decl.items if isinstance(item, ast.FieldBoolean) for v in ("yes", "no")]
            self.unique(declared, f"value of field `{decl.name}`")
            if not values:
                self.error("SLA103", f"field `{decl.name}` has no values", decl.span,
                           help="add `values a, b, c` or `boolean`")
            default_item = next((i for i in decl.items if isinstance(i, ast.FieldDefault)), None)
            if default is not None and default not in values and default_item is not None:
                self.error("SLA102", f"the default `{default}` is not a value of field `{decl.name}`",
                           self.word_span(default, default_item.span),
                           help=_did_you_mean(default, values, f"values of `{decl.name}`"))
            resolved[decl.name] = m.Field(
                name=decl.name,
                title=decl.title or decl.name.replace("_", " ").capitalize(),
                values=tuple(dict.fromkeys(values)),
                boolean=boolean,
                default=default,
                span=decl.span,
            )
        return resolved

    def python_name(self, name: str, span: Span, what: str) -> bool:
        """Whether a ticket input's name has a Python form (SLA101 when not): a generated
        `Ticket` has it as an attribute, and some characters fold to ones a name cannot hold
        (`½` folds to `1⁄2`)."""
        character = unusable_character(name)
        if character is None:
            return True
        self.error("SLA101", f"{what} `{name}` cannot be a ticket input: `{character}` "
                   f"({unicodedata.name(character, f'U+{ord(character):04X}').lower()}) is not a letter or digit "
                   "Python accepts in a name", self.word_span(name, span),
                   help="use letters of any alphabet, digits and `_` (write `½` as `half`, `¹` as `1`)")
        return False

    def value_ref(self, field_name: str, value: str, span: Span) -> None:
        known = self.fields[field_name].values
        if value not in known:
            self.error("SLA102", f"`{value}` is not a value of field `{field_name}`", self.word_span(value, span),
                       help=_did_you_mean(value, known, f"values of `{field_name}`"))

    # ------------------------------------------------------------------ matrix

    def resolve_matrix(self, matrix: ast.Matrix) -> m.Matrix:
        self.level_ref(matrix.scale, self.scale.names[0] if self.scale.names else "", matrix.span)
        for name in (matrix.row_field, matrix.column_field):
            if name not in self.fields:
                self.unknown(name, list(self.fields), "field", matrix.span)
        cells: list[tuple[tuple[str, str], str]] = []
        spans: list[tuple[tuple[str, str], Span]] = []
        blanks: list[tuple[tuple[str, str], Span]] = []
        if matrix.column_field in self.fields:
            for column in matrix.columns:
                self.value_ref(matrix.column_field, column, matrix.span)
        self.unique([(c, matrix.span) for c in matrix.columns], "column of the matrix")
        for row in matrix.rows:
            if matrix.row_field in self.fields:
                self.value_ref(matrix.row_field, row.value, row.span)
            if len(row.cells) != len(matrix.columns):
                self.error("SLA105", f"this row has {len(row.cells)} cells but the matrix has {len(matrix.columns)} columns",
                           row.span, help="give one level per column, separated by `|`")
            for column, level, span in zip(matrix.columns, row.cells, self.cell_spans(row.span, len(row.cells))):
                if level is None:
                    blanks.append(((row.value, column), span))
                    continue
                if level not in self.scale.names:
                    self.unknown(level, self.scale.names, "level", span)
                    continue
                cells.append(((row.value, column), level))
                spans.append(((row.value, column), span))
        return m.Matrix(
            row_field=matrix.row_field,
            column_field=matrix.column_field,
            rows=tuple(row.value for row in matrix.rows),
            columns=matrix.columns,
            cells=tuple(cells),
            span=matrix.span,
            cell_spans=tuple(spans),
            blank_spans=tuple(blanks),
        )

    # ------------------------------------------------------------------ calendars

    def resolve_calendars(self, calendars: Sequence[ast.Calendar]) -> dict[str, m.Calendar]:
        self.unique([(c.name, c.span) for c in calendars], "calendar")
        resolved: dict[str, m.Calendar] = {}
        for decl in calendars:
            if decl.name not in resolved:
                calendar = self.resolve_calendar(decl)
                if calendar is not None:
                    resolved[decl.name] = calendar
                else:
                    self.broken_calendars.add(decl.name)
        return resolved

    def resolve_calendar(self, decl: ast.Calendar) -> m.Calendar | None:
        zones = [i for i in decl.items if isinstance(i, ast.TimeZone)]
        weekly: list[WeeklyInterval] = []
        always = False
        holidays: list[HolidaySource] = []
        customer_holidays = False
        customer_hours: tuple[int, int] | None = None
        customer_week: list[WeeklyInterval] = []
        closed: list[date] = []
        partial: list[PartialClosure] = []
        extra: list[ExtraOpening] = []
        yearly: list[YearlyClosure] = []
        spans: list[tuple[object, Span]] = []
        subject = f"calendar `{decl.name}`"
        for item in decl.items:
            match item:
                case ast.TimeZone(assumption=assumption):
                    self.assume(f"time zone of {subject}", assumption)
                case ast.OpenDays(days=days, start=start, end=end, assumption=assumption):
                    self.assume(f"opening hours of {subject}", assumption)
                    if start == end:
                        self.error("SLA104", "this interval opens and closes at the same time", item.span,
                                   help="write an interval such as `08:00-17:00`; use `open 24x7` for around the clock")
                        continue
                    for day in _expand_days(days):
                        end_day = day if end > start else (day + 1) % 7
                        weekly.append(WeeklyInterval(day, start, end_day, end))
                        spans.append((weekly[-1], item.span))
                case ast.OpenSpan(start_day=sd, start=st, end_day=ed, end=en, assumption=assumption):
                    self.assume(f"opening hours of {subject}", assumption)
                    if (sd, st) == (ed, en):
                        self.error("SLA104", "this interval opens and closes at the same time", item.span,
                                   help="use `open 24x7` for a calendar that is always open")
                        continue
                    weekly.append(WeeklyInterval(sd, st, ed, en))
                    spans.append((weekly[-1], item.span))
                case ast.OpenAlways(assumption=assumption):
                    self.assume(f"opening hours of {subject}", assumption)
                    always = True
                    spans.append((WeeklyInterval(0, 0, 0, 0), item.span))
                case ast.OpenCustomerDays(start=start, end=end, assumption=assumption):
                    self.assume(f"opening hours of {subject}", assumption)
                    if end <= start:
                        self.error("SLA104", "the customer's working day must end after it starts", item.span,
                                   help="write it as `open customer working days 09:00-17:00`")
                        continue
                    customer_hours = (start, end)
                    customer_week = [WeeklyInterval(day, start, day, end) for day in range(5)]
                    weekly += customer_week
                    spans += [(interval, item.span) for interval in customer_week]
                case ast.OpenOnDate(day=day, start=start, end=end, assumption=assumption):
                    self.assume(f"extra opening of {subject}", assumption)
                    if end <= start:
                        self.error("SLA104", "an extra opening must end after it starts, on the same date", item.span,
                                   help="write it as `open on 2025-12-27 09:00-12:00`")
                        continue
                    extra.append(ExtraOpening(day, start, end))
                    spans.append((extra[-1], item.span))
                case ast.ClosedHolidays(country=country, subdivision=subdivision, categories=categories, assumption=assumption):
                    self.assume(f"holidays of {subject}", assumption)
                    if country is None:
                        customer_holidays = True
                        continue
                    try:
                        holidays.append(HolidaySource(country, subdivision, tuple(categories)))
                        spans.append((holidays[-1], item.span))
                    except CalendarError as error:
                        self.error("SLA104", f"{subject}: {error}", item.span,
                                   help="use an ISO 3166 country code (and subdivision) known to the `holidays` package, such as `CZ` or `US subdivision NY`")
                case ast.ClosedOnDate(day=day, start=start, end=end, assumption=assumption):
                    self.assume(f"closed date of {subject}", assumption)
                    if start is None:
                        closed.append(day)
                        spans.append((day, item.span))
                    else:
                        stop = 1440 if end is None else end
                        if stop <= start:
                            self.error("SLA104", "a partial closure must end after it starts", item.span,
                                       help="write it as `closed on 2025-12-24 from 12:00` or `from 12:00-17:00`")
                            continue
                        partial.append(PartialClosure(day, start, stop))
                        spans.append((partial[-1], item.span))
                case ast.ClosedYearly(month=month, day=day, start=start, end=end, assumption=assumption):
                    self.assume(f"yearly closure of {subject}", assumption)
                    first, stop = start or 0, 1440 if end is None else end
                    if stop <= first:
                        self.error("SLA104", "a partial closure must end after it starts", item.span,
                                   help="write it as `closed on dec 31 from 12:00` or `from 12:00-17:00`")
                        continue
                    yearly.append(YearlyClosure(month, day, first, stop))
                    spans.append((yearly[-1], item.span))
        if customer_hours is not None and (always or len(weekly) > len(customer_week)):
            self.error("SLA104", f"{subject} opens on the customer's working days and also on fixed days", decl.span,
                       help="keep `open customer working days …` alone (the customer's country decides the days), "
                       "or write the days yourself with `open mon-fri …` and no customer working days")
        if always:
            weekly = [WeeklyInterval(0, 0, 0, 0)]
        if len(zones) > 1:
            self.error("SLA101", f"{subject} has two time zones", zones[1].span,
                       help="keep one `timezone` line; a calendar in two zones is two calendars",
                       related=(Related(zones[0].span, "the first time zone"),))
        timezone: str | None
        if zones:
            timezone = zones[0].zone
        elif always:
            timezone = "UTC"
        else:
            self.error("SLA103", f"{subject} has no time zone", decl.span,
                       help="add `timezone Europe/Prague` (an IANA name) or `timezone local` for the customer's zone")
            return None
        if not weekly and not extra:
            self.error("SLA103", f"{subject} is never open", decl.span,
                       help="add opening hours such as `open mon-fri 08:00-17:00` or `open 24x7`")
            return None
        calendar = m.Calendar(
            name=decl.name,
            title=decl.title or decl.name.replace("_", " ").capitalize(),
            timezone=timezone,
            weekly=tuple(weekly),
            always_open=always,
            holidays=tuple(holidays),
            customer_holidays=customer_holidays,
            customer_working_hours=customer_hours,
            customer_week=tuple(customer_week),
            closed_dates=tuple(closed),
            partial_closures=tuple(partial),
            extra_openings=tuple(extra),
            yearly_closures=tuple(yearly),
            span=decl.span,
            item_spans=tuple(spans),
        )
        try:
            calendar.runtime()
        except CalendarError as error:
            span = next((z.span for z in zones), decl.span)
            text = str(error)
            help = "use an IANA time zone name such as `Europe/Prague`, or `timezone local` for the customer's zone"
            if "country" in text or "subdivision" in text or "categor" in text:
                span = next((i.span for i in decl.items if isinstance(i, ast.ClosedHolidays)), span)
                help = "use an ISO 3166 country code known to the `holidays` package, such as `CZ` or `US subdivision NY`"
            elif "open" in text and "zone" not in text:
                span = decl.span
                help = "give the calendar opening hours, such as `open mon-fri 08:00-17:00`"
            self.error("SLA104", f"{subject}: {text}", span, help=help)
            return None
        return calendar

    # ------------------------------------------------------------------ targets

    def resolve_statuses(self, statuses: Sequence[ast.StatusDecl]) -> dict[str, m.Status]:
        self.unique([(s.name, s.span) for s in statuses], "status")
        resolved: dict[str, m.Status] = {}
        for decl in statuses:
            if decl.name in resolved:
                continue
            self.assume(f"status `{decl.name}`", decl.assumption)
            title = decl.title or decl.name.replace("_", " ").capitalize()
            resolved[decl.name] = m.Status(decl.name, title, decl.solved, span=decl.span)
        return resolved

    def status_ref(self, name: str, span: Span) -> None:
        if name not in self.statuses:
            if not self.statuses:
                self.error("SLA102", f"unknown status `{name}`: the policy declares no statuses",
                           self.word_span(name, span),
                           help='declare the ticket\'s statuses first, one per line, such as `status open "Open"` '
                           'and `status solved "Solved" is solved`')
            else:
                self.unknown(name, list(self.statuses), "status", span, plural="statuses")

    def resolve_targets(self, targets: Sequence[ast.Target]) -> dict[str, m.Target]:
        self.unique([(t.name, t.span) for t in targets], "target")
        resolved: dict[str, m.Target] = {}
        for decl in targets:
            if decl.name in resolved:
                continue
            title = decl.title or decl.name.replace("_", " ").capitalize()
            if decl.start is not None:
                self.assume(f"start of target `{decl.name}`", decl.assumption)
                starts, stops = m.SHORTHAND_CLOCKS[decl.start]
                written = self.shorthand_span(decl)
                starts = tuple(replace(start, span=written) for start in starts)
                stops = tuple(replace(stop, span=written) for stop in stops)
                resolved[decl.name] = m.Target(decl.name, title, decl.start, starts=starts, stops=stops, span=decl.span)
            else:
                resolved[decl.name] = self.resolve_clock(decl, title)
        return resolved

    def shorthand_span(self, decl: ast.Target) -> Span:
        """Where `from opened` (`from last agent reply`, `from last customer reply`) is written:
        the start and stop of a shorthand clock point there."""
        if not 1 <= decl.span.line <= len(self.lines):
            return decl.span
        found = re.search(r"\bfrom\s+(?:opened|last\s+agent\s+reply|last\s+customer\s+reply)\b",
                          self.lines[decl.span.line - 1])
        if found is None:
            return decl.span
        return Span(decl.span.path, decl.span.line, found.start() + 1, decl.span.line, found.end() + 1)

    def resolve_clock(self, decl: ast.Target, title: str) -> m.Target:
        """A target written with a clock body: one `starts` and one `stops` line, and optionally
        `paused while`, what a reopen does and what a level change does, each at most once."""
        seen: dict[type, ast.ClockItem] = {}
        words = {ast.ClockStarts: "`starts` lines", ast.ClockStops: "`stops` lines",
                 ast.ClockPaused: "`paused while` lines", ast.ClockReopen: "lines on a reopen",
                 ast.ClockLevelChange: "lines on a level change"}
        for item in decl.items:
            if type(item) in seen:
                self.error("SLA106", f"target `{decl.name}` has two {words[type(item)]}", item.span,
                           help="keep one such line per target; join alternatives with `or`",
                           related=(Related(seen[type(item)].span, "first said here"),))
            else:
                seen[type(item)] = item
        starts_item = seen.get(ast.ClockStarts)
        stops_item = seen.get(ast.ClockStops)
        if starts_item is None:
            self.error("SLA103", f"target `{decl.name}` does not say when its clock starts", decl.span,
                       help="add a line such as `    starts when the ticket is opened` or `    starts at each customer message`")
        if stops_item is None:
            self.error("SLA103", f"target `{decl.name}` does not say when its clock stops", decl.span,
                       help="add a line such as `    stops at the first agent reply` or `    stops when the ticket is solved`")
        starts: list[m.ClockStart] = []
        unless_solved = False
        if isinstance(starts_item, ast.ClockStarts):
            unless_solved = starts_item.unless_solved
            self.assume(f"start of target `{decl.name}`", starts_item.assumption)
            for phrase in starts_item.phrases:
                if phrase.status is not None:
                    self.status_ref(phrase.status, phrase.span)
                starts.append(m.ClockStart(phrase.event, phrase.first, phrase.status, span=phrase.span))
            kinds = {phrase.first for phrase in starts_item.phrases if phrase.event != "opened"}
            if len(kinds) > 1:
                self.error("SLA104", f"target `{decl.name}` starts both at the first and at each event",
                           starts_item.span,
                           help="a target either runs once (`the first …`, `when the ticket is opened`) or starts "
                           "again at each event (`each …`): choose one")
        stops: list[m.ClockStop] = []
        if isinstance(stops_item, ast.ClockStops):
            self.assume(f"stop of target `{decl.name}`", stops_item.assumption)
            for stop in stops_item.phrases:
                if stop.status is not None:
                    self.status_ref(stop.status, stop.span)
                stops.append(m.ClockStop(stop.event, stop.status, span=stop.span))
        paused: tuple[str, ...] = ()
        paused_item = seen.get(ast.ClockPaused)
        if isinstance(paused_item, ast.ClockPaused):
            self.assume(f"pauses of target `{decl.name}`", paused_item.assumption)
            for name in paused_item.statuses:
                self.status_ref(name, paused_item.span)
            paused = tuple(dict.fromkeys(paused_item.statuses))
        on_reopen = "none"
        reopen_item = seen.get(ast.ClockReopen)
        if isinstance(reopen_item, ast.ClockReopen):
            self.assume(f"reopen of target `{decl.name}`", reopen_item.assumption)
            on_reopen = reopen_item.effect
        on_level_change = "keep"
        level_item = seen.get(ast.ClockLevelChange)
        if isinstance(level_item, ast.ClockLevelChange):
            self.assume(f"level change of target `{decl.name}`", level_item.assumption)
            on_level_change = level_item.effect
        return m.Target(
            decl.name,
            title,
            None,
            starts=tuple(starts),
            stops=tuple(stops),
            unless_solved=unless_solved,
            paused=paused,
            on_reopen=on_reopen,  # type: ignore[arg-type]
            on_level_change=on_level_change,  # type: ignore[arg-type]
            level_change_stated=level_item is not None,
            span=decl.span,
            paused_span=paused_item.span if isinstance(paused_item, ast.ClockPaused) else decl.span,
        )

    # ------------------------------------------------------------------ plans

    def resolve_plans(self, plans: Sequence[ast.Plan], tables: Sequence[ast.TargetsTable]) -> list[m.Plan]:
        self.unique([(p.name, p.span) for p in plans], "plan")
        declared = {}
        for plan in plans:
            declared.setdefault(plan.name, plan)
        plan_names = list(declared)
        target_names = list(self.targets)

        # (plan, level, target) -> (cell AST, where it was written)
        written: dict[tuple[str, str, str], tuple[ast.Cell | None, Span]] = {}

        def record(plan: str, level: str, target: str, cell: ast.Cell | None, span: Span) -> None:
            key = (plan, level, target)
            if key in written:
                previous_span = written[key][1]
                self.error("SLA106", f"the {target} target of plan `{plan}` at level `{level}` is given twice",
                           span, help="keep one of the two cells",
                           related=(Related(previous_span, "first given here"),))
                return
            written[key] = (cell, span)

        def read_table(table: ast.Table, columns_are: str, fixed: str) -> None:
            scale_header, *columns = table.header
            if self.scale.implicit:
                self.error("SLA103", f"this table has a row per `{scale_header}`, but the policy declares no levels",
                           table.span, help=f"declare `scale {scale_header}` with its levels, or give one line per "
                           "target in the plan, such as `initial_response 4 business hours`")
                return
            if scale_header != self.scale.name:
                self.error("SLA102", f"the first column of this table is `{scale_header}`, but the scale is `{self.scale.name}`",
                           table.span, help=f"head the first column `{self.scale.name}`")
            known = plan_names if columns_are == "plan" else target_names
            valid_columns = []
            for column in columns:
                if column not in known:
                    self.unknown(column, known, columns_are, table.span)
                valid_columns.append(column in known)
            seen_levels: dict[str, Span] = {}
            for row in table.rows:
                if row.level not in self.scale.names:
                    self.unknown(row.level, self.scale.names, "level", row.span)
                    continue
                if row.level in seen_levels:
                    self.error("SLA106", f"level `{row.level}` has two rows in this table", row.span,
                               help="keep one row per level: merge the two rows or delete one",
                               related=(Related(seen_levels[row.level], "first row"),))
                    continue
                seen_levels[row.level] = row.span
                if len(row.cells) != len(columns):
                    self.error("SLA105", f"this row has {len(row.cells)} cells but the table has {len(columns)} columns",
                               row.span, help="give one cell per column, separated by `|`; leave a cell blank for a missing target")
                for column, ok, cell, written in zip(
                    columns, valid_columns, row.cells, self.cell_spans(row.span, len(row.cells))
                ):
                    if not ok:
                        continue
                    span = cell.span if cell is not None else written
                    if columns_are == "plan":
                        record(column, row.level, fixed, cell, span)
                    else:
                        record(fixed, row.level, column, cell, span)

        for plan in declared.values():
            for item in plan.items:
                if isinstance(item, ast.PlanTargets):
                    read_table(item.table, "target", plan.name)
                elif isinstance(item, ast.PlanCell):
                    if item.target not in self.targets:
                        self.unknown(item.target, target_names, "target", item.span)
                        continue
                    for level in self.scale.names:  # one cell for every level
                        record(plan.name, level, item.target, item.cell, item.cell.span)
        for table in tables:
            if table.target not in self.targets:
                self.unknown(table.target, target_names, "target", table.span)
                continue
            read_table(table.table, "plan", table.target)
            if table.title is not None:
                self.targets[table.target] = replace(self.targets[table.target], table_title=table.title)

        resolved: dict[str, m.Plan] = {}
        aliases: dict[str, tuple[str, Span]] = {}
        for plan in declared.values():
            resolved[plan.name] = self.resolve_plan(plan, written)
            same = [i for i in plan.items if isinstance(i, ast.SameAs)]
            if same:
                aliases[plan.name] = (same[0].plan, same[0].span)
        for name, (other, span) in aliases.items():
            if other not in resolved:
                self.unknown(other, plan_names, "plan", span)
                continue
            if other == name:
                self.error("SLA107", f"plan `{name}` is said to be the same as itself", span,
                           help="name another plan after `same as`")
                continue
            chain = [name, other]
            while chain[-1] in aliases:
                chain.append(aliases[chain[-1]][0])
                if chain[-1] in chain[:-1]:
                    self.error("SLA107", "these plans are each other's aliases: " + " → ".join(chain), span,
                               help="make one of them a plan with its own targets")
                    break
            else:
                base = resolved[chain[-1]]
                own = resolved[name]
                if any(not (isinstance(c, m.NoTarget) and c.kind == "undefined") for _, c in own.cells):
                    self.error("SLA107", f"plan `{name}` is the same as `{other}` but also has targets of its own", span,
                               help="remove its targets or the `same as` line")
                resolved[name] = m.Plan(
                    name=own.name, title=own.title,
                    channels=own.channels or base.channels,
                    channel_conditions=own.channel_conditions if own.channels else base.channel_conditions,
                    hours=own.hours or base.hours,
                    extras=own.extras or base.extras,
                    notes=own.notes,
                    counts_in_support_hours=base.counts_in_support_hours,
                    cells=base.cells, same_as=chain[-1], all_targets=base.all_targets, span=own.span,
                )
        for plan in declared.values():
            self.check_add_on(plan, resolved)
        return list(resolved.values())

    def check_add_on(self, plan: ast.Plan, resolved: dict[str, m.Plan]) -> None:
        """An add-on is bought on plans of their own (not on itself or another add-on), is not
        also an alias, and counts business time on its own hours or on every base plan's."""
        add_on = resolved[plan.name]
        item = next((i for i in plan.items if isinstance(i, ast.AddOnTo)), None)
        if item is None:
            return
        if add_on.same_as is not None:
            self.error("SLA107", f"plan `{plan.name}` is an alias (`same as`) and an add-on", item.span,
                       help="keep the `same as` line or the `add-on to` line")
            return
        for base in add_on.add_on_to:
            if base not in resolved:
                self.unknown(base, [p for p in resolved if p != plan.name], "plan", item.span)
            elif base == plan.name:
                self.error("SLA107", f"plan `{plan.name}` is said to be an add-on to itself", item.span,
                           help="name the plans a customer must already have")
            elif resolved[base].add_on_to:
                self.error("SLA107", f"plan `{base}` is itself an add-on, so plan `{plan.name}` cannot build on it",
                           item.span, help=f"name the plans `{base}` is an add-on to instead")
            elif not add_on.hours and not resolved[base].hours:
                business = next((c for _, c in add_on.cells if isinstance(c, m.Timed) and c.clock == "business"), None)
                if business is not None:
                    self.error("SLA108", f"add-on `{plan.name}` and its base plan `{base}` have no support hours, so "
                               f"`{business.text}` cannot count business time", business.span,
                               help=f"add `hours <calendar>` to plan `{plan.name}`, or write the duration on the wall clock")

    def resolve_plan(self, plan: ast.Plan, written: dict[tuple[str, str, str], tuple[ast.Cell | None, Span]]) -> m.Plan:
        hours: list[m.HoursChoice] = []
        broken_hours = False
        counts: bool | None = None
        all_targets: m.NoTarget | None = None
        channels: tuple[str, ...] = ()
        extras: list[m.Extra] = []
        notes: list[str] = []
        add_on_to: tuple[str, ...] = ()
        channel_conditions: list[tuple[str, m.Condition]] = []
        for item in plan.items:
            match item:
                case ast.AddOnTo(plans=bases, assumption=assumption):
                    self.assume(f"the plans `{plan.name}` is an add-on to", assumption)
                    add_on_to += bases
                case ast.Channels(names=names, condition=condition):
                    channels += names
                    if condition is not None:
                        resolved_condition = self.resolve_condition(condition)
                        channel_conditions += [(name, resolved_condition) for name in names]
                case ast.Hours(calendar=calendar, condition=condition, assumption=assumption):
                    self.assume(f"support hours of plan `{plan.name}`", assumption)
                    if calendar in self.broken_calendars:
                        broken_hours = True
                        continue
                    if calendar not in self.calendars:
                        self.unknown(calendar, list(self.calendars), "calendar", item.span)
                        broken_hours = True  # reported here: SLA108 on every business-time cell would only repeat it
                        continue
                    hours.append(m.HoursChoice(calendar, self.resolve_condition(condition) if condition else None, span=item.span))
                case ast.Extra(name=name, text=text, condition=condition):
                    resolved_extra = None if condition is None else self.resolve_condition(condition)
                    extras.append(m.Extra(name, text, span=item.span, condition=resolved_extra))
                case ast.Note(text=text):
                    notes.append(text)
                case ast.CountTargets(in_support_hours=in_hours, assumption=assumption):
                    self.assume(f"which hours the targets of plan `{plan.name}` count", assumption)
                    counts = in_hours
                case ast.AllTargets(cell=cell, assumption=assumption):
                    self.assume(f"targets of plan `{plan.name}`", assumption)
                    all_targets = m.NoTarget("n/a" if isinstance(cell, ast.NotApplicable) else "best_effort", span=item.span)
        # Hours lines are tried in order; a last line without `when` is the fallback.
        unconditional = [h for h in hours if h.condition is None]
        if len(unconditional) > 1:
            self.error("SLA107", f"plan `{plan.name}` has {len(unconditional)} hours lines without a `when` condition; "
                       "only one, the last, can be the fallback",
                       unconditional[0].span, help=f"give `hours {unconditional[0].calendar}` a `when` condition, such as "
                       "`when region is north_america`, or remove it; the last line without `when` applies to every other ticket",
                       related=tuple(Related(h.span, "another hours line without `when`") for h in unconditional[1:]))
        elif unconditional and unconditional[0] is not hours[-1]:
            self.error("SLA107", f"plan `{plan.name}`: `hours {unconditional[0].calendar}` has no `when` condition but is "
                       "not the last hours line, so the lines after it can never apply",
                       unconditional[0].span, help=f"move `hours {unconditional[0].calendar}` after the other hours lines "
                       "(lines are tried in order and the last one without `when` is the fallback), or give it a `when` condition")
        cells: list[tuple[tuple[str, str], m.Cell]] = []
        for level in self.scale.names:
            for target in self.targets:
                entry = written.get((plan.name, level, target))
                if all_targets is not None:
                    if entry is not None and entry[0] is not None:
                        self.error("SLA107", f"plan `{plan.name}` says all its targets are {all_targets.kind.replace('_', ' ')}, but this cell gives one",
                                   entry[1], help="remove the cell or the `all targets` line")
                    cells.append(((level, target), m.NoTarget(all_targets.kind, span=all_targets.span)))
                    continue
                if entry is None or entry[0] is None:
                    span = entry[1] if entry is not None else plan.span
                    cells.append(((level, target), m.NoTarget("undefined", span=span)))
                    continue
                # an add-on without hours counts on its base plan's, checked once the bases are known
                has_hours = bool(hours) or broken_hours or bool(add_on_to)
                cells.append(((level, target), self.resolve_cell(entry[0], plan.name, level, target, counts, has_hours)))
        return m.Plan(
            name=plan.name,
            title=plan.title or plan.name.capitalize(),
            channels=tuple(dict.fromkeys(channels)),
            hours=tuple(hours),
            extras=tuple(extras),
            notes=tuple(notes),
            counts_in_support_hours=counts,
            cells=tuple(cells),
            all_targets=all_targets,
            span=plan.span,
            add_on_to=tuple(dict.fromkeys(add_on_to)),
            channel_conditions=tuple(
                (name, condition) for name, condition in channel_conditions
                if not any(isinstance(i, ast.Channels) and i.condition is None and name in i.names for i in plan.items)
            ),
        )

    def resolve_cell(self, cell: ast.Cell, plan: str, level: str, target: str, counts: bool | None, has_hours: bool,
                     override: str | None = None) -> m.Cell:
        """A cell of `plan` at `level`, or of `override` (for every plan) when one is named."""
        where = f"of override `{override}`" if override is not None else f"of plan `{plan}` at level `{level}`"
        self.assume(f"{target} {where}", cell.assumption)
        if isinstance(cell, ast.NotApplicable):
            return m.NoTarget("n/a", span=cell.span)
        if isinstance(cell, ast.BestEffort):
            return m.NoTarget("best_effort", span=cell.span)
        deadline = cell.deadline
        for duration in (deadline, cell.outside_hours):
            if duration is not None and _too_long(duration):
                self.error("SLA104", f"`{cell_text(cell, with_assumption=False)}` is longer than any support target can be",
                           cell.span, help=f"targets are limited to {MAX_TARGET_YEARS} years; check the number and the unit")
                return m.NoTarget("undefined", span=cell.span)
        due, clock, reason = self.quantity(deadline.high if isinstance(deadline, ast.Range) else deadline.amount,
                                           deadline.unit, deadline.around_the_clock, counts)
        earliest = None
        if isinstance(deadline, ast.Range):
            earliest, _, _ = self.quantity(deadline.low, deadline.unit, deadline.around_the_clock, counts)
        outside = None
        if cell.outside_hours is not None:
            o = cell.outside_hours
            if o.unit not in ("minutes", "hours", "days", "weeks"):
                self.error("SLA104", "the out-of-hours alternative is a fixed time on the wall clock; it cannot be in "
                           + o.unit.replace("_", " "), o.span, help="write it as `8 hours outside business hours`")
            outside, _, _ = self.quantity(o.amount, o.unit, True, counts)
            if deadline.unit in ("weeks", "months"):
                self.error("SLA104", f"`{cell_text(cell, with_assumption=False)}`: weeks and months run on the calendar "
                           "whenever the ticket arrives, so an out-of-hours alternative changes nothing", o.span,
                           help="remove `; … outside business hours`, or give the main duration in business time")
        if clock == "business" and not has_hours and override is not None:
            self.error("SLA108", f"override `{override}` has no support hours and plan `{plan}` has none either, so "
                       f"`{cell_text(cell)}` cannot count business time", cell.span,
                       help=f"add `hours <calendar>` to override `{override}`, or write the duration on the wall clock")
        elif clock == "business" and not has_hours:
            self.error("SLA108", f"plan `{plan}` has no support hours, so `{cell_text(cell)}` cannot count business time",
                       cell.span, help=f"add `hours <calendar>` to plan `{plan}`, or write the duration on the wall clock")
        return m.Timed(due=due, clock=clock, clock_reason=reason, text=cell_text(cell, with_assumption=False),
                       earliest=earliest, outside_hours=outside, strict=cell.strict is not None, span=cell.span)

    def resolve_override(self, override: ast.Override, plans: Sequence[m.Plan]) -> m.Override:
        """An override's cells for every plan: a cell in business time needs the override's
        `hours`, or support hours on every plan (SLA108 names a plan without)."""
        condition = self.resolve_condition(override.condition)
        hours: str | None = None
        cells: dict[str, m.Cell] = {}
        for item in override.items:
            match item:
                case ast.OverrideHours(calendar=calendar, assumption=assumption):
                    self.assume(f"support hours of override `{override.name}`", assumption)
                    if hours is not None:
                        self.error("SLA107", f"override `{override.name}` gives its support hours twice", item.span,
                                   help="keep one `hours` line")
                    elif calendar in self.calendars:
                        hours = calendar
                    elif calendar not in self.broken_calendars:
                        self.unknown(calendar, list(self.calendars), "calendar", item.span)
        plan_without_hours = next((plan.name for plan in plans if not plan.hours and plan.all_targets is None), None)
        for item in override.items:
            if not isinstance(item, ast.OverrideCell):
                continue
            if item.target not in self.targets:
                self.unknown(item.target, list(self.targets), "target", item.span)
                continue
            if item.target in cells:
                self.error("SLA107", f"override `{override.name}` gives target `{item.target}` twice", item.span,
                           help="keep one line per target")
                continue
            has_hours = hours is not None or plan_without_hours is None
            cells[item.target] = self.resolve_cell(item.cell, plan_without_hours or "", "", item.target, None, has_hours,
                                                   override=override.name)
        if not cells:
            self.error("SLA107", f"override `{override.name}` gives no target", override.span,
                       help="add a line per target it sets, such as `initial_response 8 business hours`")
        return m.Override(override.name, override.title or override.name.replace("_", " "), condition, hours,
                          tuple(cells.items()), span=override.span)

    @staticmethod
    def quantity(amount: int, unit: str, marked_wall: bool, counts: bool | None) -> tuple[m.Quantity, m.Clock, m.ClockReason]:
        if unit == "business_days":
            return m.Quantity(business_days=amount), "business", "unit"
        if unit == "support_days":
            return m.Quantity(support_days=amount), "business", "unit"
        if unit == "months":  # calendar months, never support hours
            return m.Quantity(months=amount), "wall", "unit"
        q = m.Quantity(minutes=amount * MINUTES_PER_UNIT[unit])
        if unit == "weeks":  # a week of the calendar, never support hours
            return q, "wall", "unit"
        if unit.startswith("business"):
            return q, "business", "unit"
        if marked_wall:
            return q, "wall", "marked"
        if counts is None:
            return q, "wall", "default"
        return q, ("business" if counts else "wall"), "plan"

    # ------------------------------------------------------------------ rules

    def resolve_condition(self, condition: ast.Condition) -> m.Condition:
        return m.Condition(self.resolve_expression(condition.expression), span=condition.span)

    def resolve_expression(self, expression: ast.Expression) -> m.Expression:
        """The expression with each clause's subject bound to the level or a field."""
        if isinstance(expression, ast.Not):
            return m.Not(self.resolve_expression(expression.operand))
        if isinstance(expression, ast.AllOf):
            return m.AllOf(tuple(self.resolve_expression(o) for o in expression.operands))
        if isinstance(expression, ast.AnyOf):
            return m.AnyOf(tuple(self.resolve_expression(o) for o in expression.operands))
        return self.resolve_clause(expression)

    def resolve_clause(self, clause: ast.Clause) -> m.Clause:
        """The clause with its subject bound; unknown subjects and values are reported."""
        if clause.subject == self.scale.name:
            for value in clause.values:
                if value not in self.scale.names:
                    self.unknown(value, self.scale.names, "level", clause.span)
            kind = "level"
        elif clause.subject in self.fields:
            for value in clause.values:
                self.value_ref(clause.subject, value, clause.span)
            kind = "field"
        else:
            self.unknown(clause.subject, [self.scale.name, *self.fields], "field", clause.span)
            kind = "field"
        return m.Clause(clause.subject, kind, clause.operator, clause.values, span=clause.span)  # type: ignore[arg-type]

    def resolve_rule(self, rule: ast.Rule) -> m.Rule:
        condition = self.resolve_condition(rule.condition)
        action: m.SetLevel | m.Exclude
        if isinstance(rule.action, ast.SetLevel):
            self.level_ref(rule.action.scale, rule.action.level, rule.action.span)
            action = m.SetLevel(rule.action.level)
        else:
            action = m.Exclude()
        self.assume(f"rule `{rule.name}`", rule.assumption)
        discretionary = isinstance(rule.action, ast.SetLevel) and rule.action.discretionary
        return m.Rule(rule.name, rule.title or rule.name.replace("_", " "), condition, action, span=rule.span,
                      discretionary=discretionary)

    def resolve_restriction(self, restriction: ast.Restriction) -> m.Restriction:
        line = restriction.condition.span.line
        levels_line = Span(restriction.span.path, line, 1, line, 1) if line else restriction.span
        for level in restriction.levels:
            self.level_ref(restriction.scale, level, levels_line)
        return m.Restriction(
            restriction.name,
            restriction.title or restriction.name.replace("_", " "),
            restriction.levels,
            self.resolve_condition(restriction.condition),
            span=restriction.span,
        )

    def resolve_default(self, default: ast.DefaultLevel) -> m.DefaultLevel:
        self.level_ref(default.scale, default.level, default.span)
        self.assume("default level", default.assumption)
        return m.DefaultLevel(default.level, span=default.span)

    def resolve_intake(self, intake: ast.Intake) -> m.Intake:
        via: tuple[str, ...] = ()
        quoting = None
        outcome = None
        for item in intake.items:
            match item:
                case ast.IntakeVia(channels=channels):
                    via += channels
                case ast.IntakeQuoting(text=text):
                    quoting = text
                case ast.IntakeJoinsCase():
                    outcome = "joins_quoted_case"
                case ast.IntakeNoCase():
                    outcome = "no_case"
        return m.Intake(intake.name, intake.title or intake.name.replace("_", " "), via, quoting, outcome, span=intake.span)  # type: ignore[arg-type]


def _too_long(duration: ast.Duration | ast.Range) -> bool:
    """More than MAX_TARGET_YEARS of time, counting a business day as a whole day."""
    amount = duration.high if isinstance(duration, ast.Range) else duration.amount
    minutes = amount * (LONGEST_MINUTES.get(duration.unit) or MINUTES_PER_UNIT[duration.unit])
    return minutes > MAX_TARGET_YEARS * 366 * 1440


def _expand_days(days: tuple[ast.DayRange, ...] | None) -> list[int]:
    if days is None:
        return list(range(7))
    result: list[int] = []
    for day_range in days:
        if day_range.last is None:
            result.append(day_range.first)
            continue
        day = day_range.first
        while True:
            result.append(day)
            if day == day_range.last:
                break
            day = (day + 1) % 7
    return result
