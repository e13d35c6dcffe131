"""Pages of the surveys app: thin views over selectors, services and the results module."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kezek.accounts.models import Organisation, User
from kezek.accounts.selectors import client_companies_for
from kezek.core.http import AuthedRequest
from kezek.core.policy import actor_of, get_or_404
from kezek.core.versions import VersionConflict
from kezek.surveys import charts, results, selectors
from kezek.surveys import services as sv
from kezek.surveys.choices import (
    FIVE_DIMENSIONS,
    LANGUAGES,
    SCREENING_KEY,
    SCREENING_USER_ANSWER,
    Group,
    QuestionKind,
)
from kezek.surveys.forms import (
    CampaignForm,
    PaperForm,
    QuestionForm,
    answers_from_post,
)
from kezek.surveys.models import (
    Campaign,
    Invitation,
    QuestionnaireVersion,
    localized,
)
from kezek.surveys.rules import is_editor, is_results_staff
from kezek.surveys.tasks import send_invitations

PAGE_SIZE = 25


def _language(request: HttpRequest) -> str:
    wanted = request.GET.get("lang", "")
    return wanted if wanted in LANGUAGES else (get_language() or "en")


def _staff_campaign(request: AuthedRequest, campaign_id: int) -> Campaign:
    # Absent, not yours and not staff all answer 404: ids reveal nothing.
    if not is_results_staff(actor_of(request.user)):
        raise Http404
    return get_or_404(request.user, Campaign, pk=campaign_id)


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    actor = actor_of(request.user)
    page = Paginator(selectors.campaigns_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "surveys/home.html",
        {
            "page_obj": page,
            "invitations": selectors.open_invitations_for(request.user),
            "is_staff": is_results_staff(actor),
            "is_editor": is_editor(actor),
            "sees_results": is_results_staff(actor) or (actor.is_client and actor.has("manager")),
        },
    )


@login_required
def version_list(request: AuthedRequest) -> HttpResponse:
    if not is_results_staff(actor_of(request.user)):
        raise Http404
    page = Paginator(selectors.versions_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "surveys/version_list.html",
        {"page_obj": page, "is_editor": is_editor(actor_of(request.user))},
    )


def _form_sections(
    version: QuestionnaireVersion,
    language: str,
    staff: Any = None,
    known: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    """The questionnaire as the form shows it; questions in ``known`` are answered already
    (from records) and are carried as hidden answers, not asked."""
    known = known or {}
    sections = []
    for section in version.sections.prefetch_related("questions"):
        questions = []
        for q in section.questions.all():
            questions.append(
                {
                    "q": q,
                    "name": f"q-{q.pk}",
                    "text": localized(q.text, language),
                    "help": localized(q.help, language),
                    "points": q.points(language),
                    "options": [
                        (o["value"], localized(o.get("label"), language)) for o in q.options
                    ],
                    "staff": staff if q.kind == QuestionKind.AGENTS else None,
                    "condition": q.condition,
                    "known": known.get(q.key),
                }
            )
        sections.append(
            {
                "s": section,
                "title": localized(section.title, language),
                "help": localized(section.help, language),
                "questions": questions,
                "condition": section.condition,
            }
        )
    return sections


@login_required
def version_detail(request: AuthedRequest, version_id: int) -> HttpResponse:
    version = get_or_404(request.user, QuestionnaireVersion, pk=version_id)
    return _version_page(request, version)


def _version_page(
    request: AuthedRequest,
    version: QuestionnaireVersion,
    edited: QuestionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The version's questions; an editor of a draft gets each one's edit form.

    ``edited`` is a refused edit, shown open with the person's input at its question.
    """
    language = _language(request)
    editor = is_editor(actor_of(request.user)) and not version.is_published
    sections = _form_sections(version, language)
    for item in (item for section in sections for item in section["questions"]):
        if edited is not None and edited.question.pk == item["q"].pk:
            item["form"] = edited
        elif editor:
            item["form"] = QuestionForm(question=item["q"])
    return render(
        request,
        "surveys/version_detail.html",
        {
            "version": version,
            "title": localized(version.title, language),
            "closing": localized(version.closing, language),
            "sections": sections,
            "language": language,
            "languages": LANGUAGES,
            "is_editor": is_editor(actor_of(request.user)),
        },
        status=status,
    )


