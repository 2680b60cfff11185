"""The holiday dates the checks read from slac's cache (`slac.holiday_cache`, which
`slac.checks.holiday_dates` names): the same dates as the runtime's, found again without
computing them, and computed when the cache cannot be used; `slac check` on the seeds then
needs no `holidays` import."""

from __future__ import annotations

from pathlib import Path

import pytest

from slac import holiday_cache as module
from slac.runtime.schedule import HolidaySource
from tests.processes import imported_in_two_runs

REPO = Path(__file__).resolve().parents[2]
SOURCES = [HolidaySource("CZ"), HolidaySource("US", "NY"), HolidaySource("DE", categories=("public", "catholic"))]


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path


@pytest.mark.parametrize("source", SOURCES, ids=HolidaySource.describe)
def test_cached_dates_are_the_runtimes_and_are_found_again(
    source: HolidaySource, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = {year: source.dates(year) for year in (2025, 2026, 2027)}
    assert {year: module.holiday_dates(source, year) for year in expected} == expected
    assert all(expected.values())

    def refuse(self: HolidaySource, year: int) -> frozenset:
        raise AssertionError("computed although the cache holds the dates")

    monkeypatch.setattr(HolidaySource, "dates", refuse)
    assert {year: module.holiday_dates(source, year) for year in expected} == expected


def test_another_holidays_package_is_not_served_from_an_entry(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = SOURCES[0]
    module.holiday_dates(source, 2026)
    monkeypatch.setattr(module, "installed_identity", lambda package: "holidays-0.0.dist-info")
    monkeypatch.setattr(HolidaySource, "dates", lambda self, year: frozenset())
    assert module.holiday_dates(source, 2026) == frozenset()


def test_without_a_cache_directory_the_dates_are_computed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert module.holiday_dates(SOURCES[0], 2026) == SOURCES[0].dates(2026)


def test_checking_the_seeds_a_second_time_does_not_import_holidays(tmp_path: Path) -> None:
    program = (
        "from pathlib import Path\n"
        "from slac.pipeline import compile_files\n"
        f"compile_files(sorted(Path({str(REPO / 'rules')!r}).glob('*.sla')))"
    )
    assert imported_in_two_runs(program, "holidays.countries", tmp_path) == [True, False]
