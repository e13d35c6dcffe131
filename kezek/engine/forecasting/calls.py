"""Per-call records → per-interval traffic statistics (calls, AHT, ASA, SL, patience).

A call is counted in the interval in which it *asked for an agent* (its queue
arrival, in local wall-clock time). Each call is handled (answered by an agent),
abandoned (hung up while waiting) or ignored (e.g. a "phantom" call that never
reached the queue).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

from kezek.engine.forecasting.history import (
    MAX_CALL_SECONDS,
    HistoryError,
    IntervalCounts,
    _check_interval_minutes,
    read_rows,
)
from kezek.engine.io import RowProblem

__all__ = [
    "ANONYMOUS_BANK_COLUMNS",
    "CallColumns",
    "CallRecords",
    "IntervalStats",
    "aggregate_calls",
    "collect_calls",
    "parse_call_records",
    "read_call_records",
]

HANDLED, ABANDONED, IGNORED = 0, 1, 2
# A parsed call: arrival (ISO text or datetime64), wait and handle seconds, outcome.
Call = tuple[str | np.datetime64, float, float, int]
_DATE_FORMATS = {
    "YYMMDD": re.compile(r"^(\d{2})(\d{2})(\d{2})$"),
    "YYYYMMDD": re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
    "YYYY-MM-DD": re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"),
}
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2}):(\d{2})$")


@dataclass(frozen=True, slots=True)
class CallColumns:
    """Where a per-call file keeps what we need; the defaults read the Anonymous Bank file.

    ``arrival`` is a clock time ``H:MM:SS`` on the day of ``date`` (written in
    ``date_format``, one of ``YYMMDD``, ``YYYYMMDD``, ``YYYY-MM-DD``); ``wait_s``
    and ``handle_s`` are durations in seconds. ``outcome`` values are mapped to
    handled / abandoned; any other value is ignored. ``entry`` (optional, "" for
    none) is the clock time the call reached the centre: an ``arrival`` earlier
    than it crossed midnight and belongs to the next day.
    """

    date: str = "date"
    date_format: str = "YYMMDD"
    arrival: str = "vru_exit"
    fallback_arrival: str = ""
    entry: str = "vru_entry"
    wait_s: str = "q_time"
    handle_s: str = "ser_time"
    outcome: str = "outcome"
    handled_values: tuple[str, ...] = ("AGENT",)
    abandoned_values: tuple[str, ...] = ("HANG",)
    no_time: str = "0:00:00"
    century: int = 1900

    def __post_init__(self) -> None:
        if self.date_format not in _DATE_FORMATS:
            raise ValueError(
                f"date_format must be one of {sorted(_DATE_FORMATS)}, got {self.date_format!r}"
            )


#: The Technion "Anonymous Bank" per-call file: a call asks for an agent when it
#: leaves the voice-response unit (``vru_exit``); PHANTOM calls are ignored.
ANONYMOUS_BANK_COLUMNS = CallColumns()


@dataclass(frozen=True, slots=True)
class CallRecords:
    """Validated calls: queue arrival (local, datetime64[s]), wait and handle time, outcome."""

    arrival: npt.NDArray[np.datetime64]
    wait_s: npt.NDArray[np.float64]
    handle_s: npt.NDArray[np.float64]
    outcome: npt.NDArray[np.int8]


@dataclass(frozen=True, slots=True)
class IntervalStats:
    """Traffic per interval of every day that has calls (all intervals of those days).

    Attributes
    ----------
    counts : IntervalCounts
        ``calls`` (offered = handled + abandoned), ``handled``, ``abandoned``
        and ``aht_s`` (mean handle time of handled calls, s; NaN if none).
    asa_s : ndarray
        Average speed of answer of handled calls, s (NaN if none handled).
    service_level : ndarray
        Fraction of offered calls answered within ``target_answer_s`` (NaN if none).
    abandonment : ndarray
        Fraction of offered calls abandoned (NaN if none offered).
    patience_s : ndarray
        Mean patience, s: total waiting time of offered calls / abandoned calls
        (maximum-likelihood estimate for exponential patience with censoring;
        NaN without abandonment).
    """

    counts: IntervalCounts
    asa_s: npt.NDArray[np.float64]
    service_level: npt.NDArray[np.float64]
    abandonment: npt.NDArray[np.float64]
    patience_s: npt.NDArray[np.float64]
    target_answer_s: float = field(default=20.0)


def aggregate_calls(
    *, records: CallRecords, interval_minutes: int, target_answer_s: float = 20.0
) -> IntervalStats:
    """Aggregate calls into every interval of each day that has calls.

    Parameters
    ----------
    records : CallRecords
        The calls; ignored calls (outcome 2) are left out.
    interval_minutes : int
        Interval length, minutes; divides a day.
    target_answer_s : float
        Answer-time target for the service level, s.

    References
    ----------
    Brown, L. et al. (2005). Statistical analysis of a telephone call center: a
    queueing-science perspective. JASA 100(469), 36-50 (patience estimate).
    """
    _check_interval_minutes(interval_minutes)
    if not target_answer_s > 0:
        raise ValueError(f"target_answer_s must be a positive number, got {target_answer_s!r}")
    keep = records.outcome != IGNORED
    arrival = records.arrival[keep].astype("datetime64[m]")
    wait, handle = records.wait_s[keep], records.handle_s[keep]
    handled = records.outcome[keep] == HANDLED
    day = arrival.astype("datetime64[D]")
    days, day_row = np.unique(day, return_inverse=True)
    per_day = 1440 // interval_minutes
    cell = day_row * per_day + (arrival - day).astype(np.int64) // interval_minutes
    size = days.size * per_day

    def total(weights: npt.NDArray[np.float64] | npt.NDArray[np.bool_]) -> npt.NDArray[np.float64]:
        return np.asarray(
            np.bincount(cell, weights=weights.astype(float), minlength=size), dtype=float
        )

    calls = np.bincount(cell, minlength=size).astype(float)
    n_handled = total(handled)
    n_abandoned = calls - n_handled
    with np.errstate(invalid="ignore", divide="ignore"):
        stats = IntervalStats(
            counts=IntervalCounts(
                start=_grid(days, interval_minutes),
                calls=calls,
                interval_minutes=interval_minutes,
                handled=n_handled,
                abandoned=n_abandoned,
                aht_s=total(np.where(handled, handle, 0.0)) / n_handled,
            ),
            asa_s=total(np.where(handled, wait, 0.0)) / n_handled,
            service_level=total(handled & (wait <= target_answer_s)) / calls,
            abandonment=n_abandoned / calls,
            patience_s=np.where(n_abandoned > 0, total(wait) / n_abandoned, np.nan),
            target_answer_s=float(target_answer_s),
        )
    return stats


def _grid(days: npt.NDArray[np.datetime64], interval_minutes: int) -> npt.NDArray[np.datetime64]:
    offsets = np.arange(0, 1440, interval_minutes).astype("timedelta64[m]")
    grid = days.astype("datetime64[m]")[:, None] + offsets[None, :]
    return np.asarray(grid.ravel(), dtype="datetime64[m]")


def parse_call_records(
    *,
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    columns: CallColumns = ANONYMOUS_BANK_COLUMNS,
    first_line: int = 2,
) -> CallRecords:
    """Validate every per-call row and return the calls.

    Raises
    ------
    HistoryError
        Listing every bad row (unreadable date or time, negative duration...).
    """
    names = [h.strip().lower() for h in header]
    wanted = [
        columns.date,
        columns.arrival,
        columns.fallback_arrival,
        columns.entry,
        columns.wait_s,
        columns.handle_s,
        columns.outcome,
    ]
    missing = sorted({c for c in wanted if c and c.lower() not in names})
    if missing:
        raise HistoryError([RowProblem(1, c, "required column is missing") for c in missing])
    index = {c: names.index(c.lower()) for c in wanted if c}
    return collect_calls(
        rows,
        index,
        first_line=first_line,
        first_column=columns.date,
        parse=lambda cells, line, problems: _parse_call(cells, columns, line, problems),
    )


def collect_calls(
    rows: Iterable[Sequence[str]],
    index: Mapping[str, int],
    *,
    first_line: int,
    first_column: str,
    parse: Callable[[dict[str, str], int, list[RowProblem]], Call | None],
) -> CallRecords:
    """Parse every non-blank row (its cells by column name) into a call.

    Every bad row is listed in one ``HistoryError``, and no call is kept then.
    """
    problems: list[RowProblem] = []
    out: list[Call] = []
    for line, row in enumerate(rows, start=first_line):
        if not any(cell.strip() for cell in row):
            continue
        cells = {c: (row[i].strip() if i < len(row) else "") for c, i in index.items()}
        call = parse(cells, line, problems)
        if call is not None:
            out.append(call)
    if problems:
        raise HistoryError(problems)
    if not out:
        raise HistoryError([RowProblem(first_line, first_column, "the file has no calls")])
    stamp, wait, handle, outcome = zip(*out, strict=True)
    return CallRecords(
        arrival=np.array(stamp, dtype="datetime64[s]"),
        wait_s=np.array(wait, dtype=float),
        handle_s=np.array(handle, dtype=float),
        outcome=np.array(outcome, dtype=np.int8),
    )


def _parse_call(
    cells: dict[str, str], columns: CallColumns, line: int, problems: list[RowProblem]
) -> Call | None:
    value = cells[columns.outcome]
    if value in columns.handled_values:
        outcome = HANDLED
    elif value in columns.abandoned_values:
        outcome = ABANDONED
    else:
        return ("1970-01-01T00:00:00", 0.0, 0.0, IGNORED)
    n_before = len(problems)
    date = _parse_date(cells[columns.date], columns)
    if date is None:
        problems.append(RowProblem(line, columns.date, f"cannot read date {cells[columns.date]!r}"))
    clock_col = columns.arrival
    if columns.fallback_arrival and cells[columns.arrival] in ("", columns.no_time):
        clock_col = columns.fallback_arrival
    clock = _CLOCK.match(cells[clock_col])
    if clock is None or int(clock[1]) > 23 or int(clock[2]) > 59 or int(clock[3]) > 59:
        problems.append(RowProblem(line, clock_col, f"cannot read time {cells[clock_col]!r}"))
    durations = []
    for col in (columns.wait_s, columns.handle_s):
        try:
            seconds = float(cells[col])
        except ValueError:
            seconds = float("nan")
        if not (seconds >= 0 and np.isfinite(seconds)):
            problems.append(RowProblem(line, col, f"must be seconds >= 0, got {cells[col]!r}"))
        elif seconds > MAX_CALL_SECONDS:
            problems.append(
                RowProblem(
                    line,
                    col,
                    f"must be at most {MAX_CALL_SECONDS:,.0f} seconds, got {cells[col]!r}",
                )
            )
        durations.append(seconds)
    if len(problems) > n_before or clock is None:
        return None
    stamp = np.datetime64(f"{date}T{int(clock[1]):02d}:{clock[2]}:{clock[3]}", "s")
    entry = _CLOCK.match(cells.get(columns.entry, "")) if columns.entry else None
    if entry is not None and _seconds(entry) > _seconds(clock):
        stamp += np.timedelta64(1, "D")  # entered before midnight, asked for an agent after it
    return str(stamp), durations[0], durations[1], outcome


def _seconds(clock: re.Match[str]) -> int:
    return int(clock[1]) * 3600 + int(clock[2]) * 60 + int(clock[3])


def _parse_date(text: str, columns: CallColumns) -> str | None:
    match = _DATE_FORMATS[columns.date_format].match(text)
    if match is None:
        return None
    year = int(match[1]) + (columns.century if len(match[1]) == 2 else 0)
    iso = f"{year:04d}-{match[2]}-{match[3]}"
    try:
        np.datetime64(iso, "D")
    except ValueError:
        return None
    return iso


def read_call_records(*, path: Path, columns: CallColumns = ANONYMOUS_BANK_COLUMNS) -> CallRecords:
    """Read and validate a per-call file (``.tsv[.gz]``, ``.csv[.gz]`` or ``.xlsx``)."""
    header, rows = read_rows(path)
    return parse_call_records(header=header, rows=rows, columns=columns)