@require_POST
@login_required
def version_new(request: AuthedRequest, version_id: int) -> HttpResponse:
    version = get_or_404(request.user, QuestionnaireVersion, "change", pk=version_id)
    draft = sv.version_draft_create(questionnaire=version.questionnaire, by=request.user)
    messages.success(
        request,
        _("Draft version %(number)s created: edit it, then publish.") % {"number": draft.number},
    )
    return redirect("surveys:version-detail", version_id=draft.pk)


@require_POST
@login_required
def version_publish(request: AuthedRequest, version_id: int) -> HttpResponse:
    version = get_or_404(request.user, QuestionnaireVersion, "change", pk=version_id)
    try:
        sv.version_publish(version=version, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("surveys:version-detail", version_id=version.pk)


@require_POST
@login_required
def question_edit(request: AuthedRequest, version_id: int, question_id: int) -> HttpResponse:
    version = get_or_404(request.user, QuestionnaireVersion, "change", pk=version_id)
    question = version.questions.filter(pk=question_id).first()
    if question is None:
        raise Http404
    form = QuestionForm(request.POST, question=question)
    if not form.is_valid():
        return _version_page(request, version, edited=form, status=422)
    try:
        sv.question_update(
            question=question,
            opened_version=form.opened_version,
            text=form.texts(),
            required=form.cleaned_data["required"],
        )
    except VersionConflict as conflict:
        form.add_error(None, conflict)
        return _version_page(request, version, edited=form, status=422)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Question saved."))
    return redirect("surveys:version-detail", version_id=version.pk)


@login_required
def campaign_new(request: AuthedRequest) -> HttpResponse:
    if not is_editor(actor_of(request.user)):
        raise Http404
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
    actor = actor_of(request.user)
    counted: Any = selectors.campaigns_for(request.user).get(pk=campaign.pk)
    return render(
        request,
        "surveys/campaign_detail.html",
        {
            "campaign": campaign,
            "rate": results.response_rate(
                campaign, invited=counted.invited, answered=counted.answered
            ),
            "responses": campaign.responses.count() if is_results_staff(actor) else None,
            "is_staff": is_results_staff(actor),
            "is_editor": is_editor(actor),
            "sees_results": is_results_staff(actor) or (actor.is_client and actor.has("manager")),
            "report": selectors.report_for(request.user, campaign),
            # Before invitations go out: how many people the audience reaches.
            "audience": sv.audience_size(campaign) if is_results_staff(actor) else None,
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


def _answer_page(request: HttpRequest, invitation: Invitation, submit: Any) -> HttpResponse:
    language = _language(request)
    version = invitation.campaign.version
    errors: dict[str, list[str]] = {}
    general: list[str] = []
    if request.method == "POST":
        try:
            submit(answers_from_post(request.POST), language)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                errors = exc.message_dict
            else:
                general = exc.messages
        else:
            return render(
                request, "surveys/thanks.html", {"closing": localized(version.closing, language)}
            )
    return render(
        request,
        "surveys/answer.html",
        {
            "campaign": invitation.campaign,
            "title": localized(version.title, language),
            "intro": localized(version.intro, language),
            "closing": localized(version.closing, language),
            "sections": _form_sections(
                version,
                language,
                staff=selectors.ssc_staff(),
                known={SCREENING_KEY: SCREENING_USER_ANSWER}
                if invitation.service_use_known
                else None,
            ),
            "errors": errors,
            "general_errors": general,
            "posted": request.POST,
            "language": language,
            "languages": LANGUAGES,
        },
        status=422 if errors or general else 200,
    )


def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The one-time link: no login needed, but a logged-in person may use only their own."""
    try:
        invitation = sv.invitation_by_token(token)
    except ValidationError as exc:
        return render(
            request, "surveys/unavailable.html", {"message": " ".join(exc.messages)}, status=410
        )
    if request.user.is_authenticated and request.user.pk != invitation.person_id:
        raise Http404

    def submit(answers: dict[str, Any], language: str) -> None:
        user = request.user if isinstance(request.user, User) else None
        sv.response_submit_by_token(token=token, answers=answers, language=language, user=user)

    return _answer_page(request, invitation, submit)


@login_required
def invitation_answer(request: AuthedRequest, invitation_id: int) -> HttpResponse:
    """Answering one's own invitation from the portal, logged in."""
    invitation = get_or_404(
        request.user, Invitation, "change", pk=invitation_id, person_id=request.user.pk
    )
    if invitation.used_at is not None:
        return render(
            request,
            "surveys/unavailable.html",
            {"message": _("You have already answered this survey.")},
            status=410,
        )

    def submit(answers: dict[str, Any], language: str) -> None:
        sv.response_submit(invitation=invitation, answers=answers, language=language)

    return _answer_page(request, invitation, submit)


def _results_context(request: AuthedRequest, campaign: Campaign) -> dict[str, Any]:
    language = get_language()
    questions = selectors.questions_of(campaign)
    cells = results.load_tallies(selectors.tallies_for(request.user, campaign))
    tables = results.tables(campaign, questions, cells)
    question_results = results.question_results(campaign, questions, cells, tables)
    client_ids = sorted({c for t in tables for (c, _m) in t.cells})
    months = sorted({m for t in tables for (_c, m) in t.cells})
    clients = dict(Organisation.objects.filter(pk__in=client_ids).values_list("pk", "name"))
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
    actor = actor_of(request.user)
    if not (is_results_staff(actor) or (actor.is_client and actor.has("manager"))):
        raise Http404
    return render(request, "surveys/results.html", _results_context(request, campaign))


@login_required
def campaign_analysis(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    campaign = _staff_campaign(request, campaign_id)
    questions = selectors.questions_of(campaign)
    cells = results.load_tallies(selectors.tallies_for(request.user, campaign))
    client_names = dict(Organisation.objects.filter(kind="client").values_list("pk", "name"))
    month_names = {m: m.strftime("%Y-%m") for q in cells.values() for (_c, m) in q}
    staff_names = {u.pk: str(u) for u in selectors.ssc_staff()}
    standings = results.staff_standing(campaign, staff_names)
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
            "by_client": results.compare(
                campaign, questions, cells, by="client", names=client_names
            ),
            "by_month": results.compare(campaign, questions, cells, by="month", names=month_names),
            "services": results.by_service(campaign, questions),
            "standings": standings,
            "staff_chart": charts.staff_chart(standings, campaign.csat_standard),
            "sla": results.sla_split(campaign),
            "choices": [results.choice_distribution(campaign, q) for q in choice_questions],
        },
    )


@login_required
def paper_entry(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    campaign = _staff_campaign(request, campaign_id)
    language = _language(request)
    clients = client_companies_for(request.user).filter(pk__in=campaign.clients.values("pk"))
    form = PaperForm(request.POST or None, clients=clients)
    errors: dict[str, list[str]] = {}
    if request.method == "POST" and form.is_valid():
        try:
            sv.paper_response_enter(
                campaign=campaign,
                answers=answers_from_post(request.POST),
                entered_by=request.user,
                language=language,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        else:
            messages.success(request, _("Paper answers saved."))
            return redirect("surveys:paper", campaign_id=campaign.pk)
    return render(
        request,
        "surveys/paper.html",
        {
            "campaign": campaign,
            "form": form,
            "sections": _form_sections(campaign.version, language, staff=selectors.ssc_staff()),
            "errors": errors,
            "posted": request.POST,
        },
        status=422 if errors else 200,
    )
