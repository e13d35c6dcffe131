"""Named agents and the cells of the agents file: availability windows, leave, templates.

The parsers are plain functions shared by the ``kezek roster`` command and the web pages. Each
takes ``where`` (``"agents.csv line 4, column availability"`` or just the column name) and
raises ``ValueError`` with a message that starts with it and quotes the cell.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from kezek.engine.scheduling import ShiftTemplate

__all__ = [
    "WEEKDAYS",
    "Agent",
    "AvailabilityWindow",
    "agent_from_cells",
    "check_pool",
    "format_window",
    "parse_availability",
    "parse_hours",
    "parse_template_list",
    "parse_unavailable_dates",
]

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MINUTES_PER_DAY = 1440
MAX_MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY
_WINDOW = re.compile(
    r"^(?P<days>[A-Za-z,\- ]+?)\s+(?P<start>\d{1,2}:\d{2})\s*-\s*(?P<end>\d{1,2}:\d{2})$"
)
_TIME = re.compile(r"^(\d{1,2}):([0-5]\d)$")


@dataclass(frozen=True, slots=True)
class AvailabilityWindow:
    """On ``weekdays`` (Monday = 0) the agent may work from ``start_minute`` to ``end_minute``.

    Local wall-clock minutes after midnight of the window's day; ``end_minute`` above 1440
    runs past midnight into the next day (``Fri 22:00-06:00`` ends at 1800). A shift must lie
    wholly inside one window.
    """

    weekdays: frozenset[int]
    start_minute: int
    end_minute: int

    def __post_init__(self) -> None:
        if not self.weekdays or not self.weekdays <= frozenset(range(7)):
            raise ValueError(
                f"weekdays must be a non-empty set of 0..6, got {sorted(self.weekdays)}"
            )
        if not 0 <= self.start_minute < MINUTES_PER_DAY:
            raise ValueError(f"start_minute must be in 0..1439, got {self.start_minute}")
        if not self.start_minute < self.end_minute <= self.start_minute + MINUTES_PER_DAY:
            raise ValueError(
                f"end_minute must be after start_minute and at most a day later, "
                f"got {self.start_minute}-{self.end_minute}"
            )

    def fits(self, *, start_minute: int, length_minutes: int) -> bool:
        """Whether a shift starting at wall-clock ``start_minute`` (0..1439) fits, ignoring DST."""
        return (
            self.start_minute <= start_minute and start_minute + length_minutes <= self.end_minute
        )


@dataclass(frozen=True, slots=True)
class Agent:
    """One named agent and what they may work.

    Attributes
    ----------
    agent_id : str
    min_minutes_per_week, max_minutes_per_week : int
        Paid minutes per ISO week (lunch unpaid). The minimum is scaled down for leave and for
        weeks partly outside the roster (see :func:`.rules.weekly_minimum_minutes`).
    availability : tuple of AvailabilityWindow
        Empty: any time.
    unavailable_dates : frozenset of date
        Local dates of leave: no shift may start on them.
    templates : frozenset of str or None
        Template names the agent may work; ``None``: all.
    skills : frozenset of str
        Compared with the roster's ``skill`` (the skill its queue needs), when one is given.
    preferred_templates : frozenset of str
        Templates the agent would rather work (the last goal).
    preferred_days_off : frozenset of int
        Weekdays (Monday = 0) the agent would rather have off (the last goal).
    """

    agent_id: str
    min_minutes_per_week: int
    max_minutes_per_week: int
    availability: tuple[AvailabilityWindow, ...] = ()
    unavailable_dates: frozenset[dt.date] = frozenset()
    templates: frozenset[str] | None = None
    skills: frozenset[str] = frozenset()
    preferred_templates: frozenset[str] = frozenset()
    preferred_days_off: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        if not self.agent_id.strip():
            raise ValueError("agent_id must not be empty")
        where = f"agent {self.agent_id!r}"
        if not 0 <= self.min_minutes_per_week <= MAX_MINUTES_PER_WEEK:
            raise ValueError(f"{where}: the weekly minimum must be between 0 and 168 hours")
        if not 0 <= self.max_minutes_per_week <= MAX_MINUTES_PER_WEEK:
            raise ValueError(f"{where}: the weekly maximum must be between 0 and 168 hours")
        if self.min_minutes_per_week > self.max_minutes_per_week:
            raise ValueError(
                f"{where}: min_hours_per_week {_hours(self.min_minutes_per_week)} is above "
                f"max_hours_per_week {_hours(self.max_minutes_per_week)}"
            )
        if not self.preferred_days_off <= frozenset(range(7)):
            raise ValueError(f"{where}: preferred_days_off must be weekdays 0..6")

    def may_work(self, template: str) -> bool:
        return self.templates is None or template in self.templates


def _hours(minutes: int) -> str:
    return f"{minutes / 60:g}"


def parse_hours(text: str, *, where: str) -> int:
    """Hours per week (``37.5``) as whole minutes; between 0 and 168."""
    try:
        hours = Decimal(text.strip())
    except InvalidOperation:
        raise ValueError(f"{where}: {text!r} is not a number of hours") from None
    minutes = hours * 60
    if not hours.is_finite() or not 0 <= hours <= 168 or minutes != minutes.to_integral_value():
        raise ValueError(f"{where}: {text!r} must be hours between 0 and 168, in whole minutes")
    return int(minutes)


def _weekday(name: str, where: str, cell: str) -> int:
    try:
        return WEEKDAYS.index(name.strip().capitalize())
    except ValueError:
        raise ValueError(
            f"{where}: {name.strip()!r} in {cell!r} is not a weekday ({', '.join(WEEKDAYS)})"
        ) from None


def _weekdays(text: str, where: str, cell: str) -> frozenset[int]:
    days: set[int] = set()
    for part in text.split(","):
        ends = part.split("-")
        if len(ends) == 1:
            days.add(_weekday(ends[0], where, cell))
        elif len(ends) == 2:
            first, last = _weekday(ends[0], where, cell), _weekday(ends[1], where, cell)
            days.update((first + k) % 7 for k in range((last - first) % 7 + 1))
        else:
            raise ValueError(f"{where}: {part.strip()!r} in {cell!r} is not a day or a range")
    return frozenset(days)


def _clock(text: str, where: str, cell: str, *, end: bool) -> int:
    match = _TIME.match(text)
    hours = int(match.group(1)) if match else 99
    limit = 24 if end else 23
    if match is None or hours > limit or (hours == 24 and match.group(2) != "00"):
        upper = "24:00" if end else "23:59"
        raise ValueError(f"{where}: {text!r} in {cell!r} is not a time between 00:00 and {upper}")
    return hours * 60 + int(match.group(2))


def parse_availability(text: str, *, where: str = "availability") -> tuple[AvailabilityWindow, ...]:
    """``Mon-Fri 07:00-15:00;Sat 08:00-20:00`` as windows; empty text: any time (``()``).

    Days are ``Mon`` .. ``Sun``, ranges (``Mon-Fri``, ``Fri-Mon`` wraps) and lists
    (``Mon,Wed``); an end at or before the start runs past midnight (``Fri 22:00-06:00``);
    ``24:00`` ends at midnight.
    """
    windows = []
    for item in text.split(";"):
        cell = item.strip()
        if not cell:
            if text.strip():
                raise ValueError(f"{where}: an empty window in {text!r}")
            continue
        match = _WINDOW.match(cell)
        if match is None:
            raise ValueError(
                f"{where}: {cell!r} is not a window like 'Mon-Fri 07:00-15:00' or 'Sat 08:00-20:00'"
            )
        days = _weekdays(match.group("days"), where, cell)
        start = _clock(match.group("start"), where, cell, end=False)
        stop = _clock(match.group("end"), where, cell, end=True)
        if stop <= start:
            stop += MINUTES_PER_DAY
        windows.append(AvailabilityWindow(days, start, stop))
    return tuple(windows)


def format_window(window: AvailabilityWindow) -> str:
    """A window written back in the file's form (``Mon,Tue 07:00-15:00``)."""
    days = ",".join(WEEKDAYS[d] for d in sorted(window.weekdays))
    end = window.end_minute % MINUTES_PER_DAY or MINUTES_PER_DAY
    return f"{days} {_hhmm(window.start_minute)}-{_hhmm(end)}"


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_unavailable_dates(text: str, *, where: str = "unavailable_dates") -> frozenset[dt.date]:
    """``2024-03-04;2024-03-05`` as dates; empty text: none."""
    dates = set()
    for item in text.split(";"):
        cell = item.strip()
        if not cell:
            if text.strip():
                raise ValueError(f"{where}: an empty date in {text!r}")
            continue
        try:
            dates.add(dt.date.fromisoformat(cell))
        except ValueError:
            raise ValueError(f"{where}: {cell!r} is not an ISO date (YYYY-MM-DD)") from None
    return frozenset(dates)


