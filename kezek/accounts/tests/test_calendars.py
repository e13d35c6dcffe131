"""Business calendars are shared records of accounts: the centre's staff read them, whatever
their work (desk, rosters, attendance, quality); engine calendars follow their edits."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from kezek.accounts.calendars import calendar_create, calendar_engine, calendar_touch
from kezek.accounts.models import BusinessCalendarModel, CalendarHoliday, CalendarWindow
from kezek.accounts.tests.test_policy import PEOPLE, make_actor
from kezek.conftest import World
from kezek.core import policy

pytestmark = pytest.mark.django_db

ALMATY = ZoneInfo("Asia/Almaty")
LUNCH_DAY = [(time(9), time(13)), (time(14), time(18))]


def office() -> BusinessCalendarModel:
    return calendar_create(
        name="Almaty office",
        time_zone="Asia/Almaty",
        hours=dict.fromkeys(range(5), LUNCH_DAY),
        holidays=[(date(2026, 3, 9), "International Women's Day (observed)")],
    )


def test_an_engine_calendar_skips_lunch_weekends_and_holidays() -> None:
    engine = calendar_engine(office())
    friday_noon = datetime(2026, 3, 6, 12, tzinfo=ALMATY)

    # Friday 12:00 + 6 h: 1 h before lunch, 4 h after it, the weekend and Monday's holiday
    # skipped, the last hour on Tuesday morning.
    assert engine.add(friday_noon, timedelta(hours=6)) == datetime(2026, 3, 10, 10, tzinfo=ALMATY)


def test_a_holiday_added_later_reaches_the_engine_calendar_once_the_calendar_is_touched() -> None:
    calendar = office()
    monday_noon = datetime(2026, 3, 2, 12, tzinfo=ALMATY)
    lunch = monday_noon.replace(hour=13)
    assert calendar_engine(calendar).add(monday_noon, timedelta(hours=1)) == lunch

    CalendarHoliday.objects.create(calendar=calendar, date=date(2026, 3, 2), name="Closed")
    calendar_touch(calendar=calendar)
    calendar.refresh_from_db()

    tuesday_ten = datetime(2026, 3, 3, 10, tzinfo=ALMATY)
    assert calendar_engine(calendar).add(monday_noon, timedelta(hours=1)) == tuesday_ten


@pytest.mark.parametrize(("role", "kind"), list(PEOPLE))
def test_the_centres_staff_read_calendars_and_only_administrators_change_them(
    world: World, role: str, kind: str
) -> None:
    calendar = office()
    records = [
        calendar,
        CalendarWindow.objects.get(calendar=calendar, weekday=0, start=time(9)),
        CalendarHoliday.objects.get(calendar=calendar),
    ]
    actor = make_actor(world, role, kind)

    for record in records:
        assert policy.may(actor, "view", record) == (kind == "owner"), (role, kind, record)
        assert policy.may(actor, "change", record) == (role == "admin"), (role, kind, record)
