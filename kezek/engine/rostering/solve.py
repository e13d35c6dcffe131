"""From a requirement, shift templates and named agents to a roster: :func:`make_roster`.

1. **Anonymous plan.** :func:`kezek.engine.scheduling.make_schedule` chooses agent-shifts
   (template × start × day) at least paid time with breaks, exactly as ``kezek schedule``,
   using only templates some agent of the pool may work.
2. **Assignment.** One ISO week at a time, CP-SAT gives the plan's shifts to named agents
   under every hard rule (:mod:`.assign`); what was given in earlier weeks is carried over
   (rest, consecutive days, fairness counts).
3. **Repair.** Breaks and lunches are placed for the named roster (``place_breaks``, the
   scheduler's max-flow under the break token); wherever an interval is still short, the
   candidate shift covering most short intervals per paid minute goes to the cheapest agent
   who may take it, until nothing short can be covered. Agents still below a weekly minimum
   then get the shifts that cover most need, or overstaff least.
4. **Report.** Breaks placed once more; coverage; :func:`.rules.check_roster` (independent of
   the solver) lists the rules broken; each short interval names the rule that bound.
"""

from __future__ import annotations

import copy
import dataclasses
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kezek.engine.scheduling import (
    AgentShift,
    BreakPlan,
    BreakRule,
    BreakToken,
    Candidates,
    Coverage,
    RequirementGrid,
    RosterSolution,
    Schedule,
    ShiftTemplate,
    TemplateLayout,
    coverage_of,
    expand_candidates,
    make_schedule,
    minute_counts,
    place_breaks,
    template_layouts,
    uncovered_required_intervals,
)

from .agents import Agent, check_pool
from .assign import AssignSettings, agent_cost, assign_week
from .clock import PeriodClock, monday
from .ledger import STATIC_RULES, Agenda, CandidateTable, Ledger, static_reasons
from .matching import match_days
from .rules import RosterRules, RosterShift, Violation, check_roster

__all__ = [
    "CP_SAT_LIMIT",
    "EXACT_PLAN_LIMIT",
    "AgentLoad",
    "IntervalShortfall",
    "Roster",
    "RosterGoals",
    "make_roster",
]

IntArray = npt.NDArray[np.int64]
_REPAIR_PASSES = 4
_PLAN_ROUNDS = 4
# Up to this many required agent-intervals the plan is make_schedule's exact one; above, the
# exact model takes minutes (bench/rostering: 17-35 s a weekday at 150 agents) and the plan is
# the repaired covering.
EXACT_PLAN_LIMIT = 20_000
# Agent x candidate pairs of a week up to which CP-SAT may try after the matching (it
# reshapes the plan's shifts where the rules need it); above it does not improve on its
# greedy start in time (bench/rostering: 150 agents, 10-35 s a week, no improvement).
CP_SAT_LIMIT = 8_000
_STATUS_ORDER = ("optimal", "node_limit", "feasible", "greedy", "lp_rounded", "time_limit")
# Dynamic reasons, from the most to the least binding when an agent meets several.
_DYNAMIC_ORDER = ("pool", "min_rest", "max_consecutive_days", "weekly_rest", "max_hours_per_week")


@dataclass(frozen=True, slots=True)
class RosterGoals:
    """What counts as a weekend and a late shift for fairness, and the solver's effort.

    Attributes
    ----------
    late_end_minute : int
        A shift ending after this local wall-clock minute of its start day (or past midnight)
        is a late shift; 20:00 by default.
    weekend_days : frozenset of int
        Weekdays (Monday = 0) of the weekend; Saturday and Sunday by default.
    plan_relative_gap : float
        ``relative_gap`` of the anonymous plan (``make_schedule``): 2 % by default, so that
        the plan is proved within 2 % of the optimal schedule block by block.
    plan_method : {"auto", "exact", "repaired"}
        How the anonymous plan is found (see :attr:`Roster.plan_method`); ``auto``: exact up
        to ``EXACT_PLAN_LIMIT`` required agent-intervals (a week of a centre of about 40
        agents), repaired above.
    assignment : {"auto", "cp-sat", "matching"}
        How agents get the plan's shifts (see :attr:`Roster.assignment`); ``auto``: the
        matching, and when that leaves an interval short or a weekly minimum unmet and no
        week has more than ``CP_SAT_LIMIT`` agent × candidate pairs, CP-SAT as well; the
        roster with fewer minutes below minimums, then fewer short agent-intervals, is kept.
    plan_share : float
        Share of the time limit the plan may use.
    deterministic_time_per_week : float
        CP-SAT's deterministic time limit for one week's assignment.
    workers : int
        CP-SAT workers (with more than one, ``interleave_search`` keeps it deterministic).
    seed : int
    """

    late_end_minute: int = 20 * 60
    weekend_days: frozenset[int] = frozenset({5, 6})
    plan_relative_gap: float = 0.02
    plan_method: str = "auto"
    assignment: str = "auto"
    plan_share: float = 0.5
    deterministic_time_per_week: float = 5.0
    workers: int = 1
    seed: int = 0


