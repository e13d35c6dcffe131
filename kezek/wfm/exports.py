"""Spreadsheet exports of workforce plans, in the queue's local time."""

from __future__ import annotations

import zoneinfo
from datetime import datetime

from django.utils.translation import gettext as _

from kezek.core.spreadsheets import xlsx_bytes
from kezek.wfm.models import Forecast, Schedule


def schedule_workbook(schedule: Schedule) -> bytes:
    """One row per agent-shift, with an empty column for the vendor to name the agent."""
    zone = zoneinfo.ZoneInfo(schedule.plan.forecast.queue.time_zone)
    rows = (
        [
            shift.agent_slot,
            shift.template_name,
            _naive(shift.starts_at, zone),
            _naive(shift.ends_at, zone),
            "; ".join(f"{_clock(a, zone)}-{_clock(b, zone)}" for a, b in shift.breaks),
            "",
        ]
        for shift in schedule.shifts.all()
    )
    header = [_("Agent slot"), _("Shift"), _("Start"), _("End"), _("Breaks"), _("Agent")]
    return xlsx_bytes({_("Schedule"): [header, *rows]})


def forecast_workbook(forecast: Forecast) -> bytes:
    """The forecast per interval: planner's calls, model calls, bands and AHT."""
    zone = zoneinfo.ZoneInfo(forecast.queue.time_zone)
    rows = (
        [
            _naive(i.starts_at, zone),
            i.calls,
            i.model_calls,
            i.lower_80,
            i.upper_80,
            i.lower_95,
            i.upper_95,
            i.aht_seconds,
        ]
        for i in forecast.intervals.all()
    )
    header = [
        _("Interval start"),
        _("Calls"),
        _("Forecast calls"),
        _("Lower 80%"),
        _("Upper 80%"),
        _("Lower 95%"),
        _("Upper 95%"),
        _("AHT (s)"),
    ]
    return xlsx_bytes({_("Forecast"): [header, *rows]})


def _naive(moment: datetime, zone: zoneinfo.ZoneInfo) -> datetime:
    """Local wall-clock time: Excel cells carry no time zone."""
    return moment.astimezone(zone).replace(tzinfo=None)


def _clock(text: str, zone: zoneinfo.ZoneInfo) -> str:
    return datetime.fromisoformat(text).astimezone(zone).strftime("%H:%M")
