"""Requests: create, open, move between states, reply, assign, rate, bulk actions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from kezek.accounts.models import Membership, User
from kezek.core.policy import actor_of, can, may, rows
from kezek.servicedesk.choices import OPEN_STATES, TRANSITIONS, EventKind, SlaState, State
from kezek.servicedesk.models import (
    Reply,
    Request,
    RequestEvent,
    Service,
)
from kezek.servicedesk.services.approvals import approval_request, approver_for
from kezek.servicedesk.services.assignment import load_track
from kezek.servicedesk.services.attachments import attachment_create, attachment_validate
from kezek.servicedesk.services.notifications import notify
from kezek.servicedesk.services.opening import opening_announce, opening_prepare
from kezek.servicedesk.services.sla import sla_first_response, sla_pause, sla_resume
from kezek.servicedesk.signals import request_resolved

MAX_TEXT = 20_000


def _event(request: Request, kind: str, actor: User | None, now: datetime, **data: Any) -> None:
    RequestEvent.objects.create(request=request, kind=kind, actor=actor, created_at=now, data=data)


def subject_allowed(*, requester: User, subject: User) -> bool:
    """Employees ask for themselves; managers also for people of the teams they lead."""
    if subject.pk == requester.pk:
        return True
    actor = actor_of(requester)
    return (
        can(actor, "may_act_for_team")
        and subject.organisation_id == requester.organisation_id
        and Membership.objects.filter(user=subject, team_id__in=actor.led_team_ids).exists()
    )


@transaction.atomic
def request_create(
    *,
    requester: User,
    service: Service,
    title: str,
    now: datetime,
    description: str = "",
    form_data: dict[str, Any] | None = None,
    subject: User | None = None,
    priority: str | None = None,
    files: Sequence[UploadedFile] = (),
) -> Request:
    """A new request; goes to the manager for approval first when the service needs it."""
    if not actor_of(requester).is_client:
        raise ValidationError({"service": _("Only employees of client companies send requests.")})
    if not rows(requester, Service).filter(pk=service.pk).exists():
        raise ValidationError({"service": _("This service is not available to you.")})
    subject = subject or requester
    if not subject_allowed(requester=requester, subject=subject):
        raise ValidationError({"subject": _("You may ask only for yourself or your team.")})
    if len(description) > MAX_TEXT:
        raise ValidationError({"description": _("The description is too long.")})
    _validate_uploads(files)
    request = Request(
        organisation=requester.organisation,
        service=service,
        requester=requester,
        subject=subject,
        title=title.strip(),
        description=description.strip(),
        form_data=form_data or {},
        priority=priority or service.default_priority,
        group=service.group,
        is_confidential=service.is_confidential,
        created_at=now,
    )
    approver = approver_for(request=request) if service.needs_approval else None
    needs_approval = approver is not None and approver.pk != requester.pk
    if needs_approval:
        request.state = State.WAITING_APPROVAL
    else:
        opening_prepare(request, now)  # decided before the first save: one INSERT, no UPDATE
    # The foreign keys come from objects the policy already handed us: no lookups again.
    request.full_clean(exclude=FOREIGN_KEYS)
    request.save()
    _event(request, EventKind.CREATED, requester, now)
    for upload in files:
        attachment_create(request=request, upload=upload, user=requester)
    if needs_approval and approver is not None:
        approval_request(request=request, approver=approver)
        notify(kind="approval_needed", request=request, recipients=[approver])
    else:
        opening_announce(request, now)
    notify(kind="created", request=request, recipients=[requester])
    return request


FOREIGN_KEYS = [
    "organisation",
    "service",
    "requester",
    "subject",
    "group",
    "assignee",
    "sla_policy",
]


def _lock(request: Request) -> None:
    """Lock the row and bring the caller's object up to date, so no stale state is saved."""
    Request.objects.select_for_update().filter(pk=request.pk).exists()
    request.refresh_from_db()


