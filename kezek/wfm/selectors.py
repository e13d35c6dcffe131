"""Reads of workforce planning, always scoped by the access policy."""

from __future__ import annotations

import zoneinfo
from datetime import date
from typing import Any

from django.db.models import QuerySet, Sum
from django.db.models.functions import TruncDate

from kezek.core.policy import Action, rows
from kezek.wfm.models import Forecast, HistoryImport, HistoryInterval, Queue, StaffingPlan


def queues_for(user: Any, *, action: Action = "view") -> QuerySet[Queue]:
    return rows(user, Queue, action).select_related("organisation", "vendor").order_by("name")


def history_imports_for(user: Any, *, queue: Queue) -> QuerySet[HistoryImport]:
    return rows(user, HistoryImport).filter(queue=queue).select_related("imported_by")


def forecasts_for(user: Any, *, action: Action = "view") -> QuerySet[Forecast]:
    return rows(user, Forecast, action).select_related("queue", "created_by")


def staffing_plans_for(user: Any, *, action: Action = "view") -> QuerySet[StaffingPlan]:
    return rows(user, StaffingPlan, action).select_related("forecast__queue", "published_by")


def daily_calls(user: Any, *, queue: Queue) -> list[tuple[date, int]]:
    """Calls per day of ``queue``'s history, by the day in the queue's time zone."""
    totals = (
        rows(user, HistoryInterval)
        .filter(queue=queue)
        .annotate(day=TruncDate("starts_at", tzinfo=zoneinfo.ZoneInfo(queue.time_zone)))
        .values("day")
        .annotate(calls=Sum("calls"))
        .order_by("day")
    )
    return [(row["day"], row["calls"]) for row in totals]
