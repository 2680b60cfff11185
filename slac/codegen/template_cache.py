"""Jinja's compiled templates, kept under slac's cache directory.

Jinja compiles a template to Python the first time it is loaded: for slac's templates about
0.15 s of every `slac build`, more than rendering them. Jinja offers a bytecode cache for this
(`jinja2.BytecodeCache`); this one keeps each template's code as a sealed entry of slac's cache
(`slac.cache.sealed`), read without blocking and only if whole. Jinja stores the template
source's checksum and the Python version in an entry and compiles the template again when
either differs, so an edited template or another Python never runs stale code. The entry's name
adds to Jinja's key (the template's name and file) the installed Jinja, the environment (its
options shape the code) and slac itself (`slac_identity`: the code that sets those options and
filters), so an upgraded Jinja, another environment or an edited slac compiles afresh. A
cache that cannot be read or written makes Jinja compile, as it would without one.
"""

from __future__ import annotations

import io
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

from slac.cache import (
    cache_directory,
    entry_name,
    installed_identity,
    prune,
    read_sealed,
    slac_identity,
    write_sealed,
)

FOLDER = "templates"
SUFFIX = ".code"
KEPT_ENTRIES = 64
KEPT_BYTES = 16 * 1024 * 1024
"""Entries kept: when the folder is pruned (`slac.cache.pruning_due`), the oldest are removed
beyond `KEPT_ENTRIES` entries or `KEPT_BYTES` in all (slac's five templates take about 120
kB; every edited or upgraded slac compiles a new set)."""


class TemplateCache(jinja2.BytecodeCache):
    """A `jinja2.BytecodeCache` in slac's cache directory, for the environment `environment`
    names (one name per set of options)."""

    def __init__(self, environment: str) -> None:
        self.environment = environment

    def _path(self, bucket: Bucket) -> Path | None:
        """Where the bucket's entry lives; None when there is no cache directory or no Jinja
        to name."""
        directory = cache_directory()
        jinja = installed_identity("jinja2")
        if directory is None or jinja is None:
            return None
        key = (FOLDER, jinja, slac_identity(), self.environment, bucket.key)
        return directory / FOLDER / f"{entry_name(key)}{SUFFIX}"

    def load_bytecode(self, bucket: Bucket) -> None:
        path = self._path(bucket)
        body = None if path is None else read_sealed(path)
        if body is not None:
            try:
                bucket.load_bytecode(io.BytesIO(body))  # Jinja resets a bucket of another version
            except Exception:  # noqa: BLE001 - a whole entry that is not Jinja's (planted): compile again
                bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        path = self._path(bucket)
        if path is not None:
            stream = io.BytesIO()
            bucket.write_bytecode(stream)
            write_sealed(path, stream.getvalue(), _prune)


def _prune(directory: Path) -> None:
    prune(directory, SUFFIX, KEPT_ENTRIES, KEPT_BYTES)
