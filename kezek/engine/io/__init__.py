"""The engine's files: tables read from CSV, TSV and XLSX, problems by row, atomic writes.

Every reader of an input file (interval histories, call records, the
requirement and shift files of ``kezek schedule``) reads its table here, so
quoting, delimiters, byte order marks and line ends follow one set of rules,
and reports what is wrong with one error type that names line and column.
"""

from kezek.engine.io.files import write_text_atomically
from kezek.engine.io.problems import BadRows, FileProblem, RowProblem
from kezek.engine.io.tables import DELIMITERS, Table, parse_delimited, read_table, sniff_delimiter

__all__ = [
    "DELIMITERS",
    "BadRows",
    "FileProblem",
    "RowProblem",
    "Table",
    "parse_delimited",
    "read_table",
    "sniff_delimiter",
    "write_text_atomically",
]
