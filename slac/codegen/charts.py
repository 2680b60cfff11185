"""Weekly coverage charts: when support is open, Monday–Sunday × 00–24, as a small SVG.

The chart is a grid of seven day rows; each open range of a day is one shaded block
(`<rect class="open">`), so a Monday–Friday 08:00–17:00 calendar has five blocks and a 24x7
calendar seven full-width ones: a reader sees 24x7, 24x5 or office hours at a glance.

The bytes depend only on the arguments: coordinates are written with a fixed format and the
only ids are the fixed `chart-title`/`chart-desc` that `aria-labelledby` points at (an SVG
embedded as an image is its own document, so they cannot clash). All text is given already in
the document's language; this module only escapes it for XML.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from xml.sax.saxutils import escape

WIDTH = 800
GRID_LEFT = 140
SUBTITLE_TOP = 54
SUBTITLE_LINE = 17
SUBTITLE_CHARACTERS = 100
HOUR_WIDTH = 26
ROW_HEIGHT = 30
GRID_WIDTH = 24 * HOUR_WIDTH
GRID_HEIGHT = 7 * ROW_HEIGHT
HOUR_LABEL_STEP = 3

OPEN_FILL = "#2e7d32"
CLOSED_FILL = "#eceff1"
GRID_STROKE = "#ffffff"
TEXT_FILL = "#263238"
MUTED_FILL = "#546e7a"

MINUTES_PER_DAY = 1440

# Characters XML 1.0 forbids even when escaped; policy text could contain them.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: str) -> str:
    """Text content for XML: forbidden characters replaced, & < > escaped, one line."""
    return escape(_XML_FORBIDDEN.sub("\ufffd", " ".join(value.split())))


def _number(value: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros, the same on every run."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def weekly_chart(
    *,
    title: str,
    subtitle: str,
    description: str,
    day_names: Sequence[str],
    hours_axis: str,
    days_axis: str,
    open_label: str,
    closed_label: str,
    ranges_by_weekday: Sequence[Sequence[tuple[int, int]]],
) -> str:
    """The SVG of one week.

    `ranges_by_weekday[d]` holds the open [start, end) minutes of local weekday d (0=Monday),
    merged and sorted; `day_names` are the seven weekday names. `title` and `description`
    become the accessible `<title>` and `<desc>`; `subtitle` is printed under the title.
    """
    if len(day_names) != 7 or len(ranges_by_weekday) != 7:
        raise ValueError("a weekly chart needs seven day names and seven days of ranges")
    subtitle_lines = textwrap.wrap(" ".join(subtitle.split()), SUBTITLE_CHARACTERS) or [""]
    grid_top = SUBTITLE_TOP + SUBTITLE_LINE * (len(subtitle_lines) - 1) + 22
    height = grid_top + GRID_HEIGHT + 84
    lines = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="chart-title chart-desc" '
        'font-family="Helvetica, Arial, sans-serif">',
        f'  <title id="chart-title">{_text(title)}</title>',
        f'  <desc id="chart-desc">{_text(description)}</desc>',
        f'  <rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
        f'  <text x="16" y="30" font-size="18" font-weight="bold" fill="{TEXT_FILL}">{_text(title)}</text>',
    ]
    for number, line in enumerate(subtitle_lines):
        lines.append(
            f'  <text x="16" y="{SUBTITLE_TOP + number * SUBTITLE_LINE}" font-size="13" '
            f'fill="{MUTED_FILL}">{_text(line)}</text>'
        )
    lines.append('  <g class="days">')
    for day, name in enumerate(day_names):
        top = grid_top + day * ROW_HEIGHT
        lines.append(
            f'    <rect class="closed" x="{GRID_LEFT}" y="{top + 2}" width="{GRID_WIDTH}" '
            f'height="{ROW_HEIGHT - 4}" fill="{CLOSED_FILL}"/>'
        )
        lines.append(
            f'    <text x="{GRID_LEFT - 10}" y="{_number(top + ROW_HEIGHT / 2 + 4.5)}" font-size="13" '
            f'text-anchor="end" fill="{TEXT_FILL}">{_text(name)}</text>'
        )
    lines.append("  </g>")
    lines.append('  <g class="open-time">')
    for day, ranges in enumerate(ranges_by_weekday):
        top = grid_top + day * ROW_HEIGHT
        for start, end in ranges:
            tooltip = f"{day_names[day]} {_clock(start)}–{_clock(end)}"
            lines.append(
                f'    <rect class="open" x="{_number(GRID_LEFT + start * HOUR_WIDTH / 60)}" y="{top + 2}" '
                f'width="{_number((end - start) * HOUR_WIDTH / 60)}" height="{ROW_HEIGHT - 4}" '
                f'fill="{OPEN_FILL}"><title>{_text(tooltip)}</title></rect>'
            )
    lines.append("  </g>")
    lines.append('  <g class="grid">')
    for hour in range(25):
        x = GRID_LEFT + hour * HOUR_WIDTH
        width = 2 if hour % 6 == 0 else 1
        lines.append(
            f'    <line x1="{x}" y1="{grid_top}" x2="{x}" y2="{grid_top + GRID_HEIGHT}" '
            f'stroke="{GRID_STROKE}" stroke-width="{width}"/>'
        )
    lines.append("  </g>")
    lines.append('  <g class="hour-labels" font-size="12" text-anchor="middle">')
    for hour in range(0, 25, HOUR_LABEL_STEP):
        lines.append(
            f'    <text x="{GRID_LEFT + hour * HOUR_WIDTH}" y="{grid_top + GRID_HEIGHT + 18}" '
            f'fill="{TEXT_FILL}">{hour:02d}</text>'
        )
    lines.append("  </g>")
    axis_y = grid_top + GRID_HEIGHT + 42
    lines.append(
        f'  <text class="axis" x="{_number(GRID_LEFT + GRID_WIDTH / 2)}" y="{axis_y}" font-size="13" '
        f'text-anchor="middle" fill="{TEXT_FILL}">{_text(hours_axis)}</text>'
    )
    middle = _number(grid_top + GRID_HEIGHT / 2)
    lines.append(
        f'  <text class="axis" x="22" y="{middle}" font-size="13" text-anchor="middle" '
        f'transform="rotate(-90 22 {middle})" fill="{TEXT_FILL}">{_text(days_axis)}</text>'
    )
    legend_y = axis_y + 22
    lines += [
        '  <g class="legend" font-size="12">',
        f'    <rect x="{GRID_LEFT}" y="{legend_y - 10}" width="12" height="12" fill="{OPEN_FILL}"/>',
        f'    <text x="{GRID_LEFT + 18}" y="{legend_y}" fill="{TEXT_FILL}">{_text(open_label)}</text>',
        f'    <rect x="{GRID_LEFT + 160}" y="{legend_y - 10}" width="12" height="12" fill="{CLOSED_FILL}" '
        f'stroke="{MUTED_FILL}" stroke-width="0.5"/>',
        f'    <text x="{GRID_LEFT + 178}" y="{legend_y}" fill="{TEXT_FILL}">{_text(closed_label)}</text>',
        "  </g>",
        "</svg>",
    ]
    return "\n".join(lines) + "\n"

