"""Fixtures of the surveys tests: people of every role, outsiders included."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from kezek.accounts.models import User
from kezek.accounts.tests.factories import PersonFactory, TeamFactory
from kezek.conftest import World


@dataclass
class People:
    centre_manager: User
    analyst: User
    admin: User
    ssc_agent: User
    employee: User
    colleague: User
    manager: User
    other_employee: User
    other_manager: User
    vendor_manager: User
    vendor_agent: User


@pytest.fixture
def people(world: World) -> People:
    team = TeamFactory.create(organisation=world.client, name="Finance")
    return People(
        centre_manager=PersonFactory.create(organisation=world.owner, roles=["centre_manager"]),
        analyst=PersonFactory.create(organisation=world.owner, roles=["quality_analyst"]),
        admin=PersonFactory.create(organisation=world.owner, roles=["admin"]),
        ssc_agent=PersonFactory.create(
            organisation=world.owner, roles=["agent"], first_name="Aigerim", last_name="Agent"
        ),
        employee=PersonFactory.create(
            organisation=world.client, roles=["employee"], roles__team=team
        ),
        colleague=PersonFactory.create(
            organisation=world.client, roles=["employee"], roles__team=team
        ),
        manager=PersonFactory.create(organisation=world.client, roles=["manager"]),
        other_employee=PersonFactory.create(organisation=world.other_client, roles=["employee"]),
        other_manager=PersonFactory.create(organisation=world.other_client, roles=["manager"]),
        vendor_manager=PersonFactory.create(organisation=world.vendor, roles=["vendor_manager"]),
        vendor_agent=PersonFactory.create(organisation=world.other_vendor, roles=["agent"]),
    )
