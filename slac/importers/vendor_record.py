"""The helpdesk's own SLA record, in a neutral form, and its comparison with slac's cycles.

Where an export carries the vendor's judgement, `vendor_cycles` reads it per ticket and target:
- Jira Service Management: `GET /rest/servicedeskapi/request/{key}/sla` (in the issue bundle's
  `sla`): per SLA metric (`name`) its `completedCycles` and `ongoingCycle`, each with
  `startTime`, `stopTime`, `breachTime` (the due instant), `breached`, `elapsedTime.millis`;
- Zendesk: Ticket Metric Events (`{"ticket_metric_events": [...]}`: `ticket_id`, `metric`,
  `instance_id`, `type`, `time`): per metric and instance, `activate` starts it, `fulfill`
  stops it, a `breach` event is at the due instant and breached it unless `deleted`;
- Zammad: the ticket's escalation fields: `first_response` (`created_at`, `first_response_at`,
  `first_response_escalation_at`), `update` (`update_escalation_at`) and `close` (`created_at`,
  `close_at`, `close_escalation_at`); breached when the stop is after the due instant.

The mapping's `[targets]` table names the policy target each vendor metric is compared with;
metrics it does not name are left out. `compare` pairs the vendor's cycles with the cycles of
slac's evaluation (`Evaluation.to_dict()`, "Output" in the timelines decisions) in order, and
says per ticket × target × cycle whether the due instants agree, which is earlier, by how much,
and the likely reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping as MappingType
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal, TypeAlias
from zoneinfo import ZoneInfo

from slac.importers import jira, zammad
from slac.importers.history import misshapen
from slac.importers.instants import InstantError, format_instant, parse_instant
from slac.importers.mapping import Mapping
from slac.importers.problems import Problem

Verdict: TypeAlias = Literal["agree", "slac earlier", "slac later", "only the vendor", "only slac", "no due to compare"]
DAY = 86400.0


@dataclass(frozen=True)
class VendorCycle:
    """One cycle of one target as the helpdesk judged it. `cycle` counts from 0 per ticket and
    target; an unknown instant or judgement is None."""

    ticket: str | int
    target: str
    vendor_target: str
    cycle: int
    start: datetime | None
    stop: datetime | None
    due: datetime | None
    breached: bool | None
    elapsed_seconds: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "ticket": self.ticket,
            "target": self.target,
            "vendor_target": self.vendor_target,
            "cycle": self.cycle,
            "start": _text(self.start),
            "stop": _text(self.stop),
            "due": _text(self.due),
            "breached": self.breached,
            "elapsed_seconds": self.elapsed_seconds,
        }


def vendor_cycles(
    vendor: str, documents: Iterable[tuple[str, Any]], mapping: Mapping, zone: ZoneInfo | None = None
) -> tuple[list[VendorCycle], list[Problem]]:
    """The vendor's own record of every ticket in the documents, for the targets the mapping names."""
    reader = {"jira": _jira, "zendesk": _zendesk, "zammad": _zammad}[vendor]
    cycles: list[VendorCycle] = []
    problems: list[Problem] = []
    try:
        for cycle in reader(list(documents), zone, problems):
            target = mapping.target_for(cycle.vendor_target)
            if target is not None:
                cycles.append(VendorCycle(**{**cycle.__dict__, "target": target}))
    except (TypeError, AttributeError) as error:  # a record misshapen where no one metric is named
        problems.append(misshapen("the vendor's record", error))
    return cycles, problems


def _instant(value: object, zone: ZoneInfo | None, where: str, problems: list[Problem]) -> datetime | None:
    if value is None:
        return None
    try:
        return jira.jira_instant(value, zone) if isinstance(value, dict) else parse_instant(value, zone)
    except InstantError as error:
        problems.append(Problem(where, str(error), "fix the timestamp in the export"))
        return None


