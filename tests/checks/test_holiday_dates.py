"""The holiday dates the checks read from slac's cache (`slac.holiday_cache`, which
`slac.checks.holiday_dates` names): the same dates as the runtime's, found again without
computing them, and computed when the cache cannot be used; `slac check` on the seeds then
needs no `holidays` import."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from slac import cache
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


def test_another_slac_is_not_served_from_an_entry(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """slac's code asks the package for the dates and the names and writes the entries: a slac
    that asks otherwise (another identity, the same `holidays`) computes them afresh."""
    source = SOURCES[0]
    module.holiday_dates(source, 2026)
    named = ((date(2026, 1, 1), "New Year"),)
    assert module.cached_holiday_names(("CZ", "en"), lambda: named) == named
    monkeypatch.setattr(module, "slac_identity", lambda: "slac 0.0 another checkout", raising=False)
    monkeypatch.setattr(HolidaySource, "dates", lambda self, year: frozenset())
    assert module.holiday_dates(source, 2026) == frozenset()
    renamed = ((date(2026, 1, 1), "New Year's Day"),)
    assert module.cached_holiday_names(("CZ", "en"), lambda: renamed) == renamed


def test_the_oldest_entries_beyond_the_limit_are_removed(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`slac eval` computes each year its tickets reach, and every edited slac all of them
    afresh: the folder keeps the newest entries."""
    monkeypatch.setattr(module, "KEPT_ENTRIES", 3)
    monkeypatch.setattr(cache, "PRUNE_EVERY", 1)
    folder = cache_home / "slac" / "holidays"
    written: set[Path] = set()
    for age, year in enumerate(range(2020, 2024)):  # 2020 oldest, 2023 newest
        module.holiday_dates(SOURCES[0], year)
        (entry,) = set(folder.iterdir()) - written
        os.utime(entry, ns=(age * 10**9, age * 10**9))
        written.add(entry)
    assert len(list(folder.iterdir())) == 3
    monkeypatch.setattr(HolidaySource, "dates", lambda self, year: frozenset())
    assert module.holiday_dates(SOURCES[0], 2023) == frozenset(SOURCES[0]._holiday_calendar(years=(2023,)))
    assert module.holiday_dates(SOURCES[0], 2020) == frozenset(), "the oldest entry should have been removed"


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


@pytest.mark.parametrize(
    ("country", "subdivision", "language"), [("CZ", None, "cs"), ("IT", None, "it"), ("US", "NY", "en"), ("SK", None, "xx")]
)
def test_cached_holiday_names_are_the_packages_and_are_found_again(
    country: str, subdivision: str | None, language: str, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from slac.codegen.documents import period

    expected = period._named_holidays(country, subdivision, (), language)
    assert expected and all((name is None) == (language == "xx") for _, name in expected)
    period._holidays.cache_clear()
    assert period._holidays(country, subdivision, (), language) == expected
    period._holidays.cache_clear()
    monkeypatch.setattr(period, "_named_holidays", lambda *arguments: pytest.fail("computed although cached"))
    assert period._holidays(country, subdivision, (), language) == expected
    period._holidays.cache_clear()


def test_a_second_build_of_the_seeds_does_not_import_holidays(tmp_path: Path) -> None:
    program = (
        "from slac.cli import main\n"
        f"sys.argv = ['slac', 'build', {str(REPO / 'rules')!r}, '--out', {str(tmp_path / 'out')!r}]\n"
        "try:\n    main()\nexcept SystemExit as end:\n    assert end.code == 0, end.code"
    )
    assert imported_in_two_runs(program, "holidays", tmp_path / "cache") == [True, False]


@pytest.mark.parametrize("planted", ["not a date", "[1, 2, 3]", '[["2026-01-01", 5]]', "{}"])
def test_a_whole_entry_that_does_not_decode_is_computed_again(
    planted: str, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from slac.cache import sealed
    from slac.codegen.documents import period

    source = SOURCES[0]
    expected_dates = module.holiday_dates(source, 2026)
    expected_names = period._named_holidays("CZ", None, (), "cs")
    period._holidays.cache_clear()
    period._holidays("CZ", None, (), "cs")
    period._holidays.cache_clear()
    entries = [*(cache_home / "slac" / "holidays").iterdir(), *(cache_home / "slac" / "holiday-names").iterdir()]
    assert len(entries) == 2
    for entry in entries:
        entry.write_bytes(sealed(planted.encode() + b"\n"))  # whole, so only its content is wrong
    assert module.holiday_dates(source, 2026) == expected_dates
    assert period._holidays("CZ", None, (), "cs") == expected_names
    period._holidays.cache_clear()
    monkeypatch.setattr(HolidaySource, "dates", lambda self, year: pytest.fail("computed although replaced"))
    assert module.holiday_dates(source, 2026) == expected_dates


def test_the_runtime_reads_the_cache_only_while_a_command_runs_and_then_as_before() -> None:
    from slac.runtime import schedule

    def own(source: HolidaySource, year: int, compute: object) -> frozenset:
        return frozenset()

    assert schedule.keep_holiday_dates(own) is None
    try:
        with module.runtime_reads_cache():
            assert schedule._holiday_dates_store is module.cached_holiday_dates
        assert schedule._holiday_dates_store is own
    finally:
        schedule.keep_holiday_dates(None)
