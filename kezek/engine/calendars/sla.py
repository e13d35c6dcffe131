"""SLA clocks on a business calendar: deadlines, elapsed working time, status, with pauses.

An SLA clock starts at ``started_at`` and counts working time of a :class:`BusinessCalendar`,
except while paused (a service-desk request waiting for the requester). The target is reached at
the deadline; a warning is due once ``warn_at_fraction`` of the target has elapsed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from kezek.engine.calendars.business import BusinessCalendar

__all__ = ["Pause", "SlaState", "SlaStatus", "sla_deadline", "sla_elapsed", "sla_status"]

SlaState = Literal["ok", "warning", "breached", "paused"]

Pause = tuple[datetime, datetime | None]
"""``(paused_at, resumed_at)``; ``resumed_at`` is ``None`` while the clock is still paused."""


@dataclass(frozen=True, slots=True)
class SlaStatus:
    """Where an SLA clock stands at one moment.

    Attributes
    ----------
    state : {"ok", "warning", "breached", "paused"}
        ``"breached"`` once ``now`` is past the deadline (even if paused since); otherwise
        ``"paused"`` while a pause covers ``now``; otherwise ``"warning"`` from ``warn_at`` on;
        otherwise ``"ok"``.
    elapsed : timedelta
        Working time counted from ``started_at`` to ``now``, pauses excluded.
    remaining : timedelta
        ``target - elapsed``; negative once overdue (overdue working time).
    deadline : datetime or None
        Moment the target is reached, in the calendar's zone; ``None`` while an open pause
        stops the clock before the target is reached.
    warn_at : datetime or None
        Moment ``warn_at_fraction`` of the target is reached; ``None`` like ``deadline``.
    elapsed_fraction : float
        ``elapsed / target`` (above 1 when overdue).
    """

    state: SlaState
    elapsed: timedelta
    remaining: timedelta
    deadline: datetime | None
    warn_at: datetime | None
    elapsed_fraction: float

    @property
    def overdue(self) -> timedelta:
        """Working time past the target; zero while within it."""
        return max(-self.remaining, timedelta(0))


def sla_deadline(
    *,
    calendar: BusinessCalendar,
    started_at: datetime,
    target: timedelta,
    pauses: Sequence[Pause] = (),
) -> datetime | None:
    """Moment the SLA clock reaches ``target`` of working time.

    Parameters
    ----------
    calendar : BusinessCalendar
        Working hours the clock counts.
    started_at : datetime
        Aware moment the clock starts (request created, or first response due from).
    target : timedelta
        Working time allowed, positive.
    pauses : Sequence[tuple[datetime, datetime | None]]
        Aware ``(paused_at, resumed_at)`` intervals; ``resumed_at=None`` is still paused.
        Overlapping pauses are merged; they must not start before ``started_at``.

    Returns
    -------
    datetime or None
        Aware, in the calendar's zone; ``None`` when an open pause began before the target was
        reached (the deadline is unknown until the clock resumes). A deadline that falls
        exactly at the start of a pause is that moment.

    Raises
    ------
    ValueError
        A naive moment, a non-positive ``target``, or an invalid pause (the message names it).
    """
    _check_target(target)
    return _reach(calendar, started_at, _merged_pauses(pauses, started_at=started_at), target)


def sla_elapsed(
    *,
    calendar: BusinessCalendar,
    started_at: datetime,
    now: datetime,
    pauses: Sequence[Pause] = (),
) -> timedelta:
    """Working time the SLA clock has counted from ``started_at`` to ``now``, pauses excluded.

    Pauses (or their parts) after ``now`` do not count; an open pause runs up to ``now``.

    Raises
    ------
    ValueError
        A naive moment, ``now`` before ``started_at``, or an invalid pause.
    """
    merged = _merged_pauses(pauses, started_at=started_at)
    if _utc("now", now) < _utc("started_at", started_at):
        raise ValueError(
            f"now must not be before started_at, got now={now.isoformat()} and "
            f"started_at={started_at.isoformat()}"
        )
    elapsed = calendar.between(started_at, now)
    for paused_at, resumed_at in merged:
        if paused_at >= now:
            break
        until = now if resumed_at is None else min(resumed_at, now)
        elapsed -= calendar.between(paused_at, until)
    return elapsed


def sla_status(
    *,
    calendar: BusinessCalendar,
    started_at: datetime,
    target: timedelta,
    now: datetime,
    pauses: Sequence[Pause] = (),
    warn_at_fraction: float = 0.75,
) -> SlaStatus:
    """State of the SLA clock at ``now``: ok, warning, breached or paused.

    Parameters
    ----------
    calendar, started_at, target, pauses
        As in :func:`sla_deadline`.
    now : datetime
        Aware moment to evaluate at, not before ``started_at``.
    warn_at_fraction : float
        Fraction of ``target`` (0 to 1) after which the state is ``"warning"``.

    Returns
    -------
    SlaStatus

    Raises
    ------
    ValueError
        As :func:`sla_deadline` and :func:`sla_elapsed`; ``warn_at_fraction`` outside [0, 1].
    """
    _check_target(target)
    if isinstance(warn_at_fraction, bool) or not (
        isinstance(warn_at_fraction, int | float) and 0.0 <= warn_at_fraction <= 1.0
    ):
        raise ValueError(f"warn_at_fraction must be a number from 0 to 1, got {warn_at_fraction!r}")
    merged = _merged_pauses(pauses, started_at=started_at)
    elapsed = sla_elapsed(calendar=calendar, started_at=started_at, now=now, pauses=merged)
    deadline = _reach(calendar, started_at, merged, target)
    warn_at = _reach(calendar, started_at, merged, target * warn_at_fraction)
    now_utc = _utc("now", now)
    state: SlaState
    if deadline is not None and now_utc > deadline:
        # Judged by the moment, not by elapsed working time: a deadline at 18:00 is breached
        # at 20:00 although no working time has elapsed since.
        state = "breached"
    elif any(p <= now_utc and (r is None or now_utc < r) for p, r in merged):
        state = "paused"
    elif warn_at is not None and now_utc >= warn_at:
        state = "warning"
    else:
        state = "ok"
    return SlaStatus(
        state=state,
        elapsed=elapsed,
        remaining=target - elapsed,
        deadline=deadline,
        warn_at=warn_at,
        elapsed_fraction=elapsed / target,
    )


def _reach(
    calendar: BusinessCalendar,
    started_at: datetime,
    pauses: Sequence[Pause],
    amount: timedelta,
) -> datetime | None:
    """Moment the clock has counted ``amount``, or ``None`` if an open pause stops it first."""
    cursor, remaining = started_at, amount
    for paused_at, resumed_at in pauses:
        available = calendar.between(cursor, paused_at)
        if remaining <= available:
            break
        remaining -= available
        if resumed_at is None:
            return None
        cursor = resumed_at
    return calendar.add(cursor, remaining)


def _merged_pauses(pauses: Sequence[Pause], *, started_at: datetime) -> list[Pause]:
    """Pauses in UTC, sorted, overlaps merged; an open pause absorbs every later one."""
    start = _utc("started_at", started_at)
    if isinstance(pauses, str) or not isinstance(pauses, Sequence):
        raise ValueError(
            f"pauses must be a sequence of (paused_at, resumed_at) pairs, got {pauses!r}"
        )
    checked: list[Pause] = []
    for index, pause in enumerate(pauses):
        if not (isinstance(pause, Sequence) and len(pause) == 2):
            raise ValueError(
                f"pauses[{index}] must be a (paused_at, resumed_at) pair, got {pause!r}"
            )
        paused_at = _utc(f"pauses[{index}] paused_at", pause[0])
        resumed_at = None if pause[1] is None else _utc(f"pauses[{index}] resumed_at", pause[1])
        if paused_at < start:
            raise ValueError(
                f"pauses[{index}] starts at {paused_at.isoformat()}, before started_at "
                f"{start.isoformat()}"
            )
        if resumed_at is not None and resumed_at < paused_at:
            raise ValueError(
                f"pauses[{index}] ends at {resumed_at.isoformat()}, before it starts at "
                f"{paused_at.isoformat()}"
            )
        checked.append((paused_at, resumed_at))
    checked.sort(key=lambda pause: pause[0])
    merged: list[Pause] = []
    for paused_at, resumed_at in checked:
        if merged and (merged[-1][1] is None or paused_at <= merged[-1][1]):
            last_end = merged[-1][1]
            end = None if last_end is None or resumed_at is None else max(last_end, resumed_at)
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((paused_at, resumed_at))
    return merged


def _check_target(target: object) -> None:
    if not isinstance(target, timedelta) or target <= timedelta(0):
        raise ValueError(f"target must be a positive timedelta, got {target!r}")


def _utc(name: str, moment: object) -> datetime:
    if not isinstance(moment, datetime) or moment.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime (with tzinfo), got {moment!r}")
    return moment