@dataclass(frozen=True, slots=True)
class IntervalShortfall:
    """An interval the roster leaves short, and the hard rule that kept agents from it.

    ``binding_rule`` is one of the rule names of :mod:`.rules`, ``pool`` (every agent who may
    work then already does: the pool is too small), ``off_floor`` (enough agents on shift,
    but breaks and lunches, under the break token, take them off the floor) or ``none`` (an
    agent could still have come).
    """

    interval: int
    required: int
    net: int
    binding_rule: str

    @property
    def short(self) -> int:
        return self.required - self.net


@dataclass(frozen=True, slots=True)
class AgentLoad:
    """One agent's share of the roster: shifts, paid minutes, weekend and late shifts."""

    agent_id: str
    shifts: int
    paid_minutes: int
    weekend_shifts: int
    late_shifts: int
    may_work_weekends: bool
    may_work_late: bool


@dataclass(frozen=True, slots=True)
class Roster:
    """A roster of named agents with breaks, its coverage and what it could not keep.

    Attributes
    ----------
    shifts : tuple of RosterShift
        Ordered by agent (in the pool's order), then start.
    coverage : Coverage
        Net coverage against the requirement, minute by minute.
    on_break_by_minute : ndarray of int
        Agents on a break (lunch not included) in each minute.
    paid_minutes : int
    plan : Schedule
        The last ``make_schedule`` result of the anonymous plan (its status, time).
    plan_method : str
        ``exact`` (``make_schedule`` with breaks) or ``repaired`` (without breaks, the
        requirement raised where the placed breaks left it short), see :class:`RosterGoals`.
    assignment : str
        ``cp-sat`` (the weekly model of :mod:`.assign`) or ``matching`` (date by date, for
        pools too large for CP-SAT in the time limit: :mod:`.matching`).
    plan_paid_minutes : int
        Paid time of the anonymous plan the agents were given.
    lower_bound_minutes : float
        A proven lower bound of the paid time of any schedule with no shortfall (the plan's
        bound; for ``repaired`` that of the schedule without breaks).
    violations : tuple of Violation
        Every hard rule the roster breaks (:func:`.rules.check_roster`); empty when the
        pool allows a roster that keeps them all.
    shortfall : tuple of IntervalShortfall
        Every short interval with the rule that bound.
    loads : tuple of AgentLoad
        One per agent of the pool, in its order.
    status : str
        ``optimal`` (plan proved within its gap, every week's CP-SAT optimal), ``feasible``
        (some week stopped on its deterministic limit), ``greedy`` (CP-SAT found nothing for
        some week in time; a greedy assignment stands in), or ``time_limit`` (a wall-clock
        safety limit decided: the roster may vary with machine load).
    solve_seconds : float
    unplaced_break_minutes : int
    """

    shifts: tuple[RosterShift, ...]
    coverage: Coverage
    on_break_by_minute: IntArray
    paid_minutes: int
    plan: Schedule
    plan_method: str
    assignment: str
    plan_paid_minutes: int
    lower_bound_minutes: float
    violations: tuple[Violation, ...]
    shortfall: tuple[IntervalShortfall, ...]
    loads: tuple[AgentLoad, ...]
    status: str
    solve_seconds: float
    unplaced_break_minutes: int

    @property
    def paid_hours(self) -> float:
        return self.paid_minutes / 60

    @property
    def lower_bound_hours(self) -> float:
        return self.lower_bound_minutes / 60

    @property
    def shortfall_agent_intervals(self) -> int:
        return self.coverage.shortfall_agent_intervals

    @property
    def overstaffed_agent_intervals(self) -> int:
        return self.coverage.overstaffed_agent_intervals

    @property
    def unused_agents(self) -> tuple[str, ...]:
        """Agents of the pool with no shift, in the pool's order."""
        return tuple(load.agent_id for load in self.loads if load.shifts == 0)

    @property
    def weekend_shift_std(self) -> float:
        """Standard deviation of weekend shifts over the agents who may work a weekend."""
        return _std([load.weekend_shifts for load in self.loads if load.may_work_weekends])

    @property
    def late_shift_std(self) -> float:
        """Standard deviation of late shifts over the agents who may work late."""
        return _std([load.late_shifts for load in self.loads if load.may_work_late])

    @property
    def binding_rules(self) -> tuple[tuple[str, int], ...]:
        """Short agent-intervals per binding rule, most first."""
        totals: Counter[str] = Counter()
        for s in self.shortfall:
            totals[s.binding_rule] += s.short
        return tuple(sorted(totals.items(), key=lambda item: (-item[1], item[0])))


