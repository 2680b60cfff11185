"""Applying a build's changes as one transaction that a crash or a SIGKILL cannot leave half done.

1. The journal `.slac-journal.json` is written (atomically) in state `staging`, naming every
   file about to be written and a random token; the temporary of `x.md` is `.x.md.<token>.tmp`
   beside the file it replaces (beside a symbolic link's target, so the link stays a link).
2. Every temporary is written and flushed to disk. Nothing the user sees has changed yet.
3. The journal is rewritten in state `committed`: from here on the build counts as done.
4. The temporaries are renamed over their targets one policy after another (the manifest
   last), then the files the build no longer produces are removed (only while they still
   hold what slac wrote), and the journal is deleted.

A build killed before step 3 leaves the old files; one killed after it leaves a committed
journal. `recover` (run by the next build, under a lock on the directory) rolls a `staging`
journal back (its temporaries are deleted) and completes a `committed` one (the remaining
renames and removals), so each policy ends with either its old set of files or its new one,
and nothing temporary is left. `leftovers` names what `slac build --check` must report.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from slac.files import OutputRefused, display_path, fsync_directory, resolved_output
from slac.outputs.manifest import MANIFEST_NAME, sha256

JOURNAL_NAME = ".slac-journal.json"
JOURNAL_TEMPORARY = ".slac-journal.json.tmp"
FORMAT = 1
TEMPORARY = re.compile(r"\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp")
"""A temporary file slac writes beside `name` (this build's and `write_atomic`'s)."""
_TOKEN = re.compile(r"[0-9a-f]{8}")


class JournalError(Exception):
    """The output directory is busy or holds a journal slac cannot use; the message says what
    to do."""


@dataclass(frozen=True)
class Write:
    """A file to write: its name in the output directory and its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Removal:
    """A file to remove, if it still holds the bytes with this SHA-256."""

    name: str
    sha256: str


@contextmanager
def locked(out_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on `out_dir` (where the platform has `flock`), so that two
    builds never interleave their transactions."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    descriptor = os.open(out_dir, os.O_RDONLY)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise JournalError(
                f"another slac build is writing {display_path(out_dir)}; wait for it to finish and run this one again"
            ) from None
        yield
    finally:
        os.close(descriptor)


def apply(out_dir: Path, writes: Sequence[Write], removals: Sequence[Removal]) -> None:
    """Write and remove files in `out_dir` as one transaction (see the module's docstring).
    An error before the commit leaves every file as it was and raises; an error after it
    leaves the journal for the next build to complete."""
    token = secrets.token_hex(4)
    targets = [resolved_output(out_dir / write.name) for write in writes]
    staged = [(write, target, _temporary(target, token)) for write, target in zip(writes, targets)]
    journal = {
        "format": FORMAT,
        "state": "staging",
        "token": token,
        "writes": [write.name for write in writes],
        "removals": [{"name": removal.name, "sha256": removal.sha256} for removal in removals],
    }
    _write_journal(out_dir, journal)
    try:
        for write, target, temporary in staged:
            try:
                _write_temporary(temporary, write.data, target)
            except OSError as error:
                raise OSError(error.errno, error.strerror or str(error), str(out_dir / write.name)) from None
    except BaseException:
        for _, _, temporary in staged:
            temporary.unlink(missing_ok=True)
        (out_dir / JOURNAL_NAME).unlink(missing_ok=True)
        raise
    _write_journal(out_dir, {**journal, "state": "committed"})
    _commit(out_dir, token, [write.name for write in writes], removals)


def recover(out_dir: Path) -> str | None:
    """Complete or roll back the transaction an interrupted build left in `out_dir`; what was
    done, in words, or None when there was nothing to do."""
    (out_dir / JOURNAL_TEMPORARY).unlink(missing_ok=True)
    journal = _read_journal(out_dir)
    if journal is None:
        return None
    token, names, removals, committed = journal
    if committed:
        _commit(out_dir, token, names, removals)
        return f"completed the interrupted build recorded in {display_path(out_dir / JOURNAL_NAME)}"
    for name in names:
        try:
            _temporary(resolved_output(out_dir / name), token).unlink(missing_ok=True)
        except OutputRefused:
            continue
    (out_dir / JOURNAL_NAME).unlink()
    fsync_directory(out_dir)
    return f"rolled back the interrupted build recorded in {display_path(out_dir / JOURNAL_NAME)} (its files were not yet in place)"


