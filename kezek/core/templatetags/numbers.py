"""Template filters for numbers every app shows the same way."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def percent(value: float | None, digits: int = 0) -> str:
    """A fraction as a percentage in the page's language (0.073 → "7.3%", "7,3%"); "—" for none."""
    if value is None:
        return "—"
    return f"{number_format(value * 100, digits)}%"
