"""Exports and API respect anonymity: an anonymous campaign never shows who answered."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from kezek.conftest import World
from kezek.surveys import services as sv
from kezek.surveys.tests.conftest import People
from kezek.surveys.tests.factories import open_campaign, user_answers

pytestmark = pytest.mark.django_db


def _answered(world: World, people: People, *, anonymous: bool) -> int:
    campaign = open_campaign([world.client], anonymous=anonymous)
    for person in (people.employee, people.colleague):
        offer = sv.invitation_create(campaign=campaign, person=person)
        sv.response_submit_by_token(
            token=offer.token, answers=user_answers(suggestions="Keep it up")
        )
    return campaign.pk


def _identities(people: People) -> list[str]:
    return [
        value
        for person in (people.employee, people.colleague)
        for value in (person.username, person.email, person.last_name)
    ]


def test_exports_of_an_anonymous_campaign_carry_no_identity(
    client: Client, world: World, people: People
) -> None:
    campaign_id = _answered(world, people, anonymous=True)
    client.force_login(people.centre_manager)

    csv_text = client.get(
        reverse("surveys:export-responses", args=[campaign_id, "csv"])
    ).content.decode("utf-8-sig")
    xlsx = client.get(reverse("surveys:export-responses", args=[campaign_id, "xlsx"])).content
    report = client.get(reverse("surveys:export-report", args=[campaign_id])).content
    api = client.get(f"/api/surveys/campaigns/{campaign_id}/responses").content.decode()

    cells = [
        str(c.value) for row in load_workbook(io.BytesIO(xlsx)).active.iter_rows() for c in row
    ]
    report_cells = [
        str(c.value)
        for sheet in load_workbook(io.BytesIO(report))
        for row in sheet.iter_rows()
        for c in row
    ]
    for text in (csv_text, " ".join(cells), " ".join(report_cells), api):
        for identity in _identities(people):
            assert identity not in text
    assert csv_text.splitlines()[0].startswith(
        "response,client company,role,source,month,uses_service"
    )
    assert '"respondent": null' in api
    assert '"submitted_at": null' in api


def test_exports_of_an_identified_campaign_name_the_respondent(
    client: Client, world: World, people: People
) -> None:
    campaign_id = _answered(world, people, anonymous=False)
    client.force_login(people.analyst)

    csv_text = client.get(
        reverse("surveys:export-responses", args=[campaign_id, "csv"])
    ).content.decode("utf-8-sig")

    assert people.employee.username in csv_text
    assert "respondent" in csv_text.splitlines()[0]


def test_the_campaign_report_workbook_has_results_feedback_and_actions(
    client: Client, world: World, people: People
) -> None:
    campaign_id = _answered(world, people, anonymous=True)
    client.force_login(people.centre_manager)

    workbook = load_workbook(
        io.BytesIO(client.get(reverse("surveys:export-report", args=[campaign_id])).content)
    )

    assert workbook.sheetnames == ["Summary", "Results", "Feedback", "Actions"]
    # Two answers only: every result is suppressed, even in the export.
    assert {row[2] for row in workbook["Results"].iter_rows(min_row=2, values_only=True)} == {
        "suppressed"
    }


def test_an_answer_written_like_a_formula_is_exported_as_text(
    client: Client, world: World, people: People
) -> None:
    hostile = '=HYPERLINK("http://x","y")'
    campaign = open_campaign([world.client], anonymous=True)
    offer = sv.invitation_create(campaign=campaign, person=people.employee)
    sv.response_submit_by_token(token=offer.token, answers=user_answers(suggestions=hostile))
    client.force_login(people.centre_manager)

    csv_text = client.get(
        reverse("surveys:export-responses", args=[campaign.pk, "csv"])
    ).content.decode("utf-8-sig")
    books = [
        load_workbook(io.BytesIO(client.get(url).content))
        for url in (
            reverse("surveys:export-responses", args=[campaign.pk, "xlsx"]),
            reverse("surveys:export-report", args=[campaign.pk]),
        )
    ]

    assert next(csv.reader(io.StringIO(csv_text.splitlines()[1])))[-1] == "'" + hostile
    cells = [c for book in books for sheet in book for row in sheet.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert hostile in [c.value for c in cells]
