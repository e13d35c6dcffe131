"""The rules a staff record keeps: one holder per ACD login id at a time, a status history
that only grows forward, contracted hours with the minimum at most the maximum."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kezek.accounts.tests.factories import TeamFactory
from kezek.conftest import World
from kezek.people.models import AcdLogin, StatusChange
from kezek.people.services.acd import acd_login_assign, acd_login_release
from kezek.people.services.staff import (
    absence_add,
    staff_member_update,
    staff_status_change,
)
from kezek.people.tests.conftest import Staff
from kezek.people.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db

MARCH = date(2026, 3, 2)


def _messages(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(exc.value.messages)


def test_an_acd_id_in_use_is_refused_naming_its_holder_to_whoever_may_see_them(
    staff: Staff,
) -> None:
    acd_login_assign(
        actor=staff.vendor_manager, member=staff.colleague, login_id="4711", valid_from=MARCH
    )

    with pytest.raises(ValidationError) as refused:
        acd_login_assign(
            actor=staff.vendor_manager,
            member=staff.stranger,
            login_id="4711",
            valid_from=MARCH + timedelta(days=10),
        )

    assert _messages(refused) == (
        f"ACD login id 4711 belongs to {staff.colleague} (staff number "
        f"{staff.colleague.staff_number}, Vendor A) from 2026-03-02."
    )


def test_another_vendor_is_told_only_that_the_id_is_in_use(staff: Staff) -> None:
    acd_login_assign(
        actor=staff.vendor_manager, member=staff.colleague, login_id="4711", valid_from=MARCH
    )

    with pytest.raises(ValidationError) as refused:
        acd_login_assign(
            actor=staff.other_vendor_manager,
            member=staff.theirs,
            login_id="4711",
            valid_from=MARCH + timedelta(days=10),
            reassign=True,  # not theirs to take over
        )

    assert _messages(refused) == "ACD login id 4711 is already in use."
    assert not AcdLogin.objects.filter(member=staff.theirs).exists()


def test_reassigning_closes_the_old_holders_period_the_day_the_new_one_opens(
    staff: Staff,
) -> None:
    first = acd_login_assign(
        actor=staff.vendor_manager, member=staff.colleague, login_id="4711", valid_from=MARCH
    )
    handover = MARCH + timedelta(days=30)

    second = acd_login_assign(
        actor=staff.vendor_manager,
        member=staff.stranger,
        login_id="4711",
        valid_from=handover,
        reassign=True,
    )

    first.refresh_from_db()
    assert (first.valid_from, first.valid_to) == (MARCH, handover)
    assert (second.member, second.valid_from, second.valid_to) == (staff.stranger, handover, None)
    assert list(AcdLogin.objects.filter(login_id="4711").values_list("member", flat=True)) == [
        staff.stranger.pk,
        staff.colleague.pk,
    ]
    assert first.history.count() == 2  # opened, then closed


def test_an_id_cannot_be_given_back_into_a_period_someone_held_it(staff: Staff) -> None:
    login = acd_login_assign(
        actor=staff.vendor_manager, member=staff.colleague, login_id="4711", valid_from=MARCH
    )
    acd_login_release(login=login, valid_to=MARCH + timedelta(days=30))

    with pytest.raises(ValidationError) as refused:
        acd_login_assign(
            actor=staff.vendor_manager,
            member=staff.stranger,
            login_id="4711",
            valid_from=MARCH + timedelta(days=10),
        )
    later = acd_login_assign(
        actor=staff.vendor_manager,
        member=staff.stranger,
        login_id="4711",
        valid_from=MARCH + timedelta(days=30),
    )

    assert "until 2026-04-01" in _messages(refused)
    assert later.valid_from == date(2026, 4, 1)


def test_the_database_refuses_two_open_periods_of_one_id(staff: Staff) -> None:
    AcdLogin.objects.create(login_id="4711", member=staff.colleague, valid_from=MARCH)

    with pytest.raises(IntegrityError), transaction.atomic():
        AcdLogin.objects.create(login_id="4711", member=staff.stranger, valid_from=MARCH)


def test_the_latest_status_is_the_persons_status(staff: Staff) -> None:
    member = staff.colleague
    staff_status_change(member=member, status="in_training", effective_date=date(2025, 1, 13))
    staff_status_change(member=member, status="nesting", effective_date=date(2025, 2, 3))

    member.refresh_from_db()
    assert (member.status, member.status_since) == ("nesting", date(2025, 2, 3))
    assert list(member.status_changes.values_list("status", flat=True)) == [
        "nesting",
        "in_training",
        "recruited",
    ]


@pytest.mark.parametrize(
    ("day", "status", "reason", "message"),
    [
        (date(2025, 1, 1), "in_training", "", "The status cannot start before the hire date"),
        (date(2025, 1, 6), "in_training", "", "The latest status is dated 2025-01-06"),
        (date(2025, 2, 1), "recruited", "", "The status is Recruited already."),
        (date(2025, 2, 1), "exited", " ", "Say why the person left."),
        (date(2099, 1, 1), "regular", "", "A status cannot be dated after today."),
    ],
)
def test_a_status_change_out_of_order_is_refused(
    staff: Staff, day: date, status: str, reason: str, message: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        staff_status_change(
            member=staff.colleague, status=status, effective_date=day, reason=reason
        )

    assert message in _messages(refused)
    assert StatusChange.objects.filter(member=staff.colleague).count() == 1


def test_leaving_releases_the_persons_acd_ids_on_the_day_they_leave(staff: Staff) -> None:
    login = acd_login_assign(
        actor=staff.vendor_manager, member=staff.colleague, login_id="4711", valid_from=MARCH
    )

    staff_status_change(
        member=staff.colleague, status="exited", effective_date=date(2026, 6, 1), reason="Moved"
    )

    login.refresh_from_db()
    assert login.valid_to == date(2026, 6, 1)


def test_the_minimum_hours_cannot_exceed_the_maximum(staff: Staff) -> None:
    with pytest.raises(ValidationError) as refused:
        staff_member_update(
            member=staff.colleague,
            min_hours_per_week=Decimal(30),
            max_hours_per_week=Decimal("20.5"),
        )

    assert refused.value.message_dict == {
        "min_hours_per_week": ["The minimum (30 h) is above the maximum (20.5 h)."]
    }


def test_a_team_of_another_organisation_and_a_leader_who_leads_nobody_are_refused(
    world: World, staff: Staff
) -> None:
    with pytest.raises(ValidationError) as refused:
        staff_member_update(
            member=staff.colleague,
            team=TeamFactory.create(organisation=world.other_vendor),
            team_leader=staff.stranger,
        )

    assert refused.value.message_dict["team"] == ["It belongs to another organisation."]
    assert "is not a team leader" in refused.value.message_dict["team_leader"][0]


def test_a_leader_keeps_a_leading_position_while_someone_reports_to_them(staff: Staff) -> None:
    with pytest.raises(ValidationError) as refused:
        staff_member_update(member=staff.leader_record, position="agent")

    assert refused.value.message_dict["position"] == [
        "1 person has this person as their team leader: give them another one first."
    ]


def test_the_hire_date_stays_before_the_first_status(staff: Staff) -> None:
    with pytest.raises(ValidationError) as refused:
        staff_member_update(member=staff.colleague, hire_date=date(2025, 2, 1))

    assert refused.value.message_dict["hire_date"] == [
        "The hire date cannot be after the first status, of 2025-01-06."
    ]


def test_absences_of_one_person_do_not_overlap(staff: Staff) -> None:
    absence_add(
        member=staff.colleague, kind="annual_leave", first_day=MARCH, last_day=date(2026, 3, 6)
    )

    with pytest.raises(ValidationError) as refused:
        absence_add(
            member=staff.colleague,
            kind="sick",
            first_day=date(2026, 3, 6),
            last_day=date(2026, 3, 9),
        )
    other = absence_add(member=staff.stranger, kind="sick", first_day=MARCH, last_day=MARCH)

    assert _messages(refused) == (
        "It overlaps another absence: Annual leave · 2026-03-02–2026-03-06."
    )
    assert other.pk is not None


def test_a_new_record_starts_with_its_first_status_on_its_hire_date(world: World) -> None:
    member = StaffMemberFactory.create(organisation=world.vendor, hire_date=date(2026, 11, 2))

    assert (member.status, member.status_since) == ("recruited", date(2026, 11, 2))
    assert member.status_changes.get().effective_date == date(2026, 11, 2)
