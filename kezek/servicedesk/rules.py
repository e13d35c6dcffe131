"""Access rules of the service desk (registered with kezek.core.policy).

Who sees what (docs/servicedesk.md, "Who sees what"):

* employees (client): requests where they are requester or subject, in their own company;
* managers (client): that, plus their led teams' non-confidential requests, plus requests with an
  approval assigned to them;
* SSC desk staff (owner organisation with role agent, team leader, supervisor, centre manager or
  admin): every non-confidential request of every client;
* confidential requests: only members of the request's group (its named group) and the
  requester; admins browsing do not see them;
* vendor staff: nothing, unless they are members of a support group: then that group's
  non-confidential requests.

Another company's request is not in anyone's rows, so it answers 404.

What people may do at all are the capabilities below: ``may_work_desk`` (owner desk staff),
``may_work_requests`` (desk staff and vendor staff: the queue, internal notes, canned replies),
``may_manage_kb`` (the FAQ's editors), ``may_hand_over_work`` and ``may_act_for_team``.
"""

from __future__ import annotations

from django.db.models import Q

from kezek.accounts.models import Membership
from kezek.core.policy import EVERYTHING, Actor, capability, register
from kezek.servicedesk.choices import (
    DESK_ROLES,
    HAND_OVER_ROLES,
    KB_EDITOR_ROLES,
    Audience,
    State,
)
from kezek.servicedesk.models import (
    AgentProfile,
    Approval,
    Article,
    ArticleFeedback,
    ArticleVersion,
    Attachment,
    CannedResponse,
    ConfidentialAccess,
    KbCategory,
    Reply,
    Request,
    RequestEvent,
    Service,
    ServiceCategory,
    ServiceField,
    SlaPause,
    SlaPolicy,
    SuggestionEvent,
    SupportGroup,
    SupportGroupMember,
)


@capability("may_work_desk")
def is_desk_staff(actor: Actor) -> bool:
    """Owner staff who work the service desk."""
    return actor.is_authenticated and (
        actor.is_superuser or (actor.organisation_kind == "owner" and actor.has(*DESK_ROLES))
    )


@capability("may_work_requests")
def works_requests(actor: Actor) -> bool:
    """Desk staff and vendor staff: they work requests from the agents' queue, write internal
    notes and use canned replies (vendor staff only in the support groups they belong to)."""
    return is_desk_staff(actor) or actor.is_vendor_staff


@capability("may_manage_kb")
def is_kb_editor(actor: Actor) -> bool:
    """Owner staff who run the FAQ: team leaders, supervisors, centre managers and admins."""
    return actor.is_authenticated and (
        actor.is_superuser or (actor.organisation_kind == "owner" and actor.has(*KB_EDITOR_ROLES))
    )


@capability("may_hand_over_work")
def hands_over_work(actor: Actor) -> bool:
    """Admins, team leaders, supervisors and centre managers give an absent agent's work to a
    stand-in."""
    return actor.is_admin or actor.has(*HAND_OVER_ROLES)


@capability("may_act_for_team")
def acts_for_team(actor: Actor) -> bool:
    """Managers (of a client) follow their led teams' requests and raise requests for them."""
    return actor.has("manager")


def _my_group_ids(actor: Actor) -> object:
    return SupportGroupMember.objects.filter(user_id=actor.user_id or 0).values("group_id")


def request_q(actor: Actor, action: str) -> Q | None:
    """Rows of ``Request`` the actor may reach; "change" means working or answering it."""
    if not actor.is_authenticated or action == "delete":
        return None
    confidential = Q(is_confidential=True, group_id__in=_my_group_ids(actor))
    if is_desk_staff(actor):
        return Q(is_confidential=False) | confidential
    if actor.is_vendor_staff:
        if action == "create":
            return None
        return Q(is_confidential=False, group_id__in=_my_group_ids(actor)) | confidential
    if not actor.is_client or actor.organisation_id is None:
        return None
    own = Q(organisation_id=actor.organisation_id) & (
        Q(requester_id=actor.user_id) | Q(subject_id=actor.user_id, is_confidential=False)
    )
    if action in {"change", "create"} or not actor.has("manager"):
        return own
    team = Membership.objects.filter(team_id__in=actor.led_team_ids).values("user_id")
    led = Q(organisation_id=actor.organisation_id, is_confidential=False) & (
        Q(requester_id__in=team) | Q(subject_id__in=team)
    )
    approving = Q(
        organisation_id=actor.organisation_id,
        pk__in=Approval.objects.filter(approver_id=actor.user_id).values("request_id"),
    )
    return own | led | approving


def _via_request(actor: Actor, action: str, *, prefix: str = "request") -> Q | None:
    condition = request_q(actor, "view" if action == "view" else "change")
    if condition is None:
        return None
    return Q(**{f"{prefix}__in": Request.objects.filter(condition).values("pk")})


@register(Request)
def request_rule(actor: Actor, action: str) -> Q | None:
    return request_q(actor, action)


@register(Reply)
def reply_rule(actor: Actor, action: str) -> Q | None:
    via = _via_request(actor, action)
    if via is None or action == "delete":
        return None
    if works_requests(actor):
        return via
    return via & Q(is_internal=False)  # clients never see internal notes


@register(Attachment)
def attachment_rule(actor: Actor, action: str) -> Q | None:
    via = _via_request(actor, action)
    if via is None or action == "delete":
        return None
    if works_requests(actor):
        return via
    return via & (Q(reply__isnull=True) | Q(reply__is_internal=False))


@register(SlaPause)
def sla_pause_rule(actor: Actor, action: str) -> Q | None:
    return _via_request(actor, action) if action == "view" else None


