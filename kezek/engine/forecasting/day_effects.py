"""Calendar day effects on daily totals: month start and end, the day after a closure.

Many centres are busier on the first working days of a month (statements,
salaries, direct debits), on its last working day, and on the first day after
a closure (calls held back over a bank holiday). Which of these a queue has, and
how strongly, is learnt from its own history, and only as far as the history
supports it:

* each day gets the classes ``DAY_CLASSES`` from the days that have rows and
  the weekdays the centre works (no assumption about which weekdays those are);
* each past day of a class is compared with the median of the ordinary days
  of the same weekday within ``NEIGHBOUR_DAYS`` on either side (a centred
  reference, so a trend or a quiet week does not pass for an effect);
* a closure is a single worked weekday without rows between two with rows:
  two or more in a row are as likely a gap in the data as a holiday, and the
  day after a gap is an ordinary day;
* the log effects come from a ridge regression of those log ratios on the
  classes, shrunk towards zero by ``penalty`` pseudo-days: a class seen once
  counts for a fraction of its ratio, a class never seen has no effect. The
  day after a closure is shrunk towards the uplift the centre's own week
  expects of it instead (``carryover.py``).

The level smoother then runs on totals divided by their effects, and forecasts
are multiplied back by the effects of the forecast days.

References
----------
Hoerl, A. E. & Kennard, R. W. (1970). Ridge regression: biased estimation for
nonorthogonal problems. Technometrics 12(1), 55–67.
Ibrahim, R., Ye, H., L'Ecuyer, P. & Shen, H. (2016). Modeling and forecasting
call center arrivals: a literature survey and a case study. International
Journal of Forecasting 32(3), 865–874 (day-of-month and holiday effects).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = [
    "AFTER_CLOSURE",
    "DAY_CLASSES",
    "NEIGHBOUR_DAYS",
    "day_classes",
    "fit_day_effects",
    "same_weekdays_near",
]

FloatArray = npt.NDArray[np.float64]
DayArray = npt.NDArray[np.datetime64]
BoolArray = npt.NDArray[np.bool_]
DAY_CLASSES = (
    "first working day of the month",
    "second working day of the month",
    "third working day of the month",
    "last working day of the month",
    "first day after a closure",
)
AFTER_CLOSURE = DAY_CLASSES.index("first day after a closure")
NEIGHBOUR_DAYS = 21
MAX_LOG_RATIO = 0.5  # a ratio beyond e^±0.5 (×1.65, ×0.61) counts as that much


def same_weekdays_near(days: DayArray) -> BoolArray:
    """(n, n): day ``j`` is of day ``i``'s weekday and within ``NEIGHBOUR_DAYS`` of it, ``j ≠ i``."""
    number = np.asarray(days).astype("datetime64[D]").astype(np.int64)
    gap = np.abs(number[:, None] - number[None, :])
    return np.asarray((gap % 7 == 0) & (gap > 0) & (gap <= NEIGHBOUR_DAYS), dtype=bool)


def _weekmask(worked_weekdays: tuple[int, ...]) -> list[bool]:
    return [w in worked_weekdays for w in range(7)]