def _std(values: list[int]) -> float:
    return float(np.std(values)) if values else 0.0


def make_roster(
    *,
    agents: Sequence[Agent],
    templates: tuple[ShiftTemplate, ...],
    grid: RequirementGrid,
    rules: RosterRules | None = None,
    break_rule: BreakRule | None = None,
    token: BreakToken | None = None,
    skill: str | None = None,
    goals: RosterGoals | None = None,
    time_limit_s: float = 120.0,
) -> Roster:
    """Give named agents shifts covering the requirement under every hard rule.

    Parameters
    ----------
    agents : sequence of Agent
    templates, grid, break_rule, token
        As for :func:`kezek.engine.scheduling.make_schedule`.
    rules : RosterRules
    skill : str, optional
        The skill the queue needs: only agents holding it are rostered.
    goals : RosterGoals
    time_limit_s : float
        Wall-clock safety limit for the whole roster.

    Raises
    ------
    ValueError
        Bad pool (:func:`.agents.check_pool`: an id twice, an unknown template, leave outside
        the period, a window no template fits), bad templates, or a required interval no
        template covers.
    """
    if time_limit_s <= 0:
        raise ValueError(f"time_limit_s must be positive, got {time_limit_s}")
    began = time.perf_counter()
    rules = rules or RosterRules()
    break_rule = break_rule or BreakRule()
    token = token or BreakToken()
    goals = goals or RosterGoals()
    pool = tuple(agents)
    clock = PeriodClock.of(grid)
    check_pool(
        agents=pool, templates=templates, first_date=clock.first_date, last_date=clock.last_date
    )
    candidates = expand_candidates(templates=templates, grid=grid)
    layouts = template_layouts(candidates=candidates, grid=grid, rule=break_rule)
    table = CandidateTable.of(
        candidates=candidates,
        grid=grid,
        late_end_minute=goals.late_end_minute,
        weekend_days=goals.weekend_days,
    )
    reasons = static_reasons(agents=pool, table=table, templates=templates, skill=skill)
    ledger = Ledger(
        agents=pool,
        table=table,
        reasons=reasons,
        rules=rules,
        clock=clock,
        template_names=tuple(t.name for t in templates),
    )
    placer = _Placer(candidates, grid, layouts, token, break_rule, {})
    plan = _plan(templates, grid, (break_rule, token, reasons, table), placer, goals, time_limit_s)
    statuses = [plan.schedule.status]
    empty = ledger.snapshot()
    small = _week_pairs(reasons, table, plan.counts) <= CP_SAT_LIMIT
    method = "matching" if goals.assignment in ("auto", "matching") else "cp-sat"
    job = _Assignment(ledger, plan, placer, grid, goals, began, time_limit_s)
    shifts, coverage, unplaced, week_statuses = job.run(method)
    if goals.assignment == "auto" and small and job.imperfect(coverage):
        # A small pool whose matched roster leaves something short: CP-SAT may reshape it.
        matched = (ledger.snapshot(), shifts, coverage, unplaced, week_statuses)
        ledger.restore(copy.deepcopy(empty))
        tried = job.run("cp-sat")
        if job.rank(tried[1]) < job.rank(coverage, matched[0]):
            method, (shifts, coverage, unplaced, week_statuses) = "cp-sat", tried
        else:
            ledger.restore(matched[0])
            shifts, coverage, unplaced, week_statuses = matched[1:]
    statuses.extend(week_statuses)
    violations = check_roster(
        shifts=shifts, agents=pool, templates=templates, grid=grid, rules=rules, skill=skill
    )
    return Roster(
        shifts=shifts,
        coverage=coverage,
        on_break_by_minute=_on_break(shifts, clock.horizon_minutes),
        paid_minutes=int(sum(int(table.paid_min[j]) for a in ledger.agendas for j in a.candidates)),
        plan=plan.schedule,
        plan_method=plan.method,
        assignment=method,
        plan_paid_minutes=int(plan.counts @ table.paid_min),
        lower_bound_minutes=plan.bound_minutes,
        violations=violations,
        shortfall=_diagnose(ledger, coverage, grid),
        loads=_loads(ledger),
        status=max(statuses, key=_STATUS_ORDER.index),
        solve_seconds=time.perf_counter() - began,
        unplaced_break_minutes=unplaced,
    )


