"""What the exports hold: the responses (anonymity respected) and the campaign report.

An anonymous campaign's export carries no respondent, no exact time (the month
only) and no language; identified campaigns add the respondent's username. The
rows are written as CSV or XLSX by ``kezek.core.spreadsheets``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from kezek.engine.sampling import DimensionSummary
from kezek.surveys.models import Answer, Campaign, Question, Response, localized
from kezek.surveys.reports import QuestionResult


def _answer_cell(question: Question, answer: Answer | None) -> Any:
    if answer is None:
        return ""
    if answer.value_json is not None:
        value = answer.value_json
        if isinstance(value, dict):
            return "; ".join(f"{k}={v}" for k, v in value.items())
        return "; ".join(str(v) for v in value)
    if answer.value_int is not None and not answer.value_text:
        return answer.value_int
    return answer.value_text


def response_rows(
    campaign: Campaign, responses: QuerySet[Response], questions: Sequence[Question]
) -> Iterator[list[Any]]:
    """Header, then one row per response."""
    header: list[Any] = [_("response"), _("client company"), _("role"), _("source")]
    if campaign.anonymous:
        header.append(_("month"))
    else:
        header += [_("respondent"), _("submitted"), _("language")]
    header += [q.key for q in questions]
    yield header
    for response in responses.prefetch_related("answers"):
        answers = {a.question_id: a for a in response.answers.all()}
        row: list[Any] = [response.pk, response.organisation.name, response.role, response.source]
        if campaign.anonymous:
            row.append(response.month.strftime("%Y-%m"))
        else:
            row += [
                response.respondent.username if response.respondent else "",
                response.submitted_at.isoformat(),
                response.language,
            ]
        row += [_answer_cell(q, answers.get(q.pk)) for q in questions]
        yield row


def report_sheets(
    campaign: Campaign,
    results: Sequence[QuestionResult],
    feedback: QuerySet[Any],
    actions: QuerySet[Any],
    rate: dict[str, Any],
) -> dict[str, list[list[Any]]]:
    """The campaign report: summary, results per question, triaged feedback, actions."""
    summary = [
        [_("campaign"), campaign.name],
        [_("invited"), rate["invited"]],
        [_("answered"), rate["answered"]],
        [_("response rate"), rate["rate"]],
        [_("answers needed for the margin"), rate["needed"]],
    ]
    scores: list[list[Any]] = [
        [
            _("question"),
            _("group"),
            _("answers"),
            _("mean"),
            _("CSAT"),
            _("CSAT low"),
            _("CSAT high"),
        ]
    ]
    for r in results:
        s = r.overall
        if isinstance(s, DimensionSummary):
            scores.append(
                [
                    localized(r.question.text),
                    r.question.group,
                    s.answers,
                    round(s.mean, 3),
                    round(s.top_box_fraction, 4),
                    round(s.top_box_low, 4),
                    round(s.top_box_high, 4),
                ]
            )
        else:
            scores.append(
                [localized(r.question.text), r.question.group, _("suppressed"), "", "", "", ""]
            )
    comments = [[_("client company"), _("comment"), _("status"), _("explanation"), _("theme")]]
    comments += [
        [
            f.organisation.name,
            f.text,
            f.get_status_display(),
            f.explanation,
            f.theme.name if f.theme else "",
        ]
        for f in feedback
    ]
    programme = [[_("action"), _("owner"), _("due"), _("status"), _("percent complete")]]
    programme += [
        [a.title, str(a.owner), a.due_on.isoformat(), a.get_status_display(), a.percent_complete]
        for a in actions
    ]
    return {
        str(_("Summary")): summary,
        str(_("Results")): scores,
        str(_("Feedback")): comments,
        str(_("Actions")): programme,
    }
