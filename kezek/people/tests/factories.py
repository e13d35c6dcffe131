"""Factories for staff records; a record is made through its service, with its first status."""

from __future__ import annotations

from datetime import date
from typing import Any

import factory

from kezek.accounts.tests.factories import OrganisationFactory
from kezek.people.models import StaffMember
from kezek.people.services.staff import staff_member_create


class StaffMemberFactory(factory.django.DjangoModelFactory[StaffMember]):
    """A person of ``organisation`` (default: a vendor), recruited on ``hire_date``."""

    class Meta:
        model = StaffMember

    organisation = factory.SubFactory(OrganisationFactory, kind="vendor")
    staff_number = factory.Sequence(lambda n: f"S{n:04d}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Agent{n}")
    hire_date = date(2025, 1, 6)

    @classmethod
    def _create(cls, model_class: type[StaffMember], *args: Any, **kwargs: Any) -> StaffMember:
        return staff_member_create(**kwargs)
