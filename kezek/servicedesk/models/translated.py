"""Per-language texts stored with a row: ``translations = {"ru": {"name": "..."}}``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language


def translated(obj: Any, field: str) -> str:
    """``field`` of ``obj`` in the active language, falling back to the stored source text."""
    language = (get_language() or "en").split("-")[0]
    texts = (getattr(obj, "translations", None) or {}).get(language) or {}
    value = texts.get(field)
    return str(value) if value else str(getattr(obj, field))
