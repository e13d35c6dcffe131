"""Benchmark: named rosters for four real weeks, 150 and 1,000 agents; pyworkforce beside it.

Run from the repository root with Kezek's interpreter (``bench/rostering/run`` does it).
Prints rule violations, shortfall, paid hours against the anonymous plan and its proven
bound, the spread of weekend and late shifts, seconds, and the issue's goals as ratios.
Timings are wall-clock on a shared 2-core machine: treat them as noisy. No assertions.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from month import (
    agent_pool,
    centre_templates,
    month_requirement,
    weekly_capacity_hours,
)

from kezek.engine.rostering import (
    Agent,
    AvailabilityWindow,
    Roster,
    RosterGoals,
    RosterRules,
    RosterShift,
    check_roster,
    make_roster,
)
from kezek.engine.scheduling import (
    BreakRule,
    BreakToken,
    RequirementGrid,
    ShiftTemplate,
    net_coverage,
)

HERE = Path(__file__).parent
DATA = HERE.parent.parent.parent / "shared" / "data"
PEER_PYTHON = HERE / ".venv-peers" / "bin" / "python"
TOKEN = BreakToken(max_on_break_share=0.1)
LIMIT_S = 120.0
# Calls multiplied so that the pool's weekly maximum hours are about 1.1 x the plan's paid hours.
SCALE = {150: 7.8, 1000: 60.0}


def fingerprint(roster: Roster) -> str:
    """Equal fingerprints in two runs mean the very same roster (determinism)."""
    return hashlib.sha256(repr(roster.shifts).encode()).hexdigest()[:8]


def centre(size: int) -> None:
    grid = month_requirement(DATA, scale=SCALE[size])
    agents = agent_pool(size)
    required = int(grid.required_agents.sum())
    print(
        f"\n[{size} agents x 4 weeks, 15 min] Anonymous Bank 1999-02-01..28, calls x {SCALE[size]}: "
        f"{required} required agent-intervals, peak {int(grid.required_agents.max())}"
    )
    began = time.perf_counter()
    roster = make_roster(
        agents=agents, templates=centre_templates(), grid=grid, token=TOKEN, time_limit_s=LIMIT_S
    )
    seconds = time.perf_counter() - began
    plan_hours = roster.plan_paid_minutes / 60
    spare = weekly_capacity_hours(agents) * 4 / plan_hours - 1
    short = roster.shortfall_agent_intervals
    rules = Counter(v.rule for v in roster.violations)
    print(
        f"  pool: weekly maximum hours {weekly_capacity_hours(agents):.0f} h, spare capacity "
        f"over the plan {100 * spare:.1f} %"
    )
    print(
        f"  kezek: {seconds:.1f} s, status {roster.status}, plan {roster.plan_method}, "
        f"assignment {roster.assignment}, {len(roster.shifts)} shifts, "
        f"{len(roster.unused_agents)} agents unused, #{fingerprint(roster)}"
    )
    print(f"  rule violations: {len(roster.violations)} {dict(rules) if rules else ''}")
    print(
        f"  shortfall: {short} agent-intervals = {100 * short / required:.3f} % of required "
        f"(goal <= 0.5 %); binding rules {dict(roster.binding_rules)}"
    )
    print(
        f"  paid {roster.paid_hours:.1f} h; anonymous plan {plan_hours:.1f} h "
        f"(last make_schedule {roster.plan.status}); proven lower bound of any schedule "
        f"without shortfall {roster.lower_bound_hours:.1f} h"
    )
    print(
        f"  paid / anonymous plan {roster.paid_hours / plan_hours:.4f}; paid / lower bound "
        f"{roster.paid_hours / roster.lower_bound_hours:.4f} (goal: within 2 % of the optimal "
        f"anonymous schedule)"
    )
    print(
        f"  weekend shifts per agent: std {roster.weekend_shift_std:.2f}; late shifts: std "
        f"{roster.late_shift_std:.2f}; unplaced break minutes {roster.unplaced_break_minutes}; "
        f"most on break at once {int(roster.on_break_by_minute.max(initial=0))}"
    )


# The peer instance: two fixed 8-hour shifts, no breaks, rest 11 h; no weekly rules.
PEER_SHIFTS = (
    ShiftTemplate("Early", 7 * 60, 7 * 60, 60, 8 * 60),
    ShiftTemplate("Late", 15 * 60, 15 * 60, 60, 8 * 60),
)
# pyworkforce 0.5.1 reads a banned pair Late -> Early as "nothing the day after a Late" (its
# sum runs over every next-day shift), so the rest both can state is 8 h: always kept here.
PEER_RULES = RosterRules(min_rest_minutes=8 * 60, max_consecutive_days=28, weekly_rest_days=0)


def _peer_instance(size: int) -> tuple[RequirementGrid, list[Agent]]:
    """Per shift and day, the most agents any of its intervals needs (calls x 2.5)."""
    base = month_requirement(DATA, scale=2.5)
    per_day = 96
    req = base.required_agents.reshape(-1, per_day)
    out = np.zeros_like(req)
    for t in PEER_SHIFTS:
        lo, hi = t.earliest_start_minute // 15, (t.earliest_start_minute + t.length_minutes) // 15
        out[:, lo:hi] = req[:, lo:hi].max(axis=1, keepdims=True)
    grid = RequirementGrid(15, out.ravel(), base.wall_days, base.wall_minutes)
    pool = [
        Agent(
            a.agent_id,
            0,
            168 * 60,
            # Windows neither fixed shift fits (Saturday evening) are left out.
            availability=tuple(w for w in a.availability if _fits_a_peer_shift(w)),
            unavailable_dates=a.unavailable_dates,
        )
        for a in agent_pool(size, seed=11)
    ]
    return grid, pool


def _fits_a_peer_shift(window: AvailabilityWindow) -> bool:
    return any(
        window.fits(start_minute=t.earliest_start_minute, length_minutes=t.length_minutes)
        for t in PEER_SHIFTS
    )


def peer(size: int) -> None:
    grid, pool = _peer_instance(size)
    per_day = 96
    days = grid.n_intervals // per_day
    required = {
        t.name: [
            int(grid.required_agents[d * per_day + t.earliest_start_minute // 15])
            for d in range(days)
        ]
        for t in PEER_SHIFTS
    }
    print(
        f"\n[pyworkforce MinHoursRoster instance] {size} agents x {days} days, shifts Early 07-15 and "
        f"Late 15-23, no breaks, 8 h rest (always kept), one shift a day, leave and availability as banned "
        f"shifts; {sum(map(sum, required.values()))} agent-shifts required"
    )
    runs = {}
    for method in ("auto", "matching"):
        began = time.perf_counter()
        roster = make_roster(
            agents=pool,
            templates=PEER_SHIFTS,
            grid=grid,
            rules=PEER_RULES,
            break_rule=BreakRule(break_minutes_per_hour=0),
            goals=RosterGoals(assignment=method),
            time_limit_s=LIMIT_S,
        )
        runs[method] = (roster, time.perf_counter() - began)
        print(
            f"  kezek assignment={method} (ran {roster.assignment}): {runs[method][1]:.2f} s, "
            f"{roster.status}, paid {roster.paid_hours:.0f} h, short "
            f"{roster.shortfall_agent_intervals} agent-intervals, violations {len(roster.violations)}"
        )
    if not PEER_PYTHON.exists():
        print("  pyworkforce: peer venv missing (run bench/rostering/run)")
        return
    banned = _bans(grid, pool)
    problem = {
        "num_days": days,
        "resources": [a.agent_id for a in pool],
        "shifts": [t.name for t in PEER_SHIFTS],
        "shifts_hours": [8, 8],
        "required_resources": required,
        "banned_shifts": banned,
        "non_sequential_shifts": [],
        "time_limit_s": LIMIT_S,
    }
    began = time.perf_counter()
    done = subprocess.run(
        [str(PEER_PYTHON), str(HERE / "peer_pyworkforce.py")],
        input=json.dumps(problem),
        capture_output=True,
        text=True,
        check=True,
    )
    theirs = time.perf_counter() - began
    result = json.loads(done.stdout)
    shifts = [
        RosterShift(
            r["resource"],
            r["shift"],
            (r["day"] * per_day) * 15 + (420 if r["shift"] == "Early" else 900),
            (r["day"] * per_day) * 15 + (420 if r["shift"] == "Early" else 900) + 480,
        )
        for r in result["resource_shifts"]
        if r["resource"] != -1
    ]
    coverage = net_coverage(
        shift_starts_min=np.array([s.start_min for s in shifts], dtype=np.int64),
        shift_ends_min=np.array([s.end_min for s in shifts], dtype=np.int64),
        off_starts_min=np.zeros(0, dtype=np.int64),
        off_ends_min=np.zeros(0, dtype=np.int64),
        required_agents=grid.required_agents,
        interval_minutes=15,
    )
    violations = check_roster(
        shifts=shifts, agents=pool, templates=PEER_SHIFTS, grid=grid, rules=PEER_RULES
    )
    print(
        f"  pyworkforce 0.5.1: {theirs:.2f} s ({result['seconds']:.2f} s in the peer), "
        f"{result['status']}, paid {result['shifted_hours']:.0f} h, short "
        f"{coverage.shortfall_agent_intervals} agent-intervals, violations {len(violations)}"
    )
    for method, (roster, ours) in runs.items():
        better = roster.shortfall_agent_intervals <= coverage.shortfall_agent_intervals
        print(
            f"  pyworkforce / kezek {method} time: {theirs / ours:.1f}x (goal >= 10x at equal or "
            f"better coverage; equal or better: {better})"
        )


def _bans(grid: RequirementGrid, pool: list[Agent]) -> list[dict[str, object]]:
    """Every (agent, day, shift) that leave or availability forbids, as pyworkforce bans."""
    from kezek.engine.rostering import inside_availability

    bans = []
    first = int(grid.wall_days[0])
    for a in pool:
        for d in range(grid.n_intervals // 96):
            date_ordinal = first + d
            for t in PEER_SHIFTS:
                start = date_ordinal * 1440 + t.earliest_start_minute
                on_leave = any(x.toordinal() == date_ordinal for x in a.unavailable_dates)
                if on_leave or not inside_availability(a, start, start + t.length_minutes):
                    bans.append({"resource": a.agent_id, "shift": t.name, "day": d})
    return bans


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-scale", action="store_true", help="leave out the 1,000-agent case")
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"bench/rostering: {DATA} is absent; nothing to measure.")
        return
    for size in (80, 300, 1000):
        peer(size)
    centre(150)
    if not args.skip_scale:
        centre(1000)
    print("\nTimes are wall-clock on a 2-core machine shared with other work; expect noise.")


if __name__ == "__main__":
    main()
