"""Reading ticket histories (schemas/ticket-history.schema.json) and the history a snapshot implies.

A history is the plan, the customer's zone/country/subdivision, and events in time order:
`opened` (first, exactly once; may carry `level`, `fields` and `status`), `message` (`by`
agent, customer or system; `public`, default true), `status` (`to`), `level` (`to`) and `field`
(`name`, `to`). Everything is validated here, policy-independently, against a `HistorySpec`
(the policy's plans, levels, fields and statuses): a bad history is a `TicketError` naming the
event by its position (`events[3].to`) and what is accepted.

A snapshot (`opened_at`, `responded_at`, `last_agent_reply_at`, `last_customer_reply_at`) is
read as the history it implies: the opening, the response (which ends a first-response clock),
the last agent reply and the last customer message.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final, NamedTuple

from slac.runtime.caches import remember
from slac.runtime.cycles import new_record
from slac.runtime.inputs import (
    TicketError,
    format_instant,
    listing,
    parse_boolean,
    parse_customer,
    parse_instant,
    parse_level,
    parse_base_plan,
    parse_plan,
    parse_value,
    shown,
    suggestion,
)

HISTORY_KEYS: Final = ("id", "plan", "base_plan", "timezone", "country", "subdivision", "events")
EVENT_KEYS: Final = {
    "opened": ("at", "type", "level", "status", "fields"),
    "message": ("at", "type", "by", "public"),
    "status": ("at", "type", "to"),
    "level": ("at", "type", "to"),
    "field": ("at", "type", "name", "to"),
}
_EVENT_KEY_SETS: Final = {kind: frozenset(keys) for kind, keys in EVENT_KEYS.items()}
AUTHORS: Final = ("agent", "customer", "system")
MAX_EVENTS: Final = 100_000
"""More events than this in one ticket is refused rather than replayed slowly."""


@dataclass(frozen=True, slots=True)
class HistorySpec:
    """What a policy accepts in a history: its plans, the scale's name and levels, each field's
    values (booleans take yes/no), the fields' defaults, and its statuses (the first is a new
    ticket's) with the solved ones."""

    plans: Collection[str]
    scale: str
    levels: Collection[str]
    fields: Mapping[str, tuple[str, ...]]
    booleans: frozenset[str]
    defaults: Mapping[str, str]
    statuses: tuple[str, ...]
    solved: frozenset[str]
    add_ons: Mapping[str, tuple[str, ...]] | None = None
    """Each add-on plan with the plans it may be bought on (None: the policy has none)."""


class Event(NamedTuple):
    """One validated event. `kind` is the event's type; `by` and `public` are a message's;
    `name` a field event's field; `to` the new status, level or field value (normalised).
    A NamedTuple (immutable, like the engine's `Step`): a history builds one per event, and a
    frozen dataclass costs several times as much to build."""

    index: int
    at: datetime
    kind: str
    by: str | None = None
    public: bool = True
    name: str | None = None
    to: str | None = None


@dataclass(frozen=True, slots=True)
class History:
    """A validated ticket history. `level` and `fields` are the opened event's (fields with
    their defaults); `status` the ticket's status at opening (None without statuses)."""

    id: str | int | None
    plan: str
    timezone: str | None
    country: str | None
    subdivision: str | None
    level: str | None
    fields: Mapping[str, str | None]
    status: str | None
    events: tuple[Event, ...]
    base_plan: str | None = None
    """The plan an add-on plan is bought on."""

    @property
    def opened_at(self) -> datetime:
        return self.events[0].at


def is_history(data: object) -> bool:
    """True for a mapping that gives `events` (a history); a snapshot gives `opened_at`."""
    if data.__class__ is dict:  # what JSON gives, without the abstract class's check
        return "events" in data  # type: ignore[operator]
    return isinstance(data, Mapping) and "events" in data


def _keys(data: Mapping[Any, Any], accepted: tuple[str, ...], where: str, what: str) -> None:
    for key in data:
        if key not in accepted:
            name = key if isinstance(key, str) else repr(key)
            hint = suggestion(key, accepted) if isinstance(key, str) else ""
            raise TicketError(
                f"{where}{name}" if where else name,
                f"is not a key of {what}{hint}; the keys are: {listing(accepted)}",
            )


