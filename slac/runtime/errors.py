"""The one error type of the runtime, and the helpers that make its messages useful."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime


class CalendarError(ValueError):
    """A calendar was declared or used wrongly.

    The message says what is wrong, why, and how to fix it, because it usually reaches a
    person who wrote an `.sla` file or an integration, not someone who can read the runtime.
    """


def close_matches(wrong: str, known: Iterable[str], limit: int = 3) -> list[str]:
    """The known names nearest to `wrong`, compared case-insensitively, best first."""
    by_folded_name = {name.casefold(): name for name in known}
    import difflib  # here: only a mistake needs it, and every generated module imports this file

    matches = difflib.get_close_matches(wrong.casefold(), by_folded_name, n=limit, cutoff=0.6)
    return [by_folded_name[match] for match in matches]


def did_you_mean(wrong: str, known: Iterable[str]) -> str:
    """A ": did you mean 'X'?" suffix, or "" when nothing known is close to `wrong`."""
    matches = close_matches(wrong, known)
    if not matches:
        return ""
    return ": did you mean " + " or ".join(repr(match) for match in matches) + "?"


def naive_datetime_error(name: str, value: datetime) -> CalendarError:
    """The error for a datetime without a time zone, with an aware example built from it."""
    example = value.replace(tzinfo=None).isoformat(timespec="minutes") + "+01:00"
    return CalendarError(
        f"{name} {value.isoformat()} is naive; give a time zone, e.g. {example} "
        "(business time cannot be computed for a wall-clock time without knowing where it is)"
    )
