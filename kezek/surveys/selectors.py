"""Reads of the surveys app, always scoped by the access policy."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from kezek.accounts.models import User
from kezek.core.policy import Action as PolicyAction
from kezek.core.policy import actor_of, rows
from kezek.surveys.choices import CampaignStatus, TriageStatus
from kezek.surveys.models import (
    Action,
    Campaign,
    Feedback,
    Invitation,
    ParticipantReport,
    Question,
    QuestionnaireVersion,
    RatingTally,
    Response,
    Theme,
)
from kezek.surveys.rules import aggregate_q, is_results_staff
from kezek.surveys.services.responses import STAFF_ROLES


def versions_for(user: Any, *, action: PolicyAction = "view") -> QuerySet[QuestionnaireVersion]:
    return (
        rows(user, QuestionnaireVersion, action)
        .select_related("questionnaire")
        .annotate(question_count=Count("questions"))
        .order_by("questionnaire__key", "-number")
    )


def campaigns_for(user: Any, *, action: PolicyAction = "view") -> QuerySet[Campaign]:
    """Campaigns with their ``invited`` and ``answered`` counts, as far as the user may see
    them: pages, exports and the API all read the counts here."""
    counted = _counted_invitations(user)
    return (
        rows(user, Campaign, action)
        .select_related("version__questionnaire")
        .annotate(
            invited=Count("invitations", filter=counted, distinct=True),
            answered=Count(
                "invitations",
                filter=counted & Q(invitations__used_at__isnull=False),
                distinct=True,
            ),
        )
        .order_by("-opens_at", "pk")
    )


def _counted_invitations(user: Any) -> Q:
    """The invitations a campaign's counts add up for ``user``: those of the companies whose
    aggregates they see, else only the invitations they may see (an employee's own)."""
    companies = aggregate_q(actor_of(user), prefix="invitations__")
    if companies is not None:
        return companies
    return Q(invitations__in=rows(user, Invitation).values("pk"))


def open_invitations_for(user: Any) -> QuerySet[Invitation]:
    """The person's own invitations they can still answer."""
    now = timezone.now()
    return (
        rows(user, Invitation, "view")
        .filter(
            person_id=user.pk,
            used_at__isnull=True,
            expires_at__gt=now,
            campaign__status=CampaignStatus.OPEN,
            campaign__closes_at__gt=now,
        )
        .select_related("campaign__version")
        .order_by("expires_at")
    )


def tallies_for(user: Any, campaign: Campaign) -> QuerySet[RatingTally]:
    return rows(user, RatingTally, "view").filter(campaign=campaign)


def responses_for(user: Any, campaign: Campaign) -> QuerySet[Response]:
    return (
        rows(user, Response, "view")
        .filter(campaign=campaign)
        .select_related("organisation", "respondent", "entered_by")
        .order_by("-submitted_at", "-pk")
    )


def feedback_for(user: Any, campaign: Campaign, *, status: str = "") -> QuerySet[Feedback]:
    feedback = (
        rows(user, Feedback, "view")
        .filter(campaign=campaign)
        .select_related("organisation", "theme", "triaged_by")
        .prefetch_related("clarifications__author")
        .order_by("-created_at", "-pk")
    )
    return feedback.filter(status=status) if status else feedback


def themes_for(user: Any, campaign: Campaign) -> QuerySet[Theme]:
    return rows(user, Theme, "view").filter(campaign=campaign).order_by("name")


def actions_for(user: Any, campaign: Campaign | None = None) -> QuerySet[Action]:
    actions = rows(user, Action, "view").select_related("owner", "campaign", "theme")
    if campaign is not None:
        actions = actions.filter(campaign=campaign)
    return actions.order_by("due_on", "pk")


def report_for(user: Any, campaign: Campaign) -> ParticipantReport | None:
    return rows(user, ParticipantReport, "view").filter(campaign=campaign).first()


def report_feedback_for(user: Any, campaign: Campaign) -> QuerySet[Feedback]:
    """The triaged feedback the participants' report lists.

    The centre's results staff read every company's; a participant reads the comments of
    their own company only, since another company's are other people's answers.
    """
    triaged = (
        Feedback.objects.filter(campaign=campaign)
        .exclude(status=TriageStatus.NEW)
        .select_related("theme")
    )
    actor = actor_of(user)
    if is_results_staff(actor):
        return triaged
    return triaged.filter(organisation_id=actor.organisation_id or 0)


def questions_of(campaign: Campaign) -> list[Question]:
    return list(
        campaign.version.questions.select_related("section").order_by(
            "section__position", "position"
        )
    )


def ssc_staff() -> QuerySet[User]:
    """The staff a respondent can name: SSC agents, team leaders and supervisors.

    Shown to respondents on purpose (the questionnaire asks who served them),
    names only; this is not a general people list.
    """
    return (
        User.objects.filter(
            is_active=True, organisation__kind="owner", memberships__role__in=STAFF_ROLES
        )
        .distinct()
        .only("pk", "first_name", "last_name", "username")
        .order_by("last_name", "first_name")
    )


def owner_staff(user: Any) -> QuerySet[User]:
    """People ``user`` may make owner of an action: anyone of the service centre they see."""
    return (
        rows(user, User)
        .filter(is_active=True, organisation__kind="owner")
        .order_by("last_name", "first_name")
    )
