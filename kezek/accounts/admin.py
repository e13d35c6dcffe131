from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from kezek.accounts.calendars import calendar_touch
from kezek.accounts.models import (
    ApiToken,
    BusinessCalendarModel,
    CalendarHoliday,
    CalendarWindow,
    Membership,
    Organisation,
    Site,
    Team,
    User,
)
from kezek.core.versions import VersionedAdmin


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    extra = 0


@admin.register(User)
class PersonAdmin(SimpleHistoryAdmin, UserAdmin):  # type: ignore[misc,type-arg]
    list_display = ("username", "first_name", "last_name", "organisation", "is_active")
    list_filter = ("organisation__kind", "organisation", "is_active")
    list_select_related = ("organisation",)
    search_fields = ("username", "first_name", "last_name", "email")
    inlines = [MembershipInline]
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (_("Kezek"), {"fields": ("organisation", "preferred_language")}),
    )


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("name", "kind", "time_zone", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name",)


@admin.register(Site)
class SiteAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("name", "organisation", "city", "time_zone")
    list_filter = ("organisation",)


class WindowInline(admin.TabularInline[CalendarWindow, BusinessCalendarModel]):
    model = CalendarWindow
    extra = 0


class HolidayInline(admin.TabularInline[CalendarHoliday, BusinessCalendarModel]):
    model = CalendarHoliday
    extra = 0


@admin.register(BusinessCalendarModel)
class CalendarAdmin(VersionedAdmin):
    list_display = ["name", "time_zone", "updated_at"]
    inlines = [WindowInline, HolidayInline]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        calendar_touch(calendar=form.instance)  # the engine calendar is rebuilt on next use


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("name", "organisation", "site", "leader")
    list_filter = ("organisation",)
    list_select_related = ("organisation", "site", "leader")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "user", "created_at", "last_used_at")
    readonly_fields = ("key_hash", "created_at", "last_used_at")
