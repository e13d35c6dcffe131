"""Shift templates, the break rule and the requirement grid, expanded into candidate shifts.

A *template* says when a shift may start (earliest, latest, step, as local wall-clock minutes),
how long it lasts and how long its unpaid lunch is. Expanding the templates over the days of a
requirement gives the *candidates*: one per template × start × day, indexed on the requirement's
interval grid. The optimiser (:mod:`kezek.engine.scheduling.roster`) chooses how many agents work
each candidate.

Time model
----------
Everything inside the engine is counted in *elapsed* minutes and intervals from the first
interval of the requirement, so a 23- or 25-hour DST day is simply a day with 92 or 100
15-minute intervals. Templates are stated in local wall-clock time; each interval carries its
local date and wall-clock minute (``wall_days``, ``wall_minutes``) so that a template start is
found on the grid: on the spring-forward day a start inside the skipped hour moves to the first
interval after it; on the fall-back day a start inside the repeated hour takes its first
occurrence. Shift lengths are elapsed minutes, so an 8-hour shift is paid 8 hours on any day.

References
----------
.. [1] Dantzig, G. B. (1954). A comment on Edie's "Traffic delays at toll booths".
   Journal of the Operations Research Society of America 2(3), 339-341 (set-covering shifts).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = [
    "BreakRule",
    "Candidates",
    "RequirementGrid",
    "ShiftTemplate",
    "break_segments_per_shift",
    "expand_candidates",
    "parse_hhmm",
    "uncovered_required_intervals",
]

_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
MINUTES_PER_DAY = 1440


def parse_hhmm(text: str, *, field: str) -> int:
    """Parse a local wall-clock time ``HH:MM`` into minutes after midnight.

    Raises
    ------
    ValueError
        Naming ``field`` when the text is not a time between 00:00 and 23:59.
    """
    match = _HHMM.match(text.strip())
    if match is None:
        raise ValueError(f"{field} must be a time HH:MM between 00:00 and 23:59, got {text!r}")
    return int(match.group(1)) * 60 + int(match.group(2))


@dataclass(frozen=True, slots=True)
class BreakRule:
    """How much break an agent-shift gets and where it may fall.

    Attributes
    ----------
    break_minutes_per_hour : int
        Break minutes per full hour worked (paid time, lunch excluded). 0 disables breaks.
    segment_minutes : int
        Breaks are placed in whole segments of this length (the minimum segment); adjacent
        segments of one agent merge into a longer break.
    no_break_first_minutes, no_break_last_minutes : int
        No break in the first and the last minutes of a shift.
    """

    break_minutes_per_hour: int = 5
    segment_minutes: int = 5
    no_break_first_minutes: int = 60
    no_break_last_minutes: int = 60

    def __post_init__(self) -> None:
        if not 0 <= self.break_minutes_per_hour < 60:
            raise ValueError(
                f"break_minutes_per_hour must be between 0 and 59, got {self.break_minutes_per_hour}"
            )
        if self.segment_minutes <= 0:
            raise ValueError(f"segment_minutes must be positive, got {self.segment_minutes}")
        for name in ("no_break_first_minutes", "no_break_last_minutes"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative, got {getattr(self, name)}")


@dataclass(frozen=True, slots=True)
class ShiftTemplate:
    """When a shift may start and how long it lasts; all times in minutes.

    Attributes
    ----------
    name : str
    earliest_start_minute, latest_start_minute : int
        Local wall-clock start window, minutes after midnight. A latest start before the
        earliest start wraps past midnight (22:00 to 02:00).
    start_step_minutes : int
        Starts are earliest, earliest + step, ... up to latest.
    length_minutes : int
        Elapsed length of the shift, lunch included.
    lunch_minutes : int
        Unpaid lunch inside the shift; paid time is ``length_minutes - lunch_minutes``.
    lunch_earliest_offset_minutes, lunch_latest_offset_minutes : int or None
        Window for the lunch *start*, in minutes after the shift start. ``None`` uses the
        default: one hour either side of the start that centres the lunch in the shift,
        kept out of the first and last hour.
    weekdays : frozenset of int or None
        Local weekdays (Monday = 0) on which the shift may start; ``None`` means every day.
    """

    name: str
    earliest_start_minute: int
    latest_start_minute: int
    start_step_minutes: int
    length_minutes: int
    lunch_minutes: int = 0
    lunch_earliest_offset_minutes: int | None = None
    lunch_latest_offset_minutes: int | None = None
    weekdays: frozenset[int] | None = None

    def __post_init__(self) -> None:
        where = f"shift template {self.name!r}"
        if self.weekdays is not None and not self.weekdays <= frozenset(range(7)):
            raise ValueError(
                f"{where}: weekdays must be 0 (Monday) to 6, got {sorted(self.weekdays)}"
            )
        for name in ("earliest_start_minute", "latest_start_minute"):
            if not 0 <= getattr(self, name) < MINUTES_PER_DAY:
                raise ValueError(f"{where}: {name} must be in 0..1439, got {getattr(self, name)}")
        if self.start_step_minutes <= 0:
            raise ValueError(
                f"{where}: start_step_minutes must be positive, got {self.start_step_minutes}"
            )
        if not 0 < self.length_minutes <= MINUTES_PER_DAY:
            raise ValueError(
                f"{where}: length_minutes must be in 1..1440, got {self.length_minutes}"
            )
        if not 0 <= self.lunch_minutes < self.length_minutes:
            raise ValueError(
                f"{where}: lunch_minutes must be at least 0 and shorter than the shift, "
                f"got {self.lunch_minutes}"
            )
        if self.lunch_minutes:
            first, last = self.lunch_window()
            if first > last:
                raise ValueError(
                    f"{where}: the lunch window is empty (lunch must start between "
                    f"{first} and {last} minutes after the shift start)"
                )

    @property
    def paid_minutes(self) -> int:
        """Paid minutes of one agent-shift: the length less the unpaid lunch."""
        return self.length_minutes - self.lunch_minutes

    def lunch_window(self) -> tuple[int, int]:
        """First and last allowed lunch start, minutes after the shift start."""
        centred = (self.length_minutes - self.lunch_minutes) // 2
        first = self.lunch_earliest_offset_minutes
        last = self.lunch_latest_offset_minutes
        if first is None:
            first = max(60, centred - 60)
        if last is None:
            last = min(self.length_minutes - 60 - self.lunch_minutes, centred + 60)
        return first, min(last, self.length_minutes - self.lunch_minutes)

    def start_minutes(self) -> list[int]:
        """Wall-clock starts after midnight of the shift's day (past 1440 after a wrap)."""
        latest = self.latest_start_minute
        if latest < self.earliest_start_minute:
            latest += MINUTES_PER_DAY
        return list(range(self.earliest_start_minute, latest + 1, self.start_step_minutes))


