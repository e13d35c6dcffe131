"""Kezek's numerical core: queueing, forecasting, scheduling, calendars, sampling.

A library in its own right: it imports no Django and no Kezek app. The most used
names are re-exported here; they are imported on first use, so that
``import kezek.engine.queueing`` does not pay for the scheduling solvers.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "queueing": ("erlang_b", "erlang_c", "erlang_a_measures", "staff_interval", "staff_intervals"),
    "forecasting": (
        "LevelShapeForecaster",
        "AhtForecaster",
        "forecast_from_origin",
        "forecast_rolling",
    ),
    "scheduling": ("ShiftTemplate", "BreakRule", "BreakToken", "RequirementGrid", "make_schedule"),
    "calendars": ("BusinessCalendar", "sla_deadline", "sla_status"),
    "sampling": ("sample_size", "wilson_interval", "nps", "top_box", "allocate_monitoring"),
}
_HOME = {name: package for package, names in _EXPORTS.items() for name in names}

__all__ = sorted(_HOME)


def __getattr__(name: str) -> Any:
    package = _HOME.get(name)
    if package is None:
        raise AttributeError(f"module 'kezek.engine' has no attribute {name!r}")
    return getattr(importlib.import_module(f"kezek.engine.{package}"), name)
