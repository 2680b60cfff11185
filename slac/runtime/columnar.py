"""Columnar batch evaluation of snapshot tickets: columns in (numpy arrays, Arrow arrays or
lists), columns out (numpy arrays), for reports over millions of tickets kept as tables.

    >>> from generated import managry
    >>> from slac.runtime.columnar import evaluate_columns
    >>> result = evaluate_columns(managry, {"plan": plans, "severity": severities,
    ...                                     "opened_at": opened}, now)
    >>> result["initial_response.due"]          # datetime64[us], UTC; NaT where there is none

Every row is evaluated by the module's own `evaluate`, so a row's results are exactly
`evaluate`'s: one implementation of the semantics (the cycle engine), reached from columns.
What this module adds is the reading and writing of columns, in one pass and without a dict of
results per ticket:

- **In**: one column per ticket input, named as in the module's `TICKET_INPUTS` (`plan`, the
  scale's name, fields, `opened_at`, replies, the customer's `timezone`/`country`/
  `subdivision`); each a numpy array, a pyarrow `Array`/`ChunkedArray`, a pandas `Series`
  (read as its `to_numpy()`) or a Python sequence, all of one length. A null (None, NaN, NaT, an Arrow null) is an absent input, as a missing
  key is for `evaluate`. Instants: numpy `datetime64` is read as UTC (numpy has no time zones;
  `Calendar.add_many` reads it the same way); an Arrow `timestamp` must carry its zone (one
  without is refused for the whole column: it could be any moment of its day); datetime
  objects and ISO 8601 text are read by `evaluate`'s own rules (a naive one is that row's
  error).
- **Out**: a dict of numpy arrays of the input's length. `error` holds the `TicketError`
  message of a row that cannot be evaluated (None elsewhere; the row's other columns are then
  null, and `excluded` false); `plan`, `level` and `excluded` the evaluation's; and for each target `T` of the policy
  the fields of its `Deadline`: `T.status`, `T.clock`, `T.reason` (text, None when absent) and
  `T.start`, `T.due`, `T.earliest` (`datetime64[us]` in UTC, NaT when absent).
  `to_arrow(result)` makes it an Arrow table (instants as `timestamp[us, tz=UTC]`), and
  `pandas.DataFrame(result)` a data frame.

Needs numpy (imported on the first call, as `Calendar.add_many` does); pyarrow only when Arrow
arrays are given.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from types import ModuleType
from typing import Any, Final

from slac.runtime.evaluation import Evaluation
from slac.runtime.inputs import TicketError, listing, parse_now, suggestion
from slac.runtime.zones import UNIX_EPOCH

ONE_MICROSECOND: Final = timedelta(microseconds=1)
NOT_A_TIME: Final = -(2**63)
"""The int64 numpy stores for NaT."""
DEADLINE_TEXTS: Final = ("status", "clock", "reason")
DEADLINE_INSTANTS: Final = ("start", "due", "earliest")


class ColumnError(ValueError):
    """Columns that cannot be read as tickets at all (an unknown name, lengths that differ, a
    type no input takes); `column` names the column, and the message says what to give."""

    def __init__(self, column: str, message: str) -> None:
        super().__init__(f"column {column}: {message}")
        self.column = column
        self.detail = message


def output_columns(targets: Sequence[str]) -> tuple[str, ...]:
    """The names of the result columns, in order, for a policy with these targets."""
    names = ["error", "plan", "level", "excluded"]
    for target in targets:
        names.extend(f"{target}.{field}" for field in ("status", "start", "due", "earliest", "clock", "reason"))
    return tuple(names)


def evaluate_columns(
    module: ModuleType, columns: Mapping[str, Any], now: datetime | str | None = None
) -> dict[str, Any]:
    """Evaluate every row of `columns` with `module.evaluate` at `now` (the current time when
    None); the results as numpy arrays, described in this module's docstring. `module` is a
    generated module (anything with `evaluate`, `TARGETS` and `TICKET_INPUTS`).

    Raises `ColumnError` for columns that cannot be read; a bad row is reported in `error`.
    """
    import numpy as np

    inputs: Sequence[str] = module.TICKET_INPUTS
    targets = tuple(module.TARGETS)
    at = parse_now(now)
    rows = _row_count(columns)
    values = {name: _python_values(np, name, column, inputs) for name, column in columns.items()}
    return _evaluate_rows(np, module.evaluate, targets, values, rows, at)


def _row_count(columns: Mapping[str, Any]) -> int:
    lengths = {name: len(column) for name, column in columns.items()}
    if len(set(lengths.values())) > 1:
        shown = ", ".join(f"{name} {length:,}" for name, length in lengths.items())
        first = next(iter(lengths))
        raise ColumnError(first, f"the columns differ in length ({shown}); give every input for every row")
    return next(iter(lengths.values()), 0)


def _python_values(np: Any, name: str, column: Any, inputs: Sequence[str]) -> list[Any]:
    """A column as one Python value per row, nulls as None, instants as aware UTC datetimes
    where the column's type says they are instants."""
    if name not in inputs:
        hint = suggestion(name, inputs) if isinstance(name, str) else ""
        raise ColumnError(str(name), f"is not an input of this policy{hint}; the inputs are: {listing(inputs)}")
    if _is_arrow(column):
        return _arrow_values(np, name, column)
    if not isinstance(column, np.ndarray) and hasattr(column, "to_numpy"):
        column = column.to_numpy()  # a pandas Series or Index: its values, read as numpy's
    array = column if isinstance(column, np.ndarray) else None
    if array is None:
        return [_null_to_none(value) for value in column]
    if array.ndim != 1:
        raise ColumnError(name, f"has {array.ndim} dimensions; give one value per ticket (a 1-dimensional array)")
    kind = array.dtype.kind
    if kind == "M":  # datetime64: UTC by convention
        return _instants(np, array.astype("datetime64[us]").view(np.int64).tolist())
    if kind == "m":
        raise ColumnError(name, "holds durations (timedelta64); ticket inputs are names, values and instants")
    if kind == "f":
        return [None if math.isnan(value) else value for value in array.tolist()]
    return [_null_to_none(value) for value in array.tolist()]


