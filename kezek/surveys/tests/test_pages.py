"""Running a campaign from the pages and the API: create, invite, answer by API, themes."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from kezek.conftest import World
from kezek.surveys import services as sv
from kezek.surveys.models import Campaign, Feedback, Response
from kezek.surveys.tests.conftest import People
from kezek.surveys.tests.factories import employee_version, open_campaign, user_answers

pytestmark = pytest.mark.django_db


def test_the_centre_manager_creates_a_campaign_and_invites_its_audience(
    client: Client, world: World, people: People
) -> None:
    version = employee_version()
    client.force_login(people.centre_manager)
    now = dt.datetime.now(tz=dt.UTC)

    response = client.post(
        reverse("surveys:campaign-new"),
        {
            "name": "Spring survey",
            "version": version.pk,
            "kind": "periodic",
            "clients": [world.client.pk],
            "roles": ["employee"],
            "anonymous": "on",
            "opens_at": (now - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + dt.timedelta(days=14)).strftime("%Y-%m-%dT%H:%M"),
            "min_group_size": 5,
            "target_margin": 0.05,
            "csat_standard": 0.8,
            "throttle_days": 30,
        },
    )
    campaign = Campaign.objects.get(name="Spring survey")
    assert response.status_code == 302
    client.post(reverse("surveys:campaign-command", args=[campaign.pk, "invite"]))

    campaign.refresh_from_db()
    assert campaign.status == "open"
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [people.employee.email, people.colleague.email]
    )


def test_answering_through_the_api_with_a_bad_link_stores_nothing(
    client: Client, world: World, people: People
) -> None:
    campaign = open_campaign([world.client])
    offer = sv.invitation_create(campaign=campaign, person=people.employee)

    bad = client.post(
        "/api/surveys/answers",
        {"token": "nope", "answers": user_answers()},
        content_type="application/json",
    )
    good = client.post(
        "/api/surveys/answers",
        {"token": offer.token, "language": "bg", "answers": user_answers()},
        content_type="application/json",
    )
    again = client.post(
        "/api/surveys/answers",
        {"token": offer.token, "answers": user_answers()},
        content_type="application/json",
    )

    assert bad.status_code == 422
    assert bad.json()["errors"][0]["message"].startswith("This survey link is not valid")
    assert good.status_code == 201
    assert again.status_code == 422
    assert Response.objects.get().language == "bg"


def test_a_theme_carries_its_status_to_its_untriaged_feedback(world: World, people: People) -> None:
    campaign = open_campaign([world.client])
    for person in (people.employee, people.colleague):
        offer = sv.invitation_create(campaign=campaign, person=person)
        sv.response_submit_by_token(
            token=offer.token, answers=user_answers(suggestions="Online status")
        )
    theme = sv.theme_create(campaign=campaign, name="Request status online")
    first, second = Feedback.objects.order_by("pk")
    sv.feedback_triage(feedback=first, status="new", theme=theme, by=people.analyst)
    sv.feedback_triage(feedback=second, status="new", theme=theme, by=people.analyst)

    sv.theme_triage(theme=theme, status="accepted", by=people.centre_manager)

    assert set(Feedback.objects.values_list("status", flat=True)) == {"accepted"}


def test_the_questionnaire_preview_speaks_every_language(
    client: Client, world: World, people: People
) -> None:
    version = employee_version()
    client.force_login(people.analyst)

    page = client.get(
        reverse("surveys:version-detail", args=[version.pk]) + "?lang=zh-hans"
    ).content.decode()

    assert "共享服务中心员工的礼貌程度" in page  # politeness, from the data
    assert "我们将根据您的建议制定纠正措施计划" in page  # the closing phrase


def test_paper_answers_are_entered_only_for_the_campaigns_own_client_companies(
    client: Client, world: World, people: People
) -> None:
    campaign = open_campaign([world.client])
    client.force_login(people.analyst)
    url = reverse("surveys:paper", args=[campaign.pk])

    page = client.get(url).content.decode()
    refused = client.post(
        url,
        {"organisation": world.other_client.pk, "role": "employee", "submitted_on": "2026-03-02"},
    )

    chooser = re.search(r'name="organisation".*?</select>', page, re.S)
    assert chooser is not None
    assert set(re.findall(r'value="(\d+)"', chooser.group())) == {str(world.client.pk)}
    assert "Select a valid choice" in refused.content.decode()
    assert not Response.objects.filter(campaign=campaign).exists()
