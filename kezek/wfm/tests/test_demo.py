"""The workforce demo: two queues with history (one week of it from a per-call export),
declared paydays, a forecast, plan and schedule."""

from __future__ import annotations

import random
import zoneinfo
from datetime import date, timedelta
from statistics import median

import pytest

from kezek.accounts import demo as accounts_demo
from kezek.accounts.models import User
from kezek.wfm import demo
from kezek.wfm.models import Forecast, HistoryInterval, Queue
from kezek.wfm.selectors import forecast_chart

pytestmark = pytest.mark.django_db


def test_the_demo_declares_its_paydays_so_the_forecast_leaves_no_day_unexplained() -> None:
    accounts_demo.load(rng=random.Random(1))
    demo.load(rng=random.Random(2))

    payroll = Queue.objects.get(name="Payroll hotline")
    paydays = list(payroll.special_days.filter(reason="Payday").values_list("day", flat=True))
    forecast = Forecast.objects.get(queue=payroll)
    chart = forecast_chart(User.objects.get(username="planner"), forecast=forecast)

    assert paydays
    assert {day.day for day in paydays} <= {9, 10, 24, 25}
    assert all(day.weekday() != 6 for day in paydays)  # the centre is closed on Sundays
    assert any(date.fromisoformat(s["day"]) in paydays for s in chart["special"])
    assert chart["unusual"] == []
    assert forecast.intervals.exists()


def test_the_day_after_the_demo_weeks_public_holiday_gets_the_calls_it_held_back() -> None:
    accounts_demo.load(rng=random.Random(1))
    demo.load(rng=random.Random(2))

    payroll = Queue.objects.get(name="Payroll hotline")
    holiday = payroll.special_days.get(reason="Public holiday").day
    after = holiday + timedelta(days=1)
    zone = zoneinfo.ZoneInfo(payroll.time_zone)
    forecast = Forecast.objects.get(queue=payroll)
    by_day: dict[date, float] = {}
    for interval in forecast.intervals.all():
        day = interval.starts_at.astimezone(zone).date()
        by_day[day] = by_day.get(day, 0.0) + interval.calls
    history: dict[date, int] = {}
    for record in HistoryInterval.objects.filter(queue=payroll):
        day = record.starts_at.astimezone(zone).date()
        history[day] = history.get(day, 0) + record.calls
    paydays = set(payroll.special_days.values_list("day", flat=True))
    ordinary = [day for day in history if day.weekday() == after.weekday() and day not in paydays]
    same_weekday = sorted(ordinary)[-4:]
    usual = median(history[day] for day in same_weekday)

    assert holiday not in by_day
    assert by_day[after] > 1.3 * usual


def test_the_hr_lines_last_week_comes_from_a_per_call_export_with_waits() -> None:
    accounts_demo.load(rng=random.Random(1))
    demo.load(rng=random.Random(2))

    hr = Queue.objects.get(name="HR services line")
    export = hr.imports.get(file_format="call_times")
    week = HistoryInterval.objects.filter(queue=hr, source=export, calls__gt=0)

    assert export.file_name == "hr-line-calls.csv"
    assert week.count() > 100
    assert all(i.asa_seconds is not None and i.service_level is not None for i in week[:50])
    assert 5 < sum(i.asa_seconds or 0 for i in week[:50]) / 50 < 40  # about 15 s to answer
