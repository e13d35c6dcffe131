"""Refuse to serve without the production settings, naming what is missing."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register
from django.core.exceptions import ImproperlyConfigured


def missing_production_settings() -> list[str]:
    """Names of required variables that are unset while DEBUG is off."""
    if settings.DEBUG:
        return []
    missing = []
    try:
        settings.SECRET_KEY  # noqa: B018  (Django raises on access when it is empty)
    except ImproperlyConfigured:
        missing.append("KEZEK_SECRET_KEY")
    if not settings.ALLOWED_HOSTS:
        missing.append("KEZEK_ALLOWED_HOSTS")
    return missing


def require_production_settings() -> None:
    """Called by the web entry points before they serve a single request."""
    missing = missing_production_settings()
    if missing:
        raise ImproperlyConfigured(
            "Kezek will not start: set "
            + ", ".join(missing)
            + " (or KEZEK_DEBUG=true for local development)."
        )


@register(Tags.security, deploy=True)
def check_production_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    return [
        Error(f"{name} is not set.", hint="See the README, section Production.", id="kezek.E001")
        for name in missing_production_settings()
    ]
