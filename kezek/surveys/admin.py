from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kezek.core.versions import VersionedAdmin
from kezek.surveys.models import Action, Campaign, Feedback, QuestionnaireVersion


@admin.register(QuestionnaireVersion)
class VersionAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("questionnaire", "number", "status", "published_at")
    list_filter = ("status",)
    readonly_fields = ("status", "published_at", "published_by")

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        # Published versions never change; drafts are edited through the pages.
        return False


@admin.register(Campaign)
class CampaignAdmin(VersionedAdmin, SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("name", "kind", "status", "anonymous", "opens_at", "closes_at")
    list_filter = ("kind", "status", "anonymous")


@admin.register(Feedback)
class FeedbackAdmin(VersionedAdmin, SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("campaign", "status", "organisation", "created_at")
    list_filter = ("status",)
    exclude = ("response",)  # never offer a path from a comment to who wrote it


@admin.register(Action)
class ActionAdmin(VersionedAdmin, SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ("title", "campaign", "owner", "due_on", "status", "percent_complete")
    list_filter = ("status",)
