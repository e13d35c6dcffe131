"""The agents file's cells and a pool the roster cannot be made for: clear messages."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from kezek.engine.rostering import (
    Agent,
    AvailabilityWindow,
    agent_from_cells,
    check_pool,
    format_window,
    make_roster,
    parse_availability,
    parse_hours,
    parse_template_list,
    parse_unavailable_dates,
)

from .conftest import DAY, EARLY, LATE, MONDAY, agent, hourly_grid


def _row(**cells: str) -> dict[str, str]:
    row = {
        "agent_id": "a7",
        "min_hours_per_week": "20",
        "max_hours_per_week": "37.5",
        "availability": "",
        "unavailable_dates": "",
        "shifts": "",
    }
    row.update(cells)
    return row


def test_windows_with_ranges_lists_and_past_midnight() -> None:
    assert parse_availability("Mon-Fri 07:00-15:00;Sat 08:00-20:00") == (
        AvailabilityWindow(frozenset(range(5)), 420, 900),
        AvailabilityWindow(frozenset({5}), 480, 1200),
    )
    assert parse_availability("Fri-Mon 22:00-06:00") == (
        AvailabilityWindow(frozenset({4, 5, 6, 0}), 1320, 1800),
    )
    assert parse_availability("mon,wed 00:00-24:00")[0].end_minute == 1440
    assert parse_availability("  ") == ()
    assert format_window(parse_availability("Mon-Wed 22:00-06:00")[0]) == "Mon,Tue,Wed 22:00-06:00"


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("Mon-Fry 07:00-15:00", "availability: 'Fry' in 'Mon-Fry 07:00-15:00' is not a weekday"),
        ("Mon 7-15", "availability: 'Mon 7-15' is not a window like 'Mon-Fri 07:00-15:00'"),
        ("Mon 07:00-25:00", "availability: '25:00' in 'Mon 07:00-25:00' is not a time"),
        ("Mon 07:00-15:00;", "availability: an empty window in 'Mon 07:00-15:00;'"),
    ],
)
def test_bad_windows_name_the_cell(cell: str, message: str) -> None:
    with pytest.raises(ValueError, match="^" + re.escape(message)):
        parse_availability(cell, where="availability")


def test_dates_templates_and_hours() -> None:
    assert parse_unavailable_dates("2024-03-05; 2024-03-06") == frozenset(
        {dt.date(2024, 3, 5), dt.date(2024, 3, 6)}
    )
    assert parse_template_list("") is None
    assert parse_template_list("early; late") == frozenset({"early", "late"})
    assert parse_hours("37.5", where="x") == 2250
    with pytest.raises(ValueError, match=r"^x: '2024-13-01' is not an ISO date"):
        parse_unavailable_dates("2024-13-01", where="x")
    with pytest.raises(ValueError, match=r"^x: an empty template name in 'early;;late'"):
        parse_template_list("early;;late", where="x")
    with pytest.raises(ValueError, match=r"^x: 'forty' is not a number of hours"):
        parse_hours("forty", where="x")


def test_a_row_with_min_above_max_names_the_row() -> None:
    expected = "agents.csv line 3: agent 'a7': min_hours_per_week 40 is above max_hours_per_week 30"
    with pytest.raises(ValueError, match=f"^{re.escape(expected)}$"):
        agent_from_cells(
            **_row(min_hours_per_week="40", max_hours_per_week="30"), where="agents.csv line 3"
        )


def test_a_row_with_a_bad_cell_names_row_and_column() -> None:
    expected = (
        "agents.csv line 4, column unavailable_dates: 'tomorrow' is not an ISO date (YYYY-MM-DD)"
    )
    with pytest.raises(ValueError, match=f"^{re.escape(expected)}$"):
        agent_from_cells(**_row(unavailable_dates="tomorrow"), where="agents.csv line 4")


def test_a_good_row() -> None:
    a = agent_from_cells(
        **_row(availability="Mon-Fri 07:00-15:00", unavailable_dates="2024-03-05", shifts="early"),
        where="agents.csv line 2",
    )
    assert (a.agent_id, a.min_minutes_per_week, a.max_minutes_per_week) == ("a7", 1200, 2250)
    assert a.templates == frozenset({"early"})


FIRST, LAST = MONDAY, MONDAY + dt.timedelta(days=6)


@pytest.mark.parametrize(
    ("pool", "message"),
    [
        ([agent("a7"), agent("a7")], "agent 'a7' appears more than once"),
        (
            [agent("a7", templates=frozenset({"nite"}))],
            "agent 'a7': unknown shift template(s) 'nite' (known: day, early, late)",
        ),
        (
            [agent("a7", unavailable_dates=frozenset({dt.date(2024, 5, 1)}))],
            "agent 'a7': unavailable date 2024-05-01 is outside the roster period "
            "2024-03-04..2024-03-10",
        ),
        (
            [agent("a7", availability=parse_availability("Mon-Fri 07:00-09:00"))],
            "agent 'a7': no shift template the agent may work fits inside the window "
            "'Mon,Tue,Wed,Thu,Fri 07:00-09:00'",
        ),
        (
            [
                agent(
                    "a7",
                    templates=frozenset({"late"}),
                    availability=parse_availability("Sat 06:00-14:00"),
                )
            ],
            "agent 'a7': no shift template the agent may work fits inside the window "
            "'Sat 06:00-14:00'",
        ),
    ],
)
def test_a_bad_pool_is_refused_naming_the_agent(pool: list[Agent], message: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        check_pool(agents=pool, templates=(EARLY, DAY, LATE), first_date=FIRST, last_date=LAST)
    with pytest.raises(ValueError, match=r"^agent 'a7'"):
        make_roster(agents=pool, templates=(EARLY, DAY, LATE), grid=hourly_grid([[]] * 7))