def _may_move(actor: User, request: Request, to_state: str) -> bool:
    if can(actor, "may_work_requests"):
        return may(actor, "change", request)
    # Clients: the requester cancels, confirms (closes) or reopens their own request.
    return request.requester_id == actor.pk and to_state in {
        State.CANCELLED,
        State.CLOSED,
        State.REOPENED,
    }


@transaction.atomic
def request_transition(*, actor: User, request: Request, to_state: str, now: datetime) -> Request:
    """Move ``request`` to ``to_state`` if the move is allowed and ``actor`` may make it."""
    _lock(request)
    if to_state not in TRANSITIONS.get(request.state, frozenset()):
        raise ValidationError(
            {
                "state": _("A request that is “%(state)s” cannot move to “%(to)s”.")
                % {"state": request.get_state_display(), "to": State(to_state).label}
            }
        )
    if not _may_move(actor, request, to_state):
        raise ValidationError({"state": _("You may not change this request’s state.")})
    _move(request, to_state, actor, now)
    return request


def _move(request: Request, to_state: str, actor: User | None, now: datetime) -> None:
    """Change the state with its SLA consequences (checks are the caller's)."""
    before = request.state
    load_track(request=request, assignee_id=request.assignee_id, state=to_state)
    if before == State.WAITING_REQUESTER or (
        before == State.RESOLVED and to_state == State.REOPENED
    ):
        sla_resume(request=request, now=now)
    if to_state in {State.WAITING_REQUESTER, State.RESOLVED}:
        sla_pause(request=request, now=now)
    if to_state == State.RESOLVED:
        request.resolved_at = now
        if request.resolution_due_at is not None and now > request.resolution_due_at:
            request.resolution_breached = True  # resolved late, before the sweep noticed
        late = request.resolution_breached or request.response_breached
        if request.sla_state != SlaState.NONE:
            request.sla_state = SlaState.BREACHED if late else SlaState.OK
    if to_state == State.CLOSED:
        request.closed_at = now
    if to_state in {State.CANCELLED, State.CLOSED}:
        request.sla_next_warning_at = request.sla_next_breach_at = None
    request.state = to_state
    request.save()
    _event(request, EventKind.STATE, actor, now, before=before, after=to_state)
    if to_state == State.RESOLVED:
        notify(kind="resolved", request=request, recipients=[request.requester])
        # A confidential case is named by its number only, even in a survey invitation.
        label = str(request.number) if request.is_confidential else str(request)
        request_resolved.send(sender=Request, request=request, label=label, now=now)


AUTO_CLOSE_CHUNK = 500


def requests_auto_close(*, now: datetime, after: timedelta) -> int:
    """Close the requests resolved at least ``after`` ago that nobody reopened; how many.

    The requester could confirm (close) or reopen them meanwhile; silence counts as
    confirmation. Runs in chunks of one transaction each, skipping rows someone holds.
    """
    closed = 0
    while True:
        with transaction.atomic():
            due = list(
                Request.objects.select_for_update(skip_locked=True)
                .filter(state=State.RESOLVED, resolved_at__lte=now - after)
                .order_by("resolved_at")[:AUTO_CLOSE_CHUNK]
            )
            for request in due:
                _move(request, State.CLOSED, None, now)
            closed += len(due)
        if len(due) < AUTO_CLOSE_CHUNK:
            return closed


