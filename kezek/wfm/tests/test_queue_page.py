"""The queue page as a planner works with it, in any of the product's languages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kezek.accounts.tests.factories import PersonFactory
from kezek.conftest import World
from kezek.wfm.tests.factories import QueueFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["ru", "bg"])
def test_the_growth_box_keeps_the_growth_asked_for_where_decimals_take_a_comma(
    client: Client, world: World, language: str
) -> None:
    queue = QueueFactory.create(organisation=world.owner)
    client.force_login(PersonFactory.create(organisation=world.owner, roles=["planner"]))

    page = client.get(
        reverse("wfm:queue-detail", args=[queue.pk]),
        {"growth": "5"},
        HTTP_ACCEPT_LANGUAGE=language,
    ).content.decode()

    assert f'<html lang="{language}"' in page
    assert 'name="growth" type="number" step="0.5" value="5.0"' in page
