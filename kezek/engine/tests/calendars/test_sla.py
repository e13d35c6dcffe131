"""SLA clocks with pauses on the Sofia office calendar (Mon-Fri 09:00-13:00, 14:00-18:00).

15 April 2024 is a Monday; every expected value is worked out by hand in the comments.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kezek.engine.calendars import SlaStatus, sla_deadline, sla_elapsed, sla_status
from kezek.engine.tests.calendars.support import SOFIA, sofia_office

H = timedelta(hours=1)
CALENDAR = sofia_office()
STARTED = datetime(2024, 4, 15, 16, tzinfo=SOFIA)  # Monday 16:00


def sofia(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    """A moment in April 2024, Sofia time."""
    return datetime(2024, 4, day, hour, minute, second, tzinfo=SOFIA)


def status(
    now: datetime, pauses: list[tuple[datetime, datetime | None]] | None = None
) -> SlaStatus:
    return sla_status(
        calendar=CALENDAR, started_at=STARTED, target=8 * H, now=now, pauses=pauses or []
    )


def test_deadline_without_pauses_counts_working_hours() -> None:
    # Mon 16:00-18:00 (2 h), Tue 09:00-13:00 (4 h), 14:00-16:00 (2 h) -> Tue 16:00.
    assert sla_deadline(calendar=CALENDAR, started_at=STARTED, target=8 * H) == sofia(16, 16)


def test_a_closed_pause_pushes_the_deadline_to_a_window_end() -> None:
    # Waiting for the requester Mon 17:00 - Tue 10:00: Mon 16:00-17:00 counts 1 h, then
    # 7 h from Tue 10:00: 10:00-13:00 (3 h) and 14:00-18:00 (4 h) -> Tue 18:00 exactly.
    pauses = [(sofia(15, 17), sofia(16, 10))]

    deadline = sla_deadline(calendar=CALENDAR, started_at=STARTED, target=8 * H, pauses=pauses)

    assert deadline == sofia(16, 18)


def test_an_open_pause_leaves_the_deadline_unknown() -> None:
    pauses: list[tuple[datetime, datetime | None]] = [(sofia(15, 17), None)]

    assert sla_deadline(calendar=CALENDAR, started_at=STARTED, target=8 * H, pauses=pauses) is None


def test_an_open_pause_after_the_target_keeps_the_deadline() -> None:
    # 1 h target reached Mon 17:00; the pause from 17:30 comes too late to matter.
    pauses: list[tuple[datetime, datetime | None]] = [(sofia(15, 17, 30), None)]

    assert sla_deadline(calendar=CALENDAR, started_at=STARTED, target=H, pauses=pauses) == sofia(
        15, 17
    )


def test_a_deadline_at_the_start_of_a_pause_is_that_moment() -> None:
    # 1 h target from Mon 16:00 is reached at 17:00, exactly when the pause begins.
    pauses = [(sofia(15, 17), sofia(16, 10))]

    assert sla_deadline(calendar=CALENDAR, started_at=STARTED, target=H, pauses=pauses) == sofia(
        15, 17
    )


def test_overlapping_pauses_are_merged() -> None:
    # Mon 17:00-Tue 09:30 and Tue 09:00-10:00 together are Mon 17:00-Tue 10:00: as above.
    pauses = [(sofia(16, 9), sofia(16, 10)), (sofia(15, 17), sofia(16, 9, 30))]

    deadline = sla_deadline(calendar=CALENDAR, started_at=STARTED, target=8 * H, pauses=pauses)

    assert deadline == sofia(16, 18)


def test_elapsed_excludes_pauses_and_counts_an_open_pause_up_to_now() -> None:
    closed = [(sofia(15, 17), sofia(16, 10))]
    still_open: list[tuple[datetime, datetime | None]] = [(sofia(15, 17), None)]

    # Mon 16:00-17:00 (1 h) + Tue 10:00-11:00 (1 h) = 2 h.
    assert (
        sla_elapsed(calendar=CALENDAR, started_at=STARTED, now=sofia(16, 11), pauses=closed)
        == 2 * H
    )
    # Only Mon 16:00-17:00 before the open pause: 1 h.
    assert (
        sla_elapsed(calendar=CALENDAR, started_at=STARTED, now=sofia(16, 11), pauses=still_open)
        == H
    )
    # A pause that has not begun by now changes nothing: Mon 16:00-17:00 only (now 17:00).
    assert sla_elapsed(calendar=CALENDAR, started_at=STARTED, now=sofia(15, 17), pauses=closed) == H


@pytest.mark.parametrize(
    ("now", "state", "elapsed"),
    [
        # Tue 12:00: Mon 2 h + Tue 09:00-12:00 3 h = 5 h; warning from 6 h on.
        (sofia(16, 12), "ok", 5 * H),
        # 75 % of 8 h = 6 h is reached at Tue 13:00 (the start of lunch), so 13:30 warns.
        (sofia(16, 13, 30), "warning", 6 * H),
        # The deadline moment itself (Tue 16:00) is still within the target.
        (sofia(16, 16), "warning", 8 * H),
        # One second later it is breached.
        (sofia(16, 16, 0, 1), "breached", 8 * H + timedelta(seconds=1)),
        # Tue 20:00: breached although no working time passed since 18:00 (10 h elapsed).
        (sofia(16, 20), "breached", 10 * H),
    ],
)
def test_status_moves_from_ok_to_warning_to_breached(
    now: datetime, state: str, elapsed: timedelta
) -> None:
    result = status(now)

    assert result.state == state
    assert result.elapsed == elapsed
    assert result.remaining == 8 * H - elapsed
    assert result.deadline == sofia(16, 16)
    assert result.warn_at == sofia(16, 13)
    assert result.elapsed_fraction == pytest.approx(elapsed / (8 * H))


def test_overdue_working_time_is_reported_after_a_breach() -> None:
    # Wed 10:00: Mon 2 h + Tue 8 h + Wed 1 h = 11 h elapsed, 3 h overdue.
    result = status(sofia(17, 10))

    assert result.state == "breached"
    assert result.remaining == -3 * H
    assert result.overdue == 3 * H
    assert result.elapsed_fraction == pytest.approx(11 / 8)


def test_a_paused_clock_reports_paused_and_no_deadline() -> None:
    # Paused since Tue 10:00: Mon 2 h + Tue 09:00-10:00 1 h = 3 h, under the 6 h warning.
    result = status(sofia(16, 12), pauses=[(sofia(16, 10), None)])

    assert result == SlaStatus(
        state="paused",
        elapsed=3 * H,
        remaining=5 * H,
        deadline=None,
        warn_at=None,
        elapsed_fraction=3 / 8,
    )
    assert result.overdue == timedelta(0)


def test_a_clock_paused_after_its_breach_stays_breached() -> None:
    # Deadline Tue 16:00 passed, then paused from Tue 17:00; at Wed 10:00 it is breached.
    result = status(sofia(17, 10), pauses=[(sofia(16, 17), None)])

    assert result.state == "breached"
    assert result.elapsed == 9 * H  # Mon 2 h + Tue 09:00-13:00, 14:00-17:00 7 h
    assert result.deadline == sofia(16, 16)


def test_moments_in_other_zones_give_the_same_status() -> None:
    # Tue 13:30 EEST = 10:30 UTC.
    result = sla_status(
        calendar=CALENDAR,
        started_at=STARTED.astimezone(UTC),
        target=8 * H,
        now=datetime(2024, 4, 16, 10, 30, tzinfo=UTC),
    )

    assert (result.state, result.elapsed, result.deadline) == ("warning", 6 * H, sofia(16, 16))
    assert result.deadline is not None
    assert result.deadline.tzinfo == SOFIA


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"target": timedelta(0)}, "target must be a positive timedelta"),
        ({"warn_at_fraction": 1.5}, "warn_at_fraction must be a number from 0 to 1"),
        ({"now": sofia(15, 9)}, "now must not be before started_at"),
        (
            {"pauses": [(sofia(15, 9), sofia(15, 10))]},
            r"pauses\[0\] starts at .* before started_at",
        ),
        ({"pauses": [(sofia(16, 10), sofia(16, 9))]}, r"pauses\[0\] ends at .* before it starts"),
        (
            {"pauses": [(sofia(16, 9), None), (datetime(2024, 4, 16, 10), None)]},  # noqa: DTZ001
            r"pauses\[1\] paused_at must be an aware datetime",
        ),
        ({"started_at": datetime(2024, 4, 15, 16)}, "started_at must be an aware datetime"),  # noqa: DTZ001
        ({"pauses": [(sofia(16, 9),)]}, r"pauses\[0\] must be a \(paused_at, resumed_at\) pair"),
    ],
)
def test_bad_arguments_are_refused_by_name(kwargs: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {
        "calendar": CALENDAR,
        "started_at": STARTED,
        "target": 8 * H,
        "now": sofia(16, 12),
        **kwargs,
    }

    with pytest.raises(ValueError, match=message):
        sla_status(**arguments)  # type: ignore[arg-type]
