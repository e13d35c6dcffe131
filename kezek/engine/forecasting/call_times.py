"""Per-call files that keep the moments of each call: arrival, answer and end.

Most phone systems export a call as the moment it joined the queue, the moment
an agent answered (empty when the caller hung up first) and the moment it ended
(the hang-up, or the end of service). The column names differ from system to
system, so they are given (``CallTimeColumns``); the times are naive local
wall-clock times ``YYYY-MM-DD HH:MM[:SS]`` (or with ``T``). A call is handled
when it has an answer time and abandoned otherwise; its wait runs from arrival
to answer (or to hanging up), its handle time from answer to end. The result
is the same ``CallRecords`` as the Anonymous Bank reader gives, aggregated to
intervals by ``calls.aggregate_calls``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kezek.engine.forecasting.calls import ABANDONED, HANDLED, Call, CallRecords, collect_calls
from kezek.engine.forecasting.history import HistoryError, read_rows
from kezek.engine.io import RowProblem

__all__ = ["CallTimeColumns", "parse_call_times", "read_call_times"]

_MOMENT = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2})?(\.\d+)?$")


@dataclass(frozen=True, slots=True)
class CallTimeColumns:
    """The names of the columns with each call's arrival, answer and end time."""

    arrival: str = "arrival"
    answer: str = "answer"
    end: str = "end"


def parse_call_times(
    *,
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    columns: CallTimeColumns = CallTimeColumns(),
    first_line: int = 2,
) -> CallRecords:
    """Validate every row and return the calls.

    Raises
    ------
    HistoryError
        Listing every bad row: a missing column, an unreadable time, an answer
        before the arrival or an end before the answer.
    """
    names = [h.strip().lower() for h in header]
    wanted = (columns.arrival, columns.answer, columns.end)
    missing = [c for c in wanted if c.strip().lower() not in names]
    if missing:
        raise HistoryError([RowProblem(1, c, "required column is missing") for c in missing])
    index = {c: names.index(c.strip().lower()) for c in wanted}
    return collect_calls(
        rows,
        index,
        first_line=first_line,
        first_column=columns.arrival,
        parse=lambda cells, line, problems: _parse_call(
            [cells[c] for c in wanted], wanted, line, problems
        ),
    )


def _parse_call(
    cells: list[str], names: tuple[str, str, str], line: int, problems: list[RowProblem]
) -> Call | None:
    arrival_text, answer_text, end_text = cells
    n_before = len(problems)
    arrival = _moment(arrival_text, names[0], line, problems, required=True)
    answer = _moment(answer_text, names[1], line, problems, required=False)
    end = _moment(end_text, names[2], line, problems, required=True)
    if len(problems) > n_before or arrival is None or end is None:
        return None
    if answer is not None and answer < arrival:
        problems.append(RowProblem(line, names[1], "answered before it arrived"))
        return None
    if end < (arrival if answer is None else answer):
        problems.append(RowProblem(line, names[2], "ends before it was answered or arrived"))
        return None
    if answer is None:
        return arrival, _seconds(end - arrival), 0.0, ABANDONED
    return arrival, _seconds(answer - arrival), _seconds(end - answer), HANDLED


def _moment(
    text: str, column: str, line: int, problems: list[RowProblem], *, required: bool
) -> np.datetime64 | None:
    if text == "":
        if required:
            problems.append(RowProblem(line, column, "time is missing"))
        return None
    match = _MOMENT.match(text)
    try:
        if match is None:
            raise ValueError(text)
        return np.datetime64(f"{match[1]}T{match[2]}{match[3] or ':00'}", "s")
    except ValueError:
        problems.append(
            RowProblem(line, column, f"cannot read time {text!r} (expected YYYY-MM-DD HH:MM:SS)")
        )
        return None


def _seconds(delta: np.timedelta64) -> float:
    return float(delta / np.timedelta64(1, "s"))


def read_call_times(
    *,
    path: Path,
    columns: CallTimeColumns = CallTimeColumns(),
) -> CallRecords:
    """Read and validate a per-call file with times (``.csv``, ``.tsv``, ``.gz``, ``.xlsx``)."""
    header, rows = read_rows(path)
    return parse_call_times(header=header, rows=rows, columns=columns)
