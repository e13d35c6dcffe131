"""Resolved requests that nobody reopens close by themselves."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from kezek.core import periodic
from kezek.servicedesk.choices import EventKind, State
from kezek.servicedesk.models import Request, RequestEvent
from kezek.servicedesk.services.requests import request_transition, requests_auto_close
from kezek.servicedesk.tasks import auto_close_task
from kezek.servicedesk.tests.factories import Desk, almaty

pytestmark = pytest.mark.django_db
WEEK = timedelta(days=7)


def test_a_request_resolved_a_week_ago_closes_and_a_recent_one_waits(desk: Desk) -> None:
    old, recent = desk.request(), desk.request()
    request_transition(actor=desk.agent, request=old, to_state=State.RESOLVED, now=almaty(2, 14))
    request_transition(actor=desk.agent, request=recent, to_state=State.RESOLVED, now=almaty(5, 9))

    closed = requests_auto_close(now=almaty(9, 15), after=WEEK)

    assert closed == 1
    states = dict(Request.objects.values_list("pk", "state"))
    assert states == {old.pk: State.CLOSED, recent.pk: State.RESOLVED}
    old.refresh_from_db()
    assert old.closed_at == almaty(9, 15)
    event = RequestEvent.objects.filter(request=old, kind=EventKind.STATE).latest("created_at")
    assert event.actor is None  # closed by the system, not by a person
    assert event.data == {"before": State.RESOLVED, "after": State.CLOSED}


def test_reopened_and_open_requests_are_left_alone(desk: Desk) -> None:
    reopened, untouched = desk.request(), desk.request()
    request_transition(
        actor=desk.agent, request=reopened, to_state=State.RESOLVED, now=almaty(2, 14)
    )
    request_transition(
        actor=desk.employee, request=reopened, to_state=State.REOPENED, now=almaty(3, 9)
    )

    assert requests_auto_close(now=almaty(20, 9), after=WEEK) == 0
    states = dict(Request.objects.values_list("pk", "state"))
    assert states == {reopened.pk: State.REOPENED, untouched.pk: State.NEW}


def test_the_hourly_job_uses_the_configured_days(desk: Desk) -> None:
    request = desk.request()
    now = timezone.now()
    request_transition(
        actor=desk.agent, request=request, to_state=State.RESOLVED, now=now - timedelta(days=3)
    )

    with override_settings(SERVICEDESK_AUTO_CLOSE_DAYS=5):
        assert auto_close_task.call() == {"closed": 0}
    with override_settings(SERVICEDESK_AUTO_CLOSE_DAYS=2):
        assert auto_close_task.call() == {"closed": 1}
    request.refresh_from_db()
    assert request.state == State.CLOSED
    assert any(
        entry.task is auto_close_task and entry.every_seconds == 3600
        for entry in periodic.periodic_tasks()
    )
