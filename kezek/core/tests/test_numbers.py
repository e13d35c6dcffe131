"""Percentages on pages are written the way the page's language writes numbers."""

from __future__ import annotations

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
