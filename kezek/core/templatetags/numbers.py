"""Template filters for numbers every app shows the same way."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def percent(value: float | None, digits: int = 0) -> str:
    """A fraction as a percentage (0.073 → "7.3%" with 1 digit); "—" for none."""
    if value is None:
        return "—"
    return f"{value * 100:.{digits}f}%"
