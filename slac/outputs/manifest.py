"""`.slac-manifest.json`: the files slac wrote in an output directory.

It is committed with the generated files. Each entry names a file (relative to the output
directory), the source that produced it (relative to the output directory, so the manifest
does not depend on where the build ran; none for the index of all policies) and the SHA-256 of
the bytes written. The text is deterministic: sorted keys, one entry per line.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST_NAME = ".slac-manifest.json"
FORMAT = 1
NOTE = (
    "Files that `slac build` wrote in this directory. slac removes only files listed here, and "
    "only while they hold what it wrote. Commit this file with them; do not edit it."
)


class ManifestError(Exception):
    """The manifest exists but cannot be used; the message names it and the fix."""


@dataclass(frozen=True)
class Entry:
    """One file slac wrote: its source (relative to the output directory; None for a file made
    from several sources) and the SHA-256 of its bytes."""

    source: str | None
    sha256: str


@dataclass(frozen=True)
class Manifest:
    """The files slac wrote, by name relative to the output directory."""

    files: Mapping[str, Entry] = field(default_factory=dict)

    def render(self) -> str:
        """The manifest's text: the same files give the same bytes."""
        lines = [
            "{",
            '  "generator": "slac",',
            f'  "format": {FORMAT},',
            f'  "note": {json.dumps(NOTE)},',
            '  "files": {' if self.files else '  "files": {}',
        ]
        names = sorted(self.files)
        for index, name in enumerate(names):
            entry = self.files[name]
            value = json.dumps({"source": entry.source, "sha256": entry.sha256}, ensure_ascii=False)
            lines.append(f"    {json.dumps(name, ensure_ascii=False)}: {value}{',' if index < len(names) - 1 else ''}")
        if self.files:
            lines.append("  }")
        lines.append("}")
        return "\n".join(lines) + "\n"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def source_key(source: str | Path, out_dir: Path) -> str:
    """How the manifest names a source: relative to the output directory, with `/`."""
    relative = os.path.relpath(os.path.abspath(source), os.path.abspath(out_dir))
    return Path(relative).as_posix()


def load_manifest(out_dir: Path) -> Manifest | None:
    """The manifest of `out_dir`, or None when there is none (a directory slac has not built
    into since it keeps one). Raises `ManifestError` when it cannot be read or understood."""
    path = out_dir / MANIFEST_NAME
    if not path.exists() and not path.is_symlink():
        return None
    shown = path.as_posix()
    fix = f"delete {shown} and run `slac build` (it then removes no old files: delete stale ones by hand)"
    if path.is_symlink() or not path.is_file():
        raise ManifestError(f"{shown} is not a regular file; {fix}")
    try:
        raw = path.read_bytes()
        data = json.loads(raw.decode("utf-8"))
    except OSError as error:
        raise ManifestError(f"cannot read {shown}: {error.strerror or error}") from None
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ManifestError(f"{shown} is not the JSON slac writes; {fix}") from None
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(files, dict):
        raise ManifestError(f"{shown} is not a manifest this slac understands; {fix}")
    entries: dict[str, Entry] = {}
    for name, value in files.items():
        source = value.get("source") if isinstance(value, dict) else None
        digest = value.get("sha256") if isinstance(value, dict) else None
        if not _safe_name(name) or not isinstance(digest, str) or not (source is None or isinstance(source, str)):
            raise ManifestError(f"{shown}: the entry {json.dumps(name)[:80]} is not one slac writes; {fix}")
        entries[name] = Entry(source, digest)
    return Manifest(entries)


def _safe_name(name: str) -> bool:
    """A file name directly inside the output directory (no folder, no `..`, not hidden)."""
    return bool(name) and "/" not in name and "\\" not in name and not name.startswith(".") and "\0" not in name
