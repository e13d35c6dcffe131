"""The workforce demo: two queues with history (one week of it from a per-call export),
declared paydays, a forecast, plan and schedule."""

from __future__ import annotations

import random
import zoneinfo
from collections.abc import Iterator
from datetime import date, timedelta
from statistics import median

import pytest
from django.db import transaction
from django.db.models import QuerySet
from pytest_django import DjangoDbBlocker

from kezek.accounts import demo as accounts_demo
from kezek.accounts.models import User
from kezek.wfm import demo
from kezek.wfm.models import Forecast, ForecastInterval, HistoryInterval, Queue
from kezek.wfm.selectors import forecast_accuracy, forecast_chart, read_forecast

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_demo")]


@pytest.fixture(scope="module")
def _demo(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """The demo, loaded once per worker for the module's tests (it takes seconds; they only read
    it) in a transaction that is rolled back after the last of them. Each test runs in a
    savepoint of it, so whatever a test writes is gone before the next one starts."""
    with django_db_blocker.unblock(), transaction.atomic():
        accounts_demo.load(rng=random.Random(1))
        demo.load(rng=random.Random(2))
        yield
        transaction.set_rollback(True)


def test_the_demo_declares_its_paydays_so_the_forecast_leaves_no_day_unexplained() -> None:
    payroll = Queue.objects.get(name="Payroll hotline")
    paydays = list(payroll.special_days.filter(reason="Payday").values_list("day", flat=True))
    forecast = Forecast.objects.get(queue=payroll)
    chart = forecast_chart(read_forecast(User.objects.get(username="planner"), forecast=forecast))

    assert paydays
    assert {day.day for day in paydays} <= {9, 10, 24, 25}
    assert all(day.weekday() != 6 for day in paydays)  # the centre is closed on Sundays
    assert any(date.fromisoformat(s["day"]) in paydays for s in chart["special"])
    assert chart["unusual"] == []
    assert forecast.intervals.exists()
    # One day the planner changed as a whole, with the reason kept on every interval.
    changed = forecast.intervals.filter(overrides__isnull=False).distinct()
    zone = zoneinfo.ZoneInfo(payroll.time_zone)
    assert len({i.starts_at.astimezone(zone).date() for i in changed}) == 1
    assert all(i.calls == pytest.approx(0.9 * i.model_calls) for i in changed)
    assert set(changed.values_list("overrides__reason", flat=True)) == {
        "Payslips also on the self-service portal from today"
    }


def test_the_day_after_a_public_holiday_gets_the_calls_it_held_back() -> None:
    payroll = Queue.objects.get(name="Payroll hotline")
    holidays = payroll.special_days.filter(reason="Public holiday").order_by("day")
    past, ahead = holidays.values_list("day", flat=True)
    zone = zoneinfo.ZoneInfo(payroll.time_zone)
    forecast = daily_totals(forecast_intervals(payroll), zone)
    history = daily_totals(HistoryInterval.objects.filter(queue=payroll), zone)
    paydays = set(payroll.special_days.filter(reason="Payday").values_list("day", flat=True))

    def usual(day: date) -> float:
        """Median of the last four ordinary same weekdays of the history."""
        same = [d for d in history if d.weekday() == day.weekday() and d not in paydays]
        return median(history[d] for d in sorted(same)[-4:])

    one_day = timedelta(days=1)
    # The history's holiday has no rows, and the day after it was busier (the demo's truth);
    assert past not in history
    assert history[past + one_day] > 1.3 * usual(past + one_day)
    # the week ahead's is not forecast, and the day after it gets the calls it holds back
    # (a Monday's holds back the weekend's too: about 45 % more; a Thursday's about 15 %).
    assert ahead not in forecast
    assert forecast[ahead + one_day] > (1.3 if ahead.weekday() == 0 else 1.1) * usual(
        ahead + one_day
    )


def forecast_intervals(queue: Queue) -> QuerySet[ForecastInterval]:
    return ForecastInterval.objects.filter(forecast=Forecast.objects.get(queue=queue))


def daily_totals(
    intervals: QuerySet[HistoryInterval] | QuerySet[ForecastInterval], zone: zoneinfo.ZoneInfo
) -> dict[date, float]:
    totals: dict[date, float] = {}
    for interval in intervals:
        day = interval.starts_at.astimezone(zone).date()
        totals[day] = totals.get(day, 0.0) + interval.calls
    return totals


def test_the_hr_lines_last_week_comes_from_a_per_call_export_with_waits() -> None:
    hr = Queue.objects.get(name="HR services line")
    export = hr.imports.get(file_format="call_times")
    week = HistoryInterval.objects.filter(queue=hr, source=export, calls__gt=0)

    assert export.file_name == "hr-line-calls.csv"
    assert week.count() > 100
    assert all(i.asa_seconds is not None and i.service_level is not None for i in week[:50])
    assert 5 < sum(i.asa_seconds or 0 for i in week[:50]) / 50 < 40  # about 15 s to answer


def test_the_hr_lines_forecast_of_last_week_stands_beside_the_calls_that_came() -> None:
    hr = Queue.objects.get(name="HR services line")
    forecast = Forecast.objects.get(queue=hr)
    accuracy = forecast_accuracy(
        read_forecast(User.objects.get(username="planner"), forecast=forecast)
    )

    assert forecast.origin == date.today() - timedelta(days=7)  # noqa: DTZ011
    assert accuracy is not None
    assert len(accuracy.days) == 6  # the centre works six days a week
    changed = [d for d in accuracy.days if d.planner != d.model]
    assert len(changed) == 1
    assert changed[0].planner == pytest.approx(1.08 * changed[0].model)
    assert 0.03 < accuracy.model_wape < 0.3


def test_the_in_house_queue_of_calls_only_is_forecast_with_its_planned_handle_time() -> None:
    benefits = Queue.objects.get(name="Benefits enquiries")
    forecast = Forecast.objects.get(queue=benefits)

    assert benefits.vendor is None
    assert not HistoryInterval.objects.filter(queue=benefits, aht_seconds__isnull=False).exists()
    assert forecast.horizon_days == 14
    assert set(forecast.intervals.values_list("aht_seconds", flat=True)) == {360.0}
