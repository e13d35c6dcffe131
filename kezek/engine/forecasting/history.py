"""Per-interval call counts: parse, validate and lay out as a day × interval matrix.

Time stamps are *naive local wall-clock times* (the centre's own clock), the way
planners and phone systems export them. A UTC offset suffix (``Z`` or
``+03:00``) is accepted when every row carries one, and written back as read:
the local clock is the grid, so an offset that changes at a DST switch is kept
per row; only the hour that the autumn switch repeats cannot sit on a
wall-clock grid, and is reported (merge or drop it).
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import numpy.typing as npt

from kezek.engine.io import BadRows, FileProblem, RowProblem, Table, read_table

__all__ = [
    "MAX_CALL_SECONDS",
    "MAX_INTERVAL_CALLS",
    "HistoryError",
    "IntervalCounts",
    "TimestampFormat",
    "format_timestamps",
    "local_time_exists",
    "parse_interval_counts",
    "read_interval_counts",
    "read_rows",
]

TIMESTAMP_COLUMNS = ("timestamp", "interval_start")
OPTIONAL_COLUMNS = ("handled", "abandoned", "aht_s")
_KINDS = (".csv", ".csv.gz", ".tsv", ".tsv.gz", ".txt", ".txt.gz", ".xlsx")
_TIMESTAMP = re.compile(
    r"^(\d{4}-\d{2}-\d{2})([T ])(\d{2}:\d{2})(:\d{2})?(\.0+)?(Z|[+-]\d{2}:?\d{2})?$"
)

MAX_INTERVAL_CALLS = 100_000.0
"""Calls in one interval: far above any centre's, low enough to stay a number everywhere."""
MAX_CALL_SECONDS = 86_400.0
"""A call's wait or handle time, and an average of them: a call longer than a day is a broken row."""
_CEILINGS = {
    "calls": MAX_INTERVAL_CALLS,
    "handled": MAX_INTERVAL_CALLS,
    "abandoned": MAX_INTERVAL_CALLS,
    "aht_s": MAX_CALL_SECONDS,
}


class HistoryError(BadRows):
    """The history file has bad rows; ``problems`` lists every one of them."""

    subject = "the history"


@dataclass(frozen=True, slots=True)
class TimestampFormat:
    """How the input wrote its time stamps, so the output can write them the same way."""

    separator: str = " "
    seconds: bool = True
    suffix: str = ""


