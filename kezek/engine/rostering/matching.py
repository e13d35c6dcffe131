"""Named agents onto the plan's shifts day by day: a minimum-cost matching per local date.

For large pools the weekly CP-SAT model of :mod:`.assign` is too large to improve on its
greedy start within the time limit; this assignment goes through the dates in order and, on
each, matches the plan's shifts of the day to agents (``linear_sum_assignment``, the
Hungarian method [1]_) among the pairs that keep every hard rule given the days before:
rest after the agent's last shift, one shift a day, the consecutive-days limit, a weekly
rest still possible in the ISO week, the weekly maximum. Costs, lowest first: progress
towards the agent's weekly minimum (more when fewer usable days are left), the share of
the agent's next-day plan shifts the shift would rule out by the rest, then fairness
(weekend and late shifts dearer for agents who have many) and preferences. Deterministic.

References
----------
.. [1] Kuhn, H. W. (1955). The Hungarian method for the assignment problem. Naval Research
   Logistics Quarterly 2(1-2), 83-97.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import numpy.typing as npt
from scipy.optimize import linear_sum_assignment

from .assign import W_LATE, W_PREFERENCE, W_WEEKEND
from .clock import monday, weekday
from .ledger import Ledger

__all__ = ["match_days"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
_FORBIDDEN = 1e12
W_PROGRESS = 4.0  # per paid minute towards the weekly minimum, times (1 + urgency)
W_REST_LOSS = 2000.0  # times the share of next-day plan shifts the rest would rule out
W_OFF_PATTERN = 1e6  # an agent on a day their work pattern keeps free
W_PATTERN_WEEKEND = 0.05  # per weekend day already in the agent's pattern, per weekend day
W_NO_RESERVE = 1e5
# Every subset of a week's seven days, as rows of 0/1 (Monday first), and its size.
_MASK_BITS = (np.arange(128)[:, None] >> np.arange(7)[None, :]) & 1
_MASK_SIZE = _MASK_BITS.sum(
    axis=1
)  # a shift leaving too few weekly hours for the pattern's later days


def match_days(ledger: Ledger, counts: IntArray) -> None:
    """Give the plan's shifts (``counts[j]`` agents on candidate ``j``) to agents, date by date."""
    t = ledger.table
    pattern = work_patterns(ledger, counts)
    first = ledger.clock.first_ordinal
    for day in np.unique(t.day[counts > 0]).tolist():
        today = np.flatnonzero((t.day == day) & (counts > 0))
        slots = np.repeat(today, counts[today])
        cost = _costs(ledger, int(day), today, counts)
        cost += W_NO_RESERVE * _eats_reserve(ledger, pattern, int(day), today)
        off = ~pattern[:, int(day) - first]
        # Off-pattern work costs more the more pattern days the agent has left in the week.
        week_end = min(monday(int(day)) + 6, ledger.clock.last_ordinal) - first
        later = pattern[:, int(day) - first + 1 : week_end + 1].sum(axis=1)
        extra = (W_OFF_PATTERN * (1.0 + 2.0 * later[off]))[:, None]
        cost[off] = np.where(cost[off] < _FORBIDDEN, cost[off] + extra, _FORBIDDEN)
        rows, cols = linear_sum_assignment(cost[:, np.searchsorted(today, slots)])
        for a, k in zip(rows.tolist(), cols.tolist(), strict=True):
            j = int(slots[k])
            if cost[a, int(np.searchsorted(today, j))] < _FORBIDDEN:
                ledger.add(a, j)