def parse_template_list(text: str, *, where: str = "shifts") -> frozenset[str] | None:
    """``early;late`` as template names; empty text: every template (``None``)."""
    if not text.strip():
        return None
    names = [item.strip() for item in text.split(";")]
    if not all(names):
        raise ValueError(f"{where}: an empty template name in {text!r}")
    return frozenset(names)


def agent_from_cells(
    *,
    agent_id: str,
    min_hours_per_week: str,
    max_hours_per_week: str,
    availability: str,
    unavailable_dates: str,
    shifts: str,
    where: str,
) -> Agent:
    """One row of the agents file as an :class:`Agent`; ``where`` names the row in messages."""
    agent_id = agent_id.strip()
    if not agent_id:
        raise ValueError(f"{where}, column agent_id: the agent id is empty")
    low = parse_hours(min_hours_per_week, where=f"{where}, column min_hours_per_week")
    high = parse_hours(max_hours_per_week, where=f"{where}, column max_hours_per_week")
    try:
        return Agent(
            agent_id=agent_id,
            min_minutes_per_week=low,
            max_minutes_per_week=high,
            availability=parse_availability(availability, where=f"{where}, column availability"),
            unavailable_dates=parse_unavailable_dates(
                unavailable_dates, where=f"{where}, column unavailable_dates"
            ),
            templates=parse_template_list(shifts, where=f"{where}, column shifts"),
        )
    except ValueError as exc:
        if str(exc).startswith(where):
            raise
        raise ValueError(f"{where}: {exc}") from None


