"""Survey fixtures' building blocks: the shipped questionnaire, a campaign, answers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from kezek.accounts.models import Organisation, User
from kezek.surveys import services as sv
from kezek.surveys.models import Campaign, QuestionnaireVersion
from kezek.surveys.services.questionnaires import shipped_template

FIVE = ("responsiveness", "processing_speed", "politeness", "completeness", "simplicity")


def employee_version() -> QuestionnaireVersion:
    existing = QuestionnaireVersion.objects.filter(
        questionnaire__key="ssc-employee", status="published"
    ).first()
    return existing or sv.questionnaire_import(data=shipped_template("employee"))


def open_campaign(
    clients: Iterable[Organisation],
    *,
    anonymous: bool = True,
    kind: str = "periodic",
    roles: tuple[str, ...] = ("employee",),
    **extra: Any,
) -> Campaign:
    now = timezone.now()
    campaign = sv.campaign_create(
        name="Employee survey",
        version=employee_version(),
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=30),
        clients=list(clients),
        roles=list(roles),
        anonymous=anonymous,
        kind=kind,
        **extra,
    )
    return sv.campaign_open(campaign=campaign)


def user_answers(rating: int = 4, **overrides: Any) -> dict[str, Any]:
    """A complete answer set of a service user, keyed by question key."""
    answers: dict[str, Any] = {
        "uses_service": "yes",
        "emotion": rating,
        "emotional_image": rating,
        "meets_criteria": rating,
        "meets_expectations": rating,
        **dict.fromkeys(FIVE, rating),
        "requests": {"payslip": 3},
        "knows_services": "partly",
        "knows_sla": "no",
        "sla_experience": "within_sla_as_expected",
        "recommend": 9,
        "suggestions": "",
    }
    answers.update(overrides)
    return answers


def paper(campaign: Campaign, client: Organisation, by: User, answers: dict[str, Any]) -> None:
    sv.paper_response_enter(
        campaign=campaign, organisation=client, role="employee", answers=answers, entered_by=by
    )


def bulk_ratings(
    campaign: Campaign,
    client: Organisation,
    ratings_by_key: dict[str, list[int]],
    *,
    month: dt.date | None = None,
    agents: list[User] | None = None,
) -> list[int]:
    """Many responses at once, as a bulk paper import would store them; tallies rebuilt.

    Response ``i`` answers ``ratings_by_key[key][i]`` for every key given.
    """
    from kezek.surveys.models import Answer, Response, ResponseAgent

    count = len(next(iter(ratings_by_key.values())))
    month = month or timezone.localdate().replace(day=1)
    questions = {q.key: q for q in campaign.version.questions.all()}
    responses = Response.objects.bulk_create(
        Response(
            campaign=campaign,
            version=campaign.version,
            organisation=client,
            role="employee",
            submitted_at=timezone.now(),
            month=month,
            source="paper",
        )
        for _ in range(count)
    )
    Answer.objects.bulk_create(
        Answer(response=response, question=questions[key], value_int=values[index])
        for key, values in ratings_by_key.items()
        for index, response in enumerate(responses)
    )
    for agent in agents or []:
        ResponseAgent.objects.bulk_create(ResponseAgent(response=r, agent=agent) for r in responses)
    sv.tallies_rebuild(campaign=campaign)
    return [r.pk for r in responses]