@register(RequestEvent)
def request_event_rule(actor: Actor, action: str) -> Q | None:
    return _via_request(actor, action) if action == "view" else None


@register(Approval)
def approval_rule(actor: Actor, action: str) -> Q | None:
    if not actor.is_authenticated:
        return None
    mine = Q(approver_id=actor.user_id)
    if action == "change":
        return mine & Q(state="pending", request__state=State.WAITING_APPROVAL)
    if action != "view":
        return None
    via = _via_request(actor, "view")
    return mine if via is None else mine | via


@register(ConfidentialAccess)
def confidential_access_rule(actor: Actor, action: str) -> Q | None:
    # The log is read by the named group (and admins auditing it); nobody edits it.
    if action != "view" or not actor.is_authenticated:
        return None
    if actor.is_admin:
        return EVERYTHING
    return Q(request__group_id__in=_my_group_ids(actor)) if is_desk_staff(actor) else None


def _setup_rule(actor: Actor, action: str) -> Q | None:
    """Configuration: desk staff read it, admins change it."""
    if actor.is_admin:
        return EVERYTHING
    return EVERYTHING if action == "view" and is_desk_staff(actor) else None


def _catalogue_rule(actor: Actor, action: str, *, prefix: str = "") -> Q | None:
    """Services are read by desk staff and by clients they are available to."""
    if actor.is_admin or (action == "view" and is_desk_staff(actor)):
        return EVERYTHING
    if action != "view" or not actor.is_client or actor.organisation_id is None:
        return None
    links = Service.clients.through.objects
    # "No client listed" and "ours listed" as subqueries: a join on the M2M would repeat rows.
    available = Q(is_active=True) & (
        ~Q(pk__in=links.values("service_id"))
        | Q(pk__in=links.filter(organisation_id=actor.organisation_id).values("service_id"))
    )
    if not actor.has("manager"):
        available &= Q(for_managers=False)
    return Q(**{f"{prefix}pk__in": Service.objects.filter(available).values("pk")})


@register(Service)
def service_rule(actor: Actor, action: str) -> Q | None:
    return _catalogue_rule(actor, action)


@register(ServiceField)
def service_field_rule(actor: Actor, action: str) -> Q | None:
    condition = _catalogue_rule(actor, action)
    if condition is None or condition == EVERYTHING:
        return condition
    return Q(service__in=Service.objects.filter(condition).values("pk"))


@register(ServiceCategory)
def service_category_rule(actor: Actor, action: str) -> Q | None:
    if not actor.is_authenticated:
        return None
    return EVERYTHING if action == "view" or actor.is_admin else None


@register(Service.clients.through)
def service_client_rule(actor: Actor, action: str) -> Q | None:
    return _setup_rule(actor, action)


for _model in (
    SupportGroupMember,
    AgentProfile,
    SlaPolicy,
    Article.clients.through,
):
    register(_model)(_setup_rule)


@register(SupportGroup)
def support_group_rule(actor: Actor, action: str) -> Q | None:
    """Desk staff read every group and admins change them; vendor staff read only the groups
    they work in, so no other group (a confidential case's one included) is offered to them."""
    if action == "view" and actor.is_vendor_staff:
        return Q(pk__in=_my_group_ids(actor))
    return _setup_rule(actor, action)


@register(CannedResponse)
def canned_response_rule(actor: Actor, action: str) -> Q | None:
    """Desk staff read every canned reply; vendor staff those for every group and those of
    the groups they work in."""
    if action == "view" and actor.is_vendor_staff:
        return Q(group__isnull=True) | Q(group_id__in=_my_group_ids(actor))
    return _setup_rule(actor, action)


@register(ArticleVersion)
def article_version_rule(actor: Actor, action: str) -> Q | None:
    # Versions are written by ``article_save`` only; the FAQ's editors read them.
    if action != "view":
        return None
    return EVERYTHING if is_kb_editor(actor) or is_desk_staff(actor) else None


def article_q(actor: Actor) -> Q | None:
    """Articles the actor may read: desk staff all; clients published ones meant for them."""
    if not actor.is_authenticated:
        return None
    if is_desk_staff(actor):
        return EVERYTHING
    if not actor.is_client or actor.organisation_id is None:
        return None
    audiences = [Audience.EVERYONE, Audience.EMPLOYEES]
    if actor.has("manager"):
        audiences.append(Audience.MANAGERS)
    links = Article.clients.through.objects
    return Q(is_published=True, audience__in=audiences) & (
        ~Q(pk__in=links.values("article_id"))
        | Q(pk__in=links.filter(organisation_id=actor.organisation_id).values("article_id"))
    )


@register(Article)
def article_rule(actor: Actor, action: str) -> Q | None:
    """Readers by visibility; the FAQ's editors (``KB_EDITOR_ROLES`` of the owner) write."""
    if action == "view":
        return article_q(actor)
    if action == "delete":
        return EVERYTHING if actor.is_admin else None
    return EVERYTHING if is_kb_editor(actor) else None


@register(KbCategory)
def kb_category_rule(actor: Actor, action: str) -> Q | None:
    if not actor.is_authenticated:
        return None
    return EVERYTHING if action == "view" or actor.is_admin else None


@register(ArticleFeedback)
def article_feedback_rule(actor: Actor, action: str) -> Q | None:
    if not actor.is_authenticated:
        return None
    if action == "view" and is_desk_staff(actor):
        return EVERYTHING
    return Q(user_id=actor.user_id)


@register(SuggestionEvent)
def suggestion_event_rule(actor: Actor, action: str) -> Q | None:
    if not actor.is_authenticated:
        return None
    if action == "view" and is_desk_staff(actor):
        return EVERYTHING
    return Q(user_id=actor.user_id)
