"""The timeline reference against cycles worked out by hand from issue 10's acme table.

Each case is a history on `rules/acme.sla` (calendar `office`: Europe/Prague, Monday–Friday
08:00–17:00, closed on Czech public holidays, so a business day is 9 hours), the instant it is
judged at, and a table of every cycle of every target. These tables double as worked examples
for the policy: read them as "what a support manager should get".

Reading the tables: instants are UTC (Prague is UTC+1 in winter and UTC+2 from 2025-03-30 to
2025-10-26); `elapsed` and `paused` are hours:minutes on the cycle's clock; `-` is null; a target
with no row has no cycle. The arithmetic behind each due instant is in the comment above the
table. The acme cells used (B = business hours on `office`, W = wall clock):

    target          plan        sev 1     sev 2     sev 3          sev 4
    first_response  standard    2 B h     4 B h     1 B day = 9 h  2 B days = 18 h
    first_response  enterprise  30 min W  1 B h     4 B h          1 B day = 9 h
    next_reply      standard    4 B h     8 B h     18 B h         27 B h
    next_reply      enterprise  2 h W     4 B h     9 B h          18 B h
    update          standard    4 B h     9 B h     n/a            n/a
    update          enterprise  2 h W     4 B h     n/a            n/a
    resolution      standard    18 B h    45 B h    90 B h         best effort
    resolution      enterprise  24 h W    18 B h    45 B h         90 B h
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest

from .policies import CALENDARS, PRAGUE, STRICT, CalendarVariant, acme
from .reference import CycleResult, evaluate_history

pytestmark = pytest.mark.filterwarnings("ignore:Requested Holidays are available only")


def opened(at: str, level: int | None = None, status: str | None = None, **fields: str) -> dict[str, Any]:
    event: dict[str, Any] = {"at": at, "type": "opened"}
    if level is not None:
        event["level"] = level
    if status is not None:
        event["status"] = status
    if fields:
        event["fields"] = fields
    return event


def agent(at: str, public: bool = True) -> dict[str, Any]:
    return {"at": at, "type": "message", "by": "agent", "public": public}


def customer(at: str, public: bool = True) -> dict[str, Any]:
    return {"at": at, "type": "message", "by": "customer", "public": public}


def system(at: str) -> dict[str, Any]:
    return {"at": at, "type": "message", "by": "system"}


def status(at: str, to: str) -> dict[str, Any]:
    return {"at": at, "type": "status", "to": to}


def level(at: str, to: int) -> dict[str, Any]:
    return {"at": at, "type": "level", "to": to}


def set_field(at: str, name: str, to: str) -> dict[str, Any]:
    return {"at": at, "type": "field", "name": name, "to": to}


@dataclass(frozen=True)
class HandCase:
    """A history, the instant it is judged at, and its cycles worked out by hand."""

    name: str
    plan: str
    events: list[dict[str, Any]]
    now: str
    cycles: str
    variant: CalendarVariant = PRAGUE

    def history(self) -> dict[str, Any]:
        return {"id": self.name, "plan": self.plan, "events": self.events}

    def expected(self) -> dict[str, list[tuple[str, ...]]]:
        """The table as {target: [(start, stop, due, status, elapsed, paused, level), …]}."""
        rows: dict[str, list[tuple[str, ...]]] = {}
        lines = [line.strip() for line in self.cycles.strip().splitlines()]
        header = [cell.strip() for cell in lines[0].split("|")]
        assert header == ["target", "start", "stop", "due", "status", "elapsed", "paused", "level"], header
        for line in lines[1:]:
            target, *cells = (cell.strip() for cell in line.split("|"))
            rows.setdefault(target, []).append(tuple(cells))
        return rows


def row(cycle: CycleResult) -> tuple[str, ...]:
    """A computed cycle in the notation of the tables."""

    def when(value: datetime | None) -> str:
        return "-" if value is None else value.strftime("%Y-%m-%d %H:%M")

    def hours(seconds: float) -> str:
        minutes = int(seconds) // 60
        return f"{minutes // 60}:{minutes % 60:02d}"

    return (
        when(cycle.start),
        when(cycle.stop),
        when(cycle.due),
        cycle.status,
        hours(cycle.elapsed_seconds),
        hours(cycle.paused_seconds),
        cycle.level,
    )


CASES = (
    # Thursday 10:00, severity 2. The resolution clock pauses while waiting on the customer from
    # Friday 15:00 to Monday 10:00: only Friday 15–17 and Monday 08–10 are business time, so
    # 4 hours are paused and the weekend removes nothing. Resolution: 45 B h, elapsed Thu 7 +
    # Fri 7 + Mon 2 = 16, remaining 29 = Mon 12–17 (5) + Tue 9 + Wed 9 + Thu 08–14 (6) → Thu
    # 14:00 local. The update cycle (9 B h from Thu 11:00) breached Fri 11:00 local.
    HandCase(
        "pause_over_weekend",
        "standard",
        [
            opened("2025-03-06T10:00+01:00", level=2),
            agent("2025-03-06T11:00+01:00"),
            status("2025-03-07T15:00+01:00", "waiting_on_customer"),
            customer("2025-03-10T10:00+01:00"),
            status("2025-03-10T10:00+01:00", "open"),
        ],
        "2025-03-10T12:00+01:00",
        """
        target         | start            | stop             | due              | status   | elapsed | paused | level
        first_response | 2025-03-06 09:00 | 2025-03-06 10:00 | 2025-03-06 13:00 | met      | 1:00    | 0:00   | 2
        next_reply     | 2025-03-10 09:00 | -                | 2025-03-11 08:00 | due      | 2:00    | 0:00   | 2
        update         | 2025-03-06 10:00 | -                | 2025-03-07 10:00 | breached | 15:00   | 4:00   | 2
        resolution     | 2025-03-06 09:00 | -                | 2025-03-13 13:00 | due      | 16:00   | 4:00   | 2
        """,
    ),
    # Enterprise severity 3 waits on the customer over Christmas (24–26 December are Czech
    # holidays, then a weekend). Resolution 45 B h: elapsed Mon 22 09–17 (8) + Tue 23 08–16 (8)
    # + Mon 29 09–12 (3) = 19; paused Tue 16–17 + Mon 08–09 = 2. Remaining 26 = Mon 5 + Tue 30
    # 9 + Wed 31 9 + (1 January closed) Fri 2 January 08–11 → 11:00 local. The update target is
    # n/a at severity 3; its elapsed and paused time are still reported, in real time (a cycle
    # without a goal has no clock of its own): 170.5 hours from Mon 22 09:30 to Mon 29 12:00, of
    # which Tue 23 16:00 – Mon 29 09:00 (137 hours) waiting.
    HandCase(
        "pause_over_christmas",
        "enterprise",
        [
            opened("2025-12-22T09:00+01:00", level=3),
            agent("2025-12-22T09:30+01:00"),
            status("2025-12-23T16:00+01:00", "waiting_on_customer"),
            customer("2025-12-29T09:00+01:00"),
            status("2025-12-29T09:00+01:00", "open"),
        ],
        "2025-12-29T12:00+01:00",
        """
        target         | start            | stop             | due              | status | elapsed | paused | level
        first_response | 2025-12-22 08:00 | 2025-12-22 08:30 | 2025-12-22 12:00 | met    | 0:30    | 0:00   | 3
        next_reply     | 2025-12-29 08:00 | -                | 2025-12-30 08:00 | due    | 3:00    | 0:00   | 3
        update         | 2025-12-22 08:30 | -                | -                | n/a    | 33:30   | 137:00 | 3
        resolution     | 2025-12-22 08:00 | -                | 2026-01-02 10:00 | due    | 19:00   | 2:00   | 3
        """,
    ),
    # Standard severity 1, solved Tuesday 14:00 and reopened Wednesday 10:00: the resolution
    # cycle continues, and the business time it spent solved (Tue 14–17, Wed 08–10) is paused.
    # Elapsed Tue 09–14 (5) + Wed 10–15 (5) = 10 of 18; remaining 8 = Wed 15–17 + Thu 08–14.
    # The first update cycle ran 4.5 B h against 4 when solving stopped it; the second reaches
    # exactly 4 B h at `now` (elapsed ≥ goal: breached at now).
    HandCase(
        "reopen_continues",
        "standard",
        [
            opened("2025-03-04T09:00+01:00", level=1),
            agent("2025-03-04T09:30+01:00"),
            status("2025-03-04T14:00+01:00", "solved"),
            customer("2025-03-05T10:00+01:00"),
            status("2025-03-05T10:00+01:00", "open"),
            agent("2025-03-05T11:00+01:00"),
        ],
        "2025-03-05T15:00+01:00",
        """
        target         | start            | stop             | due              | status   | elapsed | paused | level
        first_response | 2025-03-04 08:00 | 2025-03-04 08:30 | 2025-03-04 10:00 | met      | 0:30    | 0:00   | 1
        next_reply     | 2025-03-05 09:00 | 2025-03-05 10:00 | 2025-03-05 13:00 | met      | 1:00    | 0:00   | 1
        update         | 2025-03-04 08:30 | 2025-03-04 13:00 | 2025-03-04 12:30 | breached | 4:30    | 0:00   | 1
        update         | 2025-03-05 10:00 | -                | 2025-03-05 14:00 | breached | 4:00    | 0:00   | 1
        resolution     | 2025-03-04 08:00 | -                | 2025-03-06 13:00 | due      | 10:00   | 5:00   | 1
        """,
    ),
    # Solved, then closed (solved to solved: no reopen), then reopened from closed. Resolution
    # elapsed Mon 09–10 + Tue 09–10 = 2 of 45; paused Mon 10–17 + Tue 08–09 = 8; remaining 43 =
    # Tue 7 + Wed 9 + Thu 9 + Fri 9 + Mon 08–17 → Monday 17:00 local.
    HandCase(
        "reopen_from_closed",
        "standard",
        [
            opened("2025-03-03T09:00+01:00", level=2),
            status("2025-03-03T10:00+01:00", "solved"),
            status("2025-03-03T11:00+01:00", "closed"),
            status("2025-03-04T09:00+01:00", "open"),
        ],
        "2025-03-04T10:00+01:00",
        """
        target         | start            | stop             | due              | status | elapsed | paused | level
        first_response | 2025-03-03 08:00 | 2025-03-03 09:00 | 2025-03-03 12:00 | met    | 1:00    | 0:00   | 2
        resolution     | 2025-03-03 08:00 | -                | 2025-03-10 16:00 | due    | 2:00    | 8:00   | 2
        """,
    ),
    # Severity 3 escalated to 1 two hours after opening, replied 30 minutes later. The first
    # response is judged at severity 1 (2 B h): it breached at the very moment of the escalation.
    # Resolution keeps its elapsed 3 h against 18: remaining 15 = Mon 12–17 + Tue 9 + Wed 08–09.
    HandCase(
        "escalation_3_to_1",
        "standard",
        [
            opened("2025-03-03T09:00+01:00", level=3),
            level("2025-03-03T11:00+01:00", 1),
            agent("2025-03-03T11:30+01:00"),
        ],
        "2025-03-03T12:00+01:00",
        """
        target         | start            | stop             | due              | status   | elapsed | paused | level
        first_response | 2025-03-03 08:00 | 2025-03-03 10:30 | 2025-03-03 10:00 | breached | 2:30    | 0:00   | 1
        update         | 2025-03-03 10:30 | -                | 2025-03-03 14:30 | due      | 0:30    | 0:00   | 1
        resolution     | 2025-03-03 08:00 | -                | 2025-03-05 08:00 | due      | 3:00    | 0:00   | 1
        """,
    ),
    # Enterprise severity 1 (resolution 24 h wall clock) de-escalated to 3 at 17:00 on the day:
    # resolution is now judged against 45 B h, counted in business hours from the opening
    # (Mon 16–17, Tue 9, Wed 08–10 = 12), so 42 wall-clock hours later it is not breached;
    # remaining 33 = Wed 7 + Thu 9 + Fri 9 + Mon 08–16. The running update cycle is cancelled at
    # the change (judged at severity 1: 2 h W) and a new one, n/a at severity 3, starts; without
    # a goal it counts real time (Mon 17:00 to Wed 10:00 = 41 h).
    HandCase(
        "de_escalation_1_to_3",
        "enterprise",
        [
            opened("2025-03-03T16:00+01:00", level=1),
            agent("2025-03-03T16:20+01:00"),
            level("2025-03-03T17:00+01:00", 3),
        ],
        "2025-03-05T10:00+01:00",
        """
        target         | start            | stop             | due              | status    | elapsed | paused | level
        first_response | 2025-03-03 15:00 | 2025-03-03 15:20 | 2025-03-03 15:30 | met       | 0:20    | 0:00   | 1
        update         | 2025-03-03 15:20 | 2025-03-03 16:00 | -                | cancelled | 0:40    | 0:00   | 1
        update         | 2025-03-03 16:00 | -                | -                | n/a       | 41:00   | 0:00   | 3
        resolution     | 2025-03-03 15:00 | -                | 2025-03-10 15:00 | due       | 12:00   | 0:00   | 3
        """,
    ),
    # An internal note, a system message and a private customer message start and stop nothing:
    # the first response stops at the public reply at 10:00, the only update cycle starts there
    # and no next-reply cycle exists. Update: 9 B h from Mon 10:00 → Tue 10:00 local.
    # Resolution: remaining 43.5 from Mon 10:30 → Mon 10 March 09:00 local.
    HandCase(
        "internal_note_does_not_count",
        "standard",
        [
            opened("2025-03-03T09:00+01:00", level=2),
            agent("2025-03-03T09:30+01:00", public=False),
            system("2025-03-03T09:45+01:00"),
            agent("2025-03-03T10:00+01:00"),
            customer("2025-03-03T10:15+01:00", public=False),
        ],
        "2025-03-03T10:30+01:00",
        """
        target         | start            | stop             | due              | status | elapsed | paused | level
        first_response | 2025-03-03 08:00 | 2025-03-03 09:00 | 2025-03-03 12:00 | met    | 1:00    | 0:00   | 2
        update         | 2025-03-03 09:00 | -                | 2025-03-04 09:00 | due    | 0:30    | 0:00   | 2
        resolution     | 2025-03-03 08:00 | -                | 2025-03-10 08:00 | due    | 1:30    | 0:00   | 2
        """,
    ),
    # Severity 1 on staging is severity 2: first response 4 B h (breached at 13:00 local),
    # resolution 45 B h (remaining 40 from Mon 14:00 → Mon 10 March 09:00 local).
    HandCase(
        "staging_ticket",
        "standard",
        [opened("2025-03-03T09:00+01:00", level=1, environment="staging")],
        "2025-03-03T14:00+01:00",
        """
        target         | start            | stop | due              | status   | elapsed | paused | level
        first_response | 2025-03-03 08:00 | -    | 2025-03-03 12:00 | breached | 5:00    | 0:00   | 2
        resolution     | 2025-03-03 08:00 | -    | 2025-03-10 08:00 | due      | 5:00    | 0:00   | 2
        """,
    ),
    # A staging severity 1 ticket (so 2) moved to production at 11:00 becomes severity 1: a field
    # change is a level change, so the update cycle restarts at 11:00 (4 B h → 15:00 local).
    # The first response stopped at 09:30 is judged at the level after that reply: 2.
    HandCase(
        "field_change_restarts_update",
        "standard",
        [
            opened("2025-03-03T09:00+01:00", level=1, environment="staging"),
            agent("2025-03-03T09:30+01:00"),
            set_field("2025-03-03T11:00+01:00", "environment", "production"),
        ],
        "2025-03-03T12:00+01:00",
        """
        target         | start            | stop             | due              | status    | elapsed | paused | level
        first_response | 2025-03-03 08:00 | 2025-03-03 08:30 | 2025-03-03 12:00 | met       | 0:30    | 0:00   | 2
        update         | 2025-03-03 08:30 | 2025-03-03 10:00 | -                | cancelled | 1:30    | 0:00   | 2
        update         | 2025-03-03 10:00 | -                | 2025-03-03 14:00 | due       | 1:00    | 0:00   | 1
        resolution     | 2025-03-03 08:00 | -                | 2025-03-05 08:00 | due       | 3:00    | 0:00   | 1
        """,
    ),
    # Severity 2 raised to 1 at noon: the update cycle running since 09:30 is cancelled and a new
    # one (4 B h) starts at noon, breached at 16:00 local. Resolution keeps its 7.5 elapsed hours
    # against 18: remaining 10.5 = Mon 16:30–17 + Tue 9 + Wed 08–09.
    HandCase(
        "update_restarted_by_level_change",
        "standard",
        [
            opened("2025-03-03T09:00+01:00", level=2),
            agent("2025-03-03T09:30+01:00"),
            level("2025-03-03T12:00+01:00", 1),
        ],
        "2025-03-03T16:30+01:00",
        """
        target         | start            | stop             | due              | status    | elapsed | paused | level
        first_response | 2025-03-03 08:00 | 2025-03-03 08:30 | 2025-03-03 12:00 | met       | 0:30    | 0:00   | 2
        update         | 2025-03-03 08:30 | 2025-03-03 11:00 | -                | cancelled | 2:30    | 0:00   | 2
        update         | 2025-03-03 11:00 | -                | 2025-03-03 15:00 | breached  | 4:30    | 0:00   | 1
        resolution     | 2025-03-03 08:00 | -                | 2025-03-05 08:00 | due       | 7:30    | 0:00   | 1
        """,
    ),
    # Solved at 11:00 before any reply: the solve stops the first response (9 B h: 7 left → Tue
    # 09:00 local) and the resolution (90 B h: 88 left → Mon 17 March 09:00 local). The reply
    # at 11:30 comes while the ticket is solved: it starts no update cycle.
    HandCase(
        "solved_before_any_reply",
        "standard",
        [
            opened("2025-03-03T09:00+01:00", level=3),
            status("2025-03-03T11:00+01:00", "solved"),
            agent("2025-03-03T11:30+01:00"),
        ],
        "2025-03-03T12:00+01:00",
        """
        target         | start            | stop             | due              | status | elapsed | paused | level
        first_response | 2025-03-03 08:00 | 2025-03-03 10:00 | 2025-03-04 08:00 | met    | 2:00    | 0:00   | 3
        resolution     | 2025-03-03 08:00 | 2025-03-03 10:00 | 2025-03-17 08:00 | met    | 2:00    | 0:00   | 3
        """,
    ),
    # A ticket opened already solved: its first response and resolution cycles start and stop at
    # the opening (elapsed 0, met; due = opening + the whole goal: 9 B h from Mon 09:00 → Tue
    # 09:00 local, 90 B h → Mon 17 March 09:00 local). A customer message on the
    # solved ticket still starts a next-reply cycle (18 B h from Mon 10:00 → Wed 10:00 local).
    HandCase(
        "opened_solved",
        "standard",
        [
            opened("2025-03-03T09:00+01:00", level=3, status="solved"),
            customer("2025-03-03T10:00+01:00"),
        ],
        "2025-03-03T11:00+01:00",
        """
        target         | start            | stop             | due              | status | elapsed | paused | level
        first_response | 2025-03-03 08:00 | 2025-03-03 08:00 | 2025-03-04 08:00 | met    | 0:00    | 0:00   | 3
        next_reply     | 2025-03-03 09:00 | -                | 2025-03-05 09:00 | due    | 1:00    | 0:00   | 3
        resolution     | 2025-03-03 08:00 | 2025-03-03 08:00 | 2025-03-17 08:00 | met    | 0:00    | 0:00   | 3
        """,
    ),
    # Waiting on the customer over the weekend clocks go forward (30 March 2025). First response
    # (never paused, 4 B h): Fri 15–17 + Mon 08–10 CEST → 08:00 UTC. Resolution: elapsed Fri
    # 15–16 + Mon 09–11 = 3, paused Fri 16–17 + Mon 08–09 = 2; remaining 42 = Mon 6 + Tue–Thu 27
    # + Fri 08–17 → Friday 4 April 17:00 CEST.
    HandCase(
        "dst_weekend_spring",
        "standard",
        [
            opened("2025-03-28T15:00+01:00", level=2),
            status("2025-03-28T16:00+01:00", "waiting_on_customer"),
            status("2025-03-31T09:00+02:00", "open"),
        ],
        "2025-03-31T11:00+02:00",
        """
        target         | start            | stop | due              | status   | elapsed | paused | level
        first_response | 2025-03-28 14:00 | -    | 2025-03-31 08:00 | breached | 5:00    | 0:00   | 2
        resolution     | 2025-03-28 14:00 | -    | 2025-04-04 15:00 | due      | 3:00    | 2:00   | 2
        """,
    ),
    # Enterprise severity 1 on the wall clock across the spring change: from Saturday 12:00 CET
    # to Sunday 12:00 CEST is 23 hours, so the 24-hour resolution is due at Sunday 13:00 CEST.
    HandCase(
        "dst_weekend_wall_clock",
        "enterprise",
        [opened("2025-03-29T12:00+01:00", level=1)],
        "2025-03-30T12:00+02:00",
        """
        target         | start            | stop | due              | status   | elapsed | paused | level
        first_response | 2025-03-29 11:00 | -    | 2025-03-29 11:30 | breached | 23:00   | 0:00   | 1
        resolution     | 2025-03-29 11:00 | -    | 2025-03-30 11:00 | due      | 23:00   | 0:00   | 1
        """,
    ),
    # Friday 16:00 CEST before the autumn change (26 October 2025), judged Monday 09:00 CET;
    # Tuesday 28 October is a Czech holiday. First response 4 B h: Fri 16–17 + Mon 08–11 CET.
    # Resolution 45 B h: elapsed 2, remaining 43 = Mon 8 + (Tue closed) Wed–Fri 27 + Mon 3
    # November 08–16 CET.
    HandCase(
        "dst_weekend_autumn_and_holiday",
        "standard",
        [opened("2025-10-24T16:00+02:00", level=2)],
        "2025-10-27T09:00+01:00",
        """
        target         | start            | stop | due              | status | elapsed | paused | level
        first_response | 2025-10-24 14:00 | -    | 2025-10-27 10:00 | due    | 2:00    | 0:00   | 2
        resolution     | 2025-10-24 14:00 | -    | 2025-11-03 15:00 | due    | 2:00    | 0:00   | 2
        """,
    ),
    # A reply and the solve at one instant, reply first: the reply stops the first response and
    # starts an update cycle, which the solve stops at once (elapsed 0, met).
    HandCase(
        "same_instant_reply_then_solved",
        "standard",
        [
            opened("2025-03-03T09:00+01:00", level=2),
            agent("2025-03-03T10:00+01:00"),
            status("2025-03-03T10:00+01:00", "solved"),
        ],
        "2025-03-03T11:00+01:00",
        """
        target         | start            | stop             | due              | status | elapsed | paused | level
        first_response | 2025-03-03 08:00 | 2025-03-03 09:00 | 2025-03-03 12:00 | met    | 1:00    | 0:00   | 2
        update         | 2025-03-03 09:00 | 2025-03-03 09:00 | 2025-03-04 09:00 | met    | 0:00    | 0:00   | 2
        resolution     | 2025-03-03 08:00 | 2025-03-03 09:00 | 2025-03-10 08:00 | met    | 1:00    | 0:00   | 2
        """,
    ),
    # The same two events, solve first: the solve stops the first response; the reply then
    # comes while the ticket is solved and starts no update cycle.
    HandCase(
        "same_instant_solved_then_reply",
        "standard",
        [
            opened("2025-03-03T09:00+01:00", level=2),
            status("2025-03-03T10:00+01:00", "solved"),
            agent("2025-03-03T10:00+01:00"),
        ],
        "2025-03-03T11:00+01:00",
        """
        target         | start            | stop             | due              | status | elapsed | paused | level
        first_response | 2025-03-03 08:00 | 2025-03-03 09:00 | 2025-03-03 12:00 | met    | 1:00    | 0:00   | 2
        resolution     | 2025-03-03 08:00 | 2025-03-03 09:00 | 2025-03-10 08:00 | met    | 1:00    | 0:00   | 2
        """,
    ),
    # A customer message and a reply at one instant, customer first: the next-reply cycle starts
    # and the reply stops it at once (met, due = start + 8 B h → Tue 10:00 local). The reply
    # also ends the first update cycle and starts the second.
    HandCase(
        "same_instant_customer_then_reply",
        "standard",
        [
            opened("2025-03-03T09:00+01:00", level=2),
            agent("2025-03-03T09:30+01:00"),
            customer("2025-03-03T11:00+01:00"),
            agent("2025-03-03T11:00+01:00"),
        ],
        "2025-03-03T12:00+01:00",
        """
        target         | start            | stop             | due              | status | elapsed | paused | level
        first_response | 2025-03-03 08:00 | 2025-03-03 08:30 | 2025-03-03 12:00 | met    | 0:30    | 0:00   | 2
        next_reply     | 2025-03-03 10:00 | 2025-03-03 10:00 | 2025-03-04 09:00 | met    | 0:00    | 0:00   | 2
        update         | 2025-03-03 08:30 | 2025-03-03 10:00 | 2025-03-04 08:30 | met    | 1:30    | 0:00   | 2
        update         | 2025-03-03 10:00 | -                | 2025-03-04 10:00 | due    | 1:00    | 0:00   | 2
        resolution     | 2025-03-03 08:00 | -                | 2025-03-10 08:00 | due    | 3:00    | 0:00   | 2
        """,
    ),
    # The same two events, reply first: the reply cannot stop a next-reply cycle that has not
    # started, so the customer's message starts one that is still running at `now`.
    HandCase(
        "same_instant_reply_then_customer",
        "standard",
        [
            opened("2025-03-03T09:00+01:00", level=2),
            agent("2025-03-03T09:30+01:00"),
            agent("2025-03-03T11:00+01:00"),
            customer("2025-03-03T11:00+01:00"),
        ],
        "2025-03-03T12:00+01:00",
        """
        target         | start            | stop             | due              | status | elapsed | paused | level
        first_response | 2025-03-03 08:00 | 2025-03-03 08:30 | 2025-03-03 12:00 | met    | 0:30    | 0:00   | 2
        next_reply     | 2025-03-03 10:00 | -                | 2025-03-04 09:00 | due    | 1:00    | 0:00   | 2
        update         | 2025-03-03 08:30 | 2025-03-03 10:00 | 2025-03-04 08:30 | met    | 1:30    | 0:00   | 2
        update         | 2025-03-03 10:00 | -                | 2025-03-04 10:00 | due    | 1:00    | 0:00   | 2
        resolution     | 2025-03-03 08:00 | -                | 2025-03-10 08:00 | due    | 3:00    | 0:00   | 2
        """,
    ),
    # On hold at `now`: running update and resolution cycles are paused and have no due instant.
    HandCase(
        "paused_at_now",
        "standard",
        [
            opened("2025-03-03T09:00+01:00", level=2),
            agent("2025-03-03T09:30+01:00"),
            status("2025-03-03T10:00+01:00", "on_hold"),
        ],
        "2025-03-03T12:00+01:00",
        """
        target         | start            | stop             | due              | status | elapsed | paused | level
        first_response | 2025-03-03 08:00 | 2025-03-03 08:30 | 2025-03-03 12:00 | met    | 0:30    | 0:00   | 2
        update         | 2025-03-03 08:30 | -                | -                | paused | 0:30    | 2:00   | 2
        resolution     | 2025-03-03 08:00 | -                | -                | paused | 1:00    | 2:00   | 2
        """,
    ),
    # Judged before the reply: the update cycle starts after `now`, so it is judged at its start
    # (elapsed 0), where the ticket is already waiting on the customer: paused, no due instant.
    # The first response, stopped after `now`, is judged at its stop.
    HandCase(
        "cycle_starts_after_now",
        "standard",
        [
            opened("2025-03-03T09:00+01:00", level=2),
            agent("2025-03-03T09:30+01:00"),
            status("2025-03-03T09:30+01:00", "waiting_on_customer"),
        ],
        "2025-03-03T09:15+01:00",
        """
        target         | start            | stop             | due              | status | elapsed | paused | level
        first_response | 2025-03-03 08:00 | 2025-03-03 08:30 | 2025-03-03 12:00 | met    | 0:30    | 0:00   | 2
        update         | 2025-03-03 08:30 | -                | -                | paused | 0:00    | 0:00   | 2
        resolution     | 2025-03-03 08:00 | -                | 2025-03-10 08:00 | due    | 0:15    | 0:00   | 2
        """,
    ),
    # Severity 4, opened and answered on a Saturday: the update target is n/a and the resolution
    # best effort; cycles without a goal count real time, so an hour has elapsed by Saturday
    # 11:00 though the office is closed. First response (18 B h) met at once, due Monday 08:00
    # + 18 B h = Tuesday 17:00 local.
    HandCase(
        "no_goal_on_a_saturday",
        "standard",
        [
            opened("2025-03-08T10:00+01:00", level=4),
            agent("2025-03-08T10:00+01:00"),
        ],
        "2025-03-08T11:00+01:00",
        """
        target         | start            | stop             | due              | status      | elapsed | paused | level
        first_response | 2025-03-08 09:00 | 2025-03-08 09:00 | 2025-03-11 16:00 | met         | 0:00    | 0:00   | 4
        update         | 2025-03-08 09:00 | -                | -                | n/a         | 1:00    | 0:00   | 4
        resolution     | 2025-03-08 09:00 | -                | -                | best_effort | 1:00    | 0:00   | 4
        """,
    ),
    # Enterprise severity 1 counts on the wall clock, so the wait from Friday 16:30 to Saturday
    # 10:00 local is 17.5 paused hours. Update (2 h W, paused while waiting): 20 min before the
    # wait, then 100 more minutes reach 2 h at 10:40 UTC Saturday. Resolution (24 h W): elapsed
    # 30 min + 2 h, remaining 21.5 h from Saturday 11:00 UTC → Sunday 08:30 UTC.
    HandCase(
        "wall_clock_pause",
        "enterprise",
        [
            opened("2025-03-07T16:00+01:00", level=1),
            agent("2025-03-07T16:10+01:00"),
            status("2025-03-07T16:30+01:00", "waiting_on_customer"),
            customer("2025-03-08T10:00+01:00"),
            status("2025-03-08T10:00+01:00", "open"),
        ],
        "2025-03-08T12:00+01:00",
        """
        target         | start            | stop             | due              | status   | elapsed | paused | level
        first_response | 2025-03-07 15:00 | 2025-03-07 15:10 | 2025-03-07 15:30 | met      | 0:10    | 0:00   | 1
        next_reply     | 2025-03-08 09:00 | -                | 2025-03-08 11:00 | breached | 2:00    | 0:00   | 1
        update         | 2025-03-07 15:10 | -                | 2025-03-08 10:40 | breached | 2:20    | 17:30  | 1
        resolution     | 2025-03-07 15:00 | -                | 2025-03-09 08:30 | due      | 2:30    | 17:30  | 1
        """,
    ),
)


NIGHT_SHIFT, LORD_HOWE = (next(variant for variant in CALENDARS if variant.name == name) for name in ("night_shift", "lord_howe"))

# Two cases on the variants' calendars, to check the reference's calendars themselves.
VARIANT_CASES = (
    # Night shift (Monday–Friday nights 22:00–06:00 Prague): opened Monday 21:00, the first
    # response (4 B h) counts from 22:00 and is due Tuesday 02:00 local. A business day has no
    # length on this calendar (Monday's date holds 2 open hours, Tuesday's 8), so the resolution
    # (5 business days) is undefined, with its elapsed time still reported in real time (4 h).
    HandCase(
        "night_shift",
        "standard",
        [opened("2025-03-03T21:00+01:00", level=2)],
        "2025-03-04T01:00+01:00",
        """
        target         | start            | stop | due              | status    | elapsed | paused | level
        first_response | 2025-03-03 20:00 | -    | 2025-03-04 01:00 | due       | 3:00    | 0:00   | 2
        resolution     | 2025-03-03 20:00 | -    | -                | undefined | 4:00    | 0:00   | 2
        """,
        NIGHT_SHIFT,
    ),
    # Lord Howe Island (09:00–17:00) moves its clocks back by 30 minutes on Sunday 6 April 2025
    # (+11:00 to +10:30). First response 4 B h: Fri 16–17 + Mon 09–12 (+10:30) → 01:30 UTC.
    # Resolution 5 business days of 8 hours = 40: remaining 38 from Mon 10:00 = Mon 7 + Tue–Thu
    # 24 + Fri 11 April 09–16 (+10:30) → 05:30 UTC.
    HandCase(
        "lord_howe_dst",
        "standard",
        [opened("2025-04-04T16:00+11:00", level=2)],
        "2025-04-07T10:00+10:30",
        """
        target         | start            | stop | due              | status | elapsed | paused | level
        first_response | 2025-04-04 05:00 | -    | 2025-04-07 01:30 | due    | 2:00    | 0:00   | 2
        resolution     | 2025-04-04 05:00 | -    | 2025-04-11 05:30 | due    | 2:00    | 0:00   | 2
        """,
        LORD_HOWE,
    ),
    # A reply exactly when the first response's 2 business hours are up (Tuesday 10:00–12:00
    # Prague): `2 business hours` is met, `under 2 business hours` (the strict variant) breached
    # at that instant. The update (4 B h, from the reply) and the resolution (2 B days = 18 h:
    # 2:30 by now, 4:30 more on Tuesday, 9 on Wednesday, 2 on Thursday) run on unchanged.
    *(
        HandCase(
            f"reply_at_the_due_instant_{variant.name}",
            "standard",
            [opened("2025-03-04T10:00+01:00", level=1), agent("2025-03-04T12:00+01:00")],
            "2025-03-04T12:30+01:00",
            f"""
            target         | start            | stop             | due              | status | elapsed | paused | level
            first_response | 2025-03-04 09:00 | 2025-03-04 11:00 | 2025-03-04 11:00 | {outcome:<6} | 2:00    | 0:00   | 1
            update         | 2025-03-04 11:00 | -                | 2025-03-04 15:00 | due    | 0:30    | 0:00   | 1
            resolution     | 2025-03-04 09:00 | -                | 2025-03-06 09:00 | due    | 2:30    | 0:00   | 1
            """,
            variant,
        )
        for variant, outcome in ((PRAGUE, "met"), (STRICT, "breached"))
    ),
)


@pytest.mark.parametrize("case", CASES + VARIANT_CASES, ids=lambda case: case.name)
def test_reference_matches_hand_computed_cycles(case: HandCase) -> None:
    now = datetime.fromisoformat(case.now)
    computed = evaluate_history(acme(case.variant), case.history(), now)
    got = {target: [row(cycle) for cycle in cycles] for target, cycles in computed.items() if cycles}
    assert got == case.expected()


def test_every_acme_target_is_covered_by_some_case() -> None:
    """The tables exercise each target and each cycle status the acme policy can produce."""
    targets = {target for case in CASES for target in case.expected()}
    statuses = {cells[3] for case in CASES for rows in case.expected().values() for cells in rows}
    assert targets == {"first_response", "next_reply", "update", "resolution"}
    assert statuses == {"met", "breached", "due", "paused", "cancelled", "n/a", "best_effort"}
