"""A policy's generated module, ready to evaluate tickets, kept in slac's cache directory.

`slac eval` evaluates tickets with the module `slac build` would generate for the policy
(rendered by `slac.codegen.python.render_module`, without black's layout, which changes no
code). Making it takes the whole pipeline (parse, resolve, check: 0.15–0.4 s for a seed) and
the generator; importing a saved one takes a few milliseconds. So the module's text is saved
as `modules/<key>.py` under slac's cache directory, the key a hash of everything it was made
from: the policy's source bytes, the path its header names, slac itself (`slac_identity`) and
the installed packages that parse, check and render it. An entry exists only for a policy that
compiled without errors, so finding one means the policy has none, and nothing is parsed.

An entry is trusted only when it is whole and is the module of this source: its last line
holds the SHA-256 of the text before it, and the imported module's `SOURCE_SHA256` must be the
source's. Anything else (a truncated or edited entry, one that does not import) is made again
and replaced. Entries are written atomically, with their bytecode beside them in
`__pycache__` as a checked-hash `.pyc`; slac reads it only after comparing the hash in its
header with the entry's verified source (whatever kind of `.pyc` is there), and reads no cache
file that is not a regular file.
A cache directory that cannot be written (no home, a read-only one) makes slac render the
module and run it from memory: the cache is an optimisation only.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import sys
import types
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from slac.cache import (
    cache_directory,
    entry_name,
    installed_identity,
    prune,
    read_entry,
    read_sealed,
    sealed,
    slac_identity,
    write_atomically,
)
from slac.files import UnreadableSource, display_path, read_source, source_text

if TYPE_CHECKING:
    from slac.pipeline import Compilation

FOLDER = "modules"
SHAPING_PACKAGES = ("lark", "jinja2", "holidays", "tzdata")
"""The installed packages whose versions can change a module: the parser, the template engine,
and the holiday and time zone data the checks judge a policy by."""
ENTRY_FORMAT = "1"
"""Changed whenever the layout of an entry changes, so that older entries are never read."""
KEPT_ENTRIES = 64
KEPT_BYTES = 64 * 1024 * 1024
"""Entries kept: the oldest are removed when a new one makes more than `KEPT_ENTRIES` or more
than `KEPT_BYTES` in all (a seed's module is 15–40 kB)."""


@dataclass(frozen=True)
class PolicyModule:
    """A policy's generated module, or why there is none.

    `module` is None when the policy has errors; then `compilation` holds its diagnostics.
    `compilation` is also None when the module came from the cache and the policy model was
    not asked for (nothing was parsed)."""

    module: ModuleType | None
    compilation: Compilation | None


def load_policy_module(path: str, with_model: bool = False) -> PolicyModule:
    """The generated module of the policy in the file at `path`, from slac's cache when it
    holds it, else compiled, rendered and saved there. `with_model` compiles the policy even
    when its module is in the cache (for output that needs the `Policy`)."""
    raw = _read(path)
    key = None if raw is None else _key(raw, display_path(path))
    directory = cache_directory()
    entry = None if key is None or directory is None else directory / FOLDER / f"{key}.py"
    module_name = f"_slac_policy_{key or 'uncached'}"
    expected = None if raw is None else _source_sha256(raw)
    if entry is not None and not with_model:
        module = _import_entry(entry, module_name, expected)
        if module is not None:
            return PolicyModule(module, None)

    from slac.pipeline import compile_file, compile_text

    if raw is None or expected is None:
        compilation = compile_file(path)  # it says why the file cannot be read
    else:
        compilation = compile_text(raw.decode("utf-8"), str(path))  # the bytes the key was made of
    if not compilation.ok or compilation.policy is None:
        return PolicyModule(None, compilation)
    if entry is not None:
        module = _import_entry(entry, module_name, expected)
        if module is not None:
            return PolicyModule(module, compilation)
    from slac.codegen.python import render_module

    text = render_module(compilation.policy, display_path(compilation.path), formatted=False)
    if entry is not None and _save(entry, text):
        module = _import_entry(entry, module_name, expected)
        if module is not None:
            return PolicyModule(module, compilation)
    return PolicyModule(_run_in_memory(text, module_name, display_path(path)), compilation)


def _read(path: str) -> bytes | None:
    """The source's bytes, or None when the file cannot be read as a policy (the pipeline then
    reports why)."""
    try:
        raw = read_source(path)
    except UnreadableSource:
        return None
    return None if b"\0" in raw else raw


def _source_sha256(raw: bytes) -> str | None:
    """The `SOURCE_SHA256` the module of this source has; None when it is not UTF-8."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return hashlib.sha256(source_text(text).encode("utf-8")).hexdigest()


def _key(raw: bytes, shown_path: str) -> str | None:
    """The entry's name: a hash of everything the module is made from; None when a package
    that shapes it cannot be found (then nothing is cached)."""
    identities = [installed_identity(package) for package in SHAPING_PACKAGES]
    if None in identities:
        return None
    parts = [FOLDER, ENTRY_FORMAT, slac_identity(), *identities, shown_path, hashlib.sha256(raw).hexdigest()]
    return entry_name(tuple(parts))  # type: ignore[arg-type]


def _save(entry: Path, text: str) -> bool:
    """Write the entry (the module's text, then its checksum line) and its bytecode; False when
    the cache directory cannot be written."""
    data = text.encode("utf-8") if text.endswith("\n") else f"{text}\n".encode("utf-8")
    if not write_atomically(entry, sealed(data)):
        return False
    _write_bytecode(entry, data)
    for removed in prune(entry.parent, ".py", KEPT_ENTRIES, KEPT_BYTES):
        _bytecode_path(removed).unlink(missing_ok=True)
    bytecode = _bytecode_path(entry)  # and what is left in the bytecode's folder (temporary files)
    prune(bytecode.parent, bytecode.name.removeprefix(entry.stem), KEPT_ENTRIES, KEPT_BYTES)
    return True


def _bytecode_path(entry: Path) -> Path:
    return Path(importlib.util.cache_from_source(str(entry)))


PYC_HEADER_BYTES = 16
CHECKED_HASH = 0b11
"""The flags of a checked-hash .pyc (PEP 552): its header holds the hash of its source."""


def _write_bytecode(entry: Path, source: bytes) -> types.CodeType:
    """The module's code compiled from `source`, saved beside the entry as a checked-hash .pyc
    (PEP 552) unless Python may not write bytecode; failing to save is not an error."""
    code = compile(source, str(entry), "exec", dont_inherit=True)
    if not sys.dont_write_bytecode:
        header = importlib.util.MAGIC_NUMBER + CHECKED_HASH.to_bytes(4, "little") + importlib.util.source_hash(source)
        write_atomically(_bytecode_path(entry), header + marshal.dumps(code))
    return code


def _code(entry: Path, source: bytes) -> types.CodeType:
    """The module's code: from its .pyc only when that is a checked-hash .pyc of this very
    source for this Python (slac checks it here, whatever kind of .pyc a third party left
    there), else compiled from the source (and the .pyc written again)."""
    pyc = read_entry(_bytecode_path(entry))
    if (
        pyc is not None
        and pyc[:4] == importlib.util.MAGIC_NUMBER
        and int.from_bytes(pyc[4:8], "little") == CHECKED_HASH
        and pyc[8:PYC_HEADER_BYTES] == importlib.util.source_hash(source)
    ):
        try:
            code = marshal.loads(pyc[PYC_HEADER_BYTES:])
        except (ValueError, EOFError, TypeError):
            code = None
        if isinstance(code, types.CodeType):
            return code
    return _write_bytecode(entry, source)


def _import_entry(entry: Path, module_name: str, expected: str | None) -> ModuleType | None:
    """The module saved in `entry`, or None when there is none, it is not whole, or it is not
    the module of the source whose `SOURCE_SHA256` is `expected`."""
    body = read_sealed(entry)
    if body is None:
        return None
    try:
        module = run_module(_code(entry, body), module_name, str(entry))
    except Exception:  # noqa: BLE001 - an entry that does not run is made again
        return None
    if expected is None or getattr(module, "SOURCE_SHA256", None) != expected or not callable(
        getattr(module, "evaluate", None)
    ):
        del sys.modules[module_name]
        return None
    return module


def _run_in_memory(text: str, module_name: str, shown_path: str) -> ModuleType:
    """The module run from its text, without a file: when the cache cannot be written."""
    return run_module(text, module_name, f"<module generated from {shown_path}>")


def run_module(code: str | types.CodeType, name: str, file: str, keep: bool = True) -> ModuleType:
    """A module made by running `code` (a generated module's text, or its compiled code) as
    `name`, registered in `sys.modules` while it runs (dataclasses look their module up while
    a class is built); unregistered again when it raises, or when it ends unless `keep`."""
    module = ModuleType(name)
    module.__file__ = file
    sys.modules[name] = module
    try:
        exec(code if isinstance(code, types.CodeType) else compile(code, file, "exec"), module.__dict__)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    if not keep:
        sys.modules.pop(name, None)
    return module
