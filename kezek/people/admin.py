"""The admin site shows staff records read-only: people change them through the pages, whose
services keep the status history and the ACD login periods consistent."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from kezek.core.versions import VersionedAdmin
from kezek.people.models import AcdLogin, StaffMember


class ReadOnlyInline(admin.TabularInline):  # type: ignore[type-arg]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AcdLoginInline(ReadOnlyInline):
    model = AcdLogin


@admin.register(StaffMember)
class StaffMemberAdmin(VersionedAdmin, SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = (
        "staff_number",
        "last_name",
        "first_name",
        "organisation",
        "team",
        "position",
        "status",
    )
    list_filter = ("organisation", "position", "status")
    list_select_related = ("organisation", "team")
    search_fields = ("staff_number", "first_name", "last_name", "acd_logins__login_id")
    inlines = [AcdLoginInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
