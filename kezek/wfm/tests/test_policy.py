"""Who may see and change workforce plans: the owner plans, a vendor sees only its queues."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from kezek.accounts.tests.factories import PersonFactory
from kezek.conftest import World
from kezek.core import policy
from kezek.core.navigation import items_for
from kezek.wfm.demo import synthetic_history
from kezek.wfm.models import Queue
from kezek.wfm.services.forecasts import forecast_create
from kezek.wfm.services.history import history_store
from kezek.wfm.services.staffing import staffing_plan_publish
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


@pytest.mark.parametrize(("role", "kind"), list(MATRIX))
def test_only_the_owners_planners_may_plan_and_find_the_shift_templates(
    world: World, role: str, kind: str
) -> None:
    organisation = {"owner": world.owner, "vendor": world.vendor, "client": world.client}[kind]
    actor = PersonFactory.create(organisation=organisation, roles=[role])
    menu = [url for _label, url in items_for(policy.actor_of(actor))]
    changes = MATRIX[role, kind][2]

    assert policy.can(actor, "may_plan") == changes
    assert (reverse("wfm:shift-template-list") in menu) == changes


def test_another_owner_sees_none_of_our_queues(world: World) -> None:
    QueueFactory.create(organisation=world.owner)
    stranger_owner = PersonFactory.create(
        organisation=world.owner.__class__.objects.create(name="Other SSC", kind="owner"),
        roles=["planner"],
    )

    assert not policy.rows(stranger_owner, Queue).exists()


@pytest.mark.parametrize(
    ("role", "kind", "sees_history"),
    [("vendor_manager", "vendor", False), ("planner", "owner", True), ("agent", "owner", True)],
)
def test_the_queue_page_shows_history_and_forecasts_only_to_those_who_may_see_them(
    client: Client, world: World, role: str, kind: str, sees_history: bool
) -> None:
    planner = PersonFactory.create(organisation=world.owner, roles=["planner"])
    queue = QueueFactory.create(organisation=world.owner, vendor=world.vendor)
    origin = date(2026, 3, 2)
    records = synthetic_history(
        rng=random.Random(5),
        first_day=origin - timedelta(weeks=4),
        last_day=origin - timedelta(days=1),
        interval_minutes=queue.interval_minutes,
        daily_calls=500,
    )
    history_store(
        queue=queue, records=records, file_name="calls.csv", file_format="csv", imported_by=planner
    )
    forecast = forecast_create(queue=queue, origin=origin, horizon_days=1, created_by=planner)
    plan = staffing_plan_publish(forecast=forecast, published_by=planner)
    organisation = world.vendor if kind == "vendor" else world.owner
    client.force_login(PersonFactory.create(organisation=organisation, roles=[role]))

    page = client.get(reverse("wfm:queue-detail", args=[queue.pk])).content.decode()

    assert reverse("wfm:plan-detail", args=[plan.pk]) in page
    assert ('id="history-chart"' in page) == sees_history
    assert ("calls.csv" in page) == sees_history
    assert (reverse("wfm:forecast-detail", args=[forecast.pk]) in page) == sees_history
    assert "No history yet" not in page
    assert "No forecasts yet" not in page
