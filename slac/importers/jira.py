"""Jira Service Management / Jira Cloud exports → neutral tickets.

Reads, from the documents in one file (responses as Atlassian documents them):
- issues from `GET /rest/api/3/issue/{key}?expand=changelog` (or a search response
  `{"issues": [...]}` with `expand=changelog`): `key`, `fields.created`, `fields.reporter`,
  `fields.status`, `fields.priority`, custom fields, `fields.comment.comments` and
  `changelog.histories` (`created`, `author`, `items` with `field`/`fieldId`,
  `fromString`/`toString`);
- a bundle per issue, for what the issue response pages or leaves out:
  `{"issue": {...}, "comments": <GET /rest/api/3/issue/{key}/comment>,
  "changelog": <GET /rest/api/3/issue/{key}/changelog>, "sla": <GET /rest/servicedeskapi/request/{key}/sla>}`.

Comments: `jsdPublic` false (Jira Cloud) or `public` false (the servicedeskapi comment) or a
`visibility` restriction make an internal comment. The customer is, by default, the issue's
reporter and any account of type `customer` (`[customer] roles = ["reporter", "customer"]`:
"reporter" names the reporter, other entries are Jira `accountType` values); accounts of type
`app` (automation) write system messages. Attributes are named by `fieldId` (`status`,
`priority`, `customfield_10010`); a value is the change's `toString`, and a field's value when
the issue opened is the `fromString` of its first change (else its current value). A page of
a changelog or comment listing that is not the whole listing is refused (`_whole_listing`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from slac.importers.history import Author, RawChange, RawEvent, RawMessage, RawTicket, flag, misshapen, raw_text
from slac.importers.instants import InstantError, parse_epoch_millis, parse_instant
from slac.importers.mapping import Mapping
from slac.importers.problems import ImportFailure, Problem

STATUS_SOURCE = "status"
DEFAULT_CUSTOMER_ROLES = ("reporter", "customer")
SYSTEM_ACCOUNT_TYPES = ("app",)


def issue_bundles(documents: Iterable[tuple[str, Any]]) -> tuple[list[tuple[str, dict[str, Any]]], list[Problem]]:
    """Each issue as a bundle {"issue", "comments"?, "changelog"?, "sla"?} with where it was read."""
    bundles: list[tuple[str, dict[str, Any]]] = []
    problems: list[Problem] = []
    for where, document in documents:
        if isinstance(document, dict) and isinstance(document.get("issue"), dict):
            bundles.append((where, document))
        elif isinstance(document, dict) and isinstance(document.get("issues"), list):
            bundles.extend((where, {"issue": issue}) for issue in document["issues"] if isinstance(issue, dict))
        elif isinstance(document, dict) and "key" in document and isinstance(document.get("fields"), dict):
            bundles.append((where, {"issue": document}))
        else:
            problems.append(
                Problem(where, "is not a Jira issue", "give issues from GET /rest/api/3/issue/{key}?expand=changelog "
                        "(or bundles {\"issue\", \"comments\", \"changelog\", \"sla\"})")
            )
    return bundles, problems


def read_tickets(
    documents: Iterable[tuple[str, Any]], mapping: Mapping, zone: ZoneInfo | None
) -> tuple[list[RawTicket], list[Problem]]:
    """Every issue in the documents, and the problems met."""
    bundles, problems = issue_bundles(documents)
    roles = mapping.customer_roles if mapping.customer_roles is not None else DEFAULT_CUSTOMER_ROLES
    tickets: list[RawTicket] = []
    for where, bundle in bundles:
        try:
            tickets.append(_read_issue(bundle, roles, zone, where))
        except ImportFailure as failure:
            problems.append(failure.problem)
        except (TypeError, AttributeError) as error:
            issue = bundle["issue"]
            problems.append(misshapen(f"issue {issue.get('key', issue.get('id'))}", error))
    return tickets, problems


def jira_instant(value: object, zone: ZoneInfo | None) -> datetime:
    """A Jira timestamp: text (`2023-02-28T12:34:56.789+0100`) or a DateDTO
    (`{"iso8601", "jira", "friendly", "epochMillis"}`)."""
    if isinstance(value, dict):
        if "epochMillis" in value:
            return parse_epoch_millis(value["epochMillis"])
        value = value.get("iso8601", value.get("jira"))
    return parse_instant(value, zone)


def _read_issue(bundle: dict[str, Any], roles: tuple[str, ...], zone: ZoneInfo | None, where: str) -> RawTicket:
    issue = bundle["issue"]
    key = issue.get("key", issue.get("id"))
    label = f"issue {key}"
    fields = issue.get("fields") or {}

    def instant(value: object, place: str, name: str) -> datetime:
        try:
            return jira_instant(value, zone)
        except InstantError as error:
            raise ImportFailure(Problem(place, f"{name} {error}", "fix the timestamp in the export")) from None

    opened_at = instant(fields.get("created"), label, "fields.created")
    reporter = _account(fields.get("reporter"))
    histories = (_listing(bundle.get("changelog"), "values", label, "changelog")
                 or _listing(issue.get("changelog"), "histories", label, "changelog"))
    comments = (_listing(bundle.get("comments"), "comments", label, "comments")
                or _listing(bundle.get("comments"), "values", label, "comments"))
    if not comments:
        comments = _listing(fields.get("comment"), "comments", label, "comments")

    events: list[RawEvent] = []
    first_from: dict[str, str | None] = {}
    timed_histories = sorted(
        ((instant(h.get("created"), f"{label}, changelog entry {h.get('id')}", "created"), h) for h in histories),
        key=lambda pair: pair[0],
    )
    for at, history in timed_histories:
        for item in history.get("items") or ():
            if not isinstance(item, dict):
                continue
            source = str(item.get("fieldId") or item.get("field"))
            first_from.setdefault(source, raw_text(item.get("fromString")))
            events.append(RawChange(at, source, raw_text(item.get("toString")), f"{label}, changelog entry {history.get('id')}"))
    for comment in comments:
        place = f"{label}, comment {comment.get('id')}"
        at = instant(comment.get("created"), place, "created")
        author = comment.get("author") or {}
        name = "jsdPublic" if "jsdPublic" in comment else "public"
        public = flag(comment.get(name), True, place, name) and not comment.get("visibility")
        events.append(RawMessage(at, _author(author, reporter, roles), public, place))

    sources = set(first_from) | {key for key in fields if key != "comment"}
    initial = tuple(
        (source, first_from[source] if source in first_from else _field_value(fields.get(source))) for source in sources
    )
    # Messages before changes at one instant: a reply and the transition it comes with.
    events.sort(key=lambda event: (event.at, isinstance(event, RawChange)))
    return RawTicket(key, label, opened_at, initial, tuple(events))


def _listing(response: object, key: str, label: str, what: str) -> list[dict[str, Any]]:
    """The entries of a listing: a list, or a page response holding them under `key` (which
    must be the whole listing: see `_whole_listing`)."""
    if isinstance(response, list):
        return [item for item in response if isinstance(item, dict)]
    if isinstance(response, dict) and isinstance(response.get(key), list):
        _whole_listing(response, len(response[key]), label, what)
        return [item for item in response[key] if isinstance(item, dict)]
    return []


def _whole_listing(page: dict[str, Any], count: int, label: str, what: str) -> None:
    """Refuse a page that is not the whole listing (Jira pages changelogs and comments: an issue
    with expand=changelog carries at most 100 entries, a search 40, and says so in `total`):
    read as the whole, it would lose the missing entries and take a later value for the one the
    issue opened with, moving every deadline with exit 0."""
    total, start = page.get("total"), page.get("startAt", page.get("start", 0))
    start = start if isinstance(start, int) and not isinstance(start, bool) else 0
    known = isinstance(total, int) and not isinstance(total, bool)
    if (known and total > count) or start > 0 or page.get("isLast") is False or page.get("isLastPage") is False:
        of = f"of {total}" if known else "of more"
        endpoint = "changelog" if what == "changelog" else "comment"
        raise ImportFailure(Problem(
            label,
            f"holds one page of its {what} (entries {start + 1}–{start + count} {of})",
            f"fetch every page of GET /rest/api/3/issue/{{key}}/{endpoint} and give all the entries in the bundle's "
            f"\"{what}\" as one list",
        ))


def _account(user: object) -> str | None:
    if not isinstance(user, dict):
        return None
    return user.get("accountId", user.get("key", user.get("name")))


def _author(author: dict[str, Any], reporter: str | None, roles: tuple[str, ...]) -> Author:
    account_type = author.get("accountType")
    if "reporter" in roles and reporter is not None and _account(author) == reporter:
        return "customer"
    if account_type in roles:
        return "customer"
    if account_type in SYSTEM_ACCOUNT_TYPES:
        return "system"
    return "agent"


def _field_value(value: object) -> str | None:
    """A field's current value as text: an option's `value`, a named object's `name`, the first of
    a list (JSM organizations)."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name", value.get("value"))
    if isinstance(value, (dict, list)):
        return None
    return raw_text(value)
