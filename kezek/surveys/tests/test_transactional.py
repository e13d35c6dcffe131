"""The transactional survey the service desk offers after a resolved request."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from kezek.conftest import World
from kezek.servicedesk.choices import State
from kezek.servicedesk.services.requests import request_transition
from kezek.servicedesk.tests.factories import make_desk
from kezek.surveys.models import Invitation
from kezek.surveys.services import transactional_survey_offer
from kezek.surveys.tests.conftest import People
from kezek.surveys.tests.factories import open_campaign

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def test_a_resolved_request_brings_one_survey_per_person_per_throttle_period(
    world: World, people: People
) -> None:
    with time_machine.travel(START, tick=False):
        open_campaign(
            [world.client], kind="transactional", roles=("employee", "manager"), throttle_days=14
        )
        first = transactional_survey_offer(
            person=people.employee, reason_object_label="REQ-1 Certificate"
        )
        again = transactional_survey_offer(
            person=people.employee, reason_object_label="REQ-2 Payslip"
        )
    with time_machine.travel(START + dt.timedelta(days=13), tick=False):
        still_throttled = transactional_survey_offer(
            person=people.employee, reason_object_label="REQ-3"
        )
    with time_machine.travel(START + dt.timedelta(days=15), tick=False):
        later = transactional_survey_offer(
            person=people.employee, reason_object_label="REQ-4 Vacation"
        )

    assert first is not None
    assert later is not None
    assert again is None
    assert still_throttled is None
    assert first.invitation.reason_label == "REQ-1 Certificate"
    assert first.invitation.expires_at == START + dt.timedelta(days=14)
    assert [m.to for m in mail.outbox] == [[people.employee.email], [people.employee.email]]
    assert "REQ-1 Certificate" in mail.outbox[0].body


def test_no_survey_without_an_open_transactional_campaign_for_the_company_and_role(
    world: World, people: People
) -> None:
    open_campaign([world.client], kind="transactional", roles=("employee",))

    assert (
        transactional_survey_offer(person=people.other_employee, reason_object_label="REQ-9")
        is None
    )
    assert transactional_survey_offer(person=people.manager, reason_object_label="REQ-9") is None
    assert (
        transactional_survey_offer(person=people.vendor_agent, reason_object_label="REQ-9") is None
    )
    assert not Invitation.objects.exists()


def test_resolving_a_request_offers_the_transactional_survey_once(
    client: Client, world: World
) -> None:
    desk = make_desk(world)
    open_campaign([desk.world.client], kind="transactional", throttle_days=14)
    first, second = desk.request(), desk.request()
    client.force_login(desk.agent)

    for request in (first, second):
        client.post(f"/desk/requests/{request.pk}/state/", {"to_state": "resolved"})

    invitation = Invitation.objects.get(person=desk.employee)
    assert str(first.number) in invitation.reason_label


def test_a_resolved_confidential_case_is_named_by_its_number_only(world: World) -> None:
    desk = make_desk(world)
    open_campaign([desk.world.client], kind="transactional")
    case = desk.request(service=desk.case_service, title="Remarks about my age", form_data={})

    request_transition(
        actor=desk.case_officer, request=case, to_state=State.RESOLVED, now=timezone.now()
    )

    invitation = Invitation.objects.get(person=desk.employee)
    assert invitation.reason_label == case.number
    assert "Remarks" not in mail.outbox[-1].body
    assert case.number in mail.outbox[-1].body
