"""Calls held back by a closure: how much busier the first day after it will be.

A centre closed on a working day (a bank holiday) does not lose that day's
calls: part of them come on the next day it is open. The centre's own week
shows how large that part is. Where it has regular days off (a weekend), the
day after them, the *opener* (Monday for a Monday-to-Friday centre), carries
what the days off held back: its daily total over the median of the other full
working days, less one, divided by the days it held back, is the share of a
day's calls carried over per day held back (``Carryover.rate``). A day off
holds back a whole day; a short day (a Saturday morning) the part of a full
day it does not work.

The day after a closure then expects ``1 + rate · n`` times an ordinary day,
``n`` the days held back before it (the closed day, the days off and short days
next to it), against ``1 + rate · k`` for its own weekday, ``k`` what its
weekday holds back in a regular week. On a Monday-to-Friday centre whose
Mondays bring 18 % more calls than the median weekday (rate 0.09), the Tuesday
after a closed Monday expects 27 % more than a Tuesday (three days held back),
the Monday after a closed Friday 8 % more than a Monday (three instead of two).

This is the prior of the after-closure effect; ``day_effects`` learns how far
the queue's own closures depart from it. A centre open every day of the week
has no days off to learn from: its prior is no effect.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kezek.engine.forecasting.baselines import weekday

__all__ = ["NO_CARRYOVER", "Carryover", "after_closure_prior", "estimate_carryover"]

FloatArray = npt.NDArray[np.float64]
DayArray = npt.NDArray[np.datetime64]
BoolArray = npt.NDArray[np.bool_]
RECENT_DAYS = 56
FULL_DAY_SHARE = 0.6  # a worked weekday below this share of a typical day is a short day
MAX_OPENER_EXCESS = 0.5
MIN_OPENERS = 3  # the opener's excess is read from at least three of its days
NOT_A_DAY = np.datetime64("NaT", "D")


@dataclass(frozen=True, slots=True)
class Carryover:
    """A centre's weekly pattern of held-back calls.

    ``rate``: share of a typical day's calls carried over per day held back (0: none).
    ``day_share``: each weekday's median daily total over a typical day's (0: day off).
    """

    rate: float
    day_share: FloatArray

    def held_back(self, before: np.datetime64, closed: np.datetime64 = NOT_A_DAY) -> float:
        """Days held back by the days off, short days and ``closed`` up to ``before``."""
        week = before - np.arange(7).astype("timedelta64[D]")
        shares = np.where(week == closed, 0.0, self.day_share[weekday(week)])
        run = int(np.argmax(shares >= FULL_DAY_SHARE)) if shares.max() >= FULL_DAY_SHARE else 7
        return float((1.0 - shares[:run]).sum())


NO_CARRYOVER = Carryover(0.0, np.ones(7))


def estimate_carryover(
    *, days: DayArray, totals: FloatArray, worked_weekdays: tuple[int, ...]
) -> Carryover:
    """The centre's carry-over, read from its last ``RECENT_DAYS`` days.

    Parameters
    ----------
    days : ndarray of datetime64[D]
        Ordinary days with rows, increasing (special days left out).
    totals : ndarray, shape (n_days,)
        Calls per day.
    worked_weekdays : tuple of int
        Weekdays the centre works (Monday = 0).

    The rate is 0 for a centre open every day, with more than one day after
    held-back days a week, whose opener is not busier than its full days, or
    whose recent history holds fewer than ``MIN_OPENERS`` of its openers (one
    busy Monday is not a pattern).
    """
    if days.size == 0 or len(worked_weekdays) == 7:
        return NO_CARRYOVER
    recent = days > days[-1] - np.timedelta64(RECENT_DAYS, "D")
    w = weekday(days[recent])
    medians = np.zeros(7)
    for d in worked_weekdays:
        if (w == d).any():
            medians[d] = float(np.median(totals[recent][w == d]))
    typical = float(np.median(medians[list(worked_weekdays)]))
    if typical <= 0:
        return NO_CARRYOVER
    share = medians / typical
    pattern = Carryover(0.0, share)
    week = np.datetime64("2024-01-01") + np.arange(7)  # a Monday: weekday(week) == 0..6
    held = {d: pattern.held_back(week[d] - np.timedelta64(1, "D")) for d in worked_weekdays}
    openers = [d for d, k in held.items() if k > 0 and share[d] >= FULL_DAY_SHARE]
    full = [share[d] for d in worked_weekdays if share[d] >= FULL_DAY_SHARE and held[d] == 0]
    if len(openers) != 1 or not full or (w == openers[0]).sum() < MIN_OPENERS:
        return NO_CARRYOVER
    opener = openers[0]
    excess = share[opener] / float(np.median(full)) - 1.0
    rate = float(np.clip(excess, 0.0, MAX_OPENER_EXCESS)) / held[opener]
    return Carryover(rate, share)


def after_closure_prior(
    *, days: DayArray, after_closure: BoolArray, carryover: Carryover
) -> FloatArray:
    """Log prior uplift of each day, shape (n_days,): 0 unless ``after_closure``.

    Parameters
    ----------
    days : ndarray of datetime64[D]
        Days to score.
    after_closure : ndarray of bool, shape (n_days,)
        Which of them are the first day after a closure (``day_classes``): the
        worked weekday before them was closed, the one before that open.
    carryover : Carryover
        The centre's ``estimate_carryover``.
    """
    days = np.asarray(days).astype("datetime64[D]")
    prior = np.zeros(days.size)
    if carryover.rate <= 0:
        return prior
    mask = [share > 0 for share in carryover.day_share]
    one = np.timedelta64(1, "D")
    for i in np.flatnonzero(after_closure):
        closed = np.busday_offset(days[i], -1, roll="backward", weekmask=mask)
        held = carryover.held_back(days[i] - one, closed=closed)
        usual = carryover.held_back(days[i] - one)
        prior[i] = max(np.log1p(carryover.rate * held) - np.log1p(carryover.rate * usual), 0.0)
    return prior
