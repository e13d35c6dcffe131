"""Validation and normalisation of working windows given in local wall-clock time.

A window is kept as a pair of integers, microseconds after local midnight, ``[start, end)``;
an end of ``time(0, 0)`` becomes ``DAY_US`` (midnight at the end of that day).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time

__all__ = [
    "DAY_US",
    "WEEKDAY_NAMES",
    "Window",
    "normalise_holidays",
    "normalise_hours",
    "normalise_special_days",
    "normalise_windows",
]

DAY_US = 86_400 * 1_000_000
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

Window = tuple[int, int]
"""``(start_us, end_us)``: microseconds after local midnight, end exclusive."""


def normalise_hours(hours: object) -> tuple[tuple[Window, ...], ...]:
    """Seven sorted, merged window tuples (index 0 = Monday) from a weekday mapping.

    Raises
    ------
    ValueError
        ``hours`` is not a mapping, a weekday is outside 0..6, or a window is invalid;
        the message names the weekday and the window.
    """
    if not isinstance(hours, Mapping):
        raise ValueError(
            "hours must be a mapping of weekday (0 = Monday) to working windows, "
            f"got {type(hours).__name__}"
        )
    week: list[tuple[Window, ...]] = [()] * 7
    for weekday, windows in hours.items():
        # bool is an int subclass; True as a weekday is a bug, not Tuesday.
        if isinstance(weekday, bool) or not isinstance(weekday, int) or not 0 <= weekday <= 6:
            raise ValueError(
                f"hours: weekday must be an integer from 0 (Monday) to 6 (Sunday), got {weekday!r}"
            )
        week[weekday] = normalise_windows(
            windows, label=f"hours[{weekday}] ({WEEKDAY_NAMES[weekday]})"
        )
    return tuple(week)


def normalise_special_days(special_days: object) -> dict[date, tuple[Window, ...]]:
    """Dates with their own windows, validated like weekday windows."""
    if special_days is None:
        return {}
    if not isinstance(special_days, Mapping):
        raise ValueError(
            "special_days must be a mapping of date to working windows, "
            f"got {type(special_days).__name__}"
        )
    result: dict[date, tuple[Window, ...]] = {}
    for day, windows in special_days.items():
        _check_date("special_days", day)
        label = f"special_days[{day.isoformat()}] ({WEEKDAY_NAMES[day.weekday()]})"
        result[day] = normalise_windows(windows, label=label)
    return result


def normalise_holidays(holidays: object) -> frozenset[date]:
    """Holiday dates as a frozen set; datetimes and other types are refused."""
    if isinstance(holidays, (str, bytes)) or not isinstance(holidays, Iterable):
        raise ValueError(f"holidays must be an iterable of dates, got {type(holidays).__name__}")
    result = frozenset(holidays)
    for day in result:
        _check_date("holidays", day)
    return result


def normalise_windows(windows: object, *, label: str) -> tuple[Window, ...]:
    """Sorted windows of one day, touching windows merged, overlaps refused.

    ``label`` names the day in error messages, e.g. ``"hours[0] (Monday)"``.
    """
    if isinstance(windows, (str, bytes)) or not isinstance(windows, Iterable):
        raise ValueError(
            f"{label}: windows must be a sequence of (start, end) pairs of datetime.time, "
            f"got {type(windows).__name__}"
        )
    if (
        isinstance(windows, Sequence)
        and len(windows) == 2
        and all(isinstance(w, time) for w in windows)
    ):
        windows = [windows]  # a bare (start, end) pair is one window
    parsed = sorted(_parse_window(window, label=label) for window in windows)
    merged: list[Window] = []
    for start_us, end_us in parsed:
        if merged and start_us < merged[-1][1]:
            raise ValueError(
                f"{label}: windows {_fmt_window(merged[-1])} and "
                f"{_fmt_window((start_us, end_us))} overlap"
            )
        if merged and start_us == merged[-1][1]:
            # 09:00-12:00 and 12:00-18:00 are one stretch of work: merge them.
            merged[-1] = (merged[-1][0], end_us)
        else:
            merged.append((start_us, end_us))
    return tuple(merged)


def _parse_window(window: object, *, label: str) -> Window:
    if not (isinstance(window, Sequence) and not isinstance(window, str) and len(window) == 2):
        raise ValueError(f"{label}: window {window!r} must be a (start, end) pair of datetime.time")
    start, end = window
    for bound in (start, end):
        if not isinstance(bound, time):
            raise ValueError(
                f"{label}: window {window!r} must be a (start, end) pair of datetime.time, "
                f"got {type(bound).__name__}"
            )
        if bound.tzinfo is not None:
            raise ValueError(
                f"{label}: window {_fmt(start)}-{_fmt(end)} must be in local wall-clock time "
                "(naive datetime.time); the calendar's time_zone applies"
            )
    start_us = _time_us(start)
    end_us = DAY_US if end == time(0, 0) else _time_us(end)
    if start_us >= end_us:
        raise ValueError(
            f"{label}: window {_fmt(start)}-{_fmt(end)} must start before it ends "
            "(use time(0, 0) as the end for midnight at the end of the day)"
        )
    return start_us, end_us


def _check_date(name: str, day: object) -> None:
    # datetime is a date subclass; a holiday "at 09:00" is ambiguous, so refuse it.
    if isinstance(day, datetime) or not isinstance(day, date):
        raise ValueError(f"{name} must contain datetime.date values, got {day!r}")


def _time_us(moment: time) -> int:
    seconds = moment.hour * 3600 + moment.minute * 60 + moment.second
    return seconds * 1_000_000 + moment.microsecond


def _fmt(moment: time) -> str:
    spec = "minutes" if moment.second == moment.microsecond == 0 else "auto"
    return moment.replace(tzinfo=None).isoformat(timespec=spec)


def _fmt_window(window: Window) -> str:
    return f"{_fmt_us(window[0])}-{_fmt_us(window[1])}"


def _fmt_us(offset_us: int) -> str:
    if offset_us == DAY_US:
        return "00:00"
    seconds, microsecond = divmod(offset_us, 1_000_000)
    hour, rest = divmod(seconds, 3600)
    return _fmt(time(hour, rest // 60, rest % 60, microsecond))