@transaction.atomic
def reply_create(
    *,
    actor: User,
    request: Request,
    body: str,
    now: datetime,
    is_internal: bool = False,
    files: Sequence[UploadedFile] = (),
) -> Reply:
    """A public reply or an internal note; a requester's reply resumes a paused request."""
    _lock(request)
    if not may(actor, "change", request):
        raise ValidationError({"body": _("You can reply only to your own requests.")})
    staff = can(actor, "may_work_requests")
    if is_internal and not staff:
        raise ValidationError({"is_internal": _("Only SSC staff write internal notes.")})
    text = body.strip()
    if not text:
        raise ValidationError({"body": _("Write a reply.")})
    if len(text) > MAX_TEXT:
        raise ValidationError({"body": _("The reply is too long.")})
    if request.state in {State.CLOSED, State.CANCELLED}:
        raise ValidationError({"body": _("The request is closed; send a new one.")})
    _validate_uploads(files)
    reply = Reply(request=request, author=actor, body=text, is_internal=is_internal, created_at=now)
    reply.full_clean()
    reply.save()
    for upload in files:
        attachment_create(request=request, upload=upload, user=actor, reply=reply)
    if staff and not is_internal:
        sla_first_response(request=request, now=now)
        request.save()
        notify(
            kind="reply", request=request, recipients=[request.requester], context={"reply": reply}
        )
    elif not staff:
        if request.state == State.WAITING_REQUESTER:
            _move(request, State.IN_PROGRESS, actor, now)
        notify(
            kind="reply", request=request, recipients=[request.assignee], context={"reply": reply}
        )
    return reply


@transaction.atomic
def request_assign(*, actor: User, request: Request, assignee: User | None, now: datetime) -> None:
    """Give the request to ``assignee`` (None: back to the group).

    The assignee must be someone the actor may see: a vendor's desk member gives work only
    to their own organisation's people, whatever a form offered.
    """
    if not may(actor, "change", request) or not can(actor, "may_work_requests"):
        raise ValidationError({"assignee": _("You may not assign this request.")})
    if assignee is not None and not _may_work(actor=actor, assignee=assignee, request=request):
        raise ValidationError({"assignee": _("This person cannot work this request.")})
    _lock(request)
    load_track(request=request, assignee_id=assignee.pk if assignee else None, state=request.state)
    Request.objects.filter(pk=request.pk).update(assignee=assignee)
    request.assignee = assignee
    _event(request, EventKind.ASSIGNED, actor, now, to=assignee.pk if assignee else None)


def _may_work(*, actor: User, assignee: User, request: Request) -> bool:
    return (
        may(actor, "view", assignee)
        and may(assignee, "change", request)
        and can(assignee, "may_work_requests")
    )


@transaction.atomic
def request_rate(
    *, actor: User, request: Request, rating: int, comment: str, now: datetime
) -> None:
    """The requester rates a resolved or closed request from 1 to 5."""
    _lock(request)
    if request.requester_id != actor.pk:
        raise ValidationError({"rating": _("Only the requester rates a request.")})
    if request.state not in {State.RESOLVED, State.CLOSED}:
        raise ValidationError({"rating": _("Rate the request once it is resolved.")})
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": _("Give a rating from 1 to 5.")})
    request.rating = rating
    request.rating_comment = comment.strip()[:MAX_TEXT]
    request.save()
    _event(request, EventKind.RATED, actor, now, rating=rating)


def requests_bulk_update(
    *,
    actor: User,
    request_ids: Iterable[int],
    now: datetime,
    assignee: User | None = None,
    to_state: str = "",
) -> tuple[int, int]:
    """Assign and/or move many requests; ``(done, skipped)``. Confidential cases are skipped."""
    done = skipped = 0
    targets = rows(actor, Request, "change").filter(pk__in=list(request_ids), is_confidential=False)
    for request in targets.select_related("group", "service"):
        try:
            if assignee is not None:
                request_assign(actor=actor, request=request, assignee=assignee, now=now)
            if to_state:
                request_transition(actor=actor, request=request, to_state=to_state, now=now)
            done += 1
        except ValidationError:
            skipped += 1
    return done, skipped


def open_states() -> tuple[str, ...]:
    return tuple(OPEN_STATES)


def _validate_uploads(files: Sequence[UploadedFile]) -> None:
    """Every upload checked; the first bad one is reported on ``attachments``."""
    for upload in files:
        try:
            attachment_validate(upload)
        except ValidationError as exc:
            raise ValidationError({"attachments": exc.messages}) from exc
