"""``kezek schedule``: the CSV and JSON contract, and bad input refused with exit code 2."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kezek.engine.scheduling import ShiftTemplate, make_schedule
from kezek.wfm.management.commands.schedule import Clock, read_requirement, write_schedule

SHIFTS = (
    "name,earliest_start,latest_start,start_step_minutes,length_minutes,lunch_minutes\n"
    "early,06:00,09:00,30,510,30\n"
    "late,12:00,15:00,30,480,0\n"
)


def _requirement(start: dt.datetime, agents: list[int], step_minutes: int = 15) -> str:
    rows = ["interval_start,agents"]
    for k, a in enumerate(agents):
        rows.append(
            f"{(start + dt.timedelta(minutes=step_minutes * k)).isoformat(timespec='minutes')},{a}"
        )
    return "\n".join(rows) + "\n"


def _day() -> list[int]:
    # 06:00-24:00 in 15-minute intervals: 4 agents 07:00-21:00, 2 in the evening.
    return [0] * 4 + [4] * 56 + [2] * 8 + [0] * 4


def _run(tmp_path: Path, requirement: str, shifts: str = SHIFTS, *extra: str) -> dict[str, object]:
    (tmp_path / "req.csv").write_text(requirement)
    (tmp_path / "shifts.csv").write_text(shifts)
    out = io.StringIO()
    call_command(
        "schedule",
        "--requirements",
        str(tmp_path / "req.csv"),
        "--shifts",
        str(tmp_path / "shifts.csv"),
        "--output",
        str(tmp_path / "schedule.csv"),
        "--json",
        "--time-limit-seconds",
        "10",
        *extra,
        stdout=out,
    )
    result: dict[str, object] = json.loads(out.getvalue())
    return result


def _rows(tmp_path: Path) -> list[dict[str, str]]:
    with (tmp_path / "schedule.csv").open() as fh:
        return list(csv.DictReader(fh))


def _minutes(text: str) -> int:
    h, m = text.split(":")
    return int(h) * 60 + int(m)


def test_schedule_writes_one_row_per_agent_shift_and_prints_the_json_figures(
    tmp_path: Path,
) -> None:
    result = _run(
        tmp_path,
        _requirement(dt.datetime(2024, 3, 4, 6, 0, tzinfo=dt.UTC), _day()),
        SHIFTS,
        "--max-on-break",
        "2",
    )
    assert list(result)[:7] == [
        "paid_hours",
        "lower_bound_hours",
        "gap",
        "shortfall_agent_intervals",
        "overstaffed_agent_intervals",
        "agent_shifts",
        "solve_seconds",
    ]
    rows = _rows(tmp_path)
    assert list(rows[0]) == ["agent_slot", "shift", "start", "end", "breaks"]
    assert len(rows) == result["agent_shifts"]
    assert result["shortfall_agent_intervals"] == 0
    assert result["lower_bound_hours"] <= result["paid_hours"]  # type: ignore[operator]
    assert [r["agent_slot"] for r in rows] == [str(k) for k in range(1, len(rows) + 1)]
    paid = 0.0
    for row in rows:
        start, end = dt.datetime.fromisoformat(row["start"]), dt.datetime.fromisoformat(row["end"])
        segments = [s.split("-") for s in row["breaks"].split(";")]
        off = sum(_minutes(b) - _minutes(a) for a, b in segments)
        # Early: 8.5 h less a 30-min lunch = 8 paid hours, 8 x 5 min breaks; late: 8 h.
        assert off == {"early": 30 + 40, "late": 40}[row["shift"]]
        paid += (end - start).total_seconds() / 3600 - (0.5 if row["shift"] == "early" else 0)
    assert paid == result["paid_hours"]


def test_token_limit_holds_in_the_written_schedule(tmp_path: Path) -> None:
    _run(
        tmp_path,
        _requirement(dt.datetime(2024, 3, 4, 6, 0, tzinfo=dt.UTC), _day()),
        SHIFTS,
        "--max-on-break",
        "1",
    )
    on_break = [0] * 1440
    for row in _rows(tmp_path):
        for segment in row["breaks"].split(";"):
            a, b = (_minutes(t) for t in segment.split("-"))
            if b - a != 30 or row["shift"] != "early":  # the 30-minute lunch holds no token
                for minute in range(a, b):
                    on_break[minute] += 1
    assert max(on_break) <= 1


def test_a_fall_back_day_with_utc_offsets_is_a_regular_25_hour_grid(tmp_path: Path) -> None:
    # Europe/Berlin, 2024-10-27: 00:00+02:00 .. 23:45+01:00 is 100 quarter hours.
    start = dt.datetime(2024, 10, 26, 22, 0, tzinfo=dt.UTC)
    lines = ["interval_start,agents"]
    for k in range(100):
        moment = start + dt.timedelta(minutes=15 * k)
        offset = dt.timedelta(
            hours=2 if moment < dt.datetime(2024, 10, 27, 1, 0, tzinfo=dt.UTC) else 1
        )
        local = moment.astimezone(dt.timezone(offset))
        agents = 3 if 7 <= local.hour < 21 else 0
        lines.append(f"{local.isoformat(timespec='minutes')},{agents}")
    result = _run(tmp_path, "\n".join(lines) + "\n", SHIFTS, "--break-minutes-per-hour", "0")
    assert result["shortfall_agent_intervals"] == 0
    starts = {r["start"][-6:] for r in _rows(tmp_path)}
    assert starts == {"+01:00"}


@pytest.mark.parametrize(
    ("requirement", "message"),
    [
        (
            "interval_start,agents\n2024-03-04T08:00,1\n2024-03-04T08:15,1\n2024-03-04T08:45,1\n",
            "req.csv line 4: interval_start 2024-03-04T08:45:00 is 30.0 minutes after",
        ),
        (
            "interval_start,agents\n2024-03-04T08:00,1\n2024-03-04T08:15,1\n2024-03-04T08:15,1\n",
            "req.csv line 4: interval_start 2024-03-04T08:15:00 is 0.0 minutes after",
        ),
        (
            "interval_start,agents\n2024-03-04T08:00,1\nnot a time,1\n",
            "req.csv line 3, column interval_start: not an ISO date-time",
        ),
        (
            "interval_start,agents\n2024-03-04T08:00,1\n2024-03-04T08:15,-1\n",
            "req.csv line 3, column agents: expected a whole number",
        ),
        (  # before: OverflowError from numpy
            "interval_start,agents\n2024-03-04T08:00,1\n2024-03-04T08:15,9223372036854775808\n",
            "req.csv line 3, column agents: expected a whole number from 0 to 1000000, "
            "got '9223372036854775808'",
        ),
        (
            "interval_start,agents\n2024-03-04T03:00,1\n2024-03-04T03:15,1\n",
            "req.csv line 2: no shift template covers interval_start 2024-03-04T03:00",
        ),
        ("start,agents\n2024-03-04T03:00,1\n", "missing column\\(s\\) interval_start"),
    ],
)
def test_bad_requirements_exit_2_naming_the_row_and_write_nothing(
    tmp_path: Path, requirement: str, message: str
) -> None:
    with pytest.raises(CommandError, match=message) as error:
        _run(tmp_path, requirement)
    assert error.value.returncode == 2
    assert not (tmp_path / "schedule.csv").exists()


@pytest.mark.parametrize(
    ("shifts", "message"),
    [
        (
            "early,6:00,25:00,30,480,0\n",
            "shifts.csv line 2, column latest_start: write a time as HH:MM, not 25:00",
        ),
        ("early,06:00,08:00,0,480,0\n", "shifts.csv line 2, column start_step_minutes"),
        (
            "early,06:00,08:00,30,480,0\nearly,07:00,08:00,30,480,0\n",
            "shifts.csv line 3, column name",
        ),
        ("=cmd,06:00,08:00,30,480,0\n", "shifts.csv line 2, column name: A name cannot start"),
        (
            "early,06:00,08:00,9223372036854775807,480,0\n",
            "shifts.csv line 2, column start_step_minutes: Ensure this value is less than or equal to 1440",
        ),
        (
            "early,06:10,08:10,30,480,0\n",
            "shifts.csv line 2: shift template 'early': earliest_start",
        ),
        (
            "early,06:00,08:00,30,90,0\n",
            "shifts.csv line 2: shift template 'early': 5 minutes of breaks do not fit",
        ),
        (  # the engine's own rule, past the templates page's
            "short,08:00,08:00,30,120,60\n",
            "shifts.csv line 2: shift template 'short': the lunch window is empty",
        ),
        (  # the templates page's rule: a start window does not wrap past midnight
            "night,22:00,02:00,30,480,0\n",
            "shifts.csv line 2, column latest_start: The latest start is before the earliest start.",
        ),
    ],
)
def test_bad_shift_templates_exit_2_naming_the_row(
    tmp_path: Path, shifts: str, message: str
) -> None:
    header = SHIFTS.splitlines()[0] + "\n"
    requirement = _requirement(dt.datetime(2024, 3, 4, 8, 0, tzinfo=dt.UTC), [1, 1])
    with pytest.raises(CommandError, match=message) as error:
        _run(tmp_path, requirement, header + shifts)
    assert error.value.returncode == 2
    assert not (tmp_path / "schedule.csv").exists()


def test_every_bad_shift_template_row_is_named_at_once_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    header = SHIFTS.splitlines()[0] + "\n"
    shifts = header + (
        "early,25:00,09:00,30,480,0\n"
        "late,12:00,15:00,3,480,0\n"
        "early,06:00,09:00,30,480,0\n"
        "=x,06:00,09:00,30,480,0\n"
    )
    requirement = _requirement(dt.datetime(2024, 3, 4, 8, 0, tzinfo=dt.UTC), [1, 1])

    with pytest.raises(CommandError) as error:
        _run(tmp_path, requirement, shifts)

    assert error.value.returncode == 2
    assert str(error.value).splitlines() == [
        "shifts.csv line 2, column earliest_start: write a time as HH:MM, not 25:00",
        "shifts.csv line 3, column start_step_minutes: "
        "Ensure this value is greater than or equal to 5.",
        "shifts.csv line 4, column name: early is already the name of line 2",
        "shifts.csv line 5, column name: A name cannot start with =, +, -, @, a tab or a "
        "carriage return: a spreadsheet would run it as a formula.",
    ]
    assert not (tmp_path / "schedule.csv").exists()


def test_shift_templates_are_read_as_the_templates_page_reads_them(tmp_path: Path) -> None:
    # A spreadsheet's export: a byte order mark, semicolons; and the page's days_of_week.
    requirement = _requirement(
        dt.datetime(2024, 3, 4, 8, 0, tzinfo=dt.UTC), [1] * 16, step_minutes=30
    )
    header = "\ufeffname;earliest_start;latest_start;start_step_minutes;length_minutes;"
    header += "lunch_minutes;days_of_week\n"

    with pytest.raises(CommandError, match=r"req\.csv line 2: no shift template covers") as error:
        _run(tmp_path, requirement, header + "Saturday;08:00;08:00;30;480;0;5\n")
    result = _run(tmp_path, requirement, header + "Monday;08:00;08:00;30;480;0;0\n")

    assert error.value.returncode == 2  # 2024-03-04 is a Monday
    assert result["shortfall_agent_intervals"] == 0
    assert {row["shift"] for row in _rows(tmp_path)} == {"Monday"}


def test_a_shift_named_like_a_formula_is_written_as_text(tmp_path: Path) -> None:
    # The command refuses such names; the writer quotes them for every other caller.
    name = '=HYPERLINK("http://x","y")'
    (tmp_path / "req.csv").write_text(
        _requirement(dt.datetime(2024, 3, 4, 8, 0, tzinfo=dt.UTC), [1] * 16, step_minutes=30)
    )
    requirement = read_requirement(tmp_path / "req.csv")
    schedule = make_schedule(
        templates=(ShiftTemplate(name, 8 * 60, 8 * 60, 30, 480),),
        grid=requirement.grid,
        time_limit_s=10,
    )

    write_schedule(tmp_path / "schedule.csv", schedule, Clock(requirement))

    assert {row["shift"] for row in _rows(tmp_path)} == {"'" + name}
