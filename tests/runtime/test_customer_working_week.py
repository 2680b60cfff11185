"""`Calendar(customer_working_hours=…)`: open on the working days of the customer's country."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from slac.runtime import Calendar
from slac.runtime.errors import CalendarError

LOCAL = Calendar(None, (), customer_working_hours=(9 * 60, 17 * 60))


def test_binding_opens_the_countrys_working_days() -> None:
    thursday = datetime(2025, 3, 6, 16, 0, tzinfo=ZoneInfo("Asia/Jerusalem"))
    israel = LOCAL.bind(timezone="Asia/Jerusalem", country="IL")
    czechia = LOCAL.bind(timezone="Asia/Jerusalem", country="CZ")
    # Israel rests on Friday and Saturday: the second hour falls on Sunday
    assert israel.add(thursday, timedelta(hours=2)) == datetime(2025, 3, 9, 10, 0, tzinfo=ZoneInfo("Asia/Jerusalem"))
    assert czechia.add(thursday, timedelta(hours=2)) == datetime(2025, 3, 7, 10, 0, tzinfo=ZoneInfo("Asia/Jerusalem"))
    assert israel.standard_day_length() == LOCAL.standard_day_length() == timedelta(hours=8)


def test_an_unbound_or_countryless_calendar_says_what_it_needs() -> None:
    in_jerusalem = Calendar("Asia/Jerusalem", (), customer_working_hours=(9 * 60, 17 * 60))
    with pytest.raises(CalendarError, match="customer's working days and is not bound"):
        in_jerusalem.is_open(datetime(2025, 3, 6, tzinfo=ZoneInfo("UTC")))
    with pytest.raises(CalendarError, match="working days of the customer's country, but none was given"):
        LOCAL.bind(timezone="Asia/Jerusalem")


@pytest.mark.parametrize("hours", [(1020, 540), (540, 540), (0, 1441), ("09:00", "17:00")])
def test_impossible_working_hours_are_refused(hours: object) -> None:
    with pytest.raises(CalendarError, match="is not a working day"):
        Calendar(None, (), customer_working_hours=hours)  # type: ignore[arg-type]
