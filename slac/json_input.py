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
    """An object that gives one member twice; `name` is that member's name."""

    def __init__(self, name: str) -> None:
        super().__init__(f"the member {json.dumps(name, ensure_ascii=False)} is given twice in one object")
        self.name = name


def loads(text: str | bytes) -> Any:
    """`json.loads(text)`, raising `DuplicateMember` for an object that gives a member twice
    (and, as `json.loads` does, `json.JSONDecodeError` for text that is not JSON, RecursionError
    for JSON nested thousands deep and ValueError for a number of thousands of digits)."""
    return json.loads(text, object_pairs_hook=_unique_members)


def _unique_members(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    members = dict(pairs)
    if len(members) != len(pairs):
        seen: set[str] = set()
        for name, _ in pairs:
            if name in seen:
                raise DuplicateMember(name)
            seen.add(name)
    return members
