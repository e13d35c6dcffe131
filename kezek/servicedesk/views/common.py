"""What the desk's pages share: the page size, form errors from a service, one attempt."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError

from kezek.core.http import AuthedRequest

PAGE_SIZE = 50


def add_errors(form: object, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (unknown fields: the whole form)."""
    fields = getattr(form, "fields", {})
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in fields else None, errors)  # type: ignore[attr-defined]
    else:
        form.add_error(None, exc)  # type: ignore[attr-defined]


def attempt(request: AuthedRequest, action: Callable[[], object], *, success: str = "") -> None:
    """Run a service call for a form that redirects: its ValidationError becomes a message."""
    try:
        action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if success:
            messages.success(request, success)
