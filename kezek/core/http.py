"""Typed requests for views behind ``@login_required``, and small request helpers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from kezek.accounts.models import User


class AuthedRequest(HttpRequest):
    """An ``HttpRequest`` whose user is logged in; for typing only."""

    user: User
    htmx: HtmxDetails


def query_without_page(request: HttpRequest) -> str:
    """The request's query string minus ``page``: what a list's page links carry along."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def form_errors(form: forms.BaseForm) -> str:
    """Every error of an invalid form on one line: a message shown after a redirect."""
    return " ".join(str(e) for errors in form.errors.values() for e in errors)
