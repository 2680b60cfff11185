"""Resolution of worked examples: an `example` block of a policy → `m.Example`, its ticket
(snapshot inputs or a history's events), `now` and expectations, with every name bound and
every instant made an ISO 8601 instant with its UTC offset (SLA1xx diagnostics otherwise).

A job of its own beside resolving the policy (`slac.model.resolve`), which it needs resolved
first: the plans, the scale, fields, statuses and targets an example names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from slac.diagnostics import Related
from slac.model import types as m
from slac.model.example_clocks import cycles_running, example_triggers
from slac.runtime import CalendarError
from slac.runtime import Calendar as RuntimeCalendar
from slac.runtime.inputs import APPLIED_RULES, FIRST_YEAR, LAST_YEAR
from slac.runtime.zones import load_zone
from slac.syntax import ast
from slac.syntax.span import Span

MINUTES_PER_UNIT = {
    "minutes": 1, "hours": 60, "days": 1440, "weeks": 7 * 1440, "business_minutes": 1, "business_hours": 60,
}
"""The units of a fixed length, in minutes: what a policy's durations and an example's
elapsed and paused times are written in."""
NOW_DEPENDENT_STATUSES = frozenset({"due", "breached", "paused"})
"""The statuses a target has depending on when it is evaluated, which an example can only
expect at a stated `now`."""
ISO_INSTANT = re.compile(r"(\d{4}-\d{2}-\d{2})T(\d{1,2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})")


class ExampleResolution:
    """The resolver's work on worked examples, mixed into `slac.model.resolve._Resolver`, whose
    resolved policy parts and reporting methods it uses (declared here for readers and type
    checkers)."""

    document: ast.Document
    scale: m.Scale
    fields: dict[str, m.Field]
    statuses: dict[str, m.Status]
    targets: dict[str, m.Target]

    if TYPE_CHECKING:

        def error(
            self, code: str, message: str, span: Span, help: str | None = None, related: tuple[Related, ...] = ()
        ) -> None: ...

        def unknown(self, name: str, known: Sequence[str], what: str, span: Span, plural: str | None = None) -> None: ...

        def word_span(self, word: str, span: Span) -> Span: ...

        def level_ref(self, scale_name: str, level: str, span: Span) -> bool: ...

        def value_ref(self, field_name: str, value: str, span: Span) -> None: ...

        def status_ref(self, name: str, span: Span) -> None: ...

    def resolve_example(self, example: ast.Example, plans: Sequence[m.Plan]) -> m.Example:
        plan_names = [p.name for p in plans]
        ticket: dict[str, object] = {}
        events: list[tuple[ast.TicketEvent, dict[str, object]]] | None = None
        now: str | None = None
        expectations: list[m.Expectation] = []
        time_keys = {"opened": "opened_at", "agent_replied": "last_agent_reply_at",
                     "customer_replied": "last_customer_reply_at", "responded": "responded_at"}
        for item in example.items:
            match item:
                case ast.ExamplePlan(plan=plan, base=base):
                    if plan not in plan_names:
                        self.unknown(plan, plan_names, "plan", item.span)
                    ticket["plan"] = plan
                    if base is not None:
                        if base not in plan_names:
                            self.unknown(base, plan_names, "plan", item.span)
                        ticket["base_plan"] = base
                    self.example_base_plan(item, {p.name: p.add_on_to for p in plans})
                case ast.ExampleInput(name=name, value=value):
                    if name == self.scale.name:
                        self.level_ref(name, value, item.span)
                    elif name in self.fields:
                        self.value_ref(name, value, item.span)
                    else:
                        self.unknown(name, [self.scale.name, *self.fields], "field", item.span)
                    ticket[name] = value
                case ast.ExampleMissing(name=name):
                    if name != self.scale.name and name not in self.fields:
                        self.unknown(name, [self.scale.name, *self.fields], "field", item.span)
                    ticket[name] = None
                case ast.ExampleTime(kind=kind, instant=instant):
                    iso = self.instant(instant)
                    if kind == "now":
                        now = iso
                    else:
                        ticket[time_keys[kind]] = iso
                case ast.ExampleTimezone(zone=zone):
                    self.zone_ref(zone, item.span)
                    ticket["timezone"] = zone
                case ast.ExampleCountry(code=code):
                    ticket["country"] = code
                case ast.ExampleSubdivision(code=code):
                    ticket["subdivision"] = code
                case ast.ExampleApplied(rule=rule):
                    self.applied_rule(rule, item.span)
                    applied = ticket.setdefault(APPLIED_RULES, [])
                    assert isinstance(applied, list)
                    applied.append(rule)
                case ast.ExpectLevel(scale=scale, level=level) if scale in self.targets:
                    self.error("SLA102", f"unknown outcome `{level}` of target `{scale}`", self.word_span(level, item.span),
                               help=f"write `expect {scale} due <instant>`, or one of the outcomes "
                               "met, breached, due, n/a, best effort, excluded, undefined")
                case ast.ExpectLevel(scale=scale, level=level):
                    self.level_ref(scale, level, item.span)
                    expectations.append(m.Expectation("level", scale, level, span=item.span))
                case ast.ExpectDue(target=target, instant=instant):
                    if target not in self.targets:
                        self.unknown(target, list(self.targets), "target", item.span)
                    expectations.append(m.Expectation("due", target, self.instant(instant), span=item.span))
                case ast.ExpectStatus(target=target, status=status):
                    if target not in self.targets:
                        self.unknown(target, list(self.targets), "target", item.span)
                    expectations.append(m.Expectation("status", target, status, span=item.span))
                case ast.ExpectTrace(rule=rule):
                    named = [b.name for b in self.document.blocks if isinstance(b, (ast.Rule, ast.Restriction, ast.Override))]
                    if any(isinstance(b, ast.DefaultLevel) for b in self.document.blocks):
                        named.append("default")  # the default level's step
                    if rule not in named:
                        self.unknown(rule, named, "rule", item.span, plural="rules, restrictions and overrides")
                    expectations.append(m.Expectation("trace", "trace", rule, span=item.span))
                case ast.ExpectCycleCount(target=target, count=count):
                    if target not in self.targets:
                        self.unknown(target, list(self.targets), "target", item.span)
                    expectations.append(m.Expectation("cycles", target, str(count), span=item.span))
                case ast.ExpectCycle(target=target, number=number):
                    if target not in self.targets:
                        self.unknown(target, list(self.targets), "target", item.span)
                    if number < 1:
                        self.error("SLA104", "cycles are numbered from 1", item.span,
                                   help=f"write `expect {target} cycle 1 …` for the first cycle")
                    expectation = self.cycle_expectation(item)
                    if expectation is not None:
                        expectations.append(expectation)
                case ast.ExampleEvents():
                    if events is not None:
                        self.error("SLA106", f"example `{example.name}` has two `events` lists", item.span,
                                   help="keep one `events` list with every event in time order")
                    events = self.example_events(item)
        if "plan" not in ticket:
            self.error("SLA103", f"example `{example.name}` has no plan", example.span,
                       help="add a line such as `plan premium`")
        if events is not None:
            resolved = self.history_example(example, ticket, events, now, expectations)
        else:
            if "opened_at" not in ticket:
                self.error("SLA103", f"example `{example.name}` has no opening time", example.span,
                           help="add a line such as `opened 2025-03-07 16:30 Europe/Prague`")
            resolved = m.Example(example.name, example.title or example.name.replace("_", " "),
                                 tuple(ticket.items()), now, tuple(expectations), span=example.span)
        if now is None:
            self.require_now(resolved)
        return resolved

    def require_now(self, example: m.Example) -> None:
        """An example without `now` is judged on the day it runs: refuse it where its expected
        outcome can still change with time, that is where it expects `due` or `paused`, or
        `breached` of a clock its inputs or events leave running (a stopped clock is met or
        breached for good), or where a history's expected deadline or cycle time is of a clock
        still running."""
        fired = example_triggers(example, tuple(self.statuses.values()))
        running = {name: cycles_running(target, fired) for name, target in self.targets.items()}
        for expectation in example.expectations:
            if expectation.kind in ("status", "cycle_status") and expectation.value in NOW_DEPENDENT_STATUSES:
                if expectation.value == "breached" and not self.still_running(example, expectation, running):
                    continue
                self.error("SLA103", f"example `{example.name}` expects `{expectation.value}` but does not say "
                           "when it is evaluated: the outcome changes once the deadline passes",
                           self.word_span(expectation.value, expectation.span),
                           help="add a line `now <instant>` to the example, such as "
                           "`now 2025-03-07 17:00 Europe/Prague`, so that it gives the same answer on every day")
        if example.events is None:
            return
        timed = [e for e in example.expectations if e.kind in ("due", "cycle_due", "cycle_elapsed", "cycle_paused")]
        for expectation in timed:
            if any(running.get(expectation.subject, ())):
                self.error("SLA103", f"example `{example.name}` lists events but does not say when it is evaluated: "
                           f"its events leave the clock of `{expectation.subject}` running, and a running clock is "
                           "judged at `now`", expectation.span,
                           help="add a line `now <instant>` to the example, such as "
                           "`now 2025-03-07 17:00 Europe/Prague`, so that it gives the same answer on every day")
                return

    def still_running(self, example: m.Example, expectation: m.Expectation, running: dict[str, list[bool]]) -> bool:
        """True when the cycle a status expectation names may still be running after the
        example's events: the latest cycle, or cycle N (any cycle when a level change may have
        renumbered them)."""
        cycles = running.get(expectation.subject, [])
        if expectation.kind == "status":
            return bool(cycles) and cycles[-1]
        target = self.targets.get(expectation.subject)
        changes = any(dict(event)["type"] in ("level", "field") for event in example.events or ())
        if target is not None and target.on_level_change == "new_cycle" and changes:
            return any(cycles)
        number = expectation.cycle or 0
        return 0 < number <= len(cycles) and cycles[number - 1]

    def example_base_plan(self, item: ast.ExamplePlan, add_ons: dict[str, tuple[str, ...]]) -> None:
        """`plan P on B` in an example: an add-on needs the plan it is bought on (one of those
        it is an add-on to), a plan of its own takes none. Without this the example passes the
        checker and is refused only when `slac test` evaluates it."""
        bases = add_ons.get(item.plan)
        if bases is None:
            return  # an unknown plan, reported above
        base_span = self.word_span(item.base or "", replace(item.span, column=item.span.column + len(f"plan {item.plan}")))
        if not bases and item.base is not None and item.base in add_ons:
            self.error("SLA104", f"plan `{item.plan}` is not an add-on, so it is not bought on another plan",
                       base_span, help=f"write `plan {item.plan}`")
        elif bases and item.base is None:
            self.error("SLA103", f"plan `{item.plan}` is an add-on, and the example does not say which plan it is "
                       "bought on", self.word_span(item.plan, item.span),
                       help=f"name the customer's base plan: `plan {item.plan} on {bases[0]}`"
                       + (f" (it is an add-on to {' and '.join(f'`{b}`' for b in bases)})" if len(bases) > 1 else ""))
        elif bases and item.base is not None and item.base in add_ons and item.base not in bases:
            self.error("SLA104", f"plan `{item.plan}` is not an add-on to `{item.base}`", base_span,
                       help=f"name a plan it is bought on: {', '.join(f'`{b}`' for b in bases)}")

    def applied_rule(self, name: str, span: Span) -> None:
        """`applied R` in an example: R must be a rule support may apply (`then … may become …`)."""
        rules = [b for b in self.document.blocks if isinstance(b, ast.Rule)]
        rule = next((r for r in rules if r.name == name), None)
        if rule is None:
            self.unknown(name, [r.name for r in rules], "rule", span)
        elif not (isinstance(rule.action, ast.SetLevel) and rule.action.discretionary):
            self.error("SLA104", f"rule `{name}` is not discretionary: it applies whenever its condition holds, "
                       "so a ticket cannot say it was applied", self.word_span(name, span),
                       help=f"remove this line; if support only *may* apply the rule, write its action as "
                       f"`then {self.scale.name} may become <level>`")

    def cycle_expectation(self, item: ast.ExpectCycle) -> m.Expectation | None:
        kind = f"cycle_{item.aspect}"
        if item.aspect == "status":
            return m.Expectation(kind, item.target, item.status or "", item.number, span=item.span)  # type: ignore[arg-type]
        if item.aspect == "due":
            assert item.instant is not None
            return m.Expectation(kind, item.target, self.instant(item.instant), item.number, span=item.span)  # type: ignore[arg-type]
        assert item.amount is not None and item.unit is not None
        if item.unit not in MINUTES_PER_UNIT:
            self.error("SLA104", f"{item.aspect} time is measured on the cycle's clock, not in {item.unit.replace('_', ' ')}",
                       item.span, help="write it in hours or minutes, such as `elapsed 9 hours`")
            return None
        seconds = item.amount * MINUTES_PER_UNIT[item.unit] * 60
        return m.Expectation(kind, item.target, str(seconds), item.number, span=item.span)  # type: ignore[arg-type]

    def example_events(self, item: ast.ExampleEvents) -> list[tuple[ast.TicketEvent, dict[str, object]]]:
        """Each event line with the history event it stands for (schema's shape)."""
        events: list[tuple[ast.TicketEvent, dict[str, object]]] = []
        messages = {
            "agent_reply": ("agent", True),
            "customer_reply": ("customer", True),
            "agent_note": ("agent", False),
            "customer_note": ("customer", False),
            "system_message": ("system", True),
        }
        for event in item.events:
            at = self.instant(event.instant)
            data: dict[str, object] = {"at": at}
            if event.kind == "opened":
                data["type"] = "opened"
                if event.name is not None:
                    self.status_ref(event.name, event.span)
                    data["status"] = event.name
            elif event.kind in messages:
                by, public = messages[event.kind]
                data.update({"type": "message", "by": by})
                if not public:
                    data["public"] = False
            elif event.kind == "status":
                assert event.name is not None
                self.status_ref(event.name, event.span)
                data.update({"type": "status", "to": event.name})
            else:
                name, value = event.name or "", event.value or ""
                if name == self.scale.name:
                    self.level_ref(name, value, event.span)
                    data.update({"type": "level", "to": value})
                elif name in self.fields:
                    self.value_ref(name, value, event.span)
                    data.update({"type": "field", "name": name, "to": value})
                else:
                    self.unknown(name, [self.scale.name, *self.fields], "event", event.span,
                                 plural="events a line may give (besides opened, agent replied, customer replied, "
                                 "agent note, customer note, system message and status), the level and fields")
                    continue
            events.append((event, data))
        for (_, earlier), (event, later) in zip(events, events[1:]):
            if datetime.fromisoformat(str(later["at"])) < datetime.fromisoformat(str(earlier["at"])):
                self.error("SLA104", f"this event is before the one above it ({earlier['at']})", event.instant.span,
                           help="list the events in the order they happened; events at one instant keep their order")
        return events

    def history_example(
        self,
        example: ast.Example,
        ticket: dict[str, object],
        events: list[tuple[ast.TicketEvent, dict[str, object]]],
        now: str | None,
        expectations: list[m.Expectation],
    ) -> m.Example:
        """An example whose ticket is a history: the level and fields written above `events`
        are those of the opened event."""
        snapshot_times = {"opened_at", "last_agent_reply_at", "last_customer_reply_at", "responded_at"}
        for item in example.items:
            if isinstance(item, ast.ExampleTime) and item.kind != "now":
                self.error("SLA104", "an example with `events` lists its replies and its opening there", item.span,
                           help="move this into `events` as a line such as "
                           "`        2025-03-07 16:30 Europe/Prague agent replied`")
        if not events or events[0][1]["type"] != "opened":
            where = events[0][0].span if events else example.span
            self.error("SLA103", f"the events of example `{example.name}` do not start with the opening", where,
                       help="make the first event a line such as `        2025-03-07 16:30 Europe/Prague opened`")
        elif any(data["type"] == "opened" for _, data in events[1:]):
            second = next(event for event, data in events[1:] if data["type"] == "opened")
            self.error("SLA104", "a ticket is opened once", second.span, help="keep one `opened` event, the first")
        for item in example.items:
            if isinstance(item, ast.ExampleApplied):
                self.error("SLA104", "a history says a discretionary rule was applied by a level change event",
                           item.span, help=f"remove this line and add the agent's change to `events`, such as "
                           f"`        2025-03-04 10:30 Europe/Rome {self.scale.name} <level>`: a change to the rule's "
                           "level while its condition holds applies the rule")
        history = {key: value for key, value in ticket.items() if key not in snapshot_times and key != APPLIED_RULES}
        opened = dict(events[0][1]) if events else {}
        if self.scale.name in history:
            level = history.pop(self.scale.name)
            if level is not None:
                opened["level"] = level
        fields = {name: history.pop(name) for name in list(history) if name in self.fields}
        fields = {name: value for name, value in fields.items() if value is not None}
        if fields:
            opened["fields"] = fields
        listed = [opened, *(data for _, data in events[1:])]
        return m.Example(
            example.name,
            example.title or example.name.replace("_", " "),
            tuple(history.items()),
            now,
            tuple(expectations),
            events=tuple(tuple(event.items()) for event in listed),
            span=example.span,
        )

    def zone_ref(self, zone: str, span: Span) -> bool:
        try:
            RuntimeCalendar.always(zone)
        except CalendarError as error:
            self.error("SLA104", str(error), span, help="use an IANA time zone name such as `Europe/Prague`")
            return False
        return True

    def instant(self, instant: ast.Instant) -> str:
        """An ISO 8601 instant with its UTC offset, from what the author wrote:
        `2025-03-07 16:30 Europe/Prague` or `2025-03-07T16:30+01:00`."""
        iso = self._instant(instant)
        year = int(iso[:4])
        if not FIRST_YEAR <= year <= LAST_YEAR:
            self.error("SLA104", f"year {year} is outside the years tickets may have ({FIRST_YEAR}–{LAST_YEAR})",
                       instant.span, help="write an instant between 1970 and 2099")
        return iso

    def _instant(self, instant: ast.Instant) -> str:
        iso = ISO_INSTANT.fullmatch(instant.text)
        if iso:
            day, hour, minute, second, offset = iso.groups()
            offset = "+00:00" if offset == "Z" else offset
            return datetime.fromisoformat(
                f"{day}T{int(hour):02d}:{minute}:{second or '00'}{offset}"
            ).isoformat()
        day, time, zone = instant.text.split(" ")
        hours, minutes = (int(part) for part in time.split(":"))
        # 24:00 is midnight at the end of the day
        naive = datetime.fromisoformat(day) + timedelta(hours=hours, minutes=minutes)
        if not self.zone_ref(zone, instant.span):
            return naive.replace(tzinfo=timezone.utc).isoformat()
        info = load_zone(zone)
        local = naive.replace(tzinfo=info)
        roundtrip = local.astimezone(timezone.utc).astimezone(info)
        if roundtrip.replace(tzinfo=None) != naive:
            self.error("SLA104", f"{day} {time} does not exist in {zone}: the clocks skip it (daylight saving time)",
                       instant.span, help="write the time after the change, or give the instant with its UTC offset")
        elif local.utcoffset() != local.replace(fold=1).utcoffset():
            first, second = (f"{naive:%Y-%m-%dT%H:%M}{_offset(t)}" for t in (local, local.replace(fold=1)))
            self.error("SLA104", f"{day} {time} occurs twice in {zone}: the clocks go back over it (daylight "
                       "saving time ends), so it could be either", instant.span,
                       help=f"say which one with its UTC offset: `{first}` for the first, `{second}` for the second")
        return local.isoformat()


def _offset(instant: datetime) -> str:
    """`+02:00`: the UTC offset of an aware instant, as an ISO 8601 instant writes it."""
    return instant.isoformat()[-6:]
