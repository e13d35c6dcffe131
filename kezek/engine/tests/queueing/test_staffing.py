"""Staffing: published staffing cases, every target type, shrinkage and bad input."""

import math
from typing import Any

import numpy as np
import pytest

from kezek.engine.queueing import (
    IntervalStaffing,
    erlang_a_measures,
    erlang_c_measures,
    scheduled_agents,
    staff_interval,
    staff_intervals,
)

TEN_ERLANGS: dict[str, Any] = {"contacts": 100, "interval_s": 1800, "aht_s": 180}


def test_eighty_twenty_on_ten_erlangs_needs_fourteen_agents_and_twenty_scheduled() -> None:
    # Call Centre Helper's Erlang C worked example and pyworkforce's
    # test_expected_erlangc_results: 14 agents, SL 88.84 %, ASA 7.84 s; 20 with 30 % shrinkage.
    s = staff_interval(**TEN_ERLANGS, target_service_level=0.8, target_answer_s=20, shrinkage=0.3)
    assert (s.agents, s.scheduled_agents, s.model, s.abandon_rate) == (14, 20, "erlang_c", None)
    assert s.service_level == pytest.approx(0.8884, abs=5e-5)
    assert s.asa_seconds == pytest.approx(7.84, abs=5e-3)
    assert s.occupancy == pytest.approx(0.7143, abs=5e-5)
    assert s.wait_probability == pytest.approx(0.1741, abs=5e-5)


def test_an_occupancy_cap_of_seventy_percent_binds() -> None:
    # pyworkforce test_over_occupancy_erlangc: 15 agents, 22 scheduled, SL 0.941, occupancy 0.667.
    s = staff_interval(
        **TEN_ERLANGS, target_service_level=0.8, target_answer_s=19.8, max_occupancy=0.7,
        shrinkage=0.3,
    )  # fmt: skip
    assert (s.agents, s.scheduled_agents) == (15, 22)
    assert round(s.service_level, 3) == 0.941
    assert round(s.occupancy, 3) == 0.667


def test_occupancy_cap_ignores_float_noise() -> None:
    # 153 contacts x 7 min in 30 min is exactly 35.7 Erlangs: 42 agents at 85 % (STYLE.md).
    s = staff_interval(contacts=153, interval_s=1800, aht_s=420, max_occupancy=0.85)
    assert s.agents == 42


def test_an_asa_target_alone_suffices() -> None:
    s = staff_interval(**TEN_ERLANGS, max_asa_s=10)
    below = erlang_c_measures(agents=s.agents - 1, **TEN_ERLANGS)
    assert s.asa_seconds <= 10 < float(below.asa_s)


def test_every_target_is_met_at_once_and_one_agent_fewer_misses_one() -> None:
    s = staff_interval(
        **TEN_ERLANGS, target_service_level=0.9, target_answer_s=15, max_asa_s=5,
        max_occupancy=0.75,
    )  # fmt: skip
    assert s.service_level >= 0.9
    assert s.asa_seconds <= 5
    assert s.occupancy <= 0.75
    m = erlang_c_measures(agents=s.agents - 1, **TEN_ERLANGS, target_answer_s=15)
    assert float(m.service_level) < 0.9 or float(m.asa_s) > 5 or float(m.occupancy) > 0.75


def test_erlang_a_meets_an_abandonment_target_with_the_fewest_agents() -> None:
    s = staff_interval(**TEN_ERLANGS, max_abandon=0.02, patience_s=300)
    assert s.model == "erlang_a"
    assert s.abandon_rate is not None
    assert s.abandon_rate <= 0.02
    below = erlang_a_measures(agents=s.agents - 1, **TEN_ERLANGS, patience_s=300)
    assert float(below.abandon_rate) > 0.02


def test_erlang_a_agents_are_the_first_count_meeting_the_service_level() -> None:
    s = staff_interval(**TEN_ERLANGS, target_service_level=0.8, patience_s=600)
    m = erlang_a_measures(agents=[s.agents - 1, s.agents], **TEN_ERLANGS, patience_s=600)
    assert m.service_level[0] < 0.8 <= m.service_level[1]
    assert s.service_level == pytest.approx(float(m.service_level[1]), rel=1e-12)


def test_zero_contacts_need_zero_agents() -> None:
    for patience in (None, 120.0):
        s = staff_interval(
            contacts=0, interval_s=1800, aht_s=180, target_service_level=0.8, patience_s=patience,
            shrinkage=0.35,
        )  # fmt: skip
        assert (s.agents, s.scheduled_agents, s.service_level, s.occupancy) == (0, 0, 1.0, 0.0)


def test_given_agents_are_evaluated_instead_of_solved() -> None:
    s = staff_interval(**TEN_ERLANGS, agents=13, shrinkage=0.2)
    assert (s.agents, s.scheduled_agents) == (13, 17)
    assert s.service_level == pytest.approx(
        float(erlang_c_measures(agents=13, **TEN_ERLANGS).service_level)
    )


def test_too_few_agents_report_an_unbounded_asa_as_json_null() -> None:
    s = staff_interval(**TEN_ERLANGS, agents=10)
    assert math.isinf(s.asa_seconds)
    assert s.as_dict()["asa_seconds"] is None


