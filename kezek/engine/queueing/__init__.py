"""Queueing models for contact-centre staffing: Erlang B, Erlang C and Erlang A.

Pure functions over numpy arrays (one entry per interval) returning frozen
dataclasses. ``staff_interval`` is the one call a service needs; its result's
fields are the keys of ``kezek staffing --json``. ``staff_intervals`` does the
same for many intervals at once.
"""

from kezek.engine.queueing.erlang_a import erlang_a_measures
from kezek.engine.queueing.erlang_b import erlang_b
from kezek.engine.queueing.erlang_c import erlang_c, erlang_c_measures
from kezek.engine.queueing.measures import QueueMeasures
from kezek.engine.queueing.staffing import (
    MAX_AGENTS,
    SERVICE_LEVEL_DEFINITIONS,
    IntervalStaffing,
    StaffingTable,
    scheduled_agents,
    staff_interval,
    staff_intervals,
)

__all__ = [
    "MAX_AGENTS",
    "SERVICE_LEVEL_DEFINITIONS",
    "IntervalStaffing",
    "QueueMeasures",
    "StaffingTable",
    "erlang_a_measures",
    "erlang_b",
    "erlang_c",
    "erlang_c_measures",
    "scheduled_agents",
    "staff_interval",
    "staff_intervals",
]
