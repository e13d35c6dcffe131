"""make_roster keeps every hard rule where the greedy answer would break it.

Each case is built so that the obvious roster (the first free agent on every shift) breaks
one rule; the solver's roster is checked by ``check_roster`` (in ``solve``) and by hand.
"""

from __future__ import annotations

import datetime as dt

from kezek.engine.rostering import RosterGoals, RosterRules, parse_availability
from kezek.engine.scheduling import ShiftTemplate

from .conftest import DAY, EARLY, LATE, MONDAY, agent, days_worked, hourly_grid, solve

WEEK_OF_DAYS = [[(9, 17, 1)]] * 7


def test_availability_window_keeps_an_early_agent_off_the_late_shift() -> None:
    grid = hourly_grid([[(6, 22, 1)]])
    early_only = agent("early-bird", availability=parse_availability("Mon-Fri 06:00-15:00"))
    roster = solve([early_only, agent("anyone")], (EARLY, LATE), grid)
    worked = {(s.agent_id, s.template) for s in roster.shifts}
    assert worked == {("early-bird", "early"), ("anyone", "late")}
    assert roster.violations == ()
    assert roster.shortfall_agent_intervals == 0


def test_an_agent_alone_outside_their_window_leaves_the_shortfall_to_availability() -> None:
    grid = hourly_grid([[(14, 22, 1)]])
    roster = solve(
        [agent("early-bird", availability=parse_availability("Mon 06:00-15:00"))],
        (EARLY, LATE),
        grid,
    )
    assert roster.shifts == ()
    assert roster.shortfall_agent_intervals == 8
    assert {s.binding_rule for s in roster.shortfall} == {"availability"}
    assert roster.unused_agents == ("early-bird",)


def test_leave_day_gets_no_shift_and_names_the_rule() -> None:
    grid = hourly_grid([[(9, 17, 1)]] * 3)
    away = agent("away", unavailable_dates=frozenset({MONDAY + dt.timedelta(days=1)}))
    roster = solve([away], (DAY,), grid)
    assert days_worked(roster, "away", grid) == [0, 2]
    assert {s.binding_rule for s in roster.shortfall} == {"unavailable_date"}
    assert [s.interval for s in roster.shortfall] == list(range(24 + 9, 24 + 17))


def test_late_then_early_needs_two_agents_with_eleven_hours_rest() -> None:
    # Late 14-22 on Monday, early 06-14 on Tuesday: 8 hours apart.
    grid = hourly_grid([[(14, 22, 1)], [(6, 14, 1)]])
    alone = solve([agent("solo")], (EARLY, LATE), grid)
    assert len(alone.shifts) == 1
    assert {s.binding_rule for s in alone.shortfall} == {"min_rest"}
    pair = solve([agent("a"), agent("b")], (EARLY, LATE), grid)
    assert pair.shortfall_agent_intervals == 0
    assert {s.agent_id for s in pair.shifts} == {"a", "b"}
    relaxed = solve(
        [agent("solo")], (EARLY, LATE), grid, rules=RosterRules(min_rest_minutes=8 * 60)
    )
    assert relaxed.shortfall_agent_intervals == 0


def test_at_most_five_days_in_a_row() -> None:
    # Two agents of up to 40 h for seven days of one 8-hour shift: without the rule one
    # agent could take six days in a row.
    grid = hourly_grid(WEEK_OF_DAYS, first=MONDAY)
    roster = solve(
        [agent("a", high=48), agent("b", high=48)],
        (DAY,),
        grid,
        rules=RosterRules(weekly_rest_days=0),
    )
    assert roster.shortfall_agent_intervals == 0
    for name in ("a", "b"):
        worked = days_worked(roster, name, grid)
        runs = _longest_run(worked)
        assert runs <= 5


def test_one_agent_for_a_whole_week_is_bound_by_the_rest_rules() -> None:
    grid = hourly_grid(WEEK_OF_DAYS)
    roster = solve([agent("solo", high=56)], (DAY,), grid)
    assert len(roster.shifts) == 5
    assert roster.violations == ()
    assert {s.binding_rule for s in roster.shortfall} <= {"max_consecutive_days", "weekly_rest"}


def test_weekly_rest_needs_two_consecutive_free_days() -> None:
    # Work wanted every day but Thursday: runs of 3 keep 'five in a row', yet the week would
    # have no two free days together; one more day beside Thursday must stay free.
    days = [[(9, 17, 1)]] * 3 + [[]] + [[(9, 17, 1)]] * 3
    grid = hourly_grid(days)
    roster = solve([agent("solo", high=56)], (DAY,), grid)
    worked = days_worked(roster, "solo", grid)
    assert len(worked) == 5
    assert 3 not in worked
    assert 2 not in worked or 4 not in worked
    assert {s.binding_rule for s in roster.shortfall} == {"weekly_rest"}


def test_weekly_maximum_hours() -> None:
    grid = hourly_grid([[(9, 17, 1)]] * 3)
    roster = solve([agent("part-time", high=16)], (DAY,), grid)
    assert len(roster.shifts) == 2
    assert {s.binding_rule for s in roster.shortfall} == {"max_hours_per_week"}


