"""Every CSV and XLSX file Kezek writes: text that a spreadsheet would run stays text.

Excel, LibreOffice and Google Sheets read a cell starting with ``=``, ``+``, ``-``
or ``@`` (also after a tab or a carriage return) as a formula, so a shift template
named ``=HYPERLINK(...)`` would become a live link in the vendor's schedule (OWASP
"CSV injection"). In CSV such text is written after a single quote, which the
spreadsheet shows as text; in XLSX it is stored as a string cell with the quote
prefix set (openpyxl would otherwise store text starting with ``=`` as a formula).
Numbers, and text that is just a number (``"-1.5"``), are written as they are:
negative figures are data.

Plain Python without Django, so the management commands and every layer can use it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["FORMULA_STARTS", "csv_text", "starts_like_formula", "xlsx_bytes"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_SHEET_TITLE_LENGTH = 31  # Excel's limit on sheet names


def starts_like_formula(text: str) -> bool:
    """Whether a spreadsheet would run ``text`` as a formula (a plain number it would not)."""
    return text.startswith(FORMULA_STARTS) and _NUMBER.fullmatch(text) is None


def _csv_cell(value: object) -> object:
    if isinstance(value, str) and starts_like_formula(value):
        return "'" + value
    return value


def csv_text(rows: Iterable[Iterable[object]], **options: Any) -> str:
    """``rows`` as CSV text; ``options`` are those of ``csv.writer`` (``lineterminator``...)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, **options)
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return buffer.getvalue()


def xlsx_bytes(sheets: Mapping[str, Iterable[Iterable[object]]]) -> bytes:
    """A workbook with one sheet per title (cut to Excel's 31 characters), rows in order."""
    # Imported here: openpyxl is slow to import, and the commands write CSV only.
    from openpyxl import Workbook
    from openpyxl.cell import Cell

    def cell(sheet: Any, value: object) -> Any:
        written = Cell(sheet, value=value)
        if isinstance(value, str):
            written.data_type = "s"  # openpyxl makes text starting with "=" a formula ("f")
            if starts_like_formula(value):
                written.quotePrefix = True  # and Excel keeps it text when it is edited
        return written

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title[:_SHEET_TITLE_LENGTH])
        for row in rows:
            sheet.append([cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
