"""Planners create queues and change their settings in the product, not in the admin."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from kezek.accounts.models import User
from kezek.accounts.tests.factories import PersonFactory
from kezek.conftest import World
from kezek.wfm.demo import synthetic_history
from kezek.wfm.models import Queue, StaffingPlan
from kezek.wfm.services.forecasts import forecast_create
from kezek.wfm.services.history import IntervalRecord, history_store
from kezek.wfm.services.queues import queue_update
from kezek.wfm.services.staffing import staffing_plan_publish
from kezek.wfm.tests.factories import QueueFactory

pytestmark = pytest.mark.django_db
ORIGIN = date(2026, 3, 2)  # a Monday


@pytest.fixture
def planner(world: World) -> User:
    return PersonFactory.create(organisation=world.owner, roles=["planner"])


def new_queue_fields(**changes: object) -> dict[str, object]:
    fields: dict[str, object] = {
        "name": "Benefits line",
        "vendor": "",
        "time_zone": "Europe/Sofia",
        "interval_minutes": 15,
        "target_service_level": 0.9,
        "target_answer_seconds": 30,
        "max_occupancy": 0.85,
        "shrinkage": 0.35,
        "patience_seconds": "",
        "handle_time_seconds": 300,
    }
    return fields | changes


def opened_form(response: Any, name: str = "form") -> dict[str, object]:
    """What the page's form ``name`` would send back untouched: its values as shown."""
    form = response.context[name]
    form = getattr(form, "form", form)  # the admin wraps its form
    return {field.html_name: "" if field.value() is None else field.value() for field in form}


def store_calls_only(queue: Queue, planner: User) -> None:
    """Six weeks of history from a file of calls only: no handle times."""
    records = synthetic_history(
        rng=random.Random(3),
        first_day=ORIGIN - timedelta(weeks=6),
        last_day=ORIGIN - timedelta(days=1),
        interval_minutes=queue.interval_minutes,
        daily_calls=600,
    )
    calls_only = [IntervalRecord(local_start=r.local_start, calls=r.calls) for r in records]
    history_store(
        queue=queue,
        records=calls_only,
        file_name="calls.csv",
        file_format="csv",
        imported_by=planner,
    )


def test_a_planner_creates_a_queue_from_the_list_of_queues(
    client: Client, world: World, planner: User
) -> None:
    client.force_login(planner)

    listing = client.get(reverse("wfm:queue-list")).content.decode()
    response = client.post(reverse("wfm:queue-new"), new_queue_fields(vendor=world.vendor.pk))

    assert reverse("wfm:queue-new") in listing
    queue = Queue.objects.get(name="Benefits line")
    assert response["Location"] == reverse("wfm:queue-detail", args=[queue.pk])
    assert queue.organisation == world.owner
    assert queue.vendor == world.vendor
    assert (queue.time_zone, queue.interval_minutes) == ("Europe/Sofia", 15)
    assert (queue.target_service_level, queue.target_answer_seconds) == (0.9, 30)
    assert queue.handle_time_seconds == 300
    assert queue.patience_seconds is None
    page = client.get(response["Location"]).content.decode()
    assert "90% answered within 30 s" in page
    assert "300 s handle time where the history has none" in page


def test_a_second_queue_of_the_same_name_or_a_wrong_time_zone_is_refused_and_nothing_saved(
    client: Client, world: World, planner: User
) -> None:
    QueueFactory.create(organisation=world.owner, name="Benefits line")
    client.force_login(planner)

    twice = client.post(reverse("wfm:queue-new"), new_queue_fields())
    bad_zone = client.post(
        reverse("wfm:queue-new"), new_queue_fields(name="Other", time_zone="Sofia")
    )

    assert twice.status_code == 422
    assert "already exists" in twice.content.decode()
    assert bad_zone.status_code == 422
    assert "Sofia is not an IANA time zone" in bad_zone.content.decode()
    assert Queue.objects.count() == 1


def test_only_the_owners_planners_create_and_change_queues(
    client: Client, world: World, planner: User
) -> None:
    queue = QueueFactory.create(organisation=world.owner, vendor=world.vendor, name="Payroll")
    vendor_manager = PersonFactory.create(organisation=world.vendor, roles=["vendor_manager"])
    agent = PersonFactory.create(organisation=world.owner, roles=["agent"])

    for person in (vendor_manager, agent):
        client.force_login(person)
        assert client.get(reverse("wfm:queue-new")).status_code == 404
        assert client.post(reverse("wfm:queue-new"), new_queue_fields()).status_code == 404
        assert client.get(reverse("wfm:queue-edit", args=[queue.pk])).status_code == 404
        edited = client.post(
            reverse("wfm:queue-edit", args=[queue.pk]), new_queue_fields(name="Hijacked")
        )
        assert edited.status_code == 404
        assert (
            reverse("wfm:queue-new") not in client.get(reverse("wfm:queue-list")).content.decode()
        )

    assert list(Queue.objects.values_list("name", flat=True)) == ["Payroll"]


