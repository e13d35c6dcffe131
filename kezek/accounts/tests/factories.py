"""Factories for organisations and people; every fixture set includes outsiders."""

from __future__ import annotations

from typing import Any, cast

import factory

from kezek.accounts.models import Membership, Organisation, Team, User


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = "client"
    time_zone = "Asia/Almaty"


class TeamFactory(factory.django.DjangoModelFactory[Team]):
    class Meta:
        model = Team

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class PersonFactory(factory.django.DjangoModelFactory[User]):
    """A person with ``roles`` (default: employee) in ``organisation``."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person{n}")
    email = factory.LazyAttribute(lambda person: f"{person.username}@example.com")
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def roles(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        person = cast(User, self)
        team = kwargs.get("team")
        for role in extracted if extracted is not None else ["employee"]:
            Membership.objects.create(user=person, role=role, team=team)
        person.save()
