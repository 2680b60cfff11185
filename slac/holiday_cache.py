"""Public holiday dates kept in slac's cache directory.

Computing a country's holidays imports the `holidays` package and all its 250 country
modules and runs their rules (0.1–0.2 s for one country over a few years: a third of `slac
check` on the seed policies, and most of the start-up of `slac eval`). The dates of one source
(country, subdivision, categories) in one year depend only on the installed `holidays`, whose
name, version and entry file are part of the entry's key, so an entry cannot go stale.

The checks read the dates through `holiday_dates`; `slac eval` has the runtime read them
through `cached_holiday_dates` (`slac.runtime.schedule.keep_holiday_dates`). The runtime
itself never writes here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from slac.cache import cached_text, installed_identity
from slac.runtime.schedule import HolidaySource


def holiday_dates(source: HolidaySource, year: int) -> frozenset[date]:
    """`source.dates(year)`, from the cache when it holds it."""
    return cached_holiday_dates(source, year, lambda: source.dates(year))


def cached_holiday_dates(source: HolidaySource, year: int, compute: Callable[[], frozenset[date]]) -> frozenset[date]:
    """The holiday dates of `source` in `year`: read from the cache, or `compute()`d and saved
    there (a `slac.runtime.schedule.HolidayDatesStore`)."""
    identity = installed_identity("holidays")
    if identity is None:
        return compute()
    key = (identity, source.country, source.subdivision or "", ",".join(source.categories), str(year))
    text = cached_text("holidays", key, lambda: "\n".join(sorted(day.isoformat() for day in compute())))
    return frozenset(date.fromisoformat(line) for line in text.split("\n") if line)
