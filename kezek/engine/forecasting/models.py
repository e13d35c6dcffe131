"""Kezek's interval forecaster: smoothed daily level × weekday factor × denoised weekday shape.

The forecast of day ``d`` in interval ``k`` is

    ŷ[d, k] = L · f[w(d)] · e(d) · p[w(d), k]

* ``L``: the level of daily totals, by multiplicative exponential smoothing over
  the days that have rows (absent days, e.g. holidays, are skipped, not zeros);
  each update is clipped so that an outlier day moves it only a little;
* ``f[w]``: the weekday factor, smoothed the same way (Holt–Winters with a
  weekday "season"; weekdays the centre does not work simply never appear);
  ``L`` is pulled towards a slowly smoothed level: the next day keeps a share
  ``next_day_level_weight`` of the fast level's deviation from it (part of
  yesterday's surprise is noise), and each further day a share
  ``level_persistence`` of that, because a busy or quiet spell rarely lasts
  two weeks;
* ``e(d)``: calendar day effects (first three and last working days of the
  month, the day after a closure), learnt from the history by ridge
  regression and shrunk to 1 when it shows little (``day_effects.py``); the
  day after a closure is shrunk instead towards the calls the closure held
  back, as many per closed day as the centre's weekend holds back for its
  Monday (``carryover.py``); the level is smoothed on totals divided by
  them, and days lifted by that prior do not move it;
* ``p[w, ·]``: the intraday shape of the weekday, an exponentially weighted mean
  of the recent same-weekday shapes, shrunk towards the shape of all recent days
  and denoised by projecting on the main singular vectors of the recent day ×
  interval shape matrix (each weekday weighing the same in it, so a rare
  distinct day such as a short Friday keeps its shape), then smoothed across
  neighbouring intervals by a Gaussian kernel of ``shape_bandwidth_minutes``
  (``shapes.py``); how many vectors to keep and how much to shrink are chosen
  per history by a one-day-ahead replay of its last days (what wins on this
  queue is kept).

Before the fit, isolated unusual days (undeclared holidays, days of zeros,
half days, spikes) are left out (``unusual_days.py``), the history before a
lasting step in the level is rescaled to the level after it
(``level_shifts.py``), and intervals that stopped or started having calls
three days running are closed or opened in every shape (``shapes.new_hours``).

The defaults were chosen by rolling backtest on two real centres (see
``bench/forecasting``): a US bank (5-minute intervals, weekdays) and an Israeli
bank (every day of the week, with short Fridays and Saturday evenings).

Prediction intervals come from the model's own rolling one-day-ahead residuals
over the last ``calibration_days`` days of the history (split conformal style):
the squared residual is modelled as ``a·ŷ + b·ŷ²`` (Poisson-like noise plus a
level error), and the empirical quantiles of the standardised residuals give
the 80 % and 95 % bands. Beyond one day ahead the level part ``b`` grows by
``level_variance_growth`` per day of horizon. A young history replays from its
eighth day on, so that its bands cover the errors of a model that young; the
shape is only chosen on days with two weeks of history before them.

References
----------
Hyndman, R. J. & Athanasopoulos, G. (2021). Forecasting: Principles and
Practice, 3rd ed., §8.3 (Holt–Winters multiplicative method).
Shen, H. & Huang, J. Z. (2008). Interday forecasting and intraday updating of
call center arrivals. M&SOM 10(3), 391–410 (SVD of the day × interval matrix).
Weinberg, J., Brown, L. D. & Stroud, J. R. (2007). Bayesian forecasting of an
inhomogeneous Poisson process with applications to call center data. JASA
102(480), 1185–1198.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Self

import numpy as np
import numpy.typing as npt

from kezek.engine.forecasting.baselines import check_history, weekday
from kezek.engine.forecasting.carryover import (
    NO_CARRYOVER,
    Carryover,
    after_closure_prior,
    estimate_carryover,
)
from kezek.engine.forecasting.day_effects import AFTER_CLOSURE, day_classes, fit_day_effects
from kezek.engine.forecasting.level_shifts import rescale_level_shifts
from kezek.engine.forecasting.shapes import (
    adjust_to_new_hours,
    denoise_shapes,
    gaussian_kernel,
    new_hours,
    shape_basis,
    weekday_shapes,
)
from kezek.engine.forecasting.unusual_days import unusual_days

__all__ = ["IntervalForecast", "LevelShapeForecaster"]

FloatArray = npt.NDArray[np.float64]
DayArray = npt.NDArray[np.datetime64]
_Z_LEVELS = (0.025, 0.10, 0.90, 0.975)
_NORMAL_QUANTILES = np.array([-1.96, -1.2816, 1.2816, 1.96])
# Days of history before a replayed day: to calibrate the bands (a young
# history's own errors are what its bands must cover), and to choose the shape.
MIN_CALIBRATION_HISTORY = 7
MIN_SELECTION_HISTORY = 14
RANK_CANDIDATES = (2, 3, 4, 6)
SHRINKAGE_CANDIDATES = (0.5, 2.0, 5.0)
DEFAULT_SHAPE = (3, 0.5)
ShapeKey = tuple[int, float]  # (SVD rank, shrinkage in pseudo-days)


@dataclass(frozen=True, slots=True)
class IntervalForecast:
    """Forecast calls per interval for whole days, with 80 % and 95 % bands.

    All matrices have shape ``(n_days, intervals_per_day)``; calls per interval.
    """

    days: DayArray
    mean: FloatArray
    lower_80: FloatArray
    upper_80: FloatArray
    lower_95: FloatArray
    upper_95: FloatArray


class LevelShapeForecaster:
    """Daily level × weekday factor × weekday intraday shape (scikit-learn style).

    Parameters
    ----------
    level_smoothing : float
        Smoothing weight of the daily level, in (0, 1].
    weekday_smoothing : float
        Smoothing weight of the weekday factors, in [0, 1]; a weekday seen n
        times so far learns with weight max(weekday_smoothing, 1/n), so a young
        history's factors are plain means of their ratios.
    max_update_ratio : float
        A day's total counts at most this many times (or this fraction of) the
        forecast when it updates the level: outlier and holiday-shifted days.
    shape_decay : float
        Weight ratio between a weekday's shape and the one a week before, (0, 1].
    shape_weeks : int
        Same-weekday days used for the shape.
    shape_shrinkage : float or None
        Pseudo-days of the all-days shape mixed into each weekday's shape; None
        picks, per history and together with the rank, one of
        ``SHRINKAGE_CANDIDATES`` by the same replay (weekdays with shapes of
        their own, like a short Friday, keep them; similar weekdays pool).
    shape_rank : int or None
        Singular vectors kept to denoise shapes; 0 keeps the raw means; None
        picks, per history, the one of ``RANK_CANDIDATES`` with the smallest
        squared error over a one-day-ahead replay of the last
        ``selection_days`` days ("keep what wins per queue").
    selection_days : int
        Days replayed to pick ``shape_rank`` when it is None.
    calibration_days : int
        Last days of the history replayed one day ahead to calibrate the bands;
        0 fits the point forecast only.
    level_variance_growth : float
        Growth of the level variance per extra day of horizon, as a fraction.
    long_level_smoothing : float
        Smoothing weight of a slower level, in (0, 1]: the level that forecasts
        further ahead revert to.
    level_persistence : float
        Share of the level's deviation from the slow level kept per extra day
        of horizon, in [0, 1] (1: the level never reverts).
    next_day_level_weight : float
        Share of that deviation kept for the next day, in [0, 1]: the fast
        level follows yesterday closely, and part of yesterday's surprise is
        noise that does not last (1: the fast level as it is; 0: the slow one).
    day_effects : bool
        Learn calendar day effects (first three and last working days of the
        month, the day after a closure) from the history; see ``day_effects.py``.
    day_effect_penalty : float
        Ridge penalty of those effects, in pseudo-days of "no effect", > 0.
    shape_bandwidth_minutes : float
        Standard deviation, in minutes, of the Gaussian kernel that smooths each
        shape across neighbouring intervals after the projection; 0 turns it
        off. The interval length is taken as 1440 / ``calls.shape[1]`` (the
        full-day matrix of ``IntervalCounts.matrix``), so 5 minutes smooths
        5-minute data and leaves 30-minute data as they are.
    skip_unusual_days : bool
        Leave isolated unusual days (undeclared holidays, outages, half days,
        one-day spikes) out of the fit; see ``unusual_days.py``.
    level_shifts : bool
        Rescale the history before a lasting step in the daily level to the
        level after it; see ``level_shifts.py``.

    Attributes
    ----------
    level_ : float
        Smoothed daily total of an average weekday at the end of the history.
    long_level_ : float
        The same, smoothed slowly (``long_level_smoothing``).
    weekday_factor_ : ndarray, shape (7,)
        Daily total of each weekday relative to ``level_`` (NaN: never seen).
    shape_ : ndarray, shape (7, intervals_per_day)
        Share of each weekday's calls per interval (rows sum to 1; NaN: never seen).
    overall_shape_ : ndarray, shape (intervals_per_day,)
        Share of calls per interval over all recent days (for unseen weekdays).
    shape_rank_ : int
        Singular vectors kept (the parameter, or the one picked).
    shape_shrinkage_ : float
        Shrinkage used (the parameter, or the one picked).
    last_day_ : numpy.datetime64
        Last day of the history.
    worked_weekdays_ : tuple of int
        Weekdays (Monday = 0) with rows in the last four weeks of the history.
    day_effect_ : ndarray, shape (5,)
        Multiplier of the daily total on each of ``day_effects.DAY_CLASSES``
        (1: no effect, or day effects off); for the day after a closure, on
        top of the carry-over prior.
    carryover_ : carryover.Carryover
        Share of a typical day's calls each day held back carries over to the
        next open day (``rate``; 0 for a centre open every day, or day effects
        off), and each weekday's share of a typical day (``day_share``).
    residual_scale_ : tuple of float
        ``(a, b)`` of the residual variance ``a·ŷ + b·ŷ²``.
    residual_quantiles_ : ndarray, shape (4,)
        Standardised residual quantiles at 2.5, 10, 90 and 97.5 %.
    daily_variance_ : float
        Variance of the replayed daily totals' relative error beyond count
        noise: the level error of a whole day, which weekly and monthly totals
        share (the intervals' ``b`` also holds errors of the shape, which a
        day's total does not).
    """

    def __init__(
        self,
        *,
        level_smoothing: float = 0.6,
        weekday_smoothing: float = 0.05,
        max_update_ratio: float = 1.25,
        shape_decay: float = 0.85,
        shape_weeks: int = 12,
        shape_shrinkage: float | None = None,
        shape_rank: int | None = None,
        selection_days: int = 20,
        calibration_days: int = 30,
        level_variance_growth: float = 0.1,
        long_level_smoothing: float = 0.1,
        level_persistence: float = 0.5,
        next_day_level_weight: float = 0.7,
        day_effects: bool = True,
        day_effect_penalty: float = 1.0,
        shape_bandwidth_minutes: float = 5.0,
        skip_unusual_days: bool = True,
        level_shifts: bool = True,
    ) -> None:
        self.level_smoothing = level_smoothing
        self.weekday_smoothing = weekday_smoothing
        self.max_update_ratio = max_update_ratio
        self.shape_decay = shape_decay
        self.shape_weeks = shape_weeks
        self.shape_shrinkage = shape_shrinkage
        self.shape_rank = shape_rank
        self.selection_days = selection_days
        self.calibration_days = calibration_days
        self.level_variance_growth = level_variance_growth
        self.long_level_smoothing = long_level_smoothing
        self.level_persistence = level_persistence
        self.next_day_level_weight = next_day_level_weight
        self.day_effects = day_effects
        self.day_effect_penalty = day_effect_penalty
        self.shape_bandwidth_minutes = shape_bandwidth_minutes
        self.skip_unusual_days = skip_unusual_days
        self.level_shifts = level_shifts

    def fit(
        self, *, days: DayArray, calls: FloatArray, special_days: DayArray | None = None
    ) -> Self:
        """Learn level, weekday factors, shapes and residual bands from history.

        Parameters
        ----------
        days : ndarray of datetime64[D]
            Days that have rows, increasing; missing days are not zeros.
        calls : ndarray, shape (n_days, intervals_per_day)
            Calls per interval.
        special_days : ndarray of datetime64[D], optional
            Declared holidays, reduced days, campaign days...: left out of the
            fit, as if they had no rows, so they teach the model nothing.
        """
        self._check_params()
        days, calls = check_history(days, calls)
        last_day = days[-1]
        days, calls, open_days = self._clean(days, calls, special_days)
        if days.size < 7:
            raise ValueError(f"the history must cover at least 7 days with rows, got {days.size}")
        ranks = RANK_CANDIDATES if self.shape_rank is None else (int(self.shape_rank),)
        shrink = SHRINKAGE_CANDIDATES if self.shape_shrinkage is None else (self.shape_shrinkage,)
        keys = tuple((r, float(k)) for r in ranks for k in shrink)
        replayed, actual = self._replay(days, calls, keys, open_days)
        selectable = min(self.selection_days, days.size - MIN_SELECTION_HISTORY)
        key = _best_shape(replayed, actual, selectable)
        self.shape_rank_, self.shape_shrinkage_ = key
        self._key = key
        if self.calibration_days > 0 and actual.shape[0] > 0:
            rows = slice(-self.calibration_days, None)
            fitted = replayed[key][rows]
            self.residual_scale_, self.residual_quantiles_ = _residual_model(fitted, actual[rows])
            self.daily_variance_ = _daily_variance(fitted, actual[rows])
        else:  # too little history to replay: Poisson noise plus a 10 % level error
            self.residual_scale_, self.residual_quantiles_ = (1.0, 0.01), _NORMAL_QUANTILES
            self.daily_variance_ = 0.01
        state = self._point_fit(days, calls, (key,), open_days)
        self.level_, self.weekday_factor_ = state.level, state.factor
        self.long_level_ = state.long_level
        self.shape_, self.overall_shape_ = state.shapes[key]
        self.last_day_ = last_day
        self.worked_weekdays_ = state.worked_weekdays
        self.day_effect_ = np.exp(state.log_effects)
        self.carryover_ = state.carryover
        self._history_days = open_days
        return self

    def _clean(
        self, days: DayArray, calls: FloatArray, special_days: DayArray | None
    ) -> tuple[DayArray, FloatArray, DayArray]:
        """The days to fit and their calls, and the days the centre was open.

        Declared special days and isolated unusual days are left out; the days
        before a lasting level shift are rescaled to the level after it.
        """
        open_days = days
        if special_days is not None:
            ordinary = ~np.isin(days, np.asarray(special_days).astype("datetime64[D]"))
            days, calls = days[ordinary], calls[ordinary]
        unusual = unusual_days(days, calls) if self.skip_unusual_days else None
        # Never so many left out that a week does not remain (a freak pattern of odd days).
        if unusual is not None and days.size - unusual.left_out.sum() >= 7:
            open_days = open_days[~np.isin(open_days, days[unusual.quiet])]
            days, calls = days[~unusual.left_out], calls[~unusual.left_out]
        if self.level_shifts:
            calls = rescale_level_shifts(days, calls)
        return days, calls, open_days

    def _replay(
        self, days: DayArray, calls: FloatArray, keys: tuple[ShapeKey, ...], open_days: DayArray
    ) -> tuple[dict[ShapeKey, FloatArray], FloatArray]:
        """One-day-ahead forecasts of the last days of the history, for each shape choice."""
        n_replay = max(self.calibration_days, self.selection_days if len(keys) > 1 else 0)
        start = max(days.size - n_replay, MIN_CALIBRATION_HISTORY)
        replayed: dict[ShapeKey, list[FloatArray]] = {key: [] for key in keys}
        for i in range(start, days.size):
            state = self._point_fit(days[:i], calls[:i], keys, open_days[open_days < days[i]])
            for key in keys:
                replayed[key].append(state.predict(key, days[i : i + 1], days[i])[0])
        width = calls.shape[1]
        out = {k: np.array(v).reshape(-1, width) for k, v in replayed.items()}
        return out, calls[start:]

    def _point_fit(
        self, days: DayArray, calls: FloatArray, keys: tuple[ShapeKey, ...], open_days: DayArray
    ) -> _PointFit:
        """Level, factors, shapes and day effects of ``days``; ``open_days`` had the centre open."""
        recent_days = open_days[open_days > open_days[-1] - np.timedelta64(28, "D")]
        worked = tuple(int(w) for w in np.unique(weekday(recent_days)))
        totals = calls.sum(axis=1)
        log_effects, carryover = np.zeros(5), NO_CARRYOVER
        settled = np.ones(days.size, dtype=bool)
        if self.day_effects:
            classes = day_classes(days=days, history_days=open_days, worked_weekdays=worked)
            carryover = estimate_carryover(days=days, totals=totals, worked_weekdays=worked)
            prior = after_closure_prior(
                days=days, after_closure=classes[:, AFTER_CLOSURE], carryover=carryover
            )
            log_effects = fit_day_effects(
                days=days,
                totals=totals,
                classes=classes,
                penalty=self.day_effect_penalty,
                prior=prior,
            )
            totals = totals / np.exp(classes @ log_effects + prior)
            settled = prior == 0  # a wrong prior must not move the level
        level, factor, long_level = _smooth_levels(
            totals[settled],
            weekday(days[settled]),
            alpha=self.level_smoothing,
            gamma=self.weekday_smoothing,
            clip=self.max_update_ratio,
            alpha_long=self.long_level_smoothing,
        )
        return _PointFit(
            level=level,
            factor=factor,
            shapes=self._shapes(days, calls, keys),
            long_level=long_level,
            persistence=self.level_persistence,
            next_day_weight=self.next_day_level_weight,
            days=open_days,
            worked_weekdays=worked,
            log_effects=log_effects,
            carryover=carryover,
        )

    def _shapes(
        self, days: DayArray, calls: FloatArray, keys: tuple[ShapeKey, ...]
    ) -> dict[ShapeKey, tuple[FloatArray, FloatArray]]:
        """Weekday and all-days shapes for each (rank, shrinkage) in ``keys``."""
        totals = calls.sum(axis=1, keepdims=True)
        share = np.divide(calls, totals, out=np.zeros_like(calls), where=totals > 0)
        recent = days > days[-1] - np.timedelta64(7 * self.shape_weeks, "D")
        age = (days[-1] - days[recent]).astype(np.int64) / 7.0
        weights, weekdays = self.shape_decay**age, weekday(days[recent])
        # New opening hours: the days before them are put on the new hours.
        hours = new_hours(calls[recent], weekdays)
        recent_share = adjust_to_new_hours(share[recent], weekdays, hours)
        means = {
            k: weekday_shapes(recent_share, weekdays, weights, k) for k in {k for _, k in keys}
        }
        # Each weekday weighs the same in the basis, however many of its days the
        # history holds, so a rare distinct day (a short Friday) keeps its shape.
        balance = 1.0 / np.sqrt(np.bincount(weekdays, minlength=7)[weekdays])
        basis = shape_basis(recent_share * balance[:, None], max(rank for rank, _ in keys))
        kernel = gaussian_kernel(self.shape_bandwidth_minutes * calls.shape[1] / 1440.0)
        return {(rank, k): denoise_shapes(means[k], basis, rank, kernel) for rank, k in keys}

    def predict(
        self,
        *,
        days: DayArray,
        origin: np.datetime64 | DayArray | None = None,
        closed_days: DayArray | None = None,
    ) -> FloatArray:
        """Mean calls per interval for ``days`` (after the history), shape (n, intervals).

        ``origin`` is the first day whose rows are unknown (the forecast origin,
        default the day after the history): worked weekdays between the history
        and the origin had no rows, so they were closed, and the day after them
        gets the "after a closure" effect. Later days are assumed open, but for
        ``closed_days`` (declared holidays ahead), which close the same way.
        """
        state = _PointFit(
            level=self.level_,
            factor=self.weekday_factor_,
            shapes={self._key: (self.shape_, self.overall_shape_)},
            long_level=self.long_level_,
            persistence=self.level_persistence,
            next_day_weight=self.next_day_level_weight,
            days=self._history_days,
            worked_weekdays=self.worked_weekdays_,
            log_effects=np.log(self.day_effect_),
            carryover=self.carryover_,
        )
        known = self.last_day_ + np.timedelta64(1, "D") if origin is None else np.asarray(origin)
        target = np.asarray(days).astype("datetime64[D]")
        return state.predict(self._key, target, known, closed_days)

    def predict_interval(
        self,
        *,
        days: DayArray,
        day_factors: FloatArray | None = None,
        origin: np.datetime64 | DayArray | None = None,
        closed_days: DayArray | None = None,
    ) -> IntervalForecast:
        """Mean and 80 %/95 % bands for ``days``.

        Parameters
        ----------
        days : ndarray of datetime64[D]
            Days to forecast, after the last day of the history.
        day_factors : ndarray, shape (n_days,), optional
            Multiplier per day for known events: 0 closed, 0.5 a half day,
            1.3 a campaign expected to bring 30 % more calls. The day after a
            closed one gets the "after a closure" effect.
        origin : numpy.datetime64, optional
            First day whose rows are unknown; see ``predict``.
        closed_days : ndarray of datetime64[D], optional
            Days declared closed between the origin and ``days`` (those with
            factor 0 among ``days`` are added); see ``predict``.
        """
        target = np.asarray(days).astype("datetime64[D]")
        if np.any(target <= self.last_day_):
            raise ValueError(f"days must come after the history's last day {self.last_day_}")
        factors = np.ones(target.size) if day_factors is None else np.asarray(day_factors, float)
        if factors.shape != target.shape or np.any(~(factors >= 0)):
            raise ValueError("day_factors must hold one number >= 0 per day")
        closed = target[factors == 0]
        if closed_days is not None:
            closed = np.union1d(closed, np.asarray(closed_days).astype("datetime64[D]"))
        mean = self.predict(days=target, origin=origin, closed_days=closed)
        mean = mean * factors[:, None]
        ahead = (target - self.last_day_).astype(np.int64)
        a, b = self.residual_scale_
        growth = 1.0 + self.level_variance_growth * (ahead - 1)
        sd = np.sqrt(a * mean + b * growth[:, None] * mean**2)
        q = self.residual_quantiles_
        lo95, lo80, hi80, hi95 = (np.maximum(mean + qi * sd, 0.0) for qi in q)
        return IntervalForecast(target, mean, lo80, hi80, lo95, hi95)

    def get_params(self) -> dict[str, Any]:
        """The constructor parameters, as scikit-learn's ``get_params`` gives them."""
        return {
            "level_smoothing": self.level_smoothing,
            "weekday_smoothing": self.weekday_smoothing,
            "max_update_ratio": self.max_update_ratio,
            "shape_decay": self.shape_decay,
            "shape_weeks": self.shape_weeks,
            "shape_shrinkage": self.shape_shrinkage,
            "shape_rank": self.shape_rank,
            "selection_days": self.selection_days,
            "calibration_days": self.calibration_days,
            "level_variance_growth": self.level_variance_growth,
            "long_level_smoothing": self.long_level_smoothing,
            "level_persistence": self.level_persistence,
            "next_day_level_weight": self.next_day_level_weight,
            "day_effects": self.day_effects,
            "day_effect_penalty": self.day_effect_penalty,
            "shape_bandwidth_minutes": self.shape_bandwidth_minutes,
            "skip_unusual_days": self.skip_unusual_days,
            "level_shifts": self.level_shifts,
        }

    def _check_params(self) -> None:
        checks = {
            "level_smoothing": 0 < self.level_smoothing <= 1,
            "weekday_smoothing": 0 <= self.weekday_smoothing <= 1,
            "max_update_ratio": self.max_update_ratio > 1,
            "shape_decay": 0 < self.shape_decay <= 1,
            "shape_weeks": int(self.shape_weeks) >= 1,
            "shape_shrinkage": self.shape_shrinkage is None or self.shape_shrinkage >= 0,
            "shape_rank": self.shape_rank is None or int(self.shape_rank) >= 0,
            "selection_days": int(self.selection_days) >= 1,
            "calibration_days": int(self.calibration_days) >= 0,
            "level_variance_growth": self.level_variance_growth >= 0,
            "long_level_smoothing": 0 < self.long_level_smoothing <= 1,
            "level_persistence": 0 <= self.level_persistence <= 1,
            "next_day_level_weight": 0 <= self.next_day_level_weight <= 1,
            "day_effect_penalty": self.day_effect_penalty > 0,
            "shape_bandwidth_minutes": self.shape_bandwidth_minutes >= 0,
        }
        for name, ok in checks.items():
            if not ok:
                raise ValueError(f"{name} is out of range, got {getattr(self, name)!r}")


def _smooth_levels(
    totals: FloatArray,
    weekdays: npt.NDArray[np.int64],
    *,
    alpha: float,
    gamma: float,
    clip: float,
    alpha_long: float,
) -> tuple[float, FloatArray, float]:
    """Multiplicative Holt–Winters on daily totals with a weekday season; absent days skipped.

    Returns the level, the weekday factors and a slower level (smoothing
    ``alpha_long``) that forecasts beyond the next days revert to.
    """
    head = slice(0, min(totals.size, 14))
    level = max(float(totals[head].mean()), 1e-9)
    long_level = level
    factor = np.full(7, np.nan)
    seen = np.zeros(7)
    for w in np.unique(weekdays[head]):
        factor[w] = totals[head][weekdays[head] == w].mean() / level
        seen[w] = (weekdays[head] == w).sum()
    for total, w in zip(totals, weekdays, strict=True):
        if np.isnan(factor[w]):
            factor[w] = total / level  # first time this weekday is seen
            seen[w] = 1
            continue
        ratio = min(max(total / max(level * factor[w], 1e-9), 1.0 / clip), clip)
        long_ratio = min(max(total / max(long_level * factor[w], 1e-9), 1.0 / clip), clip)
        level *= 1.0 + alpha * (ratio - 1.0)
        long_level *= 1.0 + alpha_long * (long_ratio - 1.0)
        seen[w] += 1
        # A weekday seen few times learns as a running mean (weight 1/n), then smoothly.
        factor[w] *= 1.0 + max(gamma, 1.0 / seen[w]) * (ratio - 1.0)
    return level, factor, long_level


@dataclass(frozen=True, slots=True)
class _PointFit:
    """Level, weekday factors, day effects and, per rank, weekday and all-days shapes."""

    level: float
    factor: FloatArray
    shapes: dict[ShapeKey, tuple[FloatArray, FloatArray]]
    long_level: float
    persistence: float
    next_day_weight: float
    days: DayArray
    worked_weekdays: tuple[int, ...]
    log_effects: FloatArray
    carryover: Carryover

    def predict(
        self,
        key: ShapeKey,
        days: DayArray,
        known_until: np.datetime64 | DayArray,
        closed_days: DayArray | None = None,
    ) -> FloatArray:
        w = weekday(days)
        # The level's latest deviation from the slow level is partly noise (a
        # share ``next_day_weight`` of it is kept the next day) and fades with the horizon.
        ahead = (days - self.days[-1]).astype(np.int64)
        kept = self.next_day_weight * self.persistence ** (ahead - 1.0)
        level = self.long_level + (self.level - self.long_level) * kept
        shape, overall = self.shapes[key]
        # A weekday never seen (a centre opening on Saturdays) gets a typical day.
        factor = np.nan_to_num(self.factor[w], nan=1.0)
        if (np.any(self.log_effects != 0) or self.carryover.rate > 0) and days.size:
            # Worked weekdays between the history and ``known_until`` had no rows: closed.
            classes = day_classes(
                days=days,
                history_days=self.days,
                worked_weekdays=self.worked_weekdays,
                known_until=known_until,
                closed_days=closed_days,
            )
            prior = after_closure_prior(
                days=days, after_closure=classes[:, AFTER_CLOSURE], carryover=self.carryover
            )
            factor = factor * np.exp(classes @ self.log_effects + prior)
        day_shape = np.where(np.isnan(shape[w]), overall, shape[w])
        return np.asarray((level * factor)[:, None] * day_shape, dtype=float)


def _best_shape(
    replayed: dict[ShapeKey, FloatArray], actual: FloatArray, selection_days: int
) -> ShapeKey:
    """The shape choice whose replayed forecasts had the smallest squared error lately.

    ``selection_days`` last replayed days are compared; none (≤ 0): the default.
    """
    keys = sorted(replayed)
    if len(keys) == 1:
        return keys[0]
    if selection_days <= 0 or actual.shape[0] == 0:
        return DEFAULT_SHAPE
    rows = slice(-selection_days, None)
    errors = [float(((replayed[k][rows] - actual[rows]) ** 2).sum()) for k in keys]
    return keys[int(np.argmin(errors))]


def _daily_variance(fitted: FloatArray, actual: FloatArray) -> float:
    """Mean squared relative error of the daily totals, less their Poisson part."""
    forecast, came = fitted.sum(axis=1), actual.sum(axis=1)
    seen = forecast > 0
    if not np.any(seen):
        return 0.01
    excess = (came[seen] - forecast[seen]) ** 2 - forecast[seen]
    return max(float(np.mean(excess / forecast[seen] ** 2)), 0.0)


def _residual_model(
    fitted: FloatArray, actual: FloatArray
) -> tuple[tuple[float, float], FloatArray]:
    """Fit residual variance ``a·ŷ + b·ŷ²`` and the standardised residual quantiles."""
    mask = fitted > 0
    y_hat, resid = fitted[mask], (actual - fitted)[mask]
    # Least squares of r² on [ŷ, ŷ²] by its 2 × 2 normal equations.
    s2, s3, s4 = (float((y_hat**k).sum()) for k in (2, 3, 4))
    t1, t2 = float((y_hat * resid**2).sum()), float((y_hat**2 * resid**2).sum())
    det = s2 * s4 - s3 * s3
    a, b = ((s4 * t1 - s3 * t2) / det, (s2 * t2 - s3 * t1) / det) if det > 0 else (t1 / s2, 0.0)
    if b < 0:  # no level error visible: noise only
        a, b = t1 / s2, 0.0
    elif a < 0:  # no count noise visible: level error only
        a, b = 0.0, t2 / s4
    a = max(a, 0.5)  # at least half the Poisson variance, so quiet intervals get a band
    z = resid / np.sqrt(a * y_hat + b * y_hat**2)
    return (a, b), np.quantile(z, _Z_LEVELS)
