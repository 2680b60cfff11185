"""What evaluating a ticket produces, and how ticket inputs are read: shared by every generated
module and by the reference interpreter (`slac.interpret`), so both accept exactly the same
tickets, reject bad ones with the same `TicketError`, and return the same `Evaluation`.

Nothing here depends on a policy. Policy-specific work (classifying the level, choosing support
hours, computing deadlines) lives in each generated module and, independently, in the
interpreter; the differential tests compare the two.

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
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Final, NamedTuple

from slac.runtime import Calendar, CalendarError, HolidaySource
from slac.runtime.caches import remember
from slac.runtime.cycles import ClockAction, ClockEvent, Cycle, Goal, Timeline, cycle_to_dict
from slac.runtime.timeline import add_months
from slac.runtime.zones import load_zone

UTC: Final = timezone.utc

STATUSES: Final = (
    "due",
    "breached",
    "met",
    "paused",
    "cancelled",
    "n/a",
    "best_effort",
    "excluded",
    "undefined",
)
"""Every status a deadline (a target's latest cycle) can have: `due`, `breached` and `met` have a
due instant; `paused` is running but stopped by the ticket's status (it has only remaining time);
`cancelled` was ended by a level change; the others say why there is no deadline."""

TIME_INPUTS: Final = ("opened_at", "last_agent_reply_at", "last_customer_reply_at", "responded_at")
CUSTOMER_INPUTS: Final = ("timezone", "country", "subdivision")
APPLIED_RULES: Final = "applied_rules"
"""The input naming the discretionary rules support applied to a snapshot ticket (a policy with
such rules accepts it)."""

START_INPUTS: Final = {
    "opened": "opened_at",
    "last_agent_reply": "last_agent_reply_at",
    "last_customer_reply": "last_customer_reply_at",
}
"""The ticket input that starts a target's clock, by `Target.start`."""

NO_TARGET_REASONS: Final = {
    "n/a": "the policy says n/a: no target for this plan and level",
    "best_effort": "best effort: no guaranteed response time",
    "undefined": "the policy gives no target for this plan and level",
}
NO_START_REASONS: Final = {
    "opened": "the ticket is not opened yet",
    "last_agent_reply": "no agent reply yet, so this clock has not started",
    "last_customer_reply": "no customer reply yet, so this clock has not started",
}
NOT_STARTED_REASON: Final = "no event has started this clock (none of its start events happened, or they came while it ignores them)"
NO_HOURS_REASON: Final = "the plan has no support hours to count business time on"
NO_DAY_LENGTH_REASON: Final = (
    "business days have no standard length on these support hours (their open days differ in length)"
)
WALL_CLOCK: Final = "wall clock"
OUTSIDE_HOURS_CLOCK: Final = "wall clock (started outside business hours)"

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


class UnknownTargetError(KeyError):
    """`Evaluation.deadline` was asked for a target the policy does not have (a `KeyError`,
    whose message names the targets there are)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


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
        if zone.__class__ is not str:
            raise TicketError(
                "timezone", f"{shown(zone)} is not a time zone name; give an IANA name such as 'Europe/Prague'"
            )
        if len(zone) > MAX_NAME_CHARACTERS:
            raise TicketError(
                "timezone", f"{shown(zone)} is not a time zone name; give an IANA name such as 'Europe/Prague'"
            )
        problem = _valid_zone(zone)
        if problem is not None:
            raise TicketError("timezone", problem)
    if country is not None:
        if country.__class__ is not str:
            raise TicketError(
                "country", f"{shown(country)} is not a country code; give an ISO 3166-1 code such as 'CZ'"
            )
        if len(country) > MAX_CODE_CHARACTERS:
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


def deadline_error(target: str, start_kind: str, start: datetime, error: Exception) -> TicketError:
    """The error for a deadline that cannot be computed from `start` (it would fall beyond the
    years the runtime covers), naming the input that starts the target's clock."""
    if isinstance(error, OverflowError):
        reason = "it would fall after the year 9999"
    else:
        reason = str(error)
    return TicketError(
        START_INPUTS[start_kind],
        f"the {target} deadline cannot be computed from {format_instant(start)}: {reason}",
    )


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


# ----------------------------------------------------------------------------- tables


@dataclass(frozen=True, slots=True)
class TimedCell:
    """A targets-table cell with a deadline, as generated modules tabulate it.

    `due` (and `earliest`, for a range) is the wall-clock part of the duration, `due_days`
    (`earliest_days`) the business days, which are worth the calendar's standard open day.
    `business` says whether it counts on the plan's support hours or on the wall clock;
    `outside_hours` is the wall-clock alternative for a start outside support hours.
    `due_support_days` (`earliest_support_days`) are support days: the business time up to
    the same clock time that many business days after the cycle's start; `due_months`
    (`earliest_months`) calendar months: the wall-clock time up to the same local day and time
    that many months later (in the support hours' zone, UTC without support hours). `strict`
    (`under 1 hour`) is met only when the clock stops before the due instant.
    `text` is the cell as published.
    """

    due: timedelta
    business: bool
    text: str
    due_days: int = 0
    earliest: timedelta | None = None
    earliest_days: int = 0
    outside_hours: timedelta | None = None
    due_support_days: int = 0
    earliest_support_days: int = 0
    due_months: int = 0
    earliest_months: int = 0
    strict: bool = False


@dataclass(frozen=True, slots=True)
class SupportHours:
    """A bound calendar and what evaluation needs from it, computed once per binding."""

    calendar: Calendar
    clock: str
    day_length: timedelta | None

    @classmethod
    def of(cls, calendar: Calendar) -> SupportHours:
        """`calendar` (bound) with its description and its standard day length."""
        return cls(calendar, f"business hours ({calendar.describe()})", calendar.standard_day_length())


# ----------------------------------------------------------------------------- results


def _store(instance: object, fields: dict[str, Any]) -> None:
    """Set all the fields of a new frozen (non-slotted) dataclass instance at once."""
    object.__setattr__(instance, "__dict__", fields)


@dataclass(frozen=True, slots=True)
class TraceEntry:
    """One step of the evaluation, in order; `message` says it in words.

    step: "given" (the level on the ticket), "matrix" (derived from two fields), "rule" (a rule
    set the level), "discretion" (support applied a discretionary rule), "changed" (in a history's level
    history: the agent changed the level, which needs the agreement of role `detail`), "exclude" (a rule excluded the ticket), "default" (the default level),
    "restriction" (the final level violates a restriction), "plan" (the plan is an alias of
    `subject`), "hours" (a conditional choice of support hours, calendar `subject`), "channel"
    (the ticket came by channel `subject`, which its plan does not offer), "add_on" (the plan,
    `detail`, is an add-on bought on plan `subject`), "override" (targets
    that depend on the ticket replaced the plan's cells: override `subject`).
    `level` is the level after the step; `previous` the level before a rule changed it.
    `subject` names the rule, restriction, plan or calendar; `line` is its source line.
    `detail` is the rule's title, the matrix cell, or the condition that chose the hours.
    """

    step: str
    level: str | None
    subject: str | None = None
    line: int | None = None
    previous: str | None = None
    detail: str | None = None

    def message(self, scale: str) -> str:
        """The step in words, e.g. "rule not_production (line 49) applies: …; priority 1 → 3"."""
        step, level, line = self.step, self.level, self.line
        if step == "given":
            return f"{scale} {level} was given on the ticket"
        if step == "matrix":
            return f"{scale} {level} follows from the matrix (line {line}): {self.detail}"
        if step == "rule":
            before = f"{scale} {self.previous}" if self.previous is not None else f"no {scale}"
            return f"rule {self.subject} (line {line}) applies: {self.detail}; {before} → {level}"
        if step == "discretion":
            before = f"{scale} {self.previous}" if self.previous is not None else f"no {scale}"
            return f"rule {self.subject} (line {line}) applied at support's discretion: {self.detail}; {before} → {level}"
        if step == "changed":
            return f"the {self.subject} changed the {scale} to {level}, which needs the {self.detail}'s agreement"
        if step == "exclude":
            return (
                f"rule {self.subject} (line {line}) applies: {self.detail}; "
                "no guaranteed response, every target is excluded"
            )
        if step == "default":
            return f"no {scale} was given, so the default applies (line {line}): {scale} {level}"
        if step == "restriction":
            return f"violates restriction {self.subject} (line {line}): {self.detail}"
        if step == "plan":
            return f"the plan has the targets and support hours of plan {self.subject} (line {line})"
        if step == "hours":
            return f"support hours: calendar {self.subject} (line {line}), because {self.detail}"
        if step == "add_on":
            return (
                f"plan {self.detail} (line {line}) is an add-on bought on plan {self.subject}: its own targets "
                f"apply, and plan {self.subject}'s where it gives none"
            )
        if step == "channel":
            return (
                f"channel {self.subject} is not offered by {self.detail} (line {line}); "
                "the targets still apply as the plan publishes them"
            )
        if step == "override":
            return f"override {self.subject} (line {line}) applies: {self.detail}"
        return f"{step} {self.subject or ''}".strip()

    def to_dict(self, scale: str) -> dict[str, Any]:
        return {
            "step": self.step,
            "subject": self.subject,
            "line": self.line,
            "level": self.level,
            "message": self.message(scale),
        }


def exclusion_reason(entry: TraceEntry) -> str:
    """Why the targets of an excluded ticket have no deadline."""
    return f"excluded by rule {entry.subject} (line {entry.line}): {entry.detail}"


@dataclass(frozen=True, init=False)
class Deadline:
    """One target of an evaluated ticket.

    `start` is the instant its clock started (None when that event has not happened), `due`
    the deadline (aware, UTC) or None, `status` one of `STATUSES`, `clock` what the deadline
    was counted on in words ("wall clock", "business hours (…)"), `reason` why there is no
    deadline, `earliest` the lower bound of a range (reported, not enforced).
    """

    target: str
    status: str
    start: datetime | None = None
    due: datetime | None = None
    clock: str | None = None
    reason: str | None = None
    earliest: datetime | None = None

    def __init__(
        self,
        target: str,
        status: str,
        start: datetime | None = None,
        due: datetime | None = None,
        clock: str | None = None,
        reason: str | None = None,
        earliest: datetime | None = None,
    ) -> None:
        # Every field in one step: the generated __init__ of a frozen dataclass sets them one
        # by one through object.__setattr__, which would be a tenth of an evaluation's time.
        _store(
            self,
            {
                "target": target,
                "status": status,
                "start": start,
                "due": due,
                "clock": clock,
                "reason": reason,
                "earliest": earliest,
            },
        )

    def to_dict(self, instant: Callable[[datetime | None], str | None] = format_instant) -> dict[str, Any]:
        """JSON-ready; `instant` formats the instants (ISO 8601 UTC)."""
        return {
            "start": instant(self.start),
            "due": instant(self.due),
            "status": self.status,
            "clock": self.clock,
            "earliest": instant(self.earliest),
            "reason": self.reason,
        }


class LevelChange(NamedTuple):
    """The ticket's level from `at` on, set by the event `source` (the opening, a level or a
    field event), with the classification steps that gave it. A NamedTuple (immutable): every
    evaluation builds at least one, and a frozen dataclass costs several times as much."""

    at: datetime
    source: str
    level: str
    trace: tuple[TraceEntry, ...]

    def to_dict(self, scale: str, instant: Callable[[datetime | None], str | None] = format_instant) -> dict[str, Any]:
        """JSON-ready; `instant` formats the instant (ISO 8601 UTC)."""
        return {
            "at": instant(self.at),
            "event": self.source,
            "level": self.level,
            "trace": [_trace_message(entry, scale) for entry in self.trace],
        }


@dataclass(frozen=True, init=False)
class Evaluation:
    """A ticket evaluated under a policy at `now`: its final level, plan, trace, deadlines and,
    for each target, its cycles.

    `deadlines` has one entry per target of the policy, in declaration order: the target's
    latest cycle, or why it has none. `cycles` holds, in the same order, every cycle of each
    target. `levels` is the level history; `timeline` every clock transition in time order.
    `excluded` and `violations` are read from the trace, its one source of truth.
    """

    policy: str
    scale: str
    plan: str
    level: str
    trace: tuple[TraceEntry, ...]
    deadlines: tuple[Deadline, ...]
    now: datetime
    cycles: tuple[tuple[Cycle, ...], ...]
    levels: tuple[LevelChange, ...]
    timeline: Sequence[ClockEvent] | Timeline
    id: str | int | None

    def __init__(
        self,
        policy: str,
        scale: str,
        plan: str,
        level: str,
        trace: tuple[TraceEntry, ...],
        deadlines: tuple[Deadline, ...],
        now: datetime,
        cycles: tuple[tuple[Cycle, ...], ...] = (),
        levels: tuple[LevelChange, ...] = (),
        timeline: Sequence[ClockEvent] | Timeline = (),
        id: str | int | None = None,
    ) -> None:
        # Every field in one step, as for `Deadline`.
        _store(
            self,
            {
                "policy": policy,
                "scale": scale,
                "plan": plan,
                "level": level,
                "trace": trace,
                "deadlines": deadlines,
                "now": now,
                "cycles": cycles,
                "levels": levels,
                "timeline": timeline,
                "id": id,
            },
        )

    @property
    def excluded(self) -> bool:
        """True when a rule excluded the ticket from every target (no guaranteed response)."""
        return any(entry.step == "exclude" for entry in self.trace)

    @property
    def violations(self) -> tuple[str, ...]:
        """The restrictions the final level violates, and `channel` when the ticket came by a
        channel its plan does not offer (the level and targets are kept; the trace says so)."""
        return tuple(
            entry.subject or "" if entry.step == "restriction" else "channel"
            for entry in self.trace
            if entry.step in ("restriction", "channel")
        )

    def _index(self, target: str) -> int:
        for index, deadline in enumerate(self.deadlines):
            if deadline.target == target:
                return index
        targets = [deadline.target for deadline in self.deadlines]
        hint = suggestion(target, targets) if isinstance(target, str) else ""
        raise UnknownTargetError(
            f"{shown(target)} is not a target of policy {self.policy}{hint}; the targets are: {listing(targets)}"
        )

    def deadline(self, target: str) -> Deadline:
        """The deadline of the target called `target` (its latest cycle); `UnknownTargetError`
        (a `KeyError`) naming the policy's targets when it has none of that name."""
        return self.deadlines[self._index(target)]

    def cycles_of(self, target: str) -> tuple[Cycle, ...]:
        """Every cycle of the target called `target`, in order (`UnknownTargetError` as above)."""
        index = self._index(target)
        return self.cycles[index] if self.cycles else ()

    @property
    def messages(self) -> list[str]:
        """The trace in words."""
        return [entry.message(self.scale) for entry in self.trace]

    def to_dict(self, brief: bool = False) -> dict[str, Any]:
        """A JSON-ready summary; instants are ISO 8601 in UTC. `brief` leaves out what grows
        with the ticket's history: each target's cycles, the level history and the timeline
        (the level, its trace and each target's deadline stay)."""
        # One instant appears up to four times (a deadline, its cycle, the timeline), so each
        # is formatted once: `instant` is a dictionary lookup (in C) that formats on a miss.
        instant = _InstantTexts({None: None}).__getitem__
        scale = self.scale
        cycles_by_target = self.cycles
        targets = {}
        for index, deadline in enumerate(self.deadlines):
            summary = deadline.to_dict(instant)
            if not brief:
                summary["cycles"] = (
                    [cycle_to_dict(cycle, instant) for cycle in cycles_by_target[index]] if cycles_by_target else []
                )
            targets[deadline.target] = summary
        # Keys are added in order; one that is there already (a scale called `levels`) keeps
        # its place and takes the later value, as in a dictionary display.
        result = {
            "policy": self.policy,
            "plan": self.plan,
            "level": self.level,
            scale: self.level,
            "excluded": self.excluded,
            "violations": list(self.violations),
            "trace": [_trace_dict(entry, scale).copy() for entry in self.trace],
            "targets": targets,
        }
        if not brief:
            result["levels"] = [change.to_dict(scale, instant) for change in self.levels]
            # an event's fields but its instant are the same in many evaluations
            result["timeline"] = [
                {"at": instant(at), **timeline_fields(source, target, cycle, action, cause)}
                for at, source, target, cycle, action, cause in self.timeline
            ]
        result["now"] = instant(self.now)
        return result if self.id is None else {"id": self.id, **result}


@functools.lru_cache(maxsize=4096)
def _trace_dict(entry: TraceEntry, scale: str) -> dict[str, Any]:
    """`entry.to_dict(scale)`, built once per entry: a policy has few distinct entries and
    every evaluation's JSON repeats them. Shared: callers copy it before handing it out."""
    return entry.to_dict(scale)


@functools.lru_cache(maxsize=4096)
def _trace_message(entry: TraceEntry, scale: str) -> str:
    """`entry.message(scale)`, worded once per entry."""
    return entry.message(scale)


@functools.lru_cache(maxsize=4096)
def timeline_fields(source: str, target: str, cycle: int, action: ClockAction, cause: str) -> dict[str, Any]:
    """A timeline event's JSON fields after its instant (`at`) in `Evaluation.to_dict`, worded
    once: evaluations repeat the same few events (`opened_at started initial_response cycle
    1`). Shared: callers copy it."""
    message = ClockEvent(datetime.min, source, target, cycle, action, cause).message()
    return {"event": source, "target": target, "cycle": cycle, "action": action, "message": message}


class _InstantTexts(dict):  # type: ignore[type-arg]
    """Instants as `format_instant` writes them, each formatted once per `Evaluation.to_dict`."""

    def __missing__(self, value: datetime) -> str | None:
        text = self[value] = format_instant(value)
        return text


# ----------------------------------------------------------------------------- goals


@dataclass(frozen=True, slots=True)
class Situation:
    """What the policy says about a ticket at one point of its history: the classified level
    with its trace, the rule that excluded it (if any), its support hours, and its row of cells
    (one per target, in the policy's target order). Generated modules and the interpreter each
    compute it their own way; the cycle engine uses it."""

    level: str
    trace: tuple[TraceEntry, ...]
    excluded_by: TraceEntry | None
    hours: SupportHours | None
    cells: tuple[TimedCell | str, ...]


GOAL_WORDS: Final = {"n/a": "n/a", "best_effort": "best effort", "undefined": None}


_NO_TARGET_GOALS: Final = {cell: Goal(cell, GOAL_WORDS[cell], reason=reason) for cell, reason in NO_TARGET_REASONS.items()}

_fixed_goals: dict[tuple[int, int], tuple[TimedCell, SupportHours | None, Goal | None, Goal | None]] = {}
"""Goals that do not depend on the cycle's start, by the identity of their cell and support
hours: (cell, hours, the goal, the goal of a start outside support hours). Every cycle of a
batch asks for one of a handful; the entry holds its cell and hours, so their identities
cannot be reused while it exists."""
FIXED_GOALS_KEPT: Final = 4096


def goal(cell: TimedCell | str, situation: Situation, start: datetime) -> Goal:
    """The goal of a cycle that started at `start` and ends in `situation`: the cell's duration
    on its clock (business days are worth the calendar's standard open day; support days and
    months are worth the time from `start` to the same clock time that many business days or
    months later; a start outside support hours takes the out-of-hours alternative on the wall
    clock), or why there is none."""
    excluded_by = situation.excluded_by
    if excluded_by is not None:
        text = cell.text if isinstance(cell, TimedCell) else GOAL_WORDS[cell]
        return Goal("excluded", text, reason=exclusion_reason(excluded_by))
    if cell.__class__ is str:
        return _NO_TARGET_GOALS[cell]  # type: ignore[index]
    assert isinstance(cell, TimedCell)
    hours = situation.hours
    fixed = _fixed_goals.get((id(cell), id(hours)))
    if fixed is None or fixed[0] is not cell or fixed[1] is not hours:
        if cell.due_months or cell.earliest_months or cell.due_support_days or cell.earliest_support_days:
            return _goal(cell, situation, start)
        inside = _goal(cell, situation, None)
        outside = None
        if cell.outside_hours is not None and cell.business and hours is not None and inside.kind == "timed":
            outside = Goal("timed", cell.text, cell.outside_hours, None, None, OUTSIDE_HOURS_CLOCK, strict=cell.strict)
        fixed = remember(_fixed_goals, (id(cell), id(hours)), (cell, hours, inside, outside), FIXED_GOALS_KEPT)
    if fixed[3] is not None and not fixed[1].calendar.is_open(start):  # type: ignore[union-attr]
        return fixed[3]
    return fixed[2]  # type: ignore[return-value]


def _goal(cell: TimedCell, situation: Situation, start: datetime | None) -> Goal:
    """`goal` worked out: `start` is None for a cell whose goal does not depend on it, which
    then gives the goal of a start inside support hours."""
    if cell.due_months or cell.earliest_months:
        # Calendar months: the wall-clock time to the same local day and time, from this start.
        assert start is not None
        zone = load_zone(situation.hours.calendar.timezone or "UTC" if situation.hours is not None else "UTC")
        due = add_months(zone, start, cell.due_months) - start
        earliest = None if cell.earliest is None else add_months(zone, start, cell.earliest_months) - start
        return Goal("timed", cell.text, due, earliest, None, WALL_CLOCK, strict=cell.strict)
    if not cell.business:
        return Goal("timed", cell.text, cell.due, cell.earliest, None, WALL_CLOCK, strict=cell.strict)
    hours = situation.hours
    if hours is None:
        return Goal("undefined", cell.text, reason=NO_HOURS_REASON)
    duration, earliest = cell.due, cell.earliest
    if cell.due_days or cell.earliest_days:
        # Business days are worth the calendar's standard open day.
        if hours.day_length is None:
            return Goal("undefined", cell.text, reason=NO_DAY_LENGTH_REASON)
        duration += cell.due_days * hours.day_length
        if earliest is not None:
            earliest += cell.earliest_days * hours.day_length
    if cell.due_support_days or cell.earliest_support_days:
        # Support days: the business time to the same clock time N business days on, from this start.
        assert start is not None
        calendar = hours.calendar
        duration += calendar.between(start, calendar.add_business_days(start, cell.due_support_days))
        if earliest is not None:
            earliest += calendar.between(start, calendar.add_business_days(start, cell.earliest_support_days))
    if cell.outside_hours is not None and start is not None and not hours.calendar.is_open(start):
        return Goal("timed", cell.text, cell.outside_hours, None, None, OUTSIDE_HOURS_CLOCK, strict=cell.strict)
    return Goal("timed", cell.text, duration, earliest, hours.calendar, hours.clock, strict=cell.strict)


def summary(
    target: str, cycles: tuple[Cycle, ...], cell: TimedCell | str, situation: Situation, not_started: str
) -> Deadline:
    """A target's deadline as a snapshot shows it: its latest cycle, or, when no cycle started,
    why there is none (excluded, no target in the cell, or `not_started`)."""
    if cycles:
        cycle = cycles[-1]
        return Deadline(target, cycle.status, cycle.start, cycle.due, cycle.clock, cycle.reason, cycle.earliest)
    if situation.excluded_by is not None:
        return Deadline(target, "excluded", reason=exclusion_reason(situation.excluded_by))
    if isinstance(cell, str):
        return Deadline(target, cell, reason=NO_TARGET_REASONS[cell])
    return Deadline(target, "n/a", reason=not_started)
