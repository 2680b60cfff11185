"""Writing outputs so that nothing the user had is lost: write to a temporary file in the
same directory, flush it to disk, then rename it over the target in one step."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: str | Path, content: str | bytes) -> None:
    """Replace `path` with `content` atomically (an interrupted write leaves the old file)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(temporary, target.stat().st_mode & 0o777)
        else:
            os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def sla_files(paths: tuple[str, ...] | list[str], default: str = "rules") -> list[Path]:
    """The .sla files named by `paths` (files, or directories searched recursively), sorted;
    `default` when no path is given."""
    chosen = [Path(p) for p in paths] or [Path(default)]
    found: list[Path] = []
    for path in chosen:
        if path.is_dir():
            found.extend(sorted(path.rglob("*.sla")))
        else:
            found.append(path)
    return found
