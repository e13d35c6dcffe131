"""Forecasting a queue from its stored history: open days only, no peeking, overrides, publish."""

from __future__ import annotations

import json
import random
import zoneinfo
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from kezek.accounts.models import User
from kezek.accounts.tests.factories import PersonFactory
from kezek.conftest import World
from kezek.engine.forecasting import forecast_from_origin
from kezek.wfm.demo import synthetic_history
from kezek.wfm.forms import ForecastForm, SpecialDayForm
from kezek.wfm.models import (
    Forecast,
    ForecastInterval,
    ForecastOverride,
    HistoryInterval,
    Queue,
    StaffingPlan,
)
from kezek.wfm.selectors import forecast_chart, read_forecast
from kezek.wfm.services import forecasts, history
from kezek.wfm.services.forecasts import (
    forecast_create,
    forecast_day_scale,
    forecast_interval_override,
)
from kezek.wfm.services.history import IntervalRecord, history_store, local_starts_to_utc
from kezek.wfm.services.special_days import special_day_set
from kezek.wfm.tests.factories import QueueFactory

pytestmark = pytest.mark.django_db
ORIGIN = date(2026, 3, 2)  # a Monday


@pytest.fixture
def planner(world: World) -> User:
    return PersonFactory.create(organisation=world.owner, roles=["planner"])


@pytest.fixture
def queue(world: World, planner: User) -> Queue:
    """Six weeks of Monday-Saturday history, 08:00-20:00 (Saturday 09:00-14:00)."""
    queue = QueueFactory.create(organisation=world.owner, vendor=world.vendor, interval_minutes=30)
    records = synthetic_history(
        rng=random.Random(7),
        first_day=ORIGIN - timedelta(weeks=6),
        last_day=ORIGIN + timedelta(days=6),
        interval_minutes=30,
        daily_calls=800,
    )
    history_store(
        queue=queue, records=records, file_name="h.csv", file_format="csv", imported_by=planner
    )
    return queue


