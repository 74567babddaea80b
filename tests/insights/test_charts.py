"""The SVG charts: accessible (title, description, a title on every mark), mirrored in Arabic, no inline styles."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.utils import translation

from wisam.insights.charts import bar_svg, figure_svg, line_svg
from wisam.insights.figures import Figure, Row


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    # Texts such as "fewer than 5" are translated: pin the language whatever an earlier test left active.
    with translation.override("en"):
        yield


def _figure(chart: str = "bar") -> Figure:
    return Figure(
        "test",
        "Credentials <by> month",
        "Month",
        ["Yours", "Median"],
        [Row("2026-01", [3, 1.5], "2026-01"), Row("2026-02", [None, 2], "2026-02")],
        chart=chart,
        suppression=True,
    )


def test_bar_chart_is_accessible_and_escaped() -> None:
    svg = str(bar_svg(_figure(), rtl=False, chart_id="c"))
    assert 'role="img"' in svg
    assert 'aria-labelledby="c-title c-desc"' in svg
    assert '<title id="c-title">Credentials &lt;by&gt; month</title>' in svg
    assert "2026-01: Yours 3, Median 1.5" in svg  # the description says the numbers
    assert "fewer than 5" in svg  # a suppressed cell is said, not drawn
    assert len(re.findall(r"<rect class=\"bar", svg)) == 3
    assert "style=" not in svg


def test_bars_grow_from_the_right_in_arabic() -> None:
    ltr = str(bar_svg(_figure(), rtl=False, chart_id="c"))
    rtl = str(bar_svg(_figure(), rtl=True, chart_id="c"))
    assert 'direction="rtl"' in rtl
    assert 'direction="rtl"' not in ltr
    first_ltr = float(re.search(r'<rect class="bar series-0" x="([\d.]+)"', ltr).group(1))  # type: ignore[union-attr]
    first_rtl = float(re.search(r'<rect class="bar series-0" x="([\d.]+)"', rtl).group(1))  # type: ignore[union-attr]
    assert first_rtl < first_ltr  # the same bar ends on the left in Arabic


def test_line_and_table_only_figures() -> None:
    line = str(line_svg(_figure("line"), rtl=True, chart_id="l"))
    assert line.count("<circle") + line.count("<rect x=") == 3  # a marker per known value
    assert "<polyline" in line
    assert str(figure_svg(_figure("table"), rtl=False)) == ""
    assert str(figure_svg(Figure("x", "X", "C", ["S"], unavailable="later"), rtl=False)) == ""
