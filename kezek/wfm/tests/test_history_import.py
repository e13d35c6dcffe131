"""Importing traffic history: validated whole, stored all or nothing, in UTC."""

from __future__ import annotations

import gzip
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from kezek.accounts.models import User
from kezek.accounts.tests.factories import PersonFactory
from kezek.conftest import World
from kezek.core.models import Job
from kezek.wfm.models import HistoryImport, HistoryInterval, Queue
from kezek.wfm.tests.factories import QueueFactory

pytestmark = pytest.mark.django_db(transaction=True)
DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"


@pytest.fixture
def planner(world: World) -> User:
    return PersonFactory.create(organisation=world.owner, roles=["planner"])


@pytest.fixture
def queue(world: World) -> Queue:
    return QueueFactory.create(
        organisation=world.owner, vendor=world.vendor, time_zone="Europe/Sofia", interval_minutes=30
    )


def upload(
    client: Client,
    queue: Queue,
    name: str,
    content: bytes,
    kind: str = "intervals",
    **columns: str,
) -> Job:
    response = client.post(
        reverse("wfm:history-import", args=[queue.pk]),
        {"file": SimpleUploadedFile(name, content), "kind": kind, **columns},
    )
    assert response.status_code == 302
    return Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def test_interval_counts_are_stored_in_utc(client: Client, planner: User, queue: Queue) -> None:
    client.force_login(planner)
    csv = b"timestamp,calls,handled,abandoned,aht_s\n2026-01-05 09:00,40,38,2,210\n2026-01-05 09:30,52,50,2,205.5\n"

    job = upload(client, queue, "jan.csv", csv)

    assert job.status == "done", job.report
    stored = list(HistoryInterval.objects.filter(queue=queue).order_by("starts_at"))
    # Sofia is UTC+2 in January: 09:00 local is 07:00 UTC.
    assert [s.starts_at for s in stored] == [
        datetime(2026, 1, 5, 7, 0, tzinfo=UTC),
        datetime(2026, 1, 5, 7, 30, tzinfo=UTC),
    ]
    assert [(s.calls, s.handled, s.abandoned, s.aht_seconds) for s in stored] == [
        (40, 38, 2, 210.0),
        (52, 50, 2, 205.5),
    ]


def test_time_stamps_with_a_utc_offset_are_stored_at_their_instant(
    client: Client, planner: User, queue: Queue
) -> None:
    client.force_login(planner)
    # A phone system exporting in UTC, and one writing Sofia's offset across the spring change.
    in_utc = b"timestamp,calls\n2026-01-05T07:00Z,40\n"
    across_dst = b"timestamp,calls\n2026-03-27 09:00+02:00,30\n2026-03-30 09:00+03:00,35\n"

    jobs = [upload(client, queue, "utc.csv", in_utc), upload(client, queue, "dst.csv", across_dst)]

    assert [job.status for job in jobs] == ["done", "done"]
    assert list(
        HistoryInterval.objects.filter(queue=queue)
        .order_by("starts_at")
        .values_list("starts_at", "calls")
    ) == [
        (datetime(2026, 1, 5, 7, 0, tzinfo=UTC), 40),  # not 07:00 Sofia time
        (datetime(2026, 3, 27, 7, 0, tzinfo=UTC), 30),
        (datetime(2026, 3, 30, 6, 0, tzinfo=UTC), 35),
    ]


@pytest.mark.parametrize(
    "content",
    [
        # Before: split at every comma, the queue's name pushed the time stamp a column on.
        b'queue,timestamp,calls\n"Payroll, Almaty",2026-01-05 09:00,40\n',
        # Excel's "CSV UTF-8": a byte order mark, semicolons and CRLF line ends.
        "\ufefftimestamp;calls\r\n2026-01-05 09:00;40\r\n".encode(),
    ],
    ids=["quoted cell", "byte order mark"],
)
def test_a_quoted_cell_and_a_byte_order_mark_are_read_as_a_spreadsheet_wrote_them(
    client: Client, planner: User, queue: Queue, content: bytes
) -> None:
    client.force_login(planner)

    job = upload(client, queue, "export.csv", content)

    assert job.status == "done", job.report
    assert list(HistoryInterval.objects.values_list("starts_at", "calls")) == [
        (datetime(2026, 1, 5, 7, 0, tzinfo=UTC), 40)
    ]


def test_a_file_with_bad_rows_imports_nothing_and_lists_each_row(
    client: Client, planner: User, queue: Queue
) -> None:
    client.force_login(planner)
    csv = b"timestamp,calls\n2026-01-05 09:00,40\n2026-01-05 09:30,-3\nnot a time,5\n2026-01-05 09:00,7\n"

    job = upload(client, queue, "bad.csv", csv)

    assert job.status == "failed"
    assert "Line 3" in job.report
    assert "Line 4" in job.report
    assert "Line 5" in job.report
    assert "Line 2," not in job.report
    assert not HistoryInterval.objects.exists()
    page = client.get(reverse("job-detail", args=[job.pk])).content.decode()
    back = reverse("wfm:queue-detail", args=[queue.pk])
    assert f'href="{back}">Back, to try again</a>' in page


