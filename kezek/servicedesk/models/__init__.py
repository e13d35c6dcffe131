"""Models of the service desk: catalogue and SLA setup, requests, knowledge base."""

from kezek.servicedesk.models.catalogue import (
    AgentProfile,
    Service,
    ServiceCategory,
    ServiceField,
    SlaPolicy,
    SupportGroup,
    SupportGroupMember,
)
from kezek.servicedesk.models.kb import (
    Article,
    ArticleFeedback,
    ArticleVersion,
    KbCategory,
    SuggestionEvent,
)
from kezek.servicedesk.models.requests import (
    Approval,
    Attachment,
    CannedResponse,
    ConfidentialAccess,
    Reply,
    Request,
    RequestEvent,
    SlaPause,
)

__all__ = [
    "AgentProfile",
    "Approval",
    "Article",
    "ArticleFeedback",
    "ArticleVersion",
    "Attachment",
    "CannedResponse",
    "ConfidentialAccess",
    "KbCategory",
    "Reply",
    "Request",
    "RequestEvent",
    "Service",
    "ServiceCategory",
    "ServiceField",
    "SlaPause",
    "SlaPolicy",
    "SuggestionEvent",
    "SupportGroup",
    "SupportGroupMember",
]
