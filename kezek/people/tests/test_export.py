"""Exporting the staff file: text a spreadsheet would run stays text, and a file exported
and imported again changes nothing."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from kezek.people.formats import parse_availability
from kezek.people.models import StaffMember
from kezek.people.services.acd import acd_login_assign
from kezek.people.services.imports import staff_import
from kezek.people.services.staff import (
    availability_replace,
    staff_member_update,
    staff_skill_set,
    staff_status_change,
)
from kezek.people.tests.conftest import Staff

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://evil.example","click")'


def _export(client: Client, file_format: str, **filters: str) -> bytes:
    response = client.get(reverse("people:staff-export", args=[file_format]), filters)
    assert response.status_code == 200
    return response.content


def test_a_name_that_looks_like_a_formula_stays_text_in_csv_and_xlsx(
    client: Client, staff: Staff
) -> None:
    staff_member_update(member=staff.colleague, last_name=HOSTILE)
    client.force_login(staff.vendor_manager)

    rows = list(csv.DictReader(io.StringIO(_export(client, "csv").decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(_export(client, "xlsx"))).worksheets[0]

    names = [row["last_name"] for row in rows]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert "'" + HOSTILE in names
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    hostile = next(cell for cell in cells if cell.value == HOSTILE)
    assert hostile.data_type == "s"
    assert hostile.quotePrefix


def test_the_export_holds_the_list_as_filtered(client: Client, staff: Staff) -> None:
    client.force_login(staff.vendor_manager)

    rows = list(
        csv.DictReader(
            io.StringIO(_export(client, "csv", team=str(staff.other_team.pk)).decode("utf-8-sig"))
        )
    )

    assert [row["staff_number"] for row in rows] == [staff.stranger.staff_number]


def test_a_file_exported_and_imported_again_changes_nothing(client: Client, staff: Staff) -> None:
    member = staff.agent_record
    staff_member_update(member=member, min_hours_per_week=20, max_hours_per_week=30, star_level=3)
    staff_status_change(
        member=member, status="exited", effective_date=date(2025, 6, 2), reason="=1+1, moved"
    )
    acd_login_assign(
        actor=staff.vendor_manager,
        member=staff.colleague,
        login_id="900",
        valid_from=date(2025, 2, 3),
    )
    staff_skill_set(member=staff.colleague, name="Russian", level=2)
    availability_replace(
        member=staff.colleague,
        windows=parse_availability("Mon-Fri 22:00-06:00;Sat,Sun 08:00-24:00"),
    )
    client.force_login(staff.vendor_manager)
    exported = _export(client, "csv")
    histories = {m.pk: m.history.count() for m in StaffMember.objects.all()}

    outcome = staff_import(actor=staff.vendor_manager, file_name="staff.csv", content=exported)

    assert (outcome.created, outcome.updated) == (0, 4)
    assert _export(client, "csv") == exported
    assert {m.pk: m.history.count() for m in StaffMember.objects.all()} == histories
    row = next(
        r
        for r in csv.DictReader(io.StringIO(exported.decode("utf-8-sig")))
        if r["staff_number"] == staff.colleague.staff_number
    )
    assert row["availability"] == "Mon-Fri 22:00-06:00;Sat,Sun 08:00-24:00"
    assert (row["acd_login_ids"], row["skills"], row["organisation"]) == (
        "900",
        "Russian:2",
        "Vendor A",
    )
