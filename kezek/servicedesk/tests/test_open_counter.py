"""The open-request counter per agent (``AgentProfile.open_count``) that makes least-loaded
assignment one row per agent: it must equal a fresh count after every kind of change."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import Count

from kezek.servicedesk.choices import OPEN_STATES, State
from kezek.servicedesk.models import AgentProfile, Approval, Request
from kezek.servicedesk.services.approvals import approval_decide
from kezek.servicedesk.services.assignment import agent_hand_over, agent_loads_recount
from kezek.servicedesk.services.requests import (
    reply_create,
    request_assign,
    request_transition,
    requests_bulk_update,
)
from kezek.servicedesk.services.sla import sla_sweep
from kezek.servicedesk.tests.factories import MONDAY_NOON, Desk

pytestmark = pytest.mark.django_db
LATER = MONDAY_NOON + timedelta(minutes=5)


def counters() -> dict[int, int]:
    return dict(AgentProfile.objects.filter(open_count__gt=0).values_list("user_id", "open_count"))


def fresh_counts() -> dict[int, int]:
    return dict(
        Request.objects.filter(assignee__isnull=False, state__in=OPEN_STATES)
        .values("assignee_id")
        .annotate(n=Count("pk"))
        .values_list("assignee_id", "n")
    )


def test_the_counter_stays_exact_through_every_change(desk: Desk) -> None:
    desk.group.assignment_rule = "least_loaded"
    desk.group.save()
    created = [desk.request() for _ in range(9)]  # create
    assert counters() == fresh_counts() == {desk.agent.pk: 3, desk.agent2.pk: 3, desk.vendor_member.pk: 3}  # fmt: skip
    first, second, third, fourth, fifth, *rest = created

    request_assign(actor=desk.agent, request=first, assignee=desk.agent2, now=LATER)  # reassign
    request_assign(actor=desk.agent, request=second, assignee=None, now=LATER)  # to the group
    request_assign(actor=desk.agent, request=third, assignee=desk.team_leader, now=LATER)
    assert counters() == fresh_counts()

    ids = [r.pk for r in rest]  # bulk: assign and move, then resolve
    requests_bulk_update(actor=desk.agent, request_ids=ids, assignee=desk.agent, now=LATER)
    requests_bulk_update(actor=desk.agent, request_ids=ids[:2], to_state=State.RESOLVED, now=LATER)
    assert counters() == fresh_counts()

    request_transition(actor=desk.agent, request=fourth, to_state=State.RESOLVED, now=LATER)
    request_transition(actor=desk.employee, request=fourth, to_state=State.REOPENED, now=LATER)
    assert counters() == fresh_counts()
    request_transition(actor=desk.employee, request=fourth, to_state=State.CANCELLED, now=LATER)
    request_transition(actor=desk.agent, request=fifth, to_state=State.WAITING_REQUESTER, now=LATER)
    reply_create(actor=desk.employee, request=fifth, body="Here it is.", now=LATER)
    resolved = Request.objects.get(pk=ids[0])
    request_transition(actor=desk.employee, request=resolved, to_state=State.CLOSED, now=LATER)
    assert counters() == fresh_counts()

    approved = desk.request(service=desk.vacation, form_data={"period": ["2026-07-01", "2026-07-14"]})  # fmt: skip
    rejected = desk.request(service=desk.vacation, form_data={"period": ["2026-08-01", "2026-08-14"]})  # fmt: skip
    request_assign(actor=desk.agent, request=rejected, assignee=desk.agent2, now=LATER)
    for request, approve in ((approved, True), (rejected, False)):
        approval = Approval.objects.get(request=request)
        approval_decide(actor=desk.manager, approval_id=approval.pk, approve=approve, now=LATER)
    assert counters() == fresh_counts()

    sla_sweep(now=MONDAY_NOON + timedelta(days=10))  # breaches escalate to the team leader
    assert Request.objects.filter(assignee=desk.team_leader, state__in=OPEN_STATES).count() > 1
    assert counters() == fresh_counts()

    agent_hand_over(actor=desk.team_leader, agent=desk.team_leader, stand_in=desk.agent2, now=LATER)
    assert desk.team_leader.pk not in counters()
    assert counters() == fresh_counts()


def test_least_loaded_reads_the_counter_and_skips_absent_agents(desk: Desk) -> None:
    desk.group.assignment_rule = "least_loaded"
    desk.group.save()
    desk.request()  # agent gets it; everyone else has a profile with 0 from now on
    AgentProfile.objects.filter(user=desk.agent2).update(open_count=50)
    AgentProfile.objects.filter(user=desk.vendor_member).update(is_absent=True)

    assert desk.request().assignee == desk.agent  # 1 open, but agent2 "has" 50


def test_a_recount_repairs_counters_after_a_bulk_load(desk: Desk) -> None:
    made = desk.request()
    Request.objects.filter(pk=made.pk).update(assignee=desk.agent2)  # behind the services' back
    AgentProfile.objects.filter(user=desk.agent).update(open_count=7)

    agent_loads_recount()

    assert counters() == fresh_counts() == {desk.agent2.pk: 1}
