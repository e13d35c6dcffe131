"""Business calendars stored as data, turned into engine calendars (cached per version)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kezek.accounts.models import BusinessCalendarModel, CalendarHoliday, CalendarWindow
from kezek.engine.calendars import BusinessCalendar

_CACHE: dict[tuple[int, datetime], BusinessCalendar] = {}
_CACHE_SIZE = 64


def calendar_engine(calendar: BusinessCalendarModel) -> BusinessCalendar:
    """The engine calendar of ``calendar``; rebuilt only when the row's ``updated_at`` moved."""
    key = (calendar.pk, calendar.updated_at)
    cached = _CACHE.get(key)
    if cached is None:
        hours: dict[int, list[tuple[time, time]]] = defaultdict(list)
        for window in CalendarWindow.objects.filter(calendar=calendar).order_by("start"):
            hours[window.weekday].append((window.start, window.end))
        holidays = CalendarHoliday.objects.filter(calendar=calendar).values_list("date", flat=True)
        try:
            cached = BusinessCalendar(calendar.time_zone, hours, list(holidays))
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.clear()
        _CACHE[key] = cached
    return cached


@transaction.atomic
def calendar_create(
    *,
    name: str,
    time_zone: str,
    hours: Mapping[int, Sequence[tuple[time, time]]],
    holidays: Iterable[tuple[date, str]] = (),
) -> BusinessCalendarModel:
    """A calendar with its windows (weekday 0 = Monday) and named holidays."""
    calendar = BusinessCalendarModel(name=name, time_zone=time_zone)
    calendar.full_clean()
    calendar.save()
    for weekday, windows in hours.items():
        for start, end in windows:
            window = CalendarWindow(calendar=calendar, weekday=weekday, start=start, end=end)
            window.full_clean()
            window.save()
    for day, holiday_name in holidays:
        holiday = CalendarHoliday(calendar=calendar, date=day, name=holiday_name)
        holiday.full_clean()
        holiday.save()
    calendar_engine(calendar)  # validates the windows as a whole (overlaps)
    return calendar


def calendar_touch(*, calendar: BusinessCalendarModel) -> None:
    """Mark the calendar changed after its windows or holidays were edited."""
    BusinessCalendarModel.objects.filter(pk=calendar.pk).update(updated_at=timezone.now())
