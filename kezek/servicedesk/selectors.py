"""Reads of the service desk, always scoped by the access policy."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404

from kezek.accounts.models import User
from kezek.core.policy import Action, can, get_or_404, require, rows
from kezek.servicedesk.choices import OPEN_STATES, PRIORITY_RANK, ApprovalState, SlaState, State
from kezek.servicedesk.models import (
    AgentProfile,
    Approval,
    Article,
    ArticleVersion,
    Attachment,
    CannedResponse,
    ConfidentialAccess,
    Reply,
    Request,
    RequestEvent,
    Service,
    ServiceCategory,
    SuggestionEvent,
    SupportGroup,
    SupportGroupMember,
)

LIST_RELATED = ("service", "organisation", "requester", "subject", "assignee", "group")
# Columns the request lists show: fewer columns, fewer joins, less to build per row.
_PERSON = ("first_name", "last_name", "username")
LIST_COLUMNS = (
    "title", "state", "priority", "sla_state", "resolution_due_at", "created_at",
    "service__name", "service__translations", "organisation__name",
    *(f"requester__{f}" for f in _PERSON), *(f"assignee__{f}" for f in _PERSON),
)  # fmt: skip


def catalogue_for(user: Any) -> list[tuple[ServiceCategory, list[Service]]]:
    """Services the user may ask for, under their categories."""
    services = rows(user, Service).filter(is_active=True).select_related("category")
    grouped: dict[int, tuple[ServiceCategory, list[Service]]] = {}
    for service in services.order_by("category__order", "category__name", "name"):
        grouped.setdefault(service.category_id, (service.category, []))[1].append(service)
    return list(grouped.values())


def service_get_for(user: Any, service_id: int) -> Service:
    service = (
        rows(user, Service)
        .select_related("group", "category")
        .filter(pk=service_id, is_active=True)
        .first()
    )
    if service is None:
        raise Http404
    return service


def my_requests_for(user: Any) -> QuerySet[Request]:
    """Requests the person sent or that are about them ("my requests")."""
    mine = Q(requester_id=user.pk) | Q(subject_id=user.pk)
    return (
        rows(user, Request)
        .filter(mine)
        .select_related("service", "organisation", "requester", "assignee")
        .only(*LIST_COLUMNS)
        .order_by("-created_at", "-pk")
    )


def team_requests_for(user: Any) -> QuerySet[Request]:
    """A manager's view: their team's requests (and their own)."""
    return rows(user, Request).select_related(*LIST_RELATED).order_by("-created_at", "-pk")


def requests_for_api(user: Any) -> QuerySet[Request]:
    """Everything the person may see except confidential cases they did not send."""
    return (
        rows(user, Request)
        .filter(Q(is_confidential=False) | Q(requester_id=user.pk))
        .order_by("-created_at", "-pk")
    )


QUEUE_SORTS: dict[str, tuple[Any, ...]] = {
    "due": (F("resolution_due_at").asc(nulls_last=True), "pk"),
    "-created": ("-created_at", "-pk"),
    "created": ("created_at", "pk"),
    "priority": ("priority_rank", F("resolution_due_at").asc(nulls_last=True), "pk"),
}


@dataclass(frozen=True, slots=True)
class QueueFilter:
    """The agent queue's filters, as typed in the query string."""

    state: str = ""
    group: int | None = None
    assignee: str = ""  # "me", "none" or a person id
    sla: str = ""
    organisation: int | None = None
    service: int | None = None
    text: str = ""
    sort: str = "due"


def queue_for(user: Any, filters: QueueFilter) -> QuerySet[Request]:
    """The agent queue: non-confidential requests, open ones unless a state is chosen."""
    queue = rows(user, Request, "change").filter(is_confidential=False)
    queue = (
        queue.filter(state=filters.state) if filters.state else queue.filter(state__in=OPEN_STATES)
    )
    if filters.group:
        queue = queue.filter(group_id=filters.group)
    if filters.assignee == "me":
        queue = queue.filter(assignee_id=user.pk)
    elif filters.assignee == "none":
        queue = queue.filter(assignee__isnull=True)
    elif filters.assignee.isdigit():
        queue = queue.filter(assignee_id=int(filters.assignee))
    if filters.sla in SlaState.values:
        queue = queue.filter(sla_state=filters.sla)
    if filters.organisation:
        queue = queue.filter(organisation_id=filters.organisation)
    if filters.service:
        queue = queue.filter(service_id=filters.service)
    if filters.text:
        number = filters.text.upper().removeprefix("SD-").lstrip("0")
        by_number = Q(pk=int(number)) if number.isdigit() else Q()
        queue = (
            queue.filter(Q(title__icontains=filters.text) | by_number)
            if by_number
            else queue.filter(title__icontains=filters.text)
        )
    if filters.sort == "priority":
        from django.db.models import Case, IntegerField, Value, When

        queue = queue.annotate(
            priority_rank=Case(
                *(When(priority=p, then=Value(rank)) for p, rank in PRIORITY_RANK.items()),
                output_field=IntegerField(),
            )
        )
    order = QUEUE_SORTS.get(filters.sort, QUEUE_SORTS["due"])
    related = ("service", "organisation", "requester", "assignee")
    return queue.select_related(*related).only(*LIST_COLUMNS).order_by(*order)


