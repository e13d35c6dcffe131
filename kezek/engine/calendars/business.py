"""Business calendars: working windows in an IANA time zone, holidays, working-time arithmetic.

Working time is real elapsed time. A window ``[start, end)`` on a local date covers the real
instants from the first moment the local clock reads ``start`` on that date up to the first moment
it reads ``end``. So a 01:00-03:00 window on New York's spring-forward day lasts one hour, the same
window on the fall-back day lasts three, and a window boundary that falls in a spring-forward gap
is the moment of the jump.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kezek.engine.calendars.windows import (
    Window,
    normalise_holidays,
    normalise_hours,
    normalise_special_days,
)

__all__ = ["MAX_SEARCH_DAYS", "BusinessCalendar"]

MAX_SEARCH_DAYS = 3653
"""How far (in calendar days, ten years) ``add`` searches for a deadline before giving up."""

_ONE_DAY = timedelta(days=1)
_ONE_US = timedelta(microseconds=1)
_CACHE_DAYS = 4096

Interval = tuple[datetime, datetime]
"""A working interval as two aware UTC datetimes, end exclusive."""


class BusinessCalendar:
    """Working windows per weekday in an IANA time zone, with holidays.

    Parameters
    ----------
    time_zone : str
        IANA time zone name, e.g. ``"Europe/Sofia"``; windows and holidays are local to it.
    hours : Mapping[int, Sequence[tuple[time, time]]]
        Weekday (0 = Monday ... 6 = Sunday) to working windows ``(start, end)`` in local
        wall-clock time. ``time(0, 0)`` as an end means midnight at the end of that day, so
        ``(time(0, 0), time(0, 0))`` is the whole day. Several windows per day (lunch breaks) are
        allowed; they must not overlap. Weekdays left out have no working time.
    holidays : Iterable[date]
        Local dates without working time.
    special_days : Mapping[date, Sequence[tuple[time, time]]], optional
        Dates whose windows replace the weekday's and any holiday, e.g. a shortened day before a
        public holiday or a make-up working Saturday.

    Raises
    ------
    ValueError
        An unknown time zone, a weekday outside 0..6, a window that ends before it starts or
        overlaps another (the message names the weekday and window), or a holiday that is not a
        date.

    Notes
    -----
    Every moment given to the calendar must be aware; it may be in any zone. Every moment the
    calendar returns is aware and in the calendar's zone. All arithmetic is exact to the
    microsecond (integer ``timedelta`` arithmetic, no floats).

    References
    ----------
    .. [1] PEP 495, "Local Time Disambiguation" (``fold``; times in gaps and overlaps).
    .. [2] IANA time zone database, https://www.iana.org/time-zones
    """

    __slots__ = (
        "_day_cache",
        "_holidays",
        "_irregular",
        "_offset_changes_cache",
        "_special",
        "_week",
        "_week_us",
        "_zone",
    )

    def __init__(
        self,
        time_zone: str,
        hours: Mapping[int, Sequence[tuple[time, time]]],
        holidays: Iterable[date] = (),
        *,
        special_days: Mapping[date, Sequence[tuple[time, time]]] | None = None,
    ) -> None:
        self._zone = _zone(time_zone)
        self._week = normalise_hours(hours)
        self._holidays = normalise_holidays(holidays)
        self._special = normalise_special_days(special_days)
        self._week_us = sum(end - start for day in self._week for start, end in day)
        # Dates that break the weekly pattern: week jumps must stop before them.
        self._irregular = tuple(sorted(self._holidays | self._special.keys()))
        self._day_cache: dict[date, tuple[Interval, ...]] = {}
        self._offset_changes_cache: dict[int, tuple[date, ...]] = {}

    @property
    def time_zone(self) -> str:
        """IANA name of the calendar's zone."""
        return self._zone.key

    @property
    def zone(self) -> ZoneInfo:
        """The calendar's zone; results of :meth:`add` are in it."""
        return self._zone

    @property
    def holidays(self) -> frozenset[date]:
        """Local dates without working time (unless also in ``special_days``)."""
        return self._holidays

    @property
    def week_working_time(self) -> timedelta:
        """Nominal working time of a week without holidays or clock changes."""
        return timedelta(microseconds=self._week_us)

    def __repr__(self) -> str:
        return (
            f"BusinessCalendar(time_zone={self.time_zone!r}, "
            f"week_working_time={self.week_working_time!s}, holidays={len(self._holidays)}, "
            f"special_days={len(self._special)})"
        )

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """The moment ``duration`` of working time after ``start``.

        Parameters
        ----------
        start : datetime
            Aware moment, in any zone; it may lie outside working hours.
        duration : timedelta
            Working time to add, zero or more.

        Returns
        -------
        datetime
            Aware, in the calendar's zone. A deadline that falls exactly at the end of a window
            is that moment, not the start of the next window. A zero ``duration`` returns
            ``start`` itself, unchanged (same object and zone), even outside working hours: no
            working time is needed, so nothing is rolled forward.

        Raises
        ------
        ValueError
            ``start`` is naive or not a datetime, ``duration`` is negative, the calendar has no
            working time at all, or the deadline lies more than ``MAX_SEARCH_DAYS`` (ten years)
            of calendar days after ``start``.
        """
        cursor = _to_utc("start", start)
        if not isinstance(duration, timedelta) or duration < timedelta(0):
            raise ValueError(f"duration must be a timedelta of zero or more, got {duration!r}")
        if not duration:
            return start
        if self._week_us == 0 and not any(self._special.values()):
            raise ValueError(
                "the calendar has no working hours at all, so a deadline "
                f"{duration} of working time after start can never be reached"
            )
        try:
            deadline = self._add_utc(cursor, duration // _ONE_US)
        except OverflowError as exc:
            raise ValueError(f"start {start.isoformat()} plus {duration} is out of range") from exc
        if deadline is None:
            raise ValueError(
                f"duration {duration} of working time is not reached within {MAX_SEARCH_DAYS} "
                f"days (ten years) after start {start.isoformat()}: the calendar has too little "
                "working time; check its hours and holidays"
            )
        return deadline.astimezone(self._zone)

    def between(self, start: datetime, end: datetime) -> timedelta:
        """Working time from ``start`` to ``end``.

        Parameters
        ----------
        start, end : datetime
            Aware moments, in any zones.

        Returns
        -------
        timedelta
            Working time in ``[start, end)``. When ``end`` is before ``start`` the result is
            negative: ``between(end, start)`` with its sign flipped, so overdue time can be
            computed as ``between(deadline, now)``.

        Raises
        ------
        ValueError
            ``start`` or ``end`` is naive or not a datetime.
        """
        start_utc = _to_utc("start", start)
        end_utc = _to_utc("end", end)
        try:
            if end_utc < start_utc:
                return -self._between_utc(end_utc, start_utc)
            return self._between_utc(start_utc, end_utc)
        except OverflowError as exc:
            raise ValueError(f"start {start} or end {end} is out of range") from exc

    def is_working(self, moment: datetime) -> bool:
        """Whether the aware ``moment`` lies inside a working window (start in, end out)."""
        instant = _to_utc("moment", moment)
        local_day = self._local_date(instant)
        return any(
            lo <= instant < hi
            for day in (local_day - _ONE_DAY, local_day, local_day + _ONE_DAY)
            for lo, hi in self._day(day)
        )

    def _add_utc(self, cursor: datetime, remaining_us: int) -> datetime | None:
        first = self._local_date(cursor)
        limit = first + timedelta(days=min(MAX_SEARCH_DAYS, (date.max - first).days - 2))
        # Start a day early: after a fall-back across midnight the previous local date's
        # windows can still lie ahead of the cursor.
        day = first - _ONE_DAY
        while day <= limit:
            if (day - first).days >= 2:  # the whole day lies after the cursor
                weeks = self._whole_weeks(day, (limit - day).days, remaining_us - 1)
                if weeks:
                    remaining_us -= weeks * self._week_us
                    day += timedelta(days=7 * weeks)
                    continue
            for lo, hi in self._day(day):
                if hi <= cursor:
                    continue
                lo = max(lo, cursor)
                span_us = (hi - lo) // _ONE_US
                if remaining_us <= span_us:  # `<=`: a deadline at a window's end is that end
                    return lo + timedelta(microseconds=remaining_us)
                remaining_us -= span_us
            day += _ONE_DAY
        return None

    def _between_utc(self, start: datetime, end: datetime) -> timedelta:
        first, last = self._local_date(start), self._local_date(end)
        total_us = 0
        day = first - _ONE_DAY  # see _add_utc: neighbouring dates may reach across
        while day <= last + _ONE_DAY:
            if (day - first).days >= 2:
                # Whole weeks strictly inside (first + 1, last - 1) are counted arithmetically.
                weeks = self._whole_weeks(day, (last - day).days - 1, None)
                if weeks:
                    total_us += weeks * self._week_us
                    day += timedelta(days=7 * weeks)
                    continue
            for lo, hi in self._day(day):
                lo, hi = max(lo, start), min(hi, end)
                if hi > lo:
                    total_us += (hi - lo) // _ONE_US
            day += _ONE_DAY
        return timedelta(microseconds=total_us)

    def _whole_weeks(self, day: date, max_days: int, max_us: int | None) -> int:
        """Whole regular weeks from ``day`` on, within ``max_days`` days and ``max_us`` work.

        A regular day is no holiday or special day and has the same UTC offset at both its
        midnights, so its windows last exactly their nominal length; any seven consecutive
        regular days hold exactly one nominal week of working time.
        """
        if self._week_us == 0 or max_days < 7:
            return 0
        weeks = max_days // 7
        if max_us is not None:
            weeks = min(weeks, max_us // self._week_us)
        if weeks == 0:
            return 0
        irregular = self._next_irregular(day, day + timedelta(days=7 * weeks))
        return (irregular - day).days // 7

    def _next_irregular(self, day: date, horizon: date) -> date:
        """First holiday, special day or clock-change day in ``[day, horizon)``, else horizon."""
        index = bisect_left(self._irregular, day)
        if index < len(self._irregular):
            horizon = min(horizon, self._irregular[index])
        for year in range(day.year, horizon.year + 1):
            changes = self._offset_changes(year)
            index = bisect_left(changes, day)
            if index < len(changes):
                return min(horizon, changes[index])
        return horizon

    def _offset_changes(self, year: int) -> tuple[date, ...]:
        """Local dates of ``year`` whose two midnights differ in UTC offset (clock changes)."""
        cached = self._offset_changes_cache.get(year)
        if cached is None:
            day, changes = date(year, 1, 1), []
            last = date(year, 12, 31) if year < date.max.year else date(year, 12, 30)
            offset = self._midnight_offset(day)
            while day <= last:
                following = self._midnight_offset(day + _ONE_DAY)
                if following != offset:
                    changes.append(day)
                day, offset = day + _ONE_DAY, following
            cached = self._offset_changes_cache[year] = tuple(changes)
        return cached

    def _day(self, day: date) -> tuple[Interval, ...]:
        """Working intervals of one local date, as aware UTC datetimes (cached)."""
        cached = self._day_cache.get(day)
        if cached is None:
            cached = self._compute_day(day)
            if len(self._day_cache) >= _CACHE_DAYS:
                self._day_cache.clear()  # bounded memory for long-lived calendars
            self._day_cache[day] = cached
        return cached

    def _compute_day(self, day: date) -> tuple[Interval, ...]:
        windows = self._windows_on(day)
        if not windows:
            return ()
        midnight = datetime.combine(day, time.min)
        offset = self._midnight_offset(day)
        if offset == self._midnight_offset(day + _ONE_DAY):
            # No clock change today: every wall time exists once, at wall time minus offset.
            base = (midnight - offset).replace(tzinfo=UTC)
            return tuple(
                (base + timedelta(microseconds=lo), base + timedelta(microseconds=hi))
                for lo, hi in windows
            )
        intervals = []
        for lo, hi in windows:
            real_lo = self._first_instant(midnight + timedelta(microseconds=lo))
            real_hi = self._first_instant(midnight + timedelta(microseconds=hi))
            if real_hi > real_lo:  # a window wholly inside a spring-forward gap is empty
                intervals.append((real_lo, real_hi))
        return tuple(intervals)

    def _windows_on(self, day: date) -> tuple[Window, ...]:
        special = self._special.get(day)
        if special is not None:
            return special
        if day in self._holidays:
            return ()
        return self._week[day.weekday()]

    def _first_instant(self, wall: datetime) -> datetime:
        """Earliest real instant (aware UTC) at which the local clock reads ``wall`` or later.

        For a wall time that occurs twice (fall-back overlap) this is its first occurrence
        (``fold=0``, PEP 495). For one that never occurs (spring-forward gap) it is the instant
        of the jump, found by bisection between the two PEP 495 readings of the wall time.
        """
        instant = wall.replace(tzinfo=self._zone).astimezone(UTC)
        if instant.astimezone(self._zone).replace(tzinfo=None) == wall:
            return instant
        # In a gap, fold=0 reads the wall time with the offset before the jump (a later
        # instant) and fold=1 with the offset after it (an earlier one): the jump lies between.
        before = wall.replace(tzinfo=self._zone, fold=1).astimezone(UTC)
        after = instant
        while after - before > _ONE_US:
            middle = before + (after - before) // 2
            if middle.astimezone(self._zone).replace(tzinfo=None) >= wall:
                after = middle
            else:
                before = middle
        return after

    def _midnight_offset(self, day: date) -> timedelta:
        # fold=0: a midnight inside a gap reads the offset before the jump, which makes the
        # jump count against the day that contains it.
        offset = datetime.combine(day, time.min, tzinfo=self._zone).utcoffset()
        return timedelta(0) if offset is None else offset  # ZoneInfo never gives None

    def _local_date(self, instant: datetime) -> date:
        return instant.astimezone(self._zone).date()


def _zone(time_zone: object) -> ZoneInfo:
    if isinstance(time_zone, ZoneInfo):
        return time_zone
    if not isinstance(time_zone, str) or not time_zone:
        raise ValueError(f"time_zone must be an IANA time zone name, got {time_zone!r}")
    try:
        return ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(
            f"time_zone must be an IANA time zone name such as 'Europe/Sofia', got {time_zone!r}"
        ) from exc


def _to_utc(name: str, moment: object) -> datetime:
    if not isinstance(moment, datetime):
        raise ValueError(f"{name} must be an aware datetime, got {type(moment).__name__}")
    if moment.utcoffset() is None:
        raise ValueError(
            f"{name} must be an aware datetime (with tzinfo), got naive {moment.isoformat()}"
        )
    return moment.astimezone(UTC)