def work_patterns(ledger: Ledger, counts: IntArray) -> npt.NDArray[np.bool_]:
    """Which dates each agent is meant to work: a days-off pattern per ISO week.

    Each agent works as many days as the weekly maximum allows with the shortest template
    they may work, at most five (the plan's shifts are often short). Agents with
    the fewest usable days choose first, each the pattern (kept by the consecutive-days and
    weekly-rest rules, the previous week's days carried over) whose dates have the most plan
    shifts still without an agent per agent still to choose who could work them (so that
    scarce dates, a Saturday evening, are not left to the last agents).
    """
    t, rules, clock = ledger.table, ledger.rules, ledger.clock
    first, n_days = clock.first_ordinal, clock.last_ordinal - clock.first_ordinal + 1
    n_agents = len(ledger.agents)
    day_index = t.day - first
    # eligible[a, d]: plan shifts on date d the agent may work
    eligible = np.zeros((n_agents, n_days))
    planned = np.flatnonzero(counts > 0)
    for a in range(n_agents):
        ok = planned[ledger.reasons[a, planned] == 0]
        np.add.at(eligible[a], day_index[ok], counts[ok])
    remaining = np.zeros(n_days)
    np.add.at(remaining, day_index[planned], counts[planned])
    wanted = np.array([_days_wanted(ledger, a) for a in range(n_agents)], dtype=np.int64)
    pattern = np.zeros((n_agents, n_days), dtype=np.bool_)
    weekend_days = np.isin((first + np.arange(n_days) - 1) % 7, [5, 6])
    # keeps[c, m]: week mask m keeps the rules after c worked days carried into the week.
    keeps = np.array(
        [
            [
                _pattern_keeps_rules(
                    [bool(b) for b in bits], c, rules.max_consecutive_days, rules.weekly_rest_days
                )
                for bits in _MASK_BITS
            ]
            for c in range(rules.max_consecutive_days + 1)
        ],
        dtype=np.bool_,
    )
    for week in range(monday(first), clock.last_ordinal + 1, 7):
        days = [d - first for d in range(week, week + 7)]
        columns = [d for d in days if 0 <= d < n_days]
        taken = (pattern & weekend_days).sum(axis=1)
        # Scarce agents first; among equals, those with more weekend days so far (they then
        # leave the weekend to others).
        usable = (eligible[:, columns] > 0).sum(axis=1)
        order = np.lexsort((np.arange(n_agents), -taken, usable))
        # Agents still to choose who could work each date: scarce dates weigh more.
        potential = np.zeros(n_days)
        potential[columns] = (eligible[:, columns] > 0).sum(axis=0)
        # A rich pool spreads the days: no agent needs more than a fair share of them, or
        # the days their weekly minimum needs.
        demand = float(np.maximum(remaining[columns], 0).sum())
        fair = int(np.ceil(demand / max(int((usable > 0).sum()), 1)))
        for a in order.tolist():
            value = np.maximum(remaining, 0) / np.maximum(potential, 1)
            days_cap = min(int(wanted[a]), max(fair, _days_for_minimum(ledger, a, week)))
            carry = min(_run_before(pattern[a], days[0]), rules.max_consecutive_days)
            usable_day = np.array(
                [0 <= d < n_days and eligible[a, d] > 0 for d in days], dtype=np.bool_
            )
            valid = (
                keeps[carry]
                & (days_cap >= _MASK_SIZE)
                & ~(_MASK_BITS & ~usable_day[None, :]).any(axis=1)
            )
            in_days = np.array([value[d] if 0 <= d < n_days else 0.0 for d in days])
            on_weekend = np.array([0 <= d < n_days and weekend_days[d] for d in days], dtype=float)
            score = _MASK_BITS @ in_days - 1e-6 * _MASK_SIZE  # no day without a use
            # A weekend day weighs less for an agent who already has some (fairness).
            score -= W_PATTERN_WEEKEND * int(taken[a]) * (_MASK_BITS @ on_weekend)
            best = int(np.flatnonzero(valid)[np.argmax(score[valid])])
            for k in range(7):
                if best >> k & 1:
                    pattern[a, days[k]] = True
                    remaining[days[k]] -= 1
            potential[columns] -= eligible[a, columns] > 0
    return pattern


def _eats_reserve(
    ledger: Ledger, pattern: npt.NDArray[np.bool_], day: int, today: IntArray
) -> FloatArray:
    """1 where the shift leaves fewer weekly hours than the pattern's later days need.

    Later pattern days of the ISO week each need the agent's shortest template.
    """
    t = ledger.table
    first = ledger.clock.first_ordinal
    week_end = min(monday(day) + 6, ledger.clock.last_ordinal)
    later = pattern[:, day - first + 1 : week_end - first + 1].sum(axis=1)
    week = monday(day)
    out = np.zeros((len(ledger.agents), today.size))
    for a, agent in enumerate(ledger.agents):
        if not later[a]:
            continue
        allowed = ledger.reasons[a] == 0
        shortest = int(t.paid_min[allowed].min()) if allowed.any() else 0
        room = agent.max_minutes_per_week - ledger.paid(a, week) - later[a] * shortest
        out[a] = t.paid_min[today] > room
    return out