def confidential_for(user: Any) -> QuerySet[Request]:
    """Confidential cases of the groups the person belongs to (never in general lists)."""
    if not can(user, "may_work_requests"):
        return Request.objects.none()
    groups = SupportGroupMember.objects.filter(user_id=user.pk).values("group_id")
    return (
        rows(user, Request)
        .filter(is_confidential=True, group_id__in=groups)
        .select_related(*LIST_RELATED)
        .order_by("-created_at", "-pk")
    )


def request_get_for(
    user: Any, request_id: int, *, action: Action = "view", log: str = ""
) -> Request:
    """One request or 404; looking at a confidential case is recorded."""
    request = get_or_404(user, Request, action, pk=request_id)
    if request.is_confidential:
        ConfidentialAccess.objects.record(user=user, request=request, action=log or action)
    return request


def replies_for(user: Any, request: Request) -> QuerySet[Reply]:
    return (
        rows(user, Reply)
        .filter(request=request)
        .select_related("author")
        .prefetch_related("attachments")
        .order_by("created_at", "pk")
    )


def attachments_for(user: Any, request: Request) -> QuerySet[Attachment]:
    return rows(user, Attachment).filter(request=request, reply__isnull=True)


def attachment_get_for(user: Any, attachment_id: int) -> Attachment:
    attachment = get_or_404(user, Attachment, pk=attachment_id)
    request = attachment.request
    if request.is_confidential:
        ConfidentialAccess.objects.record(user=user, request=request, action="download")
    return attachment


def events_for(user: Any, request: Request) -> QuerySet[RequestEvent]:
    return rows(user, RequestEvent).filter(request=request).select_related("actor")


def approvals_for_request(user: Any, request: Request) -> QuerySet[Approval]:
    return rows(user, Approval).filter(request=request).select_related("approver")


def approvals_pending_for(user: Any) -> QuerySet[Approval]:
    """Approvals waiting for this manager."""
    return (
        rows(user, Approval, "change")
        .filter(state=ApprovalState.PENDING)
        .select_related("request__service", "request__requester", "request__subject")
        .order_by("created_at")
    )


def approval_get_for(user: Any, approval_id: int) -> Approval:
    return get_or_404(user, Approval, pk=approval_id)


def groups_for(user: Any) -> QuerySet[SupportGroup]:
    """The support groups ``user`` may see, by name: what the group choices offer."""
    return rows(user, SupportGroup).order_by("name")


def agents_for(user: Any) -> QuerySet[User]:
    """Whom ``user`` may give a request to or name as a stand-in: active members of the
    support groups they see, among the people they see. For a vendor's desk member: their
    own organisation's colleagues in their own groups."""
    groups = rows(user, SupportGroup).values("pk")
    members = SupportGroupMember.objects.filter(group__in=groups).values("user_id")
    return (
        rows(user, User)
        .filter(pk__in=members, is_active=True)
        .only("first_name", "last_name", "username")
        .order_by("last_name", "first_name", "username")
    )


def canned_for(user: Any, request: Request) -> QuerySet[CannedResponse]:
    """The canned replies ``user`` may use on ``request``: its group's and those for all."""
    return rows(user, CannedResponse).filter(Q(group_id=request.group_id) | Q(group__isnull=True))


def agent_open_loads(user: Any, user_ids: list[int]) -> dict[int, int]:
    """Open requests per agent, of those ``user`` may see: to anyone outside its group, a
    confidential case does not show, not even as a count."""
    return dict(
        rows(user, Request)
        .filter(assignee_id__in=user_ids, state__in=OPEN_STATES)
        .values("assignee_id")
        .annotate(n=Count("pk"))
        .values_list("assignee_id", "n")
    )


# Skills and absences of agents: the desk reads them here only, so that the people app can
# take them over by changing these functions (docs/decisions/0007-shared-records.md).


