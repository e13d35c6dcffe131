"""Audiences by service use (service-desk records) and the screening question they answer."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kezek.accounts.models import User
from kezek.accounts.tests.factories import PersonFactory
from kezek.conftest import World
from kezek.servicedesk.models import Request
from kezek.servicedesk.services.requests import request_transition
from kezek.servicedesk.tests.factories import Desk, make_desk
from kezek.surveys import services as sv
from kezek.surveys.models import Campaign, Invitation, Response
from kezek.surveys.tests.factories import open_campaign, user_answers

pytestmark = pytest.mark.django_db

NOW = timezone.now()
RECENTLY = NOW - dt.timedelta(days=10)
PERIOD = {"service_used_from": NOW - dt.timedelta(days=30), "service_used_until": NOW}


def sent(
    desk: Desk, person: User, service: str = "certificate", when: dt.datetime = RECENTLY
) -> Request:
    chosen = {
        "certificate": desk.certificate,
        "vacation": desk.vacation,
        "case": desk.case_service,
    }[service]
    form = {
        "certificate": {"purpose": "Bank", "copies": "1"},
        "vacation": {"period": ["2026-12-01", "2026-12-05"]},
        "case": {},
    }[service]
    return desk.request(requester=person, service=chosen, now=when, form_data=form)


def by_service_use(world: World, **extra: Any) -> Campaign:
    return open_campaign([world.client], roles=("employee", "manager"), **{**PERIOD, **extra})


def invited(campaign: Campaign) -> set[int]:
    sv.campaign_invite(campaign=campaign, send=False)
    return set(campaign.invitations.values_list("person_id", flat=True))


def test_a_campaign_for_users_of_a_service_invites_only_them(world: World) -> None:
    desk = make_desk(world)
    sent(desk, desk.employee)  # used the certificate service in the period
    sent(desk, desk.colleague, "vacation")  # used another service
    sent(desk, desk.colleague, when=NOW - dt.timedelta(days=60))  # certificate, before the period
    sent(desk, desk.other_employee)  # the outsider: another client company
    campaign = by_service_use(world, service_use="chosen", service_codes=[desk.certificate.code])

    assert sv.audience_size(campaign) == sv.AudienceSize(people=1, not_invited=1)
    assert invited(campaign) == {desk.employee.pk}  # not the manager, who used nothing
    assert sv.audience_size(campaign) == sv.AudienceSize(people=1, not_invited=0)


def test_any_service_counts_but_confidential_and_cancelled_requests_never_do(
    world: World,
) -> None:
    desk = make_desk(world)
    carer = PersonFactory.create(organisation=world.client, roles=["employee"])
    quitter = PersonFactory.create(organisation=world.client, roles=["employee"])
    sent(desk, desk.employee)
    sent(desk, desk.colleague, "vacation")
    sent(desk, carer, "case")  # a confidential case must not put anyone in an audience
    cancelled = sent(desk, quitter)
    request_transition(actor=quitter, request=cancelled, to_state="cancelled", now=RECENTLY)
    sent(desk, desk.other_employee)

    campaign = by_service_use(world, service_use="any")

    assert invited(campaign) == {desk.employee.pk, desk.colleague.pk}


def test_the_campaign_page_shows_the_audience_size_before_invitations(
    client: Client, world: World
) -> None:
    desk = make_desk(world)
    sent(desk, desk.employee)
    sent(desk, desk.other_employee)
    campaign = by_service_use(world, service_use="chosen", service_codes=[desk.certificate.code])
    client.force_login(desk.admin)

    page = client.get(reverse("surveys:campaign-detail", args=[campaign.pk])).content.decode()

    audience = page.split('id="sv-audience"')[1].split("</div>")[0]
    assert '<p class="sv-big">1</p>' in audience
    assert "1 person not invited yet" in audience
    assert "Certificate of employment" in audience
    assert not Invitation.objects.exists()


def test_a_campaign_is_created_from_the_page_with_a_service_audience(
    client: Client, world: World
) -> None:
    desk = make_desk(world)
    version = open_campaign([world.client]).version
    client.force_login(desk.admin)
    local = "%Y-%m-%dT%H:%M"
    form = {
        "name": "Certificate users",
        "version": version.pk,
        "kind": "periodic",
        "clients": [world.client.pk],
        "roles": ["employee"],
        "anonymous": "on",
        "opens_at": NOW.strftime(local),
        "closes_at": (NOW + dt.timedelta(days=14)).strftime(local),
        "min_group_size": 5,
        "target_margin": 0.05,
        "csat_standard": 0.8,
        "throttle_days": 30,
        "service_use": "chosen",
        "service_used_from": (NOW - dt.timedelta(days=90)).strftime(local),
        "service_used_until": NOW.strftime(local),
    }

    page = client.get(reverse("surveys:campaign-new")).content.decode()
    refused = client.post(reverse("surveys:campaign-new"), form)
    created = client.post(
        reverse("surveys:campaign-new"), {**form, "service_codes": [desk.certificate.code]}
    )

    assert desk.certificate.code in page
    assert desk.case_service.code not in page  # confidential services cannot be chosen
    assert "Choose one or more services." in refused.content.decode()
    assert created.status_code == 302
    assert Campaign.objects.get(name="Certificate users").service_codes == [desk.certificate.code]


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"service_use": "chosen"}, "service_codes"),
        (
            {"service_use": "any", "service_used_until": NOW - dt.timedelta(days=40)},
            "service_used_until",
        ),
        ({"service_use": "any", "service_used_from": None}, "service_used_from"),
        ({"service_use": "any", "kind": "transactional"}, "service_use"),
        ({"service_use": "sometimes"}, "service_use"),
    ],
)
def test_an_incomplete_service_audience_is_refused_naming_the_field(
    world: World, extra: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        by_service_use(world, **extra)

    assert field in error.value.message_dict


def test_known_users_are_not_asked_the_screening_question(client: Client, world: World) -> None:
    desk = make_desk(world)
    sent(desk, desk.employee)
    campaign = by_service_use(world, service_use="any")
    offer = sv.invitation_create(campaign=campaign, person=desk.employee, service_use_known=True)
    client.force_login(desk.employee)
    url = reverse("surveys:answer", args=[offer.token])

    page = client.get(url).content.decode()
    answers = user_answers(uses_service="no")  # even a "no" sent by hand does not win
    questions = {q.key: q.pk for q in campaign.version.questions.all()}
    posted = {f"q-{questions[key]}": value for key, value in answers.items() if key != "requests"}
    posted[f"q-{questions['requests']}-payslip"] = 3
    result = client.post(url, posted)

    assert 'class="sv-question sv-known"' in page
    assert "so this question is answered for you" in page
    assert result.status_code == 200, result.content.decode()[:2000]
    response = Response.objects.get()
    assert response.is_service_user is True
    assert response.service_use_known is True
    assert response.answers.filter(question__key="politeness").exists()  # user questions kept


def test_inviting_by_service_use_marks_recent_users_only(world: World) -> None:
    desk = make_desk(world)
    sent(desk, desk.employee)  # ten days ago: within the screening's six months
    sent(desk, desk.colleague, when=NOW - dt.timedelta(days=250))
    campaign = by_service_use(
        world, service_use="any", service_used_from=NOW - dt.timedelta(days=365)
    )

    invited(campaign)

    known = dict(campaign.invitations.values_list("person_id", "service_use_known"))
    assert known == {desk.employee.pk: True, desk.colleague.pk: False}


def test_everyone_else_is_still_asked(world: World) -> None:
    desk = make_desk(world)
    sent(desk, desk.employee)
    campaign = open_campaign([world.client])  # no service-use audience
    invited(campaign)
    offer = sv.invitation_create(campaign=campaign, person=desk.manager, role="employee")

    assert not campaign.invitations.filter(service_use_known=True).exists()
    with pytest.raises(ValidationError, match="needs an answer"):
        sv.response_submit_by_token(token=offer.token, answers={"politeness": 4})


def test_the_transactional_survey_knows_the_person_used_the_service(world: World) -> None:
    desk = make_desk(world)
    open_campaign([world.client], kind="transactional")

    offer = sv.transactional_survey_offer(person=desk.employee, reason_object_label="SD-1")

    assert offer is not None
    assert offer.invitation.service_use_known is True
    response = sv.response_submit_by_token(
        token=offer.token, answers={k: v for k, v in user_answers().items() if k != "uses_service"}
    )
    assert response.is_service_user is True
    assert response.service_use_known is True
