"""Answering through a one-time link: what is stored, and bad input that stores nothing."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from kezek.conftest import World
from kezek.surveys import services as sv
from kezek.surveys.models import Answer, Feedback, Invitation, RatingTally, Response
from kezek.surveys.tests.conftest import People
from kezek.surveys.tests.factories import open_campaign, user_answers

pytestmark = pytest.mark.django_db


def _nothing_stored() -> bool:
    return not (
        Response.objects.exists() or Answer.objects.exists() or RatingTally.objects.exists()
    )


def test_an_answer_through_the_link_is_stored_counted_and_spends_the_link(
    world: World, people: People
) -> None:
    campaign = open_campaign([world.client])
    offer = sv.invitation_create(campaign=campaign, person=people.employee)

    response = sv.response_submit_by_token(
        token=offer.token,
        answers=user_answers(
            5,
            staff_involved=[people.ssc_agent.pk],
            staff_rating=5,
            suggestions="Faster certificates, please.",
        ),
        language="kk",
    )

    assert response.respondent is None  # anonymous campaign
    assert response.submitted_at.time() == dt.time(
        0, 0
    )  # the day only: no timing link to the invitation
    assert response.organisation == world.client
    assert response.answers.get(question__key="politeness").value_int == 5
    assert list(response.agents.values_list("agent_id", flat=True)) == [people.ssc_agent.pk]
    assert Feedback.objects.get().text == "Faster certificates, please."
    assert RatingTally.objects.get(question__key="politeness").count == 1
    assert Invitation.objects.get().used_at is not None


def test_a_link_used_twice_is_refused(world: World, people: People) -> None:
    offer = sv.invitation_create(campaign=open_campaign([world.client]), person=people.employee)
    sv.response_submit_by_token(token=offer.token, answers=user_answers())

    with pytest.raises(ValidationError, match="already been used"):
        sv.response_submit_by_token(token=offer.token, answers=user_answers())

    assert Response.objects.count() == 1


def test_an_expired_link_is_refused_and_stores_nothing(world: World, people: People) -> None:
    offer = sv.invitation_create(campaign=open_campaign([world.client]), person=people.employee)

    later = dt.datetime.now(tz=dt.UTC) + dt.timedelta(days=31)
    with (
        time_machine.travel(later),
        pytest.raises(ValidationError, match="This survey is closed"),
    ):
        sv.response_submit_by_token(token=offer.token, answers=user_answers())

    assert _nothing_stored()


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        (user_answers(politeness=6), "needs a whole number from 1 to 5"),
        (user_answers(recommend="9.5"), "needs a whole number from 0 to 10"),
        (user_answers(knows_sla="maybe"), "choose from the options given"),
        ({k: v for k, v in user_answers().items() if k != "simplicity"}, "needs an answer"),
        ({**user_answers(), "999999": 3}, "not part of this questionnaire"),
        (user_answers(staff_involved=["1234567"]), "choose people from the list"),
        # Before: OverflowError from the database driver, a 500 on the public link.
        (user_answers(staff_involved=["9223372036854775808"]), "choose people from the list"),
        (user_answers(requests={"payslip": 4}), "whole number from 1 to 3"),
    ],
    ids=[
        "outside-scale",
        "not-a-whole-number",
        "unknown-option",
        "required-missing",
        "tampered-id",
        "not-staff",
        "staff-id-beyond-the-database",
        "importance",
    ],
)
def test_bad_answers_get_a_clear_message_and_store_nothing(
    world: World, people: People, answers: dict[str, object], message: str
) -> None:
    offer = sv.invitation_create(campaign=open_campaign([world.client]), person=people.employee)

    with pytest.raises(ValidationError, match=message):
        sv.response_submit_by_token(token=offer.token, answers=answers)

    assert _nothing_stored()
    assert Invitation.objects.get().used_at is None  # the link still works


def test_a_non_user_answers_only_the_screening_and_awareness(world: World, people: People) -> None:
    offer = sv.invitation_create(campaign=open_campaign([world.client]), person=people.employee)

    response = sv.response_submit_by_token(
        token=offer.token,
        # Ratings sent anyway (a browser without JavaScript shows every section) are dropped.
        answers={
            "uses_service": "no",
            "why_not": "did_not_know",
            "knows_services": "no",
            "knows_sla": "no",
            "politeness": 1,
        },
    )

    assert response.is_service_user is False
    assert sorted(response.answers.values_list("question__key", flat=True)) == [
        "knows_services",
        "knows_sla",
        "uses_service",
        "why_not",
    ]


def test_an_identified_campaign_keeps_the_respondent(world: World, people: People) -> None:
    offer = sv.invitation_create(
        campaign=open_campaign([world.client], anonymous=False), person=people.employee
    )

    response = sv.response_submit_by_token(token=offer.token, answers=user_answers())

    assert response.respondent == people.employee


def test_paper_answers_are_marked_as_paper_with_who_typed_them(
    world: World, people: People
) -> None:
    campaign = open_campaign([world.client])

    response = sv.paper_response_enter(
        campaign=campaign,
        organisation=world.client,
        role="employee",
        answers=user_answers(),
        entered_by=people.analyst,
    )

    assert (response.source, response.entered_by, response.respondent) == (
        "paper",
        people.analyst,
        None,
    )


def test_the_page_shows_what_is_wrong_and_keeps_the_link(
    client: Client, world: World, people: People
) -> None:
    campaign = open_campaign([world.client])
    offer = sv.invitation_create(campaign=campaign, person=people.employee)
    politeness = campaign.version.questions.get(key="politeness")
    uses = campaign.version.questions.get(key="uses_service")

    response = client.post(
        reverse("surveys:answer", args=[offer.token]),
        {f"q-{uses.pk}": "yes", f"q-{politeness.pk}": "9"},
    )

    assert response.status_code == 422
    assert "needs a whole number from 1 to 5" in response.content.decode()
    assert _nothing_stored()


def test_a_used_link_page_says_so(client: Client, world: World, people: People) -> None:
    offer = sv.invitation_create(campaign=open_campaign([world.client]), person=people.employee)
    sv.response_submit_by_token(token=offer.token, answers=user_answers())

    response = client.get(reverse("surveys:answer", args=[offer.token]))

    assert response.status_code == 410
    assert "already been used" in response.content.decode()


def test_someone_elses_link_is_404_for_a_logged_in_person(
    client: Client, world: World, people: People
) -> None:
    offer = sv.invitation_create(campaign=open_campaign([world.client]), person=people.employee)
    client.force_login(people.colleague)

    assert client.get(reverse("surveys:answer", args=[offer.token])).status_code == 404
    assert (
        client.get(reverse("surveys:invitation-answer", args=[offer.invitation.pk])).status_code
        == 404
    )
