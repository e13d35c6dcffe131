"""Named agents on shifts, one ISO week at a time, with CP-SAT.

The anonymous plan (``make_schedule``) says how many agents should be on shift in each
interval (breaks and lunches included); the week's model chooses, for every agent, which
candidate shift (any template and start, or none) they work each day, so that agents on
shift meet that target at least paid time, under every hard rule.

Variables: ``x[a, j]`` (agent ``a`` works candidate ``j``) for the pairs no static rule
forbids and whose start keeps the rest after the agent's last shift of earlier weeks;
``y[j] = sum_a x[a, j]``; ``s[i]`` agents short of the target in interval ``i``;
``under[a]`` minutes below the weekly minimum.

Constraints, per agent: at most one shift a day; the rest between the shifts of two days
(one big-M row per pair of days); at most ``max_consecutive_days`` worked days in every
window of that many plus one days (earlier weeks' days as constants); some run of
``weekly_rest_days`` free days in the week; weekly paid minutes at most the maximum and
``under`` covering what is missing to the minimum. Per interval:
``sum_{j covers i} y[j] + s[i] >= target[i]`` (the aggregate ``y`` keeps this sparse).

Objective, lexicographic by weights: minutes under a weekly minimum (a hard rule, kept
soft so that an impossible pool still gets a roster), then short agent-intervals (each
dearer than the longest shift), then paid minutes, then fairness (a weekend or late shift
costs more for an agent who already has many), then preferences. CP-SAT runs with a fixed
seed, a fixed number of workers and a deterministic time limit (``max_deterministic_time``)
so that the same input gives the same roster; the wall-clock limit is a safety net.

References
----------
.. [1] Perron, L. and Didier, F. CP-SAT. OR-Tools, Google.
.. [2] Ernst, A. T., Jiang, H., Krishnamoorthy, M. and Sier, D. (2004). Staff scheduling
   and rostering: a review of applications, methods and models. European Journal of
   Operational Research 153(1), 3-27.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from .clock import monday
from .ledger import CandidateTable, Ledger

if TYPE_CHECKING:
    from ortools.sat.python.cp_model import CpModel, IntVar, LinearExpr

__all__ = ["AssignSettings", "WeekResult", "agent_cost", "assign_week", "greedy_fill"]

IntArray = npt.NDArray[np.int64]
# CP-SAT stops once within this fraction of its bound (deterministic, unlike the clock).
RELATIVE_GAP = 1e-5
W_UNDER = 1_000  # per minute below a weekly minimum
W_PAID = 10  # per paid minute; a short agent-interval costs more than the longest shift
W_OFF_PLAN = 300  # per agent beyond the plan's count on a candidate (breaks fit the plan)
W_WEEKEND = 20  # per weekend shift, times (1 + the agent's weekend shifts so far)
W_LATE = 10  # per late shift, times (1 + the agent's late shifts so far)
W_PREFERENCE = 3  # per shift of a template the agent does not prefer, or on a preferred day off


@dataclass(frozen=True, slots=True)
class AssignSettings:
    """How hard CP-SAT may work on one week."""

    deterministic_time: float
    time_limit_s: float
    workers: int
    seed: int


@dataclass(frozen=True, slots=True)
class WeekResult:
    status: str  # optimal, feasible, greedy (CP-SAT found nothing in time)
    variables: int
    seconds: float


def agent_cost(ledger: Ledger, a: int, j: int) -> int:
    """Fairness and preference cost of agent ``a`` working candidate ``j`` (greedy and CP-SAT)."""
    t, agenda, agent = ledger.table, ledger.agendas[a], ledger.agents[a]
    cost = 0
    if t.weekend[j]:
        cost += W_WEEKEND * (1 + agenda.weekend)
    if t.late[j]:
        cost += W_LATE * (1 + agenda.late)
    name = ledger.template_names[int(t.template[j])]
    if agent.preferred_templates and name not in agent.preferred_templates:
        cost += W_PREFERENCE
    if ledger.weekday_of(j) in agent.preferred_days_off:
        cost += W_PREFERENCE
    return cost


def _eligible(ledger: Ledger, week_shifts: IntArray) -> list[IntArray]:
    """Per agent, the week's plan shifts no static rule forbids and the carried rest allows."""
    t = ledger.table
    rest = ledger.rules.min_rest_minutes
    out = []
    for a in range(len(ledger.agents)):
        ok = week_shifts[ledger.reasons[a, week_shifts] == 0]
        ends = ledger.agendas[a].ends
        if ends:
            ok = ok[t.start_min[ok] >= max(ends) + rest]
        out.append(ok)
    return out


