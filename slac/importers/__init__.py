"""Helpdesk exports → ticket histories (`ticket-history.schema.json`).

`import_export` is the facade: read the file's documents, let the vendor's module read its
tickets into the neutral form (`history.RawTicket`), map each onto the policy's words with the
mapping (`history.build_history`) and gather every problem, so that one run lists all that
must be fixed. Vendor modules: `zendesk`, `jira`, `zammad`; the vendor's own SLA record is
read by `vendor_record`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from slac.importers import jira, zammad, zendesk
from slac.importers.documents import read_documents
from slac.importers.history import RawTicket, Unmapped, build_history, misshapen, values_table
from slac.importers.mapping import Mapping, Vocabulary
from slac.importers.problems import ImportFailure, Problem

if TYPE_CHECKING:
    from slac.model import types as m


@dataclass(frozen=True)
class Vendor:
    """What differs between helpdesks: how tickets are read and what the status is called."""

    name: str
    read_tickets: Callable[[Iterable[tuple[str, Any]], Mapping, ZoneInfo | None], tuple[list[RawTicket], list[Problem]]]
    status_source: str


VENDORS: dict[str, Vendor] = {
    "zendesk": Vendor("zendesk", zendesk.read_tickets, zendesk.STATUS_SOURCE),
    "jira": Vendor("jira", jira.read_tickets, jira.STATUS_SOURCE),
    "zammad": Vendor("zammad", zammad.read_tickets, zammad.STATUS_SOURCE),
}


@dataclass(frozen=True)
class ImportResult:
    """The histories, in the export's order, and every problem as a sentence with its fix."""

    histories: tuple[dict[str, Any], ...]
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def import_export(
    vendor: str,
    path: str | Path,
    mapping: Mapping,
    source_zone: ZoneInfo | None = None,
    vocabulary: Vocabulary | None = None,
) -> ImportResult:
    """Read a helpdesk export and map its tickets onto histories."""
    chosen = VENDORS[vendor]
    file = str(path)
    try:
        documents = list(read_documents(Path(path)))
    except ImportFailure as failure:
        return ImportResult((), (failure.problem.render(file),))
    try:
        tickets, problems = chosen.read_tickets(documents, mapping, source_zone)
    except ImportFailure as failure:
        return ImportResult((), (failure.problem.render(file),))
    except (TypeError, AttributeError) as error:  # a document misshapen outside any one ticket
        return ImportResult((), (misshapen("document", error).render(file),))
    messages = [problem.render(file) for problem in problems]
    if not tickets and not problems:
        messages.append(f"{file}: holds no {vendor} tickets; check that it is a {vendor} export")
    histories: list[dict[str, Any]] = []
    unmapped: list[Unmapped] = []
    for ticket in tickets:
        built = build_history(ticket, mapping, chosen.status_source, vocabulary)
        messages.extend(problem.render(file) for problem in built.problems)
        unmapped.extend(built.unmapped)
        if built.history is not None:
            histories.append(built.history)
    messages.extend(_unmapped_messages(unmapped, file, mapping, chosen.status_source))
    return ImportResult(tuple(histories), tuple(messages))


def _unmapped_messages(unmapped: list[Unmapped], file: str, mapping: Mapping, status_source: str) -> list[str]:
    """One sentence per helpdesk value without a policy value, with how often and where first."""
    grouped: dict[tuple[str, str, bool], list[Unmapped]] = {}
    for item in unmapped:
        grouped.setdefault((item.section, item.value, item.not_in_policy), []).append(item)
    messages = []
    for (section, value, not_in_policy), items in grouped.items():
        attribute = status_source if section == "statuses" else _source(mapping, section)
        target = {"statuses": "status", "level": "level", "plan": "plan"}.get(section, f"{section.removeprefix('fields.')} value")
        seen = f"{len(items)} time{'s' if len(items) != 1 else ''}; first: {items[0].where}"
        problem = "passes through unmapped but is not a {0} of the policy" if not_in_policy else "has no mapping"
        messages.append(
            f"{file}: {attribute} {value!r} {problem.format(target)} ({seen}); add "
            f"{_toml_key(value)} = \"<a policy {target}>\" to [{values_table(section)}] in {mapping.path}"
        )
    return messages


def _source(mapping: Mapping, section: str) -> str:
    if section == "level":
        return mapping.level.source or "priority"
    if section == "plan":
        return mapping.plan.source or "plan"
    name = section.removeprefix("fields.")
    return next((value_map.source or name for field_name, value_map in mapping.fields if field_name == name), name)


def _toml_key(value: str) -> str:
    """A TOML key for a value: bare when it can be, quoted otherwise."""
    if value and all(c.isascii() and (c.isalnum() or c in "_-") for c in value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def unevaluable(histories: Iterable[dict[str, Any]], policy: m.Policy, file: str) -> list[str]:
    """Each history the policy cannot evaluate, as a problem naming its ticket and what
    `slac eval` would say of it (a ticket opened without a level where the policy has no
    default, a field value the mapping let through in another spelling, …). Each is evaluated
    at its last event, so that what is found does not depend on the time of the import."""
    from slac.interpret import Interpreter
    from slac.runtime.inputs import TicketError

    evaluate = Interpreter(policy).evaluate
    messages = []
    for history in histories:
        try:
            evaluate(history, history["events"][-1]["at"])
        except TicketError as error:
            problem = Problem(
                f"ticket {history.get('id')}",
                f"the policy cannot evaluate its history: {error}",
                "map the helpdesk's values onto ones the policy accepts, or fix the ticket in the helpdesk",
            )
            messages.append(problem.render(file))
    return messages
