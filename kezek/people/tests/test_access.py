"""Who sees and keeps which staff records: a vendor never sees another vendor's people, in
the list, a page (404), the export, the API or a choice list."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kezek.accounts.tests.factories import PersonFactory
from kezek.conftest import World
from kezek.core import policy
from kezek.people.services.staff import staff_skill_set
from kezek.people.tests.conftest import Staff

pytestmark = pytest.mark.django_db

RECORDS = ("leader_record", "agent_record", "colleague", "stranger", "theirs", "owner_record")
# who -> (records seen, records kept), in the order of RECORDS
MATRIX = {
    "vendor_manager": ("1111 00", "1111 00"),
    "other_vendor_manager": ("0000 10", "0000 10"),
    "vendor_supervisor": ("1111 00", "0000 00"),
    "vendor_team_leader": ("1110 00", "0000 00"),  # themselves and the team they lead
    "vendor_agent": ("0100 00", "0000 00"),  # their own record only
    "centre_manager": ("1111 11", "0000 01"),
    "owner_admin": ("1111 11", "0000 01"),
    "planner": ("1111 11", "0000 00"),
    "owner_agent": ("0000 00", "0000 00"),
    "client_manager": ("0000 00", "0000 00"),
}


def _flags(text: str) -> list[bool]:
    return [flag == "1" for flag in text.replace(" ", "")]


@pytest.mark.parametrize("who", list(MATRIX))
def test_the_access_matrix_of_staff_records(staff: Staff, who: str) -> None:
    user = getattr(staff, who)
    sees, keeps = (_flags(text) for text in MATRIX[who])

    for name, seen, kept in zip(RECORDS, sees, keeps, strict=True):
        record = getattr(staff, name)
        assert policy.may(user, "view", record) == seen, name
        assert policy.may(user, "change", record) == kept, name


def test_a_vendor_manager_never_sees_another_vendors_people(client: Client, staff: Staff) -> None:
    client.force_login(staff.vendor_manager)
    theirs = staff.theirs.pk

    listed = client.get(reverse("people:staff-list")).content.decode()
    searched = client.get(reverse("people:staff-list"), {"q": "Theirs"}).content.decode()
    exported = client.get(reverse("people:staff-export", args=["csv"])).content.decode("utf-8-sig")

    their_page = reverse("people:staff-detail", args=[theirs])
    assert reverse("people:staff-detail", args=[staff.colleague.pk]) in listed
    assert their_page not in listed
    assert their_page not in searched
    assert "No people to show." in searched
    assert staff.colleague.staff_number in exported
    assert staff.theirs.staff_number not in exported
    for name in ("staff-detail", "staff-edit"):
        assert client.get(reverse(f"people:{name}", args=[theirs])).status_code == 404
    for name in ("status-change", "acd-assign", "skill-set", "absence-new"):
        assert client.post(reverse(f"people:{name}", args=[theirs]), {}).status_code == 404


def test_the_api_scopes_like_the_pages(client: Client, staff: Staff) -> None:
    client.force_login(staff.vendor_manager)

    listed = client.get("/api/staff").json()
    numbers = {item["staff_number"] for item in listed["items"]}

    assert staff.colleague.staff_number in numbers
    assert staff.theirs.staff_number not in numbers
    assert client.get(f"/api/staff/{staff.theirs.pk}").status_code == 404
    patched = client.patch(
        f"/api/staff/{staff.theirs.pk}", {"first_name": "X"}, content_type="application/json"
    )
    assert patched.status_code == 404
    assert patched.json()["code"] == "not_found"


def test_choice_lists_offer_only_the_vendors_own_teams_skills_leaders_and_logins(
    client: Client, world: World, staff: Staff
) -> None:
    PersonFactory.create(username="b.agent", organisation=world.other_vendor, roles=["agent"])
    PersonFactory.create(username="a.agent", organisation=world.vendor, roles=["agent"])
    staff_skill_set(member=staff.theirs, name="Bulgarian", level=3)
    staff_skill_set(member=staff.colleague, name="Kazakh", level=2)
    their_leader = staff.theirs
    client.force_login(staff.vendor_manager)

    listed = client.get(reverse("people:staff-list")).content.decode()
    form = client.get(reverse("people:staff-new")).content.decode()

    assert "A team 1" in listed
    assert "Kazakh" in listed
    assert "B team 1" not in listed
    assert "Bulgarian" not in listed
    assert 'name="organisation"' not in listed  # a vendor's list has no organisation filter
    assert "A team 1" in form
    assert "a.agent" in form
    assert str(staff.leader_record) in form
    assert "B team 1" not in form
    assert "b.agent" not in form
    assert str(their_leader) not in form


def test_the_owner_filters_by_organisation_and_sees_both_vendors(
    client: Client, world: World, staff: Staff
) -> None:
    client.force_login(staff.planner)

    page = client.get(reverse("people:staff-list"), {"organisation": world.other_vendor.pk})

    body = page.content.decode()
    assert 'name="organisation"' in body
    assert "Theirs" in body
    assert staff.colleague.last_name not in body


def test_clients_have_no_staff_pages(client: Client, staff: Staff) -> None:
    client.force_login(staff.client_manager)

    assert client.get(reverse("people:staff-list")).status_code == 404
    assert client.get(reverse("people:staff-export", args=["xlsx"])).status_code == 404
    assert client.get(reverse("people:staff-detail", args=[staff.colleague.pk])).status_code == 404
    assert client.get("/api/staff").json()["count"] == 0


def test_only_keepers_add_people_and_import(client: Client, staff: Staff) -> None:
    for who, status in (
        (staff.vendor_manager, 200),
        (staff.centre_manager, 200),
        (staff.vendor_supervisor, 404),
        (staff.planner, 404),
    ):
        client.force_login(who)
        assert client.get(reverse("people:staff-new")).status_code == status
        assert client.get(reverse("people:staff-import")).status_code == status


def test_an_agent_sees_their_own_record_and_no_one_elses(client: Client, staff: Staff) -> None:
    client.force_login(staff.vendor_agent)

    own = client.get(reverse("people:staff-detail", args=[staff.agent_record.pk]))
    colleague = client.get(reverse("people:staff-detail", args=[staff.colleague.pk]))

    assert own.status_code == 200
    assert 'id="pp-status-form"' not in own.content.decode()  # reading, not keeping
    assert colleague.status_code == 404
