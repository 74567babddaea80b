"""Server-drawn, accessible SVG charts for the dashboards: grouped bars, stacked bars and a time series line.

Each chart is a pure function of a `Figure`: role="img" with a <title> and a <desc> summarising the numbers, a
<title> on every mark, a legend, colour plus shape (markers on lines, a text value at each bar), and right-to-left
awareness — in Arabic the bars grow from the right and time runs from the right, as the text reads. Colours come from
classes in insights.css (the CSP forbids inline styles). The data table beside each chart says the same thing.
"""

from __future__ import annotations

import math

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from wisam.insights.figures import Figure

WIDTH = 760
LABEL_WIDTH = 250
VALUE_ROOM = 90
MAX_SERIES_CLASSES = 6


def _wrap(text: str, width: int = 34, lines: int = 2) -> list[str]:
    words, out, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        out.append(line)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: width - 1] + "…"
    return out or [""]


def _nice_max(value: float) -> float:
    """A round upper bound for the axis; for small counts a multiple of 4, so the four ticks are whole numbers."""
    if value <= 0:
        return 4
    if value <= 20 and float(value).is_integer():
        return float(4 * math.ceil(value / 4))
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _open(figure: Figure, height: int, rtl: bool, chart_id: str, kind: str) -> list[str]:
    summary = "; ".join(
        f"{row.label}: "
        + ", ".join(f"{name} {figure.cell(v)}" for name, v in zip(figure.series, row.values, strict=False))
        for row in figure.rows[:12]
    )
    if len(figure.rows) > 12:
        summary += " " + _("(and %(n)d more rows in the table)") % {"n": len(figure.rows) - 12}
    return [
        f'<svg class="chart chart--{kind}" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg"'
        f"{' direction="rtl"' if rtl else ''}>",
        f'<title id="{chart_id}-title">{escape(figure.title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(summary or str(_("No data for this selection.")))}</desc>',
    ]


def _legend(figure: Figure, y: float, rtl: bool) -> tuple[list[str], float]:
    if len(figure.series) < 2:
        return [], y
    parts, x = [], 0.0
    for index, name in enumerate(figure.series):
        size = 22 + 7.2 * len(name)
        if x + size > WIDTH - 20:
            x, y = 0.0, y + 22
        left = WIDTH - 10 - x - 14 if rtl else 10 + x
        text_x = left - 6 if rtl else left + 20
        parts.append(
            f'<g class="legend-item"><rect class="swatch series-{index % MAX_SERIES_CLASSES}" x="{left:.1f}" '
            f'y="{y - 11:.1f}" width="14" height="14"/><text x="{text_x:.1f}" y="{y:.1f}" text-anchor="start">'
            f"{escape(name)}</text></g>"
        )
        x += size
    return parts, y + 14


def bar_svg(figure: Figure, *, rtl: bool, chart_id: str, stacked: bool = False) -> SafeString:
    """Horizontal bars, one group per row (grouped series, or one stacked bar per row)."""
    n_series = max(len(figure.series), 1)
    bar = 16
    # Room for a label wrapped on two lines, whatever the number of series.
    group = max(32, bar + 10 if stacked else n_series * bar + 12)
    legend, top = _legend(figure, 20, rtl)
    top = top + 10 if legend else 10
    height = int(top + group * max(len(figure.rows), 1) + 30)
    values = [v for row in figure.rows for v in row.values if v is not None]
    totals = [sum(v for v in row.values if v is not None) for row in figure.rows] if stacked else values
    scale_max = _nice_max(max(totals, default=0))
    plot = WIDTH - LABEL_WIDTH - VALUE_ROOM
    parts = _open(figure, height, rtl, chart_id, "stacked" if stacked else "bar")
    parts.extend(legend)

    def x_of(value: float) -> float:
        offset = plot * value / scale_max
        return WIDTH - LABEL_WIDTH - offset if rtl else LABEL_WIDTH + offset

    base = x_of(0)
    parts.append(f'<line class="axis" x1="{base:.1f}" y1="{top - 4}" x2="{base:.1f}" y2="{height - 24}"/>')
    for tick in range(1, 5):
        tx = x_of(scale_max * tick / 4)
        parts.append(f'<line class="grid-line" x1="{tx:.1f}" y1="{top - 4}" x2="{tx:.1f}" y2="{height - 24}"/>')
        parts.append(
            f'<text class="tick" x="{tx:.1f}" y="{height - 8}" text-anchor="middle">{_number(scale_max * tick / 4)}</text>'
        )
    label_x = WIDTH - LABEL_WIDTH + 8 if rtl else LABEL_WIDTH - 8
    for index, row in enumerate(figure.rows):
        y0 = top + index * group
        lines = _wrap(row.label)
        middle = y0 + (group - 10) / 2 + 4
        first = middle - (len(lines) - 1) * 7
        tspans = "".join(
            f'<tspan x="{label_x:.1f}" y="{first + i * 14:.1f}">{escape(line)}</tspan>' for i, line in enumerate(lines)
        )
        parts.append(f'<text class="row-label" text-anchor="end">{tspans}</text>')
        if stacked:
            running = 0.0
            for s, value in enumerate(row.values):
                if not value:
                    continue
                start, end = x_of(running), x_of(running + value)
                running += value
                tip = escape(f"{row.label} — {figure.series[s]}: {figure.cell(value)}")
                parts.append(
                    f'<rect class="bar series-{s % MAX_SERIES_CLASSES}" x="{min(start, end):.1f}" y="{y0:.1f}" '
                    f'width="{abs(end - start):.1f}" height="{bar}"><title>{tip}</title></rect>'
                )
            value_x = x_of(running) + (-4 if rtl else 4)
            parts.append(
                f'<text class="value" x="{value_x:.1f}" y="{y0 + bar - 4:.1f}" text-anchor="start">'
                f"{escape(_number(running))}</text>"
            )
        else:
            for s, raw in enumerate(row.values):
                y = y0 + s * bar
                text = figure.cell(raw)
                tip = escape(f"{row.label} — {figure.series[s] if s < len(figure.series) else ''}: {text}")
                if raw:
                    end = x_of(float(raw))
                    parts.append(
                        f'<rect class="bar series-{s % MAX_SERIES_CLASSES}" x="{min(base, end):.1f}" y="{y:.1f}" '
                        f'width="{abs(end - base):.1f}" height="{bar - 2}"><title>{tip}</title></rect>'
                    )
                    value_x = end + (-4 if rtl else 4)
                else:
                    value_x = base + (-4 if rtl else 4)
                parts.append(
                    f'<text class="value" x="{value_x:.1f}" y="{y + bar - 5:.1f}" text-anchor="start">'
                    f"{escape(text)}</text>"
                )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped above


