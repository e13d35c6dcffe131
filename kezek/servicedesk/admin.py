"""Admin of the service desk: configuration (catalogue, groups, SLA, FAQ).

Business calendars are shared records: accounts' admin edits them.

Requests are worked in the desk's own pages, where the access policy and the confidential
access log apply; the admin does not list them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kezek.core.versions import VersionedAdmin
from kezek.servicedesk.models import (
    AgentProfile,
    Article,
    CannedResponse,
    KbCategory,
    Service,
    ServiceCategory,
    ServiceField,
    SlaPolicy,
    SupportGroup,
    SupportGroupMember,
)
from kezek.servicedesk.services.assignment import agent_loads_recount


class MemberInline(admin.TabularInline[SupportGroupMember, SupportGroup]):
    model = SupportGroupMember
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(SupportGroup)
class SupportGroupAdmin(VersionedAdmin):
    list_display = ["name", "assignment_rule", "escalation_to"]
    inlines = [MemberInline]


@admin.register(AgentProfile)
class AgentProfileAdmin(admin.ModelAdmin[AgentProfile]):
    list_display = ["user", "is_absent", "open_count"]
    list_filter = ["is_absent"]
    readonly_fields = ["open_count"]

    def save_model(self, request: HttpRequest, obj: AgentProfile, form: Any, change: bool) -> None:
        # The open counter is the services' (F() updates): never write back the value read here.
        if change:
            obj.save(update_fields=["skills", "is_absent"])
        else:
            obj.save()
            agent_loads_recount(user_ids=[obj.user_id])


class FieldInline(admin.TabularInline[ServiceField, Service]):
    model = ServiceField
    extra = 0


class PolicyInline(admin.TabularInline[SlaPolicy, Service]):
    model = SlaPolicy
    extra = 0


@admin.register(ServiceCategory)
class ServiceCategoryAdmin(VersionedAdmin):
    list_display = ["name", "order"]


@admin.register(Service)
class ServiceAdmin(VersionedAdmin):
    list_display = [
        "name",
        "code",
        "category",
        "group",
        "needs_approval",
        "is_confidential",
        "is_active",
    ]
    list_filter = ["category", "needs_approval", "is_confidential", "is_active"]
    search_fields = ["name", "code"]
    inlines = [FieldInline, PolicyInline]
    filter_horizontal = ["clients"]


@admin.register(CannedResponse)
class CannedResponseAdmin(admin.ModelAdmin[CannedResponse]):
    list_display = ["title", "group"]


@admin.register(KbCategory)
class KbCategoryAdmin(admin.ModelAdmin[KbCategory]):
    list_display = ["name", "order"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin[Article]):
    """Read-only here: articles are saved through ``article_save`` (versions, search index)."""

    list_display = ["title", "language", "category", "version", "is_published"]
    list_filter = ["language", "category", "is_published"]
    search_fields = ["title"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
