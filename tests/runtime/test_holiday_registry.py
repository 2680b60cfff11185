"""Country codes read from the `holidays` registry without importing the package: the same
set the package itself lists, the fallback when the registry cannot be read, and a runtime
import that leaves `holidays` unloaded until dates are needed."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import holidays
import pytest

from slac.runtime import holiday_registry

REPO = Path(__file__).resolve().parents[2]


def test_the_codes_are_the_ones_the_package_lists() -> None:
    holiday_registry.supported_country_codes.cache_clear()
    assert holiday_registry.supported_country_codes() == frozenset(holidays.list_supported_countries())


def test_an_unreadable_registry_falls_back_to_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> dict[str, tuple[str, ...]]:
        raise LookupError("no registry")

    monkeypatch.setattr(holiday_registry, "_registry_table", missing)
    holiday_registry.supported_country_codes.cache_clear()
    try:
        assert holiday_registry.supported_country_codes() == frozenset(holidays.list_supported_countries())
    finally:
        holiday_registry.supported_country_codes.cache_clear()


def _parsed_table(source: str) -> dict[str, tuple[str, ...]]:
    """The registry's table as Python parses it: what the quick reader must agree with."""
    for statement in ast.parse(source).body:
        if isinstance(statement, ast.AnnAssign | ast.Assign):
            targets = [statement.target] if isinstance(statement, ast.AnnAssign) else statement.targets
            if any(isinstance(target, ast.Name) and target.id == "COUNTRIES" for target in targets):
                assert statement.value is not None
                return ast.literal_eval(statement.value)  # type: ignore[no-any-return]
    raise AssertionError("no COUNTRIES table")


def test_the_quick_reader_gives_the_table_python_parses() -> None:
    source = (Path(holidays.__file__).parent / "registry.py").read_text(encoding="utf-8")
    quick = holiday_registry._table_from_lines(source)
    assert quick is not None and quick == _parsed_table(source)


@pytest.mark.parametrize(
    "odd",
    [
        '    # a comment\n',
        '    "czechia": ("Czechia", "CZ", "CZE") + EXTRA,\n',
        '    "escaped": ("Esc\\"aped", "EA"),\n',
        '    **MORE,\n',
    ],
)
def test_an_unusual_layout_is_left_to_the_python_parser(odd: str) -> None:
    source = 'RegistryDict = dict\n\nCOUNTRIES: RegistryDict = {\n    "andorra": ("Andorra", "AD", "AND"),\n' + odd + "}\n"
    assert holiday_registry._table_from_lines(source) is None
    plain = 'RegistryDict = dict\n\nCOUNTRIES: RegistryDict = {\n    "andorra": ("Andorra", "AD", "AND"),\n    "angola": (\n        "Angola",\n        "AO",\n    ),\n}\n'
    assert holiday_registry._table_from_lines(plain) == {"andorra": ("Andorra", "AD", "AND"), "angola": ("Angola", "AO")}


def test_importing_a_generated_module_leaves_holidays_for_the_first_deadline() -> None:
    probe = "\n".join(
        (
            "import sys",
            "from datetime import datetime, timedelta, timezone",
            "import generated.managry as module",
            "print('holidays' in sys.modules)",
            "calendar = module._CALENDARS['business_hours']",
            "start = datetime(2025, 12, 23, 16, 0, tzinfo=timezone.utc)",
            "print('holidays' in sys.modules)",
            "print(calendar.add(start, timedelta(hours=1)).isoformat())",
            "print('holidays' in sys.modules)",
        )
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True
    )
    # 23 Dec 17:00 Prague closes; 24–26 Dec are Czech public holidays; the hour ends on the 29th
    assert result.stdout.split() == ["False", "False", "2025-12-29T08:00:00+00:00", "True"]
