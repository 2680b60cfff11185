"""Public holiday dates kept in slac's cache directory.

Computing a country's holidays imports the `holidays` package and all its 250 country
modules and runs their rules (0.1–0.2 s for one country over a few years: a third of `slac
check` on the seed policies, and most of the start-up of `slac eval`). The dates of one source
(country, subdivision, categories) in one year depend only on the installed `holidays` (its
name, version and entry file) and on slac's code that asks it and writes the entry
(`slac_identity`); both are part of the entry's key, so an entry cannot go stale.

The documents' lists of closed days read the holidays' names in a language through
`cached_holiday_names`. The checks read the dates through `holiday_dates`; `slac eval`, `slac build` and `slac test`
have the runtime read them through `cached_holiday_dates` while they run (`runtime_reads_cache`).
The runtime itself never writes here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from slac.cache import cached_value, installed_identity, prune, slac_identity
from slac.runtime.schedule import HolidaySource, keep_holiday_dates

KEPT_ENTRIES = 1024
KEPT_BYTES = 16 * 1024 * 1024
"""Entries kept in each of the two folders: when a folder is pruned (`slac.cache.pruning_due`),
the oldest are removed beyond `KEPT_ENTRIES` entries or `KEPT_BYTES` (a year of a country's
dates is about 250 bytes, a document's named holidays a few kB; every edited or upgraded slac
or `holidays` computes them afresh, and `slac eval` computes each year its tickets reach)."""


def _prune(directory: Path) -> None:
    prune(directory, ".txt", KEPT_ENTRIES, KEPT_BYTES)


def holiday_dates(source: HolidaySource, year: int) -> frozenset[date]:
    """`source.dates(year)`, from the cache when it holds it."""
    return cached_holiday_dates(source, year, lambda: source.dates(year))


def cached_holiday_dates(source: HolidaySource, year: int, compute: Callable[[], frozenset[date]]) -> frozenset[date]:
    """The holiday dates of `source` in `year`: read from the cache, or `compute()`d and saved
    there (a `slac.runtime.schedule.HolidayDatesStore`)."""
    identity = installed_identity("holidays")
    if identity is None:
        return compute()
    key = (identity, slac_identity(), source.country, source.subdivision or "", ",".join(source.categories), str(year))
    return cached_value("holidays", key, compute, _encode_dates, _decode_dates, _prune)


def _encode_dates(days: frozenset[date]) -> str:
    return "\n".join(sorted(day.isoformat() for day in days))


def _decode_dates(text: str) -> frozenset[date]:
    return frozenset(date.fromisoformat(line) for line in text.split("\n") if line)


NamedDays = tuple[tuple[date, str | None], ...]


def cached_holiday_names(key: tuple[str, ...], compute: Callable[[], NamedDays]) -> NamedDays:
    """Holidays with their names (None where the package has none in the language asked for),
    as `compute()` gives them for `key` (the source, the language and the years): read from
    the cache, or computed and saved there. Its entry is named by the installed `holidays` and
    by slac itself, whose code chooses the names."""
    identity = installed_identity("holidays")
    if identity is None:
        return compute()

    return cached_value("holiday-names", (identity, slac_identity(), *key), compute, _encode_names, _decode_names, _prune)


def _encode_names(days: NamedDays) -> str:
    return json.dumps([[day.isoformat(), name] for day, name in days], ensure_ascii=False)


def _decode_names(text: str) -> NamedDays:
    """`_encode_names`' text read back; a TypeError or ValueError for anything else."""
    pairs = json.loads(text)
    if not isinstance(pairs, list):
        raise TypeError("the entry is a list of [date, name] pairs")
    named = []
    for day, name in pairs:
        if name is not None and not isinstance(name, str):
            raise TypeError("a holiday's name is a text")
        named.append((date.fromisoformat(day), name))
    return tuple(named)


@contextmanager
def runtime_reads_cache() -> Iterator[None]:
    """While it lasts, the runtime's calendars read holiday dates through the cache
    (`slac.runtime.schedule.keep_holiday_dates`); after it, the runtime is as it was, so an
    application running a command in process keeps its own behaviour."""
    previous = keep_holiday_dates(cached_holiday_dates)
    try:
        yield
    finally:
        keep_holiday_dates(previous)
