"""Weekly coverage charts: when support is open, Monday–Sunday × 00–24, as a small SVG.

The chart is a grid of seven day rows; each open range of a day is one shaded block
(`<rect class="open">`), so a Monday–Friday 08:00–17:00 calendar has five blocks: a reader sees
24x5 or office hours at a glance (a 24x7 calendar gets a sentence, not a solid block).

The bytes depend only on the arguments: coordinates are written with a fixed format and the
only ids are the fixed `chart-title`/`chart-desc` that `aria-labelledby` points at (an SVG
embedded as an image is its own document, so they cannot clash). All text is given already in
the document's language; this module only escapes it for XML.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from xml.sax.saxutils import escape

WIDTH = 800
GRID_LEFT = 110
GRID_TOP = 34
HOUR_WIDTH = 27
ROW_HEIGHT = 30
GRID_WIDTH = 24 * HOUR_WIDTH
GRID_HEIGHT = 7 * ROW_HEIGHT

OPEN_FILL = "#2e7d32"
CLOSED_FILL = "#eceff1"
GRID_STROKE = "#ffffff"
TEXT_FILL = "#263238"
MUTED_FILL = "#546e7a"

MINUTES_PER_DAY = 1440
NOTE_LINE = 22

# Characters XML 1.0 forbids even when escaped; policy text could contain them.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _svg_head(height: int, title: str, description: str) -> list[str]:
    """The opening of a chart: the `svg` element of `height`, its accessible title and
    description, and the white background."""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="chart-title chart-desc" '
        'font-family="Helvetica, Arial, sans-serif">',
        f'  <title id="chart-title">{_text(title)}</title>',
        f'  <desc id="chart-desc">{_text(description)}</desc>',
        f'  <rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
    ]


def _text(value: str) -> str:
    """Text content for XML: forbidden characters replaced, & < > escaped, one line."""
    return escape(_XML_FORBIDDEN.sub("\ufffd", " ".join(value.split())))


def _fitted(value: str, characters: int) -> str:
    """`value` cut to `characters` with an ellipsis when longer: a drawn label that stays inside
    the chart (its whole text is in the bar's tooltip and the page)."""
    value = " ".join(value.split())
    return value if len(value) <= characters else value[: characters - 1].rstrip() + "…"


def _number(value: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros, the same on every run."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def weekly_chart(
    *,
    title: str,
    description: str,
    day_names: Sequence[str],
    hours_axis: str,
    open_label: str,
    closed_label: str,
    ranges_by_weekday: Sequence[Sequence[tuple[int, int]]],
    hatched: bool = False,
    notes: Sequence[str] = (),
) -> str:
    """The SVG of one week.

    `ranges_by_weekday[d]` holds the open [start, end) minutes of local weekday d (0=Monday),
    merged and sorted; `day_names` are the seven weekday names. `title` and `description`
    become the accessible `<title>` and `<desc>` (the document's heading is the visible title).
    Every hour is ticked and labelled, and each opening and closing time is written above the
    grid; `hatched` draws the open hours hatched (an interpretation of the published text);
    each of `notes` is a line under the legend (levels whose targets count other hours).
    """
    if len(day_names) != 7 or len(ranges_by_weekday) != 7:
        raise ValueError("a weekly chart needs seven day names and seven days of ranges")
    height = GRID_TOP + GRID_HEIGHT + 76 + NOTE_LINE * len(notes)
    fill = "url(#assumed)" if hatched else OPEN_FILL
    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="chart-title chart-desc" '
        'font-family="Helvetica, Arial, sans-serif">',
        f'  <title id="chart-title">{_text(title)}</title>',
        f'  <desc id="chart-desc">{_text(description)}</desc>',
    ]
    if hatched:
        lines += [
            "  <defs>",
            '    <pattern id="assumed" width="8" height="8" patternUnits="userSpaceOnUse" '
            'patternTransform="rotate(45)">',
            '      <rect width="8" height="8" fill="#a5d6a7"/>',
            f'      <rect width="4" height="8" fill="{OPEN_FILL}"/>',
            "    </pattern>",
            "  </defs>",
        ]
    lines.append(f'  <rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>')
    lines.append('  <g class="days">')
    for day, name in enumerate(day_names):
        top = GRID_TOP + day * ROW_HEIGHT
        lines.append(
            f'    <rect class="closed" x="{GRID_LEFT}" y="{top + 2}" width="{GRID_WIDTH}" '
            f'height="{ROW_HEIGHT - 4}" fill="{CLOSED_FILL}"/>'
        )
        lines.append(
            f'    <text x="{GRID_LEFT - 10}" y="{_number(top + ROW_HEIGHT / 2 + 4.5)}" font-size="14" '
            f'text-anchor="end" fill="{TEXT_FILL}">{_text(name)}</text>'
        )
    lines.append("  </g>")
    lines.append('  <g class="open-time">')
    boundaries: set[int] = set()
    for day, ranges in enumerate(ranges_by_weekday):
        top = GRID_TOP + day * ROW_HEIGHT
        for start, end in ranges:
            boundaries.update((start, end))
            tooltip = f"{day_names[day]} {_clock(start)}–{_clock(end)}"
            lines.append(
                f'    <rect class="open" x="{_number(GRID_LEFT + start * HOUR_WIDTH / 60)}" y="{top + 2}" '
                f'width="{_number((end - start) * HOUR_WIDTH / 60)}" height="{ROW_HEIGHT - 4}" '
                f'fill="{fill}"><title>{_text(tooltip)}</title></rect>'
            )
    lines.append("  </g>")
    lines.append('  <g class="grid">')
    for hour in range(25):
        x = GRID_LEFT + hour * HOUR_WIDTH
        width = 2 if hour % 6 == 0 else 1
        lines.append(
            f'    <line x1="{x}" y1="{GRID_TOP}" x2="{x}" y2="{GRID_TOP + GRID_HEIGHT}" '
            f'stroke="{GRID_STROKE}" stroke-width="{width}"/>'
        )
    lines.append("  </g>")
    lines.append('  <g class="hour-labels" font-size="12" text-anchor="middle">')
    for hour in range(25):
        lines.append(
            f'    <text x="{GRID_LEFT + hour * HOUR_WIDTH}" y="{GRID_TOP + GRID_HEIGHT + 18}" '
            f'fill="{MUTED_FILL}">{hour:02d}</text>'
        )
    lines.append("  </g>")
    lines.append('  <g class="opening-labels" font-size="13" font-weight="bold" text-anchor="middle">')
    for minute in sorted(boundaries - {0, MINUTES_PER_DAY}):
        x = _number(GRID_LEFT + minute * HOUR_WIDTH / 60)
        lines.append(f'    <text x="{x}" y="{GRID_TOP - 10}" fill="{TEXT_FILL}">{_clock(minute)}</text>')
        lines.append(
            f'    <line x1="{x}" y1="{GRID_TOP - 6}" x2="{x}" y2="{GRID_TOP + GRID_HEIGHT}" '
            f'stroke="{TEXT_FILL}" stroke-width="1" stroke-dasharray="3 3"/>'
        )
    lines.append("  </g>")
    axis_y = GRID_TOP + GRID_HEIGHT + 38
    lines.append(
        f'  <text class="axis" x="{_number(GRID_LEFT + GRID_WIDTH / 2)}" y="{axis_y}" font-size="13" '
        f'text-anchor="middle" fill="{TEXT_FILL}">{_text(hours_axis)}</text>'
    )
    legend_y = axis_y + 24
    lines += [
        '  <g class="legend" font-size="13">',
        f'    <rect x="{GRID_LEFT}" y="{legend_y - 11}" width="14" height="14" fill="{fill}"/>',
        f'    <text x="{GRID_LEFT + 20}" y="{legend_y}" fill="{TEXT_FILL}">{_text(open_label)}</text>',
        f'    <rect x="{GRID_LEFT + 320}" y="{legend_y - 11}" width="14" height="14" fill="{CLOSED_FILL}" '
        f'stroke="{MUTED_FILL}" stroke-width="0.5"/>',
        f'    <text x="{GRID_LEFT + 340}" y="{legend_y}" fill="{TEXT_FILL}">{_text(closed_label)}</text>',
        "  </g>",
    ]
    if notes:
        lines.append('  <g class="notes" font-size="13">')
        for number, note in enumerate(notes, start=1):
            lines.append(
                f'    <text x="{GRID_LEFT}" y="{legend_y + number * NOTE_LINE}" fill="{TEXT_FILL}">{_text(note)}</text>'
            )
        lines.append("  </g>")
    lines.append("</svg>")
    return "\n".join(lines) + "\n"


