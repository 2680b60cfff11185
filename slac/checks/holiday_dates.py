"""The public holidays the checks look at, kept in slac's cache directory.

Computing a country's holidays imports the `holidays` package and all its 250 country
modules (about 0.2 s, a third of `slac check` on the seed policies). The dates of one source
(country, subdivision, categories) in one year depend only on the installed `holidays`,
whose name, version and entry file are part of the entry's key, so an entry cannot go stale.
"""

from __future__ import annotations

from datetime import date

from slac.cache import cached_text, installed_identity
from slac.runtime.schedule import HolidaySource


def holiday_dates(source: HolidaySource, year: int) -> frozenset[date]:
    """`source.dates(year)`, from the cache when it holds it."""
    identity = installed_identity("holidays")
    if identity is None:
        return source.dates(year)
    key = (identity, source.country, source.subdivision or "", ",".join(source.categories), str(year))
    text = cached_text("holidays", key, lambda: "\n".join(sorted(day.isoformat() for day in source.dates(year))))
    return frozenset(date.fromisoformat(line) for line in text.split("\n") if line)
