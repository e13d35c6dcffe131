"""A small service desk for tests: one calendar, groups, services and people on every side.

``make_desk(world)`` builds it; every test has outsiders at hand: another client's employee,
vendor staff, owner staff who do not work the desk.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from kezek.accounts.calendars import calendar_create
from kezek.accounts.models import BusinessCalendarModel, Team, User
from kezek.accounts.tests.factories import PersonFactory
from kezek.conftest import World
from kezek.servicedesk.models import (
    Request,
    Service,
    ServiceCategory,
    ServiceField,
    SlaPolicy,
    SupportGroup,
    SupportGroupMember,
)
from kezek.servicedesk.services.requests import request_create

ALMATY = ZoneInfo("Asia/Almaty")
LUNCH_DAY = [(time(9), time(13)), (time(14), time(18))]
# Monday 2 March 2026, 12:00 in Almaty: one hour before lunch.
MONDAY_NOON = datetime(2026, 3, 2, 12, 0, tzinfo=ALMATY)


def almaty(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=ALMATY)


@dataclass
class Desk:
    world: World
    calendar: BusinessCalendarModel
    group: SupportGroup
    cases: SupportGroup
    certificate: Service
    vacation: Service
    case_service: Service
    employee: User
    colleague: User
    manager: User
    other_employee: User
    agent: User
    agent2: User
    team_leader: User
    case_officer: User
    admin: User
    planner: User
    vendor_agent: User
    vendor_member: User

    def request(
        self, requester: User | None = None, service: Service | None = None, **kw: Any
    ) -> Request:
        """A request created through the service (deadlines and assignment included)."""
        kw.setdefault("now", MONDAY_NOON)
        kw.setdefault("title", "Certificate for the bank")
        kw.setdefault("form_data", {"purpose": "Bank", "copies": "1"})
        return request_create(
            requester=requester or self.employee, service=service or self.certificate, **kw
        )


def make_desk(world: World) -> Desk:
    calendar = calendar_create(
        name="Almaty",
        time_zone="Asia/Almaty",
        hours={day: LUNCH_DAY for day in range(5)},
        holidays=[(date(2026, 3, 23), "Nauryz")],
    )
    owner = world.owner
    agent = PersonFactory.create(username="agent1", organisation=owner, roles=["agent"])
    agent2 = PersonFactory.create(username="agent2", organisation=owner, roles=["agent"])
    team_leader = PersonFactory.create(username="lead", organisation=owner, roles=["team_leader"])
    case_officer = PersonFactory.create(username="cases", organisation=owner, roles=["agent"])
    vendor_member = PersonFactory.create(organisation=world.vendor, roles=["agent"])
    group = SupportGroup.objects.create(
        name="HR desk", assignment_rule="round_robin", escalation_to=team_leader
    )
    cases = SupportGroup.objects.create(name="HR cases", assignment_rule="manual")
    for person in (agent, agent2, vendor_member):
        SupportGroupMember.objects.create(group=group, user=person)
    SupportGroupMember.objects.create(group=cases, user=case_officer)
    category = ServiceCategory.objects.create(name="HR administration")
    certificate = Service.objects.create(
        code="certificate-of-employment",
        category=category,
        name="Certificate of employment",
        group=group,
    )
    ServiceField.objects.create(
        service=certificate, key="purpose", label="Purpose", kind="choice", choices="Bank\nEmbassy"
    )
    ServiceField.objects.create(service=certificate, key="copies", label="Copies", kind="number")
    vacation = Service.objects.create(
        code="vacation", category=category, name="Annual leave", group=group, needs_approval=True
    )
    ServiceField.objects.create(
        service=vacation, key="period", label="Leave period", kind="date_range"
    )
    case_service = Service.objects.create(
        code="case", category=category, name="Confidential case", group=cases, is_confidential=True
    )
    for service in (certificate, vacation, case_service):
        SlaPolicy.objects.create(
            service=service,
            priority="normal",
            calendar=calendar,
            first_response_minutes=60,
            resolution_minutes=960,
        )
    team = Team.objects.create(organisation=world.client, name="Finance")
    manager = PersonFactory.create(
        username="manager", organisation=world.client, roles=["manager"], roles__team=team
    )
    team.leader = manager
    team.save()
    return Desk(
        world=world, calendar=calendar, group=group, cases=cases, certificate=certificate,
        vacation=vacation, case_service=case_service,
        employee=PersonFactory.create(username="employee", organisation=world.client, roles__team=team),
        colleague=PersonFactory.create(username="colleague", organisation=world.client, roles__team=team),
        manager=manager,
        other_employee=PersonFactory.create(username="outsider", organisation=world.other_client),
        agent=agent, agent2=agent2, team_leader=team_leader, case_officer=case_officer,
        admin=PersonFactory.create(username="boss", organisation=owner, roles=["admin"]),
        planner=PersonFactory.create(username="planner", organisation=owner, roles=["planner"]),
        vendor_agent=PersonFactory.create(username="vendoragent", organisation=world.vendor, roles=["agent"]),
        vendor_member=vendor_member,
    )  # fmt: skip
