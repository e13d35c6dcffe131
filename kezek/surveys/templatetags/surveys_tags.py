"""Template helpers for survey results."""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from kezek.engine.sampling import DimensionSummary
from kezek.surveys.reports import Cell

register = template.Library()


@register.simple_tag
def summary_cell(summary: Any, detail: bool = False) -> SafeString:
    """Mean, CSAT and its Wilson interval, or a dash for a suppressed group."""
    if not isinstance(summary, DimensionSummary | Cell):
        return format_html(
            '<span class="sv-suppressed" title="{}">—</span>',
            _("Fewer answers than the smallest group reported"),
        )
    if not detail or isinstance(summary, Cell):
        return format_html(
            '<span title="{}">{}%</span> <span class="muted">n={}</span>',
            _("CSAT %(low)s–%(high)s%%, mean %(mean)s")
            % {
                "low": round(summary.top_box_low * 100),
                "high": round(summary.top_box_high * 100),
                "mean": f"{summary.mean:.2f}",
            },
            round(summary.top_box_fraction * 100),
            summary.answers,
        )
    return format_html(
        "{} <span class='muted'>({}–{})</span> · {}% <span class='muted'>[{}–{}%]</span> · n={}",
        f"{summary.mean:.2f}",
        f"{summary.mean_low:.2f}",
        f"{summary.mean_high:.2f}",
        f"{summary.top_box_fraction * 100:.1f}",
        f"{summary.top_box_low * 100:.1f}",
        f"{summary.top_box_high * 100:.1f}",
        summary.answers,
    )


@register.filter
def chart_json(figure: dict[str, Any]) -> str:
    return json.dumps(figure)


@register.filter
def posted_values(posted: Any, name: str) -> list[str]:
    return list(posted.getlist(name)) if posted else []


@register.filter
def field_errors(errors: dict[str, list[str]], name: str) -> list[str]:
    return errors.get(name, []) if errors else []
