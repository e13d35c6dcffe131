"""From a staffing plan to a schedule: templates, the job, coverage, the vendor's export."""

from __future__ import annotations

import io
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from kezek.accounts.models import User
from kezek.accounts.tests.factories import PersonFactory
from kezek.conftest import World
from kezek.core.jobs import job_start
from kezek.core.models import Job
from kezek.engine.scheduling import Schedule as EngineSchedule
from kezek.engine.scheduling import make_schedule
from kezek.wfm import tasks
from kezek.wfm.models import (
    Forecast,
    Schedule,
    ShiftTemplate,
    StaffingPlan,
    StaffingRequirement,
)
from kezek.wfm.services import schedules
from kezek.wfm.services.schedules import engine_shift_template, shift_templates_import
from kezek.wfm.tests.factories import QueueFactory

pytestmark = pytest.mark.django_db(transaction=True)
TEMPLATES_CSV = (
    "name,earliest_start,latest_start,start_step_minutes,length_minutes,lunch_minutes\n"
    "Day,08:00,10:00,30,480,0\n"
    "Late,12:00,14:00,30,480,0\n"
)
WAIT_S = 60


@pytest.fixture
def planner(world: World) -> User:
    return PersonFactory.create(organisation=world.owner, roles=["planner"])


@pytest.fixture
def plan(world: World, planner: User) -> StaffingPlan:
    """One day, 08:00-20:00 Almaty (UTC+5), 3 agents then 5 from noon."""
    queue = QueueFactory.create(organisation=world.owner, vendor=world.vendor, interval_minutes=30)
    forecast = Forecast.objects.create(
        queue=queue,
        origin=datetime(2026, 3, 2, tzinfo=UTC).date(),
        horizon_days=1,
        method="test",
        created_by=planner,
    )
    plan = StaffingPlan.objects.create(
        forecast=forecast,
        model="erlang_c",
        target_service_level=0.8,
        target_answer_seconds=20,
        max_occupancy=0.85,
        shrinkage=0.3,
        published_by=planner,
    )
    first = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)  # 08:00 in Almaty
    StaffingRequirement.objects.bulk_create(
        StaffingRequirement(
            plan=plan,
            starts_at=first + timedelta(minutes=30 * i),
            calls=10,
            aht_seconds=180,
            agents=3 if i < 8 else 5,
            scheduled_agents=5,
            service_level=0.8,
            occupancy=0.7,
        )
        for i in range(24)
    )
    return plan


def test_templates_are_imported_all_or_nothing(client: Client, planner: User) -> None:
    client.force_login(planner)
    bad = TEMPLATES_CSV + "Broken,25:00,10:00,30,480,0\n"

    refused = client.post(reverse("wfm:shift-template-list"), {"csv_text": bad})
    accepted = client.post(reverse("wfm:shift-template-list"), {"csv_text": TEMPLATES_CSV})

    assert "Line 4" in refused.content.decode()
    assert accepted.status_code == 302
    assert sorted(ShiftTemplate.objects.values_list("name", flat=True)) == ["Day", "Late"]


def test_every_bad_template_line_is_named_and_nothing_is_saved(
    client: Client, planner: User
) -> None:
    client.force_login(planner)
    text = (
        TEMPLATES_CSV.splitlines(keepends=True)[0]
        + "Bad1,25:00,09:00,15,510,30\n"
        + "Bad2,09:00,07:00,15,510,30\n"
        + "Bad3,07:00,09:00,0,510,30\n"
    )

    page = client.post(reverse("wfm:shift-template-list"), {"csv_text": text}).content.decode()

    assert "Line 2, column earliest_start: write a time as HH:MM, not 25:00" in page
    assert "Line 3, column latest_start: The latest start is before the earliest start." in page
    assert (
        "Line 4, column start_step_minutes: Ensure this value is greater than or equal to 5."
        in page
    )
    assert not ShiftTemplate.objects.exists()


