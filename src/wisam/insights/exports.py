"""The dashboards' numbers as downloads: one figure as CSV, one figure or a whole dashboard as XLSX (openpyxl).

The cells are exactly the table's cells (`Figure.table()`), so a download never says more than the page: the same
scope, filters and small-cell suppression apply.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.styles import Font

from wisam.insights.figures import Dashboard, Figure

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def figure_csv(figure: Figure) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in figure.table():
        writer.writerow([_safe(cell) for cell in row])
    return "\ufeff" + buffer.getvalue()  # the byte-order mark makes spreadsheet programs read UTF-8 Arabic right


def _safe(cell: str) -> str:
    # A cell starting with = + - @ would be run as a formula by spreadsheet programs (CSV injection).
    if cell and cell[0] in "=+-@" and not re.fullmatch(r"-?\d+(\.\d+)?%?", cell):
        return "'" + cell
    return cell


def _number(cell: str) -> str | int | float:
    if re.fullmatch(r"-?\d+", cell):
        return int(cell)
    if re.fullmatch(r"-?\d+\.\d+", cell):
        return float(cell)
    return _safe(cell)


def _sheet_name(text: str, used: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", " ", text)[:28].strip() or "sheet"
    candidate, index = name, 2
    while candidate in used:
        candidate, index = f"{name[:25]} {index}", index + 1
    used.add(candidate)
    return candidate


def figures_xlsx(figures: Iterable[Figure], *, rtl: bool = False) -> bytes:
    workbook = Workbook()
    default = workbook.active
    used: set[str] = set()
    for figure in figures:
        sheet = workbook.create_sheet(_sheet_name(figure.key, used))
        sheet.sheet_view.rightToLeft = rtl
        sheet.append([figure.title])
        sheet["A1"].font = Font(bold=True)
        for index, row in enumerate(figure.table()):
            sheet.append(row if index == 0 else [row[0], *(_number(cell) for cell in row[1:])])
        if figure.note:
            sheet.append([])
            sheet.append([figure.note])
        if figure.unavailable:
            sheet.append([figure.unavailable])
        sheet.column_dimensions["A"].width = 48
    if default is not None and len(workbook.sheetnames) > 1:
        workbook.remove(default)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def dashboard_xlsx(dashboard: Dashboard, *, rtl: bool = False) -> bytes:
    return figures_xlsx(dashboard.figures, rtl=rtl)
