"""`slac.runtime.columnar`: columns of snapshot tickets give, row by row, exactly what the
generated module's `evaluate` gives for each ticket (every result field), whether the columns
come as numpy arrays, Arrow arrays or lists, with nulls, bad values and naive instants."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from types import ModuleType
from typing import Any
from zoneinfo import ZoneInfo

import pytest

np = pytest.importorskip("numpy")
pa = pytest.importorskip("pyarrow")

from codegen.support import generated_module  # noqa: E402
from slac.runtime.columnar import ColumnError, evaluate_columns, output_columns, to_arrow  # noqa: E402
from slac.runtime.evaluation import TicketError  # noqa: E402

UTC = timezone.utc
NOW = datetime(2025, 7, 1, 12, 0, tzinfo=UTC)
FIRST = datetime(2024, 1, 1, tzinfo=UTC)
INSTANTS = ("opened_at", "responded_at", "last_agent_reply_at", "last_customer_reply_at")
ZONES = ("Europe/Prague", "America/New_York", "Asia/Kolkata", "UTC")


def random_rows(module: ModuleType, count: int, seed: int) -> list[dict[str, Any]]:
    """Tickets as rows: every input of the module, None for a null; mostly valid values, some
    unknown plans and levels, some missing required inputs, instants as aware datetimes."""
    generator = random.Random(seed)
    plans = [*module.PLANS, "gold"]
    levels = [*module.LEVELS, "P9", None]
    rows = []
    for _ in range(count):
        opened = FIRST + timedelta(minutes=generator.randrange(2 * 365 * 1440))
        row: dict[str, Any] = {name: None for name in module.TICKET_INPUTS}
        row["plan"] = generator.choice(plans) if generator.random() < 0.97 else None
        row[module.SCALE] = generator.choice(levels)
        for field, values in module.FIELDS.items():
            row[field] = generator.choice([*values, None])
        row["opened_at"] = opened if generator.random() < 0.97 else None
        for name in INSTANTS[1:]:
            if generator.random() < 0.5:
                row[name] = opened + timedelta(minutes=generator.randrange(0, 3 * 1440))
        if "timezone" in row and generator.random() < 0.8:
            row["timezone"] = generator.choice(ZONES)
        if "country" in row and generator.random() < 0.5:
            row["country"] = generator.choice(("CZ", "US", "IT", "XX"))
        rows.append(row)
    return rows


def expected(module: ModuleType, row: dict[str, Any]) -> dict[str, Any]:
    """The result columns of one row, read from `module.evaluate` of the same ticket."""
    ticket = {name: value for name, value in row.items() if value is not None}
    names = output_columns(module.TARGETS)
    try:
        evaluation = module.evaluate(ticket, NOW)
    except TicketError as error:
        return {name: (str(error) if name == "error" else False if name == "excluded" else None) for name in names}
    values: dict[str, Any] = {
        "error": None,
        "plan": evaluation.plan,
        "level": evaluation.level,
        "excluded": evaluation.excluded,
    }
    for deadline in evaluation.deadlines:
        for field in ("status", "start", "due", "earliest", "clock", "reason"):
            values[f"{deadline.target}.{field}"] = getattr(deadline, field)
    assert set(values) == set(names)
    return values


def got(result: dict[str, Any], row: int) -> dict[str, Any]:
    """One row of a columnar result, instants back as aware datetimes (None for NaT)."""
    values = {}
    for name, column in result.items():
        value = column[row]
        if column.dtype.kind == "M":
            value = None if np.isnat(value) else value.astype(datetime).replace(tzinfo=UTC)
        elif column.dtype.kind == "b":
            value = bool(value)
        values[name] = value
    return values


def assert_same(module: ModuleType, rows: list[dict[str, Any]], result: dict[str, Any]) -> None:
    assert list(result) == list(output_columns(module.TARGETS))
    assert all(len(column) == len(rows) for column in result.values())
    for index, row in enumerate(rows):
        assert got(result, index) == expected(module, row), (index, row)


def as_numpy(module: ModuleType, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Instants as datetime64 (UTC, NaT for null), text as object arrays (None for null)."""
    columns = {}
    for name in module.TICKET_INPUTS:
        values = [row[name] for row in rows]
        if name in INSTANTS:
            columns[name] = np.array(
                [np.datetime64(v.replace(tzinfo=None), "us") if v else np.datetime64("NaT", "us") for v in values]
            )
        else:
            columns[name] = np.array(values, dtype=object)
    return columns


