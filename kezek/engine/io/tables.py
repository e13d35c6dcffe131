"""Tables as people export them: delimited text (CSV, TSV, gzipped or not) and XLSX workbooks.

Delimited text is read with Python's ``csv`` module, so a quoted cell keeps its
delimiters (``"Sales, EMEA"`` is one cell), quotes and line breaks; the
delimiter is the one of ``,``, ``;`` or tab that splits the first line into the
most cells; a UTF-8 byte order mark (Excel writes one) is dropped, and CRLF
line ends read like LF. Cells come back as text without surrounding blanks; a
blank line is an empty row (readers skip it, but it keeps the numbering).
"""

from __future__ import annotations

import csv
import gzip
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

from kezek.engine.io.problems import FileProblem

__all__ = ["DELIMITERS", "Table", "parse_delimited", "read_table"]

DELIMITERS = (",", ";", "\t")
"""The delimiters a file may use; on a tie the first one wins."""

Table = tuple[list[str], Iterator[list[str]]]
"""The header (line 1) and the data rows, from line 2 on, as text cells."""


def read_table(path: Path) -> Table:
    """The header and rows of ``path``: an ``.xlsx`` workbook's first sheet, else delimited text.

    A name ending ``.gz`` is gunzipped first. XLSX date cells become ISO text.

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
        ``text`` has no header line; a malformed row (a NUL byte, a cell past the
        ``csv`` module's size limit) is raised when the rows reach it.
    """
    text = text.removeprefix("\ufeff")
    first = text.split("\n", 1)[0]
    if not first.strip():
        raise FileProblem(f"{source} is empty")
    delimiter = max(DELIMITERS, key=lambda d: len(_cells(first, d)))
    rows = _rows(text, delimiter, source)
    return next(rows), rows


def _cells(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter, skipinitialspace=True), [])


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
    if hasattr(cell, "isoformat"):
        return str(cell.isoformat(sep=" "))
    return str(cell).strip()
