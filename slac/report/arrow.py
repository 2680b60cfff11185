"""pyarrow, an optional dependency: imported only when a report or a Parquet file needs it."""

from __future__ import annotations

from types import ModuleType


class MissingDependency(RuntimeError):
    """An optional package a command needs is not installed; the message says how to add it."""


def require_pyarrow(purpose: str) -> ModuleType:
    """The `pyarrow` module with `pyarrow.parquet` loaded, or `MissingDependency` saying how to
    install it."""
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401 - loads the submodule onto `pyarrow`
    except ImportError:
        raise MissingDependency(
            f"slac needs pyarrow to {purpose}: install it with python3 -m pip install 'slac[report]'"
        ) from None
    return pyarrow
