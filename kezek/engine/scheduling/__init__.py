"""Shift scheduling: from agents required per interval to agent-shifts with breaks and lunch.

The steps are plain functions: :func:`expand_candidates` lays the shift templates on the
requirement's grid, :func:`solve_roster` chooses agents per candidate (block by block: a
covering repaired by break placement, then HiGHS on the MILP with implicit breaks),
:func:`place_breaks` gives each agent its lunch and break segments under the break token, and
:func:`net_coverage` measures the result minute by minute. :func:`make_schedule` runs them in
order.
"""

from .breaks import AgentShift, BreakPlan, place_breaks
from .coverage import Coverage, OnShift, coverage_of, minute_counts, net_coverage
from .model import BreakToken, TemplateLayout, template_layouts
from .plan import Schedule, make_schedule
from .roster import RosterSolution, solve_roster
from .shifts import (
    BreakRule,
    Candidates,
    RequirementGrid,
    ShiftTemplate,
    break_segments_per_shift,
    expand_candidates,
    parse_hhmm,
    uncovered_required_intervals,
)

__all__ = [
    "AgentShift",
    "BreakPlan",
    "BreakRule",
    "BreakToken",
    "Candidates",
    "Coverage",
    "OnShift",
    "RequirementGrid",
    "RosterSolution",
    "Schedule",
    "ShiftTemplate",
    "TemplateLayout",
    "break_segments_per_shift",
    "coverage_of",
    "expand_candidates",
    "make_schedule",
    "minute_counts",
    "net_coverage",
    "parse_hhmm",
    "place_breaks",
    "solve_roster",
    "template_layouts",
    "uncovered_required_intervals",
]
