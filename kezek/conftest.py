"""Fixtures shared by every app's tests: the organisations of a small service centre.

``world`` holds the owner, two client companies and two vendors, so that every
test has outsiders at hand (another client, another vendor).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.utils import translation

from kezek.accounts.models import Organisation
from kezek.accounts.tests.factories import OrganisationFactory


@dataclass
class World:
    owner: Organisation
    client: Organisation
    other_client: Organisation
    vendor: Organisation
    other_vendor: Organisation


@pytest.fixture
def world(db: None) -> World:
    return World(
        owner=OrganisationFactory.create(name="Owner SSC", kind="owner"),
        client=OrganisationFactory.create(name="Client A", kind="client"),
        other_client=OrganisationFactory.create(name="Client B", kind="client"),
        vendor=OrganisationFactory.create(name="Vendor A", kind="vendor"),
        other_vendor=OrganisationFactory.create(name="Vendor B", kind="vendor"),
    )


@pytest.fixture(autouse=True)
def _language_of_each_test_its_own() -> Iterator[None]:
    """Each test starts in the default language, whatever the one before it asked for.

    A request with ``Accept-Language: ru`` leaves Russian active in the test's
    thread (a server would set it anew per request): the tests after it read
    Russian messages.
    """
    yield
    translation.deactivate()