class _Assignment:
    """Agents onto the plan by one method, then the repair; ranked for ``auto``."""

    def __init__(
        self,
        ledger: Ledger,
        plan: _Plan,
        placer: _Placer,
        grid: RequirementGrid,
        goals: RosterGoals,
        began: float,
        time_limit_s: float,
    ) -> None:
        self.ledger = ledger
        self.plan = plan
        self.placer = placer
        self.grid = grid
        self.goals = goals
        self.began = began
        self.time_limit_s = time_limit_s

    def run(self, method: str) -> tuple[tuple[RosterShift, ...], Coverage, int, list[str]]:
        ledger, plan, grid = self.ledger, self.plan, self.grid
        statuses: list[str] = []
        if method == "matching":
            match_days(ledger, plan.counts)
        else:
            weeks = sorted({monday(int(d)) for d in np.unique(ledger.table.day)})
            for k, week in enumerate(weeks):
                left = self.time_limit_s - (time.perf_counter() - self.began)
                settings = AssignSettings(
                    deterministic_time=self.goals.deterministic_time_per_week,
                    time_limit_s=0.8 * left / (len(weeks) - k),
                    workers=self.goals.workers,
                    seed=self.goals.seed,
                )
                result = assign_week(
                    ledger=ledger,
                    week=week,
                    counts=plan.counts,
                    target=plan.target,
                    minutes=grid.interval_minutes,
                    settings=settings,
                )
                statuses.append(result.status)
                if result.seconds >= settings.time_limit_s:
                    statuses.append("time_limit")
        shifts, coverage, unplaced = self.placer.place(ledger)
        for _ in range(_REPAIR_PASSES):
            if not _cover_short(ledger, coverage, grid):
                break
            shifts, coverage, unplaced = self.placer.place(ledger)
        if _meet_minimums(ledger, coverage, grid):
            shifts, coverage, unplaced = self.placer.place(ledger)
            if _cover_short(ledger, coverage, grid):
                shifts, coverage, unplaced = self.placer.place(ledger)
        return shifts, coverage, unplaced, statuses

    def below_minimum(self, agendas: list[Agenda] | None = None) -> int:
        """Minutes below the weekly minimums, over all agents and weeks."""
        ledger = self.ledger
        if agendas is not None:
            saved = ledger.agendas
            ledger.restore(agendas)
        weeks = sorted({monday(int(d)) for d in np.unique(ledger.table.day)})
        total = sum(
            max(0, ledger.minimum(a, w) - ledger.paid(a, w))
            for a in range(len(ledger.agents))
            for w in weeks
        )
        if agendas is not None:
            ledger.restore(saved)
        return total

    def imperfect(self, coverage: Coverage) -> bool:
        return coverage.shortfall_agent_intervals > 0 or self.below_minimum() > 0

    def rank(self, coverage: Coverage, agendas: list[Agenda] | None = None) -> tuple[int, int]:
        """Minutes below minimums (a hard rule), then short agent-intervals: lower is better."""
        return (self.below_minimum(agendas), coverage.shortfall_agent_intervals)


@dataclass(frozen=True, slots=True)
class _Plan:
    """The anonymous plan the agents are given, and what it proves."""

    schedule: Schedule
    counts: IntArray  # agents per candidate
    lunches: dict[int, list[int]]  # lunch offsets (intervals) per candidate
    target: IntArray  # agents on shift per interval
    bound_minutes: float
    method: str


