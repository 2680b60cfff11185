"""Labels: every word the generator writes itself, from `locales/<lang>.json`.

English fills any gap in another language. Text written by the policy author is never
translated; a label's own text is escaped like policy text, so a translation cannot break a
document either.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from slac.codegen.documents.escaping import Markdown, escape_inline, escape_label

LOCALES = Path(__file__).parent.parent / "locales"
FALLBACK_LANGUAGE = "en"


@functools.cache
def _locale(language: str) -> Mapping[str, Any]:
    """The labels of one language as stored (no fallback); empty if the language is unknown."""
    path = LOCALES / f"{language}.json"
    if not re.fullmatch(r"[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?", language) or not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def available_languages() -> tuple[str, ...]:
    """The languages that have a locale file."""
    return tuple(sorted(path.stem for path in LOCALES.glob("*.json")))


class Labels:
    """The generator's own words in one language, English filling any gap.

    Calling it formats a label: the label text is escaped (a translation cannot break a table
    either) and each argument is escaped unless it is already `Markdown`.
    """

    def __init__(self, language: str) -> None:
        self.language = language if _locale(language) else FALLBACK_LANGUAGE
        self._data = _merged(_locale(FALLBACK_LANGUAGE), _locale(self.language))

    def __call__(self, key: str, **arguments: object) -> Markdown:
        template = self._data[key]
        if not isinstance(template, str):
            raise TypeError(f"label {key!r} is not a sentence")
        pieces = {name: _piece(value) for name, value in arguments.items()}
        return Markdown(escape_label(template).format(**pieces))

    def raw(self, key: str) -> Any:
        """A label as stored: a string, a list (weekday names) or a mapping (country names)."""
        return self._data[key]

    def lookup(self, key: str, name: str, default: str | None = None) -> str:
        """An entry of a mapping label, e.g. `lookup("roles", "agent")`; `default` (or the
        humanised name) when the language has no entry for it."""
        return self._data[key].get(name, default if default is not None else humanise(name))

    def sentence(self, template: str, **arguments: object) -> Markdown:
        """Format a label text taken from a mapping (e.g. a scale's phrases)."""
        pieces = {name: _piece(value) for name, value in arguments.items()}
        return Markdown(escape_label(template).format(**pieces))


def _piece(value: object) -> Markdown:
    """A label argument as Markdown: fragments kept, numbers as digits, other text escaped."""
    if isinstance(value, Markdown):
        return value
    if isinstance(value, int):
        return Markdown(str(value))
    return escape_inline(str(value))


def _merged(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """`override` on top of `base`, merging nested mappings key by key."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(base.get(key), Mapping):
            merged[key] = _merged(base[key], value)
        else:
            merged[key] = value
    return merged


def humanise(name: str) -> str:
    """An identifier as words: `online_ticketing` → `online ticketing`."""
    return name.replace("_", " ")


def capitalise(text: Markdown) -> Markdown:
    """A fragment with its first letter upper-cased, for the start of a sentence or cell."""
    return Markdown(text[:1].upper() + text[1:]) if text[:1].isalpha() else text
