"""API endpoints of the surveys app: questionnaires, campaigns, results, responses, triage.

Responses of an anonymous campaign never carry a respondent; results carry no
group smaller than the campaign's ``min_group_size``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from kezek.accounts.models import User
from kezek.core.api import Pages
from kezek.core.policy import get_or_404, require
from kezek.engine.sampling import DimensionSummary
from kezek.surveys import reports, selectors
from kezek.surveys import services as sv
from kezek.surveys.models import Campaign, Feedback, Response
from kezek.surveys.reports import Summary

router = Router(tags=["surveys"])


class VersionOut(Schema):
    id: int
    questionnaire: str
    audience: str
    number: int
    status: str
    title: dict[str, str]
    closing: dict[str, str]

    @staticmethod
    def resolve_questionnaire(obj: Any) -> str:
        return str(obj.questionnaire.key)

    @staticmethod
    def resolve_audience(obj: Any) -> str:
        return str(obj.questionnaire.audience)


class QuestionOut(Schema):
    id: int
    key: str
    section: str
    kind: str
    group: str
    dimension: str
    required: bool
    text: dict[str, str]
    scale_min: int | None
    scale_max: int | None
    scale_labels: dict[str, dict[str, str]]
    options: list[dict[str, Any]]
    scoring: str
    top_boxes: int
    condition: dict[str, Any]

    @staticmethod
    def resolve_section(obj: Any) -> str:
        return str(obj.section.key)


class VersionDetailOut(VersionOut):
    questions: list[QuestionOut]

    @staticmethod
    def resolve_questions(obj: Any) -> list[Any]:
        return list(
            obj.questions.select_related("section").order_by("section__position", "position")
        )


class CampaignOut(Schema):
    id: int
    name: str
    version_id: int
    kind: str
    status: str
    anonymous: bool
    opens_at: dt.datetime
    closes_at: dt.datetime
    roles: list[str]
    service_use: str
    service_codes: list[str]
    service_used_from: dt.datetime | None
    service_used_until: dt.datetime | None
    min_group_size: int
    invited: int
    answered: int


class SummaryOut(Schema):
    suppressed: bool
    answers: int | None = None
    mean: float | None = None
    mean_low: float | None = None
    mean_high: float | None = None
    csat: float | None = None
    csat_low: float | None = None
    csat_high: float | None = None
    counts: list[int] | None = None


class CellOut(Schema):
    question: str
    client_id: int
    month: dt.date
    summary: SummaryOut


class ResultsOut(Schema):
    questions: dict[str, SummaryOut]
    nps: dict[str, Any] | None
    cells: list[CellOut]


class ResponseOut(Schema):
    id: int
    client_id: int
    role: str
    source: str
    month: dt.date
    respondent: str | None
    submitted_at: dt.datetime | None
    answers: dict[str, Any]


class AnswerIn(Schema):
    token: str
    language: str = "en"
    answers: dict[str, Any]


class FeedbackOut(Schema):
    id: int
    client_id: int
    text: str
    status: str
    explanation: str

    @staticmethod
    def resolve_client_id(obj: Any) -> int:
        return int(obj.organisation_id)


class TriageIn(Schema):
    status: str
    explanation: str = ""


def _summary(summary: Summary | reports.Cell) -> dict[str, Any]:
    if isinstance(summary, reports.Cell):
        return {
            "suppressed": False,
            "answers": summary.answers,
            "mean": summary.mean,
            "csat": summary.top_box_fraction,
            "csat_low": summary.top_box_low,
            "csat_high": summary.top_box_high,
            "counts": list(summary.counts),
        }
    if not isinstance(summary, DimensionSummary):
        return {"suppressed": True}
    return {
        "suppressed": False,
        "answers": summary.answers,
        "mean": summary.mean,
        "mean_low": summary.mean_low,
        "mean_high": summary.mean_high,
        "csat": summary.top_box_fraction,
        "csat_low": summary.top_box_low,
        "csat_high": summary.top_box_high,
        "counts": list(summary.counts),
    }


def _user(request: HttpRequest) -> User:
    if not isinstance(request.user, User):
        raise Http404
    return request.user


def _staff_campaign(request: HttpRequest, campaign_id: int) -> Campaign:
    require(request.user, "may_work_surveys")
    return get_object_or_404(selectors.campaigns_for(request.user), pk=campaign_id)


@router.get("/questionnaires", response=list[VersionOut])
@paginate(Pages)
def version_list(request: HttpRequest) -> Any:
    return selectors.versions_for(request.user)


@router.get("/questionnaires/{version_id}", response=VersionDetailOut)
def version_detail(request: HttpRequest, version_id: int) -> Any:
    return get_object_or_404(selectors.versions_for(request.user), pk=version_id)


@router.get("/campaigns", response=list[CampaignOut])
@paginate(Pages)
def campaign_list(request: HttpRequest) -> Any:
    return selectors.campaigns_for(request.user)


@router.get("/campaigns/{campaign_id}", response=CampaignOut)
def campaign_detail(request: HttpRequest, campaign_id: int) -> Any:
    return get_object_or_404(selectors.campaigns_for(request.user), pk=campaign_id)


@router.get("/campaigns/{campaign_id}/results", response=ResultsOut)
def campaign_results(request: HttpRequest, campaign_id: int) -> Any:
    """Per question and per client × month; a client's manager gets their own company only."""
    campaign = get_object_or_404(selectors.campaigns_for(request.user), pk=campaign_id)
    require(request.user, "may_view_results")
    questions = selectors.questions_of(campaign)
    cells = reports.load_tallies(selectors.tallies_for(request.user, campaign))
    protected = reports.tables(campaign, questions, cells)
    overall = reports.question_results(campaign, questions, cells, protected)
    nps_result = next((r.nps for r in overall if r.nps is not None), None)
    return {
        "questions": {r.question.key: _summary(r.overall) for r in overall},
        "nps": None
        if nps_result is None
        else (
            {"suppressed": True}
            if not isinstance(nps_result, reports.NpsResult)
            else {
                "suppressed": False,
                "answers": nps_result.answers,
                "value": nps_result.value,
                "low": nps_result.low,
                "high": nps_result.high,
            }
        ),
        "cells": [
            {
                "question": t.question.key,
                "client_id": client,
                "month": month,
                "summary": _summary(s),
            }
            for t in protected
            for (client, month), s in sorted(
                t.cells.items(), key=lambda item: (item[0][0], item[0][1])
            )
        ],
    }