def absent_agents() -> QuerySet[Any]:
    """The ids of the people absent now, as a subquery (``pk__in=``): they get no new work."""
    return AgentProfile.objects.filter(is_absent=True).values("user_id")


def absent_ids(user_ids: Iterable[int] | None = None) -> set[int]:
    """The ids of the people absent now, of ``user_ids`` or of everyone."""
    absent = User.objects.filter(pk__in=absent_agents())
    if user_ids is not None:
        absent = absent.filter(pk__in=list(user_ids))
    return set(absent.values_list("pk", flat=True))


def agent_skills(user_ids: Iterable[int]) -> dict[int, list[str]]:
    """The skills of each person of ``user_ids`` who has any."""
    profiles = AgentProfile.objects.filter(user_id__in=list(user_ids))
    return {
        user_id: skills for user_id, skills in profiles.values_list("user_id", "skills") if skills
    }


REPORT_DIMENSIONS = {
    "client": ("organisation__name",),
    "service": ("service__name",),
    "group": ("group__name",),
    "agent": ("assignee__username",),
}


def sla_report_for(user: Any, *, by: str) -> list[dict[str, Any]]:
    """SLA figures per client, service, group or agent over the requests the user may see."""
    require(user, "may_work_desk")
    fields = REPORT_DIMENSIONS.get(by, REPORT_DIMENSIONS["client"])
    return list(
        rows(user, Request)
        .filter(is_confidential=False)
        .exclude(sla_state=SlaState.NONE)
        .values(*fields)
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=Q(state__in=OPEN_STATES)),
            response_breached=Count("pk", filter=Q(response_breached=True)),
            resolution_breached=Count("pk", filter=Q(resolution_breached=True)),
            at_risk=Count("pk", filter=Q(sla_state=SlaState.WARNING)),
        )
        .order_by(*fields)
    )


def deflection_for(user: Any) -> dict[str, int]:
    """How often suggestions were shown, opened, and answered the question."""
    counts = dict(
        rows(user, SuggestionEvent).values("kind").annotate(n=Count("pk")).values_list("kind", "n")
    )
    return {kind: counts.get(kind, 0) for kind in ("shown", "opened", "deflected")}


def service_user_ids(
    *,
    organisation_ids: Iterable[int],
    since: datetime,
    until: datetime,
    service_codes: Sequence[str] = (),
) -> QuerySet[Request, int]:
    """Ids of the people who sent a request of these services (any service when none are
    given) between ``since`` (included) and ``until`` (excluded), for a survey audience.

    Counts the requester (who dealt with the SSC), by the request's creation time;
    cancelled requests do not count, and confidential cases never do: an audience must
    not reveal who had one. Not scoped by a viewer: the surveys app turns it into a
    count and invitations, never into a list of requests. Usable as a subquery.
    """
    requests = Request.objects.filter(
        organisation_id__in=list(organisation_ids),
        created_at__gte=since,
        created_at__lt=until,
        is_confidential=False,
    ).exclude(state=State.CANCELLED)
    if service_codes:
        requests = requests.filter(service__code__in=list(service_codes))
    return requests.order_by().values_list("requester_id", flat=True).distinct()


@dataclass(frozen=True, slots=True)
class ArticleFilter:
    """Filters of the FAQ editors' article list."""

    language: str = ""
    category: int | None = None
    published: str = ""  # "yes", "no" or "" for both
    audience: str = ""
    client: int | None = None
    text: str = ""


def articles_for_editing(user: Any, filters: ArticleFilter) -> QuerySet[Article]:
    """Articles the user may edit, filtered, by key and language."""
    found = rows(user, Article, "change").select_related("category")
    if filters.language:
        found = found.filter(language=filters.language)
    if filters.category is not None:
        found = found.filter(category_id=filters.category)
    if filters.published in {"yes", "no"}:
        found = found.filter(is_published=filters.published == "yes")
    if filters.audience:
        found = found.filter(audience=filters.audience)
    if filters.client is not None:
        links = Article.clients.through.objects.filter(organisation_id=filters.client)
        found = found.filter(pk__in=links.values("article_id"))
    if filters.text:
        found = found.filter(Q(title__icontains=filters.text) | Q(key__icontains=filters.text))
    return found.order_by("key", "language")


def article_versions_for(user: Any, article: Article) -> QuerySet[ArticleVersion]:
    """The saved versions of one article, newest first, with who saved them."""
    return (
        rows(user, ArticleVersion)
        .filter(article=article)
        .select_related("edited_by")
        .order_by("-version")
    )
