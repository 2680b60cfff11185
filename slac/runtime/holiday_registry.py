"""The country codes the `holidays` package knows, read without importing the package.

A generated module builds its calendars when it is imported, and a calendar checks there
that its holiday countries exist. Importing `holidays` costs about 50 ms (its version lookup
through importlib.metadata, dateutil), and building any country's calendar imports all of
its ~250 country modules (about 0.1 s more): together far more than the rest of the import.
The holidays themselves are needed only at the first deadline, so the country codes are
read as data from the package's registry (`holidays/registry.py`: the `COUNTRIES` table of
module name → class name, ISO codes and aliases), and `holidays` is imported later, when
dates are computed. When that file cannot be read as expected (a different layout in a
future release) the package is imported and asked for its codes instead.
"""

from __future__ import annotations

import ast
import functools
import importlib.util
from pathlib import Path

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
    source = Path(next(iter(spec.submodule_search_locations)), "registry.py").read_text(encoding="utf-8")
    for statement in ast.parse(source).body:
        if isinstance(statement, ast.AnnAssign | ast.Assign):
            targets = [statement.target] if isinstance(statement, ast.AnnAssign) else statement.targets
            names = {target.id for target in targets if isinstance(target, ast.Name)}
            if REGISTRY_TABLE in names and statement.value is not None:
                table = ast.literal_eval(statement.value)
                if isinstance(table, dict) and table:
                    return table
    raise LookupError(f"no {REGISTRY_TABLE} table in holidays/registry.py")


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