BAR_LABEL_WIDTH = 260
BAR_HEIGHT = 26
BAR_GAP = 8
BAR_AREA = WIDTH - BAR_LABEL_WIDTH - 120
BAR_LABEL_CHARACTERS = 32
"""The longest plan title drawn left of its bar (about 7.5 pixels a character at 14 px)."""
BAR_GROUP_CHARACTERS = 90
"""The longest policy title drawn across the chart (bold)."""


def bar_chart(
    *, title: str, description: str, groups: Sequence[tuple[str, Sequence[tuple[str, float, str]]]], axis: str
) -> str:
    """A horizontal bar chart in groups: each group a heading line and one `(label, value,
    value text)` bar per item; the longest bar spans the plot, the others scale to it."""
    rows = sum(1 + len(bars) for _, bars in groups)
    height = 16 + rows * (BAR_HEIGHT + BAR_GAP) + 40
    longest = max((value for _, bars in groups for _, value, _ in bars), default=1.0) or 1.0
    lines = [
        *_svg_head(height, title, description),
        '  <g class="bars" font-size="14">',
    ]
    y = 16
    for group, bars in groups:
        lines.append(
            f'    <text x="16" y="{_number(y + BAR_HEIGHT / 2 + 4.5)}" font-weight="bold" '
            f'fill="{TEXT_FILL}">{_text(_fitted(group, BAR_GROUP_CHARACTERS))}</text>'
        )
        y += BAR_HEIGHT + BAR_GAP
        for label, value, text in bars:
            width = max(2.0, value / longest * BAR_AREA)
            lines += [
                f'    <text x="{BAR_LABEL_WIDTH - 8}" y="{_number(y + BAR_HEIGHT / 2 + 4.5)}" text-anchor="end" '
                f'fill="{TEXT_FILL}">{_text(_fitted(label, BAR_LABEL_CHARACTERS))}</text>',
                f'    <rect class="bar" x="{BAR_LABEL_WIDTH}" y="{y}" width="{_number(width)}" '
                f'height="{BAR_HEIGHT}" fill="{OPEN_FILL}"><title>{_text(label)}: {_text(text)}</title></rect>',
                f'    <text x="{_number(BAR_LABEL_WIDTH + width + 6)}" y="{_number(y + BAR_HEIGHT / 2 + 4.5)}" '
                f'fill="{TEXT_FILL}">{_text(text)}</text>',
            ]
            y += BAR_HEIGHT + BAR_GAP
    lines.append("  </g>")
    lines.append(
        f'  <text class="axis" x="{BAR_LABEL_WIDTH}" y="{height - 12}" font-size="13" '
        f'fill="{MUTED_FILL}">{_text(axis)}</text>'
    )
    lines.append("</svg>")
    return "\n".join(lines) + "\n"


