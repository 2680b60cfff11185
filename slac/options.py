"""One options object for a build, passed down instead of flags threaded through signatures."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


DOCUMENT_LANGUAGES = ("en", "it", "cs", "pl")
"""The languages slac has document labels for (slac/codegen/locales/)."""


@dataclass(frozen=True)
class BuildOptions:
    """How `slac build` runs.

    out_dir: where generated files go (default `generated/`).
    lang: the language of document labels; None uses each policy's declared language.
    check: write nothing; report stale or missing files instead.
    run_examples: refuse to generate a policy whose worked examples fail.
    """

    out_dir: Path = Path("generated")
    lang: str | None = None
    check: bool = False
    run_examples: bool = True
