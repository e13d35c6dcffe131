"""Campaign pages: the surveys home, a campaign, its commands, results and analysis."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kezek.accounts.selectors import client_companies_for, organisations_for
from kezek.core.http import AuthedRequest
from kezek.core.policy import can, get_or_404, require
from kezek.surveys import charts, reports, selectors
from kezek.surveys import services as sv
from kezek.surveys.choices import (
    FIVE_DIMENSIONS,
    Group,
    QuestionKind,
)
from kezek.surveys.forms import (
    CampaignForm,
)
from kezek.surveys.models import (
    Campaign,
    localized,
)
from kezek.surveys.tasks import send_invitations
from kezek.surveys.views.common import PAGE_SIZE, staff_campaign


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    page = Paginator(selectors.campaigns_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "surveys/home.html",
        {
            "page_obj": page,
            "invitations": selectors.open_invitations_for(request.user),
        },
    )


@login_required
def campaign_new(request: AuthedRequest) -> HttpResponse:
    require(request.user, "may_edit_surveys")
    form = CampaignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = sv.campaign_create(created_by=request.user, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("surveys:campaign-detail", campaign_id=campaign.pk)
    return render(request, "surveys/campaign_new.html", {"form": form})


@login_required
def campaign_detail(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    campaign = get_or_404(request.user, Campaign, pk=campaign_id)
    staff = can(request.user, "may_work_surveys")
    counted: Any = selectors.campaigns_for(request.user).get(pk=campaign.pk)
    return render(
        request,
        "surveys/campaign_detail.html",
        {
            "campaign": campaign,
            "rate": reports.response_rate(
                campaign, invited=counted.invited, answered=counted.answered
            ),
            "responses": selectors.responses_for(request.user, campaign).count() if staff else None,
            "report": selectors.report_for(request.user, campaign),
            # Before invitations go out: how many people the audience reaches.
            "audience": sv.audience_size(campaign) if staff else None,
            "services_used": _service_names(campaign, request.user),
        },
    )


def _service_names(campaign: Campaign, user: Any) -> list[str]:
    if not campaign.service_codes:
        return []
    names = {code: name for code, name in CampaignForm.service_choices(user)}
    return [names.get(code, code) for code in campaign.service_codes]


@require_POST
@login_required
def campaign_command(request: AuthedRequest, campaign_id: int, command: str) -> HttpResponse:
    campaign = get_or_404(request.user, Campaign, "change", pk=campaign_id)
    try:
        if command == "invite":
            # A large audience takes a while to email: the worker does it.
            send_invitations.enqueue(campaign_id=campaign.pk)
            messages.success(request, _("The invitations are being sent."))
        elif command == "remind":
            count = sv.campaign_send_reminders(campaign=campaign)
            messages.success(request, _("%(count)s reminders sent.") % {"count": count})
        elif command == "open":
            sv.campaign_open(campaign=campaign)
        elif command == "close":
            sv.campaign_close(campaign=campaign)
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("surveys:campaign-detail", campaign_id=campaign.pk)


def _results_context(request: AuthedRequest, campaign: Campaign) -> dict[str, Any]:
    language = get_language()
    questions = selectors.questions_of(campaign)
    cells = reports.load_tallies(selectors.tallies_for(request.user, campaign))
    tables = reports.tables(campaign, questions, cells)
    question_results = reports.question_results(campaign, questions, cells, tables)
    client_ids = sorted({c for t in tables for (c, _m) in t.cells})
    months = sorted({m for t in tables for (_c, m) in t.cells})
    clients = dict(
        organisations_for(request.user).filter(pk__in=client_ids).values_list("pk", "name")
    )
    grouped = {
        group: [
            {"r": r, "text": localized(r.question.text, language)}
            for r in question_results
            if r.question.group == group
        ]
        for group in (Group.EMOTION, Group.QUALITY, Group.DIMENSION, Group.STAFF, Group.LOYALTY)
    }
    dimension_tables = [t for t in tables if t.question.dimension in FIVE_DIMENSIONS]
    table_rows = [
        {
            "question": localized(t.question.text, language),
            "group": t.question.get_group_display(),
            "rows": [
                (name, [t.cells.get((c, m)) for m in months], t.by_client.get(c))
                for c, name in sorted(clients.items(), key=lambda item: item[1])
            ],
            "by_month": [t.by_month.get(m) for m in months],
        }
        for t in tables
    ]
    return {
        "campaign": campaign,
        "grouped": grouped,
        "group_labels": dict(Group.choices),
        "table_rows": table_rows,
        "months": months,
        "distribution_chart": charts.distribution(question_results, language),
        "csat_chart": charts.csat_by_month(dimension_tables, language),
        "question_results": question_results,
    }


@login_required
def campaign_results(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    """Dimension × client × month: staff see every client, a client's manager their own."""
    campaign = get_or_404(request.user, Campaign, pk=campaign_id)
    require(request.user, "may_view_results")
    return render(request, "surveys/results.html", _results_context(request, campaign))


@login_required
def campaign_analysis(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    campaign = staff_campaign(request, campaign_id)
    questions = selectors.questions_of(campaign)
    cells = reports.load_tallies(selectors.tallies_for(request.user, campaign))
    client_names = dict(client_companies_for(request.user).values_list("pk", "name"))
    month_names = {m: m.strftime("%Y-%m") for q in cells.values() for (_c, m) in q}
    staff_names = {u.pk: str(u) for u in selectors.ssc_staff()}
    standings = reports.staff_standing(campaign, staff_names)
    choice_questions = [
        q
        for q in questions
        if q.group in (Group.AWARENESS, Group.SCREENING)
        and q.kind in (QuestionKind.SINGLE, QuestionKind.YES_NO)
    ]
    return render(
        request,
        "surveys/analysis.html",
        {
            "campaign": campaign,
            "by_client": reports.compare(
                campaign, questions, cells, by="client", names=client_names
            ),
            "by_month": reports.compare(campaign, questions, cells, by="month", names=month_names),
            "services": reports.by_service(campaign, questions),
            "standings": standings,
            "staff_chart": charts.staff_chart(standings, campaign.csat_standard),
            "sla": reports.sla_split(campaign),
            "choices": [reports.choice_distribution(campaign, q) for q in choice_questions],
        },
    )
