"""The catalogue, groups and calendars are edited in the admin: a stale save there is refused too."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kezek.accounts.models import User
from kezek.accounts.tests.factories import PersonFactory
from kezek.servicedesk.models import Service
from kezek.servicedesk.tests.factories import Desk

pytestmark = pytest.mark.django_db


def administrator(desk: Desk, **names: str) -> User:
    person = PersonFactory.create(organisation=desk.world.owner, roles=["admin"], **names)
    person.is_staff = person.is_superuser = True
    person.save()
    return person


def opened_page(response: Any) -> dict[str, Any]:
    """What an admin change page sends back untouched: its form and every inline's forms."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    return {
        field.html_name: field.value()
        for form in forms
        for field in form
        if field.value() is not None
    }


def test_a_service_saved_from_a_page_opened_before_a_colleagues_save_is_refused(
    desk: Desk,
) -> None:
    first, second = Client(), Client()
    first.force_login(administrator(desk, first_name="Aida", last_name="Sarsen"))
    second.force_login(administrator(desk))
    url = reverse("admin:servicedesk_service_change", args=[desk.certificate.pk])
    first_page, second_page = opened_page(first.get(url)), opened_page(second.get(url))

    saved = first.post(url, first_page | {"group": desk.cases.pk, "name": "Employment letter"})
    refused = second.post(url, second_page | {"required_skill": "payroll"})

    assert saved.status_code == 302
    assert refused.status_code == 200  # the admin shows the page again with its errors
    service = Service.objects.get(pk=desk.certificate.pk)
    assert (service.group, service.name, service.required_skill) == (
        desk.cases,
        "Employment letter",
        "",
    )
    assert service.row_version == 2
    page = refused.content.decode()
    assert "Aida Sarsen saved this at" in page
    assert "Owner group is now “HR cases”; it was “HR desk” when you opened it." in page
    assert "Name is now “Employment letter”; it was “Certificate of employment”" in page
    assert refused.context["adminform"].form["required_skill"].value() == "payroll"

    again = second.post(url, opened_page(refused))

    assert again.status_code == 302
    service.refresh_from_db()
    assert (service.required_skill, service.row_version) == ("payroll", 3)


def test_a_calendar_and_a_support_group_count_a_version_per_admin_save(desk: Desk) -> None:
    client = Client()
    client.force_login(administrator(desk))

    for page, record in (
        ("accounts_businesscalendarmodel", desk.calendar),
        ("servicedesk_supportgroup", desk.group),
    ):
        url = reverse(f"admin:{page}_change", args=[record.pk])
        stale = opened_page(client.get(url))
        assert client.post(url, stale).status_code == 302
        refused = client.post(url, stale)

        assert refused.status_code == 200
        assert "after you opened it" in refused.content.decode()
        record.refresh_from_db()
        assert record.row_version == 2