def _response_out(campaign: Campaign, response: Response, keys: dict[int, str]) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for answer in response.answers.all():
        if answer.value_json is not None:
            answers[keys[answer.question_id]] = answer.value_json
        elif answer.value_text:
            answers[keys[answer.question_id]] = answer.value_text
        else:
            answers[keys[answer.question_id]] = answer.value_int
    identified = not campaign.anonymous and response.respondent is not None
    return {
        "id": response.pk,
        "client_id": response.organisation_id,
        "role": response.role,
        "source": response.source,
        "month": response.month,
        "respondent": response.respondent.username if identified and response.respondent else None,
        "submitted_at": None if campaign.anonymous else response.submitted_at,
        "answers": answers,
    }


@router.get("/campaigns/{campaign_id}/responses", response=list[ResponseOut])
@paginate(Pages)
def response_list(request: HttpRequest, campaign_id: int) -> Any:
    campaign = _staff_campaign(request, campaign_id)
    keys = dict(campaign.version.questions.values_list("pk", "key"))
    responses = selectors.responses_for(request.user, campaign).prefetch_related("answers")
    return _LazyResponses(campaign, responses, keys)


class _LazyResponses:
    """Serialises only the page the paginator slices out."""

    def __init__(self, campaign: Campaign, responses: Any, keys: dict[int, str]) -> None:
        self.campaign, self.responses, self.keys = campaign, responses, keys

    def __len__(self) -> int:
        return int(self.responses.count())

    def count(self) -> int:
        return len(self)

    def __getitem__(self, index: slice) -> list[dict[str, Any]]:
        return [_response_out(self.campaign, r, self.keys) for r in self.responses[index]]


@router.post(
    "/answers", response={201: dict[str, str]}, auth=None, summary="Answer with a one-time link"
)
def answer_create(request: HttpRequest, payload: AnswerIn) -> Status[dict[str, str]]:
    """Answers keyed by question key or id; the link is spent once the answers are stored."""
    sv.response_submit_by_token(
        token=payload.token, answers=payload.answers, language=payload.language
    )
    return Status(201, {"status": "saved"})


@router.get("/campaigns/{campaign_id}/feedback", response=list[FeedbackOut])
@paginate(Pages)
def feedback_list(request: HttpRequest, campaign_id: int) -> Any:
    campaign = _staff_campaign(request, campaign_id)
    return selectors.feedback_for(request.user, campaign)


@router.post("/feedback/{feedback_id}/triage", response=FeedbackOut)
def feedback_triage(request: HttpRequest, feedback_id: int, payload: TriageIn) -> Any:
    feedback = get_or_404(request.user, Feedback, "change", pk=feedback_id)
    return sv.feedback_triage(
        feedback=feedback, status=payload.status, explanation=payload.explanation, by=_user(request)
    )
