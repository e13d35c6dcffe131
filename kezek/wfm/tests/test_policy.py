"""Who may see and change workforce plans: the owner plans, a vendor sees only its queues."""

from __future__ import annotations

import pytest

from kezek.accounts.tests.factories import PersonFactory
from kezek.conftest import World
from kezek.core import policy
from kezek.wfm.models import Queue
from kezek.wfm.tests.factories import QueueFactory

pytestmark = pytest.mark.django_db

# (role, organisation kind) -> (may view own-vendor queue, other-vendor queue, may change)
MATRIX = {
    ("planner", "owner"): (True, True, True),
    ("centre_manager", "owner"): (True, True, True),
    ("admin", "owner"): (True, True, True),
    ("agent", "owner"): (True, True, False),
    ("quality_analyst", "owner"): (True, True, False),
    ("vendor_manager", "vendor"): (True, False, False),
    ("supervisor", "vendor"): (True, False, False),
    ("agent", "vendor"): (True, False, False),
    ("manager", "client"): (False, False, False),
    ("employee", "client"): (False, False, False),
}


@pytest.mark.parametrize(("role", "kind"), list(MATRIX))
def test_queues_are_seen_by_the_owner_and_their_own_vendor_only(
    world: World, role: str, kind: str
) -> None:
    ours = QueueFactory.create(organisation=world.owner, vendor=world.vendor)
    theirs = QueueFactory.create(organisation=world.owner, vendor=world.other_vendor)
    organisation = {"owner": world.owner, "vendor": world.vendor, "client": world.client}[kind]
    actor = PersonFactory.create(organisation=organisation, roles=[role])
    sees_ours, sees_theirs, changes = MATRIX[role, kind]

    assert policy.may(actor, "view", ours) == sees_ours
    assert policy.may(actor, "view", theirs) == sees_theirs
    assert policy.may(actor, "change", ours) == changes
    assert policy.may(actor, "change", theirs) == changes


def test_another_owner_sees_none_of_our_queues(world: World) -> None:
    QueueFactory.create(organisation=world.owner)
    stranger_owner = PersonFactory.create(
        organisation=world.owner.__class__.objects.create(name="Other SSC", kind="owner"),
        roles=["planner"],
    )

    assert not policy.rows(stranger_owner, Queue).exists()
