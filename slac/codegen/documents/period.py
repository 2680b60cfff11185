"""The fixed period the documents speak about: the closed days they list and the span their
worst cases are computed over, the time zones in words, and dates in words.

The period is a constant, not the build date, so that the same sources always produce the same
bytes; the documents state it. Moving it on is a one-line change (and a rebuild).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from slac.codegen.documents.escaping import Markdown, join_markdown
from slac.codegen.documents.labels import Labels
from slac.holiday_cache import NamedDays, cached_holiday_names
from slac.model.types import Calendar
from slac.runtime.zones import load_zone

DOCUMENT_YEARS: tuple[int, int] = (2026, 2027)
"""The current and the next year, as the documents list closed days and compute worst cases."""


def period_start() -> date:
    return date(DOCUMENT_YEARS[0], 1, 1)


def period_end() -> date:
    """The last day of the period (inclusive)."""
    return date(DOCUMENT_YEARS[1], 12, 31)


@dataclass(frozen=True)
class ClosedDay:
    """A date on which a calendar is closed all day, with the holiday's name when the holidays
    package knows it in the document's language."""

    day: date
    name: str | None


def closed_days(calendar: Calendar, language: str) -> tuple[ClosedDay, ...]:
    """Every date of the period closed by the calendar's own holidays, closed dates and yearly
    whole-day closures (not the
    customer's country, which the document cannot know), weekends included, sorted. A date
    with an extra opening is open then, so it is not listed (the hours say when it opens)."""
    names: dict[date, str | None] = {}
    for source in calendar.holidays:
        for day, name in _holidays(source.country, source.subdivision, tuple(source.categories), language):
            names.setdefault(day, name)
    for day in calendar.closed_dates:
        if period_start() <= day <= period_end():
            names.setdefault(day, None)
    for yearly in calendar.yearly_closures:
        for year in range(period_start().year, period_end().year + 1):
            day = yearly.on(year)
            if yearly.whole_day and day is not None and period_start() <= day <= period_end():
                names.setdefault(day, None)
    opened = {opening.day for opening in calendar.extra_openings}
    return tuple(ClosedDay(day, names[day]) for day in sorted(names) if day not in opened)


@functools.cache
def subdivision_name(country: str, code: str) -> str:
    """A subdivision as its readers name it (`Wien` for AT 9, `Newfoundland and Labrador` for CA
    NL): the longest of the names the `holidays` package knows for the code, else the code."""
    import holidays as holidays_package

    aliases: dict[str, str] = getattr(type(holidays_package.country_holidays(country)), "subdivisions_aliases", {})
    names = [name for name, alias_of in aliases.items() if alias_of == code]
    return max(names, key=len) if names else code


@functools.cache
def _holidays(country: str, subdivision: str | None, categories: tuple[str, ...], language: str) -> NamedDays:
    """The holidays of the period; their names only in the document's language (a Czech name
    in an Italian document would mix languages). Kept in slac's cache: computing them imports
    the `holidays` package and its 250 country modules."""
    key = (country, subdivision or "", ",".join(categories), language, repr(DOCUMENT_YEARS))
    return cached_holiday_names(key, lambda: _named_holidays(country, subdivision, categories, language))


def _named_holidays(country: str, subdivision: str | None, categories: tuple[str, ...], language: str) -> NamedDays:
    import holidays as holidays_package

    options: dict[str, object] = {"years": range(DOCUMENT_YEARS[0], DOCUMENT_YEARS[1] + 1)}
    if subdivision:
        options["subdiv"] = subdivision
    if categories:
        options["categories"] = categories
    table = holidays_package.country_holidays(country, **options)  # type: ignore[arg-type]
    supported = sorted(code for code in table.supported_languages if code.split("_")[0] == language)
    if not supported:
        return tuple((day, None) for day in sorted(table))
    table = holidays_package.country_holidays(country, language=supported[0], **options)  # type: ignore[arg-type]
    return tuple((day, str(name)) for day, name in sorted(table.items()))


def zone_offsets(zone: str) -> tuple[timedelta, ...]:
    """The UTC offsets of a zone in the first year of the period: (standard,) or (winter, summer)."""
    info = load_zone(zone)
    year = DOCUMENT_YEARS[0]
    offsets = []
    for month in (1, 7):
        offset = datetime(year, month, 15, 12, tzinfo=info).utcoffset()
        if offset is not None and offset not in offsets:
            offsets.append(offset)
    return tuple(sorted(offsets))


def format_offset(offset: timedelta) -> str:
    """`UTC+1`, `UTC−5`, `UTC+5:30`, `UTC`."""
    minutes = int(offset.total_seconds()) // 60
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_words(zone: str, labels: Labels) -> Markdown:
    """A time zone as a reader knows it: `ora di Praga (UTC+1 in inverno, UTC+2 in estate)`."""
    city = labels.raw("cities").get(zone) or zone.rsplit("/", 1)[-1].replace("_", " ")
    offsets = zone_offsets(zone)
    if len(offsets) == 2:
        # summer time moves the clocks forward, north and south of the equator alike: winter
        # (January in Prague, July in Sydney) has the smaller offset
        winter, summer = offsets
        text = labels("zone_offsets_dst", winter=format_offset(winter), summer=format_offset(summer))
    else:
        text = labels("zone_offset", offset=format_offset(offsets[0]))
    return labels("zone_words", city=city, offsets=text)


def date_words(day: date, labels: Labels, weekday: bool = True, year: bool = True) -> Markdown:
    """A date as a reader writes it: `giovedì 1 gennaio 2026`, `čtvrtek 1. ledna 2026`."""
    key = "date_long" if year else "date_short"
    text = labels(key, day=day.day, month=labels.raw("months")[day.month - 1], year=day.year)
    if weekday:
        text = labels("date_with_weekday", weekday=labels.raw("weekdays")[day.weekday()], date=text)
    return text


def join_days(days: Sequence[ClosedDay], labels: Labels) -> Markdown:
    """`1 gennaio (Capodanno), 6 gennaio (Epifania), …` for one year."""
    parts = []
    for closed in days:
        text = date_words(closed.day, labels, weekday=False, year=False)
        if closed.name:
            text = labels("closed_day_named", date=text, name=closed.name)
        parts.append(text)
    return join_markdown(labels.raw("list_separator"), parts)
