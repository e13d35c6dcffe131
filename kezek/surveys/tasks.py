"""Background jobs of the surveys app: invitations, reminders, overdue-action alerts."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from kezek.surveys.choices import CampaignKind, CampaignStatus
from kezek.surveys.models import Campaign
from kezek.surveys.services import actions_alert_overdue, campaign_invite, campaign_send_reminders


@task()
def send_invitations(*, campaign_id: int) -> int:
    """Invite a periodic campaign's audience by email."""
    return campaign_invite(campaign=Campaign.objects.get(pk=campaign_id))


@task()
def send_reminders() -> int:
    """Remind everyone who has not answered an open campaign yet (run daily)."""
    now = timezone.now()
    total = 0
    for campaign in Campaign.objects.filter(
        status=CampaignStatus.OPEN, kind=CampaignKind.PERIODIC, closes_at__gt=now
    ):
        total += campaign_send_reminders(campaign=campaign, now=now)
    return total


@task()
def alert_overdue_actions() -> int:
    """Email the owners of overdue programme actions (run daily)."""
    return actions_alert_overdue()