def test_the_result_maps_one_to_one_onto_the_cli_json_keys() -> None:
    s = staff_interval(**TEN_ERLANGS, target_service_level=0.8)
    assert list(s.as_dict()) == [
        "agents", "scheduled_agents", "service_level", "asa_seconds", "occupancy",
        "wait_probability", "abandon_rate", "model",
    ]  # fmt: skip
    assert list(IntervalStaffing.__dataclass_fields__) == list(s.as_dict())


def test_scheduled_agents_round_away_float_noise() -> None:
    assert int(scheduled_agents(14, shrinkage=0.3)) == 20  # 14 / 0.7 = 20.000000000000004
    assert int(scheduled_agents(7, shrinkage=0.3)) == 10
    assert int(scheduled_agents(0, shrinkage=0.5)) == 0


def test_intervals_are_staffed_one_row_each_with_mixed_models() -> None:
    t = staff_intervals(
        contacts=[100, 200, 0, 5, 1_000_000], interval_s=1800, aht_s=[180, 180, 180, 180, 90],
        target_service_level=0.8, patience_s=[math.nan, 300, 300, math.nan, math.nan],
    )  # fmt: skip
    assert list(t.model) == ["erlang_c", "erlang_a", "erlang_a", "erlang_c", "erlang_c"]
    assert t.agents[0] == 14
    assert t.agents[2] == 0
    assert np.isnan(t.abandon_rate[0])
    assert t.abandon_rate[1] > 0
    assert t.row(0) == staff_interval(**TEN_ERLANGS, target_service_level=0.8)
    assert 50_000 < t.agents[4] < 50_300  # 50,000 Erlangs


def test_fractional_agents_lie_between_the_last_failing_and_the_first_passing_count() -> None:
    t = staff_intervals(
        contacts=[100, 100, 153], interval_s=1800, aht_s=[180, 180, 420],
        target_service_level=[0.8, 0.8, math.nan], max_occupancy=[math.nan, math.nan, 0.85],
        patience_s=[math.nan, 600, math.nan],
    )  # fmt: skip
    assert np.all((t.agents - 1 < t.fractional_agents) & (t.fractional_agents <= t.agents))
    assert t.fractional_agents[2] == pytest.approx(35.7 / 0.85)


def test_a_per_interval_target_array_is_honoured() -> None:
    t = staff_intervals(**TEN_ERLANGS, target_service_level=[0.5, 0.8, 0.95])
    assert list(t.agents) == sorted(t.agents)
    assert t.agents[0] < t.agents[2]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"aht_s": 0}, "aht_s must be a positive number"),
        ({"contacts": -1}, "contacts must be zero or more"),
        ({"target_service_level": 1.0}, r"target_service_level must be a fraction in \(0, 1\)"),
        ({"target_service_level": 0.0}, r"target_service_level must be a fraction in \(0, 1\)"),
        ({"shrinkage": 1.0}, r"shrinkage must be a fraction in \[0, 1\)"),
        ({"max_occupancy": 1.5}, r"max_occupancy must be a fraction in \(0, 1\]"),
        ({"max_asa_s": -3}, "max_asa_s must be a positive number"),
        ({"patience_s": 0}, "patience_s must be a positive number"),
        ({"max_abandon": 0.05}, "max_abandon needs patience_s"),
        ({"target_service_level": None}, "give at least one target"),
        ({"agents": 2.5}, "agents must be a whole number"),
        ({"contacts": "many"}, "contacts must be a number"),
    ],
)
def test_bad_arguments_fail_with_the_argument_named(
    arguments: dict[str, object], message: str
) -> None:
    kwargs: dict[str, Any] = {**TEN_ERLANGS, "target_service_level": 0.8, **arguments}
    with pytest.raises(ValueError, match=message):
        staff_interval(**kwargs)


def test_a_bad_row_is_named_by_its_index() -> None:
    with pytest.raises(ValueError, match=r"aht_s\[1\] must be a positive number"):
        staff_intervals(contacts=[1, 2], interval_s=1800, aht_s=[180, -1], target_service_level=0.8)


def test_an_unreachable_target_is_an_error() -> None:
    with pytest.raises(ValueError, match="unreachable"):
        staff_intervals(**TEN_ERLANGS, target_service_level=0.99, max_agents=12)
    with pytest.raises(ValueError, match="unreachable"):
        staff_intervals(**TEN_ERLANGS, max_abandon=0.001, patience_s=60, max_agents=12)


def test_erlang_a_can_need_more_agents_than_erlang_c_when_abandons_count_as_failures() -> None:
    # Found by a random search: 7.09 Erlangs, AHT 184.5 s, patience 100 s, 94.1 % in 289.5 s.
    # Under the "offered" definition every abandon is a failure, and callers this
    # impatient abandon long before T: Erlang A needs 10 agents, Erlang C 9.
    common: dict[str, Any] = {"contacts": 7.0886 * 1800 / 184.5, "interval_s": 1800, "aht_s": 184.5,
              "target_service_level": 0.9412, "target_answer_s": 289.5}  # fmt: skip
    assert staff_interval(**common).agents == 9
    assert staff_interval(**common, patience_s=100.4).agents == 10
    answered = staff_interval(**common, patience_s=100.4, service_level_definition="answered")
    assert answered.agents <= 9
