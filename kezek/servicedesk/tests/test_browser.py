"""In a real browser, in English and in Russian: an employee asks for a certificate of
employment, an agent answers and resolves it, the employee sees the answer.

Labels are translated later by the translator, so the test asserts on element ids and classes,
the texts the people typed, and the page's ``lang`` attribute.
"""

from __future__ import annotations

import pytest

from kezek.conftest import World
from kezek.core.tests.browser import browser_page
from kezek.servicedesk.models import Request
from kezek.servicedesk.tests.factories import make_desk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery"


def log_in(page: object, url: str, username: str) -> None:
    page.goto(f"{url}/accounts/login/")  # type: ignore[attr-defined]
    page.fill("#id_username", username)  # type: ignore[attr-defined]
    page.fill("#id_password", PASSWORD)  # type: ignore[attr-defined]
    page.click("button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_url(f"{url}/")  # type: ignore[attr-defined]


def log_out(page: object) -> None:
    page.click(".user-box button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]


@pytest.mark.parametrize("language", ["en", "ru"])
def test_an_employee_gets_a_certificate_of_employment(
    live_server: object, world: World, language: str
) -> None:
    desk = make_desk(world)
    url = str(live_server)
    title = "Справка для банка" if language == "ru" else "Certificate for the bank"
    answer = (
        "Справка готова, заберите на ресепшене"
        if language == "ru"
        else "Your certificate is ready at reception"
    )

    with browser_page() as page:
        page.context.add_cookies([{"name": "django_language", "value": language, "url": url}])
        log_in(page, url, desk.employee.username)
        page.goto(f"{url}/desk/catalogue/")
        page.click("a.sd-service[data-code=certificate-of-employment]")
        page.fill("#id_title", title)
        page.select_option("#id_f_purpose", "Bank")
        page.fill("#id_f_copies", "1")
        page.wait_for_load_state("networkidle")  # let the FAQ suggestions finish
        page.click("#sd-request-submit")
        page.wait_for_selector("#sd-request-title")
        assert page.locator("html").get_attribute("lang") == language
        assert page.inner_text("#sd-request-title") == title
        request = Request.objects.get()
        detail = f"{url}/desk/requests/{request.pk}/"
        log_out(page)

        log_in(page, url, desk.agent.username)
        page.goto(f"{url}/desk/queue/")
        assert title in page.inner_text("#sd-queue")
        page.goto(detail)
        page.fill("#id_body", answer)
        page.click("#sd-reply-submit")
        page.wait_for_selector(".sd-reply-body")
        page.click("#sd-move-resolved")
        page.wait_for_selector("#sd-request-state[data-state=resolved]")
        log_out(page)

        log_in(page, url, desk.employee.username)
        page.goto(f"{url}/desk/requests/")
        page.click(f"#sd-my-requests tr[data-id='{request.pk}'] a")
        page.wait_for_selector("#sd-replies")
        assert page.locator("html").get_attribute("lang") == language
        assert answer in page.inner_text("#sd-replies .sd-reply-body")
        assert page.get_attribute("#sd-request-state", "data-state") == "resolved"
        assert page.locator("#sd-rate-form").count() == 1
        page.wait_for_load_state("networkidle")