def as_arrow(module: ModuleType, rows: list[dict[str, Any]], seed: int) -> dict[str, Any]:
    """Instants as zoned Arrow timestamps (a random zone per column), text as Arrow strings,
    nulls as Arrow nulls; one column chunked."""
    generator = random.Random(seed)
    columns: dict[str, Any] = {}
    for name in module.TICKET_INPUTS:
        values = [row[name] for row in rows]
        if name in INSTANTS:
            zone = generator.choice(ZONES)
            local = [v.astimezone(ZoneInfo(zone)) if v else None for v in values]
            columns[name] = pa.array(local, pa.timestamp("us", tz=zone))
        else:
            columns[name] = pa.array(values, pa.string())
    middle = len(rows) // 2
    columns["plan"] = pa.chunked_array([columns["plan"][:middle], columns["plan"][middle:]])
    return columns


def as_lists(module: ModuleType, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Instants as ISO 8601 text with an offset, as JSON gives them; levels as numbers where
    they are numeric."""
    columns = {}
    for name in module.TICKET_INPUTS:
        values = [row[name] for row in rows]
        if name in INSTANTS:
            values = [v.astimezone(ZoneInfo("Europe/Prague")).isoformat() if v else None for v in values]
        elif name == module.SCALE:
            values = [int(v) if v is not None and v.isdigit() else v for v in values]
        columns[name] = values
    return columns


POLICIES = ("managry", "credenti", "zmanda", "acme")


@pytest.mark.parametrize("policy", POLICIES)
def test_numpy_columns_give_what_evaluate_gives(policy: str) -> None:
    module = generated_module(policy)
    rows = random_rows(module, 300, seed=len(policy))
    assert_same(module, rows, evaluate_columns(module, as_numpy(module, rows), NOW))


@pytest.mark.parametrize("policy", POLICIES)
def test_arrow_columns_give_what_evaluate_gives(policy: str) -> None:
    module = generated_module(policy)
    rows = random_rows(module, 300, seed=7 * len(policy))
    assert_same(module, rows, evaluate_columns(module, as_arrow(module, rows, seed=3), NOW))


@pytest.mark.parametrize("policy", POLICIES)
def test_json_like_lists_give_what_evaluate_gives(policy: str) -> None:
    module = generated_module(policy)
    rows = random_rows(module, 200, seed=11 * len(policy))
    assert_same(module, rows, evaluate_columns(module, as_lists(module, rows), NOW.isoformat()))


def test_the_workload_has_errors_nulls_and_every_status() -> None:
    """The random rows above exercise what they claim to: row errors, null instants and more
    than one deadline status."""
    module = generated_module("managry")
    rows = random_rows(module, 300, seed=len("managry"))
    result = evaluate_columns(module, as_numpy(module, rows), NOW)
    errors = [e for e in result["error"] if e is not None]
    assert any("is not a plan" in e for e in errors) and any(e.startswith("opened_at") for e in errors)
    assert np.isnat(result["initial_response.due"]).any() and not np.isnat(result["initial_response.due"]).all()
    assert {"due", "met", "breached"} <= set(result["initial_response.status"]) | set(result["ongoing_response.status"])


def test_an_unknown_plan_is_that_rows_error_in_evaluates_words() -> None:
    module = generated_module("managry")
    result = evaluate_columns(
        module,
        {"plan": ["premium", "platinum"], "severity": [1, 1], "opened_at": ["2025-03-03T09:00:00Z"] * 2},
        NOW,
    )
    assert result["error"][0] is None and result["initial_response.status"][0] == "breached"
    assert result["error"][1] == (
        "plan: 'platinum' is not a plan of this policy; the plans are: standard, premium"
    )
    assert result["plan"][1] is None and np.isnat(result["initial_response.due"][1])


def test_naive_datetimes_are_the_rows_error_as_evaluate_says() -> None:
    module = generated_module("managry")
    naive = datetime(2025, 3, 3, 9, 0)
    columns = {"plan": ["premium"], "severity": [1], "opened_at": np.array([naive], dtype=object)}
    result = evaluate_columns(module, columns, NOW)
    with pytest.raises(TicketError) as raised:
        module.evaluate({"plan": "premium", "severity": 1, "opened_at": naive}, NOW)
    assert result["error"][0] == str(raised.value)
    assert "has no UTC offset" in result["error"][0]


def test_naive_arrow_timestamps_are_refused_for_the_whole_column() -> None:
    module = generated_module("managry")
    columns = {"plan": ["premium"], "severity": [1], "opened_at": pa.array([datetime(2025, 3, 3, 9)], pa.timestamp("us"))}
    with pytest.raises(ColumnError) as raised:
        evaluate_columns(module, columns, NOW)
    assert raised.value.column == "opened_at"
    assert "without a time zone" in str(raised.value) and "assume_timezone" in str(raised.value)


def test_numpy_datetime64_is_utc() -> None:
    module = generated_module("managry")
    result = evaluate_columns(
        module,
        {"plan": ["premium"], "severity": ["2"], "opened_at": np.array(["2025-03-03T09:00"], dtype="datetime64[s]")},
        NOW,
    )
    # Monday 10:00 in Prague, 2 business hours: due at 12:00 Prague, 11:00 UTC
    assert result["initial_response.due"][0] == np.datetime64("2025-03-03T11:00:00", "us")


def test_instants_beyond_what_python_holds_are_the_rows_error() -> None:
    module = generated_module("managry")
    opened = np.array(["2025-03-03T09:00", "12000-01-01T00:00", "2150-01-01T00:00"], dtype="datetime64[us]")
    result = evaluate_columns(module, {"plan": ["premium"] * 3, "severity": [1] * 3, "opened_at": opened}, NOW)
    assert result["error"][0] is None
    assert result["error"][1] == str(_error_of(module, {"plan": "premium", "severity": 1, "opened_at": "12000-01-01T00:00:00.000000Z"}))
    assert result["error"][2] == str(_error_of(module, {"plan": "premium", "severity": 1, "opened_at": datetime(2150, 1, 1, tzinfo=UTC)}))
    assert "outside the supported range" in result["error"][2]


def test_nan_and_pandas_style_nulls_are_absent_inputs() -> None:
    module = generated_module("managry")
    result = evaluate_columns(
        module,
        {
            "plan": np.array(["premium", "premium"], dtype=object),
            "severity": np.array([1.0, float("nan")]),
            "opened_at": ["2025-03-03T09:00:00Z", "2025-03-03T09:00:00Z"],
        },
        NOW,
    )
    # 1.0 is not a level name (JSON numbers for levels are integers), NaN is no level at all
    assert result["error"][0] == str(_error_of(module, {"plan": "premium", "severity": 1.0, "opened_at": "2025-03-03T09:00:00Z"}))
    assert result["error"][1] == str(_error_of(module, {"plan": "premium", "opened_at": "2025-03-03T09:00:00Z"}))


def test_pandas_series_are_read_as_their_numpy_values() -> None:
    pd = pytest.importorskip("pandas")
    module = generated_module("managry")
    rows = random_rows(module, 100, seed=13)
    frame = pd.DataFrame(as_numpy(module, rows))
    zoned = frame.copy()
    zoned["opened_at"] = frame["opened_at"].dt.tz_localize("UTC").dt.tz_convert("Europe/Prague")
    assert_same(module, rows, evaluate_columns(module, {name: frame[name] for name in frame}, NOW))
    assert_same(module, rows, evaluate_columns(module, {name: zoned[name] for name in zoned}, NOW))


def _error_of(module: ModuleType, ticket: dict[str, Any]) -> TicketError:
    with pytest.raises(TicketError) as raised:
        module.evaluate(ticket, NOW)
    return raised.value


def test_columns_that_cannot_be_tickets_name_the_column() -> None:
    module = generated_module("managry")
    with pytest.raises(ColumnError, match=r"column severty: is not an input of this policy \(did you mean 'severity'\?\)"):
        evaluate_columns(module, {"plan": ["premium"], "severty": [1]}, NOW)
    with pytest.raises(ColumnError, match="the columns differ in length"):
        evaluate_columns(module, {"plan": ["premium", "premium"], "severity": [1]}, NOW)
    with pytest.raises(ColumnError, match="holds durations"):
        evaluate_columns(module, {"opened_at": np.array([1], dtype="timedelta64[s]")}, NOW)
    with pytest.raises(ColumnError, match="2 dimensions"):
        evaluate_columns(module, {"plan": np.array([["premium"]], dtype=object)}, NOW)


def test_no_rows_give_empty_columns() -> None:
    module = generated_module("managry")
    result = evaluate_columns(module, {"plan": [], "severity": [], "opened_at": []}, NOW)
    assert list(result) == list(output_columns(module.TARGETS))
    assert all(len(column) == 0 for column in result.values())


def test_to_arrow_types_the_columns() -> None:
    module = generated_module("managry")
    rows = random_rows(module, 50, seed=5)
    table = to_arrow(evaluate_columns(module, as_numpy(module, rows), NOW))
    assert table.schema.field("initial_response.due").type == pa.timestamp("us", tz="UTC")
    assert table.schema.field("ongoing_response.reason").type == pa.string()
    assert table.schema.field("excluded").type == pa.bool_()
    assert table.num_rows == 50
    first_due = table.column("initial_response.due").to_pylist()
    assert [d for d in first_due if d is not None] == [
        expected(module, row)["initial_response.due"] for row in rows if expected(module, row)["initial_response.due"]
    ]
