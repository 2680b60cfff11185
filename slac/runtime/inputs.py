"""How ticket inputs are read: a JSON object (or a generated `Ticket`'s keyword arguments)
checked input by input, each bad one a `TicketError` naming it, what was given (in JSON's words)
and what is accepted. Shared by every generated module, the interpreter and ticket histories,
so all accept exactly the same tickets and refuse bad ones with the same words; instants are
written back as ISO 8601 text here too, so that a message and a result spell them alike.

Ticket inputs (a JSON object, or keyword arguments of a generated `Ticket`):

- `plan` (required): a plan name.
- the level under the scale's own name (`priority`, `severity`): a level name; JSON numbers are
  accepted for numeric names (1 → "1").
- each declared field: one of its values (numbers accepted as for levels); a boolean field also
  takes JSON true/false (→ "yes"/"no"). An absent field takes its default.
- `opened_at` (required), `last_agent_reply_at`, `last_customer_reply_at`, `responded_at`:
  aware datetimes or ISO 8601 strings with a UTC offset (`Z` allowed); stored in UTC. None of
  them may be before `opened_at`, and every instant (`now` too) must lie in the UTC years
  `FIRST_YEAR`–`LAST_YEAR`, the years whose public holidays and time zone rules are known.
- `timezone` (IANA name), `country` (ISO 3166-1 code, case-insensitive) and `subdivision`:
  the customer's, needed by calendars in the customer's zone or closed on their holidays.

`None` means "absent" for every optional input. Anything else is a `TicketError` naming the
input, the value given (in JSON's words: `true`, `nothing (null)`, `a list`) and what is
accepted. A deadline that cannot be computed (it would fall beyond the years the runtime
covers) is a `TicketError` naming the input that starts its clock.

What evaluating a ticket produces is `slac.runtime.evaluation`.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Mapping, Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Final

from slac.runtime import Calendar, CalendarError, HolidaySource

if TYPE_CHECKING:
    from slac.runtime.evaluation import TraceEntry

UTC: Final = timezone.utc

TIME_INPUTS: Final = ("opened_at", "last_agent_reply_at", "last_customer_reply_at", "responded_at")
CUSTOMER_INPUTS: Final = ("timezone", "country", "subdivision")
APPLIED_RULES: Final = "applied_rules"
"""The input naming the discretionary rules support applied to a snapshot ticket (a policy with
such rules accepts it)."""

INSTANT_EXAMPLE: Final = "2025-03-07T16:30:00+01:00"

FIRST_YEAR: Final = 1970
LAST_YEAR: Final = 2099
"""The UTC years an instant may be in. Time zone rules are reliable from 1970 and the public
holidays of the `holidays` package end in 2100, so deadlines outside these years would silently
ignore holidays; instants outside them are refused rather than evaluated wrongly."""

# ----------------------------------------------------------------------------- errors


class TicketError(ValueError):
    """A ticket input is missing or invalid.

    `field` is the input's name (`plan`, `priority`, `opened_at`, a field name, …) and the
    message says what was given and what is accepted, because it usually reaches whoever wired
    a helpdesk to the policy, not someone who can read the policy's source.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.detail = message


SHOWN_CHARACTERS = 80
"""How much of a bad text a message quotes: a 50 MB value must not come back as 100 MB."""


def shown(value: object) -> str:
    """A value as messages show it: text quoted (at most `SHOWN_CHARACTERS` of it, then an
    ellipsis and the length), numbers as they are (a huge one by its size), JSON's literals
    and containers in words ("true", "nothing (null)", "a list"), never a Python type name for
    what JSON can give."""
    if value is None:
        return "nothing (null)"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        if len(value) > SHOWN_CHARACTERS:
            return f"{value[:SHOWN_CHARACTERS]!r}… ({len(value):,} characters)"
        return repr(value)
    if isinstance(value, int) and value.bit_length() > 3 * SHOWN_CHARACTERS:
        return f"a number of about {int(value.bit_length() * 0.30103):,} digits"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return f"a {type(value).__name__} value"


def listing(names: Collection[str]) -> str:
    return ", ".join(names) if names else "none"


def suggestion(value: str, known: Collection[str]) -> str:
    if len(value) > SHOWN_CHARACTERS:
        return ""  # nothing that long is a typo of a name, and comparing would take long
    import difflib  # here: only a mistake needs it

    matches = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    return f" (did you mean {matches[0]!r}?)" if matches else ""

# ----------------------------------------------------------------------------- reading inputs


