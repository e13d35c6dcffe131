"""The access-policy matrix: every role against people and organisations of
the owner, the same client, another client, the same vendor and another vendor."""

from __future__ import annotations

import pytest

from kezek.accounts.models import Organisation, Team, User
from kezek.accounts.tests.factories import PersonFactory
from kezek.conftest import World
from kezek.core import policy

pytestmark = pytest.mark.django_db

# Targets: O owner staff, C same-client colleague outside the actor's team,
# T same-client colleague in the team the actor leads, X other client,
# V same-vendor colleague, Y other vendor.
ALL = "OCTXVY"
# (role, organisation of the actor) -> (people visible, people changeable)
PEOPLE = {
    ("employee", "client"): ("", ""),
    ("manager", "client"): ("T", ""),
    ("agent", "owner"): (ALL, ""),
    ("team_leader", "owner"): (ALL, ""),
    ("supervisor", "owner"): (ALL, ""),
    ("quality_analyst", "owner"): (ALL, ""),
    ("planner", "owner"): (ALL, ""),
    ("centre_manager", "owner"): (ALL, ""),
    ("admin", "owner"): (ALL, ALL),
    ("agent", "vendor"): ("V", ""),
    ("team_leader", "vendor"): ("V", ""),
    ("supervisor", "vendor"): ("V", ""),
    ("vendor_manager", "vendor"): ("V", "V"),
}
# Organisation targets: O owner, C the actor's client, X other client, V the actor's vendor, Y other vendor.
ORGANISATIONS = {
    "client": ("OC", ""),
    "owner": ("OCXVY", ""),
    "vendor": ("OV", ""),
}


@pytest.fixture
def targets(world: World) -> dict[str, User]:
    team = Team.objects.create(organisation=world.client, name="Finance")
    return {
        "O": PersonFactory.create(organisation=world.owner, roles=["agent"]),
        "C": PersonFactory.create(organisation=world.client),
        "T": PersonFactory.create(organisation=world.client, roles__team=team),
        "X": PersonFactory.create(organisation=world.other_client),
        "V": PersonFactory.create(organisation=world.vendor, roles=["agent"]),
        "Y": PersonFactory.create(organisation=world.other_vendor, roles=["agent"]),
    }


def make_actor(world: World, role: str, kind: str) -> User:
    organisation = {"owner": world.owner, "client": world.client, "vendor": world.vendor}[kind]
    actor = PersonFactory.create(organisation=organisation, roles=[role])
    if role == "manager":
        Team.objects.filter(name="Finance").update(leader=actor)
    return actor


@pytest.mark.parametrize(("role", "kind"), list(PEOPLE))
def test_each_role_sees_and_changes_exactly_its_people(
    world: World, targets: dict[str, User], role: str, kind: str
) -> None:
    actor = make_actor(world, role, kind)
    can_view, can_change = PEOPLE[role, kind]

    for letter, person in targets.items():
        assert policy.may(actor, "view", person) == (letter in can_view), (role, kind, letter)
        assert policy.may(actor, "change", person) == (letter in can_change), (role, kind, letter)
    visible = set(policy.rows(actor, User).exclude(pk=actor.pk).values_list("pk", flat=True))
    assert visible == {targets[letter].pk for letter in can_view}


@pytest.mark.parametrize(("role", "kind"), list(PEOPLE))
def test_each_role_sees_exactly_its_organisations(world: World, role: str, kind: str) -> None:
    actor = make_actor(world, role, kind)
    organisations = {
        "O": world.owner,
        "C": world.client,
        "X": world.other_client,
        "V": world.vendor,
        "Y": world.other_vendor,
    }
    can_view, can_change = ORGANISATIONS[kind]
    if role == "admin":
        can_change = ALL

    for letter, organisation in organisations.items():
        assert policy.may(actor, "view", organisation) == (letter in can_view), (role, letter)
        assert policy.may(actor, "change", organisation) == (letter in can_change), (role, letter)


def test_everyone_may_see_and_change_themselves(world: World) -> None:
    employee = PersonFactory.create(organisation=world.client)

    assert policy.may(employee, "view", employee)
    assert policy.may(employee, "change", employee)


def test_a_deactivated_organisation_loses_access(world: World) -> None:
    agent = PersonFactory.create(organisation=world.vendor, roles=["agent"])
    colleague = PersonFactory.create(organisation=world.vendor, roles=["agent"])
    Organisation.objects.filter(pk=world.vendor.pk).update(is_active=False)
    agent.refresh_from_db()

    assert not policy.may(agent, "view", colleague)


def test_anonymous_sees_nothing(world: World) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert not policy.rows(AnonymousUser(), Organisation).exists()


def test_every_model_of_kezek_has_an_access_rule() -> None:
    from django.apps import apps

    ruled = set(policy.registered_models())
    kezek_models = {
        model
        for model in apps.get_models()
        if model.__module__.startswith("kezek.") and not model.__name__.startswith("Historical")
    }
    assert kezek_models - ruled == set()