def stray_temporaries(out_dir: Path, known: Collection[str]) -> list[Path]:
    """Temporary files in `out_dir` that slac left beside one of the `known` names (an
    interrupted write of an older slac, or of a build whose journal is gone)."""
    if not out_dir.is_dir():
        return []
    found = []
    for path in sorted(out_dir.iterdir()):
        match = TEMPORARY.fullmatch(path.name)
        if (match and match["name"] in known) or path.name == JOURNAL_TEMPORARY:
            if path.is_file() and not path.is_symlink():
                found.append(path)
    return found


def leftovers(out_dir: Path, known: Collection[str]) -> list[tuple[Path, str]]:
    """What an interrupted build left in `out_dir`, each with what it is: a journal and stray
    temporary files. `slac build` cleans them up; `--check` reports them."""
    found = []
    journal = out_dir / JOURNAL_NAME
    if journal.exists():
        found.append((journal, "the journal of an interrupted build; `slac build` completes or rolls it back"))
    for path in stray_temporaries(out_dir, known):
        found.append((path, "a temporary file of an interrupted build; `slac build` removes it"))
    return found


# ----------------------------------------------------------------------------- steps


def _temporary(target: Path, token: str) -> Path:
    return target.parent / f".{target.name}.{token}.tmp"


def _write_temporary(path: Path, data: bytes, target: Path) -> None:
    """Write `data` to the new file `path`, flushed to disk, with the permissions of `target`
    (0644 for a new file)."""
    mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(path, mode)


def _write_journal(out_dir: Path, journal: dict[str, object]) -> None:
    """Put the journal in place atomically (through a temporary with a fixed name, which
    `recover` deletes if a build dies while writing it)."""
    temporary = out_dir / JOURNAL_TEMPORARY
    try:
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump(journal, handle, ensure_ascii=False, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, out_dir / JOURNAL_NAME)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise OSError(error.errno, error.strerror or str(error), str(out_dir / JOURNAL_NAME)) from None
    fsync_directory(out_dir)


def _commit(out_dir: Path, token: str, names: Sequence[str], removals: Sequence[Removal]) -> None:
    """Rename each temporary over its file (in order), remove what is to go, drop the journal."""
    directories = {out_dir}
    for name in names:
        try:
            target = resolved_output(out_dir / name)
        except OutputRefused:
            continue  # the link was changed since; the next build writes the file again
        temporary = _temporary(target, token)
        if temporary.exists():
            os.replace(temporary, target)
            directories.add(target.parent)
    for removal in removals:
        path = out_dir / removal.name
        if path.is_file() and not path.is_symlink() and sha256(path.read_bytes()) == removal.sha256:
            path.unlink()
    for directory in directories:
        fsync_directory(directory)
    (out_dir / JOURNAL_NAME).unlink(missing_ok=True)
    fsync_directory(out_dir)


def _read_journal(out_dir: Path) -> tuple[str, list[str], list[Removal], bool] | None:
    """The journal's token, files to write, removals and whether it is committed; None when
    there is no journal. Names are checked, so a journal cannot reach outside `out_dir`."""
    path = out_dir / JOURNAL_NAME
    if not path.exists():
        return None
    fix = (
        f"delete {display_path(path)} and any `.*.tmp` files beside it, then run `slac build` again "
        "(check the generated files it then reports)"
    )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        token = data["token"]
        names = [name for name in data["writes"] if isinstance(name, str)]
        removals = [Removal(item["name"], item["sha256"]) for item in data["removals"]]
        state = data["state"]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, RecursionError):
        raise JournalError(f"{display_path(path)} is not a journal slac can read; {fix}") from None
    names_ok = all(_is_output_name(name) for name in names + [r.name for r in removals])
    if data.get("format") != FORMAT or not _TOKEN.fullmatch(str(token)) or not names_ok or state not in (
        "staging",
        "committed",
    ):
        raise JournalError(f"{display_path(path)} is not a journal slac can read; {fix}")
    return token, names, removals, state == "committed"


def _is_output_name(name: object) -> bool:
    return isinstance(name, str) and (
        name == MANIFEST_NAME or (bool(name) and "/" not in name and "\\" not in name and not name.startswith("."))
    )
