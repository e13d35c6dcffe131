"""Workforce-management records: queues, their history, forecasts, staffing plans, schedules."""

from kezek.wfm.choices import ForecastMethod, QueueingModel
from kezek.wfm.models.forecasts import (
    Forecast,
    ForecastInterval,
    ForecastOverride,
    SpecialDay,
)
from kezek.wfm.models.history import HistoryImport, HistoryInterval
from kezek.wfm.models.queues import Queue
from kezek.wfm.models.schedules import Schedule, ScheduledShift, ShiftTemplate
from kezek.wfm.models.staffing import StaffingPlan, StaffingRequirement

__all__ = [
    "Forecast",
    "ForecastInterval",
    "ForecastMethod",
    "ForecastOverride",
    "HistoryImport",
    "HistoryInterval",
    "Queue",
    "QueueingModel",
    "Schedule",
    "ScheduledShift",
    "ShiftTemplate",
    "SpecialDay",
    "StaffingPlan",
    "StaffingRequirement",
]
