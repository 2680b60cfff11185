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
from collections.abc import Callable
from functools import cache
from pathlib import Path

CACHE_ENVIRONMENT = "XDG_CACHE_HOME"
SLAC_SOURCE_SUFFIXES = (".py", ".j2", ".lark", ".json")
"""The files of the slac package that shape what it computes: code, templates, the grammar and
the documents' wording."""


def cache_directory() -> Path | None:
    """`$XDG_CACHE_HOME/slac`, or `~/.cache/slac`; None when there is no home to put it in."""
    base = os.environ.get(CACHE_ENVIRONMENT)
    if base:
        return Path(base) / "slac"
    try:
        return Path.home() / ".cache" / "slac"
    except RuntimeError:  # no HOME and no password entry: nowhere to cache
        return None


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


def prune(directory: Path, suffix: str, kept_entries: int, kept_bytes: int) -> list[Path]:
    """Remove the oldest entries of `directory` beyond `kept_entries` and beyond `kept_bytes`
    in all (the newest is always kept), and return them. Only files this module names are
    touched: an `entry_name` followed by `suffix`."""
    try:
        entries = sorted(
            (
                (status.st_mtime_ns, status.st_size, path)
                for path in directory.glob(f"*{suffix}")
                if len(path.name) == 40 + len(suffix)
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


def cached_text(
    folder: str, key: tuple[str, ...], compute: Callable[[], str], prune: Callable[[Path], None] | None = None
) -> str:
    """`compute()`, a text that depends only on `key`, saved under `folder` of the cache
    directory with a hash of `key` as its name, and read back instead of computed when it is
    there. `prune` is given the folder after a new entry is written."""
    directory = cache_directory()
    if directory is None:
        return compute()
    path = directory / folder / f"{entry_name(key)}.txt"
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        pass
    text = compute()
    if write_atomically(path, text.encode("utf-8", "surrogatepass")) and prune is not None:
        prune(path.parent)
    return text
