"""slac's cache directory: where saved work that is costly to redo lives between commands.

Everything kept there is named by a hash of all it was computed from (the built parser, black's
output for a module, a country's holiday dates in a year, a policy's generated module for
`slac eval`, with the versions of the packages and of slac that computed them), so an entry is
either exactly what would be computed again or is never looked up: nothing in it can go stale.
Deleting the directory only makes the next command slower; so does a directory that cannot be
created or written.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import stat
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

CACHE_ENVIRONMENT = "XDG_CACHE_HOME"
SLAC_SOURCE_SUFFIXES = (".py", ".j2", ".lark", ".json")
"""The files of the slac package that shape what it computes: code, templates, the grammar and
the documents' wording."""


def cache_directory() -> Path | None:
    """`$XDG_CACHE_HOME/slac`, or `~/.cache/slac`; None when there is no home to put it in.

    As the XDG base directory specification says, a relative `XDG_CACHE_HOME` is ignored. A
    home directory that does not exist is not created: slac then caches nothing."""
    base = os.environ.get(CACHE_ENVIRONMENT)
    if base and os.path.isabs(base):
        return Path(base) / "slac"
    try:
        home = Path.home()
    except RuntimeError:  # no HOME and no password entry: nowhere to cache
        return None
    return home / ".cache" / "slac" if home.is_dir() else None


MAX_ENTRY_BYTES = 256 * 1024 * 1024
"""No cache entry is larger (a 500-plan module is 3 MB): a bigger file is not one of slac's."""


def read_entry(path: Path) -> bytes | None:
    """The bytes of the cache entry at `path`, or None when there is none or it is not a
    regular file of at most `MAX_ENTRY_BYTES` (a FIFO, a device, a directory): opened without
    blocking, so that nothing planted in the cache can make slac wait or fill its memory."""
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_ENTRY_BYTES:
            return None
        with os.fdopen(handle, "rb", closefd=False) as stream:
            data = stream.read(MAX_ENTRY_BYTES + 1)
        return data if len(data) <= MAX_ENTRY_BYTES else None
    except OSError:
        return None
    finally:
        os.close(handle)


CHECKSUM_PREFIX = b"# slac cache entry, SHA-256 of the text above: "


def sealed(data: bytes) -> bytes:
    """`data` with a last line holding its SHA-256, so a reader can tell a whole entry from a
    truncated, emptied or edited one."""
    if not data.endswith(b"\n"):
        data += b"\n"
    return data + CHECKSUM_PREFIX + hashlib.sha256(data).hexdigest().encode() + b"\n"


def unsealed(data: bytes) -> bytes | None:
    """The text of a `sealed` entry, or None when its last line does not hold the SHA-256 of
    the text before it."""
    cut = data.rfind(b"\n", 0, len(data) - 1) + 1
    body, last = data[:cut], data[cut:]
    if last != CHECKSUM_PREFIX + hashlib.sha256(body).hexdigest().encode() + b"\n":
        return None
    return body


def read_sealed(path: Path) -> bytes | None:
    """The text of the `sealed` entry at `path`, read as `read_entry` reads it; None when there
    is none or it is not whole."""
    data = read_entry(path)
    return None if data is None else unsealed(data)


def write_sealed(path: Path, data: bytes, prune: Callable[[Path], None] | None = None) -> bool:
    """Write `data`, `sealed`, to `path` (`write_atomically`) and give its folder to `prune`
    when `pruning_due` says so; False when it could not be written."""
    written = write_atomically(path, sealed(data))
    if written and prune is not None and pruning_due(path.parent):
        prune(path.parent)
    return written


def write_atomically(path: Path, content: bytes) -> bool:
    """Write `content` to `path` through a temporary file renamed into place, so a process
    reading the cache while another writes it sees the whole file or none. False when the
    directory cannot be created or written: failing to cache is not an error."""
    import tempfile  # here: reading the cache does not need it

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    except OSError:
        return False
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(temporary, path)
    except OSError:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        return False
    return True


@cache
def installed_identity(package: str) -> str | None:
    """An installed distribution as part of a cache key, read without importing it: the names
    of its `.dist-info` directories (name and version) and the size and modification time of
    its package's entry file. None when the package cannot be found: then nothing is cached."""
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        return None
    origin = Path(spec.origin)
    try:
        distributions = sorted(path.name for path in origin.parent.parent.glob(f"{package}-*.dist-info"))
        status = origin.stat()
    except OSError:
        return None
    return "\n".join([*distributions, f"{origin}:{status.st_size}:{status.st_mtime_ns}"])


