"""Workforce-management records: queues, their history, forecasts, staffing plans, schedules."""

from kezek.wfm.models.forecasts import (
    Forecast,
    ForecastInterval,
    ForecastMethod,
    ForecastOverride,
    SpecialDay,
)
from kezek.wfm.models.history import HistoryImport, HistoryInterval
from kezek.wfm.models.queues import Queue
from kezek.wfm.models.schedules import Schedule, ScheduledShift, ShiftTemplate
from kezek.wfm.models.staffing import QueueingModel, StaffingPlan, StaffingRequirement

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