def test_a_count_beyond_the_ceiling_is_a_row_error_and_nothing_is_stored(
    client: Client, planner: User, queue: Queue
) -> None:
    client.force_login(planner)
    # Before: the job ended with "unexpected error: OverflowError".
    csv = (
        b"timestamp,calls,handled,abandoned,aht_s\n"
        b"2026-01-05 09:00,40,38,2,210\n"
        b"2026-01-05 09:30,9223372036854775807,2147483648,1e308,1e308\n"
    )

    job = upload(client, queue, "huge.csv", csv)

    assert job.status == "failed"
    assert job.report.splitlines() == [
        "Line 3, column calls: must be at most 100,000, got '9223372036854775807'",
        "Line 3, column handled: must be at most 100,000, got '2147483648'",
        "Line 3, column abandoned: must be at most 100,000, got '1e308'",
        "Line 3, column aht_s: must be at most 86,400, got '1e308'",
    ]
    assert not HistoryImport.objects.exists()
    assert not HistoryInterval.objects.exists()


def test_a_huge_number_in_a_workbook_is_a_row_error_and_nothing_is_stored(
    client: Client, planner: User, queue: Queue
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["timestamp", "calls"])
    sheet.append([datetime(2026, 1, 5, 9, 0), 40])  # noqa: DTZ001  (the queue's local time)
    sheet.append([datetime(2026, 1, 5, 9, 30), 1e308])  # noqa: DTZ001
    content = io.BytesIO()
    book.save(content)
    client.force_login(planner)

    job = upload(client, queue, "huge.xlsx", content.getvalue())

    assert job.status == "failed"
    assert job.report == "Line 3, column calls: must be at most 100,000, got '1e+308'"
    assert not HistoryImport.objects.exists()
    assert not HistoryInterval.objects.exists()


def test_a_call_longer_than_a_day_is_a_row_error_and_nothing_is_stored(
    client: Client, planner: User, queue: Queue
) -> None:
    calls = (
        b"date\tvru_entry\tvru_exit\tq_time\tser_time\toutcome\n"
        b"990201\t9:00:00\t9:00:05\t10\t200\tAGENT\n"
        b"990201\t9:01:00\t9:01:05\t1e308\t9223372036854775807\tAGENT\n"
    )
    client.force_login(planner)

    job = upload(client, queue, "bank.tsv", calls, kind="calls")

    assert job.status == "failed"
    assert job.report.splitlines() == [
        "Line 3, column q_time: must be at most 86,400 seconds, got '1e308'",
        "Line 3, column ser_time: must be at most 86,400 seconds, got '9223372036854775807'",
    ]
    assert not HistoryInterval.objects.exists()


def test_a_time_skipped_by_the_spring_clock_change_is_refused(
    client: Client, planner: User, queue: Queue
) -> None:
    client.force_login(planner)
    # Sofia moves from 03:00 to 04:00 on 29 March 2026: 03:30 never happens.
    csv = b"timestamp,calls\n2026-03-29 02:30,-4\n2026-03-29 03:30,5\n2026-03-29 04:00,6\n"

    job = upload(client, queue, "dst.csv", csv)

    assert job.status == "failed"
    # Named with its line, in the same report as the file's other bad rows.
    assert job.report.splitlines() == [
        "Line 2, column calls: must be a finite number >= 0, got '-4'",
        "Line 3, column timestamp: does not exist in Europe/Sofia (clocks moved forward)",
    ]
    assert not HistoryInterval.objects.exists()


def test_the_spring_clock_change_day_maps_around_the_gap(
    client: Client, planner: User, queue: Queue
) -> None:
    client.force_login(planner)
    csv = b"timestamp,calls\n2026-03-29 02:30,4\n2026-03-29 04:00,6\n"

    upload(client, queue, "dst.csv", csv)

    starts = list(HistoryInterval.objects.order_by("starts_at").values_list("starts_at", flat=True))
    # 02:30 EET is 00:30 UTC; 04:00 EEST is 01:00 UTC: half an hour of real time apart.
    assert starts == [
        datetime(2026, 3, 29, 0, 30, tzinfo=UTC),
        datetime(2026, 3, 29, 1, 0, tzinfo=UTC),
    ]


def test_per_call_times_in_columns_the_planner_names_become_intervals(
    client: Client, planner: User, queue: Queue
) -> None:
    client.force_login(planner)
    export = (
        b"Call;Queued;Picked up;Finished\n"
        b"1;2026-01-05 09:01:10;2026-01-05 09:01:40;2026-01-05 09:05:40\n"
        b"2;2026-01-05 09:20:00;;2026-01-05 09:21:30\n"
    )
    mapping = {"arrival_column": "Queued", "answer_column": "Picked up", "end_column": "Finished"}

    job = upload(client, queue, "calls.csv", export, kind="call_times", **mapping)

    assert job.status == "done", job.report
    assert HistoryInterval.objects.filter(queue=queue).count() == 48  # the whole day
    stored = HistoryInterval.objects.get(queue=queue, calls__gt=0)  # 09:00-09:30 local
    assert stored.starts_at == datetime(2026, 1, 5, 7, 0, tzinfo=UTC)
    assert (stored.calls, stored.handled, stored.abandoned) == (2, 1, 1)
    assert (stored.aht_seconds, stored.asa_seconds, stored.patience_seconds) == (240, 30, 120)