def _fits_somewhere(window: AvailabilityWindow, templates: Iterable[ShiftTemplate]) -> bool:
    for t in templates:
        if t.weekdays is not None and not t.weekdays & window.weekdays:
            continue
        for start in t.start_minutes():
            if window.fits(start_minute=start % MINUTES_PER_DAY, length_minutes=t.length_minutes):
                return True
    return False


def check_pool(
    *,
    agents: Iterable[Agent],
    templates: tuple[ShiftTemplate, ...],
    first_date: dt.date,
    last_date: dt.date,
) -> None:
    """Refuse a pool the roster cannot be made for, naming the agent.

    Raises
    ------
    ValueError
        An agent id twice; an unknown template; a leave date outside ``first_date`` ..
        ``last_date``; a window that no template the agent may work fits into.
    """
    by_name = {t.name: t for t in templates}
    seen: set[str] = set()
    for agent in agents:
        where = f"agent {agent.agent_id!r}"
        if agent.agent_id in seen:
            raise ValueError(f"{where} appears more than once")
        seen.add(agent.agent_id)
        unknown = sorted((agent.templates or frozenset()) - by_name.keys())
        if unknown:
            raise ValueError(
                f"{where}: unknown shift template(s) {', '.join(map(repr, unknown))} "
                f"(known: {', '.join(sorted(by_name))})"
            )
        outside = sorted(d for d in agent.unavailable_dates if not first_date <= d <= last_date)
        if outside:
            raise ValueError(
                f"{where}: unavailable date {outside[0].isoformat()} is outside the roster "
                f"period {first_date.isoformat()}..{last_date.isoformat()}"
            )
        allowed = [t for t in templates if agent.may_work(t.name)]
        for window in agent.availability:
            if not _fits_somewhere(window, allowed):
                raise ValueError(
                    f"{where}: no shift template the agent may work fits inside the window "
                    f"{format_window(window)!r}"
                )
