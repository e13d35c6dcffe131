from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from kezek.core.navigation import items_for
from kezek.core.policy import actor_of


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The menu of the person viewing the page."""
    if not request.user.is_authenticated:
        return {"nav_items": []}
    return {"nav_items": items_for(actor_of(request.user))}
