"""A target's clock in the policy's language: when it starts and stops, what pauses it, and what
a reopen and a level change do — the rules a customer needs to read a resolution or update
target right."""

from __future__ import annotations

from collections.abc import Callable

from slac.codegen.documents.escaping import Markdown, join_markdown
from slac.codegen.documents.labels import Labels
from slac.model.types import ClockStart, ClockStop, Policy, Target


def clock_sentences(policy: Policy, target: Target, t: Labels, text: Callable[[str], str] = str) -> Markdown:
    """The target's clock in sentences: what starts and stops it (a shorthand such as `from
    opened` by what it means), what pauses it, what a reopen and a level change do. `text`
    gives an author text (a status title) in the document's language."""
    titles = {status.name: text(status.title) for status in policy.statuses}
    starts = join_markdown(t.raw("or"), [_start(start, titles, t) for start in target.starts])
    sentences = [t("clock_starts", phrases=starts) if not target.unless_solved
                 else t("clock_starts_unless_solved", phrases=starts)]
    if target.stops:
        stops = join_markdown(t.raw("or"), [_stop(stop, titles, t) for stop in target.stops])
        sentences.append(t("clock_stops", phrases=stops))
    if target.paused:
        statuses = join_markdown(t.raw("or"), [_status(name, titles, t) for name in target.paused])
        sentences.append(t("clock_paused", statuses=statuses))
    if target.on_reopen != "none":
        sentences.append(t(f"clock_reopen_{target.on_reopen}"))
    if target.level_change_stated or target.on_level_change != "keep":
        sentences.append(t(f"clock_level_change_{target.on_level_change}"))
    return join_markdown(" ", sentences)


def _start(start: ClockStart, titles: dict[str, str], t: Labels) -> Markdown:
    if start.event == "opened":
        return t("start_opened")
    which = "first" if start.first else "each"
    if start.event == "status":
        return t(f"start_{which}_status", status=_status(start.status, titles, t))
    return t(f"start_{which}_{start.event}")


def _stop(stop: ClockStop, titles: dict[str, str], t: Labels) -> Markdown:
    if stop.event == "status":
        return t("stop_status", status=_status(stop.status, titles, t))
    return t(f"stop_{stop.event}")


def _status(name: str | None, titles: dict[str, str], t: Labels) -> Markdown:
    """A status as customers read it: its title, quoted."""
    return t("status_name", status=titles.get(name or "", name or ""))
