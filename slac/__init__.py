"""slac: a rules-as-code compiler for support SLAs.

    >>> import slac
    >>> compilation = slac.compile_file("rules/managry.sla")
    >>> compilation.policy.id
    'managry'
"""

__version__ = "0.1.0"

from slac.pipeline import Compilation, compile_file, compile_text  # noqa: E402
from slac.syntax.parser import ParseResult, parse_file, parse_text  # noqa: E402

__all__ = [
    "Compilation",
    "ParseResult",
    "__version__",
    "compile_file",
    "compile_text",
    "parse_file",
    "parse_text",
]
