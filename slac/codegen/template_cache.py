"""Jinja's compiled templates, kept under slac's cache directory.

Jinja compiles a template to Python the first time it is loaded: for slac's templates about
0.15 s of every `slac build`, more than rendering them. Jinja offers a bytecode cache for this
(`jinja2.BytecodeCache`); this one keeps each template's code as a sealed entry of slac's cache
(`slac.cache.sealed`), read without blocking and only if whole. Jinja names each entry by the
template's name and file, stores the template source's checksum and the Python version in it,
and compiles the template again when either differs, so an edited template or another Python
never runs stale code. A cache that cannot be read or written makes Jinja compile, as it would
without one.
"""

from __future__ import annotations

import io
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

from slac.cache import cache_directory, entry_name, read_entry, sealed, unsealed, write_atomically

FOLDER = "templates"


class TemplateCache(jinja2.BytecodeCache):
    """A `jinja2.BytecodeCache` in slac's cache directory."""

    def load_bytecode(self, bucket: Bucket) -> None:
        path = _path(bucket)
        data = None if path is None else read_entry(path)
        body = None if data is None else unsealed(data)
        if body is not None:
            bucket.load_bytecode(io.BytesIO(body))  # Jinja resets a bucket of another version

    def dump_bytecode(self, bucket: Bucket) -> None:
        path = _path(bucket)
        if path is not None:
            stream = io.BytesIO()
            bucket.write_bytecode(stream)
            write_atomically(path, sealed(stream.getvalue()))


def _path(bucket: Bucket) -> Path | None:
    """Where the bucket's entry lives; None when there is no cache directory."""
    directory = cache_directory()
    return None if directory is None else directory / FOLDER / f"{entry_name((FOLDER, bucket.key))}.code"
