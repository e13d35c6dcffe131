"""Typed requests for views behind ``@login_required``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from kezek.accounts.models import User


class AuthedRequest(HttpRequest):
    """An ``HttpRequest`` whose user is logged in; for typing only."""

    user: User
    htmx: HtmxDetails
