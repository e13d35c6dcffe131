"""Assignment: round robin, least loaded, skills based; absent agents skipped; stand-ins."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from kezek.servicedesk import selectors
from kezek.servicedesk.models import AgentProfile, Request
from kezek.servicedesk.services.assignment import (
    agent_hand_over,
    agent_return,
    assignee_pick,
    available_agents,
)
from kezek.servicedesk.tests.factories import MONDAY_NOON, Desk

pytestmark = pytest.mark.django_db


def test_round_robin_takes_turns(desk: Desk) -> None:
    picked = [desk.request().assignee for _ in range(4)]

    assert picked == [desk.agent, desk.agent2, desk.vendor_member, desk.agent]


def test_least_loaded_picks_the_agent_with_fewest_open_requests(desk: Desk) -> None:
    desk.group.assignment_rule = "least_loaded"
    desk.group.save()
    Request.objects.bulk_create([])
    first = desk.request()
    second = desk.request()
    third = desk.request()

    assert [first.assignee, second.assignee, third.assignee] == [
        desk.agent,
        desk.agent2,
        desk.vendor_member,
    ]


def test_skills_based_prefers_skilled_agents(desk: Desk) -> None:
    desk.group.assignment_rule = "skills"
    desk.group.save()
    desk.certificate.required_skill = "certificates"
    desk.certificate.save()
    AgentProfile.objects.create(user=desk.agent2, skills=["certificates"])

    assert {desk.request().assignee for _ in range(3)} == {desk.agent2}
    assert (
        assignee_pick(group=desk.group, service=None) == desk.agent
    )  # no skill asked: least loaded


def test_absent_agents_are_skipped_until_they_return(desk: Desk) -> None:
    AgentProfile.objects.create(user=desk.agent, is_absent=True)

    assert desk.request().assignee == desk.agent2
    agent_return(agent=desk.agent)
    assert desk.request().assignee == desk.vendor_member
    assert desk.request().assignee == desk.agent


def test_a_confidential_case_never_goes_to_a_stand_in_outside_its_group(desk: Desk) -> None:
    case = desk.request(service=desk.case_service, form_data={})
    Request.objects.filter(pk=case.pk).update(assignee=desk.case_officer)

    moved = agent_hand_over(
        actor=desk.team_leader, agent=desk.case_officer, stand_in=desk.agent, now=MONDAY_NOON
    )

    case.refresh_from_db()
    assert moved == 0
    assert case.assignee is None


def test_only_leaders_hand_over_and_only_to_present_desk_staff(desk: Desk) -> None:
    with pytest.raises(ValidationError, match="Only team leaders"):
        agent_hand_over(actor=desk.agent2, agent=desk.agent, stand_in=desk.agent2, now=MONDAY_NOON)
    with pytest.raises(ValidationError, match="another SSC agent"):
        agent_hand_over(
            actor=desk.team_leader, agent=desk.agent, stand_in=desk.employee, now=MONDAY_NOON
        )
    AgentProfile.objects.create(user=desk.agent2, is_absent=True)
    with pytest.raises(ValidationError, match="absent too"):
        agent_hand_over(
            actor=desk.team_leader, agent=desk.agent, stand_in=desk.agent2, now=MONDAY_NOON
        )


def test_skills_and_absences_are_read_through_the_desks_selectors(desk: Desk) -> None:
    AgentProfile.objects.create(user=desk.agent, skills=["payroll", "social"], is_absent=True)
    AgentProfile.objects.create(user=desk.agent2, skills=[])
    AgentProfile.objects.create(user=desk.vendor_member, is_absent=True)
    everyone = [desk.agent.pk, desk.agent2.pk, desk.vendor_member.pk, desk.team_leader.pk]

    assert selectors.absent_ids() == {desk.agent.pk, desk.vendor_member.pk}
    assert selectors.absent_ids([desk.agent2.pk, desk.vendor_member.pk]) == {desk.vendor_member.pk}
    assert selectors.agent_skills(everyone) == {desk.agent.pk: ["payroll", "social"]}
    assert [agent.pk for agent in available_agents(group=desk.group)] == [desk.agent2.pk]
