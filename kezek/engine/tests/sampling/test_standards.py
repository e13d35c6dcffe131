"""Staff above or below standard: flagged only when the evidence supports it."""

from __future__ import annotations

import numpy as np
import pytest

from kezek.engine.sampling import StandardFlag, flag_proportions, flag_staff, wilson_interval


def test_an_agent_far_below_standard_is_flagged_below() -> None:
    (standing,) = flag_proportions(counts_by_agent={"Aigerim": (10, 30)}, standard=0.8)
    assert standing.flag is StandardFlag.BELOW
    assert str(standing.flag) == "below"  # a StrEnum: templates and JSON see the plain word
    assert standing.fraction == pytest.approx(1 / 3)
    assert (standing.low, standing.high) == wilson_interval(10, 30)
    assert standing.p_adjusted is not None
    assert standing.p_adjusted < 0.05


def test_an_agent_far_above_standard_is_flagged_above() -> None:
    (standing,) = flag_proportions(counts_by_agent={"Daulet": (29, 30)}, standard=0.5)
    assert standing.flag is StandardFlag.ABOVE


def test_a_perfect_month_of_sixteen_calls_is_not_yet_evidence_of_beating_80_percent() -> None:
    # Exact binomial test (Clopper & Pearson 1934; scipy's two-sided rule): P(16 of 16 | 0.8)
    # = 0.8^16 = 0.0281; the outcomes no more likely than that, 0-9 of 16, add 0.0267,
    # so the two-sided p-value is 0.0548: not below 0.05.
    (standing,) = flag_proportions(counts_by_agent={"Nurlan": (16, 16)}, standard=0.8)
    assert standing.p_value == pytest.approx(0.0548, abs=1e-4)
    assert standing.flag is StandardFlag.WITHIN


def test_holm_correction_keeps_one_unlucky_agent_in_a_large_team_within() -> None:
    # 8 of 20 against 0.65 has an exact two-sided p of 0.032: flagged alone ...
    alone = flag_proportions(counts_by_agent={"x": (8, 20)}, standard=0.65)
    assert alone[0].p_value is not None
    assert alone[0].p_value < 0.05
    assert alone[0].flag is StandardFlag.BELOW
    # ... but not among 19 colleagues who are exactly at standard.
    team = {f"agent{i}": (13, 20) for i in range(19)} | {"x": (8, 20)}
    standings = flag_proportions(counts_by_agent=team, standard=0.65)
    assert {s.flag for s in standings} == {StandardFlag.WITHIN}


def test_small_groups_are_suppressed_and_carry_no_numbers() -> None:
    standings = flag_proportions(counts_by_agent={"new": (0, 4), "old": (10, 30)}, standard=0.8)
    new, old = standings
    assert new.flag is StandardFlag.SUPPRESSED
    assert (new.answers, new.fraction, new.low, new.high, new.p_value, new.p_adjusted) == (
        None,
        None,
        None,
        None,
        None,
        None,
    )
    assert old.flag is StandardFlag.BELOW


def test_suppressed_agents_do_not_count_in_the_holm_family() -> None:
    lone = flag_proportions(counts_by_agent={"x": (8, 20)}, standard=0.65)
    with_small = flag_proportions(
        counts_by_agent={"x": (8, 20), "a": (1, 2), "b": (0, 1)}, standard=0.65
    )
    assert with_small[0].p_adjusted == lone[0].p_adjusted


@pytest.mark.slow
def test_a_team_entirely_at_standard_is_rarely_flagged_at_all() -> None:
    # Family-wise error: with 20 agents of 16 calls each at exactly 80 %, the share
    # of simulated months in which anyone is flagged stays at or below alpha.
    rng = np.random.default_rng(42)
    months = 300
    flagged_months = 0
    for _ in range(months):
        successes = rng.binomial(16, 0.8, size=20)
        team = {f"a{i}": (int(s), 16) for i, s in enumerate(successes)}
        standings = flag_proportions(counts_by_agent=team, standard=0.8)
        flagged_months += any(s.flag in ("above", "below") for s in standings)
    assert flagged_months / months <= 0.05 + 0.02  # 0.02: ~1.6 standard errors of noise


def test_flag_staff_uses_the_top_two_boxes_of_each_agents_ratings() -> None:
    ratings = {
        "Aruzhan": [5, 5, 4, 5, 4, 5, 5, 4, 5, 5] * 3,  # 30 of 30 in the top two boxes
        "Bolat": [1, 2, 3, 4, 5, 2, 3, 1, 2, 3] * 3,  # 6 of 30
        "Chingiz": [4, 5, 3],
    }
    standings = flag_staff(ratings_by_agent=ratings, standard=0.8, scale_max=5)
    assert [s.flag for s in standings] == ["above", "below", "suppressed"]
    assert standings[1].fraction == pytest.approx(0.2)


def test_flag_staff_on_a_zero_to_ten_scale_counts_nine_and_ten() -> None:
    (standing,) = flag_staff(ratings_by_agent={"a": [0, 9, 10, 8, 10]}, standard=0.5, scale_max=10)
    assert standing.fraction == pytest.approx(0.6)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"counts_by_agent": {"a": (1, 5)}, "standard": 1.0}, "^standard "),
        ({"counts_by_agent": {"a": (6, 5)}, "standard": 0.8}, r"^counts_by_agent\['a'\] successes"),
        ({"counts_by_agent": {"a": (1, -5)}, "standard": 0.8}, r"^counts_by_agent\['a'\] trials"),
        ({"counts_by_agent": {"a": (1, 5)}, "standard": 0.8, "alpha": 0}, "^alpha "),
    ],
)
def test_flag_proportions_names_bad_input(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        flag_proportions(**kwargs)  # type: ignore[arg-type]


def test_flag_staff_names_the_agent_with_a_rating_off_the_scale() -> None:
    with pytest.raises(ValueError, match=r"^ratings_by_agent\['b'\] must lie in 1\.\.5, got 6"):
        flag_staff(ratings_by_agent={"a": [5] * 5, "b": [6]}, standard=0.8, scale_max=5)
