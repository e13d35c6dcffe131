"""API endpoints of the service desk: catalogue, requests, replies, approvals, FAQ search.

Every endpoint reads through the selectors and writes through the services, so the access
policy scopes it exactly like the pages; another company's request answers 404.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from kezek.accounts.models import User
from kezek.core.api import Pages
from kezek.core.policy import get_or_404
from kezek.servicedesk import selectors
from kezek.servicedesk.forms import RequestForm
from kezek.servicedesk.models import Article, Request
from kezek.servicedesk.services import approvals as approval_services
from kezek.servicedesk.services import kb
from kezek.servicedesk.services import requests as request_services

router = Router(tags=["servicedesk"])


class FieldOut(Schema):
    key: str
    label: str
    kind: str
    required: bool
    choices: list[str]

    @staticmethod
    def resolve_label(obj: Any) -> str:
        return str(obj.display_label)

    @staticmethod
    def resolve_choices(obj: Any) -> list[str]:
        return list(obj.choice_list())


class ServiceOut(Schema):
    id: int
    code: str
    name: str
    category: str
    description: str
    needs_approval: bool
    is_confidential: bool
    fields: list[FieldOut]

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj.display_name)

    @staticmethod
    def resolve_description(obj: Any) -> str:
        return str(obj.display_description)

    @staticmethod
    def resolve_category(obj: Any) -> str:
        return str(obj.category.display_name)

    @staticmethod
    def resolve_fields(obj: Any) -> list[Any]:
        return list(obj.fields.all())


class RequestOut(Schema):
    id: int
    number: str
    title: str
    description: str
    service_id: int
    organisation_id: int
    requester_id: int
    subject_id: int
    state: str
    priority: str
    assignee_id: int | None
    is_confidential: bool
    form_data: dict[str, Any]
    created_at: datetime
    sla_state: str
    response_due_at: datetime | None
    resolution_due_at: datetime | None


class RequestIn(Schema):
    service_id: int
    title: str
    description: str = ""
    form_data: dict[str, Any] = {}
    subject_id: int | None = None


class ReplyOut(Schema):
    id: int
    request_id: int
    author_id: int
    body: str
    is_internal: bool
    created_at: datetime


class ReplyIn(Schema):
    body: str
    is_internal: bool = False


class ApprovalOut(Schema):
    id: int
    request_id: int
    approver_id: int
    state: str
    comment: str
    decided_at: datetime | None
    signature: str


class DecisionIn(Schema):
    approve: bool
    comment: str = ""


class ArticleOut(Schema):
    id: int
    key: str
    language: str
    title: str
    body: str
    version: int


@router.get("/services", response=list[ServiceOut], summary="The catalogue available to you")
def service_list(request: HttpRequest) -> list[Any]:
    return [
        service
        for _category, services in selectors.catalogue_for(request.user)
        for service in services
    ]


@router.get("/requests", response=list[RequestOut], summary="Requests you may see")
@paginate(Pages)
def request_list(request: HttpRequest) -> Any:
    return selectors.requests_for_api(request.user)


@router.post("/requests", response={201: RequestOut}, summary="Send a request")
def request_create(request: HttpRequest, payload: RequestIn) -> Status[Request]:
    user: User = request.user  # type: ignore[assignment]
    service = selectors.service_get_for(user, payload.service_id)
    data = {f"f_{key}": value for key, value in payload.form_data.items()}
    for key, value in payload.form_data.items():
        if isinstance(value, list | tuple) and len(value) == 2:  # a date range as [start, end]
            data[f"f_{key}_start"], data[f"f_{key}_end"] = value
    data.update(title=payload.title, description=payload.description)
    if payload.subject_id is not None:
        data["subject"] = payload.subject_id
    form = RequestForm(data, service=service, user=user)
    if not form.is_valid():
        raise ValidationError({field: list(errors) for field, errors in form.errors.items()})
    created = request_services.request_create(
        requester=user,
        service=service,
        title=form.cleaned_data["title"],
        description=form.cleaned_data["description"],
        form_data=form.form_data(),
        subject=form.cleaned_data.get("subject"),
        now=timezone.now(),
    )
    return Status(201, created)


@router.get("/requests/{request_id}", response=RequestOut)
def request_detail(request: HttpRequest, request_id: int) -> Request:
    return selectors.request_get_for(request.user, request_id, log="api view")


@router.get("/requests/{request_id}/replies", response=list[ReplyOut])
def reply_list(request: HttpRequest, request_id: int) -> list[Any]:
    item = selectors.request_get_for(request.user, request_id, log="api replies")
    return list(selectors.replies_for(request.user, item))


@router.post("/requests/{request_id}/replies", response={201: ReplyOut}, summary="Reply")
def reply_create(request: HttpRequest, request_id: int, payload: ReplyIn) -> Status[Any]:
    item = selectors.request_get_for(request.user, request_id, log="api reply")
    reply = request_services.reply_create(
        actor=request.user,  # type: ignore[arg-type]
        request=item,
        body=payload.body,
        is_internal=payload.is_internal,
        now=timezone.now(),
    )
    return Status(201, reply)


@router.get("/approvals", response=list[ApprovalOut], summary="Approvals waiting for you")
@paginate(Pages)
def approval_list(request: HttpRequest) -> Any:
    return selectors.approvals_pending_for(request.user)


@router.post(
    "/approvals/{approval_id}/decide", response=ApprovalOut, summary="Approve or reject (signed)"
)
def approval_decide(request: HttpRequest, approval_id: int, payload: DecisionIn) -> Any:
    approval = selectors.approval_get_for(request.user, approval_id)
    return approval_services.approval_decide(
        actor=request.user,  # type: ignore[arg-type]
        approval_id=approval.pk,
        approve=payload.approve,
        comment=payload.comment,
        now=timezone.now(),
    )


@router.get("/kb/search", response=list[ArticleOut], summary="Search the FAQ")
def kb_search(request: HttpRequest, q: str, language: str = "") -> list[Any]:
    return kb.article_search(
        user=request.user,  # type: ignore[arg-type]
        text=q[:200],
        language=language or get_language() or "en",
    )


@router.get("/kb/articles/{article_id}", response=ArticleOut)
def kb_article(request: HttpRequest, article_id: int) -> Any:
    return get_or_404(request.user, Article, pk=article_id)