def _plan(
    templates: tuple[ShiftTemplate, ...],
    grid: RequirementGrid,
    problem: tuple[BreakRule, BreakToken, npt.NDArray[np.int8], CandidateTable],
    placer: _Placer,
    goals: RosterGoals,
    time_limit_s: float,
) -> _Plan:
    """The anonymous plan over the templates some agent may work at some time.

    Intervals that none of those templates covers are left out of the plan (they stay short
    in the roster, with the rule that bound). ``exact``: ``make_schedule`` with the breaks.
    ``repaired`` (large requirements, where the exact model takes minutes): ``make_schedule``
    without breaks, the breaks placed for its shifts, and the requirement raised by what they
    left short, a few rounds; the first round's bound (no breaks) is a lower bound of the
    optimal schedule with breaks.
    """
    break_rule, token, reasons, table = problem
    workable = np.zeros(len(templates), dtype=np.bool_)
    if reasons.size:
        workable[np.unique(table.template[(reasons == 0).any(axis=0)])] = True
    usable = tuple(t for t, ok in zip(templates, workable, strict=True) if ok)
    required = grid.required_agents.copy()
    if usable:
        uncovered = uncovered_required_intervals(
            candidates=expand_candidates(templates=usable, grid=grid), grid=grid
        )
        required[uncovered] = 0
    else:
        usable, required[:] = templates, 0
    base = dataclasses.replace(grid, required_agents=required)
    began = time.perf_counter()
    budget = goals.plan_share * time_limit_s
    exact = goals.plan_method == "exact" or (
        goals.plan_method == "auto" and int(required.sum()) <= EXACT_PLAN_LIMIT
    )
    rounds = 1 if exact else _PLAN_ROUNDS
    rule = break_rule if exact else dataclasses.replace(break_rule, break_minutes_per_hour=0)
    raised = required.copy()
    best: tuple[tuple[int, int], _Plan] | None = None
    bound = 0.0
    for k in range(rounds):
        schedule = make_schedule(
            templates=usable,
            grid=dataclasses.replace(grid, required_agents=raised),
            rule=rule,
            token=token if exact else BreakToken(),
            time_limit_s=max(1.0, budget - (time.perf_counter() - began)),
            relative_gap=goals.plan_relative_gap,
        )
        bound = schedule.bound_minutes if k == 0 else bound
        counts, lunches = _plan_counts(schedule, table, templates, grid.interval_minutes)
        placer.lunches = lunches
        placed = placer.breaks(counts)
        coverage = coverage_of(placed.agent_shifts, base)
        plan = _Plan(schedule, counts, lunches, _on_shift(table, counts, grid), bound, "")
        key = (coverage.shortfall_agent_intervals, schedule.paid_minutes)
        if best is None or key < best[0]:
            best = (key, plan)
        if not coverage.shortfall_agent_intervals or time.perf_counter() - began > budget:
            break
        raised = raised + coverage.shortfall_by_interval
    if best is None:  # unreachable: the loop runs at least once
        raise RuntimeError("no anonymous plan")
    placer.lunches = best[1].lunches
    return dataclasses.replace(
        best[1], bound_minutes=bound, method="exact" if exact else "repaired"
    )


def _week_pairs(reasons: npt.NDArray[np.int8], table: CandidateTable, counts: IntArray) -> int:
    """The most agent × candidate pairs one week's CP-SAT model would have."""
    most = 0
    for week in sorted({monday(int(d)) for d in np.unique(table.day)}):
        in_week = (table.day >= week) & (table.day < week + 7)
        most = max(most, int((reasons[:, in_week] == 0).sum()))
    return most


