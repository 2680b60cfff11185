"""From a vendor-neutral ticket (what the vendor modules read) to a ticket history
(`ticket-history.schema.json`), through the mapping. One implementation for every vendor.

Decisions (README, "Importing helpdesk data"):
- the message a ticket is opened with (its description) is part of `opened`, not a reply or a
  customer message, whoever wrote it: a ticket an agent creates for a customer has no first
  reply at the instant it opens;
- events are ordered by instant, ties in the order the helpdesk lists them;
- a change to a value that maps onto the policy value already in force is left out (status
  churn between two helpdesk statuses that the policy does not distinguish);
- the plan is the mapped value of the plan's source as the ticket last had it, else the default.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, TypeAlias

from slac.importers.instants import format_instant
from slac.importers.mapping import Mapping, ValueMap, Vocabulary
from slac.importers.problems import ImportFailure, Problem
from slac.runtime.history import is_text

Author: TypeAlias = Literal["agent", "customer", "system"]


@dataclass(frozen=True)
class RawMessage:
    """A comment, article or reply as the helpdesk recorded it, its author already classified."""

    at: datetime
    by: Author
    public: bool
    where: str


@dataclass(frozen=True)
class RawChange:
    """A helpdesk attribute (`source`, as the vendor names it) taking a value (None: emptied)."""

    at: datetime
    source: str
    value: str | None
    where: str


RawEvent: TypeAlias = RawMessage | RawChange


@dataclass(frozen=True)
class RawTicket:
    """One ticket read from an export, before mapping. `initial` holds the attributes' values
    when it opened."""

    id: str | int
    where: str
    opened_at: datetime
    initial: tuple[tuple[str, str | None], ...]
    events: tuple[RawEvent, ...]

    def initial_value(self, source: str) -> str | None:
        return next((value for name, value in self.initial if name == source), None)


@dataclass(frozen=True)
class Unmapped:
    """A helpdesk value with no policy value: `section` of the mapping, the value, where seen."""

    section: str
    value: str
    where: str
    not_in_policy: bool = False


@dataclass(frozen=True)
class Built:
    """The history (None when a problem prevents it), and what went wrong."""

    history: dict[str, Any] | None
    problems: tuple[Problem, ...]
    unmapped: tuple[Unmapped, ...]


def flag(value: object, default: bool, where: str, name: str) -> bool:
    """A yes/no attribute of an export record (`public`, `internal`): JSON true or false, the
    default when absent or null. Anything else (`"false"`, `0`) is a problem rather than a
    guess: read the wrong way, an internal note becomes a reply that stops clocks."""
    if value is None:
        return default
    if value is True or value is False:
        return value
    raise ImportFailure(
        Problem(where, f"{name} is {value!r}, not true or false", "export the records as the helpdesk's API returns them")
    )


def raw_text(value: object) -> str | None:
    """A helpdesk value as the text the mapping is keyed by (numbers as decimals, empty → None)."""
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def ticket_id_problem(value: object) -> str | None:
    """The id quoted with why it cannot be a history's id, or None when it can: a
    history's id is a string or an integer (JSON also gives floats, 1e400 being infinity,
    lists and objects), and its text must be UTF-8 (a lone `\\ud800` escape is not)."""
    if value.__class__ is int:
        return None
    if value.__class__ is not str:
        return f"{value!r}, which is neither a string nor an integer"
    if not is_text(value):  # type: ignore[arg-type]
        return f"{value!r}, which holds half of a UTF-16 surrogate pair and is no text"
    return None


def misshapen(where: str, error: TypeError | AttributeError) -> Problem:
    """The problem of a record whose shape is not the one the vendor's API returns (a number
    where a list of events goes, a list where an object goes), met while reading it: which
    record, not a traceback."""
    return Problem(where, f"is not shaped as the helpdesk's API returns it ({error})",
                   "export the API responses as the helpdesk returns them, unedited")


def build_history(
    ticket: RawTicket, mapping: Mapping, status_source: str, vocabulary: Vocabulary | None
) -> Built:
    """The ticket's history under `mapping`; `vocabulary` (the policy's) also flags values that
    pass through an identity section but are not the policy's."""
    builder = _Builder(ticket, mapping, status_source, vocabulary)
    return builder.build()


