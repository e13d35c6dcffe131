"""The feedback programme: triage, clarifications, actions, the participants' report, alerts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kezek.accounts.models import User
from kezek.core.mail import Mail, mail_enqueue
from kezek.core.versions import claim_version
from kezek.surveys.choices import OPEN_ACTION_STATUSES, ActionStatus, TriageStatus
from kezek.surveys.models import (
    Action,
    Campaign,
    Clarification,
    Feedback,
    ParticipantReport,
    Theme,
)
from kezek.surveys.services.campaigns import absolute_url


def _check_triage(status: str, explanation: str) -> None:
    if status not in TriageStatus.values:
        raise ValidationError({"status": _("Choose a triage status.")})
    if status == TriageStatus.NOT_ACCEPTED and not explanation.strip():
        # A refusal is explained to the people who gave the feedback (MISSION.md §2).
        raise ValidationError(
            {"explanation": _("Explain to the participants why this is not accepted.")}
        )


@transaction.atomic
def feedback_triage(
    *,
    feedback: Feedback,
    status: str,
    by: User,
    explanation: str = "",
    theme: Theme | None = None,
    opened_version: int | None = None,
) -> Feedback:
    """Give a piece of feedback its status: accepted, needs clarification, not accepted, positive.

    ``opened_version`` is the row version the triage form was opened at: a triage from a
    form opened before someone else's is refused (``VersionConflict``).
    """
    claim_version(feedback, expected=opened_version)
    _check_triage(status, explanation)
    if theme is not None and theme.campaign_id != feedback.campaign_id:
        raise ValidationError({"theme": _("The theme belongs to another campaign.")})
    feedback.status = status
    feedback.explanation = explanation.strip()
    feedback.theme = theme
    feedback.triaged_by = by
    feedback.triaged_at = timezone.now()
    feedback.full_clean()
    feedback.save()
    return feedback


@transaction.atomic
def theme_create(*, campaign: Campaign, name: str) -> Theme:
    theme = Theme(campaign=campaign, name=name.strip())
    theme.full_clean()
    theme.save()
    return theme


@transaction.atomic
def theme_triage(*, theme: Theme, status: str, explanation: str = "", by: User) -> Theme:
    """Triage a theme; its untriaged feedback takes the same status."""
    _check_triage(status, explanation)
    theme.status = status
    theme.explanation = explanation.strip()
    theme.full_clean()
    theme.save()
    for feedback in theme.feedback.filter(status=TriageStatus.NEW):
        feedback_triage(
            feedback=feedback, status=status, by=by, explanation=explanation, theme=theme
        )
    return theme


@transaction.atomic
def clarification_add(*, feedback: Feedback, author: User, text: str) -> Clarification:
    """Log one step of the clarifying conversation; the feedback is marked as needing it."""
    note = Clarification(feedback=feedback, author=author, text=text.strip())
    note.full_clean()
    note.save()
    if feedback.status == TriageStatus.NEW:
        feedback_triage(feedback=feedback, status=TriageStatus.NEEDS_CLARIFICATION, by=author)
    return note


def _check_progress(status: str, percent_complete: int) -> int:
    if not 0 <= percent_complete <= 100:
        raise ValidationError({"percent_complete": _("Percent complete is from 0 to 100.")})
    if status == ActionStatus.COMPLETE:
        return 100
    if percent_complete == 100 and status in OPEN_ACTION_STATUSES:
        raise ValidationError(
            {"status": _("An action that is 100 percent done is complete: set its status.")}
        )
    return percent_complete


@transaction.atomic
def action_create(
    *,
    campaign: Campaign,
    title: str,
    owner: User,
    due_on: dt.date,
    description: str = "",
    feedback: Iterable[Feedback] = (),
    theme: Theme | None = None,
) -> Action:
    """Turn accepted feedback into an action with an owner and a due date."""
    feedback = list(feedback)
    if any(item.campaign_id != campaign.pk for item in feedback):
        raise ValidationError({"feedback": _("The feedback belongs to another campaign.")})
    if any(item.status != TriageStatus.ACCEPTED for item in feedback):
        raise ValidationError({"feedback": _("Only accepted feedback becomes an action.")})
    if owner.organisation is None or owner.organisation.kind != "owner":
        raise ValidationError({"owner": _("The owner must work for the service centre.")})
    action = Action(
        campaign=campaign,
        title=title.strip(),
        description=description.strip(),
        owner=owner,
        due_on=due_on,
        theme=theme,
    )
    action.full_clean()
    action.save()
    action.feedback.set(feedback)
    return action


@transaction.atomic
def action_update(
    *,
    action: Action,
    status: str | None = None,
    percent_complete: int | None = None,
    due_on: dt.date | None = None,
    owner: User | None = None,
    opened_version: int | None = None,
) -> Action:
    """Record progress on an action; a complete action is at 100%.

    ``opened_version`` is the row version the progress form was opened at: an update from a
    form opened before someone else's is refused (``VersionConflict``).
    """
    claim_version(action, expected=opened_version)
    status = status or action.status
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Choose an action status.")})
    percent = action.percent_complete if percent_complete is None else percent_complete
    action.percent_complete = _check_progress(status, percent)
    action.status = status
    if due_on is not None and due_on != action.due_on:
        action.due_on = due_on
        action.overdue_alerted_on = None  # a new date earns a new alert when missed
    if owner is not None:
        action.owner = owner
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def report_publish(
    *,
    campaign: Campaign,
    by: User,
    summary: str = "",
    email: bool = True,
    opened_version: int | None = None,
) -> ParticipantReport:
    """Publish "what you told us, what we do" in the portal and email it to everyone invited.

    ``opened_version`` is the row version of the report when the page was opened (0: none
    was published yet): publishing from a page opened before someone else's publication is
    refused (``VersionConflict``), and nothing is emailed.
    """
    report, created = ParticipantReport.objects.get_or_create(campaign=campaign)
    if not created:
        claim_version(report, expected=opened_version)
    report.summary = summary.strip() or report.summary
    report.published_at = timezone.now()
    report.published_by = by
    if email:
        report.emailed = _email_report(campaign)
    report.full_clean()
    report.save()
    return report


def _email_report(campaign: Campaign) -> int:
    recipients = sorted(
        set(campaign.invitations.exclude(person__email="").values_list("person__email", flat=True))
    )
    if not recipients:
        return 0
    subject = _("What you told us, what we do: %(campaign)s") % {"campaign": campaign.name}
    url = absolute_url(reverse("surveys:report", args=[campaign.pk]))
    body = _(
        "The results of the survey and the programme of changes are published here: %(url)s"
    ) % {"url": url}
    # One message per person: participants never see each other's addresses.
    mail_enqueue([Mail(subject=str(subject), body=str(body), to=address) for address in recipients])
    return len(recipients)


@transaction.atomic
def actions_alert_overdue(*, today: dt.date | None = None) -> int:
    """Email the owner of every open action past its due date, once per due date."""
    today = today or timezone.localdate()
    overdue = (
        Action.objects.select_for_update(of=("self",))
        .filter(status__in=OPEN_ACTION_STATUSES, due_on__lt=today, overdue_alerted_on__isnull=True)
        .select_related("owner", "campaign")
    )
    count = 0
    for action in overdue:
        if action.owner.email:
            send_mail(
                _("Overdue action: %(title)s") % {"title": action.title},
                _(
                    "The action “%(title)s” of %(campaign)s was due on %(due)s and is %(percent)s%% complete."
                )
                % {
                    "title": action.title,
                    "campaign": action.campaign.name,
                    "due": action.due_on.isoformat(),
                    "percent": action.percent_complete,
                },
                None,
                [action.owner.email],
            )
        action.overdue_alerted_on = today
        action.save(update_fields=["overdue_alerted_on"])
        count += 1
    return count
