"""Deadlines and statuses worked out by hand, on four policies written for this test
(`tests/cases/zones/`), through the interpreter and the generated module.

The policies cover what the seeds do not: a southern-hemisphere DST (Sydney), a 30-minute
offset (St. John's, Newfoundland; India and Nepal as the customer's zone), subdivision holidays
(NSW, NL, Bavaria, Scotland), a night shift crossing midnight on both DST changes, yearly and
dated closures with an extra opening, the customer's working week (Sunday–Thursday in Israel),
an add-on with hours of its own, overrides, a matrix, discretionary and plain rules, strict
(`under`) and range cells, support days, weeks and months, pauses, reopens that continue or start
a new cycle, and level changes that keep the elapsed time or start a new cycle.

Each case is `(name, ticket, now, expected)`: `expected` maps a target to the values its result
must have (`due`, `status`, `earliest`, `cycles`), or `("cycle", n)` to those of its n-th cycle;
`_level` is the level the ticket ends at. The comment above each case is the working: which
hours count, which days are closed, which offset applies. Instants are UTC (Z).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest

from slac import interpret
from slac.codegen.python import render_module
from slac.model.types import Policy
from slac.pipeline import compile_file

from codegen.support import REPO, load_source

ZONES = REPO / "tests" / "cases" / "zones"

Case = tuple[str, dict[str, Any], str, dict[Any, Any]]

CASES: dict[str, list[Case]] = {
    "koala": [
        # AEDT=+11 until Sun 2025-04-06 03:00 -> AEST +10; AEST until Sun 2025-10-05 02:00 -> AEDT +11.
        # K1 Fri 16:00 AEDT (05:00Z) +4bh: Fri 1h, Mon 7 Apr 09:00 AEST(+10) +3h = 12:00 AEST = 02:00Z
        (
            "K1",
            {"plan": "standard", "severity": 2, "opened_at": "2025-04-04T16:00:00+11:00"},
            "2025-04-05T00:00:00Z",
            {"first_response": {"due": "2025-04-07T02:00:00Z", "status": "due"}},
        ),
        # K2 Thu 17 Apr 20:00 AEST outside hours -> 2h wall -> 22:00 AEST = 12:00Z
        (
            "K2",
            {"plan": "standard", "severity": 1, "opened_at": "2025-04-17T20:00:00+10:00"},
            "2025-04-17T11:00:00Z",
            {"first_response": {"due": "2025-04-17T12:00:00Z", "status": "due"}},
        ),
        # K3 Thu 17 Apr 16:30 open -> 1bh: 30m Thu, Good Fri..Easter Mon closed, Tue 22 09:30 AEST = 21 23:30Z
        (
            "K3",
            {"plan": "standard", "severity": 1, "opened_at": "2025-04-17T16:30:00+10:00"},
            "2025-04-18T00:00:00Z",
            {"first_response": {"due": "2025-04-21T23:30:00Z", "status": "due"}},
        ),
        # K3b exactly at 17:00 -> outside (half-open) -> 2h wall -> 19:00 AEST = 09:00Z
        (
            "K3b",
            {"plan": "standard", "severity": 1, "opened_at": "2025-04-17T17:00:00+10:00"},
            "2025-04-17T08:00:00Z",
            {"first_response": {"due": "2025-04-17T09:00:00Z", "status": "due"}},
        ),
        # K4 resolution sev1 2 business days=16h from Thu 24 Apr 10:00 AEST: Thu 7h, Anzac Fri closed, Mon 8h, Tue 10:00 = 29 00:00Z
        (
            "K4",
            {"plan": "standard", "severity": 1, "opened_at": "2025-04-24T10:00:00+10:00"},
            "2025-04-24T01:00:00Z",
            {"resolution": {"due": "2025-04-29T00:00:00Z", "status": "due"}},
        ),
        # K5 resolution sev2 1 support day from Fri 3 Oct 15:00 AEST: Mon 6 Oct Labour Day closed; Tue 7 Oct 15:00 AEDT(+11)=04:00Z
        (
            "K5",
            {"plan": "standard", "severity": 2, "opened_at": "2025-10-03T15:00:00+10:00"},
            "2025-10-03T06:00:00Z",
            {"resolution": {"due": "2025-10-07T04:00:00Z", "status": "due"}},
        ),
        # K6 sev3 2 weeks = 336h wall from 29 Sep 00:00Z -> 13 Oct 00:00Z
        (
            "K6",
            {"plan": "standard", "severity": 3, "opened_at": "2025-09-29T10:00:00+10:00"},
            "2025-10-13T00:00:00Z",
            {"resolution": {"due": "2025-10-13T00:00:00Z", "status": "breached"}},
        ),
        # K7 night sev1 2h support: opened Fri 4 Apr 05:00 AEDT (Thu night), 1h to 06:00, Fri 22:00 +1h = 23:00 AEDT = 12:00Z
        (
            "K7",
            {"plan": "night", "severity": 1, "opened_at": "2025-04-04T05:00:00+11:00"},
            "2025-04-04T00:00:00Z",
            {"first_response": {"due": "2025-04-04T12:00:00Z", "status": "due"}},
        ),
        # K8 night sev1 opened Sat 5 Apr 05:00 AEDT (Fri night into Sat 06:00): 1h, next Mon 7 Apr 22:00 AEST +1h = 23:00 AEST = 13:00Z
        (
            "K8",
            {"plan": "night", "severity": 1, "opened_at": "2025-04-05T05:00:00+11:00"},
            "2025-04-05T00:00:00Z",
            {"first_response": {"due": "2025-04-07T13:00:00Z", "status": "due"}},
        ),
        # K9 night resolution 1 month from 31 Jan 10:00 AEDT -> 28 Feb 10:00 AEDT = 27 Feb 23:00Z
        (
            "K9",
            {"plan": "night", "severity": 1, "opened_at": "2025-01-31T10:00:00+11:00"},
            "2025-02-01T00:00:00Z",
            {"resolution": {"due": "2025-02-27T23:00:00Z", "status": "due"}},
        ),
        # K10 night resolution 1 month across DST end: 15 Mar 12:00 AEDT -> 15 Apr 12:00 AEST = 02:00Z
        (
            "K10",
            {"plan": "night", "severity": 1, "opened_at": "2025-03-15T12:00:00+11:00"},
            "2025-03-16T00:00:00Z",
            {"resolution": {"due": "2025-04-15T02:00:00Z", "status": "due"}},
        ),
        # K11 night sev3 3 months from 30 Nov 2024 09:00 AEDT -> 28 Feb 2025 09:00 AEDT = 27 Feb 22:00Z (last day)
        (
            "K11",
            {"plan": "night", "severity": 3, "opened_at": "2024-11-30T09:00:00+11:00"},
            "2025-01-01T00:00:00Z",
            {"resolution": {"due": "2025-02-27T22:00:00Z", "status": "due"}},
        ),
        # K12 history: sev2 Fri 4 Apr 16:00 AEDT open; 16:30 agent reply + waiting; Mon 7 Apr 10:00 AEST customer + open; Wed 9 Apr 12:00 solved
        (
            "K12",
            {
                "id": "K12",
                "plan": "standard",
                "events": [
                    {"type": "opened", "at": "2025-04-04T16:00:00+11:00", "level": 2},
                    {"type": "message", "by": "agent", "at": "2025-04-04T16:30:00+11:00"},
                    {"type": "status", "to": "waiting", "at": "2025-04-04T16:30:00+11:00"},
                    {"type": "message", "by": "customer", "at": "2025-04-07T10:00:00+10:00"},
                    {"type": "status", "to": "open", "at": "2025-04-07T10:00:00+10:00"},
                    {"type": "status", "to": "solved", "at": "2025-04-09T12:00:00+10:00"},
                ],
            },
            "2025-04-10T00:00:00Z",
            {
                "first_response": {
                    ("cycle", 1): {"status": "met", "due": "2025-04-07T02:00:00Z", "elapsed_seconds": 1800}
                },
                "update": {
                    ("cycle", 1): {
                        "status": "breached",
                        "due": "2025-04-08T00:00:00Z",
                        "elapsed_seconds": 64800,
                        "paused_seconds": 5400,
                    }
                },
                "resolution": {
                    ("cycle", 1): {
                        "status": "breached",
                        "due": "2025-04-07T23:30:00Z",
                        "elapsed_seconds": 66600,
                        "paused_seconds": 5400,
                    }
                },
                "followup": {
                    ("cycle", 1): {
                        "status": "breached",
                        "due": "2025-04-07T08:00:00Z",
                        "earliest": "2025-04-07T04:00:00Z",
                    }
                },
            },
        ),
        # K13 reopen continues: sev1 Mon 2 Jun 09:00 AEST open, solved 10:00, reopen Tue 09:00, solved Tue 12:00
        (
            "K13",
            {
                "id": "K13",
                "plan": "standard",
                "events": [
                    {"type": "opened", "at": "2025-06-02T09:00:00+10:00", "level": 1},
                    {"type": "status", "to": "solved", "at": "2025-06-02T10:00:00+10:00"},
                    {"type": "status", "to": "open", "at": "2025-06-03T09:00:00+10:00"},
                    {"type": "status", "to": "solved", "at": "2025-06-03T12:00:00+10:00"},
                ],
            },
            "2025-06-10T00:00:00Z",
            {
                "first_response": {
                    "cycles": 1,
                    ("cycle", 1): {"status": "met", "due": "2025-06-02T00:00:00Z", "elapsed_seconds": 3600},
                },
                "resolution": {
                    "cycles": 1,
                    ("cycle", 1): {
                        "status": "met",
                        "due": "2025-06-04T06:00:00Z",
                        "elapsed_seconds": 14400,
                        "paused_seconds": 25200,
                    },
                },
            },
        ),
        # K14 followup under 2bh: customer msg Mon 11:00, solved 13:00 -> exactly 2h -> breached (strict), due 13:00 AEST=03:00Z;
        #     reopen Tue 09:00 -> followup new cycle; now Tue 10:00 -> due Tue 11:00 = 01:00Z; resolution due Wed 13:00 = 03:00Z
        (
            "K14",
            {
                "id": "K14",
                "plan": "standard",
                "events": [
                    {"type": "opened", "at": "2025-06-02T09:00:00+10:00", "level": 1},
                    {"type": "message", "by": "customer", "at": "2025-06-02T11:00:00+10:00"},
                    {"type": "status", "to": "solved", "at": "2025-06-02T13:00:00+10:00"},
                    {"type": "status", "to": "open", "at": "2025-06-03T09:00:00+10:00"},
                ],
            },
            "2025-06-03T00:00:00Z",
            {
                "followup": {
                    "cycles": 2,
                    ("cycle", 1): {"status": "breached", "due": "2025-06-02T03:00:00Z"},
                    ("cycle", 2): {"status": "due", "due": "2025-06-03T01:00:00Z"},
                },
                "resolution": {
                    ("cycle", 1): {"status": "due", "due": "2025-06-04T03:00:00Z", "elapsed_seconds": 18000}
                },
            },
        ),
        # K15 level change: sev3 Mon 16 Jun 09:00 AEST; agent reply 10:00; level 1 at 11:00; now 16:00
        #   update: cycle1 (n/a) cancelled at 11:00, cycle2 from 11:00 4bh -> 15:00 AEST = 05:00Z breached
        #   resolution keeps elapsed: 7h at 16:00, goal 16h -> Tue 17 Jun 17:00 AEST = 07:00Z
        (
            "K15",
            {
                "id": "K15",
                "plan": "standard",
                "events": [
                    {"type": "opened", "at": "2025-06-16T09:00:00+10:00", "level": 3},
                    {"type": "message", "by": "agent", "at": "2025-06-16T10:00:00+10:00"},
                    {"type": "level", "to": 1, "at": "2025-06-16T11:00:00+10:00"},
                ],
            },
            "2025-06-16T06:00:00Z",
            {
                "update": {
                    "cycles": 2,
                    ("cycle", 1): {"status": "cancelled"},
                    ("cycle", 2): {"status": "breached", "due": "2025-06-16T05:00:00Z"},
                },
                "resolution": {
                    ("cycle", 1): {"status": "due", "due": "2025-06-17T07:00:00Z", "elapsed_seconds": 25200}
                },
                "first_response": {("cycle", 1): {"status": "met"}},
            },
        ),
        # K16 staging rule: sev1 staging -> level 2; first_response 4bh from Mon 16 Jun 09:00 -> 13:00 AEST = 03:00Z
        (
            "K16",
            {"plan": "standard", "severity": 1, "environment": "staging", "opened_at": "2025-06-16T09:00:00+10:00"},
            "2025-06-16T00:00:00Z",
            {"_level": "2", "first_response": {"due": "2025-06-16T03:00:00Z", "status": "due"}},
        ),
        # K17 responded exactly at due (1 bh) -> met
        (
            "K17",
            {
                "plan": "standard",
                "severity": 1,
                "opened_at": "2025-06-16T09:00:00+10:00",
                "responded_at": "2025-06-16T10:00:00+10:00",
            },
            "2025-06-17T00:00:00Z",
            {"first_response": {"status": "met", "due": "2025-06-16T00:00:00Z"}},
        ),
        # K18 escalation 3 -> 1 on Thu 19 Jun 12:00 AEST; resolution (keeps elapsed) goal 16 bh reached Tue 17 Jun 17:00 AEST = 07:00Z
        #   first_response: start Mon 09:00 open -> 1 bh -> Mon 10:00 AEST = 00:00Z, breached
        (
            "K18",
            {
                "id": "K18",
                "plan": "standard",
                "events": [
                    {"type": "opened", "at": "2025-06-16T09:00:00+10:00", "level": 3},
                    {"type": "level", "to": 1, "at": "2025-06-19T12:00:00+10:00"},
                ],
            },
            "2025-06-19T03:00:00Z",
            {
                "resolution": {("cycle", 1): {"status": "breached", "due": "2025-06-17T07:00:00Z", "level": "1"}},
                "first_response": {("cycle", 1): {"status": "breached", "due": "2025-06-16T00:00:00Z"}},
            },
        ),
        # K19 opened in status waiting (a pause status) Mon 16 Jun 09:00; status open Mon 13:00; now Mon 15:00
        #   resolution sev2 1 support day: length = Mon 09:00 -> Tue 09:00 = 8h; elapsed at now = 2h (13-15); paused 4h
        #   due = now + 6h business: Mon 15-17 2h, Tue 09:00+4h = 13:00 AEST = 03:00Z Jun 17
        (
            "K19",
            {
                "id": "K19",
                "plan": "standard",
                "events": [
                    {"type": "opened", "at": "2025-06-16T09:00:00+10:00", "level": 2, "status": "waiting"},
                    {"type": "status", "to": "open", "at": "2025-06-16T13:00:00+10:00"},
                ],
            },
            "2025-06-16T05:00:00Z",
            {
                "resolution": {
                    ("cycle", 1): {
                        "status": "due",
                        "due": "2025-06-17T03:00:00Z",
                        "elapsed_seconds": 7200,
                        "paused_seconds": 14400,
                    }
                }
            },
        ),
        # K20 night plan sev2 followup `2 hours` (support hours, nights Mon-Fri 22-06): customer msg Tue 17 Jun 05:30 AEST,
        #   30 min to 06:00, then Tue 22:00 + 1.5h = 23:30 AEST = 13:30Z
        (
            "K20",
            {
                "id": "K20",
                "plan": "night",
                "events": [
                    {"type": "opened", "at": "2025-06-17T05:00:00+10:00", "level": 2},
                    {"type": "message", "by": "customer", "at": "2025-06-17T05:30:00+10:00"},
                ],
            },
            "2025-06-17T00:00:00Z",
            {
                "followup": {("cycle", 1): {"status": "due", "due": "2025-06-17T13:30:00Z"}},
                # first_response night sev2 4 hours: Tue 05:00-06:00 1h, Tue 22:00 + 3h = Wed 01:00 AEST = Tue 15:00Z
                "first_response": {("cycle", 1): {"status": "due", "due": "2025-06-17T15:00:00Z"}},
            },
        ),
        # K21 night sev1 followup `1 hour (24/7)` from customer msg Sat 21 Jun 12:00 AEST -> 13:00 AEST = 03:00Z; solved at 12:59 -> met
        (
            "K21",
            {
                "id": "K21",
                "plan": "night",
                "events": [
                    {"type": "opened", "at": "2025-06-21T11:00:00+10:00", "level": 1},
                    {"type": "message", "by": "customer", "at": "2025-06-21T12:00:00+10:00"},
                    {"type": "status", "to": "solved", "at": "2025-06-21T12:59:00+10:00"},
                ],
            },
            "2025-06-22T00:00:00Z",
            {
                "followup": {("cycle", 1): {"status": "met", "due": "2025-06-21T03:00:00Z", "elapsed_seconds": 3540}},
                # resolution night sev1 1 month from Sat 21 Jun 11:00 AEST, met when solved; due 21 Jul 11:00 AEST = 01:00Z
                "resolution": {("cycle", 1): {"status": "met", "due": "2025-07-21T01:00:00Z"}},
            },
        ),
        # K22 de-escalation 1 -> 3 keeps elapsed: opened Mon 16 Jun 09:00 sev1; level 3 at Mon 12:00; solved Fri 20 Jun 12:00
        #   resolution judged at level 3 = 2 weeks wall (336h) -> met; elapsed wall 4d3h = 99h = 356400s; due = 30 Jun 09:00 AEST = 29 Jun 23:00Z
        (
            "K22",
            {
                "id": "K22",
                "plan": "standard",
                "events": [
                    {"type": "opened", "at": "2025-06-16T09:00:00+10:00", "level": 1},
                    {"type": "level", "to": 3, "at": "2025-06-16T12:00:00+10:00"},
                    {"type": "status", "to": "solved", "at": "2025-06-20T12:00:00+10:00"},
                ],
            },
            "2025-06-21T00:00:00Z",
            {
                "resolution": {
                    ("cycle", 1): {
                        "status": "met",
                        "due": "2025-06-29T23:00:00Z",
                        "elapsed_seconds": 356400,
                        "level": "3",
                    }
                }
            },
        ),
    ],
    "cod": [
        # cod.sla: island = America/St_Johns daily 08-20 (12h day), NL holidays, dec 24 from 12:00, 2025-12-31 closed,
        # extra opening 2025-12-25 10-12. NST -03:30; NDT -02:30 from Sun 2025-03-09 02:00 to Sun 2025-11-02 02:00.
        # C1 p1 Fri 7 Mar 19:00 NST open: 2h support: 1h Fri, Sat 08:00+1h = 09:00 NST = 12:30Z
        (
            "C1",
            {"plan": "basic", "priority": 1, "opened_at": "2025-03-07T19:00:00-03:30"},
            "2025-03-07T23:00:00Z",
            {"first_response": {"due": "2025-03-08T12:30:00Z", "status": "due"}},
        ),
        # C2 p1 Sat 8 Mar 23:30 NST (9 Mar 03:00Z) outside -> 4h wall -> 07:00Z
        (
            "C2",
            {"plan": "basic", "priority": 1, "opened_at": "2025-03-08T23:30:00-03:30"},
            "2025-03-09T04:00:00Z",
            {"first_response": {"due": "2025-03-09T07:00:00Z", "status": "due"}},
        ),
        # C3 p3 1 business day (12h) from Sat 8 Mar 19:00 NST: 1h; Sun 9 Mar 08:00 NDT +11h = 19:00 NDT = 21:30Z
        (
            "C3",
            {"plan": "basic", "priority": 3, "opened_at": "2025-03-08T19:00:00-03:30"},
            "2025-03-09T00:00:00Z",
            {"first_response": {"due": "2025-03-09T21:30:00Z", "status": "due"}},
        ),
        # C4 p2 under 4h: Mon 2 Jun 09:00 NDT (11:30Z) -> due 15:30Z; responded exactly then -> breached
        (
            "C4",
            {
                "plan": "basic",
                "priority": 2,
                "opened_at": "2025-06-02T09:00:00-02:30",
                "responded_at": "2025-06-02T15:30:00Z",
            },
            "2025-06-03T00:00:00Z",
            {"first_response": {"due": "2025-06-02T15:30:00Z", "status": "breached"}},
        ),
        # C4b responded one second before -> met
        (
            "C4b",
            {
                "plan": "basic",
                "priority": 2,
                "opened_at": "2025-06-02T09:00:00-02:30",
                "responded_at": "2025-06-02T15:29:59Z",
            },
            "2025-06-03T00:00:00Z",
            {"first_response": {"status": "met"}},
        ),
        # C5 p2 2 support days from Tue 23 Dec 15:00 NST: 5h + Dec24 08-12 4h + Dec25 10-12 2h -> due Dec 25 12:00 NST = 15:30Z
        (
            "C5",
            {"plan": "basic", "priority": 2, "opened_at": "2025-12-23T15:00:00-03:30"},
            "2025-12-24T00:00:00Z",
            {"resolution": {"due": "2025-12-25T15:30:00Z", "status": "due"}},
        ),
        # C6 p3 1 week = 168h wall from 29 Oct 12:00 NDT (14:30Z) -> 5 Nov 14:30Z
        (
            "C6",
            {"plan": "basic", "priority": 3, "opened_at": "2025-10-29T12:00:00-02:30"},
            "2025-10-30T00:00:00Z",
            {"resolution": {"due": "2025-11-05T14:30:00Z", "status": "due"}},
        ),
        # C7 discretion applied -> level 2; under 4 hours from Mon 2 Jun 09:00 NDT -> 15:30Z
        (
            "C7",
            {
                "plan": "basic",
                "priority": 1,
                "available": "no",
                "applied_rules": ["unavailable"],
                "opened_at": "2025-06-02T09:00:00-02:30",
            },
            "2025-06-02T12:00:00Z",
            {"_level": "2", "first_response": {"due": "2025-06-02T15:30:00Z", "status": "due"}},
        ),
        # C8 not applied -> level 1, 2h -> 11:00 NDT = 13:30Z
        (
            "C8",
            {"plan": "basic", "priority": 1, "available": False, "opened_at": "2025-06-02T09:00:00-02:30"},
            "2025-06-02T12:00:00Z",
            {"_level": "1", "first_response": {"due": "2025-06-02T13:30:00Z", "status": "due"}},
        ),
        # C9 licensing override 2 business days = 24h from Wed 24 Dec 10:00 NST: 2+2+12, Dec 27 08:00+8 = 16:00 NST = 19:30Z
        (
            "C9",
            {"plan": "basic", "priority": 3, "type": "licensing", "opened_at": "2025-12-24T10:00:00-03:30"},
            "2025-12-24T14:00:00Z",
            {"first_response": {"due": "2025-12-27T19:30:00Z", "status": "due"}},
        ),
        # C10 p3 1 business day from Tue 30 Dec 18:00 NST: 2h, Dec31 closed, Jan1 closed, Jan 2 08:00+10h=18:00 NST=21:30Z
        (
            "C10",
            {"plan": "basic", "priority": 3, "opened_at": "2025-12-30T18:00:00-03:30"},
            "2025-12-30T22:00:00Z",
            {"first_response": {"due": "2026-01-02T21:30:00Z", "status": "due"}},
        ),
        # C11 global IL: Thu 10 Apr 16:30 IDT: 30m, Fri/Sat weekend, Sun 13 Apr Pesach, Mon 14 09:30 IDT=06:30Z; resolution 8h -> 16:30 IDT = 13:30Z
        (
            "C11",
            {
                "plan": "global",
                "priority": 1,
                "timezone": "Asia/Jerusalem",
                "country": "IL",
                "opened_at": "2025-04-10T16:30:00+03:00",
            },
            "2025-04-10T14:00:00Z",
            {
                "first_response": {"due": "2025-04-14T06:30:00Z", "status": "due"},
                "resolution": {"due": "2025-04-14T13:30:00Z", "status": "due"},
            },
        ),
        # C12 global IN: Mon 27 Jan 16:45 IST: 15m, Tue 09:00+45m = 09:45 IST = 04:15Z; resolution 8h -> 16:45 IST = 11:15Z
        (
            "C12",
            {
                "plan": "global",
                "priority": 1,
                "timezone": "Asia/Kolkata",
                "country": "IN",
                "opened_at": "2025-01-27T16:45:00+05:30",
            },
            "2025-01-27T12:00:00Z",
            {
                "first_response": {"due": "2025-01-28T04:15:00Z", "status": "due"},
                "resolution": {"due": "2025-01-28T11:15:00Z", "status": "due"},
            },
        ),
        # C13 history: reopen starts a new cycle; level change starts a new cycle.
        # p3 opened Mon 3 Nov 2025 10:00 NST (13:30Z); pending 12:00..Tue 09:00; solved Tue 10:00; reopened Wed 09:00; level 1 at Wed 10:00
        # resolution c1: 1 week wall (a week is wall clock, pause: wall time counted? week clock is wall) elapsed 10-12 (2h) + Tue 09-10 (1h) = 3h met
        #   paused Mon 12:00 -> Tue 09:00 = 21h wall = 75600s. due = stop + (168-3)h = Tue 4 Nov 13:30Z + 165h = Tue 11 Nov 10:30Z
        # c2 starts at reopen Wed 5 Nov 09:00 NST (12:30Z), goal 1 week; cancelled at level change 10:00
        # c3 from Wed 10:00 NST (13:30Z) p1 3 business days = 36h on island: Wed 10-20 10h, Thu 12 (22), Fri 12 (34), Sat 08:00+2h=10:00 NST (Nov 8 13:30Z)
        (
            "C13",
            {
                "id": "C13",
                "plan": "basic",
                "events": [
                    {"type": "opened", "at": "2025-11-03T10:00:00-03:30", "level": 3},
                    {"type": "status", "to": "pending", "at": "2025-11-03T12:00:00-03:30"},
                    {"type": "status", "to": "open", "at": "2025-11-04T09:00:00-03:30"},
                    {"type": "status", "to": "solved", "at": "2025-11-04T10:00:00-03:30"},
                    {"type": "status", "to": "open", "at": "2025-11-05T09:00:00-03:30"},
                    {"type": "level", "to": 1, "at": "2025-11-05T10:00:00-03:30"},
                ],
            },
            "2025-11-05T14:30:00Z",
            {
                "resolution": {
                    "cycles": 3,
                    ("cycle", 1): {
                        "status": "met",
                        "elapsed_seconds": 10800,
                        "paused_seconds": 75600,
                        "due": "2025-11-11T10:30:00Z",
                    },
                    ("cycle", 2): {"status": "cancelled"},
                    ("cycle", 3): {"status": "due", "due": "2025-11-08T13:30:00Z"},
                }
            },
        ),
        # C14 global, Nepal (UTC+5:45, weekend Sat-Sun in the holidays package): Mon 2 Jun 16:50: 10 min, Tue 09:00 + 50 min
        #   = 09:50 +05:45 = 04:05Z; resolution 8h: 10 min + 7h50 from Tue 09:00 = 16:50 +05:45 = 11:05Z
        (
            "C14",
            {
                "plan": "global",
                "priority": 1,
                "timezone": "Asia/Kathmandu",
                "country": "NP",
                "opened_at": "2025-06-02T16:50:00+05:45",
            },
            "2025-06-02T12:00:00Z",
            {
                "first_response": {"due": "2025-06-03T04:05:00Z", "status": "due"},
                "resolution": {"due": "2025-06-03T11:05:00Z", "status": "due"},
            },
        ),
    ],
    "berg": [
        # berg.sla: Europe/Berlin, open daily 22:00-06:00, closed on BY holidays (whole local dates).
        (
            "B1",
            {"plan": "night", "urgency": "high", "impact": "wide", "opened_at": "2025-03-29T23:00:00+01:00"},
            "2025-03-29T23:00:00Z",
            {"_level": "1", "first_response": {"due": "2025-03-30T02:00:00Z", "status": "due"}},
        ),
        (
            "B2",
            {"plan": "night", "priority": 1, "opened_at": "2025-10-25T23:00:00+02:00"},
            "2025-10-25T23:00:00Z",
            {"first_response": {"due": "2025-10-26T01:00:00Z", "status": "due"}},
        ),
        (
            "B3",
            {"plan": "day", "priority": 1, "opened_at": "2025-10-25T22:00:00+02:00"},
            "2025-10-25T23:00:00Z",
            {"first_response": {"due": "2025-10-26T04:00:00Z", "status": "due"}},
        ),
        (
            "B4",
            {"plan": "night", "priority": 1, "opened_at": "2025-04-17T23:00:00+02:00"},
            "2025-04-17T22:00:00Z",
            {"first_response": {"due": "2025-04-19T01:00:00Z", "status": "due"}},
        ),
        (
            "B5",
            {"plan": "night", "urgency": "high", "impact": "narrow", "opened_at": "2025-04-17T23:00:00+02:00"},
            "2025-04-17T22:00:00Z",
            {"_level": "2", "first_response": {"due": "2025-04-19T21:00:00Z", "status": "due"}},
        ),
        (
            "B6",
            {"plan": "day", "priority": 2, "opened_at": "2025-01-31T23:30:00+01:00"},
            "2025-02-01T00:00:00Z",
            {"first_response": {"due": "2025-02-28T22:30:00Z", "status": "due"}},
        ),
        (
            "B7",
            {"plan": "night", "urgency": "low", "impact": "narrow", "opened_at": "2025-01-30T02:30:00+01:00"},
            "2025-02-01T00:00:00Z",
            {"_level": "3", "first_response": {"due": "2025-03-30T01:00:00Z", "status": "due"}},
        ),
        (
            "B8",
            {"plan": "day", "priority": 2, "opened_at": "2025-09-26T02:30:00+02:00"},
            "2025-09-27T00:00:00Z",
            {"first_response": {"due": "2025-10-26T00:30:00Z", "status": "due"}},
        ),
        (
            "B9",
            {"plan": "day", "priority": 3, "opened_at": "2025-06-02T12:00:00Z"},
            "2025-06-02T17:00:00Z",
            {"first_response": {"due": "2025-06-02T18:00:00Z", "earliest": "2025-06-02T16:00:00Z", "status": "due"}},
        ),
        (
            "B10",
            {
                "plan": "night",
                "priority": 1,
                "region": "us",
                "impact": "narrow",
                "urgency": "high",
                "opened_at": "2025-06-02T23:00:00+02:00",
            },
            "2025-06-02T22:00:00Z",
            {"_level": "2", "first_response": {"due": "2025-06-03T21:00:00Z", "status": "due"}},
        ),
        (
            "B11",
            {
                "plan": "night",
                "priority": 1,
                "region": "us",
                "impact": "wide",
                "urgency": "high",
                "opened_at": "2025-06-02T23:00:00+02:00",
            },
            "2025-06-02T22:00:00Z",
            {"_level": "1", "first_response": {"due": "2025-06-03T01:00:00Z", "status": "due"}},
        ),
        (
            "B12",
            {"plan": "night", "priority": 1, "opened_at": "2025-10-26T02:30:00+01:00"},
            "2025-10-26T02:00:00Z",
            {"first_response": {"due": "2025-10-26T21:30:00Z", "status": "due"}},
        ),
        (
            "B13",
            {"plan": "night", "priority": 1, "opened_at": "2025-10-26T05:00:00+01:00"},
            "2025-10-26T05:00:00Z",
            {"first_response": {"due": "2025-10-27T00:00:00Z", "status": "due"}},
        ),
    ],
    "orca": [
        (
            "O1",
            {"plan": "standard", "severity": 1, "opened_at": "2025-12-24T10:00:00Z"},
            "2025-12-24T11:00:00Z",
            {"response": {"due": "2025-12-27T12:00:00Z", "status": "due"}},
        ),
        (
            "O2",
            {"plan": "standard", "severity": 2, "opened_at": "2025-12-23T15:00:00Z"},
            "2025-12-24T11:00:00Z",
            {"response": {"due": "2025-12-29T16:30:00Z", "status": "due"}},
        ),
        (
            "O3",
            {"plan": "premier", "base_plan": "standard", "severity": 1, "opened_at": "2025-03-28T21:30:00Z"},
            "2025-03-28T22:00:00Z",
            {"response": {"due": "2025-03-31T06:30:00Z", "status": "due"}},
        ),
        (
            "O4",
            {"plan": "premier", "base_plan": "standard", "severity": 2, "opened_at": "2025-06-02T12:00:00+01:00"},
            "2025-06-02T12:00:00Z",
            {"response": {"due": "2025-06-04T11:00:00Z", "status": "due"}},
        ),
        (
            "O5",
            {"plan": "standard", "severity": 2, "type": "security", "opened_at": "2025-06-07T03:00:00Z"},
            "2025-06-07T03:10:00Z",
            {"response": {"due": "2025-06-07T03:30:00Z", "status": "due"}},
        ),
        (
            "O6",
            {
                "plan": "premier",
                "base_plan": "standard",
                "severity": 1,
                "type": "security",
                "opened_at": "2025-06-07T03:00:00Z",
            },
            "2025-06-07T03:40:00Z",
            {"response": {"due": "2025-06-07T03:30:00Z", "status": "breached"}},
        ),
        (
            "O8",
            {"plan": "standard", "severity": 1, "opened_at": "2028-02-28T15:00:00Z"},
            "2028-02-28T16:00:00Z",
            {"response": {"due": "2028-03-01T10:30:00Z", "status": "due"}},
        ),
        (
            "O9",
            {"plan": "standard", "severity": 1, "opened_at": "2025-11-28T16:00:00Z"},
            "2025-11-28T16:30:00Z",
            {"response": {"due": "2025-12-02T11:30:00Z", "status": "due"}},
        ),
    ],
}


@cache
def _policy(policy_id: str) -> Policy:
    compilation = compile_file(ZONES / f"{policy_id}.sla")
    assert compilation.ok and compilation.policy is not None, compilation.diagnostics
    return compilation.policy


@cache
def _module(policy_id: str, directory: Path) -> Any:
    source = render_module(_policy(policy_id), f"tests/cases/zones/{policy_id}.sla")
    return load_source(source, f"zones_{policy_id}", directory)


def _mismatches(result: dict[str, Any], expected: dict[Any, Any]) -> list[str]:
    found = []
    for target, values in expected.items():
        if target == "_level":
            if result["level"] != values:
                found.append(f"level {result['level']!r}, expected {values!r}")
            continue
        summary = result["targets"][target]
        for key, value in values.items():
            if key == "cycles":
                actual: Any = len(summary["cycles"])
                where = f"{target} cycles"
            elif isinstance(key, tuple):
                cycles = summary["cycles"]
                cycle = cycles[key[1] - 1] if len(cycles) >= key[1] else {}
                found += [
                    f"{target} cycle {key[1]} {name} {cycle.get(name)!r}, expected {wanted!r}"
                    for name, wanted in value.items()
                    if cycle.get(name) != wanted
                ]
                continue
            else:
                actual, where = summary.get(key), f"{target} {key}"
            if actual != value:
                found.append(f"{where} {actual!r}, expected {value!r}")
    return found


PARAMETERS = [
    pytest.param(policy_id, ticket, now, expected, id=f"{policy_id}-{name}")
    for policy_id, cases in CASES.items()
    for name, ticket, now, expected in cases
]


@pytest.mark.parametrize(("policy_id", "ticket", "now", "expected"), PARAMETERS)
def test_the_interpreter_gives_the_hand_worked_result(
    policy_id: str, ticket: dict[str, Any], now: str, expected: dict[Any, Any]
) -> None:
    result = interpret.evaluate(_policy(policy_id), ticket, now).to_dict()
    assert _mismatches(result, expected) == []


@pytest.mark.parametrize(("policy_id", "ticket", "now", "expected"), PARAMETERS)
def test_the_generated_module_gives_the_hand_worked_result(
    policy_id: str, ticket: dict[str, Any], now: str, expected: dict[Any, Any], tmp_path_factory: pytest.TempPathFactory
) -> None:
    module = _module(policy_id, tmp_path_factory.getbasetemp())
    assert _mismatches(module.evaluate(ticket, now).to_dict(), expected) == []