class _Builder:
    """The state of one ticket's mapping: the values in force and the problems so far."""

    def __init__(self, ticket: RawTicket, mapping: Mapping, status_source: str, vocabulary: Vocabulary | None):
        self.ticket = ticket
        self.mapping = mapping
        self.status_source = status_source
        self.vocabulary = vocabulary
        self.problems: list[Problem] = []
        self.unmapped: list[Unmapped] = []
        self.failed = False

    def build(self) -> Built:
        mapping, ticket = self.mapping, self.ticket
        opened: dict[str, Any] = {"at": format_instant(ticket.opened_at), "type": "opened"}
        where = f"{ticket.where}, when opened"
        status = self._resolve(mapping.statuses, ticket.initial_value(self.status_source), where)
        level = self._resolve(mapping.level, ticket.initial_value(mapping.level.source or ""), where)
        fields = {
            name: self._resolve(value_map, ticket.initial_value(value_map.source or ""), where)
            for name, value_map in mapping.fields
        }
        if level is not None:
            opened["level"] = level
        if status is not None:
            opened["status"] = status
        present = {name: value for name, value in fields.items() if value is not None}
        if present:
            opened["fields"] = present
        plan_raw = ticket.initial_value(mapping.plan.source) if mapping.plan.source else None
        plan_where = where
        events: list[dict[str, Any]] = [opened]
        for event in sorted(ticket.events, key=lambda e: e.at):
            if event.at < ticket.opened_at:
                self._problem(
                    event.where,
                    f"is at {format_instant(event.at)}, before the ticket opened ({format_instant(ticket.opened_at)})",
                    "export the ticket's whole history, its creation included",
                )
                continue
            at = format_instant(event.at)
            if isinstance(event, RawMessage):
                events.append({"at": at, "type": "message", "by": event.by, "public": event.public})
                continue
            if event.source == self.status_source:
                new_status = self._resolve(mapping.statuses, event.value, event.where, required=True)
                if new_status is not None and new_status != status:
                    events.append({"at": at, "type": "status", "to": new_status})
                    status = new_status
            if event.source == mapping.level.source:
                new_level = self._resolve(mapping.level, event.value, event.where, required=True)
                if new_level is not None and new_level != level:
                    events.append({"at": at, "type": "level", "to": new_level})
                    level = new_level
            for name, value_map in mapping.fields:
                if event.source != value_map.source:
                    continue
                new_value = self._resolve(value_map, event.value, event.where, required=True)
                if new_value is not None and new_value != fields[name]:
                    events.append({"at": at, "type": "field", "name": name, "to": new_value})
                    fields[name] = new_value
            if mapping.plan.source and event.source == mapping.plan.source and event.value is not None:
                plan_raw, plan_where = event.value, event.where
        plan = self._plan(plan_raw, plan_where)
        id_problem = ticket_id_problem(ticket.id)
        if id_problem is not None:
            self._problem(ticket.where, f"has the id {id_problem}", "export the tickets as the helpdesk's API returns them")
        if self.failed or plan is None:
            return Built(None, tuple(self.problems), tuple(self.unmapped))
        history: dict[str, Any] = {"id": ticket.id, "plan": plan}
        for key in ("timezone", "country", "subdivision"):
            value = getattr(mapping, key)
            if value is not None:
                history[key] = value
        history["events"] = events
        return Built(history, tuple(self.problems), tuple(self.unmapped))

    def _plan(self, raw: str | None, where: str) -> str | None:
        plan_map = self.mapping.plan
        if raw is not None and plan_map.source is not None:
            return self._resolve(plan_map, raw, where)
        if plan_map.default is not None:
            return plan_map.default
        if plan_map.source is None:
            self._problem(
                self.ticket.where,
                "has no plan",
                f"add a [plan] table with default = \"<a plan of the policy>\" (and source = \"...\" to take "
                f"it from a helpdesk attribute) to {self.mapping.path}",
            )
        else:
            self._problem(
                self.ticket.where,
                f"has no value of {plan_map.source}, so no plan",
                f"add default = \"<a plan of the policy>\" to [plan] in {self.mapping.path}",
            )
        return None

    def _resolve(self, value_map: ValueMap, raw: str | None, where: str, required: bool = False) -> str | None:
        """The policy value for a raw value; None for an absent value or a problem (recorded)."""
        if raw is None:
            if value_map.values is not None and value_map.maps(""):
                return value_map.lookup("")
            if required:
                self._problem(
                    where,
                    f"empties {value_map.source or 'the status'}, and [{value_map.section}] maps no empty value",
                    f"add \"\" = \"<a policy value>\" to [{values_table(value_map.section)}] in {self.mapping.path}",
                )
            return None
        if not value_map.maps(raw):
            self.unmapped.append(Unmapped(value_map.section, raw, where))
            self.failed = True
            return None
        mapped = value_map.lookup(raw)
        if value_map.values is None and self.vocabulary is not None:
            known = self._known(value_map.section)
            if known and mapped not in known:
                self.unmapped.append(Unmapped(value_map.section, raw, where, not_in_policy=True))
                self.failed = True
                return None
        return mapped

    def _known(self, section: str) -> tuple[str, ...]:
        assert self.vocabulary is not None
        if section == "statuses":
            return self.vocabulary.statuses
        if section == "level":
            return self.vocabulary.levels
        if section == "plan":
            return self.vocabulary.plans
        return self.vocabulary.field_values(section.removeprefix("fields.")) or ()

    def _problem(self, where: str, message: str, fix: str) -> None:
        self.problems.append(Problem(where, message, fix))
        self.failed = True


def values_table(section: str) -> str:
    """The TOML table a value of `section` is mapped in."""
    return section if section in ("statuses", "targets") else f"{section}.values"
