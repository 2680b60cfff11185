"""Reading sources and writing outputs so that nothing the user had is lost.

Sources are read only when they are regular files, and only up to `MAX_SOURCE_BYTES`: a path
that is (or links to) a device, a pipe or a directory is refused before anything is read, so
`/dev/zero` cannot exhaust memory and a FIFO cannot hang a command.

A single output is written atomically: to a temporary file in the same directory, flushed to
disk, then renamed over the target in one step. A symbolic link is written through: the file
it points to gets the new text and the link stays a link (a link to something that is not a
regular file, or to nothing, is refused). The build writes its whole set of outputs as one
transaction (`slac.outputs.journal`); `slac fmt` uses `write_atomic` file by file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_SOURCE_BYTES = 10 * 1024 * 1024
"""A policy is a few kilobytes of text; a larger file is not a policy (10 MiB)."""


class UnreadableSource(Exception):
    """A source path that cannot be read as a text file: what is wrong and how to fix it."""

    def __init__(self, reason: str, help: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.help = help


class OutputRefused(OSError):
    """An output path slac will not write through (a link to nothing, to a directory or to a
    device); the message says why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def read_source(path: str | Path) -> bytes:
    """The bytes of the regular file at `path`, at most `MAX_SOURCE_BYTES` of them.

    The file is opened without blocking and checked on the open descriptor (not by name
    first), so a path swapped for a device between the check and the read is still refused."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise UnreadableSource(
            f"cannot read the file: {error.strerror or error}", "check the path and the file's permissions"
        ) from None
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise UnreadableSource(
                f"not a regular file: {_link_note(path)}{_kind(mode)}",
                "give the path of a .sla text file",
            )
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_SOURCE_BYTES:
            chunk = os.read(descriptor, min(1 << 20, MAX_SOURCE_BYTES + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as error:
        raise UnreadableSource(
            f"cannot read the file: {error.strerror or error}", "check the path and the file's permissions"
        ) from None
    finally:
        os.close(descriptor)
    if size > MAX_SOURCE_BYTES:
        raise UnreadableSource(
            f"the file is larger than {MAX_SOURCE_BYTES // (1024 * 1024)} MiB, far more than any policy",
            "check that the path names a .sla policy; split a policy this large into several files",
        )
    return b"".join(chunks)


def source_text(text: str) -> str:
    """Source text as slac reads it (and hashes it into `SOURCE_SHA256`): without a leading
    byte-order mark, in Unicode NFC, so that an accent saved as a separate combining character
    (as some editors do) makes the same letter as the composed one and `kanál` is one name
    however it was typed."""
    import unicodedata

    return unicodedata.normalize("NFC", text.lstrip("\ufeff"))


def _kind(mode: int) -> str:
    kinds = (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((name for test, name in kinds if test(mode)), "not a file")


def _link_note(path: str | Path) -> str:
    """`a link to X, which is ` when `path` is a symbolic link, else nothing."""
    if not os.path.islink(path):
        return ""
    return f"a link to {display_path(os.path.realpath(path))}, which is "


def resolved_output(path: str | Path) -> Path:
    """Where writing `path` puts the bytes: the path itself, or the file a symbolic link points
    to. Raises `OutputRefused` for a link to nothing and for anything but a regular file."""
    target = Path(path)
    if target.is_symlink():
        real = Path(os.path.realpath(target))
        if not real.exists():
            raise OutputRefused(
                f"{display_path(target)} is a symbolic link to {display_path(real)}, which does not exist; "
                "create the file it points to, or remove the link"
            )
        target = real
    if target.exists() and not target.is_file():
        raise OutputRefused(
            f"{display_path(path)} is {_kind(target.stat().st_mode)}, not a regular file; move it away"
        )
    return target


def write_atomic(path: str | Path, content: str | bytes) -> None:
    """Replace `path` with `content` atomically (an interrupted write leaves the old file).
    A symbolic link is written through and stays a link; the file keeps its permissions."""
    import tempfile  # here: commands that only read sources (`slac eval`) do not load it

    target = resolved_output(path)
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


def fsync_directory(directory: str | Path) -> None:
    """Make renames and removals in `directory` durable (a no-op where directories cannot be
    opened, as on Windows)."""
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def display_path(path: str | Path) -> str:
    """A path as slac writes it into generated files and messages: relative to the working
    directory when inside it, with `/` separators, on one line, with every character that is
    not printable (a control character, a line separator, a byte that is not UTF-8) written as
    a backslash escape, so that a file name cannot break a comment, a header or XML."""
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            candidate = candidate.relative_to(Path.cwd())
        except ValueError:
            pass
    return printable(candidate.as_posix())


def printable(text: str) -> str:
    """`text` with each non-printable character as `\\xNN`, `\\uNNNN` or `\\UNNNNNNNN` (a byte
    that was not UTF-8, kept by Python as a lone surrogate, as `\\xNN`)."""
    if text.isprintable():
        return text
    out = []
    for character in text:
        code = ord(character)
        if character.isprintable():
            out.append(character)
        elif 0xDC80 <= code <= 0xDCFF:
            out.append(f"\\x{code - 0xDC00:02x}")
        elif code < 0x100:
            out.append(f"\\x{code:02x}")
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return "".join(out)


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