TIMELINE_LEFT = 20
TIMELINE_WIDTH = WIDTH - 40
TIMELINE_TOP = 34
TIMELINE_HEIGHT = 26


def timeline_chart(
    *,
    title: str,
    description: str,
    segments: Sequence[tuple[float, float, bool]],
    ticks: Sequence[tuple[float, str]],
    start_label: str,
    end_label: str,
    counted_label: str,
    paused_label: str,
) -> str:
    """A worked example's wait as a strip from its start (left) to its deadline (right):
    `segments` are `(from, to, counted)` fractions of the strip, shaded where the target's
    clock runs; `ticks` mark local midnights with their day; the ends carry their times."""
    height = TIMELINE_TOP + TIMELINE_HEIGHT + 64
    lines = [
        *_svg_head(height, title, description),
        '  <g class="segments">',
    ]
    for start, end, counted in segments:
        lines.append(
            f'    <rect class="{"open" if counted else "closed"}" x="{_number(TIMELINE_LEFT + start * TIMELINE_WIDTH)}" '
            f'y="{TIMELINE_TOP}" width="{_number(max(0.5, (end - start) * TIMELINE_WIDTH))}" '
            f'height="{TIMELINE_HEIGHT}" fill="{OPEN_FILL if counted else CLOSED_FILL}"/>'
        )
    lines.append("  </g>")
    lines.append('  <g class="days" font-size="12" fill="#546e7a">')
    for position, label in ticks:
        x = _number(TIMELINE_LEFT + position * TIMELINE_WIDTH)
        lines.append(
            f'    <line x1="{x}" y1="{TIMELINE_TOP - 4}" x2="{x}" y2="{TIMELINE_TOP + TIMELINE_HEIGHT + 4}" '
            f'stroke="{MUTED_FILL}" stroke-width="1"/>'
        )
        lines.append(f'    <text x="{x}" y="{TIMELINE_TOP + TIMELINE_HEIGHT + 18}" text-anchor="middle">{_text(label)}</text>')
    lines.append("  </g>")
    lines += [
        '  <g class="ends" font-size="13" font-weight="bold">',
        f'    <text x="{TIMELINE_LEFT}" y="{TIMELINE_TOP - 10}" fill="{TEXT_FILL}">{_text(start_label)}</text>',
        f'    <text x="{TIMELINE_LEFT + TIMELINE_WIDTH}" y="{TIMELINE_TOP - 10}" text-anchor="end" '
        f'fill="{TEXT_FILL}">{_text(end_label)}</text>',
        "  </g>",
    ]
    legend_y = TIMELINE_TOP + TIMELINE_HEIGHT + 46
    lines += [
        '  <g class="legend" font-size="13">',
        f'    <rect x="{TIMELINE_LEFT}" y="{legend_y - 11}" width="14" height="14" fill="{OPEN_FILL}"/>',
        f'    <text x="{TIMELINE_LEFT + 20}" y="{legend_y}" fill="{TEXT_FILL}">{_text(counted_label)}</text>',
        f'    <rect x="{TIMELINE_LEFT + 320}" y="{legend_y - 11}" width="14" height="14" fill="{CLOSED_FILL}" '
        f'stroke="{MUTED_FILL}" stroke-width="0.5"/>',
        f'    <text x="{TIMELINE_LEFT + 340}" y="{legend_y}" fill="{TEXT_FILL}">{_text(paused_label)}</text>',
        "  </g>",
        "</svg>",
    ]
    return "\n".join(lines) + "\n"
