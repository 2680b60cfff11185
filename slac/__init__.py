"""slac: a rules-as-code compiler for support SLAs.

    >>> import slac
    >>> compilation = slac.compile_file("rules/managry.sla")
    >>> compilation.policy.id
    'managry'

The compiler's entry points are loaded on first use, so that generated modules, which import
only `slac.runtime`, do not pay for the parser and the code generators.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_LAZY = {
    "Compilation": "slac.pipeline",
    "compile_file": "slac.pipeline",
    "compile_text": "slac.pipeline",
    "ParseResult": "slac.syntax.parser",
    "parse_file": "slac.syntax.parser",
    "parse_text": "slac.syntax.parser",
}

if TYPE_CHECKING:
    from slac.pipeline import Compilation, compile_file, compile_text
    from slac.syntax.parser import ParseResult, parse_file, parse_text

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'slac' has no attribute {name!r}")
