"""Calendars and business-time arithmetic for generated SLA code.

Depends only on the standard library, `holidays` and `tzdata` (numpy is imported lazily by
`Calendar.add_many`), because every generated module imports it.

    >>> from datetime import datetime, timedelta, timezone
    >>> prague = Calendar("Europe/Prague", [WeeklyInterval(day, 480, day, 1020) for day in range(5)],
    ...                   holidays=[HolidaySource("CZ")])
    >>> prague.add(datetime(2025, 3, 7, 14, 0, tzinfo=timezone.utc), timedelta(hours=2))
    datetime.datetime(2025, 3, 7, 16, 0, tzinfo=datetime.timezone.utc)
"""

from slac.runtime.caches import LruCache, set_cache_limits
from slac.runtime.calendar import Calendar
from slac.runtime.errors import CalendarError
from slac.runtime.schedule import ExtraOpening, HolidaySource, PartialClosure, WeeklyInterval, YearlyClosure

__all__ = [
    "Calendar",
    "CalendarError",
    "ExtraOpening",
    "HolidaySource",
    "LruCache",
    "PartialClosure",
    "WeeklyInterval",
    "YearlyClosure",
    "set_cache_limits",
]
