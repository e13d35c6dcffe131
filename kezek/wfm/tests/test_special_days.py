"""Special days: a year's holidays pasted at once (all or nothing), and taken back one by one."""

from __future__ import annotations

import zoneinfo
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kezek.accounts.models import User
from kezek.accounts.tests.factories import PersonFactory
from kezek.conftest import World
from kezek.wfm.models import Queue
from kezek.wfm.services.special_days import (
    special_day_remove,
    special_day_set,
    special_days_import,
)
from kezek.wfm.tests.factories import QueueFactory

pytestmark = pytest.mark.django_db
HOLIDAYS = """date;factor;reason
2026-12-16;0;Independence Day
2026-12-17;0;Independence Day
2026-12-31;0,5;New Year's Eve, short day
"""


@pytest.fixture
def planner(world: World) -> User:
    return PersonFactory.create(organisation=world.owner, roles=["planner"])


@pytest.fixture
def queue(world: World) -> Queue:
    return QueueFactory.create(organisation=world.owner, vendor=world.vendor)


def declared(queue: Queue) -> list[tuple[date, float, str]]:
    return list(queue.special_days.order_by("day").values_list("day", "factor", "reason"))


def test_a_pasted_list_declares_every_day_and_replaces_a_day_declared_before(
    queue: Queue,
) -> None:
    special_day_set(queue=queue, day=date(2026, 12, 16), factor=1.5, reason="Campaign")

    assert special_days_import(queue=queue, text=HOLIDAYS) == 3

    assert declared(queue) == [
        (date(2026, 12, 16), 0.0, "Independence Day"),
        (date(2026, 12, 17), 0.0, "Independence Day"),
        (date(2026, 12, 31), 0.5, "New Year's Eve, short day"),
    ]


def test_a_list_with_bad_lines_names_each_and_changes_nothing(queue: Queue) -> None:
    special_day_set(queue=queue, day=date(2026, 12, 1), factor=1.3, reason="Campaign")
    text = (
        "2026-12-16,0,Independence Day\n"
        "16.12.2026,0,Independence Day\n"
        "2026-12-18,-1,Typo\n"
        "2026-12-19,0\n"
        "2026-12-16,0,Twice\n"
        "2026-12-31,0,5,New Year's Eve\n"
    )

    with pytest.raises(ValidationError) as raised:
        special_days_import(queue=queue, text=text)

    assert raised.value.messages == [
        "line 2: 16.12.2026 is not a date as YYYY-MM-DD",
        "line 3: the factor must be a number from 0 (closed) to 10, not -1",
        "line 4: write the date, the factor and a reason",
        "line 5: 2026-12-16 comes twice",
        "line 6: write a decimal factor with a point, or separate the columns with semicolons",
    ]
    assert declared(queue) == [(date(2026, 12, 1), 1.3, "Campaign")]


def test_a_redeclaration_that_fails_keeps_the_day_declared_before(queue: Queue) -> None:
    special_day_set(queue=queue, day=date(2026, 12, 16), factor=0, reason="Independence Day")

    with pytest.raises(ValidationError):
        special_day_set(queue=queue, day=date(2026, 12, 16), factor=1.2, reason="x" * 1000)

    assert declared(queue) == [(date(2026, 12, 16), 0.0, "Independence Day")]


def test_a_special_day_is_taken_back(queue: Queue) -> None:
    special_day_set(queue=queue, day=date(2026, 12, 16), factor=0, reason="Independence Day")

    assert special_day_remove(queue=queue, day=date(2026, 12, 16))
    assert not special_day_remove(queue=queue, day=date(2026, 12, 16))
    assert declared(queue) == []


def test_a_planner_pastes_and_removes_special_days_on_the_queue_page(
    client: Client, queue: Queue, planner: User
) -> None:
    client.force_login(planner)

    pasted = client.post(
        reverse("wfm:special-days-paste", args=[queue.pk]), {"text": HOLIDAYS}, follow=True
    )
    removed = client.post(
        reverse("wfm:special-day-delete", args=[queue.pk, "2026-12-17"]), follow=True
    )

    assert "3 special days saved." in pasted.content.decode()
    assert "Special day 2026-12-17 removed." in removed.content.decode()
    assert [day for day, _, _ in declared(queue)] == [date(2026, 12, 16), date(2026, 12, 31)]


def test_a_bad_list_is_reported_on_the_page_and_saves_nothing(
    client: Client, queue: Queue, planner: User
) -> None:
    client.force_login(planner)

    page = client.post(
        reverse("wfm:special-days-paste", args=[queue.pk]),
        {"text": "2026-12-16,0,Independence Day\n2026-13-01,0,Nowhere\n"},
        follow=True,
    )

    assert "Nothing saved: line 2: 2026-13-01 is not a date as YYYY-MM-DD" in page.content.decode()
    assert declared(queue) == []


@pytest.mark.parametrize("vendor", ["the queue's", "another"])
def test_vendor_managers_can_neither_paste_nor_remove(
    client: Client, world: World, queue: Queue, vendor: str
) -> None:
    special_day_set(queue=queue, day=date(2026, 12, 16), factor=0, reason="Independence Day")
    organisation = world.vendor if vendor == "the queue's" else world.other_vendor
    client.force_login(PersonFactory.create(organisation=organisation, roles=["vendor_manager"]))

    paste = client.post(reverse("wfm:special-days-paste", args=[queue.pk]), {"text": HOLIDAYS})
    remove = client.post(reverse("wfm:special-day-delete", args=[queue.pk, "2026-12-16"]))

    assert (paste.status_code, remove.status_code) == (404, 404)
    assert declared(queue) == [(date(2026, 12, 16), 0.0, "Independence Day")]


def test_days_declared_long_ago_are_listed_latest_first_and_removed_from_the_queue_page(
    client: Client, queue: Queue, planner: User
) -> None:
    today = timezone.localdate(timezone=zoneinfo.ZoneInfo(queue.time_zone))
    a_year_ago = today - timedelta(days=365)
    special_day_set(queue=queue, day=date(2003, 5, 26), factor=0.4, reason="Memorial Day")
    special_day_set(queue=queue, day=a_year_ago, factor=0, reason="Independence Day")
    special_day_set(queue=queue, day=today + timedelta(days=30), factor=1.5, reason="Campaign")
    client.force_login(planner)
    page_url = reverse("wfm:queue-detail", args=[queue.pk])
    remove_url = reverse("wfm:special-day-delete", args=[queue.pk, a_year_ago.isoformat()])

    page = client.get(page_url).content.decode()
    removed = client.post(remove_url, follow=True).content.decode()

    earlier = page[page.index('id="earlier-special-days"') :]
    assert "Earlier special days (2)" in earlier
    assert earlier.index("Independence Day") < earlier.index("Memorial Day")  # latest first
    assert f'action="{remove_url}"' in earlier
    assert "Campaign" not in earlier  # a coming day stays in the list above
    assert f"Special day {a_year_ago.isoformat()} removed." in removed
    assert "Earlier special day (1)" in removed
    assert [day for day, _, _ in declared(queue)] == [date(2003, 5, 26), today + timedelta(days=30)]
