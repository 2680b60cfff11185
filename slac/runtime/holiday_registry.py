"""The country codes the `holidays` package knows, read without importing the package.

A generated module builds its calendars when it is imported, and a calendar checks there
that its holiday countries exist. Importing `holidays` costs about 50 ms (its version lookup
through importlib.metadata, dateutil), and building any country's calendar imports all of
its ~250 country modules (about 0.1 s more): together far more than the rest of the import.
The holidays themselves are needed only at the first deadline, so the country codes are
read as data from the package's registry (`holidays/registry.py`: the `COUNTRIES` table of
module name → class name, ISO codes and aliases), and `holidays` is imported later, when
dates are computed. The table is read entry by entry (under a millisecond) when it has the
registry's usual layout, else by parsing the file as Python (9–15 ms); when that fails too (a
different layout in a future release) the package is imported and asked for its codes.
"""

from __future__ import annotations

import ast
import functools
import importlib.util
import os
import re

REGISTRY_TABLE = "COUNTRIES"


@functools.cache
def supported_country_codes() -> frozenset[str]:
    """Country codes and aliases (`CZ`, `CZE`, `UK`, `USA`) that the `holidays` package knows:
    the same set as `holidays.list_supported_countries()`, which imports every country."""
    try:
        return _codes_of(_registry_table())
    except (OSError, SyntaxError, ValueError, LookupError, TypeError):
        return _codes_from_package()


def _registry_table() -> dict[str, tuple[str, ...]]:
    """The registry's `COUNTRIES` literal, evaluated as data (no code of the package runs)."""
    spec = importlib.util.find_spec("holidays")
    if spec is None or not spec.submodule_search_locations:
        raise LookupError("holidays is not installed as a package")
    path = os.path.join(next(iter(spec.submodule_search_locations)), "registry.py")
    with open(path, encoding="utf-8") as registry:
        source = registry.read()
    quick = _table_from_lines(source)
    if quick is not None:
        return quick
    for statement in ast.parse(source).body:
        if isinstance(statement, ast.AnnAssign | ast.Assign):
            targets = [statement.target] if isinstance(statement, ast.AnnAssign) else statement.targets
            names = {target.id for target in targets if isinstance(target, ast.Name)}
            if REGISTRY_TABLE in names and statement.value is not None:
                table = ast.literal_eval(statement.value)
                if isinstance(table, dict) and table:
                    return table
    raise LookupError(f"no {REGISTRY_TABLE} table in holidays/registry.py")


ENTRY = re.compile(r'\s*"(\w+)":\s*\(((?:\s*"[^"\\]*",?)+)\s*\),?\s*')
"""One entry of the table as the registry writes it, `"czechia": ("Czechia", "CZ", "CZE"),`
(on one line or several)."""
ITEM = re.compile(r'"([^"\\]*)"')


def _table_from_lines(source: str) -> dict[str, tuple[str, ...]] | None:
    """The `COUNTRIES` table read entry by entry, when all of it has the registry's usual
    layout (entries of plain strings, nothing else); None otherwise, and the file is then
    parsed as Python. Parsing the whole file takes 9–15 ms of every generated module's import; this
    takes well under one."""
    start = source.find(f"\n{REGISTRY_TABLE}")
    opening = source.find("{", start) if start >= 0 else -1
    closing = source.find("\n}", opening) if opening >= 0 else -1
    if closing < 0 or "\n" in source[start + 1 : opening]:
        return None
    body = source[opening + 1 : closing].rstrip()
    table: dict[str, tuple[str, ...]] = {}
    position = 0
    while position < len(body):
        entry = ENTRY.match(body, position)
        if entry is None:
            return None
        table[entry[1]] = tuple(ITEM.findall(entry[2]))
        position = entry.end()
    return table or None


def _codes_of(table: dict[str, tuple[str, ...]]) -> frozenset[str]:
    """Each entry is (class name, alpha-2 code, aliases…); the codes are the entries of two or
    three characters after the class name (longer ones are other class names)."""
    codes = frozenset(code for names in table.values() for code in names[1:] if 2 <= len(code) <= 3)
    if not codes:
        raise ValueError("the registry lists no country codes")
    return codes


def _codes_from_package() -> frozenset[str]:
    """The package's own list (imports `holidays`, though not its country modules)."""
    from holidays.registry import EntityLoader

    return frozenset(EntityLoader.get_country_codes(include_aliases=True))
