"""Questionnaire pages: versions, their questions, new versions and publishing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kezek.core.http import AuthedRequest
from kezek.core.policy import can, get_or_404, require
from kezek.core.versions import VersionConflict
from kezek.surveys import selectors
from kezek.surveys import services as sv
from kezek.surveys.choices import (
    LANGUAGES,
)
from kezek.surveys.forms import (
    QuestionForm,
)
from kezek.surveys.models import (
    QuestionnaireVersion,
    localized,
)
from kezek.surveys.views.common import PAGE_SIZE, form_sections, language_of


@login_required
def version_list(request: AuthedRequest) -> HttpResponse:
    require(request.user, "may_work_surveys")
    page = Paginator(selectors.versions_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "surveys/version_list.html", {"page_obj": page})


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
    language = language_of(request)
    editor = can(request.user, "may_edit_surveys") and not version.is_published
    sections = form_sections(version, language)
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