@cache
def slac_identity() -> str:
    """slac itself as part of a cache key: its version and the name, size and modification time
    of every source file of the package, so that an edited checkout (or an upgrade that keeps
    the version) is another slac and never reads what an older one saved."""
    from slac import __version__

    root = Path(__file__).parent
    files = []
    for directory, subdirectories, names in os.walk(root):
        subdirectories[:] = sorted(name for name in subdirectories if name != "__pycache__")
        for name in sorted(names):
            if name.endswith(SLAC_SOURCE_SUFFIXES):
                path = os.path.join(directory, name)
                try:
                    status = os.stat(path)
                except OSError:
                    continue
                files.append(f"{os.path.relpath(path, root)}:{status.st_size}:{status.st_mtime_ns}")
    digest = hashlib.sha256("\n".join(files).encode("utf-8", "surrogatepass")).hexdigest()
    return f"slac {__version__} {root} {digest}"


def entry_name(key: tuple[str, ...]) -> str:
    """The name of a cache entry computed from `key`: 40 hexadecimal digits of its hash."""
    digest = hashlib.sha256()
    for part in key:
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()[:40]


def prune(
    directory: Path, suffix: str, kept_entries: int, kept_bytes: int, prefix: str = "", digits: int = 40
) -> list[Path]:
    """Remove the oldest entries of `directory` beyond `kept_entries` and beyond `kept_bytes`
    in all (the newest is always kept), and return them; and the temporary files of entries
    (`write_atomically`'s) left by a process killed while writing, once they are older than
    `STALE_TEMPORARY_SECONDS`. Only files slac names are touched: `prefix`, then `digits`
    hexadecimal digits (an `entry_name` by default), then `suffix` (and, for a temporary file, a
    dot before and `tempfile`'s random tail after)."""
    name = f"{re.escape(prefix)}[0-9a-f]{{{digits}}}{re.escape(suffix)}"
    named = re.compile(name).fullmatch
    _remove_stale_temporaries(directory, f"{prefix}*{suffix}-*", re.compile(rf"\.{name}-[a-z0-9_]{{8}}").fullmatch)
    try:
        entries = sorted(
            (
                (status.st_mtime_ns, status.st_size, path)
                for path in directory.glob(f"{prefix}*{suffix}")
                if named(path.name)
                for status in (path.stat(),)
            ),
            reverse=True,
        )
    except OSError:
        return []
    removed = []
    total = 0
    for count, (_, size, path) in enumerate(entries):
        total += size
        if count >= kept_entries or (count > 0 and total > kept_bytes):
            try:
                path.unlink()
            except OSError:
                continue
            removed.append(path)
    return removed


STALE_TEMPORARY_SECONDS = 3600
"""A temporary file of an entry this much older than now belongs to a process that was killed
while writing it (a write takes milliseconds), and is removed when its folder is pruned."""


def _remove_stale_temporaries(directory: Path, pattern: str, named: Callable[[str], object]) -> None:
    import time  # here: only pruning needs it

    oldest = time.time() - STALE_TEMPORARY_SECONDS
    try:
        found = [path for path in directory.glob(f".{pattern}") if named(path.name)]
    except OSError:
        return
    for path in found:
        try:
            if path.lstat().st_mtime < oldest:
                path.unlink()
        except OSError:
            continue  # failing to tidy the cache is not an error


def cached_text(
    folder: str, key: tuple[str, ...], compute: Callable[[], str], prune: Callable[[Path], None] | None = None
) -> str:
    """`compute()`, a text that depends only on `key`, saved under `folder` of the cache
    directory with a hash of `key` as its name, and read back instead of computed when it is
    there. `prune` is given the folder after the new entries `pruning_due` names (a process's
    first in the folder, then every `PRUNE_EVERY`-th), not after each."""
    return cached_value(folder, key, compute, str, str, prune)


def cached_value(
    folder: str,
    key: tuple[str, ...],
    compute: Callable[[], T],
    encode: Callable[[T], str],
    decode: Callable[[str], T],
    prune: Callable[[Path], None] | None = None,
) -> T:
    """`compute()`, a value that depends only on `key`, kept as the text `encode` makes of it
    (as `cached_text` keeps a text) and read back with `decode`. An entry that `decode` refuses
    with a ValueError, TypeError or OverflowError (whole, but not what slac writes: planted, or
    from a slac that wrote another format under the same key) is computed again and replaced."""
    directory = cache_directory()
    if directory is None:
        return compute()
    path = directory / folder / f"{entry_name(key)}.txt"
    body = read_sealed(path)
    if body is not None:
        try:
            return decode(body[:-1].decode("utf-8", "surrogatepass"))  # the newline `sealed` ends it with
        except (UnicodeDecodeError, ValueError, TypeError, OverflowError):
            pass
    value = compute()
    write_sealed(path, encode(value).encode("utf-8", "surrogatepass") + b"\n", prune)
    return value


PRUNE_EVERY = 256
"""A process prunes a folder after its first new entry there and after every `PRUNE_EVERY`-th
one: pruning lists the whole folder, so doing it after every entry made a build that writes
thousands (the worst cases of a 500-plan policy) quadratic."""
_written: dict[Path, int] = {}


def pruning_due(directory: Path) -> bool:
    """Whether the entry just written to `directory` is one after which to prune it."""
    count = _written.get(directory, 0)
    _written[directory] = count + 1
    return count % PRUNE_EVERY == 0
