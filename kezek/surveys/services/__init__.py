"""Writes of the surveys app: the only code that saves its models.

Grouped by subject; everything public is re-exported here, so callers write
``from kezek.surveys.services import transactional_survey_offer``.
"""

from kezek.surveys.services.campaigns import (
    AudienceSize,
    SurveyOffer,
    audience_query,
    audience_size,
    campaign_close,
    campaign_create,
    campaign_invite,
    campaign_open,
    campaign_send_reminders,
    invitation_create,
    survey_offer_on_resolution,
    transactional_survey_offer,
)
from kezek.surveys.services.programme import (
    action_create,
    action_update,
    actions_alert_overdue,
    clarification_add,
    feedback_triage,
    report_publish,
    theme_create,
    theme_triage,
)
from kezek.surveys.services.questionnaires import (
    question_update,
    questionnaire_import,
    section_update,
    version_draft_create,
    version_publish,
    version_update,
)
from kezek.surveys.services.responses import (
    invitation_by_token,
    paper_response_enter,
    response_submit,
    response_submit_by_token,
    tallies_rebuild,
)

__all__ = [
    "AudienceSize",
    "SurveyOffer",
    "action_create",
    "action_update",
    "actions_alert_overdue",
    "audience_query",
    "audience_size",
    "campaign_close",
    "campaign_create",
    "campaign_invite",
    "campaign_open",
    "campaign_send_reminders",
    "clarification_add",
    "feedback_triage",
    "invitation_by_token",
    "invitation_create",
    "paper_response_enter",
    "question_update",
    "questionnaire_import",
    "report_publish",
    "response_submit",
    "response_submit_by_token",
    "section_update",
    "survey_offer_on_resolution",
    "tallies_rebuild",
    "theme_create",
    "theme_triage",
    "transactional_survey_offer",
    "version_draft_create",
    "version_publish",
    "version_update",
]
