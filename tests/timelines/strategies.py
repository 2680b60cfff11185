"""Hypothesis strategies for random ticket histories on acme (and its calendar variants).

A history has 5–15 events spread over at most about three weeks, opened a few days before an
interesting day (Czech and New South Wales holidays, the DST changes of Europe/Prague and of
Lord Howe Island, Fridays), so that its pauses cross nights, weekends, holidays and clock
changes. Events are public and private messages by the agent, the customer and the system,
status changes among all of acme's statuses (churn between waiting and on hold, solves, closes
and reopens, changes to the status the ticket already has), level changes (as numbers and as
text) and environment changes; about one gap in five is zero, so several events share an
instant. Instants are whole minutes, written with a variety of UTC offsets.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

from .policies import ACME_PLANS, ACME_STATUSES

UTC = timezone.utc
MAX_SPAN = timedelta(days=20)

INTERESTING_DAYS = (
    # Europe/Prague DST changes
    date(2025, 3, 30),
    date(2025, 10, 26),
    date(2026, 3, 29),
    date(2026, 10, 25),
    # Australia/Lord_Howe DST changes (half an hour)
    date(2025, 4, 6),
    date(2025, 10, 5),
    date(2026, 4, 5),
    # Czech public holidays
    date(2025, 1, 1),
    date(2025, 4, 18),
    date(2025, 4, 21),
    date(2025, 5, 1),
    date(2025, 5, 8),
    date(2025, 7, 5),
    date(2025, 9, 28),
    date(2025, 10, 28),
    date(2025, 11, 17),
    date(2025, 12, 24),
    date(2026, 1, 1),
    # New South Wales public holidays
    date(2025, 1, 27),
    date(2025, 4, 25),
    date(2025, 6, 9),
    date(2025, 10, 6),
    # Ordinary Fridays
    date(2025, 3, 7),
    date(2025, 6, 13),
    date(2026, 2, 20),
)

# UTC minutes of the day where the calendars open or close (Prague 08:00 and 17:00, the night
# shift's 22:00 and 06:00, in winter and summer time; Lord Howe's 09:00 and 17:00), and the
# minute before each.
EDGES = tuple(
    minute + shift
    for minute in (4 * 60, 5 * 60, 6 * 60, 7 * 60, 15 * 60, 16 * 60, 20 * 60, 21 * 60, -2 * 60, -90, 6 * 60, 6 * 60 + 30)
    for shift in (0, -1)
)

OFFSETS = tuple(timezone(timedelta(minutes=minutes)) for minutes in (0, 60, 120, 630, 660, -300, 330))

# Statuses drawn for status events: the unsolved ones more often, so that tickets churn between
# open, waiting and on hold and are solved (then closed or reopened) now and then.
STATUS_CHOICES = ("open", "open", "waiting_on_customer", "waiting_on_customer", "on_hold", "on_hold", "solved", "closed")
assert set(STATUS_CHOICES) == set(ACME_STATUSES)

# Gaps between consecutive events, in minutes: one in five is zero (same instant).
GAPS = st.one_of(
    st.just(0),
    st.integers(1, 90),
    st.integers(1, 12 * 60),
    st.integers(1, 3 * 24 * 60),
    st.sampled_from((60, 8 * 60, 9 * 60, 24 * 60, 48 * 60)),
)


def write_instant(value: datetime, offset: timezone) -> str:
    """An instant as ISO 8601 text in `offset` (Z for UTC half of the time)."""
    local = value.astimezone(offset)
    if offset.utcoffset(None) == timedelta(0):
        return local.strftime("%Y-%m-%dT%H:%MZ")
    return local.isoformat(timespec="minutes")


def levels() -> st.SearchStrategy[Any]:
    """An acme severity, as a number or as text."""
    return st.sampled_from((1, 2, 3, 4, "1", "2", "3", "4"))


def days() -> st.SearchStrategy[date]:
    """Mostly an interesting day, sometimes any day of 2025."""
    return st.one_of(
        st.sampled_from(INTERESTING_DAYS),
        st.sampled_from(INTERESTING_DAYS),
        st.sampled_from(INTERESTING_DAYS),
        st.integers(0, 364).map(lambda number: date(2025, 1, 1) + timedelta(days=number)),
    )


@st.composite
def opened_instants(draw: st.DrawFn, around: date | None = None) -> datetime:
    """A whole UTC minute up to four days before `around` (by default a day drawn by `days`)."""
    day = (around or draw(days())) - timedelta(days=draw(st.integers(0, 4)))
    midnight = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return midnight + timedelta(minutes=draw(st.one_of(st.integers(-14 * 60, 24 * 60), st.sampled_from(EDGES))))


@st.composite
def batches(draw: st.DrawFn, size: int) -> tuple[list[dict[str, Any]], datetime]:
    """`size` histories opened in the same few days, and the `now` of one of them for all."""
    around = draw(days())
    cases = [draw(histories(around)) for _ in range(size)]
    return [history for history, _ in cases], cases[draw(st.integers(0, size - 1))][1]


@st.composite
def events_after_opening(draw: st.DrawFn) -> dict[str, Any]:
    """One event other than `opened`, without its instant."""
    kind = draw(st.sampled_from(("message",) * 5 + ("status",) * 3 + ("level", "field")))
    if kind == "message":
        event: dict[str, Any] = {"type": "message", "by": draw(st.sampled_from(("agent", "agent", "customer", "system")))}
        public = draw(st.sampled_from((None, None, True, False)))
        if public is not None:
            event["public"] = public
        return event
    if kind == "status":
        return {"type": "status", "to": draw(st.sampled_from(STATUS_CHOICES))}
    if kind == "level":
        return {"type": "level", "to": draw(levels())}
    return {"type": "field", "name": "environment", "to": draw(st.sampled_from(("production", "staging")))}


@st.composite
def histories(draw: st.DrawFn, around: date | None = None) -> tuple[dict[str, Any], datetime]:
    """A valid acme history with 5–15 events, and an instant to judge it at.

    The ticket opens up to four days before `around` (by default a day drawn by `days`). `now`
    is mostly after the last event (by up to five days), sometimes among the events (events
    after `now` still apply), and always at or after the opening.
    """
    opened_at = draw(opened_instants(around))
    opened: dict[str, Any] = {"type": "opened"}
    if draw(st.integers(0, 3)):
        opened["level"] = draw(levels())
    if draw(st.booleans()):
        opened["fields"] = {"environment": draw(st.sampled_from(("production", "staging")))}
    if not draw(st.integers(0, 5)):
        opened["status"] = draw(st.sampled_from(ACME_STATUSES))
    timed: list[tuple[datetime, dict[str, Any]]] = [(opened_at, opened)]
    at = opened_at
    for _ in range(draw(st.integers(4, 14))):
        at = min(at + timedelta(minutes=draw(GAPS)), opened_at + MAX_SPAN)
        timed.append((at, draw(events_after_opening())))
    events = [{"at": write_instant(when, draw(st.sampled_from(OFFSETS))), **event} for when, event in timed]
    # Key order as a helpdesk export would write it: `at` and `type` first.
    events = [{"at": event["at"], "type": event["type"], **event} for event in events]
    last = timed[-1][0]
    if draw(st.integers(0, 4)):
        now = last + timedelta(minutes=draw(st.integers(0, 5 * 24 * 60)))
    else:
        now = opened_at + timedelta(minutes=draw(st.integers(0, (last - opened_at) // timedelta(minutes=1))))
    history = {"id": draw(st.integers(1, 10**6)), "plan": draw(st.sampled_from(ACME_PLANS)), "events": events}
    return history, now
