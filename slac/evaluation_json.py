"""An evaluation as one line of JSON, written directly: what `slac eval --tickets` prints.

`Evaluation.to_dict()` defines the JSON form of an evaluation; `json` encodes it. For a stream
of tickets that costs as much as evaluating them (a dozen dictionaries per ticket, then the
encoder walks them), although most of each line repeats from ticket to ticket: the head up to
the targets depends only on the plan, the level and the trace; a level change's fields but its
instant, and a timeline event's, recur in many tickets; clock descriptions and goals are the
policy's own words. `evaluation_line` writes exactly the text of

    json.dumps(evaluation.to_dict(), ensure_ascii=False)

(or of `to_dict(brief=True)`) from those pieces, encoded once each by `json` itself (strings
through `json`'s own `encode_basestring`, numbers through their `repr`, as `json` writes
them), and the instants, which need no escaping, between quotes. The tests compare the two byte for byte on every seed
policy; an evaluation whose keys could come out in another order (a ticket `id` beside a scale
named like a key of the result) is encoded from `to_dict()`.
"""

from __future__ import annotations

import functools
import json
from datetime import datetime
from json.encoder import encode_basestring
from typing import Any

from slac.runtime.caches import remember
from slac.runtime.cycles import ONE_SECOND, ClockAction
from slac.runtime.evaluation import Evaluation, LevelChange, timeline_fields
from slac.runtime.inputs import format_instant

LATER_KEYS = frozenset(("id", "targets", "levels", "timeline", "now"))
"""Keys of `to_dict()` after its scale's: a scale of that name would move them."""

_encode = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode


def evaluation_line(evaluation: Evaluation, brief: bool = False) -> str:
    """`json.dumps(evaluation.to_dict(brief=brief), ensure_ascii=False)`, written from cached
    pieces."""
    scale = evaluation.scale
    if scale in LATER_KEYS:
        return _encode(evaluation.to_dict(brief=brief))
    quoted = _QuotedInstants({None: "null"}).__getitem__
    text = _JSON_TEXTS.__getitem__
    parts = [] if evaluation.id is None else ['{"id": ', _encode(evaluation.id), ", "]
    parts.append(_head(evaluation)[evaluation.id is not None :])
    cycles_by_target = evaluation.cycles
    for index, deadline in enumerate(evaluation.deadlines):
        parts.append(
            f'{", " if index else ""}{_target_head(deadline.target)}{quoted(deadline.start)}, '
            f'"due": {quoted(deadline.due)}, "status": {text(deadline.status)}, "clock": {text(deadline.clock)}, '
            f'"earliest": {quoted(deadline.earliest)}, "reason": {text(deadline.reason)}'
        )
        if brief:
            parts.append("}")
            continue
        parts.append(', "cycles": [')
        for number, cycle in enumerate(cycles_by_target[index] if cycles_by_target else ()):
            _, _, start, stop, due, status, elapsed, paused, level, goal, clock, earliest, reason = cycle
            parts.append(
                f'{", " if number else ""}{{"start": {quoted(start)}, "stop": {quoted(stop)}, "due": {quoted(due)}, '
                f'"status": {text(status)}, "elapsed_seconds": {elapsed / ONE_SECOND!r}, '
                f'"paused_seconds": {paused / ONE_SECOND!r}, "goal": {text(goal)}, "clock": {text(clock)}, '
                f'"earliest": {quoted(earliest)}, "reason": {text(reason)}, "level": {text(level)}}}'
            )
        parts.append("]}")
    if brief:
        parts.append(f'}}, "now": {quoted(evaluation.now)}}}')
        return "".join(parts)
    parts.append('}, "levels": [')
    for index, change in enumerate(evaluation.levels):
        parts.append(f'{", " if index else ""}{{"at": {quoted(change.at)}{_level_rest(change, scale)}')
    parts.append('], "timeline": [')
    for index, (at, source, target, cycle, action, cause) in enumerate(evaluation.timeline):
        parts.append(f'{", " if index else ""}{{"at": {quoted(at)}{_event_rest(source, target, cycle, action, cause)}')
    parts.append(f'], "now": {quoted(evaluation.now)}}}')
    return "".join(parts)


class _JsonTexts(dict):  # type: ignore[type-arg]
    """Texts (and None) as JSON, each encoded once: statuses, levels, clocks, goals and reasons
    are the policy's own words, repeated in every line (emptied at `MEMO_ENTRIES`)."""

    def __missing__(self, value: str) -> str:
        if len(self) >= MEMO_ENTRIES:
            self.clear()
            self[None] = "null"  # type: ignore[index]
        encoded = self[value] = encode_basestring(value)
        return encoded


class _QuotedInstants(dict):  # type: ignore[type-arg]
    """Instants as JSON strings (`format_instant` between quotes), each formatted once per line."""

    def __missing__(self, value: datetime) -> str:
        text = self[value] = f'"{format_instant(value)}"'
        return text


def _head(evaluation: Evaluation) -> str:
    """The line up to the first target's name, `{"policy": …, "trace": […], "targets": {`,
    cut from `to_dict()`'s own output the first time these plan, level and trace are met."""
    key = (evaluation.policy, evaluation.plan, evaluation.level, evaluation.scale, evaluation.trace)
    head = _HEADS.get(key)
    if head is None:
        whole = evaluation.to_dict()
        fields = [(name, value) for name, value in whole.items() if name != "id"]
        cut = [name for name, _ in fields].index("targets")
        head = remember(_HEADS, key, _encode({**dict(fields[:cut]), "targets": {}})[:-2], MEMO_ENTRIES)
    return head


@functools.lru_cache(maxsize=4096)
def _target_head(target: str) -> str:
    return f'{encode_basestring(target)}: {{"start": '


def _level_rest(change: LevelChange, scale: str) -> str:
    """A level change's line after its instant, `, "event": …, "trace": […]}`: its
    `to_dict()` but `at`, encoded once per event, level and trace."""
    key = (change.source, change.level, change.trace, scale)
    rest = _LEVEL_RESTS.get(key)
    if rest is None:
        fields = change.to_dict(scale)
        del fields["at"]
        rest = remember(_LEVEL_RESTS, key, ", " + _encode(fields)[1:], MEMO_ENTRIES)
    return rest


MEMO_ENTRIES = 4096
"""A memo of pieces is emptied when it reaches this size (a policy has few distinct ones)."""
_JSON_TEXTS = _JsonTexts({None: "null"})
_HEADS: dict[tuple[Any, ...], str] = {}
_LEVEL_RESTS: dict[tuple[Any, ...], str] = {}


@functools.lru_cache(maxsize=4096)
def _event_rest(source: str, target: str, cycle: int, action: ClockAction, cause: str) -> str:
    """A timeline event's line after its instant, `, "event": …, "message": …}`."""
    return ", " + _encode(timeline_fields(source, target, cycle, action, cause))[1:]
