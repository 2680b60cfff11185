"""Zendesk Support exports → neutral tickets.

Reads, from any mix of documents in one file (API responses as Zendesk documents them):
- Ticket Audits (`GET /api/v2/tickets/{id}/audits?include=users` or `/api/v2/ticket_audits`):
  `{"audits": [...], "users": [...]}`; each audit has `ticket_id`, `created_at`, `author_id`,
  `via` and `events` (`Create`, `Change` with `field_name`/`value`/`previous_value`, `Comment`
  and `VoiceComment` with `author_id`/`public`; other event types are ignored, as Zendesk asks);
- the Incremental Ticket Event Export (`GET /api/v2/incremental/ticket_events?include=comment_events`):
  `{"ticket_events": [...]}`; each has `ticket_id`, `created_at` (or epoch `timestamp`),
  `updater_id`, `via` and `child_events` (`Create`/`Change` events carry the changed field as a
  key, e.g. `"status": "open"`; comments are `Comment` events with the sideload, or flagged by
  `comment_present`/`comment_public` without it, authored by the updater);
- users (sideloaded, or `GET /api/v2/users`): `{"users": [{"id", "role"}]}`, to tell the
  customer (by default role `end-user`; `[customer] roles`) from agents. Author -1 is Zendesk
  itself (a system message).

A page of one ticket's audits says how many the ticket has (`count`); a ticket with fewer audits
in the file than that is refused, since the missing pages hold its later events. Likewise an
incremental export whose pages say `end_of_stream` and none says `true` stops before its end,
and is refused.

The ticket opens at its creation audit (the one with `Create` events); the comment of that
audit is the ticket's description. A comment made by a merge (via channel `merge`) is a system
message: it is no reply.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from slac.importers.history import (
    Author,
    RawChange,
    RawEvent,
    RawMessage,
    RawTicket,
    flag,
    misshapen,
    raw_text,
    ticket_id_problem,
)
from slac.importers.instants import InstantError, parse_instant
from slac.importers.mapping import Mapping
from slac.importers.problems import ImportFailure, Problem

STATUS_SOURCE = "status"
DEFAULT_CUSTOMER_ROLES = ("end-user",)
SYSTEM_USER = -1
COMMENT_TYPES = ("Comment", "VoiceComment")
CHILD_META = frozenset({"id", "via", "via_reference_id", "event_type", "previous_value", "audit_id", "created_at"})
KNOWN_KEYS = ("audits", "audit", "ticket_events", "users", "user", "tickets", "ticket", "ticket_metric_events",
              "ticket_metrics", "ticket_metric")


def read_tickets(
    documents: Iterable[tuple[str, Any]], mapping: Mapping, zone: ZoneInfo | None
) -> tuple[list[RawTicket], list[Problem]]:
    """Every ticket with audits or ticket events in the documents, and the problems met."""
    users: dict[int, str] = {}
    audits: dict[Any, dict[Any, tuple[str, dict[str, Any]]]] = {}
    ticket_events: dict[Any, dict[Any, tuple[str, dict[str, Any]]]] = {}
    audit_counts: dict[Any, tuple[int, str]] = {}
    stream_ends: list[tuple[str, bool]] = []  # (page, end_of_stream) of incremental export pages
    problems: list[Problem] = []
    for where, document in documents:
        if not isinstance(document, dict) or not any(key in document for key in KNOWN_KEYS):
            problems.append(
                Problem(where, "is not a Zendesk API response", "give the responses of the Ticket Audits API "
                        "(?include=users) or of the Incremental Ticket Event Export, as Zendesk returns them")
            )
            continue
        for user in _records(document, "users", "user"):
            if isinstance(user, dict) and "id" in user:
                users[user["id"]] = str(user.get("role"))
        page_tickets = set()
        for audit in _records(document, "audits", "audit"):
            if not isinstance(audit, dict) or "ticket_id" not in audit:
                problems.append(Problem(where, "has an audit without ticket_id", "export audits as the API returns them"))
                continue
            if (id_problem := ticket_id_problem(audit["ticket_id"])) is not None:
                problems.append(Problem(where, f"has an audit with ticket_id {id_problem}", "export audits as the API returns them"))
                continue
            audits.setdefault(audit["ticket_id"], {})[audit.get("id", id(audit))] = (where, audit)
            page_tickets.add(audit["ticket_id"])
        count = document.get("count")
        if len(page_tickets) == 1 and isinstance(count, int) and not isinstance(count, bool):
            # a page of one ticket's audits (GET /api/v2/tickets/{id}/audits): `count` is all of them
            audit_counts[page_tickets.pop()] = (count, where)
        if "ticket_events" in document and isinstance(document.get("end_of_stream"), bool):
            stream_ends.append((where, document["end_of_stream"]))
        for event in document.get("ticket_events", ()):
            if not isinstance(event, dict) or "ticket_id" not in event:
                problems.append(Problem(where, "has a ticket event without ticket_id", "export ticket events as the API returns them"))
                continue
            if (id_problem := ticket_id_problem(event["ticket_id"])) is not None:
                problems.append(Problem(where, f"has a ticket event with ticket_id {id_problem}", "export ticket events as the API returns them"))
                continue
            ticket_events.setdefault(event["ticket_id"], {})[event.get("id", id(event))] = (where, event)
    if stream_ends and not any(ended for _, ended in stream_ends):
        last = stream_ends[-1][0]
        problems.append(Problem(
            last, "is a page of the Incremental Ticket Event Export with end_of_stream false, and no page of the "
            "file has end_of_stream true: the export stops before its end, and the events after it (replies, "
            "solves) are missing, so running tickets would be judged without them",
            "export every page, following next_page, until one says end_of_stream true",
        ))
    roles = mapping.customer_roles if mapping.customer_roles is not None else DEFAULT_CUSTOMER_ROLES
    reader = _Reader(users, roles, zone)
    tickets: list[RawTicket] = []
    for ticket_id, records in audits.items():
        count, where = audit_counts.get(ticket_id, (0, ""))
        if len(records) < count:
            problems.append(Problem(
                f"ticket {ticket_id}", f"holds {len(records)} of its {count} audits ({where} counts {count})",
                "export every page of GET /api/v2/tickets/{id}/audits, following next_page",
            ))
            continue
        _collect(tickets, problems, lambda: reader.from_audits(ticket_id, list(records.values())), ticket_id)
    for ticket_id, records in ticket_events.items():
        if ticket_id in audits:
            continue
        _collect(tickets, problems, lambda: reader.from_ticket_events(ticket_id, list(records.values())), ticket_id)
    return tickets, problems


def _collect(tickets: list[RawTicket], problems: list[Problem], read: Any, ticket_id: Any) -> None:
    try:
        tickets.append(read())
    except ImportFailure as failure:
        problems.append(failure.problem)
    except (TypeError, AttributeError) as error:
        problems.append(misshapen(f"ticket {ticket_id}", error))


def _records(document: dict[str, Any], plural: str, singular: str) -> list[Any]:
    many = document.get(plural)
    if isinstance(many, list):
        return many
    one = document.get(singular)
    return [one] if isinstance(one, dict) else []


def is_merge(via: object) -> bool:
    """True for a via object (or via text, in the event export) that says a merge did it."""
    if isinstance(via, dict):
        via = via.get("channel")
    return isinstance(via, str) and via.casefold() == "merge"


class _Reader:
    def __init__(self, users: dict[int, str], customer_roles: tuple[str, ...], zone: ZoneInfo | None):
        self.users = users
        self.customer_roles = customer_roles
        self.zone = zone

    def instant(self, value: object, where: str, key: str) -> datetime:
        try:
            return parse_instant(value, self.zone)
        except InstantError as error:
            raise ImportFailure(Problem(where, f"{key} {error}", "fix the timestamp in the export")) from None

    def author(self, user_id: object, where: str, merge: bool) -> Author:
        if merge or user_id == SYSTEM_USER:
            return "system"
        if user_id not in self.users:
            raise ImportFailure(
                Problem(
                    where,
                    f"is by user {user_id}, who is not among the export's users",
                    "export the audits with ?include=users (or add the users' responses to the file)",
                )
            )
        return "customer" if self.users[user_id] in self.customer_roles else "agent"

    # ------------------------------------------------------------------- ticket audits

    def from_audits(self, ticket_id: Any, records: list[tuple[str, dict[str, Any]]]) -> RawTicket:
        label = f"ticket {ticket_id}"
        timed = [
            (self.instant(audit.get("created_at"), f"{label}, audit {audit.get('id')}", "created_at"), audit)
            for _, audit in records
        ]
        timed.sort(key=lambda pair: (pair[0], _sequence(pair[1])))
        creation = next(
            (pair for pair in timed if any(_type(e) == "Create" for e in pair[1].get("events") or ())), None
        )
        if creation is None:
            raise ImportFailure(
                Problem(label, "has no creation audit (an audit with Create events)",
                        "export all pages of the ticket's audits, its first one included")
            )
        opened_at, first = creation
        initial: dict[str, str | None] = {}
        events: list[RawEvent] = []
        for at, audit in timed:
            audit_label = f"{label}, audit {audit.get('id')}"
            merge = is_merge(audit.get("via"))
            for event in audit.get("events") or ():
                if not isinstance(event, dict):
                    continue
                where = f"{audit_label}, event {event.get('id')}"
                kind = _type(event)
                if audit is first and kind == "Create":
                    initial[str(event.get("field_name"))] = raw_text(event.get("value"))
                elif kind in ("Create", "Change"):
                    events.append(RawChange(at, str(event.get("field_name")), raw_text(event.get("value")), where))
                elif kind in COMMENT_TYPES and audit is not first:
                    author_id = event.get("author_id", audit.get("author_id"))
                    by = self.author(author_id, where, merge or is_merge(event.get("via")))
                    events.append(RawMessage(at, by, flag(event.get("public"), True, where, "public"), where))
        return RawTicket(ticket_id, label, opened_at, tuple(initial.items()), tuple(events))

    # ------------------------------------------------------------------- incremental ticket events

    def from_ticket_events(self, ticket_id: Any, records: list[tuple[str, dict[str, Any]]]) -> RawTicket:
        label = f"ticket {ticket_id}"
        timed = []
        for _, event in records:
            where = f"{label}, ticket event {event.get('id')}"
            stamp = event.get("created_at", event.get("timestamp"))
            timed.append((self.instant(stamp, where, "created_at"), event))
        timed.sort(key=lambda pair: (pair[0], _sequence(pair[1])))
        creation = next((pair for pair in timed if any(_child_type(c) == "Create" for c in _children(pair[1]))), None)
        if creation is None:
            raise ImportFailure(
                Problem(label, "has no ticket event with Create child events (its creation)",
                        "start the incremental export before the ticket was created")
            )
        opened_at, first = creation
        initial: dict[str, str | None] = {}
        events: list[RawEvent] = []
        for at, record in timed:
            merge = is_merge(record.get("via"))
            for child in _children(record):
                where = f"{label}, ticket event {record.get('id')}, child event {child.get('id')}"
                kind = _child_type(child)
                if kind == "Comment" or child.get("comment_present") is True:
                    if record is first:
                        continue
                    author_id = child.get("author_id", record.get("updater_id"))
                    name = "public" if "public" in child else "comment_public"
                    public = flag(child.get(name), True, where, name)
                    events.append(RawMessage(at, self.author(author_id, where, merge or is_merge(child.get("via"))), public, where))
                elif kind in ("Create", "Change"):
                    for key, value in child.items():
                        if key in CHILD_META:
                            continue
                        if record is first and kind == "Create":
                            initial[key] = raw_text(value)
                        else:
                            events.append(RawChange(at, key, raw_text(value), where))
        return RawTicket(ticket_id, label, opened_at, tuple(initial.items()), tuple(events))


def _sequence(record: dict[str, Any]) -> int:
    """Where an audit or ticket event stands among those of one second: Zendesk numbers them in
    the order they happened, whatever order the pages list them in (`sort_order=desc` lists the
    newest first); records without an integer id come first in their second, in file order."""
    number = record.get("id")
    return number if isinstance(number, int) and not isinstance(number, bool) else 0


def _type(event: dict[str, Any]) -> object:
    return event.get("type", event.get("event_type"))


def _child_type(child: dict[str, Any]) -> object:
    """A child event's kind: `event_type` first, because `type` may be the ticket's type field."""
    return child.get("event_type", child.get("type"))


def _children(record: dict[str, Any]) -> list[dict[str, Any]]:
    return [child for child in record.get("child_events") or () if isinstance(child, dict)]
