"""The hard rules of a roster and :func:`check_roster`, which checks any roster against them.

Rules (names as in :attr:`Violation.rule`):

``agent``
    The shift's agent is in the pool.
``skill``
    The agent has the skill the queue needs (when the roster names one).
``template``
    The template exists, the agent may work it, and the shift is one of its starts on the grid
    with its length.
``availability``
    The shift lies wholly inside one of the agent's availability windows (local wall clock).
``unavailable_date``
    The shift does not start on a date of the agent's leave.
``overlap``
    Two shifts of an agent do not overlap.
``min_rest``
    At least ``min_rest_minutes`` of elapsed time between the end of a shift and the start of
    the agent's next one (11 hours by default; elapsed, so right across DST changes).
``max_consecutive_days``
    At most ``max_consecutive_days`` local dates in a row with a shift starting on them.
``weekly_rest``
    Every ISO week holds ``weekly_rest_days`` consecutive dates without a shift start; dates of
    the week outside the roster period count as free.
``max_hours_per_week``, ``min_hours_per_week``
    Paid minutes (lunch unpaid) of the shifts starting in an ISO week lie within the agent's
    bounds; the minimum is scaled by :func:`weekly_minimum_minutes`.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from kezek.engine.scheduling import RequirementGrid, ShiftTemplate, expand_candidates

from .agents import Agent
from .clock import PeriodClock, monday, weekday

__all__ = [
    "RULES",
    "RosterRules",
    "RosterShift",
    "Violation",
    "check_roster",
    "inside_availability",
    "weekly_minimum_minutes",
]

RULES = (
    "agent",
    "skill",
    "template",
    "availability",
    "unavailable_date",
    "overlap",
    "min_rest",
    "max_consecutive_days",
    "weekly_rest",
    "max_hours_per_week",
    "min_hours_per_week",
)
MINUTES_PER_DAY = 1440


@dataclass(frozen=True, slots=True)
class RosterRules:
    """The rule parameters (the CLI's ``--min-rest-hours`` and ``--max-consecutive-days``)."""

    min_rest_minutes: int = 11 * 60
    max_consecutive_days: int = 5
    weekly_rest_days: int = 2

    def __post_init__(self) -> None:
        if not 0 <= self.min_rest_minutes <= 7 * MINUTES_PER_DAY:
            raise ValueError(f"min_rest_minutes must be in 0..10080, got {self.min_rest_minutes}")
        if not 1 <= self.max_consecutive_days <= 366:
            raise ValueError(
                f"max_consecutive_days must be at least 1, got {self.max_consecutive_days}"
            )
        if not 0 <= self.weekly_rest_days <= 7:
            raise ValueError(f"weekly_rest_days must be in 0..7, got {self.weekly_rest_days}")


@dataclass(frozen=True, slots=True)
class RosterShift:
    """One shift of one named agent; times in elapsed minutes from the grid's first interval.

    ``breaks_min`` holds the merged break segments, ``lunch_min`` the lunch, as in
    :class:`kezek.engine.scheduling.AgentShift`.
    """

    agent_id: str
    template: str
    start_min: int
    end_min: int
    breaks_min: tuple[tuple[int, int], ...] = ()
    lunch_min: tuple[int, int] | None = None

    @property
    def off_floor_min(self) -> tuple[tuple[int, int], ...]:
        """Breaks and lunch in time order (as the roster file shows them)."""
        lunch = (self.lunch_min,) if self.lunch_min else ()
        return tuple(sorted(self.breaks_min + lunch))


@dataclass(frozen=True, slots=True)
class Violation:
    """A hard rule a roster breaks: whose, which (one of :data:`RULES`), on which local date."""

    agent_id: str
    rule: str
    date: dt.date | None
    message: str


def weekly_minimum_minutes(
    agent: Agent, *, monday_ordinal: int, first_ordinal: int, last_ordinal: int
) -> int:
    """The agent's weekly minimum for the ISO week starting ``monday_ordinal``.

    Scaled by the share of the agent's working days that are usable: working days are the
    dates of the week on whose weekday the agent has a window (all seven without windows);
    usable ones lie inside the period and are not leave. A Monday-Friday agent with one day of
    leave owes 4/5 of the minimum; a week that is half outside the period, half of it.
    """
    days = range(monday_ordinal, monday_ordinal + 7)
    open_days = {d for w in agent.availability for d in w.weekdays}
    working = [d for d in days if not agent.availability or weekday(d) in open_days]
    if not working:
        return 0
    usable = [
        d
        for d in working
        if first_ordinal <= d <= last_ordinal
        and dt.date.fromordinal(d) not in agent.unavailable_dates
    ]
    return agent.min_minutes_per_week * len(usable) // len(working)


def inside_availability(agent: Agent, start_key: int, end_key: int) -> bool:
    """Whether local wall-clock keys (day ordinal × 1440 + minute) lie in one window."""
    if not agent.availability:
        return True
    day = start_key // MINUTES_PER_DAY
    for window in agent.availability:
        for window_day in (day, day - 1):
            if weekday(window_day) not in window.weekdays:
                continue
            base = window_day * MINUTES_PER_DAY
            if base + window.start_minute <= start_key and end_key <= base + window.end_minute:
                return True
    return False


class _Checker:
    """Collects the violations of one roster."""

    def __init__(
        self,
        agents: Sequence[Agent],
        templates: tuple[ShiftTemplate, ...],
        grid: RequirementGrid,
        rules: RosterRules,
        skill: str | None,
    ) -> None:
        self.agents = {a.agent_id: a for a in agents}
        self.templates = {t.name: t for t in templates}
        self.clock = PeriodClock.of(grid)
        self.rules = rules
        self.skill = skill
        candidates = expand_candidates(templates=templates, grid=grid)
        self.starts = {
            (templates[int(t)].name, int(i) * grid.interval_minutes)
            for t, i in zip(candidates.template_index, candidates.start_interval, strict=True)
        }
        self.found: list[Violation] = []

    def add(self, agent_id: str, rule: str, ordinal: int | None, message: str) -> None:
        date = None if ordinal is None else dt.date.fromordinal(ordinal)
        self.found.append(Violation(agent_id, rule, date, message))

    def shift(self, agent: Agent, s: RosterShift) -> None:
        """The rules that one shift keeps or breaks on its own."""
        key0, key1 = (int(k) for k in self.clock.wall_key(np.array([s.start_min, s.end_min])))
        day = key0 // MINUTES_PER_DAY
        when = f"the {s.template!r} shift starting {_wall(key0)}"
        if self.skill is not None and self.skill not in agent.skills:
            self.add(agent.agent_id, "skill", day, f"{when}: the agent lacks skill {self.skill!r}")
        template = self.templates.get(s.template)
        if template is None:
            self.add(agent.agent_id, "template", day, f"{when}: no such shift template")
        elif not agent.may_work(s.template):
            self.add(agent.agent_id, "template", day, f"{when}: the agent may not work it")
        elif (s.template, s.start_min) not in self.starts or (
            s.end_min - s.start_min != template.length_minutes
        ):
            self.add(
                agent.agent_id, "template", day, f"{when}: not a start or length of the template"
            )
        if not inside_availability(agent, key0, key1):
            self.add(
                agent.agent_id, "availability", day, f"{when}: outside the agent's availability"
            )
        if dt.date.fromordinal(day) in agent.unavailable_dates:
            self.add(agent.agent_id, "unavailable_date", day, f"{when}: the agent is on leave")

    def sequence(self, agent: Agent, shifts: list[RosterShift]) -> None:
        """Overlap and rest between an agent's shifts, in time order."""
        rest = self.rules.min_rest_minutes
        for before, after in itertools.pairwise(shifts):
            day = int(self.clock.day_of(after.start_min))
            when = f"the shift starting {_wall(int(self.clock.wall_key(after.start_min)))}"
            if after.start_min < before.end_min:
                self.add(agent.agent_id, "overlap", day, f"{when} overlaps the one before")
            elif after.start_min - before.end_min < rest:
                gap = after.start_min - before.end_min
                self.add(
                    agent.agent_id,
                    "min_rest",
                    day,
                    f"{when} follows the one before after {_duration(gap)}, "
                    f"less than {_duration(rest)}",
                )

    def days(self, agent: Agent, worked: set[int]) -> None:
        """Consecutive days and the weekly rest."""
        limit, run = self.rules.max_consecutive_days, 0
        for ordinal in range(self.clock.first_ordinal, self.clock.last_ordinal + 1):
            run = run + 1 if ordinal in worked else 0
            if run == limit + 1:
                self.add(
                    agent.agent_id,
                    "max_consecutive_days",
                    ordinal,
                    f"more than {limit} days in a row up to {dt.date.fromordinal(ordinal)}",
                )
        need = self.rules.weekly_rest_days
        if need == 0:
            return
        for first in self._mondays():
            free, longest = 0, 0
            for ordinal in range(first, first + 7):
                free = 0 if ordinal in worked else free + 1
                longest = max(longest, free)
            if longest < need:
                self.add(
                    agent.agent_id,
                    "weekly_rest",
                    first,
                    f"the week of {dt.date.fromordinal(first)} has no {need} consecutive days off",
                )

    def _mondays(self) -> range:
        start = monday(self.clock.first_ordinal)
        return range(start, self.clock.last_ordinal + 1, 7)

    def hours(self, agent: Agent, paid_by_week: dict[int, int]) -> None:
        for first in self._mondays():
            paid = paid_by_week.get(first, 0)
            low = weekly_minimum_minutes(
                agent,
                monday_ordinal=first,
                first_ordinal=self.clock.first_ordinal,
                last_ordinal=self.clock.last_ordinal,
            )
            week = dt.date.fromordinal(first)
            if paid > agent.max_minutes_per_week:
                self.add(
                    agent.agent_id,
                    "max_hours_per_week",
                    first,
                    f"{_duration(paid)} paid in the week of {week}, above the maximum "
                    f"{_duration(agent.max_minutes_per_week)}",
                )
            if paid < low:
                self.add(
                    agent.agent_id,
                    "min_hours_per_week",
                    first,
                    f"{_duration(paid)} paid in the week of {week}, below the minimum "
                    f"{_duration(low)}",
                )


def _wall(key: int) -> str:
    day, minute = divmod(key, MINUTES_PER_DAY)
    return f"{dt.date.fromordinal(day).isoformat()} {minute // 60:02d}:{minute % 60:02d}"


def _duration(minutes: int) -> str:
    return f"{minutes / 60:g} h"


def check_roster(
    *,
    shifts: Sequence[RosterShift],
    agents: Sequence[Agent],
    templates: tuple[ShiftTemplate, ...],
    grid: RequirementGrid,
    rules: RosterRules | None = None,
    skill: str | None = None,
) -> tuple[Violation, ...]:
    """Every hard rule that ``shifts`` break, ordered by agent, date and rule.

    Independent of the solver: it serves the web editor (a manual change checked at once) and
    the tests (the solver's output checked by other code than produced it).
    """
    checker = _Checker(agents, templates, grid, rules or RosterRules(), skill)
    by_agent: dict[str, list[RosterShift]] = defaultdict(list)
    for s in shifts:
        if s.agent_id not in checker.agents:
            day = int(checker.clock.day_of(s.start_min))
            checker.add(s.agent_id, "agent", day, "the agent is not in the pool")
            continue
        by_agent[s.agent_id].append(s)
    for agent in agents:
        own = sorted(by_agent.get(agent.agent_id, []), key=lambda s: (s.start_min, s.end_min))
        paid_by_week: dict[int, int] = defaultdict(int)
        worked: set[int] = set()
        for s in own:
            checker.shift(agent, s)
            day = int(checker.clock.day_of(s.start_min))
            worked.add(day)
            lunch = 0 if s.lunch_min is None else s.lunch_min[1] - s.lunch_min[0]
            template = checker.templates.get(s.template)
            paid = s.end_min - s.start_min - (template.lunch_minutes if template else lunch)
            paid_by_week[monday(day)] += paid
        checker.sequence(agent, own)
        checker.days(agent, worked)
        checker.hours(agent, paid_by_week)
    order = {rule: k for k, rule in enumerate(RULES)}
    return tuple(
        sorted(
            checker.found,
            key=lambda v: (v.agent_id, v.date or dt.date.min, order[v.rule], v.message),
        )
    )