def _days_for_minimum(ledger: Ledger, a: int, week: int) -> int:
    """Days of the agent's longest template that the week's minimum needs."""
    allowed = ledger.reasons[a] == 0
    longest = int(ledger.table.paid_min[allowed].max()) if allowed.any() else 0
    return -(-ledger.minimum(a, week) // longest) if longest else 0


def _days_wanted(ledger: Ledger, a: int) -> int:
    """As many days as the weekly maximum allows with the shortest template (at most 5)."""
    agent = ledger.agents[a]
    allowed = [k for k, name in enumerate(ledger.template_names) if agent.may_work(name)]
    paid = ledger.table.paid_min[np.isin(ledger.table.template, allowed)]
    shortest = float(paid.min()) if paid.size else 480.0
    return int(min(5, max(1, agent.max_minutes_per_week // max(shortest, 1.0))))


def _run_before(row: npt.NDArray[np.bool_], index: int) -> int:
    run = 0
    while index - run - 1 >= 0 and row[index - run - 1]:
        run += 1
    return run


def _pattern_keeps_rules(bits: list[bool], carry: int, max_days: int, rest_days: int) -> bool:
    run, free, longest = carry, 0, 0
    for worked in bits:
        run = run + 1 if worked else 0
        if run > max_days:
            return False
        free = 0 if worked else free + 1
        longest = max(longest, free)
    return rest_days == 0 or longest >= rest_days


def _costs(ledger: Ledger, day: int, today: IntArray, counts: IntArray) -> FloatArray:
    """Cost of agent ``a`` on each candidate of ``today``; ``_FORBIDDEN`` where a rule forbids."""
    t = ledger.table
    n_agents = len(ledger.agents)
    allowed = ledger.reasons[:, today] == 0
    last_end = np.array([max(g.ends, default=-(10**9)) for g in ledger.agendas], dtype=np.int64)
    allowed &= (last_end[:, None] + ledger.rules.min_rest_minutes) <= t.start_min[today][None, :]
    week = monday(day)
    paid = np.array([ledger.paid(a, week) for a in range(n_agents)], dtype=np.int64)
    maximum = np.array([g.max_minutes_per_week for g in ledger.agents], dtype=np.int64)
    allowed &= (paid[:, None] + t.paid_min[today][None, :]) <= maximum[:, None]
    day_ok = np.array([_day_allowed(ledger, a, day) for a in range(n_agents)], dtype=np.bool_)
    allowed &= day_ok[:, None]
    need = np.array([ledger.minimum(a, week) for a in range(n_agents)], dtype=np.int64) - paid
    left = np.array([_days_left(ledger, a, day) for a in range(n_agents)], dtype=np.float64)
    progress = np.minimum(t.paid_min[today][None, :], np.maximum(need, 0)[:, None])
    urgency = np.maximum(need, 0) / (480.0 * np.maximum(left, 1.0))
    cost = -W_PROGRESS * progress * (1.0 + urgency)[:, None]
    cost += W_REST_LOSS * _rest_loss(ledger, day, today, counts)
    weekend = np.array([g.weekend for g in ledger.agendas], dtype=np.float64)
    late = np.array([g.late for g in ledger.agendas], dtype=np.float64)
    cost += np.outer(1.0 + weekend, W_WEEKEND * t.weekend[today])
    cost += np.outer(1.0 + late, W_LATE * t.late[today])
    cost += W_PREFERENCE * _preference_misses(ledger, today, day)
    return np.where(allowed, cost, _FORBIDDEN)


def _day_allowed(ledger: Ledger, a: int, day: int) -> bool:
    """One shift a day, the consecutive-days limit, and a weekly rest still possible."""
    days = ledger.agendas[a].days
    if day in days:
        return False
    run = 0
    while day - run - 1 in days:
        run += 1
    if run + 1 > ledger.rules.max_consecutive_days:
        return False
    need = ledger.rules.weekly_rest_days
    if need == 0:
        return True
    free = longest = 0
    first = monday(day)
    for ordinal in range(first, first + 7):
        worked = ordinal == day or (ordinal < day and ordinal in days)
        free = 0 if worked else free + 1
        longest = max(longest, free)
    return longest >= need


def _days_left(ledger: Ledger, a: int, day: int) -> int:
    """Days from ``day`` to the end of its ISO week on which the agent could still work."""
    agent = ledger.agents[a]
    last = min(monday(day) + 6, ledger.clock.last_ordinal)
    open_days = {d for w in agent.availability for d in w.weekdays}
    return sum(
        1
        for d in range(day, last + 1)
        if (not agent.availability or weekday(d) in open_days)
        and dt.date.fromordinal(d) not in agent.unavailable_dates
    )


def _rest_loss(ledger: Ledger, day: int, today: IntArray, counts: IntArray) -> FloatArray:
    """Per agent and candidate: share of the agent's next-day plan shifts it would rule out."""
    t = ledger.table
    tomorrow = np.flatnonzero((t.day == day + 1) & (counts > 0))
    n_agents = len(ledger.agents)
    if tomorrow.size == 0:
        return np.zeros((n_agents, today.size))
    tomorrow = tomorrow[np.argsort(t.start_min[tomorrow], kind="stable")]
    weight = (ledger.reasons[:, tomorrow] == 0) * counts[tomorrow][None, :]
    cumulative = np.concatenate([np.zeros((n_agents, 1)), np.cumsum(weight, axis=1)], axis=1)
    total = np.maximum(cumulative[:, -1], 1.0)
    reach = t.end_min[today] + ledger.rules.min_rest_minutes
    ruled_out = np.searchsorted(t.start_min[tomorrow], reach, side="left")
    loss: FloatArray = cumulative[:, ruled_out] / total[:, None]
    return loss


def _preference_misses(ledger: Ledger, today: IntArray, day: int) -> FloatArray:
    t = ledger.table
    out = np.zeros((len(ledger.agents), today.size))
    names = [ledger.template_names[int(k)] for k in t.template[today]]
    for a, agent in enumerate(ledger.agents):
        if agent.preferred_templates:
            out[a] += [name not in agent.preferred_templates for name in names]
        if weekday(day) in agent.preferred_days_off:
            out[a] += 1.0
    return out
