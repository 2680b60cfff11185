"""JSON that users give slac (tickets, histories, helpdesk exports), read strictly.

`json.loads` keeps the last of two members with one name, so `{"priority": 1, "priority": 2}`
would be read as priority 2 without a word, and `"by": "agent", "by": "customer"` as a
customer's message. RFC 8259 leaves such an object's meaning to each reader; slac refuses it
and names the member, so a ticket is never judged on a value its sender may not have meant.
"""

from __future__ import annotations

import json
from typing import Any


class DuplicateMember(ValueError):
    """An object that gives one member twice; `name` is that member's name, `path` where the
    object is (`events[2]`; empty for the outermost object)."""

    def __init__(self, name: str, path: str = "") -> None:
        where = f" (at {path})" if path else ""
        super().__init__(f"the member {json.dumps(name, ensure_ascii=False)} is given twice in one object{where}")
        self.name = name
        self.path = path


def loads(text: str | bytes) -> Any:
    """`json.loads(text)`, raising `DuplicateMember` for an object that gives a member twice
    (and, as `json.loads` does, `json.JSONDecodeError` for text that is not JSON, RecursionError
    for JSON nested thousands deep and ValueError for a number of thousands of digits)."""
    try:
        return json.loads(text, object_pairs_hook=_unique_members)
    except DuplicateMember:
        pass
    # Decoded again, only now: each object marks its first member given twice, and the
    # outermost such object is found from the top, with its path.
    found = _first_duplicate(json.loads(text, object_pairs_hook=_MarkedObject), "")
    assert found is not None
    raise DuplicateMember(*found)


def _unique_members(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    members = dict(pairs)
    if len(members) != len(pairs):
        raise DuplicateMember(_twice(pairs))
    return members


def _twice(pairs: list[tuple[str, Any]]) -> str:
    """The first name `pairs` gives a second time."""
    seen: set[str] = set()
    for name, _ in pairs:
        if name in seen:
            return name
        seen.add(name)
    raise AssertionError("no name is given twice")


class _MarkedObject(dict):  # type: ignore[type-arg]
    """A decoded object with the first member it gives twice (or None)."""

    def __init__(self, pairs: list[tuple[str, Any]]) -> None:
        super().__init__(pairs)
        self.twice = _twice(pairs) if len(self) != len(pairs) else None


def _first_duplicate(value: Any, path: str) -> tuple[str, str] | None:
    """(name, path) of the first object, depth first in document order, that gives a member
    twice."""
    if isinstance(value, _MarkedObject):
        if value.twice is not None:
            return value.twice, path
        items = ((f"{path}.{key}" if path else key, item) for key, item in value.items())
    elif isinstance(value, list):
        items = ((f"{path}[{index}]", item) for index, item in enumerate(value))
    else:
        return None
    for where, item in items:
        found = _first_duplicate(item, where)
        if found is not None:
            return found
    return None