class Fired(NamedTuple):
    """What one event of a history fires: its triggers (`slac.runtime.cycles.TRIGGERS`,
    `status:<name>`, `first_status:<name>`) and the ticket's status and solved state after it.
    `then_solved` is true for an `opened` event in a solved status: the ticket is solved right
    after it opens (the opening itself is not solved, so that `opened` can start clocks)."""

    triggers: frozenset[str]
    status: str | None
    solved: bool
    then_solved: bool = False


def fired_by(events: Iterable[Event], status: str | None, solved_statuses: Collection[str]) -> list[Fired]:
    """What each event fires, in order, for a ticket opened in `status` (TIMELINES.md): the
    opening `opened`; a public agent message `agent_reply` and a public customer message
    `customer_message`, each also `first_…` the first time; a change into another status
    `status:<name>` (and `first_status:<name>` the first time), with `solved` when it goes from
    an unsolved status into a solved one and `reopened` the way back. Internal messages, level
    and field events fire nothing. The one place these are worked out: the engine and the
    checks of worked examples both read them here."""
    solved = status is not None and status in solved_statuses
    authors: set[str | None] = set()  # who has sent a public message so far
    statuses: set[str | None] = set()  # the statuses changed into so far
    fired: list[Fired] = []
    for event in events:
        kind = event.kind
        if kind == "opened":
            fired.append(new_record(Fired, (OPENED, status, False, solved)))
            continue
        triggers = NOTHING
        if kind == "message":
            if event.public and (event.by == "agent" or event.by == "customer"):
                first = event.by not in authors
                authors.add(event.by)
                triggers = _MESSAGE_TRIGGERS[event.by, first]
        elif kind == "status" and event.to != status:
            to = event.to
            first = to not in statuses
            statuses.add(to)
            now_solved = to in solved_statuses
            turn = "solved" if now_solved and not solved else "reopened" if solved and not now_solved else None
            key = (to, first, turn)
            triggers = _STATUS_TRIGGERS.get(key) or remember(_STATUS_TRIGGERS, key, _status_triggers(*key), STATUS_TRIGGERS_KEPT)
            status, solved = to, now_solved
        fired.append(new_record(Fired, (triggers, status, solved, False)))
    return fired


_MESSAGE_TRIGGERS: Final = {
    (by, first): frozenset({trigger, f"first_{trigger}"} if first else {trigger})
    for by, trigger in (("agent", "agent_reply"), ("customer", "customer_message"))
    for first in (True, False)
}
"""The triggers of a public message by its author, the first of its kind or not."""
_STATUS_TRIGGERS: dict[tuple[str | None, bool, str | None], frozenset[str]] = {}
"""The triggers of a change into a status, by (status, the first change into it, `solved` or
`reopened` or None): a policy has a few statuses, so a few dozen sets, each built once (at
most `STATUS_TRIGGERS_KEPT`, for a process that reads many policies)."""
STATUS_TRIGGERS_KEPT: Final = 4096


def _status_triggers(to: str | None, first: bool, turn: str | None) -> frozenset[str]:
    change = f"status:{to}"
    return frozenset({change, *([f"first_{change}"] if first else []), *([turn] if turn else [])})


