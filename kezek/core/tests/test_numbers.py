"""Percentages on pages are written the way the page's language writes numbers."""

from __future__ import annotations

import pytest
from django.utils import translation

from kezek.core.templatetags.numbers import percent


def test_a_percentage_follows_the_language_of_the_page() -> None:
    with translation.override("en"):
        english = percent(0.225, 1), percent(0.75)
    with translation.override("ru"):
        russian = percent(0.225, 1)

    assert english == ("22.5%", "75%")
    assert russian == "22,5%"
    assert percent(None) == "—"


@pytest.mark.parametrize(
    ("fraction", "digits", "shown"),
    [
        (0.57, 0, "57%"),
        (0.09488, 1, "9.5%"),
        (0.8757, 0, "88%"),
        (0.145, 0, "15%"),
        (0.0449, 0, "4%"),
        (-0.0001, 0, "0%"),
    ],
)
def test_a_percentage_is_rounded_to_the_nearest_not_cut_off(
    fraction: float, digits: int, shown: str
) -> None:
    with translation.override("en"):
        assert percent(fraction, digits) == shown


def test_a_rounded_percentage_keeps_the_decimal_comma_of_the_language() -> None:
    with translation.override("ru"):
        assert percent(0.09488, 1) == "9,5%"
