"""The workforce demo: two queues with history, declared paydays, a forecast, plan and schedule."""

from __future__ import annotations

import random
from datetime import date

import pytest

from kezek.accounts import demo as accounts_demo
from kezek.accounts.models import User
from kezek.wfm import demo
from kezek.wfm.models import Forecast, Queue
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