def is_text(value: str) -> bool:
    """Whether a string is Unicode text that UTF-8 can encode (JSON's `\\ud800` escapes can
    give Python a lone surrogate, which it cannot): what a history's id must be, here and in
    `slac import` (`slac.importers.history.ticket_id_problem`)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


OPENED: Final = frozenset({"opened"})
SOLVED: Final = frozenset({"solved"})
NOTHING: Final = frozenset[str]()


def read_history(data: object, spec: HistorySpec) -> History:
    """A validated `History` from parsed JSON; `TicketError` naming the place otherwise."""
    if not isinstance(data, Mapping):
        raise TicketError("ticket", f"must be a JSON object, got {shown(data)}")
    _keys(data, HISTORY_KEYS, "", "a ticket history")
    ticket_id = data.get("id")
    if ticket_id is not None and not (ticket_id.__class__ in (str, int)):
        raise TicketError("id", f"{shown(ticket_id)} is not a ticket id; give a string or an integer")
    if ticket_id.__class__ is str and not is_text(ticket_id):
        raise TicketError(
            "id",
            f"{shown(ticket_id)} is not text: it holds half of a UTF-16 surrogate pair (a \\ud800–\\udfff "
            "escape without its other half), which no UTF-8 output can hold; give the id as text",
        )
    plan = parse_plan(data.get("plan"), spec.plans)
    base_plan = parse_base_plan(plan, data.get("base_plan"), spec.add_ons or {})
    zone, country, subdivision = parse_customer(data.get("timezone"), data.get("country"), data.get("subdivision"))
    raw_events = data.get("events")
    if not isinstance(raw_events, (list, tuple)) or not raw_events:
        given = "an empty list" if isinstance(raw_events, (list, tuple)) else shown(raw_events)
        raise TicketError("events", f"must be a non-empty list of events starting with the opened event, got {given}")
    if len(raw_events) > MAX_EVENTS:
        raise TicketError("events", f"has {len(raw_events)} events; at most {MAX_EVENTS} are replayed per ticket")
    level: str | None = None
    fields: dict[str, str | None] = {}
    status: str | None = spec.statuses[0] if spec.statuses else None
    events: list[Event] = []
    previous: datetime | None = None
    for index, raw in enumerate(raw_events):
        if raw.__class__ is not dict and not isinstance(raw, Mapping):
            raise TicketError(f"events[{index}]", f"must be a JSON object with `at` and `type`, got {shown(raw)}")
        kind = raw.get("type")
        if kind.__class__ is not str or kind not in EVENT_KEYS:
            hint = suggestion(kind, EVENT_KEYS) if isinstance(kind, str) else ""
            given = "is missing" if kind is None else f"{shown(kind)} is not an event type{hint}"
            raise TicketError(f"events[{index}].type", f"{given}; the types are: {listing(EVENT_KEYS)}")
        if not _EVENT_KEY_SETS[kind].issuperset(raw):
            _keys(raw, EVENT_KEYS[kind], f"events[{index}].", f"{'an' if kind[0] in 'aeiou' else 'a'} {kind} event")
        at = raw.get("at")
        if at is None:
            raise TicketError(f"events[{index}].at", f"is required: the instant of the {kind} event, with its UTC offset")
        try:
            at = parse_instant("at", at)
        except TicketError as error:  # named here, where the place is known: most events have no error
            raise TicketError(f"events[{index}].at", error.detail) from None
        assert at is not None
        if index == 0 and kind != "opened":
            raise TicketError(f"events[{index}].type", f"the first event must be `opened`, got {shown(kind)}")
        if index > 0 and kind == "opened":
            raise TicketError(f"events[{index}].type", "a ticket is opened once: only the first event may be `opened`")
        if previous is not None and at < previous:
            raise TicketError(
                f"events[{index}].at",
                f"{format_instant(at)} is before events[{index - 1}] at {format_instant(previous)}; "
                "list the events in time order",
            )
        previous = at
        if kind == "opened":
            level = parse_level(spec.scale, raw.get("level"), spec.levels, label=f"events[{index}].level")
            fields = _opened_fields(raw.get("fields"), spec, f"events[{index}]")
            if raw.get("status") is not None:
                status = _status(raw.get("status"), spec, f"events[{index}].status")
            events.append(new_record(Event, (index, at, kind, None, True, None, status)))
        elif kind == "message":
            by = raw.get("by")
            if by not in AUTHORS:
                given = "is missing" if by is None else f"{shown(by)} is not an author"
                raise TicketError(f"events[{index}].by", f"{given}; the authors are: {listing(AUTHORS)}")
            public = raw.get("public", True)
            if public is not True and public is not False:
                raise TicketError(f"events[{index}].public", f"{shown(public)} is not true or false")
            events.append(new_record(Event, (index, at, kind, by, public, None, None)))
        elif kind == "status":
            to = raw.get("to")
            if to.__class__ is not str or to not in spec.statuses:
                to = _status(to, spec, f"events[{index}].to")
            events.append(new_record(Event, (index, at, kind, None, True, None, to)))
        elif kind == "level":
            value = raw.get("to")
            if value is None:
                raise TicketError(f"events[{index}].to", f"is required: the new {spec.scale}; the levels are: {listing(spec.levels)}")
            events.append(Event(index, at, kind, to=parse_level(spec.scale, value, spec.levels, label=f"events[{index}].to")))
        else:
            name = raw.get("name")
            if name.__class__ is not str or name not in spec.fields:
                hint = suggestion(name, spec.fields) if isinstance(name, str) else ""
                given = "is missing" if name is None else f"{shown(name)} is not a field of this policy{hint}"
                raise TicketError(f"events[{index}].name", f"{given}; the fields are: {listing(spec.fields)}")
            if raw.get("to") is None:
                raise TicketError(f"events[{index}].to", f"is required: the new value of {name}")
            value = _field_value(name, raw.get("to"), spec, f"events[{index}].to")
            events.append(Event(index, at, kind, name=name, to=value))
    for name in spec.fields:
        fields.setdefault(name, spec.defaults.get(name))
    return History(ticket_id, plan, zone, country, subdivision, level, fields, status, tuple(events), base_plan)


def _status(value: object, spec: HistorySpec, where: str) -> str:
    if value.__class__ is str and value in spec.statuses:
        return value  # type: ignore[return-value]
    if not spec.statuses:
        raise TicketError(where, "this policy declares no statuses; declare them with `status` lines in the policy")
    hint = suggestion(value, spec.statuses) if isinstance(value, str) else ""
    given = "is missing" if value is None else f"{shown(value)} is not a status of this policy{hint}"
    raise TicketError(where, f"{given}; the statuses are: {listing(spec.statuses)}")


def _field_value(name: str, value: object, spec: HistorySpec, where: str) -> str | None:
    if name in spec.booleans:
        return parse_boolean(name, value, label=where)
    return parse_value(name, value, spec.fields[name], label=where)


def _opened_fields(value: object, spec: HistorySpec, where: str) -> dict[str, str | None]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise TicketError(f"{where}.fields", f"must be a JSON object of field values, got {shown(value)}")
    fields: dict[str, str | None] = {}
    for name, raw in value.items():
        if name not in spec.fields:
            hint = suggestion(name, spec.fields) if isinstance(name, str) else ""
            shown_name = name if isinstance(name, str) else repr(name)
            raise TicketError(
                f"{where}.fields.{shown_name}", f"is not a field of this policy{hint}; the fields are: {listing(spec.fields)}"
            )
        fields[name] = _field_value(name, raw, spec, f"{where}.fields.{name}")
    return fields


# ----------------------------------------------------------------------------- snapshots


SNAPSHOT_EVENTS: Final = (
    ("responded_at", frozenset({"first_agent_reply"})),
    ("last_agent_reply_at", frozenset({"agent_reply"})),
    ("last_customer_reply_at", frozenset({"customer_message"})),
)
"""The events a snapshot implies, with the triggers each fires, in the order they apply when
two fall at the same instant: the response ends a first-response clock; the last agent reply
starts an ongoing-response clock and ends a follow-up one started before it; the last customer
message starts a follow-up clock (a reply at the same instant does not answer it)."""


def implied_events(instants: Mapping[str, datetime | None]) -> list[tuple[datetime, int, str, frozenset[str]]]:
    """The events a snapshot's instants imply, in the order they apply: (instant, rank, input
    name, triggers), by instant, and at one instant in `SNAPSHOT_EVENTS` order. The one place
    this order is decided: the engine and the checks of worked examples both read it here."""
    implied = []
    order = 0
    for name, triggers in SNAPSHOT_EVENTS:
        instant = instants.get(name)
        if instant is not None:
            implied.append((instant, order, name, triggers))
        order += 1
    if len(implied) > 1:
        implied.sort()
    return implied
