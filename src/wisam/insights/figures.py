"""A dashboard figure: the numbers behind one chart, shared by the page, its table, the exports, the API and the report.

Values are numbers, or `None` for a cell hidden by small-cell suppression ("fewer than 5") or unknown ("—"), as the
figure's `suppression` flag says. Everything is computed once, by `wisam.insights.selectors`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

# Learner demographics: a count below this is shown as "fewer than 5", never as its value.
SMALL_CELL = 5


@dataclass
class Row:
    label: str
    values: list[float | int | None]
    key: str = ""  # a stable code (ISCED code, state name, month), for the API and the exports


@dataclass
class Figure:
    key: str
    title: str
    category: str  # heading of the first column
    series: list[str]  # heading of each value column
    rows: list[Row] = field(default_factory=list)
    chart: str = "bar"  # "bar", "stacked", "line" or "table" (no chart)
    note: str = ""
    suppression: bool = False
    unavailable: str = ""  # why the figure cannot be drawn yet (the data does not exist in Wisam yet)
    percent: bool = False  # values are percentages

    @property
    def is_empty(self) -> bool:
        return not any(v for row in self.rows for v in row.values if v is not None)

    def cell(self, value: float | int | None) -> str:
        """A value as the table, the CSV and the PDF write it."""
        if value is None:
            return str(_("fewer than 5")) if self.suppression else "—"
        if isinstance(value, float):
            text = f"{value:.1f}".rstrip("0").rstrip(".")
            return f"{text}%" if self.percent else text
        return f"{value}%" if self.percent else str(value)

    def table(self) -> list[list[str]]:
        """The header row and the body rows, as text."""
        return [[self.category, *self.series], *([row.label, *(self.cell(v) for v in row.values)] for row in self.rows)]

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "category": self.category,
            "series": list(self.series),
            "chart": self.chart,
            "note": self.note,
            "suppression": self.suppression,
            "unavailable": self.unavailable,
            "rows": [{"key": row.key, "label": row.label, "values": list(row.values)} for row in self.rows],
        }


@dataclass
class KeyFigure:
    key: str
    label: str
    value: float | int | None
    national: float | int | None = None  # the national median beside an institution's own value


@dataclass
class Dashboard:
    key: str
    title: str
    figures: list[Figure]
    key_figures: list[KeyFigure] = field(default_factory=list)

    def figure(self, key: str) -> Figure | None:
        return next((f for f in self.figures if f.key == key), None)

    def as_dict(self) -> dict[str, Any]:
        return {
            "dashboard": self.key,
            "title": self.title,
            "key_figures": [
                {"key": k.key, "label": k.label, "value": k.value, "national_median": k.national}
                for k in self.key_figures
            ],
            "figures": [f.as_dict() for f in self.figures],
        }


def suppress(value: float | None) -> float | None:
    """A learner count (or a median of counts) as it may be shown: hidden (None) below the small-cell threshold,
    zero stays zero."""
    if value is None or 0 < value < SMALL_CELL:
        return None
    return value