def check_inputs(data: object, accepted: Collection[str]) -> Mapping[str, Any]:
    """`data` as a mapping whose keys are all `accepted` input names."""
    if data.__class__ is not dict and not isinstance(data, Mapping):
        raise TicketError("ticket", f"must be a JSON object (a mapping of inputs), got {shown(data)}")
    if accepted.__class__ is dict and data.keys() <= accepted.keys():  # type: ignore[attr-defined]
        return data  # every key accepted, checked as sets
    for key in data:
        if key not in accepted:
            name = shown(key)[1:-1] if isinstance(key, str) and len(key) <= SHOWN_CHARACTERS else shown(key)
            hint = suggestion(key, accepted) if isinstance(key, str) else ""
            if key == "id":
                hint = " (an id is a key of a ticket history: one that lists its `events`)"
            raise TicketError(name, f"is not an input of this policy{hint}; the inputs are: {listing(accepted)}")
    return data


def parse_plan(value: object, plans: Collection[str]) -> str:
    """The plan name; required."""
    if value.__class__ is str and value in plans:
        return value
    if value is None:
        raise TicketError("plan", f"is required; the plans are: {listing(plans)}")
    if isinstance(value, str) and value.__class__ is not str:
        return parse_plan(plain_text(value), plans)
    hint = suggestion(value, plans) if isinstance(value, str) else ""
    raise TicketError("plan", f"{shown(value)} is not a plan of this policy{hint}; the plans are: {listing(plans)}")


def parse_base_plan(plan: str, value: object, add_ons: Mapping[str, tuple[str, ...]]) -> str | None:
    """The plan an add-on is bought on: required for an add-on (one of the plans it is an
    add-on to), refused for a plan of its own."""
    bases = add_ons.get(plan)
    if bases is None:
        if value is None:
            return None
        add_on_names = listing(add_ons) if add_ons else "none"
        raise TicketError(
            "base_plan", f"is only for add-ons, and plan {plan} is not one; remove it (the add-ons are: {add_on_names})"
        )
    if value.__class__ is str and value in bases:
        return value
    if isinstance(value, str) and value.__class__ is not str:
        return parse_base_plan(plan, plain_text(value), add_ons)
    if value is None:
        raise TicketError(
            "base_plan",
            f"is required: plan {plan} is an add-on, bought on {' or '.join(bases)}; give the plan the customer has",
        )
    hint = suggestion(value, bases) if isinstance(value, str) else ""
    raise TicketError(
        "base_plan", f"{shown(value)} is not a plan that {plan} is an add-on to{hint}; accepted: {listing(bases)}"
    )


def _name(value: object, known: Collection[str]) -> str | None:
    """A name as written in a policy, if `known`: strings as they are, JSON integers as their
    digits (booleans are not integers here)."""
    if value.__class__ is str:
        return value if value in known else None
    if value.__class__ is int and value.bit_length() < 64:
        digits = str(value)
        return digits if digits in known else None
    if isinstance(value, str):  # a subclass: a StrEnum member, a markup string
        return _name(plain_text(value), known)
    return None


def plain_text(value: str) -> str:
    """A `str` subclass's text as a plain `str` (what `str` itself holds, whatever the
    subclass's `__str__` says): a `StrEnum` member is the name it stands for."""
    return str.__str__(value)


def parse_level(scale: str, value: object, levels: Collection[str], label: str | None = None) -> str | None:
    """The level given on the ticket under the scale's name, or None. `label` names the input
    in errors (default: the scale's name)."""
    if value is None:
        return None
    name = _name(value, levels)
    if name is not None:
        return name
    hint = suggestion(value, levels) if isinstance(value, str) else ""
    raise TicketError(label or scale, f"{shown(value)} is not a {scale} level{hint}; the levels are: {listing(levels)}")


def parse_value(
    field: str, value: object, values: Collection[str], default: str | None = None, label: str | None = None
) -> str | None:
    """A field's value, or its default when absent. `label` names the input in errors
    (default: the field's name)."""
    if value is None:
        return default
    name = _name(value, values)
    if name is not None:
        return name
    hint = suggestion(value, values) if isinstance(value, str) else ""
    raise TicketError(label or field, f"{shown(value)} is not a value of {field}{hint}; accepted: {listing(values)}")