def line_svg(figure: Figure, *, rtl: bool, chart_id: str) -> SafeString:
    """A time series: one line per series, with a marker (circle, square, diamond) at each point."""
    legend, top = _legend(figure, 20, rtl)
    top = top + 16 if legend else 20
    height = int(top + 260)
    left, right, bottom = 60, 60, height - 50
    n = len(figure.rows)
    values = [float(v) for row in figure.rows for v in row.values if v is not None]
    scale_max = _nice_max(max(values, default=0))
    parts = _open(figure, height, rtl, chart_id, "line")
    parts.extend(legend)
    axis_x = WIDTH - left if rtl else left
    plot_w = WIDTH - left - right

    def x_of(index: int) -> float:
        step = plot_w / max(n - 1, 1) if n > 1 else 0
        offset = step * index if n > 1 else plot_w / 2
        return WIDTH - left - offset if rtl else left + offset

    def y_of(value: float) -> float:
        return bottom - (bottom - top) * value / scale_max

    for tick in range(0, 5):
        value = scale_max * tick / 4
        y = y_of(value)
        parts.append(
            f'<line class="grid-line" x1="{left if not rtl else right}" y1="{y:.1f}" x2="{WIDTH - right if not rtl else WIDTH - left}" y2="{y:.1f}"/>'
        )
        tx = axis_x + 8 if rtl else axis_x - 8
        parts.append(f'<text class="tick" x="{tx:.1f}" y="{y + 4:.1f}" text-anchor="end">{_number(value)}</text>')
    parts.append(f'<line class="axis" x1="{axis_x}" y1="{top}" x2="{axis_x}" y2="{bottom}"/>')
    every = max(1, (n + 7) // 8)
    for index, row in enumerate(figure.rows):
        if index % every == 0 or index == n - 1:
            parts.append(
                f'<text class="tick" x="{x_of(index):.1f}" y="{bottom + 18}" text-anchor="middle">{escape(row.label)}</text>'
            )
    for s, name in enumerate(figure.series):
        points = [
            (i, row.values[s]) for i, row in enumerate(figure.rows) if s < len(row.values) and row.values[s] is not None
        ]
        if len(points) > 1:
            coords = " ".join(f"{x_of(i):.1f},{y_of(float(v or 0)):.1f}" for i, v in points)
            parts.append(f'<polyline class="line series-{s % MAX_SERIES_CLASSES}" points="{coords}"/>')
        for i, v in points:
            x, y = x_of(i), y_of(float(v or 0))
            tip = escape(f"{figure.rows[i].label} — {name}: {figure.cell(v)}")
            marker = s % 3
            if marker == 0:
                shape = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4"/>'
            elif marker == 1:
                shape = f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8"/>'
            else:
                shape = f'<polygon points="{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}"/>'
            parts.append(f'<g class="marker series-{s % MAX_SERIES_CLASSES}"><title>{tip}</title>{shape}</g>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped above


def figure_svg(figure: Figure, *, rtl: bool) -> SafeString:
    """The chart for a figure (empty for table-only or unavailable figures)."""
    chart_id = f"chart-{figure.key}"
    if figure.unavailable or figure.chart == "table" or not figure.rows:
        return mark_safe("")
    if figure.chart == "line":
        return line_svg(figure, rtl=rtl, chart_id=chart_id)
    return bar_svg(figure, rtl=rtl, chart_id=chart_id, stacked=figure.chart == "stacked")


def _number(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.1f}"
