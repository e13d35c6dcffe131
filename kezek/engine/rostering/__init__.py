"""Rostering: named agents on shifts for one to six weeks, under hard rules.

Placeholder docstring; the contract is written out below once settled.
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
from .rules import RULES, RosterRules, RosterShift, Violation, check_roster, weekly_minimum_minutes
from .solve import AgentLoad, IntervalShortfall, Roster, RosterGoals, make_roster

__all__ = [
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
    "make_roster",
    "parse_availability",
    "parse_hours",
    "parse_template_list",
    "parse_unavailable_dates",
    "weekly_minimum_minutes",
]