def test_a_template_named_like_a_formula_is_refused_naming_its_line(
    client: Client, planner: User
) -> None:
    client.force_login(planner)
    text = TEMPLATES_CSV + "\"=cmd|' /C calc'!A0\",08:00,10:00,30,480,0\n"

    page = client.post(reverse("wfm:shift-template-list"), {"csv_text": text}).content.decode()

    assert "Line 4, column name: A name cannot start with =, +, -, @" in page
    assert not ShiftTemplate.objects.exists()


def test_template_minutes_beyond_their_column_are_refused_naming_line_and_column(
    client: Client, planner: User
) -> None:
    client.force_login(planner)
    header = TEMPLATES_CSV.splitlines()[0] + ",lunch_earliest_offset_minutes\n"
    text = header + "Huge,08:00,10:00,9223372036854775807,480,40000,1e308\n"

    page = client.post(reverse("wfm:shift-template-list"), {"csv_text": text}).content.decode()

    assert (
        "Line 2, column start_step_minutes: Ensure this value is less than or equal to 1440."
        in page
    )
    assert "Line 2, column lunch_minutes: Ensure this value is less than or equal to 960." in page
    assert "Line 2, column lunch_earliest_offset_minutes: write a whole number, not 1e308" in page
    assert not ShiftTemplate.objects.exists()


def test_a_template_name_twice_in_the_text_is_refused_naming_both_lines(
    client: Client, planner: User
) -> None:
    # Before: both rows were saved over each other, and "2 templates saved." said so.
    client.force_login(planner)
    text = TEMPLATES_CSV + "Day,09:00,11:00,30,480,0\n"

    page = client.post(reverse("wfm:shift-template-list"), {"csv_text": text}).content.decode()

    assert "Line 4, column name: Day is already the name of line 2" in page
    assert not ShiftTemplate.objects.exists()


def test_templates_pasted_from_a_spreadsheet_with_semicolons_and_quotes_are_read(
    client: Client, planner: User
) -> None:
    client.force_login(planner)
    text = TEMPLATES_CSV.replace(",", ";").replace("Late;", '"Late; weekdays";')

    client.post(reverse("wfm:shift-template-list"), {"csv_text": text})

    assert sorted(ShiftTemplate.objects.values_list("name", flat=True)) == [
        "Day",
        "Late; weekdays",
    ]


def test_saving_templates_counts_them_in_words_that_fit_the_number(
    client: Client, planner: User
) -> None:
    client.force_login(planner)
    one = TEMPLATES_CSV.rsplit("Late", 1)[0]

    saved_one = client.post(reverse("wfm:shift-template-list"), {"csv_text": one}, follow=True)
    saved_two = client.post(
        reverse("wfm:shift-template-list"), {"csv_text": TEMPLATES_CSV}, follow=True
    )

    assert "1 template saved." in saved_one.content.decode()
    assert "2 templates saved." in saved_two.content.decode()


def test_a_planner_schedules_a_plan_with_breaks_and_no_shortfall(
    client: Client, planner: User, plan: StaffingPlan
) -> None:
    client.force_login(planner)
    client.post(reverse("wfm:shift-template-list"), {"csv_text": TEMPLATES_CSV})
    templates = list(ShiftTemplate.objects.values_list("pk", flat=True))

    response = client.post(
        reverse("wfm:schedule-start", args=[plan.pk]),
        {"templates": templates, "break_minutes_per_hour": 5, "max_on_break_share": 0.5},
    )
    job = Job.objects.get()
    schedule = Schedule.objects.get()
    page = client.get(reverse("wfm:schedule-detail", args=[schedule.pk])).content.decode()

    assert response.status_code == 302
    assert job.status == "done", job.report
    assert schedule.shortfall_agent_intervals == 0
    assert '<p id="short-intervals" class="">0</p>' in page
    # 12 hours need 3 then 5 agents net of 40 minutes of breaks per 8-hour shift:
    # more than 3 + 2 bare shifts, and every shift carries its breaks.
    assert schedule.shifts.count() >= 6
    assert all(len(shift.breaks) >= 1 for shift in schedule.shifts.all())


