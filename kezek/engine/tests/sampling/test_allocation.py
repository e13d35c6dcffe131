"""Quality monitoring: the vendor's monthly sample and its split among agents (MISSION.md §4)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kezek.engine.sampling import allocate_monitoring, sample_size, vendor_monthly_sample


def test_vendor_sample_reaches_95_percent_confidence_and_5_points() -> None:
    # Cochran (1977) with the finite-population correction: 10,000 calls need 370.
    assert vendor_monthly_sample(10_000) == 370
    assert vendor_monthly_sample(200) == sample_size(200) == 132
    assert vendor_monthly_sample(0) == 0


def test_vendor_sample_accepts_a_stricter_target() -> None:
    assert vendor_monthly_sample(10_000, 0.99, 0.03) == sample_size(10_000, 0.99, 0.03)


def test_vendor_sample_rejects_a_negative_volume() -> None:
    with pytest.raises(ValueError, match=r"^volume "):
        vendor_monthly_sample(-1)


def test_every_agent_gets_sixteen_calls_when_the_vendor_sample_needs_no_more() -> None:
    # 40 agents x 100 calls: the vendor needs 351 (Cochran, N = 4,000) < 640 floors.
    volumes = {f"agent{i}": 100 for i in range(40)}
    assert allocate_monitoring(volumes) == dict.fromkeys(volumes, 16)


def test_an_agent_with_fewer_than_sixteen_calls_has_all_of_them_monitored() -> None:
    assert allocate_monitoring({"a": 100, "b": 9, "c": 0})["b"] == 9
    assert allocate_monitoring({"a": 100, "b": 9, "c": 0})["c"] == 0


def test_the_remainder_of_the_vendor_sample_follows_volume() -> None:
    # Volume 1,510 needs 307 calls. Floors 16 + 16 + 10 + 0 = 42 leave 265, shared by
    # volume among the agents with calls left: 265 * 1000/1500 = 176.67 and 88.33,
    # rounded by largest remainder to 177 and 88.
    volumes = {"a": 1000, "b": 500, "c": 10, "d": 0}
    assert vendor_monthly_sample(1510) == 307
    assert allocate_monitoring(volumes) == {"a": 193, "b": 104, "c": 10, "d": 0}


def test_largest_remainder_ties_go_to_the_agent_listed_first() -> None:
    volumes = {"x": 100, "y": 100, "z": 100}
    assert allocate_monitoring(volumes, calls_per_agent=0, total=10) == {"x": 4, "y": 3, "z": 3}
    assert allocate_monitoring(volumes, calls_per_agent=0, total=11) == {"x": 4, "y": 4, "z": 3}


def test_largest_remainder_goes_first_to_the_largest_fraction() -> None:
    # Quotas 10 * (50, 30, 20) / 100 after a floor of 0 = 5, 3, 2 exactly; with 11:
    # 5.5, 3.3, 2.2 -> floors 5, 3, 2 and the one left goes to the 0.5.
    volumes = {"a": 50, "b": 30, "c": 20}
    assert allocate_monitoring(volumes, calls_per_agent=0, total=11) == {"a": 6, "b": 3, "c": 2}


def test_an_agent_is_never_asked_for_more_calls_than_they_took() -> None:
    # a's proportional share (78 * 18/118 = 11.9) is more than its 2 calls left; the
    # excess goes to b.
    assert allocate_monitoring({"a": 18, "b": 100}, total=110) == {"a": 18, "b": 92}


def test_a_total_above_the_volume_monitors_every_call() -> None:
    assert allocate_monitoring({"a": 20, "b": 30}, total=1000) == {"a": 20, "b": 30}


def test_a_total_below_the_floors_keeps_the_floors() -> None:
    assert allocate_monitoring({"a": 200, "b": 300}, total=5) == {"a": 16, "b": 16}


def test_an_empty_vendor_monitors_nothing() -> None:
    assert allocate_monitoring({}) == {}


@pytest.mark.parametrize(
    ("volumes", "kwargs", "match"),
    [
        ({"a": -1}, {}, r"^agent_volumes\['a'\] "),
        ({"a": 2.5}, {}, r"^agent_volumes\['a'\] "),
        ({"a": 10}, {"total": -1}, "^total "),
        ({"a": 10}, {"calls_per_agent": -16}, "^calls_per_agent "),
    ],
)
def test_allocation_names_bad_input(
    volumes: dict[str, int], kwargs: dict[str, int], match: str
) -> None:
    with pytest.raises(ValueError, match=match):
        allocate_monitoring(volumes, **kwargs)


@given(
    volumes=st.dictionaries(
        st.text(min_size=1, max_size=5), st.integers(min_value=0, max_value=5_000), max_size=40
    ),
    total=st.one_of(st.none(), st.integers(min_value=0, max_value=50_000)),
    calls_per_agent=st.integers(min_value=0, max_value=30),
)
def test_allocation_keeps_floors_caps_and_the_vendor_total(
    volumes: dict[str, int], total: int | None, calls_per_agent: int
) -> None:
    plan = allocate_monitoring(volumes, calls_per_agent=calls_per_agent, total=total)
    assert list(plan) == list(volumes)
    for agent, calls in plan.items():
        assert min(calls_per_agent, volumes[agent]) <= calls <= volumes[agent]
    target = vendor_monthly_sample(sum(volumes.values())) if total is None else total
    floors = sum(min(calls_per_agent, v) for v in volumes.values())
    assert sum(plan.values()) == max(floors, min(target, sum(volumes.values())))
    assert plan == allocate_monitoring(volumes, calls_per_agent=calls_per_agent, total=total)
