"""The people of the staff tests: keepers, viewers and outsiders of both vendors and the owner."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from kezek.accounts.models import Team, User
from kezek.accounts.tests.factories import PersonFactory, TeamFactory
from kezek.conftest import World
from kezek.people.models import StaffMember
from kezek.people.tests.factories import StaffMemberFactory


@dataclass
class Staff:
    """Logins and staff records: ``ours`` are vendor A's, ``theirs`` vendor B's."""

    vendor_manager: User
    other_vendor_manager: User
    vendor_team_leader: User
    vendor_supervisor: User
    vendor_agent: User
    centre_manager: User
    planner: User
    owner_admin: User
    owner_agent: User
    client_manager: User
    team: Team
    other_team: Team
    leader_record: StaffMember
    agent_record: StaffMember
    colleague: StaffMember
    stranger: StaffMember
    theirs: StaffMember
    owner_record: StaffMember


@pytest.fixture
def staff(world: World) -> Staff:
    team_leader = PersonFactory.create(organisation=world.vendor, roles=["team_leader"])
    team = TeamFactory.create(organisation=world.vendor, name="A team 1", leader=team_leader)
    other_team = TeamFactory.create(organisation=world.vendor, name="A team 2")
    their_team = TeamFactory.create(organisation=world.other_vendor, name="B team 1")
    agent = PersonFactory.create(organisation=world.vendor, roles=["agent"])
    leader_record = StaffMemberFactory.create(
        organisation=world.vendor, position="team_leader", team=team, user=team_leader
    )
    return Staff(
        vendor_manager=PersonFactory.create(organisation=world.vendor, roles=["vendor_manager"]),
        other_vendor_manager=PersonFactory.create(
            organisation=world.other_vendor, roles=["vendor_manager"]
        ),
        vendor_team_leader=team_leader,
        vendor_supervisor=PersonFactory.create(organisation=world.vendor, roles=["supervisor"]),
        vendor_agent=agent,
        centre_manager=PersonFactory.create(organisation=world.owner, roles=["centre_manager"]),
        planner=PersonFactory.create(organisation=world.owner, roles=["planner"]),
        owner_admin=PersonFactory.create(organisation=world.owner, roles=["admin"]),
        owner_agent=PersonFactory.create(organisation=world.owner, roles=["agent"]),
        client_manager=PersonFactory.create(organisation=world.client, roles=["manager"]),
        team=team,
        other_team=other_team,
        leader_record=leader_record,
        agent_record=StaffMemberFactory.create(
            organisation=world.vendor, team=team, team_leader=leader_record, user=agent
        ),
        colleague=StaffMemberFactory.create(organisation=world.vendor, team=team),
        stranger=StaffMemberFactory.create(organisation=world.vendor, team=other_team),
        theirs=StaffMemberFactory.create(
            organisation=world.other_vendor, team=their_team, last_name="Theirs"
        ),
        owner_record=StaffMemberFactory.create(
            organisation=world.owner, position="business_guide", last_name="Guide"
        ),
    )
