"""The FAQ as readers use it: search, suggestions while typing, an article, its feedback."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kezek.core.http import AuthedRequest
from kezek.core.policy import get_or_404
from kezek.servicedesk.choices import SuggestionEventKind
from kezek.servicedesk.forms import (
    FeedbackForm,
)
from kezek.servicedesk.models import Article
from kezek.servicedesk.services import kb


@login_required
def kb_search(request: AuthedRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()[:200]
    results = (
        kb.article_search(user=request.user, text=text, language=get_language() or "en")
        if text
        else []
    )
    return render(request, "servicedesk/kb_search.html", {"q": text, "results": results})


@login_required
def kb_suggest(request: AuthedRequest) -> HttpResponse:
    """htmx: articles that may answer what the person is typing (each showing is counted)."""
    text = (request.GET.get("title", "") + " " + request.GET.get("description", "")).strip()[:200]
    found = (
        kb.article_suggest(user=request.user, text=text, language=get_language() or "en")
        if len(text) >= 3
        else []
    )
    return render(request, "servicedesk/request_new.html#suggestions", {"suggestions": found})


@login_required
def kb_article(request: AuthedRequest, article_id: int) -> HttpResponse:
    article = get_or_404(request.user, Article, pk=article_id)
    if request.GET.get("from") == "suggest":
        kb.suggestion_record(user=request.user, article=article, kind=SuggestionEventKind.OPENED)
    return render(
        request,
        "servicedesk/kb_article.html",
        {"article": article, "from_suggest": request.GET.get("from") == "suggest"},
    )


@login_required
@require_POST
def kb_feedback(request: AuthedRequest, article_id: int) -> HttpResponse:
    article = get_or_404(request.user, Article, pk=article_id)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        kb.article_feedback_give(
            user=request.user,
            article=article,
            helpful=form.cleaned_data["helpful"],
            comment=form.cleaned_data["comment"],
        )
        messages.success(request, _("Thank you for your feedback."))
    return redirect("servicedesk:kb-article", article.pk)


@login_required
@require_POST
def kb_deflect(request: AuthedRequest, article_id: int) -> HttpResponse:
    """The suggested article answered the question: no request needed."""
    article = get_or_404(request.user, Article, pk=article_id)
    kb.suggestion_record(user=request.user, article=article, kind=SuggestionEventKind.DEFLECTED)
    messages.success(request, _("Glad the article helped. No request was sent."))
    return redirect("servicedesk:my-requests")