def _jira(documents: list[tuple[str, Any]], zone: ZoneInfo | None, problems: list[Problem]) -> Iterable[VendorCycle]:
    bundles, _ = jira.issue_bundles(documents)
    for _, bundle in bundles:
        key = bundle["issue"].get("key", bundle["issue"].get("id"))
        sla = bundle.get("sla")
        values = sla.get("values", []) if isinstance(sla, dict) else []
        for metric in values:
            if not isinstance(metric, dict):
                continue
            name = str(metric.get("name"))
            try:
                yield from _jira_metric(key, name, metric, zone, problems)
            except (TypeError, AttributeError) as error:
                problems.append(misshapen(f"issue {key}, SLA {name!r}", error))


def _jira_metric(key: Any, name: str, metric: dict[str, Any], zone: ZoneInfo | None,
                 problems: list[Problem]) -> list[VendorCycle]:
    """The cycles of one JSM SLA metric (`completedCycles`, then `ongoingCycle`)."""
    cycles = [c for c in metric.get("completedCycles") or () if isinstance(c, dict)]
    if isinstance(metric.get("ongoingCycle"), dict):
        cycles.append(metric["ongoingCycle"])
    read = []
    for index, cycle in enumerate(cycles):
        where = f"issue {key}, SLA {name!r}, cycle {index + 1}"
        elapsed = (cycle.get("elapsedTime") or {}).get("millis")
        read.append(VendorCycle(
            key, name, name, index,
            _instant(cycle.get("startTime"), zone, where, problems),
            _instant(cycle.get("stopTime"), zone, where, problems),
            _instant(cycle.get("breachTime"), zone, where, problems),
            cycle.get("breached") if isinstance(cycle.get("breached"), bool) else None,
            elapsed / 1000 if isinstance(elapsed, (int, float)) else None,
        ))
    return read


def _zendesk(documents: list[tuple[str, Any]], zone: ZoneInfo | None, problems: list[Problem]) -> Iterable[VendorCycle]:
    grouped: dict[tuple[Any, str, Any], list[dict[str, Any]]] = {}
    for _, document in documents:
        if not isinstance(document, dict):
            continue
        for event in document.get("ticket_metric_events") or ():
            if isinstance(event, dict) and "ticket_id" in event and "metric" in event:
                grouped.setdefault((event["ticket_id"], str(event["metric"]), event.get("instance_id")), []).append(event)
    per_metric: dict[tuple[Any, str], int] = {}
    for (ticket, metric, instance), events in grouped.items():
        where = f"ticket {ticket}, metric {metric}, instance {instance}"
        timed = [(_instant(e.get("time"), zone, where, problems), e) for e in events]
        activations = [at for at, e in timed if e.get("type") == "activate" and at is not None]
        fulfilments = [at for at, e in timed if e.get("type") == "fulfill" and at is not None]
        breaches = [(at, e) for at, e in timed if e.get("type") == "breach" and at is not None]
        live = [at for at, e in breaches if e.get("deleted") is not True]
        due = min(live) if live else (max(at for at, _ in breaches) if breaches else None)
        index = per_metric.get((ticket, metric), 0)
        per_metric[(ticket, metric)] = index + 1
        yield VendorCycle(
            ticket, metric, metric, index,
            min(activations) if activations else None,
            max(fulfilments) if fulfilments else None,
            due,
            bool(live) if breaches else None,
        )


ZAMMAD_TARGETS = (
    ("first_response", "created_at", "first_response_at", "first_response_escalation_at"),
    ("update", None, None, "update_escalation_at"),
    ("close", "created_at", "close_at", "close_escalation_at"),
)