def test_settings_change_but_the_clock_and_grid_stay_once_history_is_imported(
    client: Client, world: World, planner: User
) -> None:
    queue = QueueFactory.create(organisation=world.owner, time_zone="Asia/Almaty")
    store_calls_only(queue, planner)
    client.force_login(planner)

    form = client.get(reverse("wfm:queue-edit", args=[queue.pk])).content.decode()
    response = client.post(
        reverse("wfm:queue-edit", args=[queue.pk]),
        new_queue_fields(
            name="Payroll",
            time_zone="Europe/Sofia",
            interval_minutes=60,
            row_version=queue.row_version,
        ),
    )

    assert "Fixed: the imported history uses it." in form
    assert response.status_code == 302
    queue.refresh_from_db()
    assert (queue.name, queue.handle_time_seconds, queue.shrinkage) == ("Payroll", 300, 0.35)
    assert (queue.time_zone, queue.interval_minutes) == ("Asia/Almaty", 30)
    with pytest.raises(ValidationError) as refused:
        queue_update(queue=queue, interval_minutes=60, shrinkage=0.1)
    assert set(refused.value.message_dict) == {"interval_minutes"}
    queue.refresh_from_db()
    assert (queue.interval_minutes, queue.shrinkage) == (30, 0.35)


def test_a_history_of_calls_only_is_forecast_and_staffed_with_the_queues_handle_time(
    world: World, planner: User
) -> None:
    queue = QueueFactory.create(organisation=world.owner, interval_minutes=30)
    store_calls_only(queue, planner)

    with pytest.raises(ValidationError) as refused:
        forecast_create(queue=queue, origin=ORIGIN, horizon_days=2, created_by=planner)
    queue_update(queue=queue, handle_time_seconds=240)
    forecast = forecast_create(queue=queue, origin=ORIGIN, horizon_days=2, created_by=planner)
    plan = staffing_plan_publish(forecast=forecast, published_by=planner)

    assert "set the queue's average handle time" in refused.value.messages[0]
    assert set(forecast.intervals.values_list("aht_seconds", flat=True)) == {240.0}
    assert StaffingPlan.objects.get() == plan
    busiest = max(forecast.intervals.all(), key=lambda interval: interval.calls)
    needed = plan.requirements.get(starts_at=busiest.starts_at)
    # Offered load: calls × 240 s over a 30-minute interval, and more agents than that.
    assert needed.aht_seconds == 240
    assert needed.agents > busiest.calls * 240 / 1800


def test_a_save_from_a_page_opened_before_a_colleagues_save_is_refused_and_undoes_nothing(
    world: World, planner: User
) -> None:
    queue = QueueFactory.create(organisation=world.owner, name="Payroll", shrinkage=0.3)
    colleague = PersonFactory.create(
        organisation=world.owner, roles=["planner"], first_name="Aida", last_name="Sarsen"
    )
    first, second = Client(), Client()
    first.force_login(colleague)
    second.force_login(planner)
    url = reverse("wfm:queue-edit", args=[queue.pk])
    first_form, second_form = opened_form(first.get(url)), opened_form(second.get(url))

    saved = first.post(url, first_form | {"vendor": world.vendor.pk, "name": "Payroll outsourced"})
    refused = second.post(url, second_form | {"shrinkage": 0.4})

    assert saved.status_code == 302
    assert refused.status_code == 422
    queue.refresh_from_db()
    assert (queue.vendor, queue.name, queue.shrinkage) == (world.vendor, "Payroll outsourced", 0.3)
    assert queue.row_version == 2
    page = refused.content.decode()
    assert "Aida Sarsen saved this at" in page
    assert "Vendor is now “Vendor A”; it was “—” when you opened it." in page
    assert "Name is now “Payroll outsourced”; it was “Payroll” when you opened it." in page
    assert refused.context["form"]["shrinkage"].value() == "0.4"  # the input is kept
    assert refused.context["form"]["name"].value() == "Payroll"


def test_saving_again_after_reading_the_colleagues_change_goes_through(
    world: World, planner: User
) -> None:
    queue = QueueFactory.create(organisation=world.owner, name="Payroll", shrinkage=0.3)
    client = Client()
    client.force_login(planner)
    url = reverse("wfm:queue-edit", args=[queue.pk])
    stale = opened_form(client.get(url))
    queue_update(queue=queue, vendor=world.vendor)

    refused = client.post(url, stale | {"shrinkage": 0.4})
    again = client.post(url, opened_form(refused) | {"vendor": world.vendor.pk})

    assert refused.status_code == 422
    assert refused.context["form"]["row_version"].value() == "2"
    assert again.status_code == 302
    queue.refresh_from_db()
    assert (queue.vendor, queue.shrinkage, queue.row_version) == (world.vendor, 0.4, 3)


def test_an_administrator_reverts_a_queue_to_an_earlier_version_which_counts_one_more(
    client: Client, world: World, planner: User
) -> None:
    queue = QueueFactory.create(organisation=world.owner, name="Payroll", shrinkage=0.3)
    queue_update(queue=queue, shrinkage=0.4)
    administrator = PersonFactory.create(organisation=world.owner, roles=["admin"])
    administrator.is_staff = administrator.is_superuser = True
    administrator.save()
    client.force_login(administrator)
    first = queue.history.get(row_version=1)
    url = reverse("admin:wfm_queue_simple_history", args=[queue.pk, first.history_id])

    page = client.get(url)
    reverted = client.post(url, opened_form(page, "adminform"))

    assert page.context["adminform"].form["row_version"].value() == 2  # the version stored now
    assert reverted.status_code == 302
    queue.refresh_from_db()
    assert (queue.shrinkage, queue.row_version) == (0.3, 3)