def parse_boolean(field: str, value: object, default: str | None = None, label: str | None = None) -> str | None:
    """A boolean field: JSON true/false or "yes"/"no", as "yes"/"no"; its default when absent."""
    if value is None:
        return default
    if value is True or value == "yes":
        return "yes"
    if value is False or value == "no":
        return "no"
    raise TicketError(label or field, f'{shown(value)} is not a yes/no value; accepted: true, false, "yes", "no"')


def _is_leap_second(text: str) -> bool:
    """Whether ISO 8601 text names second 60 of a minute (`2016-12-31T23:59:60Z`): valid ISO
    8601 that `datetime` cannot represent, so it gets its own words rather than "not ISO 8601"."""
    import re  # here: only a mistake needs it

    return re.match(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:60(?![0-9])", text) is not None


def parse_instant(field: str, value: object, required: bool = False) -> datetime | None:
    """An aware instant (datetime, or ISO 8601 text with a UTC offset), in UTC."""
    if value is None:
        if required:
            raise TicketError(
                field, f"is required: give an ISO 8601 instant with its UTC offset, e.g. {INSTANT_EXAMPLE}"
            )
        return None
    if value.__class__ is str:
        try:
            instant = datetime.fromisoformat(value)
        except ValueError:
            if _is_leap_second(value):
                raise TicketError(
                    field,
                    f"{shown(value)} is a leap second (:60), which no datetime can hold; give the second before "
                    "it (:59) or the next minute's :00 instead",
                ) from None
            raise TicketError(
                field, f"{shown(value)} is not an ISO 8601 instant; give one with its UTC offset, e.g. {INSTANT_EXAMPLE}"
            ) from None
    elif isinstance(value, datetime):
        instant = value
    else:
        raise TicketError(
            field,
            f"{shown(value)} is not an instant; give an aware datetime or ISO 8601 text with its UTC offset, "
            f"e.g. {INSTANT_EXAMPLE}",
        )
    tzinfo = instant.tzinfo
    if tzinfo is not UTC:
        if tzinfo is None or (tzinfo.__class__ is not timezone and instant.utcoffset() is None):
            example = instant.replace(tzinfo=None).isoformat(timespec="seconds") + "+01:00"
            raise TicketError(
                field,
                f"{shown(value)} has no UTC offset, so it could be any moment of that day around the world; "
                f"give the offset, e.g. {example} (or Z for UTC)",
            )
        try:
            utc = instant.astimezone(UTC)
        except OverflowError:  # a local time within hours of year 1 or 9999
            raise _out_of_range(field, instant.year) from None
        if FIRST_YEAR <= utc.year <= LAST_YEAR:
            return utc
        raise _out_of_range(field, utc.year, utc.year != instant.year)
    if FIRST_YEAR <= instant.year <= LAST_YEAR:
        return instant
    raise _out_of_range(field, instant.year)


def _out_of_range(field: str, year: int, in_utc: bool = False) -> TicketError:
    """The error for an instant in a year outside `FIRST_YEAR`–`LAST_YEAR` (`in_utc`: the
    instant's own offset puts it in another year)."""
    return TicketError(
        field,
        f"year {year}{' (in UTC)' if in_utc else ''} is outside the supported range {FIRST_YEAR}–{LAST_YEAR}: "
        "public holidays and time zone rules are known for those years only; check the instant",
    )


def require_instant(field: str, value: object) -> datetime:
    """A required instant, such as `opened_at`, in UTC."""
    instant = parse_instant(field, value, True)
    assert instant is not None
    return instant


def parse_later_instant(field: str, value: object, opened_at: datetime) -> datetime | None:
    """An optional instant that cannot be before the ticket was opened (a reply, a response)."""
    if value is None:
        return None
    instant = parse_instant(field, value)
    assert instant is not None
    if instant < opened_at:
        raise TicketError(
            field, f"{format_instant(instant)} is before opened_at {format_instant(opened_at)}; check the two instants"
        )
    return instant


def parse_now(value: object) -> datetime:
    """The evaluation instant (aware datetime or ISO 8601 text), in UTC; the current time when None."""
    if value is None:
        return datetime.now(UTC)
    if value.__class__ is datetime and value.tzinfo is UTC and FIRST_YEAR <= value.year <= LAST_YEAR:
        return value
    return require_instant("now", value)


MAX_NAME_CHARACTERS = 255
"""No IANA zone name is longer (a longer one is refused before any lookup)."""
MAX_CODE_CHARACTERS = 16
"""No country or subdivision code is longer."""


@functools.lru_cache(maxsize=1024)
def _valid_zone(name: str) -> str | None:
    """None when `name` is an IANA zone, else the runtime's explanation."""
    try:
        Calendar.always(name)
    except CalendarError as error:
        return str(error)
    return None


@functools.lru_cache(maxsize=1024)
def _holiday_problem(country: str, subdivision: str | None) -> str | None:
    try:
        HolidaySource(country, subdivision)
    except CalendarError as error:
        return str(error)
    return None


def parse_applied_rules(value: object, discretionary: Collection[str]) -> frozenset[str]:
    """The discretionary rules a snapshot says support applied: one rule name, or a list of
    them; each must be a rule the policy lets support apply at its discretion."""
    if value is None:
        return frozenset()
    names = [value] if value.__class__ is str else value
    if names.__class__ is not list and names.__class__ is not tuple:
        raise TicketError(APPLIED_RULES, f"{shown(value)} is not a rule name or a list of them; "
                          f"the discretionary rules are: {listing(discretionary)}")
    for name in names:  # type: ignore[union-attr]
        if name.__class__ is not str or name not in discretionary:
            hint = suggestion(name, discretionary) if isinstance(name, str) else ""
            raise TicketError(APPLIED_RULES, f"{shown(name)} is not a rule support may apply at its discretion{hint}; "
                              f"the discretionary rules are: {listing(discretionary)}")
    return frozenset(names)  # type: ignore[arg-type]


def check_applied(applied: frozenset[str], trace: Sequence[TraceEntry], conditions: Mapping[str, str]) -> None:
    """A snapshot that names a discretionary rule whose condition does not hold is refused:
    support cannot have applied it to this ticket. `conditions` gives each rule's in words."""
    not_applied = sorted(applied - {entry.subject for entry in trace if entry.step == "discretion"})
    if not_applied:
        name = not_applied[0]
        raise TicketError(APPLIED_RULES, f"names rule {name}, which does not apply to this ticket: "
                          f"its condition ({conditions[name]}) does not hold")


def parse_customer(zone: object, country: object, subdivision: object) -> tuple[str | None, str | None, str | None]:
    """The customer's IANA time zone, country (ISO 3166-1 alpha-2, any case; upper-cased) and
    subdivision of that country (ISO 3166-2 without the country prefix); each may be None."""
    if zone is not None:
        if zone.__class__ is not str or len(zone) > MAX_NAME_CHARACTERS:
            raise TicketError(
                "timezone", f"{shown(zone)} is not a time zone name; give an IANA name such as 'Europe/Prague'"
            )
        problem = _valid_zone(zone)
        if problem is not None:
            raise TicketError("timezone", problem)
    if country is not None:
        if country.__class__ is not str or len(country) > MAX_CODE_CHARACTERS:
            raise TicketError(
                "country", f"{shown(country)} is not a country code; give an ISO 3166-1 code such as 'CZ'"
            )
        country = country.upper()
        problem = _holiday_problem(country, None)
        if problem is not None:
            raise TicketError("country", problem)
    if subdivision is not None:
        if country is None:
            raise TicketError("subdivision", f"{shown(subdivision)} needs a country: give `country` too")
        number = subdivision.__class__ is int  # JSON gives Austria's 9 as a number
        if number and -(10**6) < subdivision < 10**6:
            subdivision = str(subdivision)
        if subdivision.__class__ is not str or len(subdivision) > MAX_CODE_CHARACTERS:
            raise TicketError("subdivision", f"{shown(subdivision)} is not a subdivision code; give one such as 'NY'")
        problem = _holiday_problem(country, subdivision)
        if problem is not None:
            if number:
                problem += "; a number loses its leading zeros, so give the code as text, such as '02'"
            raise TicketError("subdivision", problem)
    return zone, country, subdivision


def missing_customer_input(field: str, calendar: str) -> TicketError:
    """The error for a calendar that needs the customer's zone or country when none is given."""
    if field == "timezone":
        need = "are in the customer's local time; give the customer's IANA time zone, e.g. 'Europe/Prague'"
    else:
        need = "follow the customer's country (its public holidays or working week); give its ISO 3166-1 code, e.g. 'CZ'"
    return TicketError(field, f"is required: the support hours of this plan (calendar {calendar}) {need}")


def format_instant(value: datetime | None) -> str | None:
    """An instant as ISO 8601 in UTC with a `Z`, e.g. 2025-03-10T08:30:00Z."""
    if value is None:
        return None
    if value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    return value.isoformat()[:-6] + "Z"  # drop "+00:00"
