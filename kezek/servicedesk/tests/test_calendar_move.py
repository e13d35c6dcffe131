"""Business calendars moved from the desk to accounts (servicedesk 0006, accounts 0002 and 0003):
a database from before keeps every calendar, window, holiday and history row, the permissions
on them, and the SLA deadlines its policies give."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps as current_apps
from django.apps.registry import Apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from kezek.accounts.calendars import calendar_create
from kezek.accounts.models import (
    BusinessCalendarModel,
    CalendarHoliday,
    CalendarWindow,
    Organisation,
)
from kezek.servicedesk.models import Request, SlaPolicy
from kezek.servicedesk.services.sla import sla_start

pytestmark = [
    pytest.mark.migrations,
    pytest.mark.django_db(transaction=True),  # migrations run outside a transaction
]

BEFORE = [("accounts", "0001_initial"), ("servicedesk", "0005_catalogue_row_versions")]
ALMATY = ZoneInfo("Asia/Almaty")
LUNCH_DAY = ((time(9), time(13)), (time(14), time(18)))
NAURYZ = (date(2026, 3, 21), date(2026, 3, 22), date(2026, 3, 23))


@pytest.fixture
def old_apps() -> Iterator[Apps]:
    """The models as they were before the move, on a database migrated back to then; the
    database is migrated to the latest state again afterwards, whatever the test did."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        yield executor.loader.project_state(BEFORE).apps
    finally:
        latest = MigrationExecutor(connection)
        latest.migrate(latest.loader.graph.leaf_nodes())
        ContentType.objects.clear_cache()


def migrate_to_latest() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def seed(apps: Apps) -> dict[str, Any]:
    """What the desk stored before the move: its SLA calendar, edited once, and a policy."""
    model = apps.get_model
    calendar = model("servicedesk", "BusinessCalendarModel").objects.create(
        name="Almaty SLA", time_zone="Asia/Almaty", row_version=2
    )
    for weekday in range(5):
        for start, end in LUNCH_DAY:
            model("servicedesk", "CalendarWindow").objects.create(
                calendar=calendar, weekday=weekday, start=start, end=end
            )
    for day in NAURYZ:
        model("servicedesk", "CalendarHoliday").objects.create(
            calendar=calendar, date=day, name="Nauryz"
        )
    history = model("servicedesk", "HistoricalBusinessCalendarModel").objects
    for version, name, kind in ((1, "Almaty", "+"), (2, "Almaty SLA", "~")):
        history.create(
            id=calendar.pk, name=name, time_zone="Asia/Almaty", updated_at=calendar.updated_at,
            row_version=version, history_date=datetime(2026, 1, version, tzinfo=ALMATY),
            history_type=kind,
        )  # fmt: skip
    group = model("servicedesk", "SupportGroup").objects.create(name="Payroll desk")
    category = model("servicedesk", "ServiceCategory").objects.create(name="Payroll")
    service = model("servicedesk", "Service").objects.create(
        code="certificate", category=category, name="Employment certificate", group=group
    )
    targets = {"first_response_minutes": 60, "resolution_minutes": 16 * 60}
    policy = model("servicedesk", "SlaPolicy").objects.create(
        service=service, priority="normal", calendar=calendar, **targets
    )
    model("servicedesk", "HistoricalSlaPolicy").objects.create(
        id=policy.pk, service=service, priority="normal", calendar=calendar, warn_at_fraction=0.75,
        history_date=datetime(2026, 1, 3, tzinfo=ALMATY), history_type="+", **targets,
    )  # fmt: skip
    content_type, _ = model("contenttypes", "ContentType").objects.get_or_create(
        app_label="servicedesk", model="businesscalendarmodel"
    )
    permission, _ = model("auth", "Permission").objects.get_or_create(
        content_type=content_type,
        codename="change_businesscalendarmodel",
        defaults={"name": "Can change business calendar"},
    )
    return {
        "calendar": calendar.pk,
        "service": service.pk,
        "content_type": content_type.pk,
        "permission": permission.pk,
    }


def rows_of(apps: Apps, app_label: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every stored value of the calendars, windows, holidays and history rows."""
    model = apps.get_model
    return {
        "calendars": list(
            model(app_label, "BusinessCalendarModel")
            .objects.order_by("pk")
            .values_list("pk", "name", "time_zone", "updated_at", "row_version")
        ),
        "windows": list(
            model(app_label, "CalendarWindow")
            .objects.order_by("pk")
            .values_list("pk", "calendar_id", "weekday", "start", "end")
        ),
        "holidays": list(
            model(app_label, "CalendarHoliday")
            .objects.order_by("pk")
            .values_list("pk", "calendar_id", "date", "name")
        ),
        "history": list(
            model(app_label, "HistoricalBusinessCalendarModel")
            .objects.order_by("history_id")
            .values_list("history_id", "id", "name", "row_version", "history_type", "history_date")
        ),
    }


def test_a_database_from_before_the_move_keeps_every_calendar_row_and_its_history(
    old_apps: Apps,
) -> None:
    seeded = seed(old_apps)
    before = rows_of(old_apps, "servicedesk")

    migrate_to_latest()

    assert rows_of(current_apps, "accounts") == before
    assert [len(before[name]) for name in before] == [1, 10, 3, 2]
    assert BusinessCalendarModel._meta.db_table == "accounts_businesscalendarmodel"
    calendar = BusinessCalendarModel.objects.get(pk=seeded["calendar"])
    assert [entry.name for entry in calendar.history.all()] == ["Almaty SLA", "Almaty"]
    policy = SlaPolicy.objects.get(service_id=seeded["service"])
    assert policy.calendar == calendar
    assert policy.history.get().calendar == calendar
    content_type = ContentType.objects.get(pk=seeded["content_type"])
    assert (content_type.app_label, content_type.model) == ("accounts", "businesscalendarmodel")
    assert Permission.objects.get(pk=seeded["permission"]).content_type == content_type


def test_the_moved_calendar_gives_the_sla_deadlines_it_gave_before_and_new_ones_follow_it(
    old_apps: Apps,
) -> None:
    seeded = seed(old_apps)
    migrate_to_latest()
    client = Organisation.objects.create(name="Client A", kind="client")

    request = Request(service_id=seeded["service"], priority="normal", organisation_id=client.pk)
    # Friday 20 March 17:00 + 16 working hours: Friday 1 h, Nauryz until Monday 23 March,
    # Tuesday 8 h, Wednesday 7 h -> Wednesday 17:00 (the figures of the desk's SLA tests).
    sla_start(request=request, now=datetime(2026, 3, 20, 17, tzinfo=ALMATY))

    assert request.sla_policy is not None
    assert request.sla_policy.calendar_id == seeded["calendar"]
    assert request.response_due_at == datetime(2026, 3, 20, 18, tzinfo=ALMATY)
    assert request.resolution_due_at == datetime(2026, 3, 25, 17, tzinfo=ALMATY)
    assert request.resolution_warn_at == datetime(2026, 3, 25, 12, tzinfo=ALMATY)  # 12 h

    created = calendar_create(
        name="Sofia office", time_zone="Europe/Sofia", hours={0: [(time(9), time(18))]}
    )

    assert created.pk > seeded["calendar"]
    assert CalendarWindow.objects.filter(calendar=created).count() == 1
    assert CalendarHoliday.objects.count() == 3
    assert created.history.get().history_type == "+"
