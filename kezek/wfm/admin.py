from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kezek.core.versions import VersionedAdmin
from kezek.wfm.models import (
    Forecast,
    HistoryImport,
    Queue,
    Schedule,
    ShiftTemplate,
    SpecialDay,
    StaffingPlan,
)


@admin.register(Queue)
class QueueAdmin(VersionedAdmin, SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("name", "organisation", "vendor", "time_zone", "interval_minutes")
    list_filter = ("organisation", "vendor")
    search_fields = ("name",)


@admin.register(ShiftTemplate)
class ShiftTemplateAdmin(VersionedAdmin, SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = (
        "name",
        "organisation",
        "earliest_start",
        "latest_start",
        "start_step_minutes",
        "length_minutes",
        "lunch_minutes",
        "is_active",
    )
    list_filter = ("organisation", "is_active")


@admin.register(SpecialDay)
class SpecialDayAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("day", "queue", "factor", "reason")
    list_filter = ("queue",)
    date_hierarchy = "day"


@admin.register(HistoryImport)
class HistoryImportAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("file_name", "queue", "intervals", "imported_by", "imported_at")
    list_filter = ("queue",)


@admin.register(Forecast)
class ForecastAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("queue", "origin", "horizon_days", "method", "created_by", "created_at")
    list_filter = ("queue",)


@admin.register(StaffingPlan)
class StaffingPlanAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("forecast", "is_current", "model", "published_by", "published_at")
    list_filter = ("is_current",)


@admin.register(Schedule)
class ScheduleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "plan",
        "paid_hours",
        "lower_bound_hours",
        "shortfall_agent_intervals",
        "created_at",
    )
