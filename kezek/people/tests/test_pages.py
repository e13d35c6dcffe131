"""The staff pages as a vendor manager uses them: list, person, forms and their refusals."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kezek.people.models import AcdLogin, StaffMember
from kezek.people.services.acd import acd_login_assign
from kezek.people.services.staff import absence_add, staff_member_update, staff_skill_set
from kezek.people.tests.conftest import Staff
from kezek.people.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


def _detail(member: StaffMember) -> str:
    return reverse("people:staff-detail", args=[member.pk])


def test_every_page_renders_without_inline_script(client: Client, staff: Staff) -> None:
    member = staff.colleague
    acd_login_assign(
        actor=staff.vendor_manager, member=member, login_id="4711", valid_from=date(2025, 2, 3)
    )
    staff_skill_set(member=member, name="Russian", level=2)
    absence_add(member=member, kind="sick", first_day=date(2025, 3, 3), last_day=date(2025, 3, 4))
    client.force_login(staff.vendor_manager)

    for url in (
        reverse("people:staff-list"),
        reverse("people:staff-list") + "?q=4711&status=recruited&position=agent",
        _detail(member),
        reverse("people:staff-edit", args=[member.pk]),
        reverse("people:staff-new"),
        reverse("people:staff-import"),
    ):
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == 200, url
        assert re.search(r"<script(?![^>]*\bsrc=)", body) is None, url
        assert re.search(r"\son[a-z]+=", body) is None, url


def test_the_search_finds_a_person_by_a_current_acd_id_and_by_name(
    client: Client, staff: Staff
) -> None:
    acd_login_assign(
        actor=staff.vendor_manager,
        member=staff.stranger,
        login_id="4711",
        valid_from=date(2025, 2, 3),
    )
    client.force_login(staff.vendor_manager)

    by_id = client.get(reverse("people:staff-list"), {"q": "4711"}).content.decode()
    by_name = client.get(
        reverse("people:staff-list"), {"q": staff.colleague.last_name}
    ).content.decode()

    assert _detail(staff.stranger) in by_id
    assert _detail(staff.colleague) not in by_id
    assert _detail(staff.colleague) in by_name
    assert _detail(staff.stranger) not in by_name


def test_the_list_keeps_name_number_and_status_on_a_phone(client: Client, staff: Staff) -> None:
    """Columns marked pp-wide are hidden below 600 px (kezek.css); the rest fits 390 px."""
    client.force_login(staff.vendor_manager)

    body = client.get(reverse("people:staff-list")).content.decode()

    header = re.search(r"<thead>(.*?)</thead>", body, re.S)
    assert header is not None
    kept = re.findall(r"<th>([^<]*)</th>", header.group(1))
    assert kept == ["Name", "Staff number", "Status"]


def test_the_list_pins_its_queries(
    client: Client, staff: Staff, django_assert_max_num_queries: Any
) -> None:
    for _ in range(20):
        member = StaffMemberFactory.create(organisation=staff.colleague.organisation)
        acd_login_assign(
            actor=staff.vendor_manager,
            member=member,
            login_id=f"9{member.pk}",
            valid_from=date(2025, 2, 3),
        )
    client.force_login(staff.vendor_manager)
    client.get(reverse("people:staff-list"))  # the session and the actor warm up

    with django_assert_max_num_queries(12):
        assert client.get(reverse("people:staff-list")).status_code == 200
    with django_assert_max_num_queries(11):
        assert client.get("/api/staff").json()["count"] == 24


def test_a_person_is_added_with_availability_and_preferences(client: Client, staff: Staff) -> None:
    client.force_login(staff.vendor_manager)

    response = client.post(
        reverse("people:staff-new"),
        {
            "staff_number": "N-1",
            "first_name": "Madina",
            "last_name": "Iskakova",
            "position": "agent",
            "team": staff.team.pk,
            "team_leader": staff.leader_record.pk,
            "hire_date": "2025-05-05",
            "min_hours_per_week": "20",
            "max_hours_per_week": "30",
            "availability": "Mon-Fri 16:00-22:00",
            "days_off": ["5", "6"],
            "preferred_shifts": "Evening",
            "status": "in_training",
            "status_date": "2025-05-12",
        },
    )

    member = StaffMember.objects.get(staff_number="N-1")
    assert response.status_code == 302
    assert (member.status, member.status_since) == ("in_training", date(2025, 5, 12))
    assert member.preferred_days_off_list == [5, 6]
    assert [str(w) for w in member.availability.all()] == ["Mon,Tue,Wed,Thu,Fri 16:00-22:00"]
    page = client.get(_detail(member)).content.decode()
    assert "Mon-Fri 16:00-22:00" in page
    assert "Saturday, Sunday" in page


def test_a_bad_availability_is_refused_on_its_field(client: Client, staff: Staff) -> None:
    client.force_login(staff.vendor_manager)

    response = client.post(
        reverse("people:staff-edit", args=[staff.colleague.pk]),
        {
            "staff_number": staff.colleague.staff_number,
            "first_name": "Test",
            "last_name": "Person",
            "position": "agent",
            "hire_date": "2025-01-06",
            "min_hours_per_week": "40",
            "max_hours_per_week": "40",
            "availability": "Someday 07:00-15:00",
        },
    )

    assert response.status_code == 422
    assert "Someday in Someday 07:00-15:00 is not a weekday" in response.content.decode()


def test_a_status_change_and_an_absence_are_recorded_from_the_persons_page(
    client: Client, staff: Staff
) -> None:
    client.force_login(staff.vendor_manager)
    member = staff.colleague
    monday = member.local_today() + timedelta(days=7 - member.local_today().weekday())

    client.post(
        reverse("people:status-change", args=[member.pk]),
        {"status": "certified", "effective_date": "2025-02-03"},
    )
    client.post(
        reverse("people:absence-new", args=[member.pk]),
        {"kind": "annual_leave", "first_day": monday, "last_day": monday + timedelta(days=4)},
    )

    member.refresh_from_db()
    assert member.status == "certified"
    assert member.absences.get().last_day == monday + timedelta(days=4)
    page = client.get(_detail(member)).content.decode()
    assert "Certified" in page
    assert "Annual leave" in page
    changes = page[page.index('id="pp-changes"') :]
    assert "Status change: Certified · 2025-02-03" in changes
    assert str(staff.vendor_manager) in changes  # who made it


def test_a_refused_change_shows_the_page_again_with_the_reason(
    client: Client, staff: Staff
) -> None:
    acd_login_assign(
        actor=staff.vendor_manager,
        member=staff.stranger,
        login_id="4711",
        valid_from=date(2025, 2, 3),
    )
    client.force_login(staff.vendor_manager)

    exit_without_reason = client.post(
        reverse("people:status-change", args=[staff.colleague.pk]),
        {"status": "exited", "effective_date": "2025-02-03"},
    )
    taken = client.post(
        reverse("people:acd-assign", args=[staff.colleague.pk]),
        {"login_id": "4711", "valid_from": "2025-03-03"},
    )

    assert exit_without_reason.status_code == 422
    assert "Say why the person left." in exit_without_reason.content.decode()
    assert taken.status_code == 422
    assert f"ACD login id 4711 belongs to {staff.stranger}" in taken.content.decode()


def test_an_id_is_taken_over_and_released_from_the_persons_page(
    client: Client, staff: Staff
) -> None:
    old = acd_login_assign(
        actor=staff.vendor_manager,
        member=staff.stranger,
        login_id="4711",
        valid_from=date(2025, 2, 3),
    )
    client.force_login(staff.vendor_manager)

    client.post(
        reverse("people:acd-assign", args=[staff.colleague.pk]),
        {"login_id": "4711", "valid_from": "2025-03-03", "reassign": "on"},
    )
    new = AcdLogin.objects.get(member=staff.colleague)
    client.post(reverse("people:acd-release", args=[new.pk]), {"valid_to": "2025-04-01"})

    old.refresh_from_db()
    new.refresh_from_db()
    assert old.valid_to == date(2025, 3, 3)
    assert (new.valid_from, new.valid_to) == (date(2025, 3, 3), date(2025, 4, 1))


def test_a_skill_is_set_and_removed(client: Client, staff: Staff) -> None:
    client.force_login(staff.vendor_manager)

    client.post(
        reverse("people:skill-set", args=[staff.colleague.pk]), {"name": "Russian", "level": "4"}
    )
    skill = staff.colleague.skills.get()
    client.post(reverse("people:skill-remove", args=[skill.pk]))

    assert (skill.name, skill.level) == ("Russian", 4)
    assert not staff.colleague.skills.exists()


def test_another_vendors_rows_cannot_be_released_or_removed(client: Client, staff: Staff) -> None:
    login = acd_login_assign(
        actor=staff.other_vendor_manager,
        member=staff.theirs,
        login_id="5",
        valid_from=date(2025, 2, 3),
    )
    skill = staff_skill_set(member=staff.theirs, name="Bulgarian", level=3)
    client.force_login(staff.vendor_manager)

    released = client.post(
        reverse("people:acd-release", args=[login.pk]), {"valid_to": "2025-04-01"}
    )
    removed = client.post(reverse("people:skill-remove", args=[skill.pk]))

    assert (released.status_code, removed.status_code) == (404, 404)
    login.refresh_from_db()
    assert login.valid_to is None


def test_an_edit_from_a_page_opened_before_someone_elses_save_is_refused(
    client: Client, staff: Staff
) -> None:
    member = staff.colleague
    client.force_login(staff.vendor_manager)
    opened = member.row_version
    staff_member_update(member=StaffMember.objects.get(pk=member.pk), first_name="Aruzhan")

    response = client.post(
        reverse("people:staff-edit", args=[member.pk]),
        {
            "row_version": opened,
            "staff_number": member.staff_number,
            "first_name": "Test",
            "last_name": "Renamed",
            "position": "agent",
            "hire_date": "2025-01-06",
            "min_hours_per_week": "40",
            "max_hours_per_week": "40",
        },
    )

    member.refresh_from_db()
    body = response.content.decode()
    assert response.status_code == 422
    assert "Someone else saved this after you opened it" in body
    assert "First name is now “Aruzhan”; it was “Test” when you opened it." in body
    assert (member.first_name, member.last_name) == ("Aruzhan", staff.colleague.last_name)
