"""Candidate shifts on the grid, who may work them, and a ledger of each agent's shifts so far.

The ledger answers "may agent ``a`` also take candidate ``j``?" with the first hard rule that
forbids it (or ``None``); the repair and the shortfall diagnosis both ask it. The rules are
those of :mod:`.rules`; :func:`.rules.check_roster` checks the result independently.
"""

from __future__ import annotations

import bisect
import copy
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from kezek.engine.scheduling import Candidates, RequirementGrid, ShiftTemplate

from .agents import Agent
from .clock import MINUTES_PER_DAY, PeriodClock, monday, weekday
from .rules import RosterRules, weekly_minimum_minutes

__all__ = ["CandidateTable", "Ledger", "static_reasons"]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
# Static reasons an agent may never work a candidate, in the order they are named.
STATIC_RULES = ("", "skill", "template", "unavailable_date", "availability", "max_hours_per_week")


@dataclass(frozen=True, slots=True)
class CandidateTable:
    """Every candidate shift with its times, local day, paid minutes and kind."""

    template: IntArray
    start_min: IntArray
    end_min: IntArray
    paid_min: IntArray
    day: IntArray  # local day ordinal of the start
    start_key: IntArray  # local wall-clock key (day × 1440 + minute)
    end_key: IntArray
    weekend: BoolArray
    late: BoolArray

    @classmethod
    def of(
        cls,
        *,
        candidates: Candidates,
        grid: RequirementGrid,
        late_end_minute: int,
        weekend_days: frozenset[int],
    ) -> CandidateTable:
        templates = candidates.templates
        tpl = candidates.template_index
        length = np.array([templates[t].length_minutes for t in tpl], dtype=np.int64)
        lunch = np.array([templates[t].lunch_minutes for t in tpl], dtype=np.int64)
        start = candidates.start_interval * grid.interval_minutes
        clock = PeriodClock.of(grid)
        start_key = clock.wall_key(start)
        end_key = clock.wall_key(start + length)
        day = start_key // MINUTES_PER_DAY
        return cls(
            template=tpl.astype(np.int64),
            start_min=start.astype(np.int64),
            end_min=(start + length).astype(np.int64),
            paid_min=length - lunch,
            day=day,
            start_key=start_key,
            end_key=end_key,
            weekend=np.isin((day - 1) % 7, sorted(weekend_days)),
            late=end_key > day * MINUTES_PER_DAY + late_end_minute,
        )

    @property
    def size(self) -> int:
        return int(self.start_min.shape[0])


def static_reasons(
    *,
    agents: tuple[Agent, ...],
    table: CandidateTable,
    templates: tuple[ShiftTemplate, ...],
    skill: str | None,
) -> npt.NDArray[np.int8]:
    """Per agent and candidate: 0 if the agent may work it, else the index in STATIC_RULES."""
    reasons = np.zeros((len(agents), table.size), dtype=np.int8)
    for a, agent in enumerate(agents):
        row = reasons[a]
        too_long = table.paid_min > agent.max_minutes_per_week
        row[too_long] = 5
        row[~_in_windows(agent, table)] = 4
        if agent.unavailable_dates:
            leave = np.array([d.toordinal() for d in agent.unavailable_dates], dtype=np.int64)
            row[np.isin(table.day, leave)] = 3
        allowed = np.array([agent.may_work(t.name) for t in templates], dtype=np.bool_)
        row[~allowed[table.template]] = 2
        if skill is not None and skill not in agent.skills:
            row[:] = 1
    return reasons


def _in_windows(agent: Agent, table: CandidateTable) -> BoolArray:
    if not agent.availability:
        return np.ones(table.size, dtype=np.bool_)
    inside = np.zeros(table.size, dtype=np.bool_)
    for window in agent.availability:
        for back in (0, 1):  # a window of the day before may run past midnight
            window_day = table.day - back
            base = window_day * MINUTES_PER_DAY
            inside |= (
                np.isin((window_day - 1) % 7, sorted(window.weekdays))
                & (table.start_key >= base + window.start_minute)
                & (table.end_key <= base + window.end_minute)
            )
    return inside


@dataclass(slots=True)
class Agenda:
    """One agent's shifts (sorted by start) and what they add up to."""

    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    candidates: list[int] = field(default_factory=list)
    days: dict[int, int] = field(default_factory=dict)  # day ordinal -> shifts starting on it
    paid_by_week: dict[int, int] = field(default_factory=dict)  # Monday ordinal -> minutes
    weekend: int = 0
    late: int = 0


