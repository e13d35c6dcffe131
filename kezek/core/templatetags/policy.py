"""Template filters of the access policy: ``{% if user|can:"may_view_results" %}``."""

from __future__ import annotations

from typing import Any

from django import template

from kezek.core import policy

register = template.Library()


@register.filter(name="can")
def can_filter(user: Any, name: str) -> bool:
    """Whether ``user`` has the capability ``name`` (``policy.can``; an unknown name raises)."""
    return policy.can(user, name)