def test_per_call_times_with_an_unknown_column_import_nothing_and_say_which(
    client: Client, planner: User, queue: Queue
) -> None:
    client.force_login(planner)
    export = b"arrival,answer,ended\n2026-01-05 09:01:10,,2026-01-05 09:02:00\n"

    job = upload(client, queue, "calls.csv", export, kind="call_times", end_column="end")

    assert job.status == "failed"
    assert "column end: required column is missing" in job.report
    assert not HistoryInterval.objects.exists()


@pytest.mark.skipif(not DATA.exists(), reason="../shared/data is not beside the checkout")
def test_per_call_records_of_the_anonymous_bank_become_intervals(
    client: Client, planner: User, world: World
) -> None:
    queue = QueueFactory.create(
        organisation=world.owner, time_zone="Asia/Jerusalem", interval_minutes=30
    )
    client.force_login(planner)
    with gzip.open(DATA / "anonymous_bank_1999_02_calls.tsv.gz", "rb") as source:
        head = b"".join(line for _, line in zip(range(1201), source, strict=False))

    job = upload(client, queue, "bank.tsv", head, kind="calls")

    assert job.status == "done", job.report
    intervals = HistoryInterval.objects.filter(queue=queue)
    answered = intervals.exclude(asa_seconds=None)
    assert intervals.exists()
    assert answered.exists()
    assert all(0 <= (i.service_level or 0) <= 1 for i in answered)
    assert sum(i.calls for i in intervals) <= 1200


def test_another_vendor_cannot_import_into_our_queue(
    client: Client, world: World, queue: Queue
) -> None:
    client.force_login(
        PersonFactory.create(organisation=world.other_vendor, roles=["vendor_manager"])
    )

    response = client.post(
        reverse("wfm:history-import", args=[queue.pk]),
        {"file": SimpleUploadedFile("x.csv", b"timestamp,calls\n"), "kind": "intervals"},
    )

    assert response.status_code == 404
    assert not Job.objects.exists()


def test_the_owner_sees_the_history_and_the_serving_vendor_only_the_queue(
    client: Client, world: World, queue: Queue, planner: User
) -> None:
    client.force_login(planner)
    upload(client, queue, "jan.csv", b"timestamp,calls\n2026-01-05 09:00,40\n")
    owner_page = client.get(reverse("wfm:queue-detail", args=[queue.pk])).content.decode()
    # The vendor sees operating data only as the owner publishes it (MISSION.md §5).
    client.force_login(PersonFactory.create(organisation=world.vendor, roles=["vendor_manager"]))
    vendor_page = client.get(reverse("wfm:queue-detail", args=[queue.pk])).content.decode()

    assert "2026-01-05" in owner_page
    assert "Import history" in owner_page
    assert queue.name in vendor_page
    assert "2026-01-05" not in vendor_page
    assert "Import history" not in vendor_page


def test_a_file_of_the_wrong_type_is_refused_before_any_job(
    client: Client, planner: User, queue: Queue
) -> None:
    client.force_login(planner)

    response = client.post(
        reverse("wfm:history-import", args=[queue.pk]),
        {"file": SimpleUploadedFile("notes.pdf", b"%PDF"), "kind": "intervals"},
        follow=True,
    )

    assert "Use a CSV, TSV" in response.content.decode()
    assert not Job.objects.exists()


def test_a_file_named_xlsx_that_is_not_a_workbook_fails_its_job_and_imports_nothing(
    client: Client, planner: User, queue: Queue
) -> None:
    client.force_login(planner)

    job = upload(client, queue, "history.xlsx", b"this is not a zip")

    assert job.status == "failed"  # before: "running" at 10 % for ever
    assert "'history.xlsx' is not a readable XLSX workbook" in job.report
    assert job.result_url == reverse("wfm:queue-detail", args=[queue.pk])
    assert not HistoryInterval.objects.exists()


def test_the_upload_belongs_to_its_job_and_is_deleted_however_the_job_ends(
    client: Client, planner: User, queue: Queue
) -> None:
    client.force_login(planner)

    imported = upload(client, queue, "jan.csv", b"timestamp,calls\n2026-01-05 09:00,40\n")
    refused = upload(client, queue, "feb.csv", b"timestamp,calls\nyesterday,40\n")

    assert (imported.status, refused.status) == ("done", "failed")
    assert imported.started_from == reverse("wfm:queue-detail", args=[queue.pk])
    assert imported.files == refused.files == []
    assert default_storage.listdir(f"wfm/imports/{queue.pk}")[1] == []
