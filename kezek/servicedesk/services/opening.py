"""Opening a request: the SSC takes it, at once on creation or once its approval is given.

Both ``requests`` (creation) and ``approvals`` (the decision) open requests, so this sits below
both and neither imports the other.
"""

from __future__ import annotations

from datetime import datetime

from kezek.servicedesk.choices import EventKind, State
from kezek.servicedesk.models import Request, RequestEvent
from kezek.servicedesk.services.assignment import assignee_pick, load_track
from kezek.servicedesk.services.notifications import notify
from kezek.servicedesk.services.sla import sla_start


def request_open(*, request: Request, now: datetime) -> None:
    """The SSC takes the request (after its approval): new, SLA clock started, assigned."""
    opening_prepare(request, now)
    request.save()
    opening_announce(request, now)


def opening_prepare(request: Request, now: datetime) -> None:
    """State, SLA clock and assignee of an opened request, not saved yet."""
    # Whoever held it while it waited for approval lets go; the pick claims the new assignee.
    load_track(request=request, assignee_id=None, state=State.NEW)
    request.state = State.NEW
    sla_start(request=request, now=now)
    request.assignee = assignee_pick(group=request.group, service=request.service)


def opening_announce(request: Request, now: datetime) -> None:
    """Record and tell the assignee of a saved, opened request."""
    if request.assignee is not None:
        RequestEvent.objects.create(
            request=request,
            kind=EventKind.ASSIGNED,
            created_at=now,
            data={"to": request.assignee.pk},
        )
        notify(kind="created", request=request, recipients=[request.assignee])
