"""Reference statistics through the results services, pages and API; suppression of small groups."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kezek.conftest import World
from kezek.surveys import reports
from kezek.surveys import services as sv
from kezek.surveys.models import RatingTally
from kezek.surveys.tests.conftest import People
from kezek.surveys.tests.factories import bulk_ratings, open_campaign, user_answers

pytestmark = pytest.mark.django_db

# 81 of 100 in the top two boxes: Wilson 95 % interval [0.7222, 0.8749] (issue 7; Wilson 1927).
EIGHTY_ONE = [5] * 50 + [4] * 31 + [3] * 10 + [2] * 5 + [1] * 4
# NPS of 100 promoters, 30 passives, 80 detractors: +9.52, 95 % about [-2.93, +21.98] (issue 7).
NPS_SET = [10] * 60 + [9] * 40 + [8] * 20 + [7] * 10 + [6] * 40 + [3] * 40


def test_csat_with_its_wilson_interval_on_the_results_page(
    client: Client, world: World, people: People
) -> None:
    campaign = open_campaign([world.client])
    bulk_ratings(campaign, world.client, {"politeness": EIGHTY_ONE})
    client.force_login(people.centre_manager)

    page = client.get(reverse("surveys:results", args=[campaign.pk])).content.decode()

    # mean 4.18 = (250 + 124 + 30 + 10 + 4) / 100
    assert "4.18" in page
    assert "81.0% <span class='muted'>[72.2–87.5%]</span> · n=100" in page


def test_nps_and_csat_reference_values_through_the_api(
    client: Client, world: World, people: People
) -> None:
    campaign = open_campaign([world.client])
    bulk_ratings(
        campaign, world.client, {"recommend": NPS_SET, "politeness": EIGHTY_ONE + [5] * 110}
    )
    client.force_login(people.analyst)

    data = client.get(f"/api/surveys/campaigns/{campaign.pk}/results").json()

    assert data["nps"]["value"] == pytest.approx(9.5238, abs=1e-4)
    assert data["nps"]["low"] == pytest.approx(-2.93, abs=0.01)
    assert data["nps"]["high"] == pytest.approx(21.98, abs=0.01)
    politeness = data["questions"]["politeness"]
    assert politeness["answers"] == 210
    assert politeness["csat"] == pytest.approx(191 / 210)


def test_groups_under_five_answers_are_suppressed_everywhere(
    client: Client, world: World, people: People
) -> None:
    campaign = open_campaign([world.client, world.other_client])
    bulk_ratings(campaign, world.client, {"politeness": [5, 5, 4, 1, 2, 3, 4, 5]})
    bulk_ratings(campaign, world.other_client, {"politeness": [1, 1, 1, 1]})
    client.force_login(people.centre_manager)

    data = client.get(f"/api/surveys/campaigns/{campaign.pk}/results").json()
    page = client.get(reverse("surveys:results", args=[campaign.pk])).content.decode()

    cells = {c["client_id"]: c["summary"] for c in data["cells"] if c["question"] == "politeness"}
    # The 8 answers of the first client are hidden too: the overall 12 minus 8 would give
    # the other client's 4 back (secondary suppression, test_disclosure.py).
    assert cells[world.client.pk]["suppressed"] is True
    assert data["questions"]["politeness"]["answers"] == 12
    assert cells[world.other_client.pk] == {
        "suppressed": True,
        "answers": None,
        "mean": None,
        "mean_low": None,
        "mean_high": None,
        "csat": None,
        "csat_low": None,
        "csat_high": None,
        "counts": None,
    }
    assert "n=4" not in page
    assert "sv-suppressed" in page


def test_a_client_manager_sees_their_own_company_only(
    client: Client, world: World, people: People
) -> None:
    campaign = open_campaign([world.client, world.other_client])
    bulk_ratings(campaign, world.client, {"politeness": [5] * 6})
    bulk_ratings(campaign, world.other_client, {"politeness": [1] * 7})
    client.force_login(people.manager)

    data = client.get(f"/api/surveys/campaigns/{campaign.pk}/results").json()
    page = client.get(reverse("surveys:results", args=[campaign.pk])).content.decode()

    assert {c["client_id"] for c in data["cells"]} == {world.client.pk}
    assert data["questions"]["politeness"]["answers"] == 6
    assert world.other_client.name not in page


def test_staff_are_flagged_only_on_evidence(world: World, people: People) -> None:
    campaign = open_campaign([world.client], csat_standard=0.5)
    weak = people.ssc_agent
    bulk_ratings(campaign, world.client, {"staff_rating": [5] * 30}, agents=[people.analyst])
    bulk_ratings(campaign, world.client, {"staff_rating": [5, 4, 2]}, agents=[weak])

    standings = {
        s.agent: s
        for s in reports.staff_standing(campaign, {people.analyst.pk: "star", weak.pk: "new"})
    }

    assert standings["star"].flag == "above"  # 30 of 30 against 50 %: exact binomial p < 1e-8
    assert standings["new"].flag == "suppressed"
    assert standings["new"].fraction is None


def test_tallies_kept_as_answers_arrive_equal_a_recount(world: World, people: People) -> None:
    campaign = open_campaign([world.client])
    for rating in (5, 4, 4, 2):
        sv.paper_response_enter(
            campaign=campaign,
            organisation=world.client,
            role="employee",
            answers=user_answers(rating),
            entered_by=people.analyst,
            submitted_on=timezone.localdate(),
        )
    kept = sorted(RatingTally.objects.values_list("question_id", "point", "count"))

    sv.tallies_rebuild(campaign=campaign)

    assert sorted(RatingTally.objects.values_list("question_id", "point", "count")) == kept
