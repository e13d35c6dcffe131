"""Zones and calendars shared by the calendar tests (plain module: importlib import mode)."""

from __future__ import annotations

from datetime import date, time
from zoneinfo import ZoneInfo

from kezek.engine.calendars import BusinessCalendar

SOFIA = ZoneInfo("Europe/Sofia")
NEW_YORK = ZoneInfo("America/New_York")
SHANGHAI = ZoneInfo("Asia/Shanghai")
ALMATY = ZoneInfo("Asia/Almaty")
UTC_ZONE = ZoneInfo("UTC")

# An SSC office: Monday to Friday 09:00-13:00 and 14:00-18:00 (lunch 13:00-14:00), 40 h a week.
OFFICE_HOURS = {weekday: [(time(9), time(13)), (time(14), time(18))] for weekday in range(5)}
# Bulgarian public holidays of spring 2024: Labour Day (Wed 1 May), Orthodox Good Friday
# (3 May) and St George's Day / Easter Monday (Mon 6 May).
SOFIA_HOLIDAYS_2024 = [date(2024, 5, 1), date(2024, 5, 3), date(2024, 5, 6)]


ALWAYS = {weekday: [(time(0), time(0))] for weekday in range(7)}  # 24/7


def sofia_office() -> BusinessCalendar:
    return BusinessCalendar("Europe/Sofia", OFFICE_HOURS, SOFIA_HOLIDAYS_2024)


def sofia_always() -> BusinessCalendar:
    return BusinessCalendar("Europe/Sofia", ALWAYS, [])