def assign_week(
    *,
    ledger: Ledger,
    week: int,
    counts: IntArray,
    target: IntArray,
    minutes: int,
    settings: AssignSettings,
) -> WeekResult:
    """Give agents shifts in the ISO week starting on ordinal ``week``; add them to the ledger.

    ``target[i]`` agents should be on shift in interval ``i`` (the anonymous plan's agents on
    shift, breaks and lunches included); ``counts[j]`` agents work candidate ``j`` in that
    plan, the fallback when CP-SAT finds nothing in time.
    """
    began = time.perf_counter()
    t = ledger.table
    in_week = np.flatnonzero((t.day >= week) & (t.day < week + 7))
    if in_week.size == 0 or not counts[in_week].any():
        return WeekResult("optimal", 0, 0.0)
    eligible = _eligible(ledger, in_week)
    n_vars = int(sum(e.size for e in eligible))
    if n_vars == 0:
        return WeekResult("optimal", 0, time.perf_counter() - began)
    before = ledger.snapshot()
    greedy_fill(ledger, np.repeat(in_week, counts[in_week]))
    hint = {(a, j) for a, agenda in enumerate(ledger.agendas) for j in agenda.candidates}
    greedy = ledger.snapshot()
    ledger.restore(before)
    chosen = _solve(ledger, week, counts, target, minutes, in_week, eligible, settings, hint)
    if chosen is None:
        ledger.restore(greedy)
        return WeekResult("greedy", n_vars, time.perf_counter() - began)
    status, pairs = chosen
    for a, j in pairs:
        ledger.add(a, j)
    return WeekResult(status, n_vars, time.perf_counter() - began)


def _solve(
    ledger: Ledger,
    week: int,
    counts: IntArray,
    target: IntArray,
    minutes: int,
    in_week: IntArray,
    eligible: list[IntArray],
    settings: AssignSettings,
    hint: set[tuple[int, int]],
) -> tuple[str, list[tuple[int, int]]] | None:
    """The week's model solved from ``hint`` (the greedy assignment of the plan's shifts)."""
    # Imported here: OR-Tools takes a second to load.
    from ortools.sat.python import cp_model

    t, rules = ledger.table, ledger.rules
    model = cp_model.CpModel()
    x: dict[tuple[int, int], IntVar] = {}
    on_shift: dict[int, list[IntVar]] = defaultdict(list)
    objective: list[tuple[IntVar, int]] = []
    hinted: dict[int, int] = {}  # variable index -> its value in the hint (complete hints
    # of every auxiliary variable too: CP-SAT then starts from the greedy roster)
    reach = _rest_reach(t.end_min[in_week] - t.start_min[in_week], rules.min_rest_minutes)
    for a, shifts in enumerate(eligible):
        if shifts.size == 0:
            continue
        by_day: dict[int, list[int]] = defaultdict(list)
        for j in shifts.tolist():
            var = model.new_bool_var(f"x{a}_{j}")
            hinted[var.index] = int((a, j) in hint)
            model.add_hint(var, hinted[var.index])
            x[a, j] = var
            on_shift[j].append(var)
            by_day[int(t.day[j])].append(j)
            objective.append((var, agent_cost(ledger, a, j) + W_PAID * int(t.paid_min[j])))
        worked: dict[int, LinearExpr] = {}
        for day, js in by_day.items():
            if len(js) > 1:
                model.add_at_most_one(x[a, j] for j in js)
            worked[day] = cp_model.LinearExpr.sum([x[a, j] for j in js])
        _rest(model, x, a, by_day, t, rules.min_rest_minutes, reach)
        _consecutive(model, ledger, a, week, worked)
        works = {d: sum(hinted[x[a, j].index] for j in js) for d, js in by_day.items()}
        _weekly_rest(model, ledger, a, week, worked, works)
        _hours(model, ledger, a, week, by_day, x, objective, hinted)
        for kind, weight in ((t.weekend, W_WEEKEND), (t.late, W_LATE)):
            some = [x[a, j] for j in shifts.tolist() if kind[j]]
            _spread(model, some, sum(hinted[v.index] for v in some), weight, objective)
    _coverage(model, t, on_shift, counts, target, minutes, objective, hinted)
    model.minimize(sum(coef * var for var, coef in objective if coef))
    solver = cp_model.CpSolver()
    solver.parameters.random_seed = settings.seed
    solver.parameters.num_workers = settings.workers
    solver.parameters.max_deterministic_time = settings.deterministic_time
    solver.parameters.relative_gap_limit = RELATIVE_GAP
    # Probing and symmetry search would spend the deterministic budget in presolve.
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.symmetry_level = 0
    solver.parameters.max_time_in_seconds = max(1.0, settings.time_limit_s)
    if settings.workers > 1:
        solver.parameters.interleave_search = True
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    pairs = [key for key, var in x.items() if solver.boolean_value(var)]
    return ("optimal" if status == cp_model.OPTIMAL else "feasible"), pairs


