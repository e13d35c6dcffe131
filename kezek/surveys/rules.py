"""Access rules of the surveys app (registered with kezek.core.policy).

Who sees what (issue 7): the centre manager, quality analysts and administrators
see results and triage; managers of a client company see aggregate results of
their own company only (tallies, suppressed under the campaign's smallest
group); employees reach only their own invitations and identified responses;
vendor staff see nothing. Row-level responses of other people never reach a
client, and an anonymous response carries no respondent to show.

The capabilities: ``may_work_surveys`` (results staff: every result, triage, paper entry,
exports, the questionnaires), ``may_edit_surveys`` (edit questionnaires, run campaigns) and
``may_view_results`` (results staff and a client's managers, who see their own company's).
"""

from __future__ import annotations

from django.db.models import Q

from kezek.core.policy import EVERYTHING, Actor, capability, register
from kezek.surveys.choices import VersionStatus
from kezek.surveys.models import (
    Action,
    Answer,
    Campaign,
    Clarification,
    Feedback,
    Invitation,
    ParticipantReport,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    RatingTally,
    Response,
    ResponseAgent,
    Section,
    Theme,
)

RESULT_ROLES = ("centre_manager", "quality_analyst")
EDITOR_ROLES = ("centre_manager",)


@capability("may_work_surveys")
def is_results_staff(actor: Actor) -> bool:
    """Owner staff who see every result and triage feedback."""
    return actor.is_admin or (actor.is_owner_staff and actor.has(*RESULT_ROLES))


@capability("may_view_results")
def sees_results(actor: Actor) -> bool:
    """Results staff, and a client's managers (aggregates of their own company)."""
    return is_results_staff(actor) or (actor.is_client and actor.has("manager"))


@capability("may_edit_surveys")
def is_editor(actor: Actor) -> bool:
    """Owner staff who edit questionnaires and run campaigns."""
    return actor.is_admin or (actor.is_owner_staff and actor.has(*EDITOR_ROLES))


def _staff_only(actor: Actor, action: str) -> Q | None:
    return EVERYTHING if is_results_staff(actor) else None


def _editors(actor: Actor, action: str, *, published: Q) -> Q | None:
    if action == "view":
        if is_results_staff(actor):
            return EVERYTHING
        return published if actor.is_client else None
    return EVERYTHING if is_editor(actor) else None


@register(Questionnaire)
def questionnaire_rule(actor: Actor, action: str) -> Q | None:
    if action == "view":
        return EVERYTHING if is_results_staff(actor) else None
    return EVERYTHING if is_editor(actor) else None


@register(QuestionnaireVersion)
def version_rule(actor: Actor, action: str) -> Q | None:
    return _editors(actor, action, published=Q(status=VersionStatus.PUBLISHED))


@register(Section)
def section_rule(actor: Actor, action: str) -> Q | None:
    return _editors(actor, action, published=Q(version__status=VersionStatus.PUBLISHED))


@register(Question)
def question_rule(actor: Actor, action: str) -> Q | None:
    return _editors(actor, action, published=Q(version__status=VersionStatus.PUBLISHED))


@register(Campaign)
def campaign_rule(actor: Actor, action: str) -> Q | None:
    if not actor.is_authenticated:
        return None
    if action != "view":
        return EVERYTHING if is_editor(actor) else None
    if is_results_staff(actor):
        return EVERYTHING
    if actor.is_client and actor.has("manager"):
        return Q(clients__id=actor.organisation_id)
    if actor.is_client:
        invited = Invitation.objects.filter(person_id=actor.user_id).values("campaign_id")
        return Q(pk__in=invited)
    return None


@register(Invitation)
def invitation_rule(actor: Actor, action: str) -> Q | None:
    if not actor.is_authenticated:
        return None
    if is_editor(actor) or (action == "view" and is_results_staff(actor)):
        return EVERYTHING
    if actor.is_client and action in ("view", "change"):
        return Q(person_id=actor.user_id)  # employees answer only their own invitations
    return None


@register(Response)
def response_rule(actor: Actor, action: str) -> Q | None:
    if not actor.is_authenticated:
        return None
    if is_results_staff(actor):
        return EVERYTHING
    if action == "view" and actor.is_client:
        return Q(respondent_id=actor.user_id)  # identified campaigns only: anonymous have none
    return None


@register(Answer)
def answer_rule(actor: Actor, action: str) -> Q | None:
    if not actor.is_authenticated:
        return None
    if is_results_staff(actor):
        return EVERYTHING
    if action == "view" and actor.is_client:
        return Q(response__respondent_id=actor.user_id)
    return None


@register(ResponseAgent)
def response_agent_rule(actor: Actor, action: str) -> Q | None:
    return _staff_only(actor, action)


def aggregate_q(actor: Actor, *, prefix: str = "") -> Q | None:
    """Rows counted into aggregate figures for the actor, by the company they belong to:
    every company's for results staff, their own company's for a client's manager, none for
    anyone else. Tallies and a campaign's invited and answered counts are both scoped so."""
    if not sees_results(actor):
        return None
    if is_results_staff(actor):
        return EVERYTHING
    return Q(**{f"{prefix}organisation_id": actor.organisation_id})


@register(RatingTally)
def tally_rule(actor: Actor, action: str) -> Q | None:
    return aggregate_q(actor) if action == "view" else None


@register(Feedback)
def feedback_rule(actor: Actor, action: str) -> Q | None:
    return _staff_only(actor, action)


@register(Theme)
def theme_rule(actor: Actor, action: str) -> Q | None:
    return _staff_only(actor, action)


@register(Clarification)
def clarification_rule(actor: Actor, action: str) -> Q | None:
    return _staff_only(actor, action)


@register(Action)
def action_rule(actor: Actor, action: str) -> Q | None:
    if not actor.is_authenticated:
        return None
    if is_results_staff(actor):
        return EVERYTHING
    if action == "view" and actor.is_client:
        # Participants follow the programme once its report is published to them.
        return Q(
            campaign__report__published_at__isnull=False,
            campaign__clients__id=actor.organisation_id,
        )
    return None


@register(ParticipantReport)
def report_rule(actor: Actor, action: str) -> Q | None:
    if not actor.is_authenticated:
        return None
    if is_results_staff(actor):
        return EVERYTHING
    if action == "view" and actor.is_client:
        return Q(published_at__isnull=False, campaign__clients__id=actor.organisation_id)
    return None
