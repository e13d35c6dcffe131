"""In a real browser: an employee answers in Kazakh; the centre manager sees it and triages."""

from __future__ import annotations

import pytest

from kezek.conftest import World
from kezek.core.tests.browser import browser_page
from kezek.surveys import services as sv
from kezek.surveys.models import Feedback, Response
from kezek.surveys.tests.conftest import People
from kezek.surveys.tests.factories import open_campaign, paper, user_answers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery"


def _login(page: object, url: str, username: str) -> None:
    page.goto(f"{url}/accounts/login/")  # type: ignore[attr-defined]
    page.fill("#id_username", username)  # type: ignore[attr-defined]
    page.fill("#id_password", PASSWORD)  # type: ignore[attr-defined]
    page.click("button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_url(f"{url}/")  # type: ignore[attr-defined]


def test_an_employee_answers_in_kazakh_and_the_centre_manager_triages(
    live_server: object, world: World, people: People
) -> None:
    campaign = open_campaign([world.client])
    for rating in (4, 5, 3, 4):  # four paper answers: one more makes the group reportable
        paper(campaign, world.client, people.analyst, user_answers(rating))
    invitation = sv.invitation_create(campaign=campaign, person=people.employee).invitation
    q = {x.key: x.pk for x in campaign.version.questions.all()}
    url = str(live_server)

    with browser_page() as page:
        _login(page, url, people.employee.username)
        page.select_option("#language-select", "kk")
        page.wait_for_load_state("networkidle")
        page.goto(f"{url}/surveys/invitations/{invitation.pk}/answer/")
        assert (
            "ЖҚКО қызметкерлерінің сыпайылығы" not in page.locator("form.sv-form").inner_text()
        )  # hidden until screened
        page.check(f"input[name='q-{q['uses_service']}'][value='yes']")
        assert page.locator(
            "text=ЖҚКО қызметкерлерінің сыпайылығы"
        ).is_visible()  # Politeness, from the data
        for key in (
            "emotion",
            "emotional_image",
            "meets_criteria",
            "meets_expectations",
            "responsiveness",
            "processing_speed",
            "politeness",
            "completeness",
            "simplicity",
        ):
            page.check(f"input[name='q-{q[key]}'][value='5']")
        page.check(f"input[name='q-{q['requests']}-certificate'][value='3']")
        page.check(f"input[name='q-{q['knows_services']}'][value='yes_fully']")
        page.check(f"input[name='q-{q['knows_sla']}'][value='partly']")
        page.check(f"input[name='q-{q['sla_experience']}'][value='within_sla_as_expected']")
        page.fill(
            f"textarea[name='q-{q['suggestions']}']", "Анықтаманы электронды поштамен жіберіңіздер"
        )
        page.click("form.sv-form button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert "оң тәжірибе мен жетістіктерді тіркеуге" in page.locator(".sv-closing").inner_text()

        page.goto(f"{url}/accounts/login/")
        page.context.clear_cookies()
        _login(page, url, people.centre_manager.username)
        page.goto(f"{url}/surveys/campaigns/{campaign.pk}/results/")
        assert "n=5" in page.locator(".sv-table").first.inner_text()
        page.goto(f"{url}/surveys/campaigns/{campaign.pk}/feedback/")
        feedback = Feedback.objects.get()
        row = page.locator(f"#feedback-{feedback.pk}")
        assert "Анықтаманы электронды поштамен" in row.inner_text()
        row.locator("select[name=status]").select_option("accepted")
        row.locator("input[name=theme]").fill("E-mail certificates")
        row.locator(".sv-triage button[type=submit]").click()
        page.wait_for_load_state("networkidle")
        page.locator(f"#feedback-{feedback.pk} .sv-status-accepted").wait_for()

    feedback.refresh_from_db()
    assert (feedback.status, feedback.theme.name if feedback.theme else "") == (
        "accepted",
        "E-mail certificates",
    )
    assert Response.objects.filter(language="kk").count() == 1
