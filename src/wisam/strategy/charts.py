"""Server-drawn, accessible SVG charts: the stakeholder influence/interest grid and the maturity radar.

Both are pure functions returning markup: role="img" with a <title> and <desc>, a <title> on every mark, patterns
and shapes as well as colour, and right-to-left awareness (in Arabic the horizontal axis runs from the right, and the
radar goes round counter-clockwise so that it reads in the same direction as the text). Each is shown with a data
table that says the same thing.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _


def _wrap(text: str, width: int = 18) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines or [""]


# -- The stakeholder grid ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GridPoint:
    number: int  # the row number in the table beside the chart
    name: str
    influence: int
    interest: int
    url: str = ""


def quadrant(influence: int, interest: int) -> str:
    """The usual engagement strategy for a stakeholder (Mendelow's grid; "high" is 3 or more on 1–5)."""
    high_influence, high_interest = influence >= 3, interest >= 3
    if high_influence and high_interest:
        return str(_("Manage closely"))
    if high_influence:
        return str(_("Keep satisfied"))
    if high_interest:
        return str(_("Keep informed"))
    return str(_("Monitor"))


def stakeholder_grid_svg(points: Sequence[GridPoint], *, rtl: bool, chart_id: str = "stakeholder-grid") -> SafeString:
    cell, left, top = 84, 70, 20
    size = cell * 5
    width, height = left + size + 30, top + size + 70
    plot_left = 30 if rtl else left  # the influence axis sits on the reading-start side

    def x_of(interest: float) -> float:
        offset = (interest - 0.5) * cell
        return plot_left + (size - offset if rtl else offset)

    def y_of(influence: float) -> float:
        return top + size - (influence - 0.5) * cell

    title = _("Stakeholders by influence and interest")
    desc = _(
        "%(count)d stakeholders on a five-by-five grid: influence upwards, interest along the reading direction."
    ) % {"count": len(points)}
    parts = [
        f'<svg class="chart chart--grid" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg"'
        f"{' direction="rtl"' if rtl else ''}>",
        f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]
    # Quadrants: high = 3..5 on each axis.
    quads = ((3, 5, 3, 5, "q-manage"), (3, 5, 1, 2, "q-satisfy"), (1, 2, 3, 5, "q-inform"), (1, 2, 1, 2, "q-monitor"))
    for inf_lo, inf_hi, int_lo, int_hi, css in quads:
        x0, x1 = min(x_of(int_lo), x_of(int_hi)) - cell / 2, max(x_of(int_lo), x_of(int_hi)) + cell / 2
        y0, y1 = y_of(inf_hi) - cell / 2, y_of(inf_lo) + cell / 2
        parts.append(f'<rect class="{css}" x="{x0:.0f}" y="{y0:.0f}" width="{x1 - x0:.0f}" height="{y1 - y0:.0f}"/>')
    for i in range(6):
        x = plot_left + i * cell
        y = top + i * cell
        parts.append(f'<line class="grid-line" x1="{x}" y1="{top}" x2="{x}" y2="{top + size}"/>')
        parts.append(f'<line class="grid-line" x1="{plot_left}" y1="{y}" x2="{plot_left + size}" y2="{y}"/>')
    for value in range(1, 6):
        parts.append(
            f'<text class="tick" x="{x_of(value):.0f}" y="{top + size + 18}" text-anchor="middle">{value}</text>'
        )
        tick_x = plot_left + size + 14 if rtl else plot_left - 14
        parts.append(f'<text class="tick" x="{tick_x}" y="{y_of(value) + 5:.0f}" text-anchor="middle">{value}</text>')
    parts.append(
        f'<text class="axis-label" x="{plot_left + size / 2:.0f}" y="{top + size + 44}" text-anchor="middle">'
        f"{escape(_('Interest'))} {'←' if rtl else '→'}</text>"
    )
    axis_x = plot_left + size + 40 if rtl else plot_left - 44
    parts.append(
        f'<text class="axis-label" x="{axis_x}" y="{top + size / 2:.0f}" text-anchor="middle" '
        f'transform="rotate(-90 {axis_x} {top + size / 2:.0f})">{escape(_("Influence"))} →</text>'
    )
    for label, inf, intr in (
        (_("Keep satisfied"), 5, 1),
        (_("Manage closely"), 5, 5),
        (_("Monitor"), 1, 1),
        (_("Keep informed"), 1, 5),
    ):
        parts.append(
            f'<text class="quadrant-label" x="{x_of(intr):.0f}" y="{y_of(inf) - cell / 2 + 14:.0f}" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    by_cell: dict[tuple[int, int], list[GridPoint]] = {}
    for point in points:
        by_cell.setdefault((point.influence, point.interest), []).append(point)
    for (influence, interest), cell_points in by_cell.items():
        cx, cy = x_of(interest), y_of(influence) + 6
        for index, point in enumerate(cell_points[:9]):
            row, col = divmod(index, 3)
            dx = (col - 1) * 24 * (-1 if rtl else 1)
            px, py = cx + dx, cy + (row - 1) * 22 + (11 if len(cell_points) <= 3 else 0)
            label = _("%(number)d. %(name)s — influence %(influence)d, interest %(interest)d") % {
                "number": point.number,
                "name": point.name,
                "influence": point.influence,
                "interest": point.interest,
            }
            mark = (
                f'<g class="point"><title>{escape(label)}</title>'
                f'<circle cx="{px:.0f}" cy="{py:.0f}" r="10"/>'
                f'<text x="{px:.0f}" y="{py + 4:.0f}" text-anchor="middle">{point.number}</text></g>'
            )
            if point.url:
                mark = f'<a href="{escape(point.url)}">{mark}</a>'
            parts.append(mark)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped above


# -- The maturity radar -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    key: str  # css modifier: current, previous, median
    label: str
    values: Mapping[str, float | None]


def radar_svg(
    axes: Sequence[tuple[str, str]],
    series: Sequence[Series],
    *,
    rtl: bool,
    levels: int = 5,
    chart_id: str = "maturity-radar",
) -> SafeString:
    """`axes` are (key, label) pairs; each series maps an axis key to a level (or None when not known)."""
    width, height, radius = 760, 620, 210
    cx, cy = width / 2, height / 2 + 5
    n = max(len(axes), 3)
    direction = -1 if rtl else 1

    def point(index: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + direction * 2 * math.pi * index / n
        r = radius * value / levels
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    title = _("Maturity by dimension")
    summary = "; ".join(
        f"{s.label}: " + ", ".join(f"{label} {_fmt(s.values.get(key))}" for key, label in axes) for s in series
    )
    parts = [
        f'<svg class="chart chart--radar" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg"'
        f"{' direction="rtl"' if rtl else ''}>",
        f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(summary)}</desc>',
    ]
    for level in range(1, levels + 1):
        ring = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, level) for i in range(n)))
        parts.append(f'<polygon class="ring" points="{ring}"/>')
        x, y = point(0, level)
        parts.append(f'<text class="tick" x="{x + 4 * direction:.1f}" y="{y + 4:.1f}">{level}</text>')
    for index, (_key, label) in enumerate(axes):
        x, y = point(index, levels)
        parts.append(f'<line class="spoke" x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}"/>')
        lx, ly = point(index, levels + 0.55)
        dx = lx - cx
        # Which end of the label sits at the anchor depends on the side and the text direction.
        if abs(dx) < 20:
            anchor = "middle"
        else:
            on_right = dx > 0
            anchor = ("start" if on_right else "end") if not rtl else ("end" if on_right else "start")
        lines = _wrap(label)
        first_y = ly - (len(lines) - 1) * 8 + 4
        tspans = "".join(
            f'<tspan x="{lx:.1f}" y="{first_y + i * 16:.1f}">{escape(line)}</tspan>' for i, line in enumerate(lines)
        )
        parts.append(f'<text class="axis-label" text-anchor="{anchor}">{tspans}</text>')
    shapes = {"current": "circle", "previous": "square", "median": "diamond"}
    for s in series:
        known = [(i, s.values.get(key)) for i, (key, _label) in enumerate(axes)]
        complete = all(value is not None for _i, value in known)
        coords = [(i, point(i, float(value))) for i, value in known if value is not None]
        if complete and coords:
            pts = " ".join(f"{x:.1f},{y:.1f}" for _i, (x, y) in coords)
            parts.append(
                f'<polygon class="series series--{s.key}" points="{pts}"><title>{escape(s.label)}</title></polygon>'
            )
        for i, (x, y) in coords:
            key, label = axes[i]
            tip = escape(f"{s.label} — {label}: {_fmt(s.values.get(key))}")
            shape = shapes.get(s.key, "circle")
            if shape == "square":
                mark = f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8"/>'
            elif shape == "diamond":
                mark = f'<polygon points="{x:.1f},{y - 6:.1f} {x + 6:.1f},{y:.1f} {x:.1f},{y + 6:.1f} {x - 6:.1f},{y:.1f}"/>'
            else:
                mark = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5"/>'
            parts.append(f'<g class="mark mark--{s.key}"><title>{tip}</title>{mark}</g>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped above


def _fmt(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:g}"  # 2.0 → "2", 2.5 → "2.5"
