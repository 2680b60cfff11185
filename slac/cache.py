"""slac's cache directory: where saved work that is costly to redo lives between commands.

Everything kept there is named by a hash of all it was computed from (the built parser, black's
output for a module), so an entry is either exactly what would be computed again or is never
looked up: nothing in it can go stale. Deleting the directory only makes the next command slower.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

CACHE_ENVIRONMENT = "XDG_CACHE_HOME"


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