def break_segments_per_shift(*, template: ShiftTemplate, rule: BreakRule) -> int:
    """Number of break segments one agent-shift of ``template`` must take.

    ``break_minutes_per_hour`` for every full hour of paid time, rounded down to whole
    segments: 7.5 paid hours at 5 min/h give 35 minutes, 7 segments of 5 minutes.
    """
    minutes = (template.paid_minutes // 60) * rule.break_minutes_per_hour
    return minutes // rule.segment_minutes


@dataclass(frozen=True, slots=True)
class RequirementGrid:
    """Agents required per interval on a regular grid of elapsed time.

    Attributes
    ----------
    interval_minutes : int
    required_agents : ndarray of int, shape (n_intervals,)
    wall_days : ndarray of int
        Local calendar day of each interval start (proleptic ordinal, ``date.toordinal``).
    wall_minutes : ndarray of int
        Local wall-clock minute after midnight of each interval start.
    """

    interval_minutes: int
    required_agents: npt.NDArray[np.int64]
    wall_days: npt.NDArray[np.int64]
    wall_minutes: npt.NDArray[np.int64]

    def __post_init__(self) -> None:
        if self.interval_minutes <= 0 or MINUTES_PER_DAY % self.interval_minutes:
            raise ValueError(
                f"interval_minutes must divide a day (5, 15, 30 ...), got {self.interval_minutes}"
            )
        n = self.required_agents.shape[0]
        if n == 0:
            raise ValueError("required_agents must not be empty")
        if self.wall_days.shape != (n,) or self.wall_minutes.shape != (n,):
            raise ValueError("wall_days and wall_minutes must have one entry per interval")
        bad = np.flatnonzero(self.required_agents < 0)
        if bad.size:
            raise ValueError(
                f"required_agents must not be negative, got {self.required_agents[bad[0]]} "
                f"at interval {bad[0]}"
            )

    @property
    def n_intervals(self) -> int:
        return int(self.required_agents.shape[0])


@dataclass(frozen=True, slots=True)
class Candidates:
    """Every shift that may be worked: template × start interval.

    Attributes
    ----------
    templates : tuple of ShiftTemplate
    template_index : ndarray of int
        Template of each candidate.
    start_interval : ndarray of int
        First interval of each candidate, counted on the requirement grid.
    """

    templates: tuple[ShiftTemplate, ...]
    template_index: npt.NDArray[np.int64]
    start_interval: npt.NDArray[np.int64]

    @property
    def n_candidates(self) -> int:
        return int(self.start_interval.shape[0])


def _check_alignment(templates: tuple[ShiftTemplate, ...], interval_minutes: int) -> None:
    for t in templates:
        checks = {
            "earliest_start": t.earliest_start_minute,
            "latest_start": t.latest_start_minute,
            "start_step_minutes": t.start_step_minutes,
            "length_minutes": t.length_minutes,
            "lunch_minutes": t.lunch_minutes,
        }
        for field, minutes in checks.items():
            if minutes % interval_minutes:
                raise ValueError(
                    f"shift template {t.name!r}: {field} ({minutes} min) is not on the "
                    f"{interval_minutes}-minute grid of the requirement"
                )


def expand_candidates(*, templates: tuple[ShiftTemplate, ...], grid: RequirementGrid) -> Candidates:
    """Place every template start on every day of the requirement onto the interval grid.

    Starts before the first interval or after the last are dropped; two wall-clock starts
    that land on the same interval (inside a skipped DST hour) count once.

    Raises
    ------
    ValueError
        When a template time or length is not a multiple of the grid's interval.
    """
    if not templates:
        raise ValueError("templates must not be empty")
    _check_alignment(templates, grid.interval_minutes)
    keys = grid.wall_days * MINUTES_PER_DAY + grid.wall_minutes
    # Running maximum: on the fall-back day wall time repeats; searching the running maximum
    # finds the first occurrence, and a start in the spring-forward gap finds the interval after.
    running = np.maximum.accumulate(keys)
    days = np.unique(grid.wall_days)
    found: set[tuple[int, int]] = set()
    for ti, template in enumerate(templates):
        starts = np.asarray(template.start_minutes(), dtype=np.int64)
        allowed = days if template.weekdays is None else days[_on_weekdays(days, template.weekdays)]
        targets = (allowed[:, None] * MINUTES_PER_DAY + starts[None, :]).ravel()
        targets = targets[(targets >= keys[0]) & (targets <= running[-1])]
        for index in np.searchsorted(running, targets, side="left"):
            found.add((ti, int(index)))
    ordered = sorted(found, key=lambda pair: (pair[1], pair[0]))
    return Candidates(
        templates=templates,
        template_index=np.array([p[0] for p in ordered], dtype=np.int64),
        start_interval=np.array([p[1] for p in ordered], dtype=np.int64),
    )


def _on_weekdays(
    day_ordinals: npt.NDArray[np.int64], weekdays: frozenset[int]
) -> npt.NDArray[np.bool_]:
    """Which proleptic-ordinal days fall on ``weekdays`` (ordinal 1, 1 January of year 1, is a Monday)."""
    return np.isin((day_ordinals - 1) % 7, sorted(weekdays))


def uncovered_required_intervals(
    *, candidates: Candidates, grid: RequirementGrid
) -> npt.NDArray[np.int64]:
    """Indices of intervals that need agents but that no candidate shift covers."""
    diff = np.zeros(grid.n_intervals + 1, dtype=np.int64)
    lengths = np.array(
        [
            candidates.templates[t].length_minutes // grid.interval_minutes
            for t in candidates.template_index
        ],
        dtype=np.int64,
    )
    ends = np.minimum(candidates.start_interval + lengths, grid.n_intervals)
    np.add.at(diff, candidates.start_interval, 1)
    np.add.at(diff, ends, -1)
    covered = np.cumsum(diff[:-1])
    return np.flatnonzero((covered == 0) & (grid.required_agents > 0)).astype(np.int64)
