"""Who may see what: the access matrix, outsiders included; pinned query counts of list pages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kezek.accounts.tests.factories import PersonFactory
from kezek.conftest import World
from kezek.core import policy
from kezek.surveys import services as sv
from kezek.surveys.models import Campaign, Feedback
from kezek.surveys.tests.conftest import People
from kezek.surveys.tests.factories import bulk_ratings, open_campaign, user_answers

pytestmark = pytest.mark.django_db

STAFF_PAGES = ["analysis", "feedback", "actions", "paper", "export-report"]
# role -> (campaign page, results page, staff pages)
MATRIX = {
    "centre_manager": (200, 200, 200),
    "analyst": (200, 200, 200),
    "admin": (200, 200, 200),
    "manager": (200, 200, 404),  # own company's aggregate results only
    "employee": (200, 404, 404),  # invited: sees the campaign, answers, no results
    "other_manager": (404, 404, 404),
    "other_employee": (404, 404, 404),
    "vendor_manager": (404, 404, 404),
    "vendor_agent": (404, 404, 404),
    "ssc_agent": (404, 404, 404),
}


@pytest.fixture
def campaign(world: World, people: People) -> Campaign:
    """An open campaign of the client company, its employee invited."""
    campaign = open_campaign([world.client])
    sv.invitation_create(campaign=campaign, person=people.employee)
    return campaign


@pytest.mark.parametrize("who", list(MATRIX))
def test_the_access_matrix_of_survey_pages(
    client: Client, people: People, campaign: Campaign, who: str
) -> None:
    client.force_login(getattr(people, who))
    detail, results, staff = MATRIX[who]

    assert client.get(reverse("surveys:campaign-detail", args=[campaign.pk])).status_code == detail
    assert client.get(reverse("surveys:results", args=[campaign.pk])).status_code == results
    for name in STAFF_PAGES:
        assert client.get(reverse(f"surveys:{name}", args=[campaign.pk])).status_code == staff, name
    api = client.get(f"/api/surveys/campaigns/{campaign.pk}/responses").status_code
    assert api == (200 if staff == 200 else 404)


# role -> (may_view_results, may_work_surveys, may_edit_surveys)
CAPABLE = {
    "centre_manager": (True, True, True),
    "analyst": (True, True, False),
    "admin": (True, True, True),
    "manager": (True, False, False),
    "employee": (False, False, False),
    "vendor_manager": (False, False, False),
    "ssc_agent": (False, False, False),
}


@pytest.mark.parametrize("who", list(CAPABLE))
def test_the_pages_offer_what_the_capabilities_allow(
    client: Client, people: People, campaign: Campaign, who: str
) -> None:
    person = getattr(people, who)
    client.force_login(person)
    home = client.get(reverse("surveys:home")).content.decode()
    detail = client.get(reverse("surveys:campaign-detail", args=[campaign.pk])).content.decode()
    results, works, edits = CAPABLE[who]
    names = ("may_view_results", "may_work_surveys", "may_edit_surveys")

    assert tuple(policy.can(person, name) for name in names) == CAPABLE[who]
    assert (reverse("surveys:results", args=[campaign.pk]) in home) == results
    assert (reverse("surveys:version-list") in home) == works
    assert (reverse("surveys:campaign-new") in home) == edits
    if MATRIX[who][0] == 200:  # those who may open the campaign
        assert (reverse("surveys:results", args=[campaign.pk]) in detail) == results
        assert (reverse("surveys:analysis", args=[campaign.pk]) in detail) == works
        assert ("sv-commands" in detail) == edits


def test_outsiders_cannot_triage_or_change_campaigns(
    client: Client, world: World, people: People
) -> None:
    campaign = open_campaign([world.client])
    offer = sv.invitation_create(campaign=campaign, person=people.employee)
    sv.response_submit_by_token(token=offer.token, answers=user_answers(suggestions="Slow"))
    feedback = Feedback.objects.get()

    for who in (people.manager, people.employee, people.vendor_manager, people.other_manager):
        client.force_login(who)
        assert (
            client.post(
                reverse("surveys:feedback-triage", args=[feedback.pk]), {"status": "accepted"}
            ).status_code
            == 404
        )
        assert (
            client.post(
                reverse("surveys:campaign-command", args=[campaign.pk, "close"])
            ).status_code
            == 404
        )
        assert (
            client.post(
                f"/api/surveys/feedback/{feedback.pk}/triage",
                {"status": "accepted"},
                content_type="application/json",
            ).status_code
            == 404
        )
    feedback.refresh_from_db()
    campaign.refresh_from_db()
    assert (feedback.status, campaign.status) == ("new", "open")


def test_an_analyst_triages_but_only_the_centre_manager_runs_campaigns(
    client: Client, world: World, people: People
) -> None:
    campaign = open_campaign([world.client])
    client.force_login(people.analyst)
    assert (
        client.post(reverse("surveys:campaign-command", args=[campaign.pk, "close"])).status_code
        == 404
    )
    client.force_login(people.centre_manager)
    assert (
        client.post(reverse("surveys:campaign-command", args=[campaign.pk, "close"])).status_code
        == 302
    )
    campaign.refresh_from_db()
    assert campaign.status == "closed"


def test_list_pages_and_apis_run_a_fixed_number_of_queries(
    client: Client, world: World, people: People, django_assert_max_num_queries: object
) -> None:
    campaigns = [open_campaign([world.client, world.other_client]) for _ in range(4)]
    for campaign in campaigns:
        for person in (people.employee, people.colleague):
            offer = sv.invitation_create(campaign=campaign, person=person)
            sv.response_submit_by_token(
                token=offer.token, answers=user_answers(suggestions="More self-service")
            )
        bulk_ratings(campaign, world.client, {"politeness": [5, 4, 3, 5, 5]})
    client.force_login(people.centre_manager)
    campaign = campaigns[0]
    pages = [
        reverse("surveys:home"),
        reverse("surveys:version-list"),
        reverse("surveys:feedback", args=[campaign.pk]),
        reverse("surveys:actions", args=[campaign.pk]),
        reverse("surveys:results", args=[campaign.pk]),
        "/api/surveys/campaigns",
        "/api/surveys/questionnaires",
        f"/api/surveys/campaigns/{campaign.pk}/responses",
        f"/api/surveys/campaigns/{campaign.pk}/feedback",
    ]
    for url in pages:
        with django_assert_max_num_queries(14):  # type: ignore[operator]
            assert client.get(url).status_code == 200, url


def test_a_campaigns_counts_cover_only_the_companies_the_reader_may_see(
    client: Client, world: World, people: People
) -> None:
    campaign = open_campaign([world.client, world.other_client])
    others = [PersonFactory.create(organisation=world.other_client) for _ in range(3)]
    answering = [people.employee, *others]
    for person in [people.employee, people.colleague, *others]:
        offer = sv.invitation_create(campaign=campaign, person=person)
        if person in answering:
            sv.response_submit_by_token(token=offer.token, answers=user_answers())
    # (invited, answered) as each reader gets them from the campaign list and detail
    expected = {
        people.centre_manager: (5, 4),  # every company
        people.manager: (2, 1),  # company A only
        people.other_manager: (3, 3),  # company B only
        people.employee: (1, 1),  # their own invitation
        people.colleague: (1, 0),
    }

    for reader, counts in expected.items():
        client.force_login(reader)
        listed = client.get("/api/surveys/campaigns").json()["items"]
        detail = client.get(f"/api/surveys/campaigns/{campaign.pk}").json()
        assert [(c["invited"], c["answered"]) for c in listed] == [counts], reader
        assert (detail["invited"], detail["answered"]) == counts, reader
