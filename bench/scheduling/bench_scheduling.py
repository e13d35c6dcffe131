"""Benchmark: one real week at 15-minute granularity, Kezek's scheduler against pyworkforce.

Run from the repository root with Kezek's interpreter (``bench/scheduling/run`` does it).
Prints paid hours, proven bound, gap, shortfall and seconds per scenario, and the issue's
goals as ratios. Timings are wall-clock on a shared 2-core machine: treat them as noisy.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Literal

sys.path.insert(0, str(Path(__file__).parent))

from week import anonymous_bank_week, bank_templates, flexible_templates

from kezek.engine.scheduling import (
    BreakRule,
    BreakToken,
    RequirementGrid,
    Schedule,
    ShiftTemplate,
    make_schedule,
)

HERE = Path(__file__).parent
DATA = HERE.parent.parent.parent / "shared" / "data"
PEER_PYTHON = HERE / ".venv-peers" / "bin" / "python"
SOLVERS: tuple[Literal["highs", "cp-sat"], ...] = ("highs", "cp-sat")
NO_BREAKS = BreakRule(break_minutes_per_hour=0)
TOKEN = BreakToken(max_on_break_share=0.1)


def _row(
    label: str,
    paid: float,
    bound: float | None,
    gap: float | None,
    short: int,
    seconds: float,
    extra: str = "",
) -> None:
    b = "" if bound is None else f"{bound:9.1f}"
    g = "" if gap is None else f"{100 * gap:6.2f}%"
    print(
        f"  {label:<26} paid {paid:8.1f} h  bound {b:>9} h  gap {g:>7}  short {short:4d}  "
        f"{seconds:6.1f} s {extra}"
    )


def kezek(
    label: str,
    templates: tuple[ShiftTemplate, ...],
    grid: RequirementGrid,
    rule: BreakRule,
    token: BreakToken,
    solver: Literal["auto", "highs", "cp-sat"] = "auto",
    limit: float = 60.0,
) -> Schedule:
    began = time.perf_counter()
    s = make_schedule(
        templates=templates,
        grid=grid,
        rule=rule,
        token=token,
        time_limit_s=limit,
        solver=solver,
    )
    seconds = time.perf_counter() - began
    # The same fingerprint in two runs means the very same schedule (determinism).
    fingerprint = hashlib.sha256(repr(s.agent_shifts).encode()).hexdigest()[:8]
    extra = (
        f"{s.status}, max on break {int(s.on_break_by_minute.max(initial=0))}, "
        f"{len(s.agent_shifts)} agent-shifts, #{fingerprint}"
    )
    _row(
        label,
        s.paid_hours,
        s.lower_bound_hours,
        s.gap,
        s.coverage.shortfall_agent_intervals,
        seconds,
        extra,
    )
    return s


def peer(label: str, templates: tuple[ShiftTemplate, ...], grid: RequirementGrid) -> float | None:
    """pyworkforce MinRequiredResources: every start of every template is its own day pattern."""
    if not PEER_PYTHON.exists():
        print(f"  {label:<26} (peer venv missing: run bench/scheduling/run)")
        return None
    per_day = 1440 // grid.interval_minutes
    coverage, cost = {}, {}
    for t in templates:
        for start in t.start_minutes():
            first, n = start // grid.interval_minutes, t.length_minutes // grid.interval_minutes
            if first + n > per_day:
                continue  # pyworkforce patterns live inside one day
            pattern = [0] * per_day
            pattern[first : first + n] = [1] * n
            coverage[f"{t.name}@{start}"] = pattern
            cost[f"{t.name}@{start}"] = t.paid_minutes
    problem = {
        "num_days": grid.n_intervals // per_day,
        "periods": per_day,
        "shifts_coverage": coverage,
        "required_resources": grid.required_agents.reshape(-1, per_day).tolist(),
        "cost": cost,
        "time_limit_s": 60.0,
    }
    began = time.perf_counter()
    done = subprocess.run(
        [str(PEER_PYTHON), str(HERE / "peer_pyworkforce.py")],
        input=json.dumps(problem),
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - began
    result = json.loads(done.stdout)
    _row(
        label,
        result["paid_hours"],
        None,
        None,
        result["shortfall_agent_intervals"],
        seconds,
        f"({result['status']}, {len(coverage)} patterns/day; solve {result['seconds']:.1f} s)",
    )
    return float(result["paid_hours"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--compare-solvers", action="store_true", help="also run HiGHS and CP-SAT alone"
    )
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"bench/scheduling: {DATA} is absent; nothing to measure.")
        return
    grid, info = anonymous_bank_week(DATA)
    print(
        f"Anonymous Bank week 1999-02-07..13, 15-min intervals: {info['calls']:.0f} calls, "
        f"AHT {info['aht_s']:.0f} s, Erlang C 80/20 -> {int(grid.required_agents.sum())} agent-intervals, "
        f"peak {int(grid.required_agents.max())}"
    )
    sets = {"bank8": bank_templates(DATA), "flexible": flexible_templates(lunch=False)}
    optimum = {}
    for name, templates in sets.items():
        print(f"\n[{name}] no breaks (goal: within 1 % of optimum, no shortfall, < 5 s)")
        s = kezek("kezek", templates, grid, NO_BREAKS, BreakToken())
        optimum[name] = s.paid_hours
        p = peer("pyworkforce 0.5.1", templates, grid)
        if p:
            print(f"  kezek / pyworkforce paid hours: {s.paid_hours / p:.4f}")
        print(f"  kezek gap to its proven bound: {100 * s.gap:.2f} %")
    cases = (
        *sets.items(),
        ("flexible+lunch", flexible_templates(lunch=True)),
        ("around-the-clock+lunch", flexible_templates(lunch=True, any_hour=True)),
    )
    for name, templates in cases:
        reference = optimum["bank8" if name == "bank8" else "flexible"]
        target = reference * 60 / 55
        print(
            f"\n[{name}] 5 min/h breaks, token 10 % of agents on shift (goal: no shortfall, paid <= "
            f"1.03 x {reference:.0f} x 60/55 = {1.03 * target:.1f} h, < 60 s)"
        )
        s = kezek("kezek", templates, grid, BreakRule(), TOKEN)
        print(
            f"  paid / (no-break optimum x 60/55): {s.paid_hours / target:.4f}; "
            f"unplaced break minutes {s.unplaced_break_minutes}"
        )
        if args.compare_solvers:
            for solver in SOLVERS:
                kezek(f"kezek solver={solver}", templates, grid, BreakRule(), TOKEN, solver=solver)
    print("\nTimes are wall-clock on a 2-core machine shared with other work; expect noise.")


if __name__ == "__main__":
    main()
