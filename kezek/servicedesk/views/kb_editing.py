"""Pages of the FAQ's editors: the article list, create and edit forms, version history.

Only those with ``may_manage_kb`` (owner team leaders, supervisors, centre managers, admins)
reach them; everyone else gets 404. Every save goes through ``article_save`` (versions, search
index); readers' pages stay in ``views.py``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kezek.accounts.selectors import client_companies_for
from kezek.core.http import AuthedRequest, query_without_page
from kezek.core.policy import get_or_404, require, rows
from kezek.servicedesk import selectors
from kezek.servicedesk.choices import Audience
from kezek.servicedesk.forms import ArticleForm
from kezek.servicedesk.models import Article, KbCategory
from kezek.servicedesk.services import kb
from kezek.servicedesk.services.text import side_by_side
from kezek.servicedesk.views.common import PAGE_SIZE, add_errors


def _article_filter(request: AuthedRequest) -> selectors.ArticleFilter:
    def number(name: str) -> int | None:
        value = request.GET.get(name, "")
        return int(value) if value.isdigit() else None

    language = request.GET.get("language", "")
    audience = request.GET.get("audience", "")
    return selectors.ArticleFilter(
        language=language if language in dict(settings.LANGUAGES) else "",
        category=number("category"),
        published=request.GET.get("published", ""),
        audience=audience if audience in Audience.values else "",
        client=number("client"),
        text=request.GET.get("q", "").strip()[:100],
    )


@login_required
def kb_manage(request: AuthedRequest) -> HttpResponse:
    """Every article in every language, with filters."""
    require(request.user, "may_manage_kb")
    filters = _article_filter(request)
    page = Paginator(selectors.articles_for_editing(request.user, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page_obj": page,
        "filters": filters,
        "query": query_without_page(request),
        "languages": settings.LANGUAGES,
        "categories": rows(request.user, KbCategory),
        "audiences": Audience.choices,
        "clients": client_companies_for(request.user),
    }
    return render(request, "servicedesk/kb_manage.html", context)


def _save(request: AuthedRequest, form: ArticleForm, article: Article | None) -> Article | None:
    """Save through the service; on refusal put its errors on the form and return None."""
    data = form.cleaned_data
    try:
        return kb.article_save(
            editor=request.user,
            key=article.key if article else data["key"],
            language=article.language if article else data["language"],
            category=data["category"],
            title=data["title"],
            body=data["body"],
            audience=data["audience"],
            is_published=data["is_published"],
            clients=data["clients"],
            expected_version=data["version"],
        )
    except ValidationError as exc:
        add_errors(form, exc)
        return None


@login_required
def kb_article_new(request: AuthedRequest) -> HttpResponse:
    """A new article, or a translation of one (``?key=…`` fills in the key and category)."""
    require(request.user, "may_manage_kb")
    initial: dict[str, Any] = {"version": 0, "audience": Audience.EVERYONE}
    source = (
        rows(request.user, Article, "change").filter(key=request.GET.get("key", "")[:80]).first()
    )
    if source is not None:
        initial.update(
            key=source.key,
            category=source.category_id,
            audience=source.audience,
            clients=list(source.clients.all()),
        )
    form = ArticleForm(request.POST or None, creating=True, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, None)
        if saved is not None:
            messages.success(request, _("The article was saved as version 1."))
            return redirect("servicedesk:kb-edit", saved.pk)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "servicedesk/kb_edit.html", {"form": form, "article": None}, status=status
    )


@login_required
def kb_article_edit(request: AuthedRequest, article_id: int) -> HttpResponse:
    """Edit an article; a changed title or text is saved as a new version."""
    require(request.user, "may_manage_kb")
    article = get_or_404(request.user, Article, "change", pk=article_id)
    initial = {
        "category": article.category_id,
        "title": article.title,
        "body": article.body,
        "audience": article.audience,
        "clients": list(article.clients.all()),
        "is_published": article.is_published,
        "version": article.version,
    }
    form = ArticleForm(request.POST or None, creating=False, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        before = article.version
        saved = _save(request, form, article)
        if saved is not None:
            if saved.version != before:
                message = _("Saved as version %(version)s.") % {"version": saved.version}
            else:
                message = _("Saved; the text did not change, so there is no new version.")
            messages.success(request, message)
            return redirect("servicedesk:kb-edit", saved.pk)
    translations = (
        rows(request.user, Article, "change").filter(key=article.key).exclude(pk=article.pk)
    )
    context = {"form": form, "article": article, "translations": translations}
    status = 422 if request.method == "POST" else 200
    return render(request, "servicedesk/kb_edit.html", context, status=status)


@login_required
def kb_article_history(request: AuthedRequest, article_id: int) -> HttpResponse:
    """Every version of an article; two of them side by side (``?a=`` old, ``?b=`` new)."""
    require(request.user, "may_manage_kb")
    article = get_or_404(request.user, Article, "change", pk=article_id)
    versions = list(selectors.article_versions_for(request.user, article))
    by_number = {version.version: version for version in versions}

    def chosen(name: str, default: int) -> int:
        value = request.GET.get(name, "")
        return int(value) if value.isdigit() and int(value) in by_number else default

    newest = versions[0].version if versions else 0
    new_number = chosen("b", newest)
    old_number = chosen("a", max((n for n in by_number if n < new_number), default=new_number))
    old, new = by_number.get(old_number), by_number.get(new_number)
    diff = side_by_side(old.body, new.body) if old and new else []
    context = {
        "article": article,
        "versions": versions,
        "old": old,
        "new": new,
        "title_changed": bool(old and new and old.title != new.title),
        "diff": diff,
    }
    return render(request, "servicedesk/kb_history.html", context)
