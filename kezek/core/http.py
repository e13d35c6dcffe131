"""Typed requests for views behind ``@login_required``, and small request helpers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.utils import ErrorList
from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

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


def next_url(request: HttpRequest, default: str) -> str:
    """Where a POSTed form goes back to: its ``next`` field when that is a page of this site,
    else ``default`` (a URL name or path). Anything else would make the form an open redirect.
    """
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(default)


def form_errors(form: forms.BaseForm) -> str:
    """Every error of an invalid form on one line: a message shown after a redirect.

    Away from the form, "This field is required." says nothing, so each field's errors
    follow its label ("Reason: This field is required."); the form's own errors stand bare.
    """
    return " ".join(_field_errors(form, name, errors) for name, errors in form.errors.items())


def _field_errors(form: forms.BaseForm, name: str, errors: ErrorList) -> str:
    text = " ".join(str(e) for e in errors)
    if name == NON_FIELD_ERRORS:
        return text
    return _("%(label)s: %(errors)s") % {"label": form[name].label, "errors": text}
