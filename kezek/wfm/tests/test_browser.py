"""In a real browser: the forecast chart draws history, forecast and bands, shades the day
the model set aside as unusual, with its label, and names a declared closed day, the labels
of neighbouring special days one under the other; the queue's chart and the language menu
work under the Content-Security-Policy."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from kezek.accounts.tests.factories import PersonFactory
from kezek.conftest import World
from kezek.core.tests.browser import browser_page
from kezek.wfm.demo import synthetic_history
from kezek.wfm.models import HistoryInterval
from kezek.wfm.services.forecasts import forecast_create
from kezek.wfm.services.history import history_store
from kezek.wfm.services.special_days import special_day_set
from kezek.wfm.tests.factories import QueueFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ORIGIN = date(2026, 3, 2)  # a Monday


def test_the_forecast_chart_shades_a_day_left_out_as_unusual_and_names_a_closed_day(
    live_server: object, world: World
) -> None:
    planner = PersonFactory.create(username="aigul", organisation=world.owner, roles=["planner"])
    queue = QueueFactory.create(organisation=world.owner, vendor=world.vendor, interval_minutes=30)
    records = synthetic_history(
        rng=random.Random(7),
        first_day=ORIGIN - timedelta(weeks=6),
        last_day=ORIGIN - timedelta(days=1),
        interval_minutes=30,
        daily_calls=800,
    )
    history_store(
        queue=queue, records=records, file_name="h.csv", file_format="csv", imported_by=planner
    )
    lost = datetime.combine(
        ORIGIN - timedelta(days=12), datetime.min.time(), ZoneInfo(queue.time_zone)
    )
    HistoryInterval.objects.filter(
        queue=queue, starts_at__gte=lost, starts_at__lt=lost + timedelta(days=1)
    ).update(calls=0)
    special_day_set(queue=queue, day=ORIGIN + timedelta(days=1), factor=0, reason="Nauryz")
    special_day_set(queue=queue, day=ORIGIN + timedelta(days=2), factor=1.3, reason="Campaign")
    forecast = forecast_create(queue=queue, origin=ORIGIN, horizon_days=3, created_by=planner)
    url = str(live_server)
    errors: list[str] = []

    with browser_page() as page:
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{url}/accounts/login/")
        page.fill("#id_username", "aigul")
        page.fill("#id_password", "correct horse battery")
        page.click("button[type=submit]")
        page.wait_for_url(f"{url}/")
        page.goto(f"{url}/wfm/forecasts/{forecast.pk}/")
        page.wait_for_selector("#forecast-chart .main-svg")

        label = page.locator("#forecast-chart").get_attribute("data-label-unusual")
        annotations = page.locator("#forecast-chart .annotation-text").all_text_contents()
        traces = page.locator("#forecast-chart .scatterlayer .trace").count()
        boxes = {
            text: page.locator("#forecast-chart .annotation", has_text=text).bounding_box()
            for text in ("Nauryz: closed", "Campaign ×1.3")
        }
        # Charts and controls work from the site's own script files (no inline script).
        page.goto(f"{url}/wfm/queues/{queue.pk}/")
        page.wait_for_selector("#history-chart .main-svg")
        page.select_option("#language-select", "ru")
        page.wait_for_selector("html[lang=ru]")

    assert errors == []
    assert label
    assert annotations.count(label) >= 1
    assert "Nauryz: closed" in annotations
    assert traces == 5  # two bands, history, forecast, planner
    closed, campaign = boxes["Nauryz: closed"], boxes["Campaign ×1.3"]
    assert closed
    assert campaign
    # The labels of days next to each other are on two lines, not over each other.
    assert campaign["y"] >= closed["y"] + closed["height"]
