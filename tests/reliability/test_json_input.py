"""JSON read strictly (slac.json_input): an object that gives a member twice is refused, naming
the member and where the object is; anything else reads as `json.loads` reads it."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slac import json_input

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner, max_size=4),
    max_leaves=20,
)


@given(JSON_VALUES)
def test_json_without_a_member_given_twice_reads_as_json_loads_reads_it(value: object) -> None:
    text = json.dumps(value)
    assert json_input.loads(text) == json.loads(text)


@pytest.mark.parametrize(
    ("text", "name", "path"),
    [
        ('{"priority": 1, "priority": 3}', "priority", ""),
        ('{"events": [{"by": "agent"}, {"by": "agent", "at": 1, "by": "customer"}]}', "by", "events[1]"),
        ('[{"a": {"b": 1, "b": 2}}]', "b", "[0].a"),
        ('{"x": {"y": 1, "y": 1}, "z": {"w": 1, "w": 2}}', "y", "x"),  # the first in document order
        ('{"a": 1, "n": {"b": 1, "b": 2}, "a": 2}', "a", ""),  # the outermost first
    ],
)
def test_a_member_given_twice_is_named_with_its_object(text: str, name: str, path: str) -> None:
    with pytest.raises(json_input.DuplicateMember) as raised:
        json_input.loads(text)
    assert (raised.value.name, raised.value.path) == (name, path)
    assert str(raised.value).startswith(f'the member "{name}" is given twice in one object')
    assert str(raised.value).endswith(f" (at {path})" if path else "object")
