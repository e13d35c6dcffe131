"""The Django admin lists every domain model for an administrator."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client

from kezek.accounts.tests.factories import PersonFactory
from kezek.conftest import World

pytestmark = pytest.mark.django_db


def test_every_registered_admin_list_opens(client: Client, world: World) -> None:
    person = PersonFactory.create(organisation=world.owner, roles=["admin"])
    person.is_staff = person.is_superuser = True
    person.save()
    client.force_login(person)

    for model in admin.site._registry:
        meta = model._meta
        response = client.get(f"/admin/{meta.app_label}/{meta.model_name}/")
        assert response.status_code == 200, meta.label


def test_the_main_domain_models_are_in_the_admin() -> None:
    labels = {model._meta.label for model in admin.site._registry}

    assert {"accounts.Organisation", "accounts.User", "wfm.Queue", "wfm.ShiftTemplate"} <= labels
