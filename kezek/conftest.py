"""Fixtures shared by every app's tests: the organisations of a small service centre.

``world`` holds the owner, two client companies and two vendors, so that every
test has outsiders at hand (another client, another vendor).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

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
