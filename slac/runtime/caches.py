"""Bounded caches, so that memory does not grow with the number of customers.

A calendar in the customer's zone, or closed on the customer's holidays, is bound once per
(zone, country, subdivision), and each binding computes its own open years (about 50 KB per
year for an office calendar). Left unbounded, 10,000 customers would keep every one of them
forever. Two limits keep that in check:

- `LruCache`: a mapping of at most `maxsize` entries that drops the least recently used one.
  `Calendar.bind` keeps its bindings in one (`BINDINGS_PER_CALENDAR` per calendar), and
  applications (and generated modules) that keep their own per-customer objects should too.
- `OPEN_YEARS`: the open years of all bound calendars together are at most
  `BOUND_OPEN_YEARS`; past that, the years computed longest ago are forgotten (and computed
  again if a ticket needs them). Calendars built directly (not by `bind`) are not counted:
  their number is fixed by the code, not by the data.

What does not depend on the customer is shared instead of bound: the UTC offsets of a zone in
a year (`zones.shared_offset_segments`), the holiday dates of a country in a year
(`schedule.HolidaySource.dates`), and the open wall-clock time of a set of rules in a year.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, Protocol, TypeVar

from slac.runtime.errors import CalendarError

Key = TypeVar("Key", bound=Hashable)
Value = TypeVar("Value")

BOUND_OPEN_YEARS = 1024
"""Default limit of open years kept for all bound calendars together (about 50 MB for office hours)."""

BINDINGS_PER_CALENDAR = 4096
"""Default limit of bindings (customers' zone, country, subdivision) kept per calendar."""


def remember(memo: dict[Key, Value], key: Key, value: Value, kept: int) -> Value:
    """Keep `value` under `key` in `memo`, a memo of work that depends only on its key (a
    situation, a cycle plan, a goal), and return it. The memo is emptied first when it holds
    `kept` entries: a batch meets few distinct keys, and one that meets many cannot make it
    grow without bound. Callers look the key up themselves, so a hit costs one `dict.get`."""
    if len(memo) >= kept:
        memo.clear()
    memo[key] = value
    return value


def _require_limit(name: str, value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise CalendarError(f"{name} must be a whole number of at least 1, got {value!r}")
    return value


class LruCache(Generic[Key, Value]):
    """A mapping that keeps at most `maxsize` entries, forgetting the least recently used first.

    Used like a dict for the two operations caches need: `get(key)` (which marks the entry as
    used) and `cache[key] = value`. Safe to share between threads.
    """

    def __init__(self, maxsize: int) -> None:
        self._maxsize = _require_limit("maxsize", maxsize)
        self._entries: OrderedDict[Key, Value] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def maxsize(self) -> int:
        return self._maxsize

    @maxsize.setter
    def maxsize(self, maxsize: int) -> None:
        with self._lock:
            self._maxsize = _require_limit("maxsize", maxsize)
            while len(self._entries) > self._maxsize:
                self._entries.popitem(last=False)

    def get(self, key: Key, default: Value | None = None) -> Value | None:
        """The value for `key` (now the most recently used), or `default`."""
        with self._lock:
            value = self._entries.get(key, default)
            if value is not default:
                self._entries.move_to_end(key)
            return value

    def __setitem__(self, key: Key, value: Value) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            if len(self._entries) > self._maxsize:
                self._entries.popitem(last=False)

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


class YearOwner(Protocol):
    """What holds computed open years and can drop one of them (a calendar's caches)."""

    def forget_year(self, year: int) -> None: ...


class OpenYearBudget:
    """At most `limit` open years held by all bound calendars; the oldest computed go first.

    Only computing a year counts as using it (looking a year up stays a plain dict lookup, the
    hot path of every deadline), so a year that is used all the time is computed again once
    `limit` other years have been computed after it: a millisecond, rarely.
    """

    def __init__(self, limit: int) -> None:
        self._limit = _require_limit("limit", limit)
        self._resident: OrderedDict[tuple[YearOwner, int], None] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def limit(self) -> int:
        return self._limit

    @limit.setter
    def limit(self, limit: int) -> None:
        with self._lock:
            self._limit = _require_limit("limit", limit)
            self._evict()

    def __len__(self) -> int:
        return len(self._resident)

    def admit(self, owner: YearOwner, year: int) -> None:
        """Record that `owner` now holds `year`, and make the oldest years forgotten if over the limit."""
        with self._lock:
            self._resident[(owner, year)] = None
            self._resident.move_to_end((owner, year))
            self._evict()

    def _evict(self) -> None:
        while len(self._resident) > self._limit:
            (owner, year), _ = self._resident.popitem(last=False)
            owner.forget_year(year)


OPEN_YEARS = OpenYearBudget(BOUND_OPEN_YEARS)
"""The one budget of open years shared by every bound calendar in the process."""


def set_cache_limits(*, bound_open_years: int | None = None) -> None:
    """Change how many open years bound calendars may keep in total (default `BOUND_OPEN_YEARS`).

    More means fewer recomputations when very many customers are evaluated in turn, at about
    50 KB per year of office hours; fewer years than are in use at once only costs time.
    """
    if bound_open_years is not None:
        OPEN_YEARS.limit = bound_open_years
