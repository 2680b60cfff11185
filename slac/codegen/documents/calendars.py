"""Calendars: support hours in words, and the weekly coverage chart that pictures them.

`describe_calendar` is used both in the document's tables and in the chart's subtitle and
description, so the words and the picture cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from slac.codegen import charts
from slac.codegen.documents.escaping import Markdown, escape_inline, join_markdown, plain_text
from slac.codegen.documents.labels import Labels
from slac.codegen.documents.period import date_words, subdivision_name, zone_words
from slac.model.types import Calendar, Policy
from slac.runtime.schedule import (
    MINUTES_PER_DAY,
    MINUTES_PER_WEEK,
    WeeklyInterval,
    YearlyClosure,
    weekday_runs,
    weekly_ranges_by_weekday,
)


def chart_file_name(policy: Policy, calendar: Calendar) -> str:
    """The chart of a calendar, beside the document: `<policy id>-<calendar name>.svg`."""
    return f"{policy.id}-{calendar.name}.svg"


def _day_of_year_words(closure: YearlyClosure, labels: Labels) -> Markdown:
    """A yearly closure's day as a reader writes it, without a year: `24 dicembre`, `24. prosince`."""
    return labels("date_short", day=closure.day, month=labels.raw("months")[closure.month - 1])


def _format_minute(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def describe_weekdays(weekdays: Iterable[int], labels: Labels) -> Markdown:
    """E.g. `Monday–Friday`, `Monday, Wednesday`, or `every day`, in the labels' language."""
    days = set(weekdays)
    if len(days) == 7:
        return labels("every_day")
    names = labels.raw("weekdays")
    return join_markdown(
        labels.raw("list_separator"),
        [names[first] if first == last else f"{names[first]}–{names[last]}" for first, last in weekday_runs(days)],
    )


def describe_weekly(weekly: Sequence[WeeklyInterval], labels: Labels) -> Markdown:
    """The weekly open hours in words: days grouped by their hours, longer spans written out
    (`Monday 00:01 – Friday 23:59`); `24/7` for a calendar open all week."""
    if any(interval.length_minutes == MINUTES_PER_WEEK for interval in weekly):
        return labels("always_open")
    days_by_hours: dict[tuple[int, int], set[int]] = {}
    spans: list[Markdown] = []
    names = labels.raw("weekdays")
    for interval in sorted(weekly, key=lambda interval: interval.start_of_week_minute):
        if interval.length_minutes <= MINUTES_PER_DAY:
            days_by_hours.setdefault((interval.start, interval.end), set()).add(interval.start_day)
        else:
            spans.append(
                escape_inline(
                    f"{names[interval.start_day]} {_format_minute(interval.start)} – "
                    f"{names[interval.end_day]} {_format_minute(interval.end)}"
                )
            )
    hours_by_days: dict[frozenset[int], list[tuple[int, int]]] = {}
    for hours, days in days_by_hours.items():
        hours_by_days.setdefault(frozenset(days), []).append(hours)
    parts = [
        Markdown(
            describe_weekdays(days, labels)
            + " "
            + join_markdown(labels.raw("and"), [f"{_format_minute(s)}–{_format_minute(e)}" for s, e in sorted(hours)])
        )
        for days, hours in sorted(hours_by_days.items(), key=lambda item: (min(item[0]), sorted(item[1])))
    ]
    return join_markdown("; ", parts + spans)


def describe_open_days(calendar: Calendar, labels: Labels) -> Markdown:
    """The days and hours a calendar opens, in words: its weekly hours, or the working days of
    the customer's country for `open customer working days` (its `weekly` is only the
    Monday–Friday stand-in that worst cases use, never what a customer in Israel gets)."""
    if calendar.customer_working_hours is None:
        return describe_weekly(calendar.weekly, labels)
    start, end = calendar.customer_working_hours
    customer_days = labels("customer_working_days", start=_format_minute(start), end=_format_minute(end))
    fixed = calendar.fixed_weekly
    return join_markdown(", ", [describe_weekly(fixed, labels), customer_days]) if fixed else customer_days


def is_always_open(calendar: Calendar) -> bool:
    """Whether the calendar is open around the clock, every day of the week."""
    return calendar.always_open or any(i.length_minutes == MINUTES_PER_WEEK for i in calendar.weekly)


def describe_calendar(
    calendar: Calendar, labels: Labels, marks: Mapping[str, Markdown] | None = None, only: str | None = None
) -> Markdown:
    """E.g. `Monday–Friday 08:00–17:00, Prague time (UTC+1 in winter, UTC+2 in summer), closed
    on Czech public holidays`. `marks` follow the part they are about (`open`, `timezone`,
    `holidays`, `closed`, `extra_opening`): an interpretation said where it applies, the part
    itself prefixed with ≈. `only="holidays"` gives the holidays part alone."""
    marks = marks or {}

    def marked(aspect: str, text: Markdown) -> Markdown:
        if aspect not in marks:
            return text
        return labels("assumed_part", value=text, mark=marks[aspect])

    parts: list[Markdown] = []
    if only is None:
        parts.append(marked("open", describe_open_days(calendar, labels)))
        if calendar.timezone is None:
            parts.append(marked("timezone", labels("customer_zone")))
        elif not is_always_open(calendar):
            parts.append(marked("timezone", zone_words(calendar.timezone, labels)))
    for source in calendar.holidays:
        country = labels.raw("countries").get(source.country)
        text = labels("holidays_country", country=country) if country else labels("holidays_code", code=source.country)
        if source.subdivision:
            subdivision = subdivision_name(source.country, source.subdivision)
            text = labels("holidays_subdivision", holidays=text, subdivision=subdivision)
        if source.categories:
            text = labels("holidays_categories", holidays=text, categories=", ".join(source.categories))
        parts.append(marked("holidays", text))
    if calendar.customer_holidays:
        parts.append(marked("holidays", labels("holidays_customer")))
    if only is not None:
        return join_markdown(", ", parts)
    if calendar.closed_dates:
        dates = join_markdown(labels.raw("list_separator"), [date_words(day, labels) for day in sorted(calendar.closed_dates)])
        parts.append(marked("closed", labels("closed_dates", dates=dates)))
    for closure in sorted(calendar.partial_closures, key=lambda c: (c.day, c.start)):
        day = date_words(closure.day, labels)
        if closure.end == MINUTES_PER_DAY:
            parts.append(marked("closed", labels("closed_from", date=day, start=_format_minute(closure.start))))
        else:
            parts.append(
                marked("closed", labels(
                    "closed_between",
                    date=day,
                    start=_format_minute(closure.start),
                    end=_format_minute(closure.end),
                ))
            )
    whole_days = [c for c in calendar.yearly_closures if c.whole_day]
    if whole_days:
        dates = join_markdown(
            labels.raw("list_separator"),
            [_day_of_year_words(c, labels) for c in sorted(whole_days, key=lambda c: (c.month, c.day))],
        )
        parts.append(marked("closed", labels("closed_yearly", dates=dates)))
    for yearly in sorted(calendar.yearly_closures, key=lambda c: (c.month, c.day, c.start)):
        if yearly.whole_day:
            continue
        day = _day_of_year_words(yearly, labels)
        if yearly.end == MINUTES_PER_DAY:
            parts.append(marked("closed", labels("closed_yearly_from", date=day, start=_format_minute(yearly.start))))
        else:
            parts.append(
                marked("closed", labels(
                    "closed_yearly_between", date=day, start=_format_minute(yearly.start), end=_format_minute(yearly.end)
                ))
            )
    for opening in sorted(calendar.extra_openings, key=lambda o: (o.day, o.start)):
        parts.append(
            marked("extra_opening", labels(
                "also_open",
                date=date_words(opening.day, labels),
                start=_format_minute(opening.start),
                end=_format_minute(opening.end),
            ))
        )
    return join_markdown(", ", parts)


def coverage_chart(
    calendar: Calendar, labels: Labels, title: str, assumed: bool = False, notes: Sequence[Markdown] = ()
) -> str:
    """The weekly coverage chart of one calendar, with every word in the labels' language;
    `assumed` hatches the open hours (they are an interpretation of the published text), and
    `notes` say which levels' targets count other hours (24/7, out of hours). The customer's
    working days are drawn as their Monday–Friday stand-in, with a note that says so."""
    if calendar.customer_working_hours is not None:
        notes = (*notes, labels("chart_note_customer_days"))
    ranges = weekly_ranges_by_weekday(calendar.weekly)
    open_minutes = sum(end - start for day in ranges for start, end in day)
    if calendar.timezone is None:
        zone = labels.raw("customer_zone_short")
    else:
        zone = plain_text(zone_words(calendar.timezone, labels))
    words = describe_calendar(calendar, labels)
    whole_hours, minutes = divmod(open_minutes, 60)
    if minutes:
        hours = labels("duration_hours_minutes", hours=whole_hours, minutes=minutes)
    else:
        hours = labels("duration_hours", hours=whole_hours)
    return charts.weekly_chart(
        title=plain_text(labels("chart_title", title=title)),
        description=plain_text(
            Markdown(" ".join([labels("chart_description", description=words, hours=hours), *notes]))
        ),
        day_names=tuple(labels.raw("weekdays")),
        hours_axis=plain_text(labels("chart_hours_axis", zone=zone)),
        open_label=labels.raw("chart_open_assumed" if assumed else "chart_open"),
        closed_label=labels.raw("chart_closed"),
        ranges_by_weekday=ranges,
        hatched=assumed,
        notes=[plain_text(note) for note in notes],
    )
