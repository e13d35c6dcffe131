"""In a real browser: log in, switch the language to Kazakh, see the menu translated."""

from __future__ import annotations

import pytest

from kezek.accounts.tests.factories import PersonFactory
from kezek.conftest import World
from kezek.core.tests.browser import browser_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_person_logs_in_and_switches_to_kazakh(live_server: object, world: World) -> None:
    PersonFactory.create(username="dana", organisation=world.vendor, roles=["vendor_manager"])
    url = str(live_server)

    with browser_page() as page:
        page.goto(f"{url}/accounts/login/")
        page.fill("#id_username", "dana")
        page.fill("#id_password", "correct horse battery")
        page.click("button[type=submit]")
        page.wait_for_url(f"{url}/")
        assert page.locator("nav.main").inner_text().count("People") == 1

        page.select_option("#language-select", "kk")
        page.wait_for_load_state("networkidle")

        assert page.locator("html").get_attribute("lang") == "kk"
        assert "Адамдар" in page.locator("nav.main").inner_text()  # "People"
        assert "Шығу" in page.locator(".user-box").inner_text()  # "Log out"
