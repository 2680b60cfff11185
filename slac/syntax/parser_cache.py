"""The built Lark parser of the .sla grammar, saved under the user's cache directory.

Building the LALR tables and checking the terminals for collisions (`strict=True`) costs
0.35–0.9 s, more than everything else `slac check` does for the seed policies; loading the
saved tables costs about 15 ms. The file's name carries a hash of everything that shapes the
parser (the grammar text, the options, Lark's and Python's versions), so a changed grammar
or an upgraded Lark never loads stale tables: it builds afresh and saves under a new name.
Only a regular file is read there (`slac.cache.read_entry`): a FIFO or a device in its place
would make every command wait or read forever.

The cache is an optimisation only. A directory that cannot be created or written (a
read-only home, a sandbox) or a file that cannot be read back (truncated, from another
pickle protocol) makes slac build the parser in memory, as it would without a cache.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import sys
from collections.abc import Callable
from pathlib import Path

import lark
from lark import Lark

from slac.cache import CACHE_ENVIRONMENT, cache_directory, prune, read_entry, write_atomically

KEPT_PARSERS = 4
KEPT_PARSER_BYTES = 16 * 1024 * 1024
"""Saved parsers kept (one is about 140 kB): an edited grammar or another Lark saves a new one."""

__all__ = ["CACHE_ENVIRONMENT", "cache_directory", "cache_key", "cached_parser"]


def cache_key(grammar: str, options: str) -> str:
    """What the saved tables depend on, hashed: the grammar, the options that shaped the
    parser, and the versions of Lark and Python that built and pickled them."""
    parts = (grammar, options, lark.__version__, sys.version)
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]


def cached_parser(grammar: str, options: str, build: Callable[[], Lark]) -> Lark:
    """The parser `build()` makes, loaded from the cache when a file with this grammar's
    and options' key is there, otherwise built and saved for the next run."""
    directory = cache_directory()
    if directory is None:
        return build()
    path = directory / f"parser-{cache_key(grammar, options)}.pickle"
    saved = read_entry(path)  # only a regular file, opened without blocking: never a FIFO or a device
    if saved is not None:
        try:
            return Lark.load(io.BytesIO(saved))
        except Exception:  # noqa: BLE001 - an unreadable file means: build it again
            pass
    parser = build()
    if _save(parser, path):
        # a parser is saved once per grammar, Lark and Python: the few newest are all in use
        prune(directory, ".pickle", KEPT_PARSERS, KEPT_PARSER_BYTES, prefix="parser-", digits=32)
    return parser


def _save(parser: Lark, path: Path) -> bool:
    """Write the tables atomically (`write_atomically`), so a process that reads the cache
    while another writes it sees the whole file or none; False when they could not be
    written, which is not an error."""
    tables = io.BytesIO()
    try:
        parser.save(tables)
    except pickle.PicklingError:
        return False
    return write_atomically(path, tables.getvalue())
