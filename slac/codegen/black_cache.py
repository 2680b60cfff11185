"""Black's output for generated modules, kept under slac's cache directory.

Importing black costs 0.25–0.6 s and formatting one generated module (less its tables, which
`slac.codegen.formatting` lays out) about 0.15 s, so running black was most of `slac build`
for small policies. The text black formats is the module with its tables replaced by
placeholders, which does not change when a policy's durations do; its formatted form is saved
under a name that hashes the text, the `Style` and the installed black (its version, its
entry file's size and time), so an entry is exactly what black would print again or is never looked
up. Black is imported only when an entry is missing. A cache that cannot be read or written
makes slac run black, as it would without one.
"""

from __future__ import annotations

import hashlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from slac.cache import cache_directory, write_atomically

if TYPE_CHECKING:
    from black.mode import Mode

KEPT_ENTRIES = 256
KEPT_BYTES = 64 * 1024 * 1024
"""Entries kept: the oldest are removed when a new one makes more than `KEPT_ENTRIES` or more
than `KEPT_BYTES` in all (an entry is one module's text: 25 kB for a seed, 3 MB for 500 plans)."""


@dataclass(frozen=True)
class Style:
    """Black's mode for generated modules, named without importing black."""

    line_length: int
    target_version: str
    """A member of black's `TargetVersion`, such as "PY311"."""

    def black_mode(self) -> Mode:
        from black.mode import Mode, TargetVersion

        return Mode(target_versions={TargetVersion[self.target_version]}, line_length=self.line_length)


def format_with_black(text: str, style: Style) -> str:
    """`black.format_str(text, mode=style.black_mode())`, from the cache when it holds it."""
    return cached_text(("black", repr(style), text), lambda: _run_black(text, style))


def cached_text(key: tuple[str, ...], compute: Callable[[], str]) -> str:
    """`compute()`, a text that depends only on `key` and the installed black, saved under a
    hash of both and read back instead of computed when it is there."""
    directory = cache_directory()
    identity = black_identity()
    if directory is None or identity is None:
        return compute()
    digest = hashlib.sha256(identity.encode("utf-8"))
    for part in key:
        digest.update(b"\0" + part.encode("utf-8", "surrogatepass"))
    path = directory / "formatted" / f"{digest.hexdigest()[:40]}.py"
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        pass
    text = compute()
    if write_atomically(path, text.encode("utf-8", "surrogatepass")):
        _prune(path.parent)
    return text


def _run_black(text: str, style: Style) -> str:
    import black

    return black.format_str(text, mode=style.black_mode())


@cache
def black_identity() -> str | None:
    """The installed black as a cache key: its distribution's name and version, and the size
    and modification time of its package's entry file, read without importing it (None when
    black cannot be found: then nothing is cached)."""
    spec = importlib.util.find_spec("black")
    if spec is None or spec.origin is None:
        return None
    origin = Path(spec.origin)
    try:
        distributions = sorted(path.name for path in origin.parent.parent.glob("black-*.dist-info"))
        status = origin.stat()
    except OSError:
        return None
    return "\n".join([*distributions, f"{origin}:{status.st_size}:{status.st_mtime_ns}"])


def _prune(directory: Path) -> None:
    """Remove the oldest entries beyond `KEPT_ENTRIES` and `KEPT_BYTES` (only files this
    module names: 40 hexadecimal digits and `.py`)."""
    try:
        entries = sorted(
            ((status.st_mtime_ns, status.st_size, path) for path in directory.glob("*.py") if len(path.stem) == 40
             for status in (path.stat(),)),
            reverse=True,
        )
    except OSError:
        return
    kept_bytes = 0
    for count, (_, size, path) in enumerate(entries):
        kept_bytes += size
        if count >= KEPT_ENTRIES or (count > 0 and kept_bytes > KEPT_BYTES):
            try:
                path.unlink()
            except OSError:
                pass
