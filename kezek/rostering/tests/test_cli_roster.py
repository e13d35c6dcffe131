"""``kezek roster``: roster.csv and the JSON figures, and bad agents refused with exit code 2."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kezek.engine.rostering import Agent, RosterShift, check_roster
from kezek.wfm.management.commands.schedule import read_requirement, read_templates

SHIFTS = (
    "name,earliest_start,latest_start,start_step_minutes,length_minutes,lunch_minutes\n"
    "early,07:00,07:00,15,480,30\n"
    "late,12:00,12:00,15,480,0\n"
)
HEADER = "agent_id,min_hours_per_week,max_hours_per_week,availability,unavailable_dates,shifts\n"
POOL = HEADER + "".join(f"a{k},0,40,,,\n" for k in range(1, 7))
START = dt.datetime.fromisoformat("2024-03-04T00:00")  # naive: a requirement without offsets


def _requirement(agents_per_interval: int = 2, days: int = 2) -> str:
    """``agents_per_interval`` from 07:00 to 20:00 of each day, none at night; 15 minutes."""
    rows = ["interval_start,agents"]
    for k in range(days * 96):
        moment = START + dt.timedelta(minutes=15 * k)
        needed = agents_per_interval if 7 <= moment.hour < 20 else 0
        rows.append(f"{moment.isoformat(timespec='minutes')},{needed}")
    return "\n".join(rows) + "\n"


def _files(tmp_path: Path, agents: str, requirement: str) -> list[str]:
    (tmp_path / "req.csv").write_text(requirement)
    (tmp_path / "shifts.csv").write_text(SHIFTS)
    (tmp_path / "agents.csv").write_text(agents)
    return [
        "--requirements",
        str(tmp_path / "req.csv"),
        "--shifts",
        str(tmp_path / "shifts.csv"),
        "--agents",
        str(tmp_path / "agents.csv"),
        "--output",
        str(tmp_path / "roster.csv"),
        "--time-limit-seconds",
        "20",
    ]


def _run(tmp_path: Path, agents: str = POOL, *extra: str, requirement: str = "") -> dict[str, Any]:
    out = io.StringIO()
    arguments = _files(tmp_path, agents, requirement or _requirement())
    call_command("roster", *arguments, "--json", *extra, stdout=out)
    result: dict[str, Any] = json.loads(out.getvalue())
    return result


def _rows(tmp_path: Path) -> list[dict[str, str]]:
    with (tmp_path / "roster.csv").open() as fh:
        return list(csv.DictReader(fh))


def _elapsed(text: str) -> int:
    return int((dt.datetime.fromisoformat(text) - START).total_seconds() // 60)


def _breaks(start: str, cell: str) -> list[tuple[int, int]]:
    """The breaks column back to elapsed minutes (a shift here starts and ends on one day)."""
    day = dt.datetime.fromisoformat(start).date()
    spans = []
    for segment in filter(None, cell.split(";")):
        a, b = (dt.datetime.combine(day, dt.time.fromisoformat(t)) for t in segment.split("-"))
        spans.append((_elapsed(a.isoformat()), _elapsed(b.isoformat())))
    return spans


def test_roster_writes_one_row_per_shift_that_an_independent_check_finds_lawful(
    tmp_path: Path,
) -> None:
    result = _run(tmp_path)

    rows = _rows(tmp_path)
    assert list(rows[0]) == ["agent_id", "shift", "start", "end", "breaks"]
    assert len(rows) == result["shifts"] > 0
    assert {r["shift"] for r in rows} <= {"early", "late"}
    assert {r["agent_id"] for r in rows} <= {f"a{k}" for k in range(1, 7)}
    first = next(r for r in rows if r["shift"] == "early")
    assert first["start"].endswith("T07:00")
    assert first["end"].endswith("T15:00")
    assert first["breaks"].count(";") >= 1  # breaks and the lunch, HH:MM-HH:MM
    shifts = [
        RosterShift(
            agent_id=r["agent_id"],
            template=r["shift"],
            start_min=_elapsed(r["start"]),
            end_min=_elapsed(r["end"]),
            breaks_min=tuple(_breaks(r["start"], r["breaks"])),
        )
        for r in rows
    ]
    (tmp_path / "req.csv").write_text(_requirement())
    grid = read_requirement(tmp_path / "req.csv").grid
    templates, _lines = read_templates(tmp_path / "shifts.csv")
    pool = [Agent(f"a{k}", 0, 40 * 60) for k in range(1, 7)]
    assert check_roster(shifts=shifts, agents=pool, templates=templates, grid=grid) == ()
    assert result["rule_violations"] == []
    assert result["agents"] == 6
    assert result["shortfall_agent_intervals"] == 0
    assert set(result) >= {
        "paid_hours",
        "overstaffed_agent_intervals",
        "unused_agents",
        "solve_seconds",
        "status",
        "shortfall",
        "binding_rules",
    }


def test_an_undersized_pool_gets_a_roster_with_the_shortfall_and_its_binding_rule(
    tmp_path: Path,
) -> None:
    result = _run(tmp_path, HEADER + "a1,0,40,,,\na2,0,40,,,\n", requirement=_requirement(3))

    assert result["shortfall_agent_intervals"] > 0
    shortfall = result["shortfall"]
    assert shortfall
    assert shortfall[0]["required"] == 3
    assert shortfall[0]["short"] == shortfall[0]["required"] - shortfall[0]["net"] > 0
    assert shortfall[0]["binding_rule"] == "pool"
    assert result["binding_rules"]["pool"] > 0
    assert _rows(tmp_path)  # the best roster possible is still written


def test_max_on_break_one_keeps_at_most_one_agent_on_a_break(tmp_path: Path) -> None:
    result = _run(tmp_path, POOL, "--max-on-break", "1")

    assert result["max_on_break"] == 1
    rows = _rows(tmp_path)
    short_breaks = [
        span
        for r in rows
        for span in _breaks(r["start"], r["breaks"])
        if span[1] - span[0] < 30  # lunches (30 minutes) hold no token
    ]
    for minute in range(0, 2 * 1440):
        assert sum(a <= minute < b for a, b in short_breaks) <= 1


@pytest.mark.parametrize(
    ("agents", "named"),
    [
        (HEADER + "a1,0,40,,,\na1,0,20,,,\n", "agents.csv line 3, column agent_id: agent 'a1'"),
        (HEADER + "a1,30,20,,,\n", "agents.csv line 2, column min_hours_per_week: agent 'a1'"),
        (
            HEADER + "a1,0,40,Mon-Fri 07:00-09:00,,\n",
            "agents.csv line 2, column availability: agent 'a1': no shift template",
        ),
        (
            HEADER + "a1,0,40,,,early;night\n",
            "agents.csv line 2, column shifts: agent 'a1': unknown shift template(s) 'night'",
        ),
        (
            HEADER + "a1,0,40,,2024-04-01,\n",
            "agents.csv line 2, column unavailable_dates: agent 'a1': unavailable date 2024-04-01",
        ),
        (
            HEADER + "a1,0,40,Mon-Fir 07:00-15:00,,\n",
            "agents.csv line 2, column availability: 'Fir' in 'Mon-Fir 07:00-15:00' is not a weekday",
        ),
    ],
    ids=[
        "id-twice",
        "min-above-max",
        "window-no-template-fits",
        "unknown-template",
        "leave-out",
        "bad-availability",
    ],
)
def test_bad_agents_exit_2_naming_row_and_column_and_write_nothing(
    tmp_path: Path, agents: str, named: str
) -> None:
    with pytest.raises(CommandError) as raised:
        call_command("roster", *_files(tmp_path, agents, _requirement()), stdout=io.StringIO())

    assert raised.value.returncode == 2
    assert named in str(raised.value)
    assert not (tmp_path / "roster.csv").exists()


def test_every_bad_cell_of_every_row_is_named_at_once(tmp_path: Path) -> None:
    agents = HEADER + "a1,lots,40,,2024-13-01,\n" + "a2,0,40,Sat 25:00-26:00,,\n"

    with pytest.raises(CommandError) as raised:
        call_command("roster", *_files(tmp_path, agents, _requirement()), stdout=io.StringIO())

    lines = str(raised.value).splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "agents.csv line 2, column min_hours_per_week",
        "agents.csv line 2, column unavailable_dates",
        "agents.csv line 3, column availability",
    ]
    assert not (tmp_path / "roster.csv").exists()


def test_rest_and_consecutive_days_options_reach_the_rules(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as raised:
        call_command(
            "roster",
            *_files(tmp_path, POOL, _requirement()),
            "--max-consecutive-days",
            "0",
            stdout=io.StringIO(),
        )

    assert raised.value.returncode == 2
    assert "max_consecutive_days" in str(raised.value)


def test_without_json_a_short_summary_is_printed(tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("roster", *_files(tmp_path, POOL, _requirement()), stdout=out)

    lines = out.getvalue().splitlines()
    assert "agents: 6" in lines
    assert "rule_violations: 0" in lines
    assert "shortfall_agent_intervals: 0" in lines
