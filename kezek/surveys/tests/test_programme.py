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
from kezek.core.versions import VersionConflict
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
        {
            "status": "positive",
            "theme": "Certificates",
            "explanation": "",
            "row_version": feedback.row_version,
        },
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


def test_a_triage_from_a_row_opened_before_a_colleagues_is_refused_and_keeps_the_input(
    client: Client, world: World, people: People
) -> None:
    feedback = _feedback(world, people)
    url = reverse("surveys:feedback-triage", args=[feedback.pk])
    client.force_login(people.analyst)
    colleague = Client()
    colleague.force_login(people.centre_manager)
    opened = {"row_version": feedback.row_version, "theme": "", "explanation": ""}

    colleague.post(url, opened | {"status": "accepted"}, headers={"HX-Request": "true"})
    refused = client.post(
        url,
        opened | {"status": "not_accepted", "explanation": "Set by law."},
        headers={"HX-Request": "true"},
    )

    feedback.refresh_from_db()
    assert (feedback.status, feedback.explanation, feedback.row_version) == ("accepted", "", 2)
    row = refused.content.decode()
    assert f"{people.centre_manager} saved this at" in row
    assert '<span class="badge sv-status-accepted">' in row  # what is stored now
    assert '<option value="not_accepted" selected>' in row  # the person's input
    assert ">Set by law.</textarea>" in row
    assert 'name="row_version" value="2"' in row


def test_progress_from_a_row_opened_before_a_colleagues_update_is_refused(
    client: Client, world: World, people: People
) -> None:
    feedback = _feedback(world, people)
    sv.feedback_triage(feedback=feedback, status="accepted", by=people.centre_manager)
    action = sv.action_create(
        campaign=feedback.campaign,
        title="PDF",
        owner=people.centre_manager,
        due_on=timezone.localdate() + dt.timedelta(days=10),
        feedback=[feedback],
    )
    client.force_login(people.analyst)
    url = reverse("surveys:action-update", args=[action.pk])
    stale = {"row_version": 1, "status": "not_started", "percent_complete": 0}
    colleague = Client()
    colleague.force_login(people.centre_manager)

    saved = colleague.post(url, stale | {"status": "in_progress"})
    refused = client.post(url, stale | {"percent_complete": 40})

    assert saved.status_code == 302
    assert refused.status_code == 422
    action.refresh_from_db()
    assert (action.status, action.percent_complete, action.row_version) == ("in_progress", 0, 2)
    page = refused.content.decode()
    assert "Status is now “In progress”; it was “Not started” when you opened it." in page
    assert 'name="percent_complete" min="0" max="100" value="40"' in page


def test_a_report_published_from_a_page_opened_before_a_colleagues_is_refused_and_not_emailed(
    world: World, people: People
) -> None:
    feedback = _feedback(world, people, "Please add online status")
    sv.feedback_triage(feedback=feedback, status="accepted", by=people.centre_manager)
    sv.report_publish(campaign=feedback.campaign, by=people.centre_manager, summary="Draft")
    mail.outbox.clear()
    url = reverse("surveys:report", args=[feedback.campaign_id])
    first, second = Client(), Client()
    first.force_login(people.centre_manager)
    second.force_login(people.admin)
    opened = {"row_version": second.get(url).context["form"]["row_version"].value()}

    first.post(url, opened | {"summary": "Online status comes in May"})
    refused = second.post(url, opened | {"summary": "Draft, and thank you"})

    report = feedback.campaign.report
    report.refresh_from_db()
    assert (report.summary, report.row_version) == ("Online status comes in May", 2)
    assert len(mail.outbox) == 1  # the colleague's publication only
    page = refused.content.decode()
    assert "Summary is now “Online status comes in May”; it was “Draft” when you opened it." in page
    assert refused.context["form"]["summary"].value() == "Draft, and thank you"


def test_of_two_first_publications_from_pages_opened_before_either_the_second_is_refused(
    world: World, people: People
) -> None:
    feedback = _feedback(world, people)
    campaign = feedback.campaign

    sv.report_publish(
        campaign=campaign, by=people.centre_manager, summary="First", opened_version=0
    )
    with pytest.raises(VersionConflict):
        sv.report_publish(campaign=campaign, by=people.admin, summary="Second", opened_version=0)

    campaign.report.refresh_from_db()
    assert (campaign.report.summary, campaign.report.published_by) == (
        "First",
        people.centre_manager,
    )
