"""Rostering: named agents on shifts for one to six weeks, under hard rules (no Django).

The contract for the ``kezek roster`` command and the web pages built on this package:

Input
-----
* :class:`kezek.engine.scheduling.RequirementGrid` and a tuple of
  :class:`kezek.engine.scheduling.ShiftTemplate`, read exactly as ``kezek schedule`` reads
  ``req.csv`` and ``shifts.csv``; :class:`kezek.engine.scheduling.BreakRule` and
  :class:`~kezek.engine.scheduling.BreakToken` (``--break-minutes-per-hour``,
  ``--max-on-break``, ``--max-on-break-share``).
* One :class:`Agent` per row of ``agents.csv`` (``agent_id, min_minutes_per_week,
  max_minutes_per_week, availability, unavailable_dates, templates``; engine-only:
  ``skills, preferred_templates, preferred_days_off``). :func:`agent_from_cells` reads a row's
  cells; :func:`parse_availability` (``Mon-Fri 07:00-15:00;Sat 08:00-20:00`` into
  :class:`AvailabilityWindow`), :func:`parse_unavailable_dates`, :func:`parse_template_list`
  and :func:`parse_hours` read single cells. Each raises ``ValueError`` whose message starts
  with the ``where`` it is given (``agents.csv line 4, column availability``) and quotes the
  cell. :func:`check_pool` refuses, naming the agent, an id twice, unknown templates, leave
  outside the period, and a window no template the agent may work fits (``make_roster``
  calls it; min > max is refused by :class:`Agent` itself).
* :class:`RosterRules` (``min_rest_minutes=660``, ``max_consecutive_days=5``,
  ``weekly_rest_days=2``: the CLI's ``--min-rest-hours`` and ``--max-consecutive-days``),
  ``skill`` (the queue's), :class:`RosterGoals` (what is a weekend and a late shift, the
  solver's effort and method), ``time_limit_s`` (``--time-limit-seconds``).

Output: :func:`make_roster` returns a :class:`Roster`
------------------------------------------------------
* ``shifts``: :class:`RosterShift` (``agent_id, template, start_min, end_min, breaks_min,
  lunch_min``; elapsed minutes from the grid's first interval, as
  :class:`kezek.engine.scheduling.AgentShift`), one per worked shift: the rows of
  ``roster.csv`` (``agent_id,shift,start,end,breaks``; ``off_floor_min`` are the breaks
  column with lunch).
* ``--json``: ``agents`` = ``len(loads)``, ``shifts`` = ``len(shifts)``, ``paid_hours``,
  ``shortfall_agent_intervals``, ``overstaffed_agent_intervals``, ``rule_violations`` =
  ``violations`` (:class:`Violation`: ``agent_id, rule, date, message``; ``rule`` one of
  :data:`RULES`), ``unused_agents``, ``solve_seconds``, ``status``. Also: ``shortfall``
  (:class:`IntervalShortfall` per short interval: ``interval, required, net, short,
  binding_rule``), ``binding_rules`` (short agent-intervals per rule), ``loads``
  (:class:`AgentLoad` per agent: shifts, paid minutes, weekend and late shifts),
  ``weekend_shift_std``, ``late_shift_std``, ``plan_paid_minutes``,
  ``lower_bound_minutes``, ``plan_method``, ``assignment``, ``unplaced_break_minutes``,
  ``coverage`` (:class:`kezek.engine.scheduling.Coverage`), ``on_break_by_minute``.
* :func:`check_roster` checks any list of :class:`RosterShift` against every hard rule
  (the web editor's check of a manual change, the tests' independent check of the solver)
  and returns the violations ordered by agent, date and rule.

Time: elapsed minutes inside, local dates for days and ISO weeks (``wall_days`` of the
grid); a shift belongs to the local date it starts on; rest is elapsed time, so right across
DST changes. Method: :mod:`.solve` (the anonymous plan by ``make_schedule``, then CP-SAT
week by week or date-by-date matching, then repair) and ``docs/decisions/0008``.
"""

from .agents import (
    WEEKDAYS,
    Agent,
    AvailabilityWindow,
    agent_from_cells,
    check_pool,
    format_window,
    parse_availability,
    parse_hours,
    parse_template_list,
    parse_unavailable_dates,
)
from .rules import (
    RULES,
    RosterRules,
    RosterShift,
    Violation,
    check_roster,
    inside_availability,
    weekly_minimum_minutes,
)
from .solve import (
    CP_SAT_LIMIT,
    EXACT_PLAN_LIMIT,
    AgentLoad,
    IntervalShortfall,
    Roster,
    RosterGoals,
    make_roster,
)

__all__ = [
    "CP_SAT_LIMIT",
    "EXACT_PLAN_LIMIT",
    "RULES",
    "WEEKDAYS",
    "Agent",
    "AgentLoad",
    "AvailabilityWindow",
    "IntervalShortfall",
    "Roster",
    "RosterGoals",
    "RosterRules",
    "RosterShift",
    "Violation",
    "agent_from_cells",
    "check_pool",
    "check_roster",
    "format_window",
    "inside_availability",
    "make_roster",
    "parse_availability",
    "parse_hours",
    "parse_template_list",
    "parse_unavailable_dates",
    "weekly_minimum_minutes",
]
