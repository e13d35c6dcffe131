"""Answering: by one-time link, by invitation after login, and paper answers entered by staff."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kezek.accounts.models import User
from kezek.accounts.selectors import client_companies_for
from kezek.core.http import AuthedRequest
from kezek.core.policy import get_or_404
from kezek.surveys import selectors
from kezek.surveys import services as sv
from kezek.surveys.choices import (
    LANGUAGES,
    SCREENING_KEY,
    SCREENING_USER_ANSWER,
)
from kezek.surveys.forms import (
    PaperForm,
    answers_from_post,
)
from kezek.surveys.models import (
    Invitation,
    localized,
)
from kezek.surveys.views.common import form_sections, language_of, staff_campaign


def _answer_page(request: HttpRequest, invitation: Invitation, submit: Any) -> HttpResponse:
    language = language_of(request)
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
            "sections": form_sections(
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


@login_required
def paper_entry(request: AuthedRequest, campaign_id: int) -> HttpResponse:
    campaign = staff_campaign(request, campaign_id)
    language = language_of(request)
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
            "sections": form_sections(campaign.version, language, staff=selectors.ssc_staff()),
            "errors": errors,
            "posted": request.POST,
        },
        status=422 if errors else 200,
    )