def test_the_solver_runs_in_no_transaction_so_the_jobs_progress_is_seen_as_it_is_written(
    client: Client, planner: User, plan: StaffingPlan, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Before: the whole build was one transaction, the solver's up to 60 s included.
    seen: list[tuple[bool, float, str]] = []

    def solver(**kwargs: Any) -> EngineSchedule:
        job = Job.objects.get()
        seen.append((transaction.get_connection().in_atomic_block, job.progress, job.message))
        return make_schedule(**kwargs)

    monkeypatch.setattr(schedules, "make_schedule", solver)
    client.force_login(planner)
    client.post(reverse("wfm:shift-template-list"), {"csv_text": TEMPLATES_CSV})

    client.post(
        reverse("wfm:schedule-start", args=[plan.pk]),
        {
            "templates": list(ShiftTemplate.objects.values_list("pk", flat=True)),
            "break_minutes_per_hour": 5,
            "max_on_break_share": 0.5,
        },
    )

    assert seen == [(False, 0.1, "Choosing shifts and placing breaks")]
    assert Job.objects.get().status == "done"
    assert Schedule.objects.get().shifts.exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite has one writer at a time, so no second connection to ask",
)
def test_another_connection_sees_the_progress_and_no_open_transaction_while_the_solver_runs(
    plan: StaffingPlan, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PostgreSQL isolates transactions for real: a progress written inside the job's
    # transaction would stay invisible to the page polling the job until it committed.
    solving, release = threading.Event(), threading.Event()
    backend: list[int] = []

    def solver(**kwargs: Any) -> EngineSchedule:
        with connection.cursor() as cursor:  # the job's own connection, in its thread
            cursor.execute("SELECT pg_backend_pid()")
            backend.append(cursor.fetchone()[0])
        solving.set()
        release.wait(WAIT_S)
        return make_schedule(**kwargs)

    monkeypatch.setattr(schedules, "make_schedule", solver)
    owner = plan.forecast.queue.organisation
    templates = shift_templates_import(organisation=owner, text=TEMPLATES_CSV)
    job = Job.objects.create(name="Schedule", started_by=plan.published_by)

    def run_job() -> None:
        try:
            tasks.schedule_build_job.call(
                job_id=job.pk,
                plan_id=plan.pk,
                template_ids=[t.pk for t in templates],
                user_id=plan.published_by.pk,
                break_minutes_per_hour=5,
                max_on_break_share=0.5,
            )
        finally:
            connections.close_all()  # this thread's connections

    worker = threading.Thread(target=run_job)
    worker.start()
    try:
        assert solving.wait(WAIT_S), "the solver never started"
        during = Job.objects.get(pk=job.pk)
        with connection.cursor() as cursor:
            cursor.execute("SELECT state FROM pg_stat_activity WHERE pid = %s", [backend[0]])
            state = cursor.fetchone()[0]
        with transaction.atomic():  # the heartbeat can write the row: no one holds it
            Job.objects.select_for_update(nowait=True).get(pk=job.pk)
    finally:
        release.set()
        worker.join(WAIT_S)

    assert (during.progress, during.message) == (0.1, "Choosing shifts and placing breaks")
    assert state == "idle"  # before: "idle in transaction", with the solver inside it
    job.refresh_from_db()
    assert job.status == "done", job.report
    assert Schedule.objects.get(plan=plan).shifts.exists()


def test_the_vendor_downloads_the_schedule_and_another_vendor_cannot(
    client: Client, world: World, planner: User, plan: StaffingPlan
) -> None:
    client.force_login(planner)
    client.post(reverse("wfm:shift-template-list"), {"csv_text": TEMPLATES_CSV})
    client.post(
        reverse("wfm:schedule-start", args=[plan.pk]),
        {
            "templates": list(ShiftTemplate.objects.values_list("pk", flat=True)),
            "break_minutes_per_hour": 5,
            "max_on_break_share": 0.5,
        },
    )
    schedule = Schedule.objects.get()

    client.force_login(PersonFactory.create(organisation=world.vendor, roles=["vendor_manager"]))
    export = client.get(reverse("wfm:schedule-export", args=[schedule.pk]))
    client.force_login(
        PersonFactory.create(organisation=world.other_vendor, roles=["vendor_manager"])
    )
    foreign = client.get(reverse("wfm:schedule-export", args=[schedule.pk]))

    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    assert header == ["Agent slot", "Shift", "Start", "End", "Breaks", "Agent"]
    assert sheet.max_row == schedule.shifts.count() + 1
    assert sheet["C2"].value.hour in (8, 9, 10, 12, 13, 14)  # local Almaty time
    assert foreign.status_code == 404


def test_a_vendor_cannot_start_a_schedule(client: Client, world: World, plan: StaffingPlan) -> None:
    client.force_login(PersonFactory.create(organisation=world.vendor, roles=["vendor_manager"]))

    response = client.post(reverse("wfm:schedule-start", args=[plan.pk]), {})

    assert response.status_code == 404
    assert not Job.objects.exists()


def test_a_schedule_that_cannot_be_built_fails_with_a_way_back_to_the_plan(
    client: Client, planner: User, plan: StaffingPlan
) -> None:
    # The templates chosen on the plan page were deleted before the job ran.
    job = job_start(
        task=tasks.schedule_build_job,
        name="Schedule",
        started_by=planner,
        plan_id=plan.pk,
        template_ids=[],
        user_id=planner.pk,
        break_minutes_per_hour=5,
        max_on_break_share=0.5,
    )
    client.force_login(planner)

    job.refresh_from_db()
    page = client.get(reverse("job-detail", args=[job.pk])).content.decode()

    assert job.status == "failed"
    assert job.message == "Choose at least one shift template."
    back = reverse("wfm:plan-detail", args=[plan.pk])
    assert f'href="{back}">Back, to try again</a>' in page
    assert not Schedule.objects.exists()


def test_a_weekday_template_is_not_used_on_saturday(
    client: Client, planner: User, world: World
) -> None:
    client.force_login(planner)
    client.post(
        reverse("wfm:shift-template-list"),
        {
            "csv_text": TEMPLATES_CSV.replace(
                "lunch_minutes\n", "lunch_minutes,days_of_week\n"
            ).replace("480,0\n", "480,0,01234\n")
        },
    )
    day = ShiftTemplate.objects.get(name="Day")

    assert day.days_of_week == "01234"
    assert engine_shift_template(day).weekdays == frozenset({0, 1, 2, 3, 4})


def test_a_template_lunch_window_reaches_the_engine_and_a_reversed_one_is_refused(
    client: Client, planner: User
) -> None:
    header = "name,earliest_start,latest_start,start_step_minutes,length_minutes,lunch_minutes,"
    header += "lunch_earliest_offset_minutes,lunch_latest_offset_minutes\n"
    client.force_login(planner)

    refused = client.post(
        reverse("wfm:shift-template-list"),
        {"csv_text": header + "Day,08:00,09:00,30,510,30,300,200\n"},
    )
    client.post(
        reverse("wfm:shift-template-list"),
        {"csv_text": header + "Day,08:00,09:00,30,510,30,180,240\n"},
    )

    assert "Line 2" in refused.content.decode()
    engine = engine_shift_template(ShiftTemplate.objects.get(name="Day"))
    assert engine.lunch_window() == (180, 240)


def test_a_shift_named_like_a_formula_is_exported_as_text(
    client: Client, world: World, planner: User, plan: StaffingPlan
) -> None:
    # Stored before template names were checked: the export must not make it a live link.
    name = '=HYPERLINK("http://x","y")'
    schedule = Schedule.objects.create(plan=plan, created_by=planner)
    schedule.shifts.create(
        agent_slot=1,
        template_name=name,
        starts_at=datetime(2026, 3, 2, 3, 0, tzinfo=UTC),
        ends_at=datetime(2026, 3, 2, 11, 0, tzinfo=UTC),
        breaks=[["2026-03-02T06:00:00+00:00", "2026-03-02T06:30:00+00:00"]],
    )
    client.force_login(PersonFactory.create(organisation=world.vendor, roles=["vendor_manager"]))

    export = client.get(reverse("wfm:schedule-export", args=[schedule.pk]))

    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet is not None
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    assert sheet["B2"].value == name
    assert sheet["B2"].data_type == "s"
    assert sheet["E2"].value == "11:00-11:30"  # the break in Almaty time
