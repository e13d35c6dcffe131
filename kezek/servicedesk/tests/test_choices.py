"""What the desk's choice lists offer (assignees, stand-ins, groups, canned replies) is what
the policy lets the person see; the assignment service refuses anyone else, whatever a form
or a hand-made POST sends."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from kezek.accounts.models import User
from kezek.accounts.tests.factories import PersonFactory
from kezek.core import policy
from kezek.servicedesk.choices import EventKind, State
from kezek.servicedesk.models import CannedResponse, Request, SupportGroupMember
from kezek.servicedesk.services.requests import request_assign, requests_bulk_update
from kezek.servicedesk.tests.factories import MONDAY_NOON, Desk

pytestmark = pytest.mark.django_db


@dataclass
class Vendors:
    """Desk members of two vendors in the same support group as the owner's agents."""

    member: User  # vendor A, the one asking
    colleague: User  # vendor A
    outsider: User  # vendor B


@pytest.fixture
def vendors(desk: Desk) -> Vendors:
    colleague = PersonFactory.create(organisation=desk.world.vendor, roles=["agent"])
    outsider = PersonFactory.create(organisation=desk.world.other_vendor, roles=["agent"])
    for person in (colleague, outsider):
        SupportGroupMember.objects.create(group=desk.group, user=person)
    return Vendors(member=desk.vendor_member, colleague=colleague, outsider=outsider)


def options(page: str, select: str) -> set[int]:
    """The ids a ``<select>`` (found by the start of its tag) offers, the empty choice left out."""
    match = re.search(rf"{re.escape(select)}.*?</select>", page, re.S)
    assert match, select
    return {int(value) for value in re.findall(r'value="(\d+)"', match.group())}


def queue_choices(client: Client, person: User) -> tuple[set[int], set[int]]:
    client.force_login(person)
    page = client.get("/desk/queue/").content.decode()
    return options(page, '<select id="sd-bulk-assignee"'), options(page, '<select name="group"')


def test_a_vendor_desk_member_is_offered_only_their_colleagues_and_their_groups(
    client: Client, desk: Desk, vendors: Vendors
) -> None:
    assignees, groups = queue_choices(client, vendors.member)

    # Before: every group member of every organisation, and every group, HR cases included.
    assert assignees == {vendors.member.pk, vendors.colleague.pk}
    assert groups == {desk.group.pk}


def test_the_owners_agents_are_still_offered_every_agent_and_group(
    client: Client, desk: Desk, vendors: Vendors
) -> None:
    assignees, groups = queue_choices(client, desk.agent)

    assert assignees == {
        desk.agent.pk,
        desk.agent2.pk,
        desk.case_officer.pk,
        vendors.member.pk,
        vendors.colleague.pk,
        vendors.outsider.pk,
    }
    assert groups == {desk.group.pk, desk.cases.pk}


def test_the_request_page_offers_a_vendor_member_only_their_colleagues(
    client: Client, desk: Desk, vendors: Vendors
) -> None:
    item = desk.request()
    client.force_login(vendors.member)

    page = client.get(f"/desk/requests/{item.pk}/").content.decode()

    assert options(page, '<select name="assignee"') == {vendors.member.pk, vendors.colleague.pk}


@pytest.mark.parametrize("url", ["/desk/queue/bulk/", "/desk/requests/{pk}/assign/"])
def test_assigning_to_another_vendors_agent_is_refused_and_changes_nothing(
    client: Client, desk: Desk, vendors: Vendors, url: str
) -> None:
    item = desk.request()
    before = (item.assignee_id, item.state)
    client.force_login(vendors.member)

    client.post(
        url.format(pk=item.pk),
        {"ids": [item.pk], "assignee": vendors.outsider.pk, "to_state": State.IN_PROGRESS},
    )

    item.refresh_from_db()
    assert (item.assignee_id, item.state) == before == (desk.agent.pk, State.NEW)
    assert not item.events.filter(kind=EventKind.ASSIGNED, actor=vendors.member).exists()


def test_the_assignment_service_refuses_people_the_vendor_member_may_not_see(
    desk: Desk, vendors: Vendors
) -> None:
    item = desk.request()

    for stranger in (vendors.outsider, desk.agent2):
        with pytest.raises(ValidationError, match="cannot work this request"):
            request_assign(actor=vendors.member, request=item, assignee=stranger, now=MONDAY_NOON)
    done, skipped = requests_bulk_update(
        actor=vendors.member, request_ids=[item.pk], assignee=vendors.outsider, now=MONDAY_NOON
    )
    request_assign(actor=vendors.member, request=item, assignee=vendors.colleague, now=MONDAY_NOON)

    assert (done, skipped) == (0, 1)
    assert Request.objects.get(pk=item.pk).assignee == vendors.colleague


def test_a_vendor_member_gets_the_canned_replies_of_their_groups_and_for_all(
    client: Client, desk: Desk, vendors: Vendors
) -> None:
    for title, group in (("For all", None), ("HR desk", desk.group), ("Cases", desk.cases)):
        CannedResponse.objects.create(title=title, body=f"Body: {title}", group=group)
    item = desk.request()
    client.force_login(vendors.member)

    page = client.get(f"/desk/requests/{item.pk}/").content.decode()

    assert "Body: For all" in page
    assert "Body: HR desk" in page
    usable = policy.rows(vendors.member, CannedResponse).values_list("title", flat=True)
    assert set(usable) == {"For all", "HR desk"}
