"""The mixed-integer programme of :mod:`.roster`, built as sparse matrices.

Column order: ``x`` (agents per candidate), ``z`` (agents per candidate and lunch start),
``y`` (break segments per candidate and interval), ``s`` (short agents per interval).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from scipy.sparse import coo_array, csr_array

from .shifts import BreakRule, Candidates, RequirementGrid, break_segments_per_shift

__all__ = [
    "BreakToken",
    "MilpModel",
    "TemplateLayout",
    "build_model",
    "shortfall_penalty_minutes",
    "template_layouts",
]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class BreakToken:
    """The break-token limit: a fixed number, or a share of the agents on shift.

    With a share, ``ceil(share × on shift)`` agents may be on break at once (10 % lets 1 of
    1-10 agents, 2 of 11-20 go). Both ``None``: no limit. ``lunch_counts`` says whether an
    agent at lunch holds a token; by default not, because the token governs the short breaks
    taken from the floor while lunches are planned (and 30 minutes of lunch plus 40 of breaks
    in an 8.5-hour shift is 14 % of it: a 10 % token could never be met if lunch counted).
    """

    max_on_break: int | None = None
    max_on_break_share: float | None = None
    lunch_counts: bool = False

    def __post_init__(self) -> None:
        if self.max_on_break is not None and self.max_on_break_share is not None:
            raise ValueError("give max_on_break or max_on_break_share, not both")
        if self.max_on_break is not None and self.max_on_break < 1:
            raise ValueError(f"max_on_break must be at least 1, got {self.max_on_break}")
        share = self.max_on_break_share
        if share is not None and not 0 < share <= 1:
            raise ValueError(f"max_on_break_share must be in (0, 1], got {share}")

    def limit(self, on_shift: IntArray) -> IntArray:
        """Agents allowed off the floor at once, given agents on shift."""
        if self.max_on_break is not None:
            return np.full_like(on_shift, self.max_on_break)
        if self.max_on_break_share is not None:
            limit: IntArray = np.ceil(self.max_on_break_share * on_shift - 1e-9).astype(np.int64)
            return limit
        return on_shift.copy()


@dataclass(frozen=True, slots=True)
class TemplateLayout:
    """A template on the grid, in intervals: length, break window, lunch options."""

    length: int
    paid_minutes: int
    break_segments: int
    window: tuple[int, int]
    lunch_length: int
    lunch_offsets: tuple[int, ...]


def template_layouts(
    *, candidates: Candidates, grid: RequirementGrid, rule: BreakRule
) -> tuple[TemplateLayout, ...]:
    """Lay every template out on the grid, checking that its breaks and lunch fit."""
    minutes = grid.interval_minutes
    if rule.break_minutes_per_hour and minutes % rule.segment_minutes:
        raise ValueError(
            f"the {minutes}-minute interval is not a whole number of "
            f"{rule.segment_minutes}-minute break segments"
        )
    spi = max(1, minutes // rule.segment_minutes)
    lunch_step = 15 // minutes if 15 % minutes == 0 else 1
    layouts = []
    for t in candidates.templates:
        k = break_segments_per_shift(template=t, rule=rule) if rule.break_minutes_per_hour else 0
        w0 = -(-rule.no_break_first_minutes // minutes)
        w1 = (t.length_minutes - rule.no_break_last_minutes) // minutes
        lunch = t.lunch_minutes // minutes
        offsets: tuple[int, ...] = ()
        if lunch:
            first, last = t.lunch_window()
            offsets = tuple(range(-(-first // minutes), last // minutes + 1, lunch_step))
            if not offsets:
                raise ValueError(f"shift template {t.name!r}: no lunch start on the grid")
        if k > spi * (w1 - w0 - lunch):
            raise ValueError(
                f"shift template {t.name!r}: {k * rule.segment_minutes} minutes of breaks do "
                f"not fit between its first and last {rule.no_break_first_minutes} minutes"
            )
        layouts.append(
            TemplateLayout(t.length_minutes // minutes, t.paid_minutes, k, (w0, w1), lunch, offsets)
        )
    return tuple(layouts)


@dataclass(slots=True)
class MilpModel:
    n_x: int
    z_j: IntArray
    z_o: IntArray
    y_j: IntArray
    y_w: IntArray
    n_s: int
    cost: FloatArray
    integrality: npt.NDArray[np.int8]
    upper: FloatArray
    matrix: csr_array
    row_lower: FloatArray
    row_upper: FloatArray
    lower: FloatArray | None = None  # column lower bounds; None: all zero


@dataclass(slots=True)
class _Rows:
    """Sparse rows collected as triplets, with their bounds."""

    n_rows: int = 0
    rows: list[IntArray] = field(default_factory=list)
    cols: list[IntArray] = field(default_factory=list)
    vals: list[FloatArray] = field(default_factory=list)
    lower: list[FloatArray] = field(default_factory=list)
    upper: list[FloatArray] = field(default_factory=list)

    def block(self, lower: FloatArray, upper: FloatArray) -> int:
        """Open ``len(lower)`` new rows; returns the index of the first."""
        first = self.n_rows
        self.n_rows += lower.shape[0]
        self.lower.append(np.asarray(lower, dtype=np.float64))
        self.upper.append(np.asarray(upper, dtype=np.float64))
        return first

    def add(self, rows: IntArray, cols: IntArray, vals: FloatArray | float) -> None:
        self.rows.append(np.asarray(rows, dtype=np.int64))
        self.cols.append(np.asarray(cols, dtype=np.int64))
        self.vals.append(np.broadcast_to(np.asarray(vals, dtype=np.float64), np.shape(rows)))


def _spans(starts: IntArray, lengths: IntArray) -> tuple[IntArray, IntArray]:
    """Owner index and interval of every interval inside ``[start, start + length)`` spans."""
    owner = np.repeat(np.arange(starts.shape[0]), lengths)
    within = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return owner, np.repeat(starts, lengths) + within


@dataclass(frozen=True, slots=True)
class _Columns:
    start: IntArray
    length: IntArray
    z_j: IntArray
    z_o: IntArray
    z_len: IntArray
    y_j: IntArray
    y_w: IntArray


def _columns(candidates: Candidates, layouts: tuple[TemplateLayout, ...]) -> _Columns:
    tpl = candidates.template_index
    z_pairs = [(j, o) for j, t in enumerate(tpl) for o in layouts[t].lunch_offsets]
    y_pairs = [
        (j, w)
        for j, t in enumerate(tpl)
        if layouts[t].break_segments
        for w in range(*layouts[t].window)
    ]
    z = np.array(z_pairs, dtype=np.int64).reshape(-1, 2)
    y = np.array(y_pairs, dtype=np.int64).reshape(-1, 2)
    lunch_len = np.array([layouts[t].lunch_length for t in tpl], dtype=np.int64)
    return _Columns(
        start=candidates.start_interval,
        length=np.array([layouts[t].length for t in tpl], dtype=np.int64),
        z_j=z[:, 0],
        z_o=z[:, 1],
        z_len=lunch_len[z[:, 0]],
        y_j=y[:, 0],
        y_w=y[:, 1],
    )


def _floor_terms(
    cols: _Columns,
    n: int,
    spi: int,
    rows: _Rows,
    first_row: int,
    x_val: float,
    z_val: float,
    y_val: float,
) -> None:
    """Add ``x_val·on shift + z_val·at lunch + y_val·breaks`` of every interval to its row."""
    n_x, n_z = cols.start.shape[0], cols.z_j.shape[0]
    if x_val:
        owner, interval = _spans(cols.start, cols.length)
        keep = interval < n
        rows.add(first_row + interval[keep], owner[keep], x_val)
    if z_val and n_z:
        owner, interval = _spans(cols.start[cols.z_j] + cols.z_o, cols.z_len)
        keep = interval < n
        rows.add(first_row + interval[keep], n_x + owner[keep], z_val)
    if y_val and cols.y_j.shape[0]:
        interval = cols.start[cols.y_j] + cols.y_w
        keep = interval < n
        rows.add(first_row + interval[keep], n_x + n_z + np.flatnonzero(keep), y_val)


def _agent_rows(cols: _Columns, layouts_k: IntArray, spi: int, rows: _Rows) -> None:
    """Every agent takes one lunch and its k segments, at most spi a interval, none at lunch."""
    n_x, n_z, n_y = cols.start.shape[0], cols.z_j.shape[0], cols.y_j.shape[0]
    lunch_js = np.unique(cols.z_j)
    first = rows.block(np.zeros(lunch_js.size), np.zeros(lunch_js.size))
    row_of = np.full(n_x, -1, dtype=np.int64)
    row_of[lunch_js] = first + np.arange(lunch_js.size)
    rows.add(row_of[cols.z_j], n_x + np.arange(n_z), 1.0)
    rows.add(row_of[lunch_js], lunch_js, -1.0)
    break_js = np.unique(cols.y_j)
    first = rows.block(np.zeros(break_js.size), np.zeros(break_js.size))
    row_of[break_js] = first + np.arange(break_js.size)
    rows.add(row_of[cols.y_j], n_x + n_z + np.arange(n_y), 1.0)
    rows.add(row_of[break_js], break_js, -layouts_k[break_js].astype(np.float64))
    if n_y == 0:
        return
    first = rows.block(np.full(n_y, -np.inf), np.zeros(n_y))
    rows.add(first + np.arange(n_y), n_x + n_z + np.arange(n_y), 1.0)
    rows.add(first + np.arange(n_y), cols.y_j, -float(spi))
    # A lunch of candidate j at offset o covers y[j, w] for o <= w < o + length.
    y_first = np.searchsorted(cols.y_j, np.arange(n_x))
    y_w0 = np.where(y_first < n_y, cols.y_w[np.minimum(y_first, n_y - 1)], 0)
    owner, w = _spans(cols.z_o, cols.z_len)
    j = cols.z_j[owner]
    y_index = y_first[j] + w - y_w0[j]
    ok = (y_index < n_y) & (y_index >= 0)
    ok[ok] &= (cols.y_j[y_index[ok]] == j[ok]) & (cols.y_w[y_index[ok]] == w[ok])
    rows.add(first + y_index[ok], n_x + owner[ok], float(spi))


def shortfall_penalty_minutes(paid_minutes: FloatArray) -> float:
    """Penalty per short agent-interval: dearer than any shift, a multiple of their gcd."""
    step = float(np.gcd.reduce(paid_minutes.astype(np.int64))) or 1.0
    return step * float(np.ceil((2.0 * float(paid_minutes.max()) + 1.0) / step))


def build_model(
    *,
    candidates: Candidates,
    grid: RequirementGrid,
    layouts: tuple[TemplateLayout, ...],
    rule: BreakRule,
    token: BreakToken,
    max_overstaffed_agents: int | None,
) -> MilpModel:
    """The programme described in :mod:`.roster` as ``min c·v, lower <= A v <= upper``."""
    n, req = grid.n_intervals, grid.required_agents.astype(np.float64)
    spi = max(1, grid.interval_minutes // rule.segment_minutes)
    cols = _columns(candidates, layouts)
    n_x, n_z, n_y = cols.start.shape[0], cols.z_j.shape[0], cols.y_j.shape[0]
    s0 = n_x + n_z + n_y
    rows = _Rows()
    first = rows.block(spi * req, np.full(n, np.inf))
    _floor_terms(cols, n, spi, rows, first, spi, -spi, -1.0)
    rows.add(first + np.arange(n), s0 + np.arange(n), float(spi))
    lunch = float(spi) if token.lunch_counts else 0.0
    share = token.max_on_break_share
    if token.max_on_break is not None:
        first = rows.block(
            np.full(n, -np.inf), np.full(n, spi * token.max_on_break, dtype=np.float64)
        )
        _floor_terms(cols, n, spi, rows, first, 0.0, lunch, 1.0)
    elif share is not None:
        # Integer tokens m[i] = ceil(share × on shift): m - share·on shift <= 1 - 1e-6.
        m0 = s0 + n
        first = rows.block(np.full(n, -np.inf), np.zeros(n))
        _floor_terms(cols, n, spi, rows, first, 0.0, lunch, 1.0)
        rows.add(first + np.arange(n), m0 + np.arange(n), -float(spi))
        first = rows.block(np.full(n, -np.inf), np.full(n, 1.0 - 1e-6))
        _floor_terms(cols, n, spi, rows, first, -share, 0.0, 0.0)
        rows.add(first + np.arange(n), m0 + np.arange(n), 1.0)
    if max_overstaffed_agents is not None:
        first = rows.block(np.full(n, -np.inf), spi * (req + max_overstaffed_agents))
        _floor_terms(cols, n, spi, rows, first, spi, -spi, -1.0)
    k = np.array([layouts[t].break_segments for t in candidates.template_index], dtype=np.int64)
    _agent_rows(cols, k, spi, rows)
    paid = np.array([layouts[t].paid_minutes for t in candidates.template_index], dtype=np.float64)
    n_m = n if token.max_on_break is None and share is not None else 0
    penalty = shortfall_penalty_minutes(paid)
    cost = np.concatenate([paid, np.zeros(n_z + n_y), np.full(n, penalty), np.zeros(n_m)])
    cap = 3.0 * float(req.max(initial=0.0)) + 10.0
    upper = np.concatenate(
        [np.full(n_x + n_z, cap), np.full(n_y, spi * cap), req, np.full(n_m, cap)]
    )
    integrality = np.concatenate([np.ones(n_x + n_z), np.zeros(n_y), np.ones(n + n_m)]).astype(
        np.int8
    )
    matrix = coo_array(
        (np.concatenate(rows.vals), (np.concatenate(rows.rows), np.concatenate(rows.cols))),
        shape=(rows.n_rows, s0 + n + n_m),
    ).tocsr()
    return MilpModel(
        n_x=n_x,
        z_j=cols.z_j,
        z_o=cols.z_o,
        y_j=cols.y_j,
        y_w=cols.y_w,
        n_s=n,
        cost=cost,
        integrality=integrality,
        upper=upper,
        matrix=csr_array(matrix),
        row_lower=np.concatenate(rows.lower),
        row_upper=np.concatenate(rows.upper),
    )
