"""SLA: deadlines stored on create (lunch break, holiday, time zone), pauses excluded, the
warning and breach sweep (notify and reassign) and the ``kezek sla_sweep`` command."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kezek.servicedesk.choices import EventKind, SlaState, State
from kezek.servicedesk.models import Request, SlaPolicy
from kezek.servicedesk.services.requests import reply_create, request_transition
from kezek.servicedesk.services.sla import sla_sweep
from kezek.servicedesk.tests.factories import MONDAY_NOON, Desk, almaty

pytestmark = pytest.mark.django_db


def test_deadlines_are_stored_on_create_in_working_hours_around_lunch(desk: Desk) -> None:
    # Monday 12:00 + 16 working hours with 13-14 lunch: Mon 5 h, Tue 8 h, Wed 09-12 -> Wed 12:00.
    request = desk.request()

    request.refresh_from_db()
    assert request.state == State.NEW
    assert request.sla_state == SlaState.OK
    # First response: one hour from 12:00 ends exactly at lunch, 13:00 (a window's end).
    assert request.response_due_at == almaty(2, 13)
    assert request.resolution_due_at == almaty(4, 12)
    # Warning at 75 % = 12 h: Mon 5 h + Tue 09-13, 14-17 -> Tuesday 17:00.
    assert request.resolution_warn_at == almaty(3, 17)
    assert request.sla_next_warning_at == almaty(3, 17)
    assert request.sla_next_breach_at == almaty(2, 13)


def test_a_holiday_is_skipped(desk: Desk) -> None:
    # Friday 20 March 17:00 + 16 h: Fri 1 h, Mon 23 March is Nauryz, Tue 8 h, Wed 7 h -> Wed 17:00.
    request = desk.request(now=almaty(20, 17))

    assert request.resolution_due_at == almaty(25, 17)


def test_a_client_specific_policy_wins_over_the_default(desk: Desk) -> None:
    SlaPolicy.objects.create(
        service=desk.certificate, priority="normal", client=desk.world.client,
        calendar=desk.calendar, first_response_minutes=30, resolution_minutes=120,
    )  # fmt: skip

    mine = desk.request()
    theirs = desk.request(desk.other_employee)

    assert mine.resolution_due_at == almaty(2, 15)  # 12-13 and 14-15
    assert theirs.resolution_due_at == almaty(4, 12)


def test_time_waiting_for_the_requester_is_excluded(desk: Desk) -> None:
    request = desk.request()
    request_transition(
        actor=desk.agent, request=request, to_state=State.WAITING_REQUESTER, now=almaty(2, 15)
    )

    request.refresh_from_db()
    assert request.sla_state == SlaState.PAUSED
    assert request.sla_next_breach_at is None
    assert request.sla_next_warning_at is None

    # The employee answers on Tuesday 10:00: the clock stood still for Mon 15-18 and Tue 9-10.
    reply_create(actor=desk.employee, request=request, body="Here are the dates", now=almaty(3, 10))

    request.refresh_from_db()
    assert request.state == State.IN_PROGRESS
    assert request.sla_state == SlaState.OK
    assert request.resolution_due_at == almaty(4, 17)  # Wed 12:00 plus 4 working hours
    assert list(request.pauses.values_list("paused_at", "resumed_at")) == [
        (almaty(2, 15), almaty(3, 10))
    ]


def test_the_sweep_warns_once_then_escalates_the_breach_to_the_group_leader(desk: Desk) -> None:
    request = desk.request()
    reply_create(actor=desk.agent, request=request, body="On it", now=almaty(2, 12, 30))
    mail.outbox.clear()

    early = sla_sweep(now=almaty(3, 16, 59))
    warned = sla_sweep(now=almaty(3, 17))
    again = sla_sweep(now=almaty(3, 18))

    assert (early.warned, warned.warned, again.warned) == (0, 1, 0)
    request.refresh_from_db()
    assert request.sla_state == SlaState.WARNING
    assert [m.subject for m in mail.outbox] == [f"SLA at risk: request {request.number}"]

    breached = sla_sweep(now=almaty(4, 12, 1))

    request.refresh_from_db()
    assert (breached.breached, breached.escalated) == (1, 1)
    assert request.sla_state == SlaState.BREACHED
    assert request.resolution_breached
    assert not request.response_breached
    assert request.assignee == desk.team_leader
    assert request.sla_next_breach_at is None
    assert request.events.filter(kind=EventKind.ESCALATED).count() == 1
    assert {m.to[0] for m in mail.outbox[1:]} == {desk.agent.email, desk.team_leader.email}
    assert sla_sweep(now=almaty(5, 12)).breached == 0


def test_a_missed_first_response_is_a_breach_of_its_own(desk: Desk) -> None:
    request = desk.request()

    result = sla_sweep(now=almaty(2, 14, 30))

    request.refresh_from_db()
    assert result.breached == 1
    assert request.response_breached
    assert not request.resolution_breached
    assert request.sla_next_breach_at == almaty(4, 12)  # the resolution alarm stays armed


def test_resolving_stops_the_alarms_and_records_whether_the_promise_was_kept(desk: Desk) -> None:
    on_time = desk.request()
    late = desk.request()
    request_transition(actor=desk.agent, request=on_time, to_state=State.RESOLVED, now=almaty(3, 9))
    request_transition(actor=desk.agent, request=late, to_state=State.RESOLVED, now=almaty(5, 9))

    assert sla_sweep(now=almaty(9, 9)).breached == 0
    states = dict(Request.objects.values_list("pk", "sla_state"))
    assert states == {on_time.pk: SlaState.OK, late.pk: SlaState.BREACHED}


def test_reopening_restarts_the_clock_without_counting_the_resolved_time(desk: Desk) -> None:
    request = desk.request()
    request_transition(
        actor=desk.agent, request=request, to_state=State.RESOLVED, now=almaty(2, 14)
    )
    request_transition(
        actor=desk.employee, request=request, to_state=State.REOPENED, now=almaty(3, 14)
    )

    request.refresh_from_db()
    # 1 working hour used on Monday; resolved Mon 14:00 to Tue 14:00 (8 h) does not count.
    assert request.resolution_due_at == almaty(5, 12)  # 15 h left from Tue 14:00
    assert request.sla_next_breach_at is not None


def test_the_sweep_reads_only_the_alarm_columns(desk: Desk) -> None:
    for _ in range(5):
        desk.request()

    with CaptureQueriesContext(connection) as queries:
        result = sla_sweep(now=MONDAY_NOON - timedelta(days=1))

    selects = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    assert result.warned == result.breached == 0
    assert len(selects) == 2  # one for warnings, one for breaches: nothing is recomputed
    assert all('"sla_next_' in sql.split("WHERE")[1] for sql in selects)


def test_the_command_sweeps_as_of_a_given_moment(desk: Desk) -> None:
    desk.request()
    out = StringIO()

    call_command("sla_sweep", "--now", "2026-03-04T12:30:00+05:00", stdout=out)

    assert "1 breaches" in out.getvalue()


def test_the_command_refuses_a_naive_moment() -> None:
    with pytest.raises(CommandError, match="--now must be an ISO moment") as error:
        call_command("sla_sweep", "--now", "2026-03-04T12:30:00")

    assert error.value.returncode == 2
