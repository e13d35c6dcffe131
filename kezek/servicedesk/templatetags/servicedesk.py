"""Template filters of the service desk."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from kezek.servicedesk.services.text import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    """User-written markdown as sanitised HTML."""
    return mark_safe(render_markdown(text or ""))  # noqa: S308  (sanitised by nh3)
