"""SLA clocks of requests: deadlines computed once on start, pause and resume, then stored.

Nothing here recomputes deadlines of every request: the sweep reads the two alarm columns
(``sla_next_warning_at``, ``sla_next_breach_at``), which are indexed and set only while an alarm
is pending, and acts on the few rows that are due.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, Q

from kezek.accounts.calendars import calendar_engine
from kezek.engine.calendars import Pause, sla_deadline
from kezek.servicedesk.choices import EventKind, SlaState
from kezek.servicedesk.models import Request, RequestEvent, SlaPause, SlaPolicy
from kezek.servicedesk.services.assignment import LoadBook, escalate
from kezek.servicedesk.services.notifications import notify

SWEEP_CHUNK = 500


def sla_policy_for(request: Request) -> SlaPolicy | None:
    """The policy for the request's service and priority: the client's own, else the default."""
    return (
        SlaPolicy.objects.select_related("calendar")
        .filter(service_id=request.service_id, priority=request.priority)
        .filter(Q(client_id=request.organisation_id) | Q(client__isnull=True))
        .order_by(F("client_id").asc(nulls_last=True))
        .first()
    )


def sla_start(*, request: Request, now: datetime) -> None:
    """Start the clock (the request entered the SSC's hands) and store its deadlines."""
    request.sla_policy = sla_policy_for(request)
    if request.sla_policy is None:
        request.sla_state = SlaState.NONE
        return
    request.sla_started_at = now
    request.sla_state = SlaState.OK
    _compute(request, pauses=[])


def sla_pause(*, request: Request, now: datetime) -> None:
    """Stop the clock (waiting for the requester, or resolved): alarms off until resumed."""
    if request.sla_started_at is None or request.pauses.filter(resumed_at__isnull=True).exists():
        return
    SlaPause.objects.create(request=request, paused_at=now)
    if request.sla_state != SlaState.BREACHED:
        request.sla_state = SlaState.PAUSED
    request.sla_next_warning_at = None
    request.sla_next_breach_at = None


def sla_resume(*, request: Request, now: datetime) -> None:
    """Restart the clock and recompute the deadlines with every pause so far excluded."""
    if request.sla_started_at is None:
        return
    request.pauses.filter(resumed_at__isnull=True).update(resumed_at=now)
    pauses: list[Pause] = list(request.pauses.values_list("paused_at", "resumed_at"))
    if request.sla_state == SlaState.PAUSED:
        request.sla_state = SlaState.OK
    _compute(request, pauses=pauses)


def sla_first_response(*, request: Request, now: datetime) -> None:
    """Record the first public answer of the SSC and retire the first-response alarm."""
    if request.first_responded_at is not None:
        return
    request.first_responded_at = now
    if request.response_due_at is not None and now > request.response_due_at:
        request.response_breached = True
    request.sla_next_breach_at = _next_breach(request, now=None)


def _compute(request: Request, *, pauses: list[Pause]) -> None:
    policy = request.sla_policy
    started = request.sla_started_at
    if policy is None or started is None:
        return
    calendar = calendar_engine(policy.calendar)
    resolution = timedelta(minutes=policy.resolution_minutes)
    if request.first_responded_at is None:
        request.response_due_at = sla_deadline(
            calendar=calendar,
            started_at=started,
            target=timedelta(minutes=policy.first_response_minutes),
            pauses=pauses,
        )
    request.resolution_due_at = sla_deadline(
        calendar=calendar, started_at=started, target=resolution, pauses=pauses
    )
    request.resolution_warn_at = sla_deadline(
        calendar=calendar,
        started_at=started,
        target=resolution * policy.warn_at_fraction,
        pauses=pauses,
    )
    warned = request.sla_state in {SlaState.WARNING, SlaState.BREACHED}
    request.sla_next_warning_at = None if warned else request.resolution_warn_at
    request.sla_next_breach_at = _next_breach(request, now=None)


def _next_breach(request: Request, *, now: datetime | None) -> datetime | None:
    """The earliest deadline that has not fired yet (after ``now`` when given)."""
    candidates = []
    if (
        request.first_responded_at is None
        and not request.response_breached
        and request.response_due_at is not None
    ):
        candidates.append(request.response_due_at)
    if not request.resolution_breached and request.resolution_due_at is not None:
        candidates.append(request.resolution_due_at)
    pending = [moment for moment in candidates if now is None or moment > now]
    return min(pending) if pending else None


@dataclass(frozen=True, slots=True)
class SweepResult:
    """What one sweep did."""

    warned: int
    breached: int
    escalated: int


def sla_sweep(*, now: datetime) -> SweepResult:
    """Send due warnings and act on due breaches (notify and reassign); idempotent."""
    warned = _sweep_warnings(now)
    breached, escalated = _sweep_breaches(now)
    return SweepResult(warned=warned, breached=breached, escalated=escalated)


def _sweep_warnings(now: datetime) -> int:
    total = 0
    while True:
        with transaction.atomic():
            # Only the alarm column is read: an index range scan over the due rows.
            due = list(
                Request.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(sla_next_warning_at__lte=now)
                .select_related("assignee", "group__escalation_to")
                .order_by("sla_next_warning_at")[:SWEEP_CHUNK]
            )
            if not due:
                return total
            ids = [request.pk for request in due]
            Request.objects.filter(pk__in=ids).update(sla_next_warning_at=None)
            Request.objects.filter(pk__in=ids, sla_state=SlaState.OK).update(
                sla_state=SlaState.WARNING
            )
            RequestEvent.objects.bulk_create(
                RequestEvent(request_id=pk, kind=EventKind.SLA_WARNING, created_at=now)
                for pk in ids
            )
            for request in due:
                notify(
                    kind="sla_warning",
                    request=request,
                    recipients=[request.assignee or request.group.escalation_to],
                )
            total += len(due)


def _sweep_breaches(now: datetime) -> tuple[int, int]:
    total = escalated = 0
    while True:
        with transaction.atomic():
            due = list(
                Request.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(sla_next_breach_at__lte=now)
                .select_related("assignee", "group__escalation_to", "service")
                .order_by("sla_next_breach_at")[:SWEEP_CHUNK]
            )
            if not due:
                return total, escalated
            book = LoadBook()
            for request in due:
                escalated += _breach(request, now=now, book=book)
            total += len(due)


def _breach(request: Request, *, now: datetime, book: LoadBook) -> int:
    """Flag what breached, notify, and escalate (reassign); 1 when reassigned."""
    what = []
    if (
        request.first_responded_at is None
        and request.response_due_at is not None
        and request.response_due_at <= now
        and not request.response_breached
    ):
        request.response_breached = True
        what.append("first_response")
    if request.resolution_due_at is not None and request.resolution_due_at <= now:
        request.resolution_breached = True
        request.sla_next_warning_at = None
        what.append("resolution")
    request.sla_state = SlaState.BREACHED
    request.sla_next_breach_at = _next_breach(request, now=now)
    Request.objects.filter(pk=request.pk).update(
        response_breached=request.response_breached,
        resolution_breached=request.resolution_breached,
        sla_state=request.sla_state,
        sla_next_breach_at=request.sla_next_breach_at,
        sla_next_warning_at=request.sla_next_warning_at,
    )
    RequestEvent.objects.create(
        request=request, kind=EventKind.SLA_BREACH, created_at=now, data={"targets": what}
    )
    return escalate(request=request, now=now, book=book)