class Ledger:
    """Shifts given so far to each agent, and whether one more would break a hard rule."""

    def __init__(
        self,
        *,
        agents: tuple[Agent, ...],
        table: CandidateTable,
        reasons: npt.NDArray[np.int8],
        rules: RosterRules,
        clock: PeriodClock,
        template_names: tuple[str, ...],
    ) -> None:
        self.agents = agents
        self.template_names = template_names
        self.table = table
        self.reasons = reasons
        self.rules = rules
        self.clock = clock
        self.agendas = [Agenda() for _ in agents]
        self._minimum: dict[tuple[int, int], int] = {}

    def snapshot(self) -> list[Agenda]:
        """A copy of every agenda, to try something and go back (:meth:`restore`)."""
        return copy.deepcopy(self.agendas)

    def restore(self, agendas: list[Agenda]) -> None:
        self.agendas = agendas

    def add(self, a: int, j: int) -> None:
        t, agenda = self.table, self.agendas[a]
        k = bisect.bisect_left(agenda.starts, int(t.start_min[j]))
        agenda.starts.insert(k, int(t.start_min[j]))
        agenda.ends.insert(k, int(t.end_min[j]))
        agenda.candidates.insert(k, j)
        day = int(t.day[j])
        agenda.days[day] = agenda.days.get(day, 0) + 1
        week = monday(day)
        agenda.paid_by_week[week] = agenda.paid_by_week.get(week, 0) + int(t.paid_min[j])
        agenda.weekend += int(t.weekend[j])
        agenda.late += int(t.late[j])

    def remove(self, a: int, j: int) -> None:
        """Undo :meth:`add` of candidate ``j`` for agent ``a``."""
        t, agenda = self.table, self.agendas[a]
        k = agenda.candidates.index(j)
        del agenda.starts[k], agenda.ends[k], agenda.candidates[k]
        day = int(t.day[j])
        agenda.days[day] -= 1
        if not agenda.days[day]:
            del agenda.days[day]
        agenda.paid_by_week[monday(day)] -= int(t.paid_min[j])
        agenda.weekend -= int(t.weekend[j])
        agenda.late -= int(t.late[j])

    def minimum(self, a: int, week: int) -> int:
        """The agent's weekly minimum for the ISO week starting on ordinal ``week``."""
        key = (a, week)
        if key not in self._minimum:
            self._minimum[key] = weekly_minimum_minutes(
                self.agents[a],
                monday_ordinal=week,
                first_ordinal=self.clock.first_ordinal,
                last_ordinal=self.clock.last_ordinal,
            )
        return self._minimum[key]

    def paid(self, a: int, week: int) -> int:
        return self.agendas[a].paid_by_week.get(week, 0)

    def forbidding_rule(self, a: int, j: int) -> str | None:
        """The first hard rule that agent ``a`` taking candidate ``j`` would break, or None.

        ``pool`` when the agent already works a shift overlapping it.
        """
        static = int(self.reasons[a, j])
        if static:
            return STATIC_RULES[static]
        t, agenda = self.table, self.agendas[a]
        start, end = int(t.start_min[j]), int(t.end_min[j])
        k = bisect.bisect_left(agenda.starts, start)
        rest = self.rules.min_rest_minutes
        before = agenda.ends[k - 1] if k else None
        after = agenda.starts[k] if k < len(agenda.starts) else None
        if (before is not None and before > start) or (after is not None and after < end):
            return "pool"
        if (before is not None and start - before < rest) or (
            after is not None and after - end < rest
        ):
            return "min_rest"
        day = int(t.day[j])
        if day not in agenda.days:
            if self._run_through(agenda, day) > self.rules.max_consecutive_days:
                return "max_consecutive_days"
            if not self._weekly_rest_kept(agenda, day):
                return "weekly_rest"
        if self.paid(a, monday(day)) + int(t.paid_min[j]) > self.agents[a].max_minutes_per_week:
            return "max_hours_per_week"
        return None

    def _run_through(self, agenda: Agenda, day: int) -> int:
        left = 0
        while day - left - 1 in agenda.days:
            left += 1
        right = 0
        while day + right + 1 in agenda.days:
            right += 1
        return left + 1 + right

    def _weekly_rest_kept(self, agenda: Agenda, day: int) -> bool:
        need = self.rules.weekly_rest_days
        if need == 0:
            return True
        first = monday(day)
        free = longest = 0
        for ordinal in range(first, first + 7):
            worked = ordinal == day or (
                ordinal in agenda.days
                and self.clock.first_ordinal <= ordinal <= self.clock.last_ordinal
            )
            free = 0 if worked else free + 1
            longest = max(longest, free)
        return longest >= need

    def weekday_of(self, j: int) -> int:
        return weekday(int(self.table.day[j]))