def _on_shift(table: CandidateTable, counts: IntArray, grid: RequirementGrid) -> IntArray:
    """Agents on shift per interval when ``counts[j]`` work each candidate ``j``."""
    minutes = grid.interval_minutes
    return minute_counts(
        starts_min=np.repeat(table.start_min // minutes, counts),
        ends_min=np.repeat(-(-table.end_min // minutes), counts),
        horizon_min=grid.n_intervals,
    )


def _plan_counts(
    plan: Schedule, table: CandidateTable, templates: tuple[ShiftTemplate, ...], minutes: int
) -> tuple[IntArray, dict[int, list[int]]]:
    """Agents per candidate in the plan, and the plan's lunch offsets (intervals) per candidate."""
    index = {
        (templates[int(t)].name, int(s)): j
        for j, (t, s) in enumerate(zip(table.template, table.start_min, strict=True))
    }
    counts = np.zeros(table.size, dtype=np.int64)
    lunches: dict[int, list[int]] = {}
    for shift in plan.agent_shifts:
        j = index[shift.template, shift.start_min]
        counts[j] += 1
        if shift.lunch_min is not None:
            lunches.setdefault(j, []).append((shift.lunch_min[0] - shift.start_min) // minutes)
    return counts, lunches


class _Placer:
    """Breaks and lunches for the ledger's roster, placed as ``kezek schedule`` places them."""

    def __init__(
        self,
        candidates: Candidates,
        grid: RequirementGrid,
        layouts: tuple[TemplateLayout, ...],
        token: BreakToken,
        rule: BreakRule,
        lunches: dict[int, list[int]],
    ) -> None:
        self.candidates = candidates
        self.grid = grid
        self.layouts = layouts
        self.token = token
        self.rule = rule
        self.lunches = lunches

    def place(self, ledger: Ledger) -> tuple[tuple[RosterShift, ...], Coverage, int]:
        n = ledger.table.size
        owners: list[list[int]] = [[] for _ in range(n)]
        for a, agenda in enumerate(ledger.agendas):
            for j in agenda.candidates:
                owners[j].append(a)
        plan = self.breaks(np.array([len(o) for o in owners], dtype=np.int64))
        # place_breaks returns the agent-shifts candidate by candidate (in index order).
        named = [a for j in range(n) for a in owners[j]]
        shifts = [
            _named(ledger.agents[a].agent_id, s)
            for a, s in zip(named, plan.agent_shifts, strict=True)
        ]
        order = {agent.agent_id: k for k, agent in enumerate(ledger.agents)}
        shifts.sort(key=lambda s: (order[s.agent_id], s.start_min, s.template))
        return tuple(shifts), coverage_of(shifts, self.grid), plan.unplaced_break_minutes

    def breaks(self, counts: IntArray) -> BreakPlan:
        """Breaks and lunches for ``counts[j]`` agents on each candidate ``j``."""
        lunch_j, lunch_o, lunch_n = self._lunches(counts)
        roster = RosterSolution(
            agents=counts,
            lunch_candidate=lunch_j,
            lunch_offset=lunch_o,
            lunch_agents=lunch_n,
            objective_minutes=0.0,
            bound_minutes=0.0,
            status="optimal",
            solver="rostering",
            solve_seconds=0.0,
        )
        return place_breaks(
            candidates=self.candidates,
            grid=self.grid,
            layouts=self.layouts,
            token=self.token,
            roster=roster,
            segment_minutes=self.rule.segment_minutes,
        )

    def _lunches(self, counts: IntArray) -> tuple[IntArray, IntArray, IntArray]:
        """Lunch offsets per candidate: the plan's where the roster works the plan's count.

        Elsewhere each lunch goes, one agent at a time, to the offset whose intervals have
        the most agents on shift beyond the requirement and the lunches already given.
        """
        tpl = self.candidates.template_index
        starts = self.candidates.start_interval
        n = self.grid.n_intervals
        lengths = np.array([self.layouts[int(t)].length for t in tpl], dtype=np.int64)
        on_shift = minute_counts(
            starts_min=np.repeat(starts, counts),
            ends_min=np.repeat(starts + lengths, counts),
            horizon_min=n,
        )
        room = on_shift - self.grid.required_agents
        chosen: dict[int, list[int]] = {}
        for j in np.flatnonzero(counts).tolist():
            layout = self.layouts[int(tpl[j])]
            planned = self.lunches.get(j, [])
            if layout.lunch_offsets and len(planned) == int(counts[j]):
                chosen[j] = sorted(planned)
                for o in planned:
                    first = int(starts[j]) + o
                    room[first : first + layout.lunch_length] -= 1
        for j in np.flatnonzero(counts).tolist():
            layout = self.layouts[int(tpl[j])]
            if not layout.lunch_offsets or j in chosen:
                continue
            given = []
            for _ in range(int(counts[j])):
                o = max(layout.lunch_offsets, key=lambda o: self._lunch_room(room, j, o, layout))
                first = int(starts[j]) + o
                room[first : first + layout.lunch_length] -= 1
                given.append(o)
            chosen[j] = sorted(given)
        rows = [(j, o, c) for j in sorted(chosen) for o, c in sorted(Counter(chosen[j]).items())]
        arr = np.array(rows, dtype=np.int64).reshape(-1, 3)
        return arr[:, 0], arr[:, 1], arr[:, 2]

    def _lunch_room(self, room: IntArray, j: int, offset: int, layout: TemplateLayout) -> int:
        first = int(self.candidates.start_interval[j]) + offset
        span = room[first : first + layout.lunch_length]
        return int(span.min()) if span.size else 0


def _named(agent_id: str, shift: AgentShift) -> RosterShift:
    return RosterShift(
        agent_id=agent_id,
        template=shift.template,
        start_min=shift.start_min,
        end_min=shift.end_min,
        breaks_min=shift.breaks_min,
        lunch_min=shift.lunch_min,
    )


def _on_break(shifts: Sequence[RosterShift], horizon_min: int) -> IntArray:
    spans = [seg for s in shifts for seg in s.breaks_min]
    return minute_counts(
        starts_min=np.array([a for a, _ in spans], dtype=np.int64),
        ends_min=np.array([b for _, b in spans], dtype=np.int64),
        horizon_min=horizon_min,
    )


def _spans(table: CandidateTable, minutes: int, n: int) -> tuple[IntArray, IntArray]:
    first = np.minimum(table.start_min // minutes, n)
    stop = np.minimum(-(-table.end_min // minutes), n)
    return first, stop


def _best_agent(ledger: Ledger, j: int) -> int | None:
    best: tuple[tuple[int, int, int], int] | None = None
    week = monday(int(ledger.table.day[j]))
    for a in np.flatnonzero(ledger.reasons[:, j] == 0).tolist():
        if ledger.forbidding_rule(a, j) is not None:
            continue
        behind = 0 if ledger.paid(a, week) < ledger.minimum(a, week) else 1
        key = (behind, agent_cost(ledger, a, j), a)
        if best is None or key < best[0]:
            best = (key, a)
    return None if best is None else best[1]


def _cover_short(ledger: Ledger, coverage: Coverage, grid: RequirementGrid) -> int:
    """Shifts where intervals are short; returns how many changes were made.

    The candidate covering most short intervals per paid hour goes to the cheapest free agent
    who may take it; when nobody is free, an agent working that day may swap their shift for
    it if that covers more short intervals than it uncovers (a longer shift for one agent
    where the plan had two short ones).
    """
    slack = coverage.min_net_by_interval - grid.required_agents
    if not (slack < 0).any():
        return 0
    table = ledger.table
    first, stop = _spans(table, grid.interval_minutes, grid.n_intervals)
    blocked = np.zeros(table.size, dtype=np.bool_)
    changed = 0
    while True:
        covered = np.concatenate([[0], np.cumsum(slack < 0)])
        gain = covered[stop] - covered[first]
        gain[blocked] = 0
        if gain.max(initial=0) <= 0:
            return changed
        # Most short intervals per paid hour; the first candidate wins ties.
        j = int(np.argmax(gain * 6000 // np.maximum(table.paid_min, 1)))
        a = _best_agent(ledger, j)
        if a is not None:
            ledger.add(a, j)
        elif not _swap_in(ledger, j, slack, first, stop):
            blocked[j] = True
            continue
        changed += 1
        slack[int(first[j]) : int(stop[j])] += 1


def _swap_in(ledger: Ledger, j: int, slack: IntArray, first: IntArray, stop: IntArray) -> bool:
    """Give ``j`` to an agent in place of their shift that day, where that gains coverage."""
    day = int(ledger.table.day[j])
    j_span = set(range(int(first[j]), int(stop[j])))
    best: tuple[tuple[int, int, int], int, int] | None = None
    for a in np.flatnonzero(ledger.reasons[:, j] == 0).tolist():
        agenda = ledger.agendas[a]
        for k in [k for k in agenda.candidates if int(ledger.table.day[k]) == day]:
            k_span = set(range(int(first[k]), int(stop[k])))
            won = sum(1 for i in j_span - k_span if slack[i] < 0)
            lost = sum(1 for i in k_span - j_span if slack[i] <= 0)
            if won - lost <= 0:
                continue
            ledger.remove(a, k)
            allowed = ledger.forbidding_rule(a, j) is None
            ledger.add(a, k)
            key = (lost - won, agent_cost(ledger, a, j), a)
            if allowed and (best is None or key < best[0]):
                best = (key, a, k)
    if best is None:
        return False
    _, a, k = best
    ledger.remove(a, k)
    ledger.add(a, j)
    slack[int(first[k]) : int(stop[k])] -= 1
    return True


def _meet_minimums(ledger: Ledger, coverage: Coverage, grid: RequirementGrid) -> int:
    """Shifts for agents below a weekly minimum, where they overstaff least.

    First extra shifts; then, for agents still below, their shifts swapped for longer ones
    (:func:`_lengthen`).
    """
    table = ledger.table
    first, stop = _spans(table, grid.interval_minutes, grid.n_intervals)
    surplus = coverage.min_net_by_interval - grid.required_agents
    cum = np.concatenate([[0], np.cumsum(surplus)])
    crowding = cum[stop] - cum[first]
    weeks = sorted({monday(int(d)) for d in np.unique(table.day)})
    given = 0
    for a in range(len(ledger.agents)):
        for week in weeks:
            in_week = np.flatnonzero(
                (table.day >= week) & (table.day < week + 7) & (ledger.reasons[a] == 0)
            )
            order = in_week[np.lexsort((in_week, crowding[in_week]))]
            for j in order.tolist():
                if ledger.paid(a, week) >= ledger.minimum(a, week):
                    break
                if ledger.forbidding_rule(a, j) is None:
                    ledger.add(a, j)
                    given += 1
            while ledger.paid(a, week) < ledger.minimum(a, week) and _lengthen(
                ledger, a, week, crowding
            ):
                given += 1
    return given


def _lengthen(ledger: Ledger, a: int, week: int, crowding: IntArray) -> bool:
    """Swap one of the agent's shifts in ``week`` for a longer one, if the rules allow.

    The same day first (covering the old shift's hours if possible), then another day of
    the week (a Friday's short shift for a Thursday's full one, where the days in a row or
    the weekly rest would not allow both); among those, where it overstaffs least.
    """
    table = ledger.table
    in_week = (table.day >= week) & (table.day < week + 7) & (ledger.reasons[a] == 0)
    best: tuple[tuple[int, int, int], int, int] | None = None
    for k in list(ledger.agendas[a].candidates):
        day = int(table.day[k])
        if monday(day) != week:
            continue
        longer = np.flatnonzero(in_week & (table.paid_min > table.paid_min[k]))
        if longer.size == 0:
            continue
        ledger.remove(a, k)
        for j in longer.tolist():
            if ledger.forbidding_rule(a, j) is None:
                covers = (
                    table.start_min[j] <= table.start_min[k]
                    and table.end_min[j] >= table.end_min[k]
                )
                place = 0 if covers else 1 if int(table.day[j]) == day else 2
                key = (place, int(crowding[j]), j)
                if best is None or key < best[0]:
                    best = (key, k, j)
        ledger.add(a, k)
    if best is None:
        return False
    _, k, j = best
    ledger.remove(a, k)
    ledger.add(a, j)
    return True


def _diagnose(
    ledger: Ledger, coverage: Coverage, grid: RequirementGrid
) -> tuple[IntervalShortfall, ...]:
    """Each short interval with the rule that kept most agents away from it."""
    table = ledger.table
    minutes = grid.interval_minutes
    first, stop = _spans(table, minutes, grid.n_intervals)
    on_shift = coverage.on_shift_by_minute.reshape(-1, minutes).min(axis=1)
    out = []
    for i in np.flatnonzero(coverage.shortfall_by_interval).tolist():
        required = int(grid.required_agents[i])
        net = int(coverage.min_net_by_interval[i])
        if on_shift[i] >= required:
            rule = "off_floor"
        else:
            covering = np.flatnonzero((first <= i) & (stop > i))
            rule = _binding_rule(ledger, covering)
        out.append(IntervalShortfall(i, required, net, rule))
    return tuple(out)


def _binding_rule(ledger: Ledger, covering: IntArray) -> str:
    if covering.size == 0:
        return "template"
    tally: Counter[str] = Counter()
    static = ledger.reasons[:, covering]
    for a in range(len(ledger.agents)):
        open_j = covering[static[a] == 0]
        if open_j.size == 0:
            tally[STATIC_RULES[int(static[a].max())]] += 1
            continue
        found = [ledger.forbidding_rule(a, int(j)) for j in open_j.tolist()]
        if None in found:
            tally["none"] += 1
        else:
            tally[max((f for f in found if f), key=_DYNAMIC_ORDER.index)] += 1
    return max(sorted(tally), key=lambda rule: tally[rule])


def _loads(ledger: Ledger) -> tuple[AgentLoad, ...]:
    table = ledger.table
    loads = []
    for a, agent in enumerate(ledger.agents):
        agenda = ledger.agendas[a]
        free = ledger.reasons[a] == 0
        loads.append(
            AgentLoad(
                agent_id=agent.agent_id,
                shifts=len(agenda.candidates),
                paid_minutes=int(sum(int(table.paid_min[j]) for j in agenda.candidates)),
                weekend_shifts=agenda.weekend,
                late_shifts=agenda.late,
                may_work_weekends=bool((free & table.weekend).any()),
                may_work_late=bool((free & table.late).any()),
            )
        )
    return tuple(loads)