def _coverage(
    model: CpModel,
    t: CandidateTable,
    on_shift: dict[int, list[IntVar]],
    counts: IntArray,
    target: IntArray,
    minutes: int,
    objective: list[tuple[IntVar, int]],
    hinted: dict[int, int],
) -> None:
    """Agents on shift per interval at least the target, or short agent-intervals paid for.

    Agents beyond the plan's count on a candidate cost a little: among rosters of equal paid
    time the plan's mix is kept, whose breaks and lunches are known to fit.
    """
    covering: dict[int, list[IntVar]] = defaultdict(list)
    dearest = W_PAID * int(t.paid_min.max(initial=0)) + 1
    on_hint: dict[int, int] = defaultdict(int)
    for j, vars_j in on_shift.items():
        agents_j = model.new_int_var(0, len(vars_j), f"y{j}")
        model.add(sum(vars_j) == agents_j)
        y_hint = sum(hinted[v.index] for v in vars_j)
        model.add_hint(agents_j, y_hint)
        if len(vars_j) > counts[j]:
            beyond = model.new_int_var(0, len(vars_j) - int(counts[j]), f"b{j}")
            model.add(agents_j - beyond <= int(counts[j]))
            model.add_hint(beyond, max(0, y_hint - int(counts[j])))
            objective.append((beyond, W_OFF_PLAN))
        first = int(t.start_min[j]) // minutes
        stop = min(-(-int(t.end_min[j]) // minutes), target.shape[0])
        for i in range(first, stop):
            covering[i].append(agents_j)
            on_hint[i] += y_hint
    for i, terms in covering.items():
        need = int(target[i])
        if need <= 0:
            continue
        short = model.new_int_var(0, need, f"s{i}")
        model.add(sum(terms) + short >= need)
        model.add_hint(short, max(0, need - on_hint[i]))
        objective.append((short, dearest))


def _spread(
    model: CpModel,
    shifts: list[IntVar],
    hinted_count: int,
    weight: int,
    objective: list[tuple[IntVar, int]],
) -> None:
    """Each further weekend (late) shift in the week costs ``weight`` more than the one before.

    With the per-shift cost of :func:`agent_cost` (which grows with the agent's count from
    earlier weeks), two agents with one each cost less than one agent with two.
    """
    if len(shifts) < 2:
        return
    count = sum(shifts)
    for m in range(1, len(shifts)):
        beyond = model.new_bool_var("")
        model.add(count - m <= beyond * (len(shifts) - m))
        model.add_hint(beyond, hinted_count > m)
        objective.append((beyond, weight))


def _rest_reach(lengths: IntArray, rest: int) -> int:
    """How many days ahead a shift can still be too close to one that starts on a day."""
    return max(1, -(-(int(lengths.max(initial=0)) + rest) // 1440))


def _rest(
    model: CpModel,
    x: dict[tuple[int, int], IntVar],
    a: int,
    by_day: dict[int, list[int]],
    t: CandidateTable,
    rest: int,
    reach: int,
) -> None:
    """The next shift starts at least ``rest`` after the end of one ``k`` days before.

    With ``S`` the start of day ``d + k``'s shift and ``E`` the end of day ``d``'s (0 when
    not worked): ``S - E >= rest·w_d - M (1 - w_{d+k})``; nothing between them is needed.
    """
    for day, js in by_day.items():
        ends = sum(int(t.end_min[j]) * x[a, j] for j in js)
        worked = sum(x[a, j] for j in js)
        latest = max(int(t.end_min[j]) for j in js)
        for k in range(1, reach + 1):
            later = by_day.get(day + k)
            if not later:
                continue
            earliest = min(int(t.start_min[j]) for j in later)
            if earliest >= latest + rest:
                continue
            starts = sum(int(t.start_min[j]) * x[a, j] for j in later)
            works_later = sum(x[a, j] for j in later)
            big = latest + rest
            model.add(starts - ends >= rest * worked - big * (1 - works_later))


def _consecutive(
    model: CpModel, ledger: Ledger, a: int, week: int, worked: dict[int, LinearExpr]
) -> None:
    """At most N worked days in every N + 1 days that end in this week."""
    n = ledger.rules.max_consecutive_days
    before = ledger.agendas[a].days
    for first in range(week - n, week + 7 - n):
        days = range(first, first + n + 1)
        terms = [worked[d] for d in days if d in worked]
        if not terms:
            continue
        fixed = sum(1 for d in days if d < week and d in before)
        if fixed + len(terms) > n:
            model.add(sum(terms) <= n - fixed)


def _weekly_rest(
    model: CpModel,
    ledger: Ledger,
    a: int,
    week: int,
    worked: dict[int, LinearExpr],
    works: dict[int, int],
) -> None:
    """Some run of ``weekly_rest_days`` days of the week without a shift."""
    need = ledger.rules.weekly_rest_days
    if need == 0:
        return
    runs = [range(s, s + need) for s in range(week, week + 8 - need)]
    if any(all(d not in worked for d in run) for run in runs):
        return
    free_runs = []
    for run in runs:
        free = model.new_bool_var(f"r{a}_{run.start}")
        model.add_hint(free, not any(works.get(d, 0) for d in run))
        for d in run:
            if d in worked:
                model.add(worked[d] + free <= 1)
        free_runs.append(free)
    model.add(sum(free_runs) >= 1)


def _hours(
    model: CpModel,
    ledger: Ledger,
    a: int,
    week: int,
    by_day: dict[int, list[int]],
    x: dict[tuple[int, int], IntVar],
    objective: list[tuple[IntVar, int]],
    hinted: dict[int, int],
) -> None:
    t, agent = ledger.table, ledger.agents[a]
    paid = sum(int(t.paid_min[j]) * x[a, j] for js in by_day.values() for j in js)
    model.add(paid <= agent.max_minutes_per_week - ledger.paid(a, week))
    low = ledger.minimum(a, week) - ledger.paid(a, week)
    if low > 0:
        under = model.new_int_var(0, low, f"under{a}")
        paid_hint = sum(
            int(t.paid_min[j]) * hinted[x[a, j].index] for js in by_day.values() for j in js
        )
        model.add_hint(under, max(0, low - paid_hint))
        model.add(paid + under >= low)
        objective.append((under, W_UNDER))


def greedy_fill(ledger: Ledger, wanted: IntArray) -> int:
    """Give each wanted candidate (one entry per agent wanted) to the cheapest agent who may.

    Hardest first: candidates with the fewest agents able to work them. Returns how many
    found an agent.
    """
    able = (ledger.reasons[:, wanted] == 0).sum(axis=0)
    order = np.lexsort((wanted, able))
    given = 0
    for j in wanted[order].tolist():
        best = None
        for a in np.flatnonzero(ledger.reasons[:, j] == 0).tolist():
            if ledger.forbidding_rule(a, j) is not None:
                continue
            key = (_behind(ledger, a, j), agent_cost(ledger, a, j), a)
            if best is None or key < best[0]:
                best = (key, a)
        if best is not None:
            ledger.add(best[1], j)
            given += 1
    return given


def _behind(ledger: Ledger, a: int, j: int) -> int:
    """0 for an agent still below the weekly minimum in the week of ``j``, else 1."""
    week = monday(int(ledger.table.day[j]))
    return 0 if ledger.paid(a, week) < ledger.minimum(a, week) else 1