@dataclass(frozen=True, slots=True)
class IntervalCounts:
    """Validated per-interval history, sorted by time, one row per interval.

    Attributes
    ----------
    start : ndarray of datetime64[m]
        Local wall-clock start of each interval.
    calls : ndarray of float
        Offered calls in the interval (count, >= 0).
    interval_minutes : int
        Length of every interval, in minutes.
    handled, abandoned, aht_s : ndarray of float or None
        Optional columns; NaN where a row left them blank. ``aht_s`` in seconds.
    timestamp_format : TimestampFormat
        The input's time-stamp style (``suffix``: the first row's UTC offset).
    offsets : ndarray of str or None
        Each row's UTC offset as written, when it changes inside the file (a
        DST switch); None when every row has the same one (or none).
    """

    start: npt.NDArray[np.datetime64]
    calls: npt.NDArray[np.float64]
    interval_minutes: int
    handled: npt.NDArray[np.float64] | None = None
    abandoned: npt.NDArray[np.float64] | None = None
    aht_s: npt.NDArray[np.float64] | None = None
    timestamp_format: TimestampFormat = TimestampFormat()
    offsets: npt.NDArray[np.str_] | None = None

    def offsets_at(self, start: npt.NDArray[np.datetime64]) -> npt.NDArray[np.str_]:
        """The UTC offset to write with each of ``start``: a row's own where the history
        has that interval, else the offset of the last row before it (the clock in force)."""
        if self.offsets is None:
            return np.full(start.shape, self.timestamp_format.suffix)
        before = np.searchsorted(self.start, start.astype("datetime64[m]"), side="right") - 1
        return self.offsets[np.maximum(before, 0)]

    def utc_starts(self) -> npt.NDArray[np.datetime64] | None:
        """Each interval's start as a UTC instant, when the time stamps carry offsets."""
        if not self.timestamp_format.suffix:
            return None
        shift = _offset_minutes(self.offsets_at(self.start)).astype("timedelta64[m]")
        return np.asarray(self.start - shift, dtype="datetime64[m]")

    @property
    def days(self) -> npt.NDArray[np.datetime64]:
        """Distinct days that have at least one row (datetime64[D], sorted)."""
        return np.unique(self.start.astype("datetime64[D]"))

    def matrix(
        self, values: npt.NDArray[np.float64] | None = None
    ) -> tuple[npt.NDArray[np.datetime64], npt.NDArray[np.float64]]:
        """Lay ``values`` (default ``calls``) out as days × intervals of the day.

        Returns the days with rows and a ``(n_days, intervals_per_day)`` matrix.
        Intervals without a row on a day that has rows are 0 (a sparse export
        leaves quiet intervals out); days without rows are absent, not zero.
        """
        values = self.calls if values is None else values
        day = self.start.astype("datetime64[D]")
        days, row = np.unique(day, return_inverse=True)
        minute = (self.start - day).astype(np.int64)
        per_day = 1440 // self.interval_minutes
        out = np.zeros((days.size, per_day))
        out[row, minute // self.interval_minutes] = values
        return days, out


def parse_interval_counts(
    *,
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    interval_minutes: int,
    first_line: int = 2,
    time_zone: str | None = None,
) -> IntervalCounts:
    """Validate per-interval rows (all of them) and return the history.

    Parameters
    ----------
    header : sequence of str
        Column names; needs ``timestamp`` (or ``interval_start``) and ``calls``;
        ``handled``, ``abandoned`` and ``aht_s`` are read when present.
    rows : iterable of sequences of str
        The data rows, as text.
    interval_minutes : int
        Grid step in minutes; must divide a day. Every time stamp must sit on it.
    first_line : int
        File line number of the first data row, for messages.
    time_zone : str, optional
        IANA zone of the time stamps without a UTC offset: a local time the
        spring clock change skips there is a bad row. None: wall-clock times.

    Raises
    ------
    HistoryError
        Listing every bad row: unreadable time stamp, off-grid time, duplicate
        interval, negative or non-numeric count, a count above ``MAX_INTERVAL_CALLS``
        or an ``aht_s`` above ``MAX_CALL_SECONDS``, mixed UTC offsets, a local time
        that does not exist in ``time_zone``.
    ValueError
        ``interval_minutes`` does not divide a day, or a required column is missing.
    """
    _check_interval_minutes(interval_minutes)
    names = [h.strip().lower() for h in header]
    ts_col = next((c for c in TIMESTAMP_COLUMNS if c in names), None)
    missing = [c for c in (ts_col or "timestamp", "calls") if c not in names]
    if ts_col is None or missing:
        raise HistoryError([RowProblem(1, c, "required column is missing") for c in missing])
    columns = {c: names.index(c) for c in (ts_col, "calls", *OPTIONAL_COLUMNS) if c in names}
    problems: list[RowProblem] = []
    parsed = _parse_rows(rows, columns, ts_col, interval_minutes, first_line, problems)
    start, lines, numbers, fmt, suffixes = parsed
    if not start and not problems:  # rows that are all bad are named already
        problems.append(RowProblem(first_line, ts_col, "the history has no data rows"))
    if time_zone is not None:
        _report_skipped_times(start, lines, suffixes, ts_col, time_zone, problems)
    start_arr = np.array(start, dtype="datetime64[m]")
    order = np.argsort(start_arr, kind="stable")
    offsets = np.array(suffixes, dtype=str)[order]
    _report_duplicates(start_arr[order], np.asarray(lines)[order], offsets, ts_col, problems)
    if problems:
        raise HistoryError(sorted(problems, key=lambda p: p.line))
    cols = {c: np.asarray(v, dtype=float)[order] for c, v in numbers.items()}
    return IntervalCounts(
        start=start_arr[order],
        calls=cols.pop("calls"),
        interval_minutes=interval_minutes,
        timestamp_format=fmt or TimestampFormat(),
        offsets=offsets if np.unique(offsets).size > 1 else None,
        **cols,
    )


def local_time_exists(local: datetime, zone: zoneinfo.ZoneInfo) -> bool:
    """Whether the naive wall-clock time ``local`` happens in ``zone`` (the spring change skips some)."""
    # A local time that does not exist survives a round trip through UTC changed.
    round_trip = local.replace(tzinfo=zone).astimezone(UTC).astimezone(zone)
    return round_trip.replace(tzinfo=None) == local


def _report_skipped_times(
    start: Sequence[str],
    lines: Sequence[int],
    suffixes: Sequence[str],
    column: str,
    time_zone: str,
    problems: list[RowProblem],
) -> None:
    """Name the rows (without a UTC offset) at a local time the spring clock change skips."""
    zone = zoneinfo.ZoneInfo(time_zone)
    for stamp, line, suffix in zip(start, lines, suffixes, strict=True):
        if suffix:
            continue  # an offset fixes the instant
        if not local_time_exists(np.datetime64(stamp, "m").astype(datetime), zone):
            problems.append(
                RowProblem(line, column, f"does not exist in {time_zone} (clocks moved forward)")
            )


def _parse_rows(
    rows: Iterable[Sequence[str]],
    columns: dict[str, int],
    ts_col: str,
    interval_minutes: int,
    first_line: int,
    problems: list[RowProblem],
) -> tuple[list[str], list[int], dict[str, list[float]], TimestampFormat | None, list[str]]:
    start: list[str] = []
    lines: list[int] = []
    suffixes: list[str] = []
    numbers: dict[str, list[float]] = {c: [] for c in columns if c != ts_col}
    fmt: TimestampFormat | None = None
    for line, row in enumerate(rows, start=first_line):
        if not any(cell.strip() for cell in row):
            continue  # blank lines (often a trailing one) carry no data
        cells = {c: (row[i].strip() if i < len(row) else "") for c, i in columns.items()}
        stamp, row_fmt, reason = _parse_timestamp(cells[ts_col], interval_minutes)
        bad = reason is not None
        if reason is not None:
            problems.append(RowProblem(line, ts_col, reason))
        elif fmt is None:
            fmt = row_fmt
        elif row_fmt is not None and bool(row_fmt.suffix) != bool(fmt.suffix):
            problems.append(
                RowProblem(line, ts_col, "mixes time stamps with and without a UTC offset")
            )
            bad = True
        values = {}
        for name in numbers:
            value, reason = _parse_count(
                cells[name], required=name == "calls", maximum=_CEILINGS[name]
            )
            if reason is not None:
                problems.append(RowProblem(line, name, reason))
                bad = True
            values[name] = value
        if not bad:
            start.append(stamp)
            lines.append(line)
            suffixes.append(row_fmt.suffix if row_fmt is not None else "")
            for name, value in values.items():
                numbers[name].append(value)
    return start, lines, numbers, fmt, suffixes


def _parse_timestamp(
    text: str, interval_minutes: int
) -> tuple[str, TimestampFormat | None, str | None]:
    match = _TIMESTAMP.match(text)
    if match is None:
        return "", None, f"cannot read time stamp {text!r} (expected YYYY-MM-DD HH:MM[:SS])"
    date, sep, hhmm, sec, _frac, suffix = match.groups()
    try:
        stamp = np.datetime64(f"{date}T{hhmm}{sec or ''}", "s")
    except ValueError:
        return "", None, f"no such date or time: {text!r}"
    if sec not in (None, ":00"):
        return "", None, f"time stamp {text!r} is not on a whole minute"
    minute = int(hhmm[:2]) * 60 + int(hhmm[3:])
    if int(hhmm[:2]) > 23 or minute % interval_minutes:
        return "", None, f"time stamp {text!r} is not on the {interval_minutes}-minute grid"
    fmt = TimestampFormat(separator=sep, seconds=sec is not None, suffix=suffix or "")
    return str(stamp.astype("datetime64[m]")), fmt, None


def _offset_minutes(suffixes: npt.NDArray[np.str_]) -> npt.NDArray[np.int64]:
    """Minutes east of UTC of offset suffixes as written: ``Z``, ``+03:00``, ``-0500``."""
    minutes = np.zeros(suffixes.shape, dtype=np.int64)
    for text in np.unique(suffixes):
        if text not in ("", "Z"):
            digits = text[1:].replace(":", "")
            value = int(digits[:2]) * 60 + int(digits[2:])
            minutes[suffixes == text] = value if text[0] == "+" else -value
    return minutes


def _parse_count(text: str, *, required: bool, maximum: float) -> tuple[float, str | None]:
    if text == "":
        return float("nan"), ("value is missing" if required else None)
    try:
        value = float(text)
    except ValueError:
        return float("nan"), f"not a number: {text!r}"
    if not np.isfinite(value) or value < 0:
        return float("nan"), f"must be a finite number >= 0, got {text!r}"
    if value > maximum:
        return float("nan"), f"must be at most {maximum:,.0f}, got {text!r}"
    return value, None


def _report_duplicates(
    start: npt.NDArray[np.datetime64],
    lines: npt.NDArray[np.int64],
    offsets: npt.NDArray[np.str_],
    column: str,
    problems: list[RowProblem],
) -> None:
    if start.size < 2:
        return
    dup = np.flatnonzero(start[1:] == start[:-1]) + 1
    first_line: dict[np.datetime64, int] = {}
    for i in dup:
        first = first_line.setdefault(start[i], int(lines[i - 1]))
        if offsets[i] != offsets[i - 1]:
            reason = (
                f"{start[i]} comes twice, at UTC offsets {offsets[i - 1]} (line {first}) and "
                f"{offsets[i]}: the hour a clock change repeats; merge or drop it"
            )
        else:
            reason = f"duplicate interval {start[i]} (also on line {first})"
        problems.append(RowProblem(int(lines[i]), column, reason))


def _check_interval_minutes(interval_minutes: int) -> None:
    if (
        not isinstance(interval_minutes, int | np.integer)
        or interval_minutes <= 0
        or 1440 % interval_minutes
    ):
        raise ValueError(
            f"interval_minutes must be a positive whole number of minutes dividing a day, "
            f"got {interval_minutes!r}"
        )


def read_rows(path: Path) -> Table:
    """Header and data rows (as text) of a ``.csv``, ``.csv.gz``, ``.tsv[.gz]`` or ``.xlsx`` file.

    Read by :func:`kezek.engine.io.read_table`: delimited files are sniffed for
    ``,``, ``;`` or tab, quoted cells keep their delimiters; XLSX reads the first
    sheet, date cells become ISO text.

    Raises
    ------
    FileProblem
        The file is empty, of an unknown kind, or not what its name says.
    """
    if not path.name.lower().endswith(_KINDS):
        raise FileProblem(f"history file must be .csv, .csv.gz, .tsv or .xlsx, got {path.name!r}")
    return read_table(path)


def read_interval_counts(
    *, path: Path, interval_minutes: int, time_zone: str | None = None
) -> IntervalCounts:
    """Read and validate a per-interval history file (see :func:`parse_interval_counts`)."""
    header, rows = read_rows(path)
    return parse_interval_counts(
        header=header, rows=rows, interval_minutes=interval_minutes, time_zone=time_zone
    )


def format_timestamps(
    start: npt.NDArray[np.datetime64],
    fmt: TimestampFormat,
    offsets: npt.NDArray[np.str_] | None = None,
) -> npt.NDArray[np.str_]:
    """Write interval starts as text in the style ``fmt`` read from the input.

    ``offsets``, one per start, replaces ``fmt.suffix`` (see ``IntervalCounts.offsets_at``).
    """
    if fmt.seconds:
        text = np.datetime_as_string(start.astype("datetime64[s]"), unit="s")
    else:
        text = np.datetime_as_string(start.astype("datetime64[m]"), unit="m")
    text = np.char.replace(text, "T", fmt.separator)
    return np.char.add(text, fmt.suffix if offsets is None else offsets)
