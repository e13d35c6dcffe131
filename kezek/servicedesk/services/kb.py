"""Knowledge base: saving articles (with versions and the search index), search, feedback,
suggestions while typing and the deflection they achieve.

Full-text search uses PostgreSQL's text search on PostgreSQL and an FTS5 table on SQLite
(``servicedesk_article_fts``, created by migration 0002 on SQLite only and kept in sync here).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Case, F, QuerySet, Value, When
from django.utils.translation import gettext as _

from kezek.accounts.models import Organisation, User
from kezek.core.policy import actor_of, rows
from kezek.servicedesk.choices import SuggestionEventKind
from kezek.servicedesk.models import (
    Article,
    ArticleFeedback,
    ArticleVersion,
    KbCategory,
    SuggestionEvent,
)

FTS_TABLE = "servicedesk_article_fts"
_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 8


@transaction.atomic
def article_save(
    *,
    editor: User | None,
    key: str,
    language: str,
    category: KbCategory,
    title: str,
    body: str,
    audience: str = "everyone",
    is_published: bool = True,
    clients: Iterable[Organisation] | None = None,
    expected_version: int | None = None,
) -> Article:
    """Create or update the article ``key`` in ``language``; a changed text is a new version.

    ``expected_version`` guards edits made on a page: 0 means the article must not exist yet,
    n means it must still be at version n (nobody saved in between); None skips the check.
    """
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose one of the site's languages.")})
    article = Article.objects.select_for_update().filter(key=key, language=language).first()
    current = article.version if article is not None else 0
    if expected_version is not None and expected_version != current:
        if expected_version == 0:
            message = _("An article with this key already exists in this language.")
            raise ValidationError({"key": message})
        raise ValidationError(
            _("Someone saved version %(version)s in the meantime; reload and edit again.")
            % {"version": current}
        )
    title, body = title.strip(), body.strip()
    changed = article is None or (article.title, article.body) != (title, body)
    if article is None:
        article = Article(key=key, language=language)
    elif changed:
        article.version += 1
    article.category = category
    article.title, article.body = title, body
    article.audience, article.is_published = audience, is_published
    article.full_clean()
    if clients is not None:
        clients = list(clients)
        if any(client.kind != "client" for client in clients):
            raise ValidationError({"clients": _("Choose client companies only.")})
    article.save()
    if clients is not None:
        article.clients.set(clients)
    if changed:
        ArticleVersion.objects.create(
            article=article,
            version=article.version,
            title=article.title,
            body=article.body,
            edited_by=editor,
        )
        _index(article)
    return article


def _index(article: Article) -> None:
    if connection.vendor != "sqlite":
        return  # PostgreSQL searches the columns directly
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [article.pk])  # noqa: S608
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, title, body) VALUES (%s, %s, %s)",  # noqa: S608
            [article.pk, article.title, article.body],
        )


def search_terms(text: str) -> list[str]:
    """Words of ``text`` (letters and digits only), lower case, at most ``MAX_TERMS``."""
    return [word.lower() for word in _WORD.findall(text)][:MAX_TERMS]


def article_search(
    *, user: User, text: str, language: str = "", limit: int = 20, any_word: bool = False
) -> list[Article]:
    """Articles the user may read that contain every word of ``text`` (as prefixes), best first.

    With ``any_word`` one matching word is enough (suggestions while typing). Articles in
    ``language`` come before others.
    """
    terms = search_terms(text)
    if any_word:
        terms = [term for term in terms if len(term) >= 3]
    visible = rows(user, Article).select_related("category")
    if not terms:
        return []
    if connection.vendor == "postgresql":
        found = _search_postgresql(visible, terms, any_word=any_word)
    elif connection.vendor == "sqlite":
        found = _search_sqlite(visible, terms, any_word=any_word)
    else:  # pragma: no cover - other databases: plain substring search
        found = list(visible.filter(title__icontains=terms[0]))
    found.sort(key=lambda article: article.language != language)
    return found[:limit]


def _search_sqlite(
    visible: QuerySet[Article], terms: list[str], *, any_word: bool
) -> list[Article]:
    # Quoted terms: no FTS5 syntax reaches the query from what people type.
    match = (" OR " if any_word else " ").join(f'"{term}"*' for term in terms)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s ORDER BY rank LIMIT 200",  # noqa: S608
            [match],
        )
        ids = [row[0] for row in cursor.fetchall()]
    by_id = {article.pk: article for article in visible.filter(pk__in=ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def _search_postgresql(
    visible: QuerySet[Article], terms: list[str], *, any_word: bool
) -> list[Article]:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    config = Case(When(language="ru", then=Value("russian")), default=Value("english"))
    vector = SearchVector("title", weight="A", config=config) + SearchVector(
        "body", weight="B", config=config
    )
    raw = (" | " if any_word else " & ").join(f"{term}:*" for term in terms)
    query = SearchQuery(raw, search_type="raw", config="english") | SearchQuery(
        raw, search_type="raw", config="russian"
    )
    return list(
        visible.annotate(rank=SearchRank(vector, query))
        .filter(rank__gt=0)
        .order_by("-rank", "pk")[:200]
    )


def article_suggest(*, user: User, text: str, language: str, limit: int = 5) -> list[Article]:
    """Articles shown while someone types a request; each showing is counted."""
    found = article_search(user=user, text=text, language=language, limit=limit, any_word=True)
    if found:
        SuggestionEvent.objects.bulk_create(
            SuggestionEvent(
                user=user,
                organisation_id=user.organisation_id,
                article=article,
                kind=SuggestionEventKind.SHOWN,
                query=text[:200],
            )
            for article in found
        )
    return found


def suggestion_record(*, user: User, article: Article, kind: str) -> None:
    """The person opened a suggested article, or it answered their question (deflection)."""
    if kind not in {SuggestionEventKind.OPENED, SuggestionEventKind.DEFLECTED}:
        raise ValueError(f"kind must be opened or deflected, got {kind!r}")
    SuggestionEvent.objects.create(
        user=user, organisation_id=user.organisation_id, article=article, kind=kind
    )


@transaction.atomic
def article_feedback_give(
    *, user: User, article: Article, helpful: bool, comment: str = ""
) -> None:
    """One vote per reader; voting again replaces the earlier vote."""
    if not actor_of(user).is_authenticated:
        raise ValidationError(_("Log in to rate articles."))
    previous = ArticleFeedback.objects.filter(article=article, user=user).first()
    if previous is not None:
        field = "helpful_count" if previous.helpful else "not_helpful_count"
        Article.objects.filter(pk=article.pk).update(**{field: F(field) - 1})
        previous.delete()
    ArticleFeedback.objects.create(
        article=article, user=user, helpful=helpful, comment=comment.strip()[:2000]
    )
    field = "helpful_count" if helpful else "not_helpful_count"
    Article.objects.filter(pk=article.pk).update(**{field: F(field) + 1})