def _null_to_none(value: Any) -> Any:
    if value is None or (value.__class__ is float and math.isnan(value)):
        return None
    if value.__class__.__name__ in ("NaTType", "NAType"):  # pandas' nulls, without importing pandas
        return None
    return value


def _is_arrow(column: Any) -> bool:
    module = type(column).__module__
    return module.startswith("pyarrow") and hasattr(column, "to_pylist")


def _arrow_values(np: Any, name: str, column: Any) -> list[Any]:
    import pyarrow
    import pyarrow.compute

    kind = column.type
    if pyarrow.types.is_timestamp(kind):
        if kind.tz is None:
            raise ColumnError(
                name,
                f"holds timestamps without a time zone ({kind}), so each could be any moment of its day; "
                "give them their zone, e.g. pyarrow.compute.assume_timezone(column, 'Europe/Prague'), "
                "or cast UTC values to timestamp('us', tz='UTC')",
            )
        micros = pyarrow.compute.cast(column, pyarrow.timestamp("us", tz="UTC")).cast(pyarrow.int64())
        return _instants(np, micros.to_pylist())
    return [_null_to_none(value) for value in column.to_pylist()]


def _instants(np: Any, micros: Sequence[int | None]) -> list[datetime | str | None]:
    """Microseconds since the epoch (None or NaT's value for a null) as aware UTC datetimes;
    one beyond what a datetime holds (before year 1, after 9999) as the ISO 8601 text numpy
    writes for it, which `evaluate` then refuses as it refuses such text from JSON."""
    instants: list[datetime | str | None] = []
    for value in micros:
        if value is None or value == NOT_A_TIME:
            instants.append(None)
            continue
        try:
            instants.append(UNIX_EPOCH + timedelta(0, 0, value))
        except OverflowError:
            instants.append(str(np.datetime_as_string(np.datetime64(value, "us"))) + "Z")
    return instants


def _evaluate_rows(
    np: Any,
    evaluate: Callable[[Mapping[str, Any], datetime], Evaluation],
    targets: tuple[str, ...],
    values: Mapping[str, list[Any]],
    rows: int,
    now: datetime,
) -> dict[str, Any]:
    errors: list[str | None] = [None] * rows
    plans: list[str | None] = [None] * rows
    levels: list[str | None] = [None] * rows
    excluded = [False] * rows
    # Per target, one list per result field (plain lists: filling them is cheaper than
    # setting numpy elements one by one); instants as microseconds, NaT's value when absent.
    texts = [{field: [None] * rows for field in DEADLINE_TEXTS} for _ in targets]
    instants = [{field: [NOT_A_TIME] * rows for field in DEADLINE_INSTANTS} for _ in targets]
    names = tuple(values)
    epoch, microsecond = UNIX_EPOCH, ONE_MICROSECOND
    for row, given in enumerate(zip(*values.values())):
        ticket = {name: value for name, value in zip(names, given) if value is not None}
        try:
            evaluation = evaluate(ticket, now)
        except TicketError as error:
            errors[row] = str(error)
            continue
        plans[row] = evaluation.plan
        levels[row] = evaluation.level
        excluded[row] = evaluation.excluded
        for index, deadline in enumerate(evaluation.deadlines):
            text = texts[index]
            text["status"][row] = deadline.status
            text["clock"][row] = deadline.clock
            text["reason"][row] = deadline.reason
            instant = instants[index]
            if deadline.start is not None:
                instant["start"][row] = (deadline.start - epoch) // microsecond
            if deadline.due is not None:
                instant["due"][row] = (deadline.due - epoch) // microsecond
            if deadline.earliest is not None:
                instant["earliest"][row] = (deadline.earliest - epoch) // microsecond
    result: dict[str, Any] = {
        "error": _text_array(np, errors),
        "plan": _text_array(np, plans),
        "level": _text_array(np, levels),
        "excluded": np.array(excluded, dtype=bool),
    }
    for index, target in enumerate(targets):
        result[f"{target}.status"] = _text_array(np, texts[index]["status"])
        for field in DEADLINE_INSTANTS:
            result[f"{target}.{field}"] = np.array(instants[index][field], dtype=np.int64).view("datetime64[us]")
        result[f"{target}.clock"] = _text_array(np, texts[index]["clock"])
        result[f"{target}.reason"] = _text_array(np, texts[index]["reason"])
    return result


def _text_array(np: Any, values: list[str | None]) -> Any:
    """Text with nulls as a numpy object array (None stays None, as Arrow and pandas read it)."""
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


def to_arrow(result: Mapping[str, Any]) -> Any:
    """The columns of `evaluate_columns` as a pyarrow Table: text as `string` (nulls kept),
    instants as `timestamp("us", tz="UTC")`, `excluded` as `bool`. Needs pyarrow."""
    import pyarrow

    arrays = {}
    for name, column in result.items():
        if column.dtype.kind == "M":
            arrays[name] = pyarrow.array(column, pyarrow.timestamp("us")).cast(pyarrow.timestamp("us", tz="UTC"))
        elif column.dtype.kind == "b":
            arrays[name] = pyarrow.array(column, pyarrow.bool_())
        else:
            arrays[name] = pyarrow.array(column, pyarrow.string())
    return pyarrow.table(arrays)
