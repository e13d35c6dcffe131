"""The optimiser and break placement end to end, on instances small enough to check by hand."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pytest

from kezek.engine.scheduling import (
    BreakRule,
    BreakToken,
    Schedule,
    ShiftTemplate,
    make_schedule,
)

from .conftest import day_grid

SOLVERS: tuple[Literal["highs", "cp-sat", "auto"], ...] = ("highs", "cp-sat", "auto")
NO_BREAKS = BreakRule(break_minutes_per_hour=0)

# The 8 six-hour patterns of anonymous_bank_shift_templates.csv (mtpa/mtpa, MTPA_Chapter_6).
BANK = tuple(
    ShiftTemplate(f"Shift{k + 1}", start * 60, start * 60, 60, 360, 0)
    for k, start in enumerate([0, 6, 8, 10, 12, 14, 16, 18])
)


def _check_rules(schedule: Schedule, rule: BreakRule, token_limit: int | None) -> None:
    """Every agent-shift keeps the break rule; the token is never exceeded."""
    for shift in schedule.agent_shifts:
        paid = (
            shift.end_min
            - shift.start_min
            - (0 if shift.lunch_min is None else shift.lunch_min[1] - shift.lunch_min[0])
        )
        total = sum(b - a for a, b in shift.breaks_min)
        assert total == (paid // 60) * rule.break_minutes_per_hour
        for a, b in shift.breaks_min:
            assert b - a >= rule.segment_minutes
            assert a >= shift.start_min + rule.no_break_first_minutes
            assert b <= shift.end_min - rule.no_break_last_minutes
            if shift.lunch_min:
                assert b <= shift.lunch_min[0] or a >= shift.lunch_min[1]
    if token_limit is not None:
        assert schedule.on_break_by_minute.max(initial=0) <= token_limit


def test_one_agent_every_hour_needs_four_bank_shifts() -> None:
    # By hand: Shift1 (0-6), Shift2 (6-12), Shift5 (12-18), Shift8 (18-24) = 24 paid hours.
    schedule = make_schedule(
        templates=BANK, grid=day_grid([1] * 24), rule=NO_BREAKS, time_limit_s=10
    )
    assert schedule.paid_hours == 24.0
    assert schedule.lower_bound_hours == 24.0
    assert schedule.gap == 0.0
    assert sorted(s.template for s in schedule.agent_shifts) == [
        "Shift1",
        "Shift2",
        "Shift5",
        "Shift8",
    ]
    assert schedule.coverage.shortfall_agent_intervals == 0


def test_breaks_need_a_third_agent_to_keep_two_on_the_floor() -> None:
    # Two agents required 09:00-17:00 with one fixed 8-hour template: without breaks 2 agents;
    # with 40 minutes of breaks each, someone is always away unless a third agent comes.
    grid = day_grid([0] * 36 + [2] * 32 + [0] * 28, interval_minutes=15)
    template = (ShiftTemplate("day", 540, 540, 15, 480, 0),)
    plain = make_schedule(templates=template, grid=grid, rule=NO_BREAKS, time_limit_s=10)
    assert plain.paid_hours == 16.0
    rule = BreakRule()
    with_breaks = make_schedule(
        templates=template, grid=grid, rule=rule, token=BreakToken(max_on_break=1), time_limit_s=10
    )
    assert with_breaks.paid_hours == 24.0
    assert with_breaks.coverage.shortfall_agent_intervals == 0
    assert with_breaks.coverage.net_by_minute[540:1020].min() >= 2
    _check_rules(with_breaks, rule, token_limit=1)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_days_keep_the_break_rule_and_the_token(seed: int) -> None:
    rng = np.random.default_rng(seed)
    hours = np.arange(96) / 4
    shape = np.clip(6 * np.sin((hours - 7) / 15 * np.pi), 0, None)
    required = np.where((hours >= 7) & (hours < 22), rng.poisson(shape + 2), 0)
    templates = (
        ShiftTemplate("F8L", 6 * 60, 13 * 60, 30, 510, 30),
        ShiftTemplate("F6", 7 * 60, 16 * 60, 30, 360, 0),
        ShiftTemplate("F4", 7 * 60, 18 * 60, 30, 240, 0),
    )
    rule = BreakRule()
    token = 2
    schedule = make_schedule(
        templates=templates,
        grid=day_grid(required.tolist(), interval_minutes=15),
        rule=rule,
        token=BreakToken(max_on_break=token),
        time_limit_s=8,
    )
    _check_rules(schedule, rule, token_limit=token)
    assert schedule.coverage.shortfall_agent_intervals == 0
    assert schedule.lower_bound_hours <= schedule.paid_hours


def test_a_share_token_lets_a_tenth_of_the_agents_on_shift_rounded_up_go() -> None:
    on_shift = np.array([0, 1, 10, 11, 20, 21], dtype=np.int64)
    assert BreakToken(max_on_break_share=0.1).limit(on_shift).tolist() == [0, 1, 1, 2, 2, 3]


def test_a_token_too_tight_for_the_breaks_is_still_scheduled_with_the_shortfall_reported() -> None:
    # Ten agents required on one fixed 6-hour shift; each agent brings 30 minutes of breaks
    # and one at a time fits only 240 break minutes into the 4-hour window, so at most 8
    # agents can work: 2 short in the 8 intervals of the first and last hour, and 3 short in
    # the 16 of the break window, where one of the 8 is always away: 16 + 48 = 64.
    grid = day_grid([0] * 32 + [10] * 24 + [0] * 40, interval_minutes=15)
    template = (ShiftTemplate("s", 480, 480, 15, 360, 0),)
    schedule = make_schedule(
        templates=template, grid=grid, token=BreakToken(max_on_break=1), time_limit_s=10
    )
    assert schedule.on_break_by_minute.max() <= 1
    assert len(schedule.agent_shifts) == 8
    assert schedule.coverage.shortfall_agent_intervals == 64
    assert schedule.unplaced_break_minutes == 0


def test_no_template_reaching_a_required_interval_is_an_error() -> None:
    with pytest.raises(ValueError, match="required interval 0 is covered by no shift template"):
        make_schedule(templates=(BANK[1],), grid=day_grid([1] * 24), rule=NO_BREAKS)


def test_highs_and_cp_sat_agree_on_a_small_optimum() -> None:
    grid = day_grid([0] * 28 + [3] * 20 + [5] * 20 + [2] * 20 + [0] * 8, interval_minutes=15)
    templates = (ShiftTemplate("F6", 6 * 60, 16 * 60, 30, 360, 0),)
    results = {
        solver: make_schedule(
            templates=templates,
            grid=grid,
            token=BreakToken(max_on_break=2),
            time_limit_s=15,
            solver=solver,
        ).paid_hours
        for solver in SOLVERS
    }
    assert len(set(results.values())) == 1, results
