"""Black's output for generated modules, kept under slac's cache directory.

Importing black costs 0.25–0.6 s and formatting one generated module (less its tables, which
`slac.codegen.formatting` lays out) about 0.15 s, so running black was most of `slac build`
for small policies. Two texts are kept: black's output for a module with its tables replaced
by placeholders (the same after a change of durations), and a whole formatted module (the same
as long as the policy is). Each is saved under a hash of everything it depends on: the text,
the `Style`, the installed black (its version, its entry file's size and time) and, for whole
modules, the source of the layout code; so an entry is exactly what would be computed again
or is never looked up. Black is imported only when an entry is missing. A cache that cannot
be read or written makes slac compute everything, as it would without one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from slac.cache import cached_text as shared_cached_text
from slac.cache import installed_identity, prune

if TYPE_CHECKING:
    from black.mode import Mode

KEPT_ENTRIES = 256
KEPT_BYTES = 64 * 1024 * 1024
"""Entries kept: when the folder is pruned (`slac.cache.pruning_due`), the oldest are removed
beyond `KEPT_ENTRIES` entries or `KEPT_BYTES` in all (an entry is one module's text: 25 kB
for a seed, 3 MB for 500 plans)."""


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
    """`compute()`, a text that depends only on `key` and the installed black, from the cache
    when it holds it (nothing is cached when black cannot be found)."""
    identity = installed_identity("black")
    if identity is None:
        return compute()
    return shared_cached_text("formatted", (identity, *key), compute, prune=_prune)


def _run_black(text: str, style: Style) -> str:
    import black

    return black.format_str(text, mode=style.black_mode())


def _prune(directory: Path) -> None:
    """Remove the oldest entries beyond `KEPT_ENTRIES` and `KEPT_BYTES`."""
    prune(directory, ".txt", KEPT_ENTRIES, KEPT_BYTES)
