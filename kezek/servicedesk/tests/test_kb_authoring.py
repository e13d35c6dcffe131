"""FAQ authoring pages: the editors' list, create and edit forms (each text change a version),
version history side by side, who may reach them, bad input changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from kezek.accounts.tests.factories import PersonFactory
from kezek.core.navigation import items_for
from kezek.core.policy import actor_of
from kezek.servicedesk.models import Article, ArticleVersion, KbCategory
from kezek.servicedesk.services.kb import article_save, article_search
from kezek.servicedesk.tests.factories import Desk

pytestmark = pytest.mark.django_db


@pytest.fixture
def category() -> KbCategory:
    return KbCategory.objects.create(name="Payroll")


def article_data(category: KbCategory, **changes: Any) -> dict[str, Any]:
    data = {
        "key": "sick-leave",
        "language": "ru",
        "category": category.pk,
        "title": "Как оформить больничный?",
        "body": "Пришлите **листок нетрудоспособности** в течение трёх дней.",
        "audience": "everyone",
        "is_published": "on",
        "version": "0",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_an_editor_creates_and_edits_an_article_and_each_text_change_is_a_version(
    client: Client, desk: Desk, category: KbCategory
) -> None:
    client.force_login(desk.team_leader)

    created = client.post("/desk/kb/manage/new/", article_data(category))
    article = Article.objects.get(key="sick-leave", language="ru")
    edited = client.post(
        f"/desk/kb/manage/{article.pk}/",
        article_data(category, body="Пришлите листок в течение пяти дней.", version="1"),
    )
    same_text = client.post(
        f"/desk/kb/manage/{article.pk}/",
        article_data(category, body="Пришлите листок в течение пяти дней.", version="2"),
    )

    assert created.status_code == edited.status_code == same_text.status_code == 302
    assert created["Location"] == f"/desk/kb/manage/{article.pk}/"
    article.refresh_from_db()
    assert article.version == 2
    versions = ArticleVersion.objects.filter(article=article)
    assert [(v.version, v.edited_by) for v in versions] == [
        (2, desk.team_leader),
        (1, desk.team_leader),
    ]
    page = client.get(f"/desk/kb/manage/{article.pk}/").content.decode()
    assert "Translations:" in page


def test_the_history_shows_two_versions_side_by_side_with_user_text_escaped(
    client: Client, desk: Desk, category: KbCategory
) -> None:
    save = article_save
    save(editor=desk.admin, key="trip", language="en", category=category, title="Business trips", body="Ask **two** weeks ahead.\nKeep receipts.")  # fmt: skip
    save(editor=desk.admin, key="trip", language="en", category=category, title="Business trips", body="Ask <script>alert(1)</script> ahead.\nKeep receipts.")  # fmt: skip
    article = Article.objects.get(key="trip")
    client.force_login(desk.admin)

    response = client.get(f"/desk/kb/manage/{article.pk}/history/", {"a": "1", "b": "2"})

    page = response.content.decode()
    diff = [(row.kind, row.old_text, row.new_text) for row in response.context["diff"]]
    assert diff == [
        ("replace", "Ask **two** weeks ahead.", "Ask <script>alert(1)</script> ahead."),
        ("equal", "Keep receipts.", "Keep receipts."),
    ]
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<strong>two</strong>" in page  # version 1 rendered as sanitised markdown


@pytest.mark.parametrize("who", ["agent", "manager", "employee", "vendor_agent", "planner"])
def test_people_who_do_not_run_the_faq_get_404(
    client: Client, desk: Desk, category: KbCategory, who: str
) -> None:
    article = article_save(
        editor=None, key="k", language="en", category=category, title="T", body="B"
    )
    client.force_login(getattr(desk, who))

    pages = ["/desk/kb/manage/", "/desk/kb/manage/new/", f"/desk/kb/manage/{article.pk}/"]
    statuses = [client.get(url).status_code for url in pages]
    statuses.append(client.get(f"/desk/kb/manage/{article.pk}/history/").status_code)
    statuses.append(client.post("/desk/kb/manage/new/", article_data(category)).status_code)
    edit = article_data(category, title="Changed", version="1")
    statuses.append(client.post(f"/desk/kb/manage/{article.pk}/", edit).status_code)

    assert statuses == [404] * 6
    assert Article.objects.count() == 1
    assert ArticleVersion.objects.count() == 1


def test_vendor_team_leaders_do_not_run_the_faq_and_see_no_menu_entry(
    client: Client, desk: Desk
) -> None:
    vendor_lead = PersonFactory.create(organisation=desk.world.vendor, roles=["team_leader"])
    client.force_login(vendor_lead)

    assert client.get("/desk/kb/manage/").status_code == 404
    assert "/desk/kb/manage/" not in [url for _, url in items_for(actor_of(vendor_lead))]
    assert "/desk/kb/manage/" in [url for _, url in items_for(actor_of(desk.team_leader))]
    assert "/desk/kb/manage/" not in [url for _, url in items_for(actor_of(desk.agent))]


def test_search_finds_a_new_article_in_the_language_it_was_written_in(
    client: Client, desk: Desk, category: KbCategory
) -> None:
    client.force_login(desk.team_leader)
    client.post("/desk/kb/manage/new/", article_data(category))

    found = article_search(user=desk.employee, text="больничный", language="ru")
    assert [(a.key, a.language) for a in found] == [("sick-leave", "ru")]
    assert article_search(user=desk.employee, text="больничный", language="en")[0].language == "ru"


def test_visibility_per_client_and_role_set_on_the_form_is_applied(
    client: Client, desk: Desk, category: KbCategory
) -> None:
    client.force_login(desk.team_leader)
    client.post(
        "/desk/kb/manage/new/",
        article_data(category, audience="managers", clients=[desk.world.client.pk]),
    )

    assert article_search(user=desk.manager, text="больничный") != []
    assert article_search(user=desk.employee, text="больничный") == []  # not a manager
    assert article_search(user=desk.other_employee, text="больничный") == []  # other client


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "   "}, "title"),
        ({"title": None}, "title"),
        ({"language": "xx"}, "language"),
        ({"key": "not a slug!"}, "key"),
        ({"clients": ["999999"]}, "clients"),
    ],
)
def test_bad_input_on_creation_is_refused_on_the_field_and_saves_nothing(
    client: Client, desk: Desk, category: KbCategory, changes: dict[str, Any], field: str
) -> None:
    client.force_login(desk.team_leader)

    response = client.post("/desk/kb/manage/new/", article_data(category, **changes))

    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert Article.objects.count() == 0
    assert ArticleVersion.objects.count() == 0


def test_bad_input_on_an_edit_changes_nothing(
    client: Client, desk: Desk, category: KbCategory
) -> None:
    article = article_save(
        editor=None, key="k", language="en", category=category, title="Title", body="Body"
    )
    client.force_login(desk.team_leader)
    page = client.get(f"/desk/kb/manage/{article.pk}/")  # the editor opens version 1 ...
    article_save(editor=None, key="k", language="en", category=category, title="Title", body="v2")

    empty_title = client.post(
        f"/desk/kb/manage/{article.pk}/", article_data(category, title="", version="2")
    )
    stale = client.post(  # ... and saves after someone else saved version 2
        f"/desk/kb/manage/{article.pk}/",
        article_data(category, title="New", version=page.context["form"]["version"].value()),
    )

    assert empty_title.status_code == stale.status_code == 422
    assert "title" in empty_title.context["form"].errors
    assert "in the meantime" in str(stale.context["form"].non_field_errors())
    article.refresh_from_db()
    assert (article.title, article.body, article.version) == ("Title", "v2", 2)
    assert ArticleVersion.objects.count() == 2


def test_a_second_article_with_the_same_key_and_language_is_refused(
    client: Client, desk: Desk, category: KbCategory
) -> None:
    article_save(
        editor=None, key="sick-leave", language="ru", category=category, title="T", body="B"
    )
    client.force_login(desk.team_leader)

    response = client.post("/desk/kb/manage/new/", article_data(category))

    assert response.status_code == 422
    assert "key" in response.context["form"].errors
    assert Article.objects.get().title == "T"


def test_the_service_refuses_an_unknown_language(desk: Desk, category: KbCategory) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        article_save(editor=None, key="k", language="xx", category=category, title="T", body="B")

    assert "language" in caught.value.message_dict
    assert Article.objects.count() == 0


def test_the_article_list_filters_and_has_a_pinned_query_count(
    client: Client, desk: Desk, category: KbCategory, django_assert_max_num_queries: Any
) -> None:
    for n in range(12):
        article_save(
            editor=None,
            key=f"k{n}",
            language="en" if n % 2 else "ru",
            category=category,
            title=f"Article {n}",
            body="Text",
            is_published=n % 3 != 0,
        )
    client.force_login(desk.team_leader)

    with django_assert_max_num_queries(9):
        everything = client.get("/desk/kb/manage/")
    with django_assert_max_num_queries(9):
        drafts_ru = client.get("/desk/kb/manage/", {"language": "ru", "published": "no"})

    assert len(everything.context["page_obj"]) == 12
    assert sorted(a.key for a in drafts_ru.context["page_obj"]) == ["k0", "k6"]
