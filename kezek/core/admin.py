from django.contrib import admin

from kezek.core.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "started_by", "status", "progress", "heartbeat_at", "created_at")
    list_filter = ("status",)