def test_weekly_minimum_hours_go_to_the_agent_who_needs_them() -> None:
    grid = hourly_grid([[(9, 17, 1)]] * 3 + [[]] * 4)
    roster = solve([agent("casual", high=40), agent("contract", low=24, high=40)], (DAY,), grid)
    assert days_worked(roster, "contract", grid) == [0, 1, 2]
    assert roster.violations == ()


def test_a_week_partly_outside_the_period_owes_its_share_of_the_minimum() -> None:
    # Three days of the ISO week lie in the period: 24 h x 3/7 = 10.3 h, two shifts.
    grid = hourly_grid([[(9, 17, 1)]] * 3)
    roster = solve([agent("casual", high=40), agent("contract", low=24, high=40)], (DAY,), grid)
    assert len(days_worked(roster, "contract", grid)) >= 2
    assert roster.violations == ()


def test_a_minimum_the_pool_cannot_meet_is_reported_with_its_rule() -> None:
    # Available on Mondays only, 8-hour shifts: 40 hours a week cannot be reached.
    grid = hourly_grid([[(9, 17, 1)]] * 7)
    monday_only = agent(
        "monday", low=40, high=40, availability=parse_availability("Mon 00:00-24:00")
    )
    roster = solve([monday_only], (DAY,), grid)
    assert [(v.agent_id, v.rule, v.date) for v in roster.violations] == [
        ("monday", "min_hours_per_week", MONDAY)
    ]


def test_templates_the_agent_may_not_work() -> None:
    grid = hourly_grid([[(6, 14, 1)]])
    roster = solve([agent("late-only", templates=frozenset({"late"}))], (EARLY, LATE), grid)
    assert roster.shifts == ()
    assert {s.binding_rule for s in roster.shortfall} == {"template"}


def test_only_agents_with_the_queues_skill_are_rostered() -> None:
    grid = hourly_grid([[(9, 17, 1)]])
    french = agent("fr", skills=frozenset({"french"}))
    roster = solve(
        [agent("en", skills=frozenset({"english"})), french], (DAY,), grid, skill="french"
    )
    assert [s.agent_id for s in roster.shifts] == ["fr"]
    alone = solve([agent("en")], (DAY,), grid, skill="french")
    assert {s.binding_rule for s in alone.shortfall} == {"skill"}


def test_a_pool_too_small_is_short_where_everyone_is_busy() -> None:
    grid = hourly_grid([[(9, 17, 3)]])
    roster = solve([agent("a"), agent("b")], (DAY,), grid)
    assert roster.shortfall_agent_intervals == 8
    assert [(s.interval, s.required, s.net, s.binding_rule) for s in roster.shortfall] == [
        (h, 3, 2, "pool") for h in range(9, 17)
    ]


def _longest_run(days: list[int]) -> int:
    best = run = 0
    previous = None
    for d in days:
        run = run + 1 if previous is not None and d == previous + 1 else 1
        best = max(best, run)
        previous = d
    return best


def test_the_date_by_date_matching_keeps_every_rule_too() -> None:
    # Large pools are matched date by date instead of CP-SAT: the checker finds nothing.
    grid = hourly_grid([[(6, 22, 2)]] * 5 + [[(9, 17, 1)]] * 2 + [[(6, 22, 2)]] * 7)
    pool = [
        agent("early", low=16, availability=parse_availability("Mon-Fri 06:00-15:00")),
        agent("late", low=16, availability=parse_availability("Mon-Sun 13:00-23:00")),
        *(agent(f"any{k}", low=24) for k in range(4)),
    ]
    roster = solve(pool, (EARLY, DAY, LATE), grid, goals=RosterGoals(assignment="matching"))
    assert roster.assignment == "matching"
    assert roster.violations == ()
    assert roster.shortfall_agent_intervals == 0


def test_a_minimum_is_met_by_trading_a_short_shift_for_a_longer_one_on_another_day() -> None:
    # From Sunday: work wanted Sunday to Wednesday (8 h) and Friday (only a 6-hour shift runs
    # on Fridays). Sunday-Wednesday plus Friday is 38 h in the grid but 30 h in the ISO week
    # from Monday, below its 32 h; Thursday as well would be six days in a row, Saturday is
    # outside the agent's window, the next Sunday would leave no two free days together.
    # Friday's 6 hours traded for Thursday's 8 keep every rule.
    sunday = MONDAY - dt.timedelta(days=1)
    days = [[(9, 17, 1)]] * 4 + [[]] + [[(9, 15, 1)]] + [[]] + [[]]
    grid = hourly_grid(days, first=sunday)  # Sunday to Sunday: the ISO week wholly inside
    full = ShiftTemplate("full", 9 * 60, 9 * 60, 60, 8 * 60, weekdays=frozenset({0, 1, 2, 3, 6}))
    short = ShiftTemplate("short", 9 * 60, 9 * 60, 60, 6 * 60)
    solo = agent("solo", low=32, high=40, availability=parse_availability("Sun-Fri 00:00-24:00"))
    roster = solve([solo], (full, short), grid, goals=RosterGoals(assignment="matching"))
    assert roster.violations == ()
    assert days_worked(roster, "solo", grid) == [0, 1, 2, 3, 4]
