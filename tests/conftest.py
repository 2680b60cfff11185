"""Shared test configuration: hypothesis profiles and paths.

HYPOTHESIS_PROFILE=thorough runs many more examples (minutes); the default stays fast.
"""

from __future__ import annotations

import os
import zoneinfo
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# slac's runtime reads zones from the `tzdata` package, never from the host; so do the tests'
# references (`ZoneInfo(...)` in a test), or they would compare with another release of the rules.
zoneinfo.reset_tzpath(to=[])

REPO = Path(__file__).resolve().parents[1]
RULES = REPO / "rules"
SHARED = REPO.parent / "shared"

settings.register_profile(
    "default",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough",
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite the .expected golden files (tests/cases/**) instead of comparing; review the diff",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    """True under `pytest --update-goldens`: golden tests rewrite their expected output."""
    return bool(request.config.getoption("--update-goldens"))
