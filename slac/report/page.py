"""report.html: one self-contained page a support manager reads at a glance.

Inline CSS and inline SVG only (no script, no font, no request), laid out in one column on a
phone and in a grid on a desktop. It shows, in this order: compliance per target over the whole
period; compliance over time per plan and level, one line per target; the worst breaches, each
on its own timeline (when the clock ran, paused, fell due and stopped); the distribution of the
time a cycle took to meet or miss its target; the totals per plan × level × target as a table.
Every chart is an `<svg data-chart="…">` with a `<title>` for screen readers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from html import escape
from typing import Final

from slac.report.aggregate import TIME_BINS, Breach, ComplianceRow, ReportData, totals
from slac.runtime.inputs import format_instant

COLORS: Final = ("#2563eb", "#d97706", "#059669", "#7c3aed", "#db2777", "#0891b2", "#65a30d", "#475569")
"""One color per target, in the policy's target order."""
MET: Final = "#16a34a"
BREACHED: Final = "#dc2626"
PAUSED: Final = "#94a3b8"

STYLE: Final = """
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#0f172a;background:#f8fafc}
main{max-width:1100px;margin:0 auto;padding:16px}
h1{font-size:1.5rem;margin:.2em 0}h2{font-size:1.2rem;margin:1.6em 0 .5em}h3{font-size:1rem;margin:1em 0 .4em}
p.lede{color:#475569;margin:.2em 0 1em}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,150px),1fr));gap:12px}
.card{background:#fff;border:1px solid #e2e8f0;border-radius:10px;padding:12px 14px;min-width:0}
.figure{font-size:2rem;font-weight:700;line-height:1.1}
.muted{color:#64748b;font-size:.85rem}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,320px),1fr));gap:12px}
svg{display:block;width:100%;height:auto}
svg text{font:11px system-ui,sans-serif;fill:#475569}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;margin:.3em 0 .6em;font-size:.85rem}
.key{display:inline-block;width:12px;height:12px;border-radius:3px;vertical-align:-1px;margin-right:5px}
.breach h3{margin:0 0 .2em;overflow-wrap:anywhere}
details{font-size:.85rem;color:#334155}details li{overflow-wrap:anywhere}
.table{overflow-x:auto;background:#fff;border:1px solid #e2e8f0;border-radius:10px}
table{border-collapse:collapse;width:100%;font-size:.85rem}
th,td{padding:6px 8px;text-align:right;border-bottom:1px solid #e2e8f0;white-space:nowrap}
th:nth-child(-n+3),td:nth-child(-n+3){text-align:left}
.bad{color:#b91c1c;font-weight:600}.good{color:#15803d;font-weight:600}
footer{margin:2em 0 1em;color:#64748b;font-size:.85rem}
@media (max-width:480px){main{padding:10px}.figure{font-size:1.6rem}}
"""


