"""Spreadsheet exports of workforce plans (openpyxl)."""

from __future__ import annotations

import io
import zoneinfo
from datetime import datetime

from django.utils.translation import gettext as _
from openpyxl import Workbook

from kezek.wfm.models import Schedule


def schedule_workbook(schedule: Schedule) -> bytes:
    """One row per agent-shift in the queue's local time, with a column for the agent's name."""
    zone = zoneinfo.ZoneInfo(schedule.plan.forecast.queue.time_zone)
    book = Workbook()
    sheet = book.active or book.create_sheet()
    sheet.title = _("Schedule")[:31]
    sheet.append([_("Agent slot"), _("Shift"), _("Start"), _("End"), _("Breaks"), _("Agent")])
    for shift in schedule.shifts.all():
        breaks = "; ".join(f"{_clock(a, zone)}-{_clock(b, zone)}" for a, b in shift.breaks)
        sheet.append(
            [
                shift.agent_slot,
                shift.template_name,
                shift.starts_at.astimezone(zone).replace(tzinfo=None),
                shift.ends_at.astimezone(zone).replace(tzinfo=None),
                breaks,
                "",
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _clock(text: str, zone: zoneinfo.ZoneInfo) -> str:
    return datetime.fromisoformat(text).astimezone(zone).strftime("%H:%M")
