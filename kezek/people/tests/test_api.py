"""The staff API: a vendor manager lists, reads, adds and changes their vendor's people."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from kezek.people.models import StaffMember
from kezek.people.tests.conftest import Staff

pytestmark = pytest.mark.django_db


def _post(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, body, content_type="application/json")


def test_a_vendor_manager_adds_a_person_of_their_vendor(client: Client, staff: Staff) -> None:
    client.force_login(staff.vendor_manager)

    response = _post(
        client,
        "/api/staff",
        {
            "staff_number": "API-1",
            "first_name": "Asel",
            "last_name": "Bekova",
            "hire_date": "2025-04-07",
            "team_id": staff.team.pk,
            "team_leader_id": staff.leader_record.pk,
            "min_hours_per_week": 20,
            "max_hours_per_week": 30,
            "availability": "Mon-Fri 09:00-15:00",
            "status": "nesting",
            "status_date": "2025-05-05",
        },
    )

    body = response.json()
    assert response.status_code == 201
    assert body["organisation_id"] == staff.colleague.organisation_id
    assert (body["status"], body["status_since"]) == ("nesting", "2025-05-05")
    assert (body["min_hours_per_week"], body["max_hours_per_week"]) == (20.0, 30.0)
    assert body["availability"] == "Mon-Fri 09:00-15:00"
    assert body["acd_login_ids"] == []
    assert body["skills"] == []


def test_the_api_refuses_another_vendors_team_and_bad_fields_by_name(
    client: Client, staff: Staff
) -> None:
    client.force_login(staff.vendor_manager)
    their_team = staff.theirs.team
    assert their_team is not None

    foreign = _post(
        client,
        "/api/staff",
        {
            "staff_number": "X",
            "first_name": "A",
            "last_name": "B",
            "hire_date": "2025-04-07",
            "team_id": their_team.pk,
        },
    )
    inverted = client.patch(
        f"/api/staff/{staff.colleague.pk}",
        {"min_hours_per_week": 40, "max_hours_per_week": 10},
        content_type="application/json",
    )

    assert foreign.status_code == 422
    assert foreign.json()["errors"] == [
        {"field": "team_id", "message": f"{their_team.pk} is not one to choose here."}
    ]
    assert inverted.status_code == 422
    assert inverted.json()["errors"] == [
        {
            "field": "min_hours_per_week",
            "message": "The minimum (40 h) is above the maximum (10 h).",
        }
    ]
    assert not StaffMember.objects.filter(staff_number="X").exists()


def test_a_patch_changes_only_what_it_names(client: Client, staff: Staff) -> None:
    client.force_login(staff.vendor_manager)

    response = client.patch(
        f"/api/staff/{staff.colleague.pk}",
        {"star_level": 4, "team_id": None},
        content_type="application/json",
    )

    staff.colleague.refresh_from_db()
    assert response.status_code == 200
    assert (staff.colleague.star_level, staff.colleague.team) == (4, None)
    assert staff.colleague.last_name == response.json()["last_name"]


def test_those_who_only_read_cannot_add_or_change(client: Client, staff: Staff) -> None:
    client.force_login(staff.vendor_supervisor)
    body = {"staff_number": "S", "first_name": "A", "last_name": "B", "hire_date": "2025-04-07"}

    assert client.get(f"/api/staff/{staff.colleague.pk}").status_code == 200
    assert _post(client, "/api/staff", body).status_code == 403
    patched = client.patch(
        f"/api/staff/{staff.colleague.pk}", {"star_level": 1}, content_type="application/json"
    )
    assert patched.status_code == 404
