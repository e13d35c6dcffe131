"""Quality monitoring sample: the vendor's monthly sample and each agent's share of it."""

from __future__ import annotations

import math
from collections.abc import Mapping

from kezek.engine.sampling._checks import check_count
from kezek.engine.sampling.sample_size import sample_size

CALLS_PER_AGENT = 16  # MISSION.md §4: 16 monitored calls per agent per month


def vendor_monthly_sample(volume: int, confidence: float = 0.95, margin: float = 0.05) -> int:
    """Calls to monitor in a vendor's month so the pass rate is known to ``margin``.

    :func:`~kezek.engine.sampling.sample_size.sample_size` with the month's
    contact volume as the population and the worst case ``p = 0.5``
    (MISSION.md §4: at least 95 % confidence with at most 5 % error).

    Parameters
    ----------
    volume : int
        Contacts the vendor handled (or will handle) in the month; 0 needs 0.
    confidence : float
        Two-sided confidence level, a fraction strictly between 0 and 1.
    margin : float
        Half-width wanted for the vendor's pass rate, as a fraction.

    Returns
    -------
    int
        Calls to monitor, at most ``volume``.

    References
    ----------
    Cochran, W. G. (1977). *Sampling Techniques*, 3rd ed., Wiley, §4.4.
    """
    volume = check_count("volume", volume)
    return sample_size(volume, confidence, margin)


def allocate_monitoring(
    agent_volumes: Mapping[str, int],
    *,
    calls_per_agent: int = CALLS_PER_AGENT,
    total: int | None = None,
) -> dict[str, int]:
    """Share the vendor's monthly monitoring sample among its agents.

    Every agent first gets ``min(calls_per_agent, volume)`` calls. When the
    vendor total is larger than those floors together, the remainder is shared
    in proportion to each agent's volume (never more calls than the agent took:
    the excess of a capped agent goes to the others, again by volume), rounded
    with the largest-remainder (Hamilton) method. Ties in the remainders go to the
    larger volume, then to the agent listed first, so the result is deterministic.

    Parameters
    ----------
    agent_volumes : mapping of str to int
        Calls each agent handled in the month.
    calls_per_agent : int
        Floor per agent.
    total : int, optional
        Vendor total to reach; by default :func:`vendor_monthly_sample` of the
        summed volume. Never more than the summed volume; a total below the
        floors is ignored, since every agent keeps their floor.

    Returns
    -------
    dict of str to int
        Calls to monitor per agent, in the input order.

    References
    ----------
    Balinski, M. L., Young, H. P. (2001). *Fair Representation*, 2nd ed.,
    Brookings (Hamilton's largest-remainder method).
    """
    calls_per_agent = check_count("calls_per_agent", calls_per_agent)
    volumes = {
        agent: check_count(f"agent_volumes[{agent!r}]", volume)
        for agent, volume in agent_volumes.items()
    }
    volume_total = sum(volumes.values())
    if total is None:
        total = vendor_monthly_sample(volume_total)
    total = min(check_count("total", total), volume_total)
    floors = {agent: min(calls_per_agent, volume) for agent, volume in volumes.items()}
    remainder = total - sum(floors.values())
    if remainder <= 0:
        return floors
    room = {agent: volumes[agent] - floors[agent] for agent in volumes}
    quotas = _capped_quotas(remainder, volumes, room)
    extra = {agent: math.floor(quota) for agent, quota in quotas.items()}
    leftover = remainder - sum(extra.values())
    position = {agent: i for i, agent in enumerate(volumes)}
    ranked = sorted(
        (agent for agent in quotas if extra[agent] < room[agent]),
        key=lambda a: (-(quotas[a] - extra[a]), -volumes[a], position[a]),
    )
    for agent in ranked[:leftover]:
        extra[agent] += 1
    return {agent: floors[agent] + extra.get(agent, 0) for agent in volumes}


def _capped_quotas(
    remainder: int, volumes: Mapping[str, int], room: Mapping[str, int]
) -> dict[str, float]:
    """Proportional shares of ``remainder``, none above the agent's ``room``.

    Agents whose share would exceed their room are capped and the rest is
    shared again among the others (water-filling); it ends within one pass per agent.
    """
    quotas: dict[str, float] = {}
    open_agents = {agent for agent in volumes if room[agent] > 0}
    left = float(remainder)
    while open_agents:
        weight = sum(volumes[agent] for agent in open_agents)
        capped = {a for a in open_agents if left * volumes[a] / weight >= room[a]}
        if not capped:
            quotas.update({a: left * volumes[a] / weight for a in open_agents})
            break
        for agent in capped:
            quotas[agent] = float(room[agent])
            left -= room[agent]
        open_agents -= capped
    return quotas
