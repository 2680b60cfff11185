"""Zammad exports → neutral tickets.

Reads, from the documents in one file, one bundle per ticket of the responses Zammad documents:
`{"ticket": <GET /api/v1/tickets/{id}?expand=true>, "articles": <GET
/api/v1/ticket_articles/by_ticket/{id}?expand=true>, "history": <GET /api/v1/ticket_history/{id}>}`.

- The ticket gives `id`, `created_at` and the attributes' current values by name (`state`,
  `priority`, `group`, `organization`, custom attributes), and the escalation fields that
  `vendor_record` reads.
- Articles have `sender` (`Customer`, `Agent`, `System`), `internal` and `created_at`. The
  customer is, by default, the `Customer` sender (`[customer] roles` lists senders); `System`
  articles are system messages. The first article, written when the ticket was created (within
  a minute of it), is the ticket's description.
- History entries (`object` `Ticket`, `type` `updated`, `attribute`, `value_from`, `value_to`,
  `created_at`) give the changes; an attribute's value when the ticket opened is the
  `value_from` of its first change, else its current value. A merged ticket's state becomes
  `merged` (map it, e.g. `merged = "closed"`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from slac.importers.history import Author, RawChange, RawEvent, RawMessage, RawTicket, flag, misshapen, raw_text
from slac.importers.instants import InstantError, parse_instant
from slac.importers.mapping import Mapping
from slac.importers.problems import ImportFailure, Problem

STATUS_SOURCE = "state"
DEFAULT_CUSTOMER_ROLES = ("Customer",)
SYSTEM_SENDERS = ("System",)
OPENING_ARTICLE_WINDOW = timedelta(minutes=1)


def ticket_bundles(documents: Iterable[tuple[str, Any]]) -> tuple[list[tuple[str, dict[str, Any]]], list[Problem]]:
    """Each ticket bundle {"ticket", "articles"?, "history"?} with where it was read."""
    bundles: list[tuple[str, dict[str, Any]]] = []
    problems: list[Problem] = []
    for where, document in documents:
        if isinstance(document, dict) and isinstance(document.get("ticket"), dict):
            bundles.append((where, document))
        else:
            problems.append(
                Problem(where, "is not a Zammad ticket bundle", "give {\"ticket\": <GET /api/v1/tickets/{id}?expand=true>, "
                        "\"articles\": <GET /api/v1/ticket_articles/by_ticket/{id}>, \"history\": <GET /api/v1/ticket_history/{id}>}")
            )
    return bundles, problems


def read_tickets(
    documents: Iterable[tuple[str, Any]], mapping: Mapping, zone: ZoneInfo | None
) -> tuple[list[RawTicket], list[Problem]]:
    """Every ticket in the documents, and the problems met."""
    bundles, problems = ticket_bundles(documents)
    senders = mapping.customer_roles if mapping.customer_roles is not None else DEFAULT_CUSTOMER_ROLES
    tickets: list[RawTicket] = []
    for _, bundle in bundles:
        try:
            tickets.append(_read_ticket(bundle, senders, zone))
        except ImportFailure as failure:
            problems.append(failure.problem)
        except (TypeError, AttributeError) as error:
            ticket = bundle["ticket"]
            problems.append(misshapen(f"ticket {ticket.get('id', ticket.get('number'))}", error))
    return tickets, problems


def _read_ticket(bundle: dict[str, Any], senders: tuple[str, ...], zone: ZoneInfo | None) -> RawTicket:
    ticket = bundle["ticket"]
    ticket_id = ticket.get("id", ticket.get("number"))
    label = f"ticket {ticket_id}"

    def instant(value: object, place: str) -> datetime:
        try:
            return parse_instant(value, zone)
        except InstantError as error:
            raise ImportFailure(Problem(place, f"created_at {error}", "fix the timestamp in the export")) from None

    opened_at = instant(ticket.get("created_at"), label)
    articles = _listing(bundle.get("articles"), "articles")
    history = _listing(bundle.get("history"), "history")

    events: list[RawEvent] = []
    timed_articles = sorted(
        ((instant(a.get("created_at"), f"{label}, article {a.get('id')}"), a) for a in articles),
        key=lambda pair: (pair[0], pair[1].get("id") or 0),
    )
    for index, (at, article) in enumerate(timed_articles):
        place = f"{label}, article {article.get('id')}"
        if index == 0 and at - opened_at <= OPENING_ARTICLE_WINDOW:
            continue
        internal = flag(article.get("internal"), False, place, "internal")
        events.append(RawMessage(at, _author(article, senders, place), not internal, place))

    first_from: dict[str, str | None] = {}
    for entry in history:
        if _key(entry, "object") != "Ticket" or _key(entry, "type") != "updated" or not _key(entry, "attribute"):
            continue
        place = f"{label}, history entry {entry.get('id')}"
        source = str(_key(entry, "attribute"))
        first_from.setdefault(source, raw_text(entry.get("value_from")))
        events.append(RawChange(instant(entry.get("created_at"), place), source, raw_text(entry.get("value_to")), place))

    sources = set(first_from) | set(ticket)
    initial = tuple(
        (source, first_from[source] if source in first_from else _current(ticket.get(source))) for source in sources
    )
    events.sort(key=lambda event: (event.at, isinstance(event, RawChange)))
    return RawTicket(ticket_id, label, opened_at, initial, tuple(events))


def _author(article: dict[str, Any], senders: tuple[str, ...], place: str) -> Author:
    sender = article.get("sender")
    if not isinstance(sender, str):
        raise ImportFailure(
            Problem(place, "has no sender name (Customer, Agent or System)",
                    "export the articles with ?expand=true so that each names its sender")
        )
    if sender in senders:
        return "customer"
    if sender in SYSTEM_SENDERS:
        return "system"
    return "agent"


def _key(entry: dict[str, Any], name: str) -> object:
    """A history entry's key, under its short or its `history_` name."""
    return entry.get(name, entry.get(f"history_{name}"))


def _listing(response: object, key: str) -> list[dict[str, Any]]:
    if isinstance(response, dict):
        response = response.get(key)
    if isinstance(response, list):
        return [item for item in response if isinstance(item, dict)]
    return []


def _current(value: object) -> str | None:
    return None if isinstance(value, (dict, list)) else raw_text(value)
