"""Reading a cohort file (CSV or XLSX): every row is validated before anything is issued.

Columns (header row, any order, case-insensitive): `email` (required), `name_ar` and/or `name_en` (at least one),
`grade` (optional), `evidence_url` (optional). Errors name the row (as the spreadsheet numbers it) and the column.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext as _

MAX_ROWS = 20_000
MAX_BYTES = 5 * 1024 * 1024
COLUMNS = ("email", "name_ar", "name_en", "grade", "evidence_url")
ALIASES = {
    "e-mail": "email",
    "mail": "email",
    "البريد": "email",
    "البريد الإلكتروني": "email",
    "الاسم": "name_ar",
    "name": "name_en",
}


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class Cohort:
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    sha256: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def _table(data: bytes, filename: str) -> list[list[str]]:
    if filename.lower().endswith((".xlsx", ".xlsm")) or data[:2] == b"PK":
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        table = []
        for values in sheet.iter_rows(values_only=True):
            table.append(["" if v is None else str(v).strip() for v in values])
            if len(table) > MAX_ROWS + 1:
                break
        workbook.close()
        return table
    text = data.decode("utf-8-sig")
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]


def cohort_read(data: bytes, filename: str = "cohort.csv") -> Cohort:
    """Parse and validate; a Cohort with rows only if every row is valid."""
    cohort = Cohort(sha256=hashlib.sha256(data).hexdigest())
    if len(data) > MAX_BYTES:
        cohort.errors.append(RowError(0, "", _("The file is larger than 5 MB.")))
        return cohort
    try:
        table = _table(data, filename)
    except Exception:
        cohort.errors.append(RowError(0, "", _("The file could not be read: upload a CSV (UTF-8) or XLSX file.")))
        return cohort
    if not table:
        cohort.errors.append(RowError(0, "", _("The file is empty.")))
        return cohort
    header = [ALIASES.get(h.strip().lower(), h.strip().lower()) for h in table[0]]
    if "email" not in header:
        cohort.errors.append(RowError(1, "email", _("The header row needs an “email” column.")))
    if "name_ar" not in header and "name_en" not in header:
        cohort.errors.append(RowError(1, "name_ar", _("The header row needs a “name_ar” or “name_en” column.")))
    if cohort.errors:
        return cohort
    if len(table) - 1 > MAX_ROWS:
        cohort.errors.append(RowError(0, "", _("At most %(n)s learners per file.") % {"n": MAX_ROWS}))
        return cohort
    seen: dict[str, int] = {}
    url = URLValidator(schemes=["https", "http"])
    for number, raw in enumerate(table[1:], start=2):
        if not any(raw):
            continue
        row: dict[str, Any] = {"_row": number}
        for column, value in zip(header, raw, strict=False):
            if column in COLUMNS:
                row[column] = value
        email = str(row.get("email", "")).strip().lower()
        row["email"] = email
        try:
            validate_email(email)
        except ValidationError:
            cohort.errors.append(
                RowError(number, "email", _("“%(value)s” is not an e-mail address.") % {"value": email})
            )
        if email in seen:
            cohort.errors.append(
                RowError(number, "email", _("This learner is already on row %(row)s.") % {"row": seen[email]})
            )
        seen.setdefault(email, number)
        if not row.get("name_ar") and not row.get("name_en"):
            cohort.errors.append(RowError(number, "name_ar", _("The learner's name is missing.")))
        for column in ("name_ar", "name_en", "grade"):
            if len(str(row.get(column, ""))) > 200:
                cohort.errors.append(RowError(number, column, _("This text is too long.")))
            if any(ord(ch) < 32 for ch in str(row.get(column, ""))):
                cohort.errors.append(RowError(number, column, _("This text contains control characters.")))
        if row.get("evidence_url"):
            try:
                url(row["evidence_url"])
            except ValidationError:
                cohort.errors.append(RowError(number, "evidence_url", _("This is not a web address.")))
        cohort.rows.append(row)
    if not cohort.rows and not cohort.errors:
        cohort.errors.append(RowError(0, "", _("The file has no learners.")))
    if cohort.errors:
        cohort.rows = []
    return cohort
