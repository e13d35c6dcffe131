"""Tables as people export them: delimited text (CSV, TSV, gzipped or not) and XLSX workbooks.

Delimited text is read with Python's ``csv`` module, so a quoted cell keeps its
delimiters (``"Sales, EMEA"`` is one cell), quotes and line breaks. The
delimiter is the first of tab, ``;`` and ``,`` found in the first line that is
not blank, outside quotes (in that order because a comma is often a decimal
comma, or part of a reason). A UTF-8 byte order mark (Excel writes one) is
dropped, and CRLF line ends read like LF. Cells come back as text without surrounding blanks; a blank line is
an empty row (readers skip it, but it keeps the numbering).
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path

from kezek.engine.io.problems import FileProblem

__all__ = ["DELIMITERS", "Table", "parse_delimited", "read_table", "sniff_delimiter"]

DELIMITERS = ("\t", ";", ",")
"""The delimiters a file may use, in the order they are tried."""

_QUOTED = re.compile(r'"(?:[^"]|"")*"')

Table = tuple[list[str], Iterator[list[str]]]
"""The header (line 1) and the data rows, from line 2 on, as text cells."""


def read_table(path: Path) -> Table:
    """The header and rows of ``path``: an ``.xlsx`` workbook's first sheet, else delimited text.

    A name ending ``.gz`` is gunzipped first. XLSX date and time cells become ISO text.

    Raises
    ------
    FileProblem
        The file is empty, not what its name says, or not UTF-8 text.
    OSError
        The file cannot be opened.
    """
    name = path.name.lower()
    if name.endswith(".xlsx"):
        return _read_xlsx(path)
    raw = path.read_bytes()
    if name.endswith(".gz"):
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            raise FileProblem(f"{path.name!r} is not a readable gzip file: {exc}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileProblem(f"{path.name!r} is not UTF-8 text: {exc}") from exc
    return parse_delimited(text, source=repr(path.name))


def parse_delimited(text: str, *, source: str = "the text") -> Table:
    """The header and rows of delimited ``text`` (see the module's notes on the rules).

    ``source`` names the text in messages (a file name, quoted).

    Raises
    ------
    FileProblem
        ``text`` is blank; a malformed row (a NUL byte, a cell past the
        ``csv`` module's size limit) is raised when the rows reach it.
    """
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise FileProblem(f"{source} is empty")
    rows = _rows(text, sniff_delimiter(text), source)
    return next(rows), rows


def sniff_delimiter(text: str) -> str:
    """The delimiter of ``text``: the first of ``DELIMITERS`` found in its first line that
    is not blank, outside quotes; a comma when there is none (one column)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    unquoted = _QUOTED.sub("", first)
    return next((d for d in DELIMITERS if d in unquoted), ",")


def _rows(text: str, delimiter: str, source: str) -> Iterator[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=True)
    try:
        for row in reader:
            yield [cell.strip() for cell in row]
    except csv.Error as exc:
        raise FileProblem(f"{source} cannot be read at line {reader.line_num}: {exc}") from exc


def _read_xlsx(path: Path) -> Table:
    import openpyxl  # imported here: most files are CSV and openpyxl is slow to import
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        sheet = openpyxl.load_workbook(path, read_only=True, data_only=True).worksheets[0]
    except (zipfile.BadZipFile, InvalidFileException, KeyError) as exc:
        raise FileProblem(f"{path.name!r} is not a readable XLSX workbook: {exc}") from exc
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise FileProblem(f"{path.name!r} is empty")
    return [_text(h) for h in header], ([_text(c) for c in row] for row in rows)


def _text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.isoformat(sep=" ")
    if isinstance(cell, date | time):  # a time of day, as a shift template's start
        return cell.isoformat()
    return str(cell).strip()