def _zammad(documents: list[tuple[str, Any]], zone: ZoneInfo | None, problems: list[Problem]) -> Iterable[VendorCycle]:
    bundles, _ = zammad.ticket_bundles(documents)
    for _, bundle in bundles:
        ticket = bundle["ticket"]
        ticket_id = ticket.get("id", ticket.get("number"))
        for name, start_key, stop_key, due_key in ZAMMAD_TARGETS:
            where = f"ticket {ticket_id}, {due_key}"
            due = _instant(ticket.get(due_key), zone, where, problems)
            stop = _instant(ticket.get(stop_key), zone, where, problems) if stop_key else None
            if due is None and stop is None:
                continue
            start = _instant(ticket.get(start_key), zone, where, problems) if start_key else None
            breached = stop > due if stop is not None and due is not None else None
            yield VendorCycle(ticket_id, name, name, 0, start, stop, due, breached)


# ----------------------------------------------------------------------- the comparison


@dataclass(frozen=True)
class Comparison:
    """One ticket × target × cycle: the vendor's and slac's instants, the verdict on the due
    instant, `difference_seconds` = slac's due − the vendor's, `stop_difference_seconds` = slac's
    stop − the vendor's, and the likely reason of any difference (also when only the stops
    differ: a clock stopped at another reply can leave the due instant as it was)."""

    ticket: str | int
    target: str
    cycle: int
    verdict: Verdict
    difference_seconds: float | None
    stop_difference_seconds: float | None
    vendor_start: datetime | None
    slac_start: datetime | None
    vendor_stop: datetime | None
    slac_stop: datetime | None
    vendor_due: datetime | None
    slac_due: datetime | None
    vendor_breached: bool | None
    slac_status: str | None
    reason: str | None

    @property
    def breach_agrees(self) -> bool | None:
        """Whether both say breached (or both not); None when either does not say."""
        if self.vendor_breached is None or self.slac_status is None:
            return None
        return self.vendor_breached == (self.slac_status == "breached")

    def to_dict(self) -> dict[str, Any]:
        return {
            "ticket": self.ticket, "target": self.target, "cycle": self.cycle, "verdict": self.verdict,
            "difference_seconds": self.difference_seconds, "stop_difference_seconds": self.stop_difference_seconds,
            "vendor_start": _text(self.vendor_start), "slac_start": _text(self.slac_start),
            "vendor_stop": _text(self.vendor_stop), "slac_stop": _text(self.slac_stop),
            "vendor_due": _text(self.vendor_due), "slac_due": _text(self.slac_due),
            "vendor_breached": self.vendor_breached, "slac_status": self.slac_status,
            "breach_agrees": self.breach_agrees, "reason": self.reason,
        }


def compare(
    records: Iterable[VendorCycle],
    evaluations: MappingType[str | int, MappingType[str, Any]],
    tolerance: timedelta = timedelta(minutes=1),
) -> list[Comparison]:
    """Per ticket × target × cycle, the vendor's record against slac's cycles.

    `evaluations` maps a ticket id to slac's evaluation of its history (`Evaluation.to_dict()`:
    `targets[name]["cycles"]`). Cycles pair up in order; `tolerance` absorbs the vendors'
    rounding (Zendesk and Zammad count in minutes)."""
    by_ticket: dict[str, MappingType[str, Any]] = {str(key): value for key, value in evaluations.items()}
    grouped: dict[tuple[str, str], list[VendorCycle]] = {}
    ids: dict[str, str | int] = {}
    for record in records:
        grouped.setdefault((str(record.ticket), record.target), []).append(record)
        ids[str(record.ticket)] = record.ticket
    rows: list[Comparison] = []
    for (ticket, target), vendor in grouped.items():
        vendor.sort(key=lambda record: record.cycle)
        targets = (by_ticket.get(ticket) or {}).get("targets") or {}
        slac = list((targets.get(target) or {}).get("cycles") or ())
        for index in range(max(len(vendor), len(slac))):
            rows.append(_row(ids[ticket], target, index, vendor[index] if index < len(vendor) else None,
                             slac[index] if index < len(slac) else None, tolerance))
    return rows


