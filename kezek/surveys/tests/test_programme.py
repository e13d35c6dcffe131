"""Triage, clarifications, actions, the participants' report and overdue alerts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kezek.conftest import World
from kezek.surveys import services as sv
from kezek.surveys.models import Feedback
from kezek.surveys.tests.conftest import People
from kezek.surveys.tests.factories import open_campaign, user_answers

pytestmark = pytest.mark.django_db


def _feedback(world: World, people: People, text: str = "Certificates are slow") -> Feedback:
    campaign = open_campaign([world.client])
    offer = sv.invitation_create(campaign=campaign, person=people.employee)
    sv.response_submit_by_token(token=offer.token, answers=user_answers(suggestions=text))
    return Feedback.objects.get()


def test_a_refusal_must_be_explained(world: World, people: People) -> None:
    feedback = _feedback(world, people)

    with pytest.raises(ValidationError, match="Explain to the participants"):
        sv.feedback_triage(feedback=feedback, status="not_accepted", by=people.centre_manager)
    sv.feedback_triage(
        feedback=feedback,
        status="not_accepted",
        explanation="Set by law.",
        by=people.centre_manager,
    )

    feedback.refresh_from_db()
    assert (feedback.status, feedback.explanation) == ("not_accepted", "Set by law.")


def test_a_clarification_is_logged_and_marks_the_feedback(world: World, people: People) -> None:
    feedback = _feedback(world, people)

    sv.clarification_add(feedback=feedback, author=people.analyst, text="Which certificate?")

    feedback.refresh_from_db()
    assert feedback.status == "needs_clarification"
    assert list(feedback.clarifications.values_list("text", flat=True)) == ["Which certificate?"]


def test_only_accepted_feedback_becomes_an_action_and_complete_means_100(
    world: World, people: People
) -> None:
    feedback = _feedback(world, people)
    due = timezone.localdate() + dt.timedelta(days=10)
    with pytest.raises(ValidationError, match="Only accepted feedback"):
        sv.action_create(
            campaign=feedback.campaign,
            title="PDF",
            owner=people.centre_manager,
            due_on=due,
            feedback=[feedback],
        )
    sv.feedback_triage(feedback=feedback, status="accepted", by=people.centre_manager)

    action = sv.action_create(
        campaign=feedback.campaign,
        title="PDF",
        owner=people.centre_manager,
        due_on=due,
        feedback=[feedback],
    )
    with pytest.raises(ValidationError, match="from 0 to 100"):
        sv.action_update(action=action, percent_complete=140)
    sv.action_update(action=action, status="complete", percent_complete=30)

    action.refresh_from_db()
    assert (action.status, action.percent_complete) == ("complete", 100)
    with pytest.raises(ValidationError, match="must work for the service centre"):
        sv.action_create(campaign=feedback.campaign, title="x", owner=people.manager, due_on=due)


def test_overdue_actions_alert_their_owner_once(world: World, people: People) -> None:
    feedback = _feedback(world, people)
    today = timezone.localdate()
    sv.action_create(
        campaign=feedback.campaign,
        title="Late",
        owner=people.centre_manager,
        due_on=today - dt.timedelta(days=1),
    )
    sv.action_create(
        campaign=feedback.campaign,
        title="On time",
        owner=people.centre_manager,
        due_on=today + dt.timedelta(days=1),
    )

    assert sv.actions_alert_overdue(today=today) == 1
    assert sv.actions_alert_overdue(today=today) == 0
    assert [m.subject for m in mail.outbox] == ["Overdue action: Late"]


def test_the_report_reaches_participants_once_published(
    client: Client, world: World, people: People
) -> None:
    feedback = _feedback(world, people, "Please add online status")
    sv.feedback_triage(feedback=feedback, status="accepted", by=people.centre_manager)
    url = reverse("surveys:report", args=[feedback.campaign_id])
    client.force_login(people.employee)
    assert client.get(url).status_code == 404

    sv.report_publish(campaign=feedback.campaign, by=people.centre_manager, summary="Thank you all")

    page = client.get(url).content.decode()
    assert "Please add online status" in page
    assert "Thank you all" in page
    assert [m.to for m in mail.outbox] == [[people.employee.email]]
    client.force_login(people.other_employee)
    assert client.get(url).status_code == 404


def test_the_report_of_a_joint_campaign_shows_each_company_only_its_own_comments(
    client: Client, world: World, people: People
) -> None:
    campaign = open_campaign([world.client, world.other_client])
    for person, text in (
        (people.employee, "Amber wants payslips by e-mail"),
        (people.other_employee, "Birch wants a callback"),
    ):
        offer = sv.invitation_create(campaign=campaign, person=person)
        sv.response_submit_by_token(token=offer.token, answers=user_answers(suggestions=text))
    for feedback in Feedback.objects.filter(campaign=campaign):
        sv.feedback_triage(feedback=feedback, status="accepted", by=people.centre_manager)
    sv.report_publish(campaign=campaign, by=people.centre_manager, email=False)
    url = reverse("surveys:report", args=[campaign.pk])

    pages = {}
    for who in (people.employee, people.other_employee, people.analyst):
        client.force_login(who)
        pages[who.pk] = client.get(url).content.decode()

    assert "Amber wants payslips by e-mail" in pages[people.employee.pk]
    assert "Birch wants a callback" not in pages[people.employee.pk]
    assert "Birch wants a callback" in pages[people.other_employee.pk]
    assert "Amber wants payslips by e-mail" not in pages[people.other_employee.pk]
    assert "Amber wants payslips by e-mail" in pages[people.analyst.pk]
    assert "Birch wants a callback" in pages[people.analyst.pk]


def test_triage_on_the_page_returns_the_row_for_htmx(
    client: Client, world: World, people: People
) -> None:
    feedback = _feedback(world, people)
    client.force_login(people.analyst)

    response = client.post(
        reverse("surveys:feedback-triage", args=[feedback.pk]),
        {"status": "positive", "theme": "Certificates", "explanation": ""},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert b"<html" not in response.content
    assert b"Positive" in response.content
    feedback.refresh_from_db()
    assert (feedback.status, feedback.theme.name if feedback.theme else "") == (
        "positive",
        "Certificates",
    )
