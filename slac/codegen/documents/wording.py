"""Wording: target cells, durations and instants in the document's language.

An English document shows a cell exactly as the author wrote it; any other language words it
from the model, with that language's plural forms (`PLURAL_RULES`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta

from slac.codegen.documents.escaping import Markdown, escape_cell, join_markdown
from slac.codegen.documents.labels import FALLBACK_LANGUAGE, Labels
from slac.codegen.documents.period import date_words, format_offset
from slac.model.types import Cell, Quantity, Timed
from slac.runtime.schedule import MINUTES_PER_DAY


def cell_text(cell: Cell, labels: Labels) -> Markdown:
    """A target cell as the policy says it, in the document's language (`1 business hour; 8
    hours outside business hours`, `1 pracovní hodina; 8 hodin mimo pracovní dobu`), or the
    words for a cell without a deadline, with a marker for a missing one.

    The .sla is written in English, so an English document shows the cell exactly as written;
    any other language words it from the model (see `timed_words`)."""
    if isinstance(cell, Timed):
        if labels.language == FALLBACK_LANGUAGE:
            return escape_cell(cell.text)
        return timed_words(cell, labels)
    return labels({"n/a": "cell_na", "best_effort": "cell_best_effort", "undefined": "cell_undefined"}[cell.kind])


UNIT_MINUTES = {"minutes": 1, "hours": 60, "days": MINUTES_PER_DAY, "weeks": 7 * MINUTES_PER_DAY}
"""Minutes per wall-clock unit; business minutes and hours are the same amounts of open time."""

# A duration or range as the canonical printer writes it in `Timed.text`: `3 business hours`,
# `24-72 hours`, `1 minute`. Only the unit is read from it; the amounts come from the model.
_WRITTEN_UNIT = re.compile(r"\b\d+(?:-\d+)?\s+(business\s+|support\s+)?(minute|hour|day|week|month)s?\b")


def _plural_one_other(count: int) -> str:
    return "one" if count == 1 else "many"


def _plural_czech(count: int) -> str:
    """1 hodina, 2–4 hodiny, 0 and 5+ hodin (22 hodin: only 2–4 themselves take `few`)."""
    return "one" if count == 1 else "few" if 2 <= count <= 4 else "many"


def _plural_polish(count: int) -> str:
    """1 godzina; 2–4, 22–24, 32–34 … godziny; 0, 5–21, 25–31 … godzin (12–14 godzin)."""
    if count == 1:
        return "one"
    return "few" if count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14) else "many"


PLURAL_RULES: dict[str, Callable[[int], str]] = {
    "one_other": _plural_one_other,
    "czech": _plural_czech,
    "polish": _plural_polish,
}
"""A locale's `plural_rule` names one of these; each maps a count to the key of a unit's form
(`one`, `few`, `many`) in the locale's `units` and `units_within`."""


def plural_category(labels: Labels, count: int) -> str:
    rule = PLURAL_RULES.get(str(labels.raw("plural_rule")), _plural_one_other)
    return rule(count)


def _written_units(text: str) -> list[str]:
    """The units of a cell's durations as written, in order: `["business_hours", "hours"]`."""
    return [
        (match[1].strip() + "_" if match[1] else "") + match[2] + "s" for match in _WRITTEN_UNIT.finditer(text)
    ]


def _in_unit(quantity: Quantity, business: bool, written: str | None) -> list[tuple[int, str]]:
    """A quantity as (count, unit) pairs: in the unit the author wrote when it fits the model
    (60 minutes stays 60 minutes), else in hours or minutes."""
    pairs: list[tuple[int, str]] = []
    if quantity.months:
        pairs.append((quantity.months, "months"))
    if quantity.support_days:
        pairs.append((quantity.support_days, "support_days"))
    if quantity.business_days:
        pairs.append((quantity.business_days, "business_days"))
    if quantity.minutes or not pairs:
        prefix = "business_" if business else ""
        base = written[len("business_"):] if written and written.startswith("business_") else written
        if (
            written is not None
            and written.startswith("business_") == business
            and written != "business_days"
            and base in UNIT_MINUTES
            and quantity.minutes % UNIT_MINUTES[base] == 0
        ):
            unit = written
        else:
            unit = prefix + ("hours" if quantity.minutes % 60 == 0 and quantity.minutes else "minutes")
        base = unit[len(prefix):]
        pairs.append((quantity.minutes // UNIT_MINUTES[base], unit))
    return pairs


def _unit_word(labels: Labels, unit: str, count: int, within: bool) -> str:
    forms = labels.raw("units_within" if within else "units")[unit]
    return forms[plural_category(labels, count)]


def _duration_words(
    labels: Labels, quantity: Quantity, business: bool, written: str | None, within: bool,
    earliest: Quantity | None = None,
) -> Markdown:
    """`3 ore lavorative`, `24–72 godziny`, `1 pracovní hodiny` (after `do`)."""
    pairs = _in_unit(quantity, business, written)
    if earliest is not None and len(pairs) == 1:
        low = _in_unit(earliest, business, pairs[0][1])
        if len(low) == 1 and low[0][1] == pairs[0][1]:
            count, unit = pairs[0]
            return labels(
                "cell_range", low=low[0][0], high=count, unit=_unit_word(labels, unit, count, within)
            )
    return join_markdown(
        " + ",
        [
            labels("cell_amount", amount=count, unit=_unit_word(labels, unit, count, within))
            for count, unit in pairs
        ],
    )


def written_within(cell: Timed) -> bool:
    """Whether the author wrote `within`: the model's own flag when it has one, else the text."""
    flag = getattr(cell, "within", None)
    if isinstance(flag, bool):
        return flag
    return cell.text.lstrip().lower().startswith("within")


def timed_words(cell: Timed, labels: Labels) -> Markdown:
    """A timed cell in the labels' language, from the model: the amounts, the clock (a business
    unit, or `(24/7)` when the author marked the wall clock), the range's lower bound, the
    out-of-hours alternative and `within` or a strict limit (`under`), with the plural forms of the language. Only the unit
    the author chose (60 minutes, not 1 hour) is taken from `Timed.text`."""
    within = written_within(cell)
    units = _written_units(cell.text)
    business = cell.clock_reason == "unit" and cell.clock == "business"
    main = _duration_words(
        labels, cell.due, business, units[0] if units else None, within or cell.strict, earliest=cell.earliest
    )
    if cell.clock_reason == "marked":
        main = labels("cell_around_clock", duration=main)
    if within:
        main = labels("cell_within", duration=main)
    elif cell.strict:
        main = labels("cell_strict", duration=main)
    if cell.outside_hours is None:
        return main
    outside = _duration_words(labels, cell.outside_hours, False, units[1] if len(units) > 1 else None, within)
    outside = labels("cell_within_outside_hours" if within else "cell_outside_hours", duration=outside)
    return labels("cell_alternative", main=main, outside=outside)


def timed_outside_words(cell: Timed, labels: Labels) -> Markdown:
    """The out-of-hours alternative of a cell alone, `8 hodin`; empty without one."""
    if cell.outside_hours is None:
        return Markdown("")
    units = _written_units(cell.text)
    return _duration_words(labels, cell.outside_hours, False, units[1] if len(units) > 1 else None, False)


def format_offset_instant(instant: datetime, labels: Labels) -> Markdown:
    """An instant in words at its own UTC offset: `martedì 4 marzo 2025 alle 10:00 (UTC)`."""
    offset = instant.utcoffset() or timedelta(0)
    return labels(
        "instant_with_offset",
        date=date_words(instant.date(), labels),
        time=instant.strftime("%H:%M"),
        offset=format_offset(offset),
    )
