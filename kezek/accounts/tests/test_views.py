"""Login, throttling and the people pages as users meet them."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from kezek.accounts.tests.factories import PersonFactory
from kezek.conftest import World

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"


def test_a_person_logs_in_and_lands_on_their_home_page(client: Client, world: World) -> None:
    PersonFactory.create(username="aigerim", organisation=world.vendor, roles=["vendor_manager"])

    response = client.post(
        reverse("login"), {"username": "aigerim", "password": PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Welcome" in response.content.decode()
    assert reverse("accounts:people-list") in response.content.decode()


def test_a_wrong_password_says_so_and_logs_nobody_in(client: Client, world: World) -> None:
    PersonFactory.create(username="aigerim", organisation=world.vendor)

    response = client.post(reverse("login"), {"username": "aigerim", "password": "wrong"})

    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_repeated_failures_lock_the_login_even_with_the_right_password(
    client: Client, world: World, settings: object
) -> None:
    PersonFactory.create(username="aigerim", organisation=world.vendor)
    for _ in range(5):
        client.post(reverse("login"), {"username": "aigerim", "password": "wrong"})

    response = client.post(reverse("login"), {"username": "aigerim", "password": PASSWORD})

    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_pages_need_a_login(client: Client) -> None:
    response = client.get(reverse("accounts:people-list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_vendor_staff_list_only_their_own_vendor(client: Client, world: World) -> None:
    manager = PersonFactory.create(organisation=world.vendor, roles=["vendor_manager"])
    PersonFactory.create(last_name="Colleague", organisation=world.vendor, roles=["agent"])
    PersonFactory.create(last_name="Competitor", organisation=world.other_vendor, roles=["agent"])
    client.force_login(manager)

    page = client.get(reverse("accounts:people-list")).content.decode()

    assert "Colleague" in page
    assert "Competitor" not in page


def test_another_vendors_person_is_404_not_403(client: Client, world: World) -> None:
    manager = PersonFactory.create(organisation=world.vendor, roles=["vendor_manager"])
    competitor = PersonFactory.create(organisation=world.other_vendor, roles=["agent"])
    client.force_login(manager)

    response = client.get(reverse("accounts:person-detail", args=[competitor.pk]))
    missing = client.get(reverse("accounts:person-detail", args=[999_999]))

    assert response.status_code == missing.status_code == 404


def test_the_people_list_runs_a_fixed_number_of_queries(
    client: Client, world: World, django_assert_max_num_queries: object
) -> None:
    admin = PersonFactory.create(organisation=world.owner, roles=["admin"])
    for _ in range(30):
        PersonFactory.create(organisation=world.client)
    client.force_login(admin)

    with django_assert_max_num_queries(9):  # type: ignore[operator]
        response = client.get(reverse("accounts:people-list"))

    assert response.status_code == 200


def test_a_search_with_an_ampersand_carries_over_to_the_next_page(
    client: Client, world: World
) -> None:
    admin = PersonFactory.create(organisation=world.owner, roles=["admin"])
    for _ in range(51):
        PersonFactory.create(organisation=world.client, last_name="Lee & Co")
    client.force_login(admin)

    first = client.get(reverse("accounts:people-list"), {"q": "Lee & Co"}).content.decode()
    second = client.get(reverse("accounts:people-list"), {"q": "Lee & Co", "page": "2"})

    assert "?q=Lee+%26+Co&amp;page=2" in first
    assert len(second.context["page_obj"].object_list) == 1


def test_the_language_switcher_translates_the_page(client: Client, world: World) -> None:
    client.force_login(PersonFactory.create(organisation=world.owner, roles=["admin"]))

    client.post(reverse("set_language"), {"language": "ru", "next": "/"})
    page = client.get(reverse("home")).content.decode()

    assert "Люди" in page  # "People" in the menu


def test_a_forgotten_password_is_reset_through_the_emailed_link(
    client: Client, world: World
) -> None:
    PersonFactory.create(username="aigerim", email="aigerim@example.com", organisation=world.client)

    client.post(reverse("password_reset"), {"email": "aigerim@example.com"})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line)
    form = client.get(link.split("testserver")[-1], follow=True)
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a new long secret 42", "new_password2": "a new long secret 42"},
        follow=True,
    )

    assert "Password set" in done.content.decode()
    login = client.post(
        reverse("login"), {"username": "aigerim", "password": "a new long secret 42"}
    )
    assert login.status_code == 302


def test_a_person_changes_their_password(client: Client, world: World) -> None:
    person = PersonFactory.create(username="dana", organisation=world.vendor, roles=["agent"])
    client.force_login(person)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another long secret 7",
            "new_password2": "another long secret 7",
        },
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password("another long secret 7")
