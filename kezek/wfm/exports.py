"""Spreadsheet exports of workforce plans (openpyxl), in the queue's local time."""

from __future__ import annotations

import io
import zoneinfo
from collections.abc import Iterable, Sequence
from datetime import datetime

from django.utils.translation import gettext as _
from openpyxl import Workbook

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
    return _workbook(_("Schedule"), header, rows)


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
    return _workbook(_("Forecast"), header, rows)


def _workbook(title: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    book = Workbook()
    sheet = book.active or book.create_sheet()
    sheet.title = title[:31]  # Excel's limit on sheet names
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _naive(moment: datetime, zone: zoneinfo.ZoneInfo) -> datetime:
    """Local wall-clock time: Excel cells carry no time zone."""
    return moment.astimezone(zone).replace(tzinfo=None)


def _clock(text: str, zone: zoneinfo.ZoneInfo) -> str:
    return datetime.fromisoformat(text).astimezone(zone).strftime("%H:%M")