def day_classes(
    *,
    days: DayArray,
    history_days: DayArray,
    worked_weekdays: tuple[int, ...],
    known_until: np.datetime64 | DayArray | None = None,
    closed_days: DayArray | None = None,
) -> BoolArray:
    """Which of ``DAY_CLASSES`` each day belongs to, shape (n_days, 5).

    Parameters
    ----------
    days : ndarray of datetime64[D]
        Days to classify: days of the history or days after it.
    history_days : ndarray of datetime64[D]
        Days with rows, increasing.
    worked_weekdays : tuple of int
        Weekdays the centre works (Monday = 0).
    known_until : numpy.datetime64, optional
        First day whose rows are not known (the forecast origin); default the
        day after the history. Before it, a day is worked if it has rows
        (a worked weekday without rows was a closure); from it on, if its
        weekday is worked and it is not among ``closed_days``.
    closed_days : ndarray of datetime64[D], optional
        Days from ``known_until`` on declared closed (a bank holiday ahead).

    Notes
    -----
    In the first month of the history a working-day number is only known when
    the history starts on that month's first working day.
    """
    days = np.asarray(days).astype("datetime64[D]")
    hist = np.asarray(history_days).astype("datetime64[D]")
    mask = _weekmask(worked_weekdays)
    if not any(mask) or hist.size == 0:
        return np.zeros((days.size, len(DAY_CLASSES)), dtype=bool)
    one = np.timedelta64(1, "D")
    known = (
        hist[-1] + one if known_until is None else np.asarray(known_until).astype("datetime64[D]")
    )
    month = days.astype("datetime64[M]").astype("datetime64[D]")
    # Worked days of the month before the day: rows before ``known``, worked weekdays after.
    rows_before = np.searchsorted(hist, np.minimum(days, known)) - np.searchsorted(hist, month)
    future_from = np.maximum(month, known)
    future = np.where(days > future_from, np.busday_count(future_from, days, weekmask=mask), 0)
    number = rows_before + future + 1
    first_month = month == hist[0].astype("datetime64[M]").astype("datetime64[D]")
    first_worked = np.busday_offset(month, 0, roll="forward", weekmask=mask)
    number[first_month & (hist[0] > first_worked)] = 0  # unknown: the history starts mid-month
    following = np.searchsorted(hist, days, side="right")
    projected = np.busday_offset(np.maximum(days + one, known), 0, roll="forward", weekmask=mask)
    next_day = np.where(
        following < hist.size, hist[np.minimum(following, hist.size - 1)], projected
    )
    month_end = next_day.astype("datetime64[M]") != days.astype("datetime64[M]")
    before = np.busday_offset(days, -1, roll="backward", weekmask=mask)
    declared = np.array([] if closed_days is None else closed_days, dtype="datetime64[D]")
    shut = np.where(before < known, ~np.isin(before, hist), np.isin(before, declared))
    # A single worked day closed: more than one in a row is as likely a gap in the data.
    before_that = np.busday_offset(before, -1, roll="backward", weekmask=mask)
    was_open = np.where(
        before_that < known, np.isin(before_that, hist), ~np.isin(before_that, declared)
    )
    closure = shut & was_open
    return np.column_stack(
        [number == 1, number == 2, number == 3, month_end & (number != 0), closure]
    )


def fit_day_effects(
    *,
    days: DayArray,
    totals: FloatArray,
    classes: BoolArray,
    penalty: float,
    prior: FloatArray | None = None,
) -> FloatArray:
    """Log multiplicative effect of each class on the daily total, shape (5,).

    Parameters
    ----------
    days : ndarray of datetime64[D]
        Days with rows, increasing.
    totals : ndarray, shape (n_days,)
        Calls per day.
    classes : ndarray of bool, shape (n_days, 5)
        ``day_classes`` of ``days``.
    penalty : float
        Ridge penalty, in pseudo-days of "no effect" per class.
    prior : ndarray, shape (n_days,), optional
        Log effect each day is expected to have (``carryover.after_closure_prior``):
        the classes' effects are learnt, and shrunk, on top of it.
    """
    n_classes = classes.shape[1]
    special = classes.any(axis=1)
    if not special.any():
        return np.zeros(n_classes)
    neighbours = same_weekdays_near(days)
    rows, ratios = [], []
    for j in np.flatnonzero(special & (totals > 0)):
        near = neighbours[j] & ~special
        if near.sum() >= 2:
            reference = float(np.median(totals[near]))
            if reference > 0:
                rows.append(j)
                expected = 0.0 if prior is None else prior[j]
                ratios.append(np.log(totals[j] / reference) - expected)
    if not rows:
        return np.zeros(n_classes)
    x = classes[rows].astype(float)
    z = np.clip(np.array(ratios), -MAX_LOG_RATIO, MAX_LOG_RATIO)
    return np.asarray(np.linalg.solve(x.T @ x + penalty * np.eye(n_classes), x.T @ z), dtype=float)