def _row(
    ticket: str | int, target: str, index: int, vendor: VendorCycle | None,
    slac: MappingType[str, Any] | None, tolerance: timedelta,
) -> Comparison:
    slac_start = _parse(slac, "start")
    slac_stop = _parse(slac, "stop")
    slac_due = _parse(slac, "due")
    vendor_start = vendor.start if vendor else None
    vendor_stop = vendor.stop if vendor else None
    vendor_due = vendor.due if vendor else None
    difference = None
    reason = None
    if vendor is None:
        verdict: Verdict = "only slac"
        reason = "the helpdesk has no record of this cycle (it did not start it, or the export leaves it out)"
    elif slac is None:
        verdict = "only the vendor"
        reason = "the policy starts no such cycle: the helpdesk started its clock at an event the policy does not"
    elif slac_due is None or vendor_due is None:
        verdict = "no due to compare"
        reason = slac.get("reason") if slac_due is None else "the helpdesk records no due instant"
    else:
        difference = (slac_due - vendor_due).total_seconds()
        if abs(difference) <= tolerance.total_seconds():
            verdict = "agree"
            if _apart(slac_start, vendor_start, tolerance) or _apart(slac_stop, vendor_stop, tolerance):
                reason = _likely_reason(vendor, slac, slac_start, slac_stop, difference, tolerance)
        else:
            verdict = "slac earlier" if difference < 0 else "slac later"
            reason = _likely_reason(vendor, slac, slac_start, slac_stop, difference, tolerance)
    stop_difference = (slac_stop - vendor_stop).total_seconds() if slac_stop and vendor_stop else None
    return Comparison(
        ticket, target, index, verdict, difference, stop_difference, vendor_start, slac_start, vendor_stop, slac_stop,
        vendor_due, slac_due, vendor.breached if vendor else None, slac.get("status") if slac else None, reason,
    )


def _likely_reason(
    vendor: VendorCycle, slac: MappingType[str, Any], slac_start: datetime | None, slac_stop: datetime | None,
    difference: float, tolerance: timedelta,
) -> str:
    """The first explanation the instants support, from the most to the least telling."""
    if _apart(slac_start, vendor.start, tolerance):
        assert slac_start is not None and vendor.start is not None
        side = "later" if slac_start > vendor.start else "earlier"
        return f"the clocks start at different events (slac's starts {_duration(slac_start - vendor.start)} {side})"
    if _apart(slac_stop, vendor.stop, tolerance):
        assert slac_stop is not None and vendor.stop is not None
        if vendor.stop < slac_stop:
            return ("the helpdesk stopped its clock earlier, at a reply it counted that the policy does not "
                    "(an internal note, a system or merge message, the opening comment)")
        return "the helpdesk stopped its clock later: it did not count a reply the policy counts"
    paused = float(slac.get("paused_seconds") or 0.0)
    if difference > 0 and paused > 0:
        return f"a pause the helpdesk did not apply (slac's cycle was paused {_duration(timedelta(seconds=paused))})"
    if difference < 0 and paused == 0:
        whole_days = abs(difference) % DAY <= tolerance.total_seconds() or DAY - abs(difference) % DAY <= tolerance.total_seconds()
        if not whole_days:
            return "a pause the helpdesk applied that the policy does not"
    if abs(difference) % DAY <= tolerance.total_seconds() or DAY - abs(difference) % DAY <= tolerance.total_seconds():
        side = "the policy's" if difference > 0 else "the helpdesk's"
        return f"a closed day (a holiday) that {side} calendar knows and the other does not"
    return "different support hours or a different goal"


def _apart(a: datetime | None, b: datetime | None, tolerance: timedelta) -> bool:
    return a is not None and b is not None and abs(a - b) > tolerance


def _duration(delta: timedelta) -> str:
    seconds = int(abs(delta.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes = rest // 60
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


def _parse(cycle: MappingType[str, Any] | None, key: str) -> datetime | None:
    value = cycle.get(key) if cycle else None
    return parse_instant(value, None) if isinstance(value, str) else None


def _text(instant: datetime | None) -> str | None:
    return format_instant(instant) if instant is not None else None