@pytest.mark.django_db(transaction=True)
def test_the_models_are_fitted_before_a_transaction_stores_the_forecast_and_its_history(
    queue: Queue, planner: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Before: the fit ran inside the transaction that stored the forecast; the history's
    # conversion to UTC inside the one that stored the intervals.
    in_transaction: dict[str, bool] = {}

    def watched(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            in_transaction[name] = transaction.get_connection().in_atomic_block
            return function(*args, **kwargs)

        return call

    monkeypatch.setattr(forecasts, "forecast_from_origin", watched("fit", forecast_from_origin))
    monkeypatch.setattr(history, "local_starts_to_utc", watched("utc", local_starts_to_utc))

    forecast = forecast_create(queue=queue, origin=ORIGIN, horizon_days=1, created_by=planner)
    history_store(
        queue=queue,
        records=[IntervalRecord(local_start=datetime(2026, 3, 2, 9, 0), calls=4)],  # noqa: DTZ001
        file_name="late.csv",
        file_format="csv",
        imported_by=planner,
    )

    assert in_transaction == {"fit": False, "utc": False}
    assert forecast.intervals.exists()
    assert HistoryInterval.objects.filter(source__file_name="late.csv").count() == 1


def test_a_forecast_covers_the_worked_days_and_hours_only(queue: Queue, planner: User) -> None:
    forecast = forecast_create(queue=queue, origin=ORIGIN, horizon_days=7, created_by=planner)

    local = [i.starts_at.astimezone(queue_zone(queue)) for i in forecast.intervals.all()]
    days = {t.date() for t in local}
    assert ORIGIN + timedelta(days=6) not in days  # Sunday: the centre is closed
    assert len(days) == 6
    assert min(t.hour for t in local) == 8
    assert max(t.hour for t in local) == 19  # the last interval starts at 19:30
    monday = [i for i, t in zip(forecast.intervals.all(), local, strict=True) if t.date() == ORIGIN]
    assert len(monday) == 24
    assert 800 < sum(i.calls for i in monday) < 1300  # Monday is busier than the 800 average
    assert all(i.lower_95 <= i.lower_80 <= i.calls <= i.upper_80 <= i.upper_95 for i in monday)
    assert all(200 < i.aht_seconds < 300 for i in monday)


def test_history_on_or_after_the_origin_is_never_used(queue: Queue, planner: User) -> None:
    before = forecast_create(queue=queue, origin=ORIGIN, horizon_days=3, created_by=planner)
    origin_start = datetime.combine(ORIGIN, datetime.min.time(), tzinfo=queue_zone(queue))
    changed = HistoryInterval.objects.filter(queue=queue, starts_at__gte=origin_start).update(
        calls=9999
    )
    assert changed > 0

    after = forecast_create(queue=queue, origin=ORIGIN, horizon_days=3, created_by=planner)

    assert list(before.intervals.values_list("calls", flat=True)) == list(
        after.intervals.values_list("calls", flat=True)
    )


def test_a_closed_special_day_gets_no_intervals_and_a_campaign_gets_more(
    queue: Queue, planner: User
) -> None:
    plain = forecast_create(queue=queue, origin=ORIGIN, horizon_days=2, created_by=planner)
    special_day_set(queue=queue, day=ORIGIN, factor=0, reason="Nauryz")
    closed = forecast_create(queue=queue, origin=ORIGIN, horizon_days=2, created_by=planner)
    special_day_set(queue=queue, day=ORIGIN + timedelta(days=1), factor=1.5, reason="New payslips")

    special = forecast_create(queue=queue, origin=ORIGIN, horizon_days=2, created_by=planner)

    tuesday = ORIGIN + timedelta(days=1)
    zone = queue_zone(queue)
    assert {i.starts_at.astimezone(zone).date() for i in special.intervals.all()} == {tuesday}
    plain_tuesday = sum(
        i.calls for i in plain.intervals.all() if i.starts_at.astimezone(zone).date() == tuesday
    )
    after_holiday = sum(i.calls for i in closed.intervals.all())
    # The calls the closed Monday held back come on Tuesday (the queue's Mondays are busier).
    assert after_holiday > 1.3 * plain_tuesday
    assert sum(i.calls for i in special.intervals.all()) == pytest.approx(1.5 * after_holiday)


def test_a_day_not_imported_yet_is_not_taken_for_a_closure_unless_declared(
    queue: Queue, planner: User
) -> None:
    tuesday = ORIGIN + timedelta(days=1)
    from_monday = forecast_create(queue=queue, origin=ORIGIN, horizon_days=2, created_by=planner)
    monday_start = datetime.combine(ORIGIN, datetime.min.time(), tzinfo=queue_zone(queue))
    HistoryInterval.objects.filter(
        queue=queue, starts_at__gte=monday_start, starts_at__lt=monday_start + timedelta(days=1)
    ).delete()  # Monday's file is not imported yet

    from_tuesday = forecast_create(queue=queue, origin=tuesday, horizon_days=1, created_by=planner)
    special_day_set(queue=queue, day=ORIGIN, factor=0, reason="Public holiday")
    after_holiday = forecast_create(queue=queue, origin=tuesday, horizon_days=1, created_by=planner)

    zone = queue_zone(queue)
    on_tuesday = [
        i.calls
        for i in from_monday.intervals.all()
        if i.starts_at.astimezone(zone).date() == tuesday
    ]
    assert [i.calls for i in from_tuesday.intervals.all()] == pytest.approx(on_tuesday)
    # Declared closed, Monday holds back its calls and the weekend's for Tuesday.
    assert sum(i.calls for i in after_holiday.intervals.all()) > 1.3 * sum(on_tuesday)


def test_a_planner_overrides_an_interval_with_a_reason_and_publishes(
    client: Client, queue: Queue, planner: User
) -> None:
    client.force_login(planner)
    response = client.post(
        reverse("wfm:forecast-new", args=[queue.pk]),
        {"origin": ORIGIN.isoformat(), "horizon_days": 1},
    )
    forecast = Forecast.objects.get()
    interval = forecast.intervals.order_by("starts_at").first()
    assert interval is not None

    row = client.post(
        reverse("wfm:forecast-override", args=[interval.pk]),
        {"calls": 120, "reason": "Payroll error letter"},
        headers={"HX-Request": "true"},
    )
    page = client.get(reverse("wfm:forecast-detail", args=[forecast.pk])).content.decode()
    published = client.post(reverse("wfm:forecast-publish", args=[forecast.pk]))

    assert response.status_code == 302
    assert b"<html" not in row.content
    assert b"120.0" in row.content
    assert b"<td>08:00</td>" in row.content  # the queue's local time, not UTC
    assert 'id="forecast-chart"' in page
    assert "Payroll error letter" in page
    overridden = ForecastInterval.objects.get(pk=interval.pk)
    assert overridden.calls == 120
    assert overridden.overrides.get().reason == "Payroll error letter"
    plan = StaffingPlan.objects.get()
    assert published["Location"] == reverse("wfm:plan-detail", args=[plan.pk])
    first = plan.requirements.order_by("starts_at").first()
    assert first is not None
    assert first.calls == 120
    assert first.agents > plan.requirements.order_by("starts_at")[1].agents


def test_the_staffing_plan_chart_stops_at_night_instead_of_drawing_agents_across_it(
    client: Client, queue: Queue, planner: User
) -> None:
    forecast = forecast_create(queue=queue, origin=ORIGIN, horizon_days=2, created_by=planner)
    client.force_login(planner)
    client.post(reverse("wfm:forecast-publish", args=[forecast.pk]))
    plan = StaffingPlan.objects.get()

    page = client.get(reverse("wfm:plan-detail", args=[plan.pk]))
    chart = json.loads(page.context["chart_json"])

    night = chart["starts"].index(f"{ORIGIN} 20:00")
    assert chart["agents"][night] is None
    assert chart["scheduled"][night] is None
    assert chart["agents"].count(None) == 1
    assert chart["starts"][night + 1] == f"{ORIGIN + timedelta(days=1)} 08:00"


def test_an_override_needs_a_reason_and_changes_nothing_without_one(
    client: Client, queue: Queue, planner: User
) -> None:
    forecast = forecast_create(queue=queue, origin=ORIGIN, horizon_days=1, created_by=planner)
    interval = forecast.intervals.order_by("starts_at").first()
    assert interval is not None
    client.force_login(planner)

    row = client.post(
        reverse("wfm:forecast-override", args=[interval.pk]), {"calls": 5, "reason": ""}
    )

    assert b"error" in row.content
    assert ForecastInterval.objects.get(pk=interval.pk).calls == interval.calls


def test_a_figure_beyond_any_centre_is_refused_and_changes_nothing(
    client: Client, queue: Queue, planner: User
) -> None:
    forecast = forecast_create(queue=queue, origin=ORIGIN, horizon_days=1, created_by=planner)
    interval = forecast.intervals.order_by("starts_at").first()
    assert interval is not None
    client.force_login(planner)
    before = list(forecast.intervals.order_by("starts_at").values_list("calls", flat=True))

    row = client.post(
        reverse("wfm:forecast-override", args=[interval.pk]), {"calls": "1e308", "reason": "typo"}
    )
    forecast_interval_override(
        interval=interval, calls=60_000, reason="a real surge", changed_by=planner
    )
    with pytest.raises(ValidationError) as refused:
        forecast_day_scale(
            forecast=forecast, day=ORIGIN, percent=500, reason="x6", changed_by=planner
        )
    with pytest.raises(ValidationError):
        forecast_interval_override(
            interval=interval, calls=float("inf"), reason="inf", changed_by=planner
        )

    # Before: 1e308 was stored and a +500 % day made it infinite, which broke the chart,
    # the CSV and publishing.
    assert "less than or equal to 100000" in row.content.decode()
    assert refused.value.message_dict == {"calls": ["At most 100,000 calls per interval."]}
    after = list(forecast.intervals.order_by("starts_at").values_list("calls", flat=True))
    assert after == [60_000, *before[1:]]


def test_the_csv_export_has_the_cli_columns(client: Client, queue: Queue, planner: User) -> None:
    forecast = forecast_create(queue=queue, origin=ORIGIN, horizon_days=1, created_by=planner)
    client.force_login(planner)

    text = client.get(reverse("wfm:forecast-export", args=[forecast.pk, "csv"])).content.decode()

    header, first = text.splitlines()[:2]
    assert header.startswith("timestamp,calls,lower_80,upper_80,lower_95,upper_95")
    assert first.startswith("2026-03-02 08:00:00,")


def test_vendors_do_not_see_forecasts_and_a_short_history_is_refused(
    client: Client, world: World, queue: Queue, planner: User
) -> None:
    forecast = forecast_create(queue=queue, origin=ORIGIN, horizon_days=1, created_by=planner)
    client.force_login(PersonFactory.create(organisation=world.vendor, roles=["vendor_manager"]))

    assert client.get(reverse("wfm:forecast-detail", args=[forecast.pk])).status_code == 404
    with pytest.raises(ValidationError, match="no history before"):
        forecast_create(queue=queue, origin=date(2020, 1, 1), horizon_days=1, created_by=planner)


def queue_zone(queue: Queue) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(queue.time_zone)


def test_the_queue_page_shows_18_months_of_totals_that_follow_the_growth(
    client: Client, queue: Queue, planner: User
) -> None:
    client.force_login(planner)

    flat = client.get(reverse("wfm:queue-detail", args=[queue.pk])).context["long_range"]
    grown = client.get(reverse("wfm:queue-detail", args=[queue.pk]), {"growth": "20"}).context[
        "long_range"
    ]

    assert len(flat) in (18, 19)  # the current month's remainder plus 18 months
    # About 6 worked days a week at roughly 800 calls a day: 16-23 thousand calls a month.
    assert all(14_000 < calls < 25_000 for _, calls, _, _ in flat[1:-1])
    assert grown[-1][1] > flat[-1][1] * 1.2  # 20 % a year, compounded over 18 months


def test_a_horizon_of_closed_days_only_is_refused(queue: Queue, planner: User) -> None:
    sunday = ORIGIN + timedelta(days=6)

    with pytest.raises(ValidationError, match="No working day"):
        forecast_create(queue=queue, origin=sunday, horizon_days=1, created_by=planner)
    assert not Forecast.objects.exists()


def test_an_undeclared_day_of_zeros_is_left_out_and_marked_on_the_chart(
    queue: Queue, planner: User
) -> None:
    wednesday = ORIGIN - timedelta(days=12)  # an export that lost a day: every interval 0
    start = datetime.combine(wednesday, datetime.min.time(), tzinfo=queue_zone(queue))
    lost_day = HistoryInterval.objects.filter(
        queue=queue, starts_at__gte=start, starts_at__lt=start + timedelta(days=1)
    )
    assert lost_day.update(calls=0) == 24

    zeros = forecast_create(queue=queue, origin=ORIGIN, horizon_days=1, created_by=planner)
    chart = forecast_chart(read_forecast(planner, forecast=zeros))
    special_day_set(queue=queue, day=wednesday, factor=0.0, reason="Export lost")
    declared = forecast_chart(read_forecast(planner, forecast=zeros))
    queue.special_days.all().delete()
    lost_day.delete()
    no_rows = forecast_create(queue=queue, origin=ORIGIN, horizon_days=1, created_by=planner)

    # The demo history's busy 24th and 25th (x1.6) may be marked too; the 18th is.
    assert wednesday.isoformat() in chart["unusual"]
    assert chart["special"] == []
    assert wednesday.isoformat() not in declared["unusual"]
    assert [s["day"] for s in declared["special"]] == [wednesday.isoformat()]
    # The day of zeros is read as a day without rows (closed), not as a day without calls.
    assert list(zeros.intervals.values_list("calls", flat=True)) == pytest.approx(
        list(no_rows.intervals.values_list("calls", flat=True))
    )


def test_the_chart_stops_its_lines_overnight_instead_of_drawing_calls_across_it(
    queue: Queue, planner: User
) -> None:
    forecast = forecast_create(queue=queue, origin=ORIGIN, horizon_days=2, created_by=planner)

    chart = forecast_chart(read_forecast(planner, forecast=forecast))

    # Monday 08:00-19:30 and Tuesday 08:00-19:30, with one empty point at Monday 20:00.
    night = chart["x"].index(f"{ORIGIN} 20:00")
    assert chart["x"][night - 1] == f"{ORIGIN} 19:30"
    assert chart["x"][night + 1] == f"{ORIGIN + timedelta(days=1)} 08:00"
    for series in ("model", "calls", "lower_80", "upper_80", "lower_95", "upper_95"):
        assert [i for i, v in enumerate(chart[series]) if v is None] == [night]
    assert len(chart["x"]) == 2 * 24 + 1
    # The history shown has one such point after each day it has rows, the last one excepted.
    history_days = {
        x[:10] for x, y in zip(chart["history_x"], chart["history_y"], strict=True) if y is not None
    }
    assert chart["history_y"].count(None) == len(history_days) - 1


def test_the_18_month_totals_count_a_declared_holiday_from_the_day_after_the_history(
    client: Client, queue: Queue, planner: User
) -> None:
    client.force_login(planner)
    url = reverse("wfm:queue-detail", args=[queue.pk])
    before = client.get(url).context["long_range"]
    holiday = date(2026, 5, 12)  # a Tuesday
    special_day_set(queue=queue, day=holiday, factor=0, reason="Public holiday")

    after = client.get(url).context["long_range"]
    page = client.get(url).content.decode()

    # The history ends on Saturday 7 March: March is counted from the 8th.
    assert [first for first, *_ in before[:3]] == [
        date(2026, 3, 8),
        date(2026, 4, 1),
        holiday.replace(day=1),
    ]
    assert "from 8 Mar" in page
    assert after[1] == before[1]  # April: nothing declared
    # May loses the Tuesday's calls (about 800) but what it holds back for the Wednesday.
    assert 500 < before[2][1] - after[2][1] < 850


def test_a_planner_changes_a_whole_day_by_a_percentage_keeping_its_shape_and_the_reasons(
    client: Client, queue: Queue, planner: User
) -> None:
    forecast = forecast_create(queue=queue, origin=ORIGIN, horizon_days=2, created_by=planner)
    before = {i.pk: i.calls for i in forecast.intervals.all()}
    client.force_login(planner)

    response = client.post(
        reverse("wfm:forecast-day-change", args=[forecast.pk]),
        {"day": ORIGIN.isoformat(), "percent": "15", "reason": "Payslip mailing"},
        follow=True,
    )

    monday = [
        i
        for i in forecast.intervals.all()
        if i.starts_at.astimezone(queue_zone(queue)).date() == ORIGIN
    ]
    assert len(monday) == 24
    for interval in monday:
        assert interval.calls == pytest.approx(before[interval.pk] * 1.15)
        override = interval.overrides.get()
        assert override.previous_calls == before[interval.pk]
        assert override.reason == "Payslip mailing"
    tuesday = forecast.intervals.exclude(pk__in=[i.pk for i in monday])
    assert all(i.calls == before[i.pk] for i in tuesday)
    assert not ForecastOverride.objects.filter(interval__in=tuesday).exists()
    assert f"{ORIGIN}: 24 intervals changed by +15 %." in response.content.decode()
    assert response.context["day"] == ORIGIN


@pytest.mark.parametrize(
    ("percent", "reason", "message"),
    [
        ("-120", "Outage", "Ensure this value is greater than or equal to -100.0."),
        ("10", "", "This field is required."),
    ],
)
def test_a_day_change_out_of_range_or_without_a_reason_changes_nothing(
    client: Client, queue: Queue, planner: User, percent: str, reason: str, message: str
) -> None:
    forecast = forecast_create(queue=queue, origin=ORIGIN, horizon_days=1, created_by=planner)
    before = sorted(forecast.intervals.values_list("calls", flat=True))
    client.force_login(planner)

    response = client.post(
        reverse("wfm:forecast-day-change", args=[forecast.pk]),
        {"day": ORIGIN.isoformat(), "percent": percent, "reason": reason},
        follow=True,
    )

    assert message in response.content.decode()
    assert sorted(forecast.intervals.values_list("calls", flat=True)) == before
    assert not ForecastOverride.objects.exists()
    with pytest.raises(ValidationError, match="no intervals on 2026-03-08"):
        forecast_day_scale(
            forecast=forecast, day=date(2026, 3, 8), percent=10, reason="Sunday", changed_by=planner
        )


def test_who_may_see_a_forecast_but_not_plan_cannot_change_a_day(
    client: Client, world: World, queue: Queue, planner: User
) -> None:
    forecast = forecast_create(queue=queue, origin=ORIGIN, horizon_days=1, created_by=planner)
    client.force_login(PersonFactory.create(organisation=world.owner, roles=["quality_analyst"]))

    page = client.get(reverse("wfm:forecast-detail", args=[forecast.pk]))
    changed = client.post(
        reverse("wfm:forecast-day-change", args=[forecast.pk]),
        {"day": ORIGIN.isoformat(), "percent": "50", "reason": "Mine"},
    )

    assert page.status_code == 200
    assert "Change the day" not in page.content.decode()
    assert changed.status_code == 404
    assert not ForecastOverride.objects.exists()


def test_once_the_calls_came_the_forecast_page_compares_model_and_planner_day_by_day(
    client: Client, queue: Queue, planner: User
) -> None:
    forecast = forecast_create(queue=queue, origin=ORIGIN, horizon_days=2, created_by=planner)
    monday = [i for i in forecast.intervals.order_by("starts_at") if local_day(i) == ORIGIN]
    # The model said 10 calls (band 9-11) in each of Monday's 24 intervals; 12 and 8 came
    # in turn: 2 calls off in each, 48 of 240, a WAPE of 20 %, and none in the band.
    ForecastInterval.objects.filter(pk__in=[i.pk for i in monday]).update(
        model_calls=10, calls=10, lower_80=9, upper_80=11
    )
    for n, interval in enumerate(monday):
        HistoryInterval.objects.filter(queue=queue, starts_at=interval.starts_at).update(
            calls=12 if n % 2 == 0 else 8
        )
    # The last interval was not forecast at all: its 8 calls count against a forecast of 0.
    monday[-1].delete()
    # The planner set the first interval to the 12 calls that came.
    forecast_interval_override(
        interval=monday[0], calls=12, reason="Letter sent", changed_by=planner
    )
    client.force_login(planner)

    page = client.get(reverse("wfm:forecast-detail", args=[forecast.pk]))
    accuracy = page.context["accuracy"]

    first = accuracy.days[0]
    assert first.day == ORIGIN
    assert first.actual == 240
    assert first.model == 230
    assert first.model_wape == pytest.approx((46 + 8) / 240)
    assert first.planner_wape == pytest.approx((44 + 8) / 240)
    assert first.within_80 == 0
    assert [d.day for d in accuracy.days] == [ORIGIN, ORIGIN + timedelta(days=1)]
    assert "Against the calls that came" in page.content.decode()
    assert "22.5%" in page.content.decode()
    chart = page.context["chart_json"]
    assert f"{ORIGIN} 08:00" in chart  # the calls that came are drawn beside the forecast


def test_a_forecast_of_days_still_to_come_has_no_accuracy_yet(
    client: Client, queue: Queue, planner: User
) -> None:
    sunday = ORIGIN + timedelta(days=6)  # the history ends on Saturday
    forecast = forecast_create(
        queue=queue, origin=sunday + timedelta(days=1), horizon_days=2, created_by=planner
    )
    client.force_login(planner)

    page = client.get(reverse("wfm:forecast-detail", args=[forecast.pk]))

    assert page.context["accuracy"] is None
    assert "Against the calls that came" not in page.content.decode()


def local_day(interval: ForecastInterval) -> date:
    return interval.starts_at.astimezone(queue_zone(interval.forecast.queue)).date()


def test_the_forecast_page_reads_a_long_forecast_in_as_few_queries_as_a_short_one(
    client: Client, queue: Queue, planner: User
) -> None:
    client.force_login(planner)
    short = forecast_create(queue=queue, origin=ORIGIN, horizon_days=1, created_by=planner)
    long = forecast_create(queue=queue, origin=ORIGIN, horizon_days=28, created_by=planner)
    forecast_day_scale(forecast=long, day=ORIGIN, percent=10, reason="Mailing", changed_by=planner)

    queries = {}
    for forecast in (short, long):
        with CaptureQueriesContext(connection) as captured:
            page = client.get(reverse("wfm:forecast-detail", args=[forecast.pk]))
        assert page.status_code == 200
        queries[forecast.horizon_days] = len(captured.captured_queries)

    # Before: one query per interval of the horizon (about 580 more for four weeks).
    assert long.intervals.count() > 20 * short.intervals.count()
    assert queries[28] == queries[1]
    assert page.content.decode().count(">changed<") == 24  # the day's intervals, overrides read


@pytest.mark.parametrize("language", ["ru", "zh-hans"])
@pytest.mark.parametrize(
    ("form_class", "field"), [(ForecastForm, "origin"), (SpecialDayForm, "day")]
)
def test_a_date_field_shows_its_date_to_the_browser_in_every_language(
    language: str, form_class: type[forms.Form], field: str
) -> None:
    with translation.override(language):
        shown = str(form_class(initial={field: date(2026, 11, 27)})[field])
        sent_back = form_class({field: "2026-11-27"})
        sent_back.is_valid()

    # Before: "27.11.2026" and "2026/11/27", which the browser's date picker shows as empty.
    assert 'value="2026-11-27"' in shown
    assert field not in sent_back.errors


@pytest.mark.parametrize("extension", ["pdf", "csv.exe", "XLSX"])
def test_a_forecast_is_exported_as_csv_or_xlsx_only(
    client: Client, queue: Queue, planner: User, extension: str
) -> None:
    forecast = forecast_create(queue=queue, origin=ORIGIN, horizon_days=1, created_by=planner)
    client.force_login(planner)

    wrong = client.get(reverse("wfm:forecast-export", args=[forecast.pk, extension]))
    workbook = client.get(reverse("wfm:forecast-export", args=[forecast.pk, "xlsx"]))

    # Before: 200 and CSV inside a file named forecast-<id>.pdf.
    assert wrong.status_code == 404
    assert workbook.status_code == 200
    assert workbook["Content-Disposition"] == f'attachment; filename="forecast-{forecast.pk}.xlsx"'
    assert workbook.content.startswith(b"PK")  # a zip, as every XLSX is


def test_pages_name_the_method_and_the_queueing_model_in_words_not_codes(
    client: Client, queue: Queue, planner: User
) -> None:
    forecast = forecast_create(queue=queue, origin=ORIGIN, horizon_days=1, created_by=planner)
    client.force_login(planner)
    client.post(reverse("wfm:forecast-publish", args=[forecast.pk]))
    plan = StaffingPlan.objects.get()

    forecast_page = client.get(reverse("wfm:forecast-detail", args=[forecast.pk])).content
    plan_page = client.get(reverse("wfm:plan-detail", args=[plan.pk])).content.decode()

    assert "daily level × weekday shape" in forecast_page.decode()
    assert b"level-shape" not in forecast_page
    assert "Erlang C (callers wait)" in plan_page
    assert "erlang_c" not in plan_page
