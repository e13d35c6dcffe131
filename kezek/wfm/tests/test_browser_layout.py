"""In a real browser: a long file name without spaces stays inside the queue page's
"Imports" card instead of pushing the page wider than the window."""

from __future__ import annotations

import random
from datetime import date

import pytest

from kezek.accounts.tests.factories import PersonFactory
from kezek.conftest import World
from kezek.core.tests.browser import browser_page
from kezek.wfm.demo import synthetic_history
from kezek.wfm.services.history import history_store
from kezek.wfm.tests.factories import QueueFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LONG_NAME = "us_bank_calls_5min_2003_first100days.csv.gz"
WIDTH = 1280
# How many lines the text of an element takes.
LINES = """el => {
  const range = document.createRange();
  range.selectNodeContents(el);
  return range.getClientRects().length;
}"""


def test_a_long_file_name_wraps_inside_the_imports_card(live_server: object, world: World) -> None:
    planner = PersonFactory.create(username="aigul", organisation=world.owner, roles=["planner"])
    queue = QueueFactory.create(organisation=world.owner, interval_minutes=30)
    records = synthetic_history(
        rng=random.Random(7),
        first_day=date(2026, 2, 2),
        last_day=date(2026, 2, 8),
        interval_minutes=30,
        daily_calls=800,
    )
    history_store(
        queue=queue, records=records, file_name=LONG_NAME, file_format="csv", imported_by=planner
    )
    url = str(live_server)

    with browser_page() as page:
        page.set_viewport_size({"width": WIDTH, "height": 800})
        page.goto(f"{url}/accounts/login/")
        page.fill("#id_username", "aigul")
        page.fill("#id_password", "correct horse battery")
        page.click("button[type=submit]")
        page.wait_for_url(f"{url}/")
        page.goto(f"{url}/wfm/queues/{queue.pk}/")
        card = page.locator(".card", has_text=LONG_NAME)
        card_box = card.bounding_box()
        name_lines, count_lines = (card.locator("td").nth(i).evaluate(LINES) for i in (0, 1))
        page_width = page.evaluate("document.documentElement.scrollWidth")

    assert card_box
    # Before: the name made the card and the page about 90 px wider than the window.
    assert page_width <= WIDTH
    assert card_box["x"] + card_box["width"] <= WIDTH
    assert name_lines >= 2
    assert count_lines == 1  # a number is never split
