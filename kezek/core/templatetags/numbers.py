"""Template filters for numbers every app shows the same way."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def percent(value: float | None, digits: int = 0) -> str:
    """A fraction as a percentage in the page's language (0.073 → "7.3%", "7,3%"); "—" for none."""
    if value is None:
        return "—"
    return f"{number_format(_hundredfold_rounded(value, digits), digits)}%"


def _hundredfold_rounded(fraction: float, digits: int) -> Decimal | float:
    """``fraction`` × 100 rounded half up to ``digits``: ``number_format`` cuts off the rest.

    Taken from the fraction's decimal text, so 0.57 is 57 rather than 56.99999999999999,
    and 0.145 rounds to 15 rather than 14.
    """
    if not math.isfinite(fraction):
        return fraction * 100
    hundredfold = Decimal(str(fraction)) * 100
    return hundredfold.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
