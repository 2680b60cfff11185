"""The public holidays the checks look at: the runtime's dates, kept in slac's cache directory
(`slac.holiday_cache`), so that checking a policy a second time computes none."""

from __future__ import annotations

from slac.holiday_cache import holiday_dates

__all__ = ["holiday_dates"]
