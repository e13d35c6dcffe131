"""Models of the surveys app: questionnaires, campaigns, responses, the feedback programme."""

from kezek.surveys.models.campaigns import Campaign, Invitation
from kezek.surveys.models.programme import (
    Action,
    Clarification,
    Feedback,
    ParticipantReport,
    Theme,
)
from kezek.surveys.models.questionnaires import (
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Section,
    localized,
)
from kezek.surveys.models.responses import Answer, RatingTally, Response, ResponseAgent

__all__ = [
    "Action",
    "Answer",
    "Campaign",
    "Clarification",
    "Feedback",
    "Invitation",
    "ParticipantReport",
    "Question",
    "Questionnaire",
    "QuestionnaireVersion",
    "RatingTally",
    "Response",
    "ResponseAgent",
    "Section",
    "Theme",
    "localized",
]