def render_page(data: ReportData) -> str:
    """The whole page."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>SLA compliance — {escape(data.title)}</title>",
        f"<style>{STYLE}</style></head><body><main>",
        _header(data),
        _over_time(data),
        _worst(data),
        _distribution(data),
        _table(data),
        _footer(data),
        "</main></body></html>",
    ]
    return "\n".join(part for part in parts if part) + "\n"


def percent(value: float | None) -> str:
    """A share as a percentage with one decimal, rounded down, so that 100.0% means every judged
    cycle met its target (9,999 met of 10,000 reads 99.9%, not 100.0%); the millionth added
    keeps a share such as 0.29, held in binary as 0.28999…, at 29.0%."""
    if value is None:
        return "—"
    return f"{math.floor(value * 1000 + 1e-6) / 10:.1f}%"


def duration(seconds: float) -> str:
    """Seconds in words a manager reads: `3 d 4 h`, `2 h 15 min`, `45 min`, `30 s`."""
    seconds = int(round(seconds))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h" if hours else f"{days} d"
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    if minutes:
        return f"{minutes} min"
    return f"{secs} s"


def _color(data: ReportData, target: str) -> str:
    index = data.targets.index(target) if target in data.targets else len(data.targets)
    return COLORS[index % len(COLORS)]


def _header(data: ReportData) -> str:
    overall = totals(data.rows, ())
    total = overall[0] if overall else None
    lede = (
        f"{data.histories:,} ticket histories replayed against the policy <b>{escape(data.policy)}</b> as published, "
        f"judged at {escape(_instant(data.now))}; months in {escape(data.zone)}."
    )
    cards = []
    for row in totals(data.rows, ("target",)):
        cards.append(
            f'<div class="card"><div class="muted">{escape(data.title_of("target", row.target))}</div>'
            f'<div class="figure" style="color:{_color(data, row.target)}">{percent(row.compliance)}</div>'
            f'<div class="muted">{row.met:,} met of {row.judged:,} judged · '
            f'<span class="{"bad" if row.breached else ""}">{row.breached:,} breached</span> · '
            f"{row.running:,} running · {row.no_target:,} without a target</div></div>"
        )
    headline = ""
    if total is not None:
        headline = (
            f'<div class="card"><div class="muted">All targets</div><div class="figure">{percent(total.compliance)}</div>'
            f'<div class="muted">{total.met:,} of {total.judged:,} cycles met their target</div></div>'
        )
    return (
        f"<header><h1>SLA compliance — {escape(data.title)}</h1><p class=\"lede\">{lede}</p></header>"
        f'<section aria-label="Compliance per target"><div class="cards">{headline}{"".join(cards)}</div></section>'
    )


def _legend(data: ReportData, targets: Sequence[str]) -> str:
    keys = "".join(
        f'<span><span class="key" style="background:{_color(data, t)}"></span>{escape(data.title_of("target", t))}</span>'
        for t in targets
    )
    return f'<div class="legend">{keys}</div>'


def _over_time(data: ReportData) -> str:
    if not data.rows:
        return "<h2>Compliance over time</h2><p>No cycles to count.</p>"
    months = sorted({row.month for row in data.rows})
    targets = [t for t in data.targets if any(row.target == t and row.judged for row in data.rows)]
    out = ["<h2>Compliance over time</h2>",
           '<p class="muted">Share of cycles that met their target, by the month the cycle started; one line per target.</p>',
           _legend(data, targets)]
    for plan in _present(data.plans, {row.plan for row in data.rows}):
        charts = []
        for level in _present(data.levels, {row.level for row in data.rows if row.plan == plan}):
            rows = [row for row in data.rows if row.plan == plan and row.level == level]
            if not any(row.judged for row in rows):
                continue
            label = f"{data.title_of('plan', plan)}, level {level} ({data.title_of('level', level)})"
            charts.append(
                f'<div class="card"><h3>Level {escape(level)} <span class="muted">{escape(data.title_of("level", level))}</span></h3>'
                f"{_line_chart(data, rows, months, targets, label)}</div>"
            )
        if charts:
            out.append(f"<h3>{escape(data.title_of('plan', plan))}</h3><div class=\"grid\">{''.join(charts)}</div>")
    return "\n".join(out)


def _present(order: Sequence[str], seen: set[str]) -> list[str]:
    return [name for name in order if name in seen] + sorted(seen - set(order))


def _line_chart(data: ReportData, rows: Sequence[ComplianceRow], months: Sequence[str], targets: Sequence[str], label: str) -> str:
    width, height, left, right, top, bottom = 320, 170, 34, 22, 10, 28
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(index: int) -> float:
        return left + (plot_w / 2 if len(months) == 1 else plot_w * index / (len(months) - 1))

    def y(share: float) -> float:
        return top + plot_h * (1 - share)

    marks = [f'<svg data-chart="compliance" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">',
             f"<title>Compliance over time: {escape(label)}</title>"]
    for share in (0, 0.25, 0.5, 0.75, 1):
        marks.append(f'<line x1="{left}" x2="{width - right}" y1="{y(share):.1f}" y2="{y(share):.1f}" stroke="#e2e8f0"/>')
        marks.append(f'<text x="{left - 4}" y="{y(share) + 4:.1f}" text-anchor="end">{share * 100:.0f}%</text>')
    step = max(1, (len(months) + 5) // 6)
    for index, month in enumerate(months):
        if index % step == 0 or index == len(months) - 1:
            anchor = "end" if index == len(months) - 1 and len(months) > 1 else "middle"
            marks.append(f'<text x="{x(index):.1f}" y="{height - 8}" text-anchor="{anchor}">{escape(_month_label(month))}</text>')
    by_key = {(row.target, row.month): row for row in rows}
    for target in targets:
        color = _color(data, target)
        points: list[list[tuple[float, float, ComplianceRow]]] = [[]]
        for index, month in enumerate(months):
            row = by_key.get((target, month))
            if row is None or row.compliance is None:
                if points[-1]:
                    points.append([])
                continue
            points[-1].append((x(index), y(row.compliance), row))
        for run in points:
            if len(run) > 1:
                path = " ".join(f"{'M' if i == 0 else 'L'}{px:.1f},{py:.1f}" for i, (px, py, _) in enumerate(run))
                marks.append(f'<path d="{path}" fill="none" stroke="{color}" stroke-width="2"/>')
            for px, py, row in run:
                marks.append(
                    f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="{color}"><title>{escape(data.title_of("target", target))}, '
                    f"{escape(row.month)}: {percent(row.compliance)} ({row.met} met, {row.breached} breached)</title></circle>"
                )
    marks.append("</svg>")
    return "".join(marks)


def _month_label(month: str) -> str:
    year, number = month.split("-")
    names = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    return f"{names[int(number) - 1]} {year[2:]}"


def _worst(data: ReportData) -> str:
    if not data.worst:
        return "<h2>Worst breaches</h2><p>No cycle breached its target.</p>"
    cards = [_breach_card(data, breach) for breach in data.worst]
    return (
        "<h2>Worst breaches</h2>"
        f'<p class="muted">The {len(data.worst)} cycles that went furthest past their due time. '
        f'<span class="key" style="background:{MET}"></span>before due '
        f'<span class="key" style="background:{BREACHED}"></span>late '
        f'<span class="key" style="background:{PAUSED}"></span>paused</p>'
        f'<div class="grid">{"".join(cards)}</div>'
    )


def _breach_card(data: ReportData, breach: Breach) -> str:
    heading = (
        f"{escape(breach.ticket or '(no id)')} · {escape(data.title_of('target', breach.target))}"
        + (f" (cycle {breach.cycle})" if breach.cycle > 1 else "")
    )
    facts = (
        f"{escape(data.title_of('plan', breach.plan))}, level {escape(breach.level)} · goal {escape(breach.goal or '—')} · "
        f'<span class="bad">{duration(breach.late_seconds)} late</span>'
        + ("" if breach.stop is not None else " · still open")
    )
    steps = "".join(f"<li>{escape(_instant(at))}: {escape(message)}</li>" for at, _, message in breach.transitions)
    return (
        f'<div class="card breach"><h3>{heading}</h3><div class="muted">{facts}</div>'
        f"{_timeline(breach)}"
        f"<details><summary>What happened</summary><ul>{steps}</ul></details></div>"
    )


def _timeline(breach: Breach) -> str:
    width, height, left, right = 320, 64, 6, 6
    span = max((breach.end - breach.start).total_seconds(), 1.0)

    def x(at: datetime) -> float:
        share = min(max((at - breach.start).total_seconds() / span, 0.0), 1.0)
        return left + (width - left - right) * share

    bar_y, bar_h = 18, 16
    label = f"{breach.ticket} {breach.target}: started {_instant(breach.start)}, due {_instant(breach.due)}, ended {_instant(breach.end)}"
    marks = [f'<svg data-chart="timeline" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">',
             f"<title>{escape(label)}</title>",
             f'<rect x="{x(breach.start):.1f}" y="{bar_y}" width="{x(breach.due) - x(breach.start):.1f}" height="{bar_h}" fill="{MET}"/>',
             f'<rect x="{x(breach.due):.1f}" y="{bar_y}" width="{x(breach.end) - x(breach.due):.1f}" height="{bar_h}" fill="{BREACHED}"/>']
    for begin, finish in _paused_spans(breach):
        marks.append(
            f'<rect x="{x(begin):.1f}" y="{bar_y}" width="{max(x(finish) - x(begin), 1):.1f}" height="{bar_h}" '
            f'fill="{PAUSED}" opacity="0.85"><title>paused {escape(_instant(begin))} – {escape(_instant(finish))}</title></rect>'
        )
    due_x = x(breach.due)
    marks.append(f'<line x1="{due_x:.1f}" x2="{due_x:.1f}" y1="{bar_y - 6}" y2="{bar_y + bar_h + 4}" stroke="#0f172a" stroke-width="1.5"/>')
    anchor = "start" if due_x < width * 0.25 else "end" if due_x > width * 0.75 else "middle"
    marks.append(f'<text x="{due_x:.1f}" y="{bar_y - 8}" text-anchor="{anchor}">due {escape(_short(breach.due))}</text>')
    marks.append(f'<text x="{left}" y="{height - 6}">{escape(_short(breach.start))}</text>')
    marks.append(f'<text x="{width - right}" y="{height - 6}" text-anchor="end">{escape(_short(breach.end))}</text>')
    marks.append("</svg>")
    return "".join(marks)


def _paused_spans(breach: Breach) -> list[tuple[datetime, datetime]]:
    """The spans during which the cycle's clock was paused, from its transitions."""
    spans: list[tuple[datetime, datetime]] = []
    paused_at: datetime | None = None
    for at, action, _ in breach.transitions:
        if action == "paused" and paused_at is None:
            paused_at = at
        elif action in ("resumed", "stopped", "cancelled", "reopened") and paused_at is not None:
            spans.append((paused_at, at))
            paused_at = None
    if paused_at is not None:
        spans.append((paused_at, breach.end))
    return spans


