"""Campaigns: audiences, one-time links stored as hashes, reminders, response rate."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from kezek.conftest import World
from kezek.core.versions import VersionConflict, check_version
from kezek.surveys import services as sv
from kezek.surveys.models import Invitation
from kezek.surveys.results import response_rate
from kezek.surveys.tests.conftest import People
from kezek.surveys.tests.factories import open_campaign, user_answers

pytestmark = pytest.mark.django_db


def test_inviting_reaches_the_audience_only_and_stores_no_token(
    world: World, people: People
) -> None:
    campaign = open_campaign([world.client])

    count = sv.campaign_invite(campaign=campaign)

    invited = set(Invitation.objects.values_list("person_id", flat=True))
    assert count == 2
    assert invited == {
        people.employee.pk,
        people.colleague.pk,
    }  # not the manager, not other clients
    assert len(mail.outbox) == 2
    token = mail.outbox[0].body.split("/surveys/answer/")[1].split("/")[0]
    assert not Invitation.objects.filter(token_hash=token).exists()  # only the hash is kept
    assert Invitation.objects.filter(token_hash=Invitation.hash_token(token)).exists()
    assert sv.campaign_invite(campaign=campaign) == 0  # nobody twice


def test_a_reminder_sends_a_fresh_link_and_the_old_one_stops_working(
    world: World, people: People
) -> None:
    campaign = open_campaign([world.client])
    offer = sv.invitation_create(campaign=campaign, person=people.employee)

    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(days=8)):
        assert sv.campaign_send_reminders(campaign=campaign) == 1
        assert sv.campaign_send_reminders(campaign=campaign) == 0  # not again within 7 days
        with pytest.raises(ValidationError, match="not valid"):
            sv.response_submit_by_token(token=offer.token, answers=user_answers())
        fresh = mail.outbox[-1].body.split("/surveys/answer/")[1].split("/")[0]
        sv.response_submit_by_token(token=fresh, answers=user_answers())

    assert Invitation.objects.get().reminders_sent == 1


def test_a_campaign_needs_a_published_version_and_client_companies(
    world: World, people: People
) -> None:
    campaign = open_campaign([world.client])
    draft = sv.version_draft_create(questionnaire=campaign.version.questionnaire)
    now = dt.datetime.now(tz=dt.UTC)

    with pytest.raises(ValidationError, match="Only a published questionnaire"):
        sv.campaign_create(
            name="x",
            version=draft,
            opens_at=now,
            closes_at=now + dt.timedelta(days=1),
            clients=[world.client],
            roles=["employee"],
        )
    with pytest.raises(ValidationError, match="client companies"):
        sv.campaign_create(
            name="x",
            version=campaign.version,
            opens_at=now,
            closes_at=now + dt.timedelta(days=1),
            clients=[world.vendor],
            roles=["employee"],
        )


def test_response_rate_and_the_answers_needed_for_the_margin(world: World) -> None:
    campaign = open_campaign([world.client], target_margin=0.05)

    rate = response_rate(campaign, invited=10_000, answered=400)

    # Cochran with finite-population correction: 10,000 people at 95 % ±5 % need 370 (issue 7).
    assert rate["needed"] == 370
    assert rate["rate"] == pytest.approx(0.04)
    assert rate["enough"] is True


def test_closing_a_campaign_counts_a_version_so_an_admin_page_opened_before_is_refused(
    world: World,
) -> None:
    campaign = open_campaign([world.client])
    opened = campaign.row_version

    sv.campaign_close(campaign=campaign)

    campaign.refresh_from_db()
    assert (campaign.status, campaign.row_version) == ("closed", opened + 1)
    with pytest.raises(VersionConflict) as refused:
        check_version(campaign, expected=opened)
    assert [(c.label, c.stored, c.opened) for c in refused.value.changes] == [
        ("Status", "Closed", "Open")
    ]
