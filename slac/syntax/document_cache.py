"""Parsed .sla files saved under slac's cache directory, so that a file unchanged since the
last command is not lexed and parsed again.

Parsing is most of what `slac check` does for a handful of policies (about 0.2 s for the
seeds, against 7 ms to load their saved syntax trees), and with a saved tree Lark is not even
imported. An entry is named by a hash of all the tree is made from: the file's path (spans name
it), its normalised text, slac itself (`slac_identity`: the grammar, the builder), Lark's and
Python's versions. Only trees of files without syntax errors are kept; a file with errors is
parsed every time, so its diagnostics are always worked out afresh.

An entry is a pickle, sealed with its SHA-256 (`slac.cache.sealed`), and read by an unpickler
that builds nothing but the syntax tree's own classes and `datetime` values: anything else in
it (a damaged or planted file) makes slac parse the file as if there were no entry. The cache
is an optimisation only; a directory that cannot be written just means parsing every time.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import sys
from pathlib import Path
from typing import Any

from slac.cache import (
    cache_directory,
    entry_name,
    installed_identity,
    prune,
    read_sealed,
    slac_identity,
    write_sealed,
)
from slac.syntax import ast, span

FOLDER = "documents"
ENTRY_FORMAT = "1"
"""Changed when the entry's layout changes, so older entries are never read."""
SUFFIX = ".pickle"
KEPT_ENTRIES = 1024
KEPT_BYTES = 64 * 1024 * 1024
"""Entries kept: when the folder is pruned (`slac.cache.pruning_due`), the oldest are removed
beyond `KEPT_ENTRIES` entries or `KEPT_BYTES` in all (a seed's tree is 13–40 kB): a
repository of a few hundred policies keeps all of its trees."""

_BUILDABLE = {
    "slac.syntax.ast": ast,
    "slac.syntax.span": span,
}
_DATETIME = frozenset(("date", "time", "timedelta"))


class _DocumentUnpickler(pickle.Unpickler):
    """An unpickler that finds only the classes of a syntax tree (the node classes, `Span`)
    and `datetime`'s value types, as the `pickle` documentation's "Restricting Globals" shows."""

    def find_class(self, module: str, name: str) -> Any:
        found = None
        if module in _BUILDABLE and not name.startswith("_"):
            found = getattr(_BUILDABLE[module], name, None)
        elif module == "datetime" and name in _DATETIME:
            found = super().find_class(module, name)
        if not isinstance(found, type) or found.__module__ not in (*_BUILDABLE, "datetime"):
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a syntax tree")
        return found


def _key(path: str, text: str) -> str | None:
    """The entry's name; None when Lark cannot be found (then nothing is cached)."""
    lark = installed_identity("lark")
    if lark is None:
        return None
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return entry_name((FOLDER, ENTRY_FORMAT, slac_identity(), lark, sys.version, path, digest))


def load_document(path: str, text: str) -> ast.Document | None:
    """The saved syntax tree of `text` (normalised source) read from `path`, or None when the
    cache holds none that is whole and made only of a tree's classes."""
    directory = cache_directory()
    name = None if directory is None else _key(path, text)
    if directory is None or name is None:
        return None
    body = read_sealed(directory / FOLDER / f"{name}{SUFFIX}")
    if body is None:
        return None
    try:
        document = _DocumentUnpickler(io.BytesIO(body)).load()
    except Exception:  # noqa: BLE001 - any damage means: parse the file again
        return None
    return document if isinstance(document, ast.Document) else None


def save_document(path: str, text: str, document: ast.Document) -> None:
    """Keep the syntax tree of `text` read from `path` for the next command; failing to save it
    (a tree too deep to pickle, a directory that cannot be written) is not an error."""
    directory = cache_directory()
    name = None if directory is None else _key(path, text)
    if directory is None or name is None:
        return
    try:
        data = pickle.dumps(document, protocol=pickle.HIGHEST_PROTOCOL)
    except (RecursionError, pickle.PicklingError):
        return
    write_sealed(directory / FOLDER / f"{name}{SUFFIX}", data, _prune)


def _prune(directory: Path) -> None:
    prune(directory, SUFFIX, KEPT_ENTRIES, KEPT_BYTES)