def _distribution(data: ReportData) -> str:
    targets = [t for t in data.targets if any(data.times.get((t, i, s)) for i in range(len(TIME_BINS)) for s in ("met", "breached"))]
    if not targets:
        return ""
    charts = "".join(
        f'<div class="card"><h3>{escape(data.title_of("target", t))}</h3>{_histogram(data, t)}</div>' for t in targets
    )
    return (
        "<h2>Time to target</h2>"
        '<p class="muted">How long stopped cycles took on their clock (business time for business-hours targets), '
        f'<span class="key" style="background:{MET}"></span>met and <span class="key" style="background:{BREACHED}"></span>breached.</p>'
        f'<div class="grid">{charts}</div>'
    )


def _histogram(data: ReportData, target: str) -> str:
    width, height, left, right, top, bottom = 320, 170, 34, 6, 10, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    met = [data.times.get((target, i, "met"), 0) for i in range(len(TIME_BINS))]
    breached = [data.times.get((target, i, "breached"), 0) for i in range(len(TIME_BINS))]
    peak = max((m + b for m, b in zip(met, breached)), default=0) or 1
    slot = plot_w / len(TIME_BINS)
    label = f"Time to target for {data.title_of('target', target)}"
    marks = [f'<svg data-chart="distribution" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">',
             f"<title>{escape(label)}</title>",
             f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="#cbd5e1"/>',
             f'<text x="{left - 4}" y="{top + 8}" text-anchor="end">{peak:,}</text>',
             f'<text x="{left - 4}" y="{top + plot_h}" text-anchor="end">0</text>']
    for index, (_, bin_label) in enumerate(TIME_BINS):
        bar_x = left + slot * index + 2
        base = top + plot_h
        for count, color, outcome in ((met[index], MET, "met"), (breached[index], BREACHED, "breached")):
            if count:
                bar_h = plot_h * count / peak
                base -= bar_h
                marks.append(f'<rect x="{bar_x:.1f}" y="{base:.1f}" width="{slot - 4:.1f}" height="{bar_h:.1f}" fill="{color}">'
                             f"<title>{escape(bin_label)}: {count:,} {outcome}</title></rect>")
        if index % 2 == 0:
            cx = left + slot * index + slot / 2
            marks.append(f'<text x="{cx:.1f}" y="{top + plot_h + 14}" text-anchor="middle">{escape(bin_label)}</text>')
        else:
            cx = left + slot * index + slot / 2
            marks.append(f'<text x="{cx:.1f}" y="{top + plot_h + 28}" text-anchor="middle">{escape(bin_label)}</text>')
    marks.append("</svg>")
    return "".join(marks)


