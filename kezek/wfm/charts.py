"""Series for the forecast chart: lines that stop where the centre is closed.

A chart library joins consecutive points with a line, so a series that simply
skips the night or a closed day draws a line across it, which reads as calls
forecast while nobody works. Here a point without a value follows every run of
adjacent intervals, and the line stops there.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

TIME_FORMAT = "%Y-%m-%d %H:%M"


def with_quiet_intervals(
    points: Sequence[tuple[datetime, float]], step: timedelta
) -> list[tuple[datetime, float]]:
    """``points`` in time order, with 0 for each interval of a day between two of its rows.

    A sparse export leaves the intervals without calls out; within a day that
    has rows they had none, while the time between days stays a gap.
    """
    filled: list[tuple[datetime, float]] = []
    for moment, value in points:
        if filled and filled[-1][0].date() == moment.date():
            quiet = filled[-1][0] + step
            while quiet < moment:
                filled.append((quiet, 0.0))
                quiet += step
        filled.append((moment, value))
    return filled


def broken_at_gaps(
    moments: Sequence[datetime], step: timedelta, *series: Sequence[float]
) -> tuple[list[str], list[list[float | None]]]:
    """Time labels and ``series`` with an empty point wherever the next interval is missing."""
    labels: list[str] = []
    values: list[list[float | None]] = [[] for _ in series]
    for index, moment in enumerate(moments):
        if index and moment - moments[index - 1] != step:
            labels.append((moments[index - 1] + step).strftime(TIME_FORMAT))
            for column in values:
                column.append(None)
        labels.append(moment.strftime(TIME_FORMAT))
        for column, source in zip(values, series, strict=True):
            column.append(source[index])
    return labels, values
