"""Importing the staff file: every bad cell named by row and column, nothing saved then;
rows update people by staff number; a vendor imports into its own records only."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from kezek.accounts.tests.factories import PersonFactory, TeamFactory
from kezek.conftest import World
from kezek.people.formats import ImportProblems
from kezek.people.models import AcdLogin, StaffMember
from kezek.people.services.acd import acd_login_assign
from kezek.people.services.imports import staff_import
from kezek.people.tests.conftest import Staff
from kezek.people.tests.factories import StaffMemberFactory
from kezek.wfm.tests.factories import QueueFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "staff_number,first_name,last_name,team,team_leader,position,hire_date,status,status_date,"
    "min_hours_per_week,max_hours_per_week,acd_login_ids,skills,star_level,availability,username"
)


def _csv(*rows: str, header: str = HEADER) -> bytes:
    return "\n".join((header, *rows)).encode()


def _problems(actor: object, content: bytes, name: str = "staff.csv") -> list[str]:
    with pytest.raises(ImportProblems) as refused:
        staff_import(actor=actor, file_name=name, content=content)  # type: ignore[arg-type]
    return [str(problem) for problem in refused.value.problems]


def test_a_file_creates_people_with_their_teams_leaders_ids_skills_and_availability(
    world: World, staff: Staff
) -> None:
    QueueFactory.create(organisation=world.owner, vendor=world.vendor, name="Payroll hotline")
    PersonFactory.create(username="dana", organisation=world.vendor, roles=["agent"])
    content = _csv(
        'T1,Aigerim,Sadykova,A team 2,,team_leader,2025-03-03,regular,2025-09-01,40,40,501,,4,"Mon-Fri 08:00-17:00",',
        "A1,Dana,Omarova,A team 2,T1,agent,2025-09-01,probation,2025-10-01,20,30,502;503,"
        '"Payroll hotline:3;Russian:2",,"Mon-Fri 16:00-24:00;Sat 09:00-14:00",dana',
    )

    outcome = staff_import(actor=staff.vendor_manager, file_name="staff.csv", content=content)

    leader = StaffMember.objects.get(organisation=world.vendor, staff_number="T1")
    dana = StaffMember.objects.get(organisation=world.vendor, staff_number="A1")
    assert (outcome.created, outcome.updated) == (2, 0)
    assert dana.user is not None
    assert (dana.team, dana.team_leader, dana.user.username) == (staff.other_team, leader, "dana")
    assert (dana.status, dana.status_since, dana.min_hours_per_week) == (
        "probation",
        date(2025, 10, 1),
        Decimal(20),
    )
    assert sorted(dana.acd_logins.values_list("login_id", flat=True)) == ["502", "503"]
    assert {(s.name, s.level, s.queue is not None) for s in dana.skills.all()} == {
        ("Payroll hotline", 3, True),
        ("Russian", 2, False),
    }
    assert [str(w) for w in dana.availability.all()] == [
        "Mon,Tue,Wed,Thu,Fri 16:00-00:00",
        "Sat 09:00-14:00",
    ]


def test_every_bad_cell_is_named_and_nothing_is_saved(world: World, staff: Staff) -> None:
    content = _csv(
        "N1,Ok,Person,A team 1,,agent,2025-01-06,,,40,40,,,,,",
        "N2,,Person,No such team,,cook,2025-13-01,,,50,abc,4711;4711,Russian:9,7,Mon-Fri 9-17,ghost",
        "N1,Twice,Person,,,agent,2025-01-06,,,40,40,,,,,",
        "N4,Low,High,,,agent,2025-01-06,,,40,20,,,,,",
    )
    before = StaffMember.objects.count()

    problems = _problems(staff.vendor_manager, content)

    assert problems == [
        "row 3, column first_name: This cell is required.",
        "row 3, column team: Vendor A has no team called No such team.",
        "row 3, column position: cook is not one of: agent, team_leader_assistant, team_leader, "
        "supervisor, business_guide, trainer, quality_analyst, project_manager",
        "row 3, column hire_date: 2025-13-01 is not a date written YYYY-MM-DD.",
        "row 3, column max_hours_per_week: abc is not a number of hours from 0 to 168.",
        "row 3, column acd_login_ids: 4711 comes twice.",
        "row 3, column skills: Russian: 9 is not a level from 1 to 5.",
        "row 3, column star_level: 7 is not a level from 1 to 5.",
        "row 3, column availability: Mon-Fri 9-17 is not a window like Mon-Fri 07:00-15:00.",
        "row 3, column username: Vendor A has no login called ghost.",
        "row 4, column staff_number: The staff number comes twice, also in row 2.",
        "row 5, column min_hours_per_week: The minimum (40 h) is above the maximum (20 h).",
    ]
    assert StaffMember.objects.count() == before  # row 2 was good, and is not saved either


def test_a_row_updates_the_person_with_its_staff_number_and_leaves_out_columns_alone(
    world: World, staff: Staff
) -> None:
    member = staff.colleague
    acd_login_assign(
        actor=staff.vendor_manager, member=member, login_id="600", valid_from=date(2025, 2, 3)
    )
    content = _csv(
        f"{member.staff_number},Renamed,Person,,regular,,30,36,600;601",
        header="staff_number,first_name,last_name,team,status,status_date,min_hours_per_week,"
        "max_hours_per_week,acd_login_ids",
    )

    outcome = staff_import(actor=staff.vendor_manager, file_name="staff.csv", content=content)

    member.refresh_from_db()
    assert (outcome.created, outcome.updated) == (0, 1)
    assert (member.first_name, member.team, member.status) == ("Renamed", None, "regular")
    assert member.status_since == member.local_today()
    assert member.hire_date == date(2025, 1, 6)  # not in the file: as it was
    assert sorted(member.acd_logins.values_list("login_id", flat=True)) == ["600", "601"]
    assert member.history.count() == 2  # created, then this import


def test_an_id_moves_between_two_rows_of_one_file(staff: Staff) -> None:
    acd_login_assign(
        actor=staff.vendor_manager,
        member=staff.colleague,
        login_id="700",
        valid_from=date(2025, 2, 3),
    )
    content = _csv(
        f"{staff.colleague.staff_number},",
        f"{staff.stranger.staff_number},700",
        header="staff_number,acd_login_ids",
    )

    staff_import(actor=staff.vendor_manager, file_name="staff.csv", content=content)

    periods = AcdLogin.objects.filter(login_id="700").order_by("valid_from")
    assert [(p.member, p.valid_to) for p in periods] == [
        (staff.colleague, staff.colleague.local_today()),
        (staff.stranger, None),
    ]


def test_a_vendor_cannot_import_into_another_vendor(world: World, staff: Staff) -> None:
    content = _csv(
        f"{staff.theirs.staff_number},Vendor B,Hijacked,2025-01-06",
        "X1,Vendor B,New,2025-01-06",
        header="staff_number,organisation,last_name,hire_date",
    )

    problems = _problems(staff.vendor_manager, content)

    assert problems == [
        "row 2, column organisation: Vendor B is not an organisation whose staff you keep.",
        "row 3, column organisation: Vendor B is not an organisation whose staff you keep.",
    ]
    staff.theirs.refresh_from_db()
    assert staff.theirs.last_name == "Theirs"
    assert not StaffMember.objects.filter(staff_number="X1").exists()


def test_an_id_held_at_another_vendor_is_merely_in_use(world: World, staff: Staff) -> None:
    acd_login_assign(
        actor=staff.other_vendor_manager,
        member=staff.theirs,
        login_id="800",
        valid_from=date(2025, 2, 3),
    )
    content = _csv(f"{staff.colleague.staff_number},800", header="staff_number,acd_login_ids")

    problems = _problems(staff.vendor_manager, content)

    assert problems == ["row 2, column acd_login_ids: ACD login id 800 is already in use."]


def test_the_same_number_in_two_vendors_is_two_people(world: World, staff: Staff) -> None:
    StaffMemberFactory.create(organisation=world.other_vendor, staff_number="S-1")
    content = _csv(
        "S-1,Ours,Person,2025-01-06", header="staff_number,first_name,last_name,hire_date"
    )

    outcome = staff_import(actor=staff.vendor_manager, file_name="staff.csv", content=content)

    assert outcome.created == 1
    assert StaffMember.objects.filter(staff_number="S-1").count() == 2


@pytest.mark.parametrize(
    ("content", "name"),
    [
        ("\ufeffstaff_number;last_name;hire_date;first_name\nB1;Semi;2025-01-06;Colon\n", "s.csv"),
        ("staff_number\tlast_name\thire_date\tfirst_name\nB1\tSemi\t2025-01-06\tColon\n", "s.tsv"),
    ],
)
def test_semicolons_tabs_and_a_byte_order_mark_are_read(
    staff: Staff, content: str, name: str
) -> None:
    staff_import(actor=staff.vendor_manager, file_name=name, content=content.encode())

    assert StaffMember.objects.get(staff_number="B1").last_name == "Semi"


def test_an_excel_workbook_is_read_with_its_dates_and_numbers(staff: Staff) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["staff_number", "last_name", "first_name", "hire_date", "min_hours_per_week"])
    sheet.append([1001, "Excel", "Person", date(2025, 4, 7), 37.5])
    sheet.append([1002, "Bad", "Date", "yesterday", 40])
    buffer = io.BytesIO()
    book.save(buffer)

    problems = _problems(staff.vendor_manager, buffer.getvalue(), name="staff.xlsx")
    sheet.delete_rows(3)
    buffer = io.BytesIO()
    book.save(buffer)
    staff_import(actor=staff.vendor_manager, file_name="staff.xlsx", content=buffer.getvalue())

    member = StaffMember.objects.get(staff_number="1001")
    assert problems == ["row 3, column hire_date: yesterday is not a date written YYYY-MM-DD."]
    assert (member.hire_date, member.min_hours_per_week) == (date(2025, 4, 7), Decimal("37.5"))


def test_a_file_that_is_not_a_staff_file_says_why(staff: Staff) -> None:
    assert _problems(staff.vendor_manager, b"name,surname\nA,B\n") == [
        "row 1, column name: name is not a column of the staff file; the columns are: "
        "staff_number, first_name, last_name, organisation, site, team, team_leader, position, "
        "hire_date, status, status_date, status_reason, min_hours_per_week, max_hours_per_week, "
        "acd_login_ids, skills, star_level, availability, username",
        "row 1, column surname: surname is not a column of the staff file; the columns are: "
        "staff_number, first_name, last_name, organisation, site, team, team_leader, position, "
        "hire_date, status, status_date, status_reason, min_hours_per_week, max_hours_per_week, "
        "acd_login_ids, skills, star_level, availability, username",
        "row 1: The header row has no column staff_number.",
    ]
    assert _problems(staff.vendor_manager, b"PK\x03\x04broken", name="s.xlsx") == [
        "The file is not an Excel workbook (.xlsx)."
    ]
    assert _problems(staff.vendor_manager, "staff_number\n\xe9".encode("latin-1")) == [
        "The file is not UTF-8 text: save it as “CSV UTF-8”."
    ]


def test_the_import_page_lists_the_bad_cells_and_saves_nothing(
    client: Client, world: World, staff: Staff
) -> None:
    TeamFactory.create(organisation=world.vendor, name="Spare")
    client.force_login(staff.vendor_manager)
    upload = io.BytesIO(_csv("Z1,Zed,Person,,,agent,2025-01-06,,,40,10,,,,,"))
    upload.name = "staff.csv"

    response = client.post(reverse("people:staff-import"), {"file": upload})

    body = response.content.decode()
    assert response.status_code == 422
    assert "Nothing was imported: the file has 1 problem." in body
    assert "The minimum (40 h) is above the maximum (10 h)." in body
    assert not StaffMember.objects.filter(staff_number="Z1").exists()


def test_the_import_page_reports_what_it_did(client: Client, staff: Staff) -> None:
    client.force_login(staff.vendor_manager)
    upload = io.BytesIO(_csv("Z1,Zed,Person,,,agent,2025-01-06,,,20,30,,,,,"))
    upload.name = "staff.csv"

    response = client.post(reverse("people:staff-import"), {"file": upload}, follow=True)

    assert "1 person added. 0 people updated." in response.content.decode()