def _table(data: ReportData) -> str:
    rows = totals(data.rows, ("plan", "level", "target"))
    if not rows:
        return ""
    body = "".join(
        f"<tr><td>{escape(data.title_of('plan', r.plan))}</td><td>{escape(r.level)}</td><td>{escape(data.title_of('target', r.target))}</td>"
        f"<td>{r.cycles:,}</td><td>{r.met:,}</td><td>{r.breached:,}</td><td>{r.running:,}</td><td>{r.no_target:,}</td>"
        f'<td class="{_grade(r.compliance)}">{percent(r.compliance)}</td></tr>'
        for r in rows
    )
    return (
        "<h2>Per plan, level and target</h2>"
        '<p class="muted">Every month together; compliance = met ÷ (met + breached). compliance.csv has each month.</p>'
        '<div class="table"><table><thead><tr><th>Plan</th><th>Level</th><th>Target</th><th>Cycles</th><th>Met</th>'
        "<th>Breached</th><th>Running</th><th>No target</th><th>Compliance</th></tr></thead>"
        f"<tbody>{body}</tbody></table></div>"
    )


def _grade(compliance: float | None) -> str:
    if compliance is None:
        return ""
    return "good" if compliance >= 0.95 else "bad" if compliance < 0.8 else ""


def _footer(data: ReportData) -> str:
    errors = (
        f"{data.errors:,} histories could not be evaluated; errors.csv says which and why. " if data.errors else ""
    )
    return (
        f"<footer>{errors}Made by slac report from {escape(', '.join(data.sources))} with the policy's "
        f"{escape(data.evaluator)}. The cycles behind every figure are in cycles.csv and cycles.parquet.</footer>"
    )


def _instant(at: datetime | None) -> str:
    return (format_instant(at) or "").replace("T", " ").replace("Z", " UTC")


def _short(at: datetime) -> str:
    return at.strftime("%d %b %H:%M")

