"""Knowledge base: versions, full-text search (FTS5 here, PostgreSQL text search there),
visibility per client and role, feedback, suggestions while typing and deflection counts."""

from __future__ import annotations

import pytest
from django.test import Client

from kezek.servicedesk.models import Article, ArticleVersion, KbCategory, SuggestionEvent
from kezek.servicedesk.services.kb import article_feedback_give, article_save, article_search
from kezek.servicedesk.tests.factories import Desk

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles(desk: Desk) -> dict[str, Article]:
    category = KbCategory.objects.create(name="HR")
    save = article_save
    return {
        "cert_en": save(editor=None, key="cert", language="en", category=category, title="How do I get a certificate of employment?", body="Order it in the catalogue; it takes two working days."),
        "cert_ru": save(editor=None, key="cert", language="ru", category=category, title="Как получить справку с места работы?", body="Закажите справку в каталоге; срок два рабочих дня."),
        "payslip": save(editor=None, key="payslip", language="en", category=category, title="Where is my payslip?", body="Payslips are published on the fifth working day."),
        "managers": save(editor=None, key="staffing", language="en", category=category, title="Staffing changes", body="Managers order a staffing change in the catalogue.", audience="managers"),
        "other": save(editor=None, key="other", language="en", category=category, title="Payslip rules of Client B", body="Only for Client B.", clients=[desk.world.other_client]),
        "draft": save(editor=None, key="draft", language="en", category=category, title="Payslip draft", body="Not published.", is_published=False),
    }  # fmt: skip


def titles(found: list[Article]) -> list[str]:
    return [article.key + ":" + article.language for article in found]


def test_search_finds_words_and_prefixes_in_the_readers_language_first(
    desk: Desk, articles: dict[str, Article]
) -> None:
    assert titles(article_search(user=desk.employee, text="certif", language="en")) == ["cert:en"]
    assert titles(article_search(user=desk.employee, text="справку", language="ru")) == ["cert:ru"]
    assert titles(article_search(user=desk.employee, text="catalogue", language="en")) == [
        "cert:en"
    ]


def test_search_shows_only_articles_meant_for_the_reader(
    desk: Desk, articles: dict[str, Article]
) -> None:
    assert titles(article_search(user=desk.employee, text="payslip", language="en")) == [
        "payslip:en"
    ]
    theirs = article_search(user=desk.other_employee, text="payslip", language="en")
    assert sorted(titles(theirs)) == ["other:en", "payslip:en"]
    assert titles(article_search(user=desk.manager, text="staffing", language="en")) == [
        "staffing:en"
    ]
    assert article_search(user=desk.employee, text="staffing", language="en") == []
    assert article_search(user=desk.vendor_agent, text="payslip", language="en") == []
    staff = article_search(user=desk.agent, text="payslip", language="en")
    assert len(staff) == 3  # SSC staff also see drafts


def test_search_syntax_from_users_is_harmless(desk: Desk, articles: dict[str, Article]) -> None:
    for text in ['"unbalanced', "NEAR(a b)", "title:*", "a OR b AND -c", "') DROP TABLE x; --"]:
        article_search(user=desk.employee, text=text, language="en")


def test_an_edit_is_a_new_version_and_reindexed(desk: Desk, articles: dict[str, Article]) -> None:
    category = articles["payslip"].category
    article_save(
        editor=desk.agent,
        key="payslip",
        language="en",
        category=category,
        title="Where is my payslip?",
        body="Payslips now appear on the third working day.",
    )

    article = Article.objects.get(key="payslip", language="en")
    assert article.version == 2
    assert list(
        ArticleVersion.objects.filter(article=article).values_list("version", flat=True)
    ) == [2, 1]
    assert titles(article_search(user=desk.employee, text="third", language="en")) == ["payslip:en"]
    assert article_search(user=desk.employee, text="fifth", language="en") == []


def test_feedback_is_one_vote_per_reader(desk: Desk, articles: dict[str, Article]) -> None:
    article = articles["payslip"]
    article_feedback_give(user=desk.employee, article=article, helpful=True)
    article_feedback_give(user=desk.employee, article=article, helpful=False)
    article_feedback_give(user=desk.colleague, article=article, helpful=False)

    article.refresh_from_db()
    assert (article.helpful_count, article.not_helpful_count) == (0, 2)


def test_suggestions_while_typing_are_counted_and_deflection_recorded(
    client: Client, desk: Desk, articles: dict[str, Article]
) -> None:
    client.force_login(desk.employee)

    partial = client.get(
        "/desk/kb/suggest/",
        {"title": "certificate for", "description": ""},
        headers={"HX-Request": "true"},
    )
    client.get(f"/desk/kb/{articles['cert_en'].pk}/?from=suggest")
    client.post(f"/desk/kb/{articles['cert_en'].pk}/deflect/")

    assert "How do I get a certificate of employment?" in partial.content.decode()
    assert "<html" not in partial.content.decode()
    counts = {
        kind: SuggestionEvent.objects.filter(kind=kind).count()
        for kind in ("shown", "opened", "deflected")
    }
    assert counts == {"shown": 1, "opened": 1, "deflected": 1}
    client.force_login(desk.agent)
    assert client.get("/desk/sla-report/").context["deflection"] == counts


def test_a_hidden_article_is_404(client: Client, desk: Desk, articles: dict[str, Article]) -> None:
    client.force_login(desk.employee)

    assert client.get(f"/desk/kb/{articles['other'].pk}/").status_code == 404
    assert client.get(f"/desk/kb/{articles['draft'].pk}/").status_code == 404
    assert client.get(f"/desk/kb/{articles['cert_ru'].pk}/").status_code == 200
