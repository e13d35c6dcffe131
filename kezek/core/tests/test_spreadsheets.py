"""CSV and XLSX cells: text a spreadsheet would run stays text, numbers stay numbers."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from decimal import Decimal

from openpyxl import load_workbook

from kezek.core.spreadsheets import csv_text, starts_like_formula, xlsx_bytes

HOSTILE = ['=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)"]
HOSTILE += ["\t=1+1", "\r=1+1"]
HARMLESS: list[object] = ["Day shift", "-1.5", "-3", "+4", "1e5", "", 7, -2.5, Decimal("-0.25")]


def test_text_starting_like_a_formula_is_told_from_a_plain_number() -> None:
    assert all(starts_like_formula(text) for text in HOSTILE)
    assert not any(starts_like_formula(text) for text in ("-1.5", "-3", "+4", "-.5", "Day", ""))


def test_a_csv_cell_that_would_run_is_quoted_and_numbers_are_left_as_they_are() -> None:
    text = csv_text([HOSTILE, HARMLESS])

    hostile, harmless = csv.reader(io.StringIO(text, newline=""))
    assert hostile == ["'" + cell for cell in HOSTILE]
    assert harmless == ["Day shift", "-1.5", "-3", "+4", "1e5", "", "7", "-2.5", "-0.25"]


def test_an_xlsx_holds_no_formula_and_keeps_every_text_and_number() -> None:
    moment = datetime(2026, 3, 2, 8, 30)  # noqa: DTZ001  (Excel cells carry no time zone)

    content = xlsx_bytes(
        {"A sheet title longer than Excel's 31 characters": [HOSTILE, HARMLESS, [moment]]}
    )

    book = load_workbook(io.BytesIO(content))
    sheet = book.worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert sheet.title == "A sheet title longer than Excel"
    assert [c.data_type for c in cells if c.data_type == "f"] == []
    # XML reads a carriage return in a text as a line feed.
    assert [c.value for c in sheet[1]][:7] == [t.replace("\r", "\n") for t in HOSTILE]
    assert all(c.quotePrefix for c in sheet[1][:7])
    assert [c.value for c in sheet[2]][:5] == ["Day shift", "-1.5", "-3", "+4", "1e5"]
    assert [c.value for c in sheet[2]][6:] == [7, -2.5, -0.25]
    assert sheet["A3"].value == moment
