"""Tables read by one set of rules: csv quoting, a sniffed delimiter, BOM and CRLF, XLSX."""

from __future__ import annotations

import gzip
from datetime import datetime, time
from pathlib import Path

import pytest
from openpyxl import Workbook

from kezek.engine.io import (
    BadRows,
    FileProblem,
    RowProblem,
    parse_delimited,
    read_table,
    sniff_delimiter,
)


def rows(text: str) -> list[list[str]]:
    header, body = parse_delimited(text)
    return [header, *body]


def test_a_quoted_cell_keeps_its_delimiter_and_its_quotes() -> None:
    assert rows('queue,timestamp,calls\n"Sales, EMEA",2026-01-05 09:00,40\n"say ""hi""",x,1\n') == [
        ["queue", "timestamp", "calls"],
        ["Sales, EMEA", "2026-01-05 09:00", "40"],
        ['say "hi"', "x", "1"],
    ]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_the_delimiter_is_the_first_of_tab_semicolon_comma_that_splits_the_header(
    delimiter: str,
) -> None:
    text = delimiter.join(["timestamp", "calls", "note"]) + "\n"
    text += delimiter.join(["2026-01-05 09:00", "4,5" if delimiter != "," else "4.5", "a"]) + "\n"

    assert rows(text)[1][0] == "2026-01-05 09:00"
    assert len(rows(text)[1]) == 3


def test_a_delimiter_inside_quotes_does_not_count_when_sniffing() -> None:
    assert rows('queue,"calls; offered",timestamp\nSales,4,2026-01-05 09:00\n') == [
        ["queue", "calls; offered", "timestamp"],
        ["Sales", "4", "2026-01-05 09:00"],
    ]
    assert sniff_delimiter("\n\n2026-12-31;0,5;New Year's Eve, short day\n") == ";"
    assert sniff_delimiter("calls\n4\n") == ","


def test_a_byte_order_mark_crlf_line_ends_and_blanks_around_cells_are_dropped() -> None:
    assert rows("\ufefftimestamp , calls\r\n2026-01-05 09:00,  40\r\n\r\n") == [
        ["timestamp", "calls"],
        ["2026-01-05 09:00", "40"],
        [],  # a blank line is an empty row, so the lines after it keep their numbers
    ]


def test_gzipped_text_with_a_bom_is_read_like_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "history.csv.gz"
    path.write_bytes(
        gzip.compress("timestamp;calls\r\n2026-01-05 09:00;40\r\n".encode("utf-8-sig"))
    )

    header, body = read_table(path)

    assert (header, list(body)) == (["timestamp", "calls"], [["2026-01-05 09:00", "40"]])


def test_an_xlsx_sheet_gives_text_cells_and_iso_dates_and_times(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["interval_start", "calls", "earliest_start", None])
    sheet.append([datetime(2026, 1, 5, 9, 0), 40, time(8, 30), None])  # noqa: DTZ001  (no zones in Excel)
    book.save(tmp_path / "history.xlsx")

    header, body = read_table(tmp_path / "history.xlsx")

    assert (header, list(body)) == (
        ["interval_start", "calls", "earliest_start", ""],
        [["2026-01-05 09:00:00", "40", "08:30:00", ""]],
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"\r\n\n", "'empty.csv' is empty"),
        ("latin.csv", "timestamp;calls\nAnzahl;\xe4\n".encode("latin-1"), "is not UTF-8 text"),
        ("broken.csv.gz", b"not gzip", "'broken.csv.gz' is not a readable gzip file"),
        ("broken.xlsx", b"not a zip", "'broken.xlsx' is not a readable XLSX workbook"),
    ],
)
def test_a_file_that_cannot_be_read_as_a_whole_is_a_file_problem(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    (tmp_path / name).write_bytes(content)

    with pytest.raises(FileProblem, match=message):
        read_table(tmp_path / name)


def test_a_malformed_row_is_a_file_problem_naming_the_line_when_the_rows_reach_it() -> None:
    huge = "x" * 200_000  # beyond the csv module's limit on a cell
    _header, body = parse_delimited(
        f"timestamp,calls\n2026-01-05 09:00,4\n{huge},1\n", source="'h.csv'"
    )

    assert next(body) == ["2026-01-05 09:00", "4"]
    with pytest.raises(FileProblem, match=r"'h\.csv' cannot be read at line 3"):
        next(body)


def test_bad_rows_name_every_row_and_column_and_cut_a_long_list() -> None:
    problems = [RowProblem(line, "calls", "not a number") for line in range(2, 32)]
    problems.append(RowProblem(40, "", "a row of its own"))

    error = BadRows(problems)

    assert error.problems[0] == RowProblem(2, "calls", "not a number")
    assert str(error).splitlines()[:2] == [
        "31 bad rows in the file:",
        "line 2, column 'calls': not a number",
    ]
    assert str(error).splitlines()[-1] == "... and 11 more bad rows"
    assert str(problems[-1]) == "line 40: a row of its own"
