"""Downloads: responses (CSV/XLSX, anonymity respected) and the campaign report (XLSX)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils.text import slugify

from kezek.core.http import AuthedRequest
from kezek.core.spreadsheets import csv_text, xlsx_bytes
from kezek.surveys import exports, reports, selectors
from kezek.surveys.views.common import staff_campaign

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def responses_export(request: AuthedRequest, campaign_id: int, fmt: str) -> HttpResponse:
    campaign = staff_campaign(request, campaign_id)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    questions = selectors.questions_of(campaign)
    rows = exports.response_rows(
        campaign, selectors.responses_for(request.user, campaign), questions
    )
    name = slugify(campaign.name) or "campaign"
    if fmt == "csv":
        # The byte-order mark makes Excel read the file as UTF-8.
        content = csv_text(rows).encode("utf-8-sig")
        return _download(content, "text/csv; charset=utf-8", f"{name}-responses.csv")
    return _download(xlsx_bytes({"responses": rows}), XLSX, f"{name}-responses.xlsx")


@login_required
def report_export(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    campaign = staff_campaign(request, campaign_id)
    questions = selectors.questions_of(campaign)
    cells = reports.load_tallies(selectors.tallies_for(request.user, campaign))
    counted: Any = selectors.campaigns_for(request.user).get(pk=campaign.pk)
    sheets = exports.report_sheets(
        campaign,
        reports.question_results(campaign, questions, cells),
        selectors.feedback_for(request.user, campaign),
        selectors.actions_for(request.user, campaign),
        reports.response_rate(campaign, invited=counted.invited, answered=counted.answered),
    )
    name = slugify(campaign.name) or "campaign"
    return _download(xlsx_bytes(sheets), XLSX, f"{name}-report.xlsx")
