"""Where histories come from: JSON Lines and Parquet files cut into chunks that a worker reads
by itself, and the Parquet form of a history.

A chunk names a slice of one file (a range of bytes of a JSONL file that starts and ends at line
boundaries, or a range of row groups of a Parquet file) instead of carrying the histories, so
that the process pool and Dask workers read their own input and only results travel back. The
same files cut with the same chunk size give the same chunks whatever the engine.

**Parquet histories** hold one row per history with the history's fields as columns: `id`
(string or integer), `plan`, optional `timezone`, `country`, `subdivision` (null when absent),
and `events`, either a string column holding the JSON array of events (what slac writes: it
keeps every event's keys and value types exactly) or a list column of structs with the event
keys as fields (null fields are left out of the event).
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

from slac import json_input

HISTORY_COLUMNS: Final = ("id", "plan", "timezone", "country", "subdivision", "events")
"""The columns of a Parquet history file, in the order slac writes them."""
PARQUET_ROW_GROUP: Final = 10_000
"""Histories per row group in the Parquet files slac writes: the unit a Dask task reads."""
_SCAN_BLOCK: Final = 1 << 22
_UTF8_BOM: Final = b"\xef\xbb\xbf"
_TOO_DEEP: Final = "the JSON is nested too deeply; a history is an object whose events are flat objects"
_TOO_LONG_NUMBER: Final = "it holds a number with thousands of digits; no key of a history takes one"


class SourceError(ValueError):
    """A tickets file that cannot be read at all (missing, not Parquet, a column missing)."""


@dataclass(frozen=True)
class Chunk:
    """A slice of one histories file, read by one task.

    `index` is the chunk's place in the run (results are put together in this order); `source`
    the file's place among the files given. For JSONL, `start`/`stop` are byte offsets and
    `first` the line number of the first line; for Parquet, `start`/`stop` are row-group
    indices and `first` the 1-based number of the first row.
    """

    index: int
    source: int
    path: str
    format: Literal["jsonl", "parquet"]
    start: int
    stop: int
    first: int
    histories: int


@dataclass(frozen=True)
class Record:
    """One history read from a chunk, or why it could not be read.

    `position` is its line (JSONL) or row (Parquet) number in its file; `history` is the
    decoded object, or None with `error` saying what is wrong with the line.
    """

    source: int
    position: int
    history: Any
    error: str | None = None


def file_format(path: str | Path) -> Literal["jsonl", "parquet"]:
    """Parquet for `.parquet`/`.parq` files and files starting with Parquet's magic bytes, else JSONL.
    A `SourceError` for anything but a regular file: a pipe (`/dev/stdin`) cannot be read more
    than once, and its chunks are read apart from the scan that cuts them."""
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        raise SourceError(f"{path}: cannot read the tickets file: {error.strerror or error}") from None
    if not stat.S_ISREG(mode):
        kind = "a directory" if stat.S_ISDIR(mode) else "a named pipe" if stat.S_ISFIFO(mode) else "not a regular file"
        raise SourceError(
            f"{path}: the tickets file is {kind}; slac report reads a file in chunks, more than once: "
            "save the histories to a file and give its path"
        )
    name = str(path).lower()
    if name.endswith((".parquet", ".parq")):
        return "parquet"
    try:
        with open(path, "rb") as handle:
            return "parquet" if handle.read(4) == b"PAR1" else "jsonl"
    except OSError as error:
        raise SourceError(f"{path}: cannot read the tickets file: {error.strerror or error}") from None


def plan_chunks(paths: Iterable[str], histories_per_chunk: int) -> list[Chunk]:
    """The chunks of every file in `paths`, in file order, each about `histories_per_chunk`
    histories (a Parquet chunk is whole row groups)."""
    chunks: list[Chunk] = []
    paths = list(paths)
    _refuse_repeats(paths)
    for source, path in enumerate(paths):
        if file_format(path) == "parquet":
            chunks.extend(_parquet_chunks(source, path, histories_per_chunk, len(chunks)))
        else:
            chunks.extend(_jsonl_chunks(source, path, histories_per_chunk, len(chunks)))
    return chunks


def _refuse_repeats(paths: Sequence[str]) -> None:
    """A tickets file given twice (by the same name, another path or a link to it) would have
    every ticket in it counted twice: a `SourceError` naming both."""
    seen: dict[tuple[int, int], str] = {}
    for path in paths:
        try:
            status = os.stat(path)
        except OSError:
            continue  # reading it says what is wrong
        key = (status.st_dev, status.st_ino)
        if key in seen:
            first = seen[key]
            same = "twice" if first == path else f"as {first} and as {path}"
            raise SourceError(
                f"--tickets {path}: the file is given {same}, so each of its tickets would be counted twice; "
                "give it once"
            )
        seen[key] = path


def _jsonl_chunks(source: int, path: str, size: int, offset: int) -> Iterator[Chunk]:
    """Cut a JSONL file at every `size`-th line; count lines without decoding them."""
    try:
        handle = open(path, "rb")
    except OSError as error:
        raise SourceError(f"{path}: cannot read the tickets file: {error.strerror or error}") from None
    index = offset
    with handle:
        chunk_start, chunk_first, lines, position, line_number = 0, 1, 0, 0, 0
        last_byte = b"\n"
        while block := handle.read(_SCAN_BLOCK):
            cursor = 0
            while True:
                newline = block.find(b"\n", cursor)
                if newline < 0:
                    break
                cursor = newline + 1
                lines += 1
                line_number += 1
                if lines == size:
                    end = position + cursor
                    yield Chunk(index, source, path, "jsonl", chunk_start, end, chunk_first, lines)
                    index += 1
                    chunk_start, chunk_first, lines = end, line_number + 1, 0
            position += len(block)
            last_byte = block[-1:]
        if last_byte != b"\n":
            lines += 1  # a last line without its newline
        if position > chunk_start:
            yield Chunk(index, source, path, "jsonl", chunk_start, position, chunk_first, lines)


def _parquet_chunks(source: int, path: str, size: int, offset: int) -> Iterator[Chunk]:
    metadata = _parquet_file(path).metadata
    index, group, first = offset, 0, 1
    while group < metadata.num_row_groups:
        stop, rows = group, 0
        while stop < metadata.num_row_groups and (rows == 0 or rows + metadata.row_group(stop).num_rows <= size):
            rows += metadata.row_group(stop).num_rows
            stop += 1
        yield Chunk(index, source, path, "parquet", group, stop, first, rows)
        index, group, first = index + 1, stop, first + rows


def _parquet_file(path: str) -> Any:
    from slac.report.arrow import require_pyarrow

    pyarrow = require_pyarrow("read Parquet histories")
    try:
        file = pyarrow.parquet.ParquetFile(path)
    except (OSError, pyarrow.ArrowException) as error:  # ArrowInvalid: a truncated or garbled file
        raise SourceError(f"{path}: not a Parquet file slac can read: {error}") from None
    names = set(file.schema_arrow.names)
    missing = [column for column in ("plan", "events") if column not in names]
    if missing:
        raise SourceError(
            f"{path}: a Parquet histories file needs the columns plan and events (and optionally "
            f"{', '.join(c for c in HISTORY_COLUMNS if c not in ('plan', 'events'))}); "
            f"missing: {', '.join(missing)}"
        )
    return file


def read_chunk(chunk: Chunk) -> Iterator[Record]:
    """The histories of a chunk, in file order."""
    if chunk.format == "jsonl":
        return _read_jsonl(chunk)
    return _read_parquet(chunk)


def _read_jsonl(chunk: Chunk) -> Iterator[Record]:
    with open(chunk.path, "rb") as handle:
        handle.seek(chunk.start)
        data = handle.read(chunk.stop - chunk.start)
    for number, raw in enumerate(data.split(b"\n"), start=chunk.first):
        if number == 1 and raw.startswith(_UTF8_BOM):
            raw = raw[len(_UTF8_BOM) :]
        if not raw.strip():
            continue
        try:
            # decoded here, strictly: json.loads would take bytes in UTF-16 or UTF-32 as well,
            # reading the first line of a UTF-16 file and none of the others
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            shown = raw[error.start : error.end].hex(" ")
            yield Record(chunk.source, number, None,
                         f"not UTF-8 text: byte(s) {shown} at byte {error.start + 1}; save the histories as UTF-8")
            continue
        try:
            yield Record(chunk.source, number, json_input.loads(text))
        except json_input.DuplicateMember as error:
            yield Record(chunk.source, number, None, f"{error}; give each member once")
        except json.JSONDecodeError as error:
            yield Record(chunk.source, number, None, f"not valid JSON: {error.msg} at column {error.colno}")
        except RecursionError:
            yield Record(chunk.source, number, None, _TOO_DEEP)
        except ValueError:  # a number beyond Python's limit on digits (4,300)
            yield Record(chunk.source, number, None, _TOO_LONG_NUMBER)


def _read_parquet(chunk: Chunk) -> Iterator[Record]:
    file = _parquet_file(chunk.path)
    columns = [c for c in HISTORY_COLUMNS if c in file.schema_arrow.names]
    try:
        rows = file.read_row_groups(list(range(chunk.start, chunk.stop)), columns=columns).to_pylist()
    except (OSError, ValueError) as error:  # pyarrow's ArrowInvalid is a ValueError: a garbled row group
        groups = f"row group {chunk.start + 1}"
        if chunk.stop - chunk.start > 1:
            groups = f"row groups {chunk.start + 1}–{chunk.stop}"
        message = f"{groups} of the file cannot be read ({error}); write the file again"
        for number in range(chunk.first, chunk.first + chunk.histories):
            yield Record(chunk.source, number, None, message)
        return
    for number, row in enumerate(rows, start=chunk.first):
        history = {key: value for key, value in row.items() if value is not None}
        events = history.get("events")
        if isinstance(events, str):
            try:
                history["events"] = json_input.loads(events)
            except json_input.DuplicateMember as error:
                yield Record(chunk.source, number, None, f"events: {error}; give each member once")
                continue
            except json.JSONDecodeError as error:
                yield Record(chunk.source, number, None, f"events: not a valid JSON array: {error.msg} at column {error.colno}")
                continue
            except RecursionError:
                yield Record(chunk.source, number, None, f"events: {_TOO_DEEP}")
                continue
            except ValueError:  # a number beyond Python's limit on digits (4,300)
                yield Record(chunk.source, number, None, f"events: {_TOO_LONG_NUMBER}")
                continue
        elif isinstance(events, list):
            history["events"] = [_event_of(event) for event in events]
        yield Record(chunk.source, number, history)


def _event_of(event: Any) -> Any:
    """An event of a list-of-structs column: its non-null fields (a map column's pairs as an object)."""
    if not isinstance(event, dict):
        return event
    result = {}
    for key, value in event.items():
        if value is None:
            continue
        if key == "fields" and isinstance(value, list):
            value = dict(value)
        result[key] = value
    return result


def parquet_table(histories: Iterable[dict[str, Any]]) -> Any:
    """Histories as an Arrow table in slac's Parquet form (events as a JSON string column)."""
    from slac.report.arrow import require_pyarrow

    pa = require_pyarrow("write Parquet histories")
    rows = list(histories)
    ids = [history.get("id") for history in rows]
    id_type = pa.int64() if ids and all(isinstance(i, int) and not isinstance(i, bool) for i in ids) else pa.string()
    columns = {
        "id": pa.array([i if i is None or id_type == pa.int64() else str(i) for i in ids], id_type),
        "plan": pa.array([history.get("plan") for history in rows], pa.string()),
        "timezone": pa.array([history.get("timezone") for history in rows], pa.string()),
        "country": pa.array([history.get("country") for history in rows], pa.string()),
        "subdivision": pa.array([history.get("subdivision") for history in rows], pa.string()),
        "events": pa.array(
            [json.dumps(history.get("events"), ensure_ascii=False, separators=(",", ":")) for history in rows],
            pa.string(),
        ),
    }
    return pa.table(columns)


def write_parquet_histories(histories: Iterable[dict[str, Any]], path: str | Path) -> int:
    """Write histories to a Parquet file in slac's form, `PARQUET_ROW_GROUP` per row group,
    atomically (a temporary file beside it, renamed over it at the end); the count written."""
    import itertools
    import os
    import tempfile

    from slac.report.arrow import require_pyarrow

    parquet = require_pyarrow("write Parquet histories").parquet
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(descriptor)
    count = 0
    try:
        iterator = iter(histories)
        writer = None
        while batch := list(itertools.islice(iterator, PARQUET_ROW_GROUP)):
            table = parquet_table(batch)
            if writer is None:
                writer = parquet.ParquetWriter(temporary, table.schema)
            elif table.schema != writer.schema:
                table = table.cast(writer.schema)
            writer.write_table(table, row_group_size=PARQUET_ROW_GROUP)
            count += len(batch)
        if writer is None:
            writer = parquet.ParquetWriter(temporary, parquet_table([]).schema)
        writer.close()
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return count
