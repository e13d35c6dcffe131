"""Template tags and filters of the service desk."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from kezek.servicedesk.choices import SlaState
from kezek.servicedesk.models import Request
from kezek.servicedesk.services.text import render_markdown

register = template.Library()

NO_VALUE = "—"


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    """User-written markdown as sanitised HTML."""
    return mark_safe(render_markdown(text or ""))  # noqa: S308  (sanitised by nh3)


def _local(moment: datetime | None, pattern: str) -> str:
    """``moment`` in the active time zone (the page's ``{% timezone %}``), or ""."""
    return timezone.localtime(moment).strftime(pattern) if moment else ""


@register.simple_tag
def sla_badge(item: Request) -> SafeString:
    """The request's SLA state as a badge, its resolution deadline in the title or text."""
    due = item.resolution_due_at
    if item.sla_state == SlaState.BREACHED:
        return format_html(
            '<span class="badge breached sd-sla" title="{}">{}</span>',
            _local(due, "%Y-%m-%d %H:%M"),
            _("Breached"),
        )
    if item.sla_state == SlaState.WARNING:
        return format_html(
            '<span class="badge warning sd-sla" title="{}">{}</span>',
            _local(due, "%Y-%m-%d %H:%M"),
            _("At risk"),
        )
    if item.sla_state == SlaState.PAUSED:
        return format_html('<span class="badge sd-sla">{}</span>', _("Paused"))
    if item.sla_state == SlaState.OK:
        text = _local(due, "%d.%m %H:%M") if due else _("On time")
        return format_html('<span class="badge ok sd-sla">{}</span>', text)
    return format_html('<span class="muted">{}</span>', NO_VALUE)


@register.simple_tag
def request_rows(items: Iterable[Request], bulk: bool = False) -> SafeString:
    """The rows of a request list: the agents' queue (``bulk``: with a checkbox, the client,
    the requester and the priority), "my requests" and the confidential cases.

    Built here rather than in a template: a queue page has 50 rows, and the template engine
    spent about a third of the page's time on them (the page's goal is 50 ms at p95).
    """
    rows = [_request_row(item, bulk) for item in items]
    if not rows:
        return format_html('<tr><td colspan="10">{}</td></tr>', _("No requests to show."))
    return mark_safe("\n".join(rows))  # noqa: S308  (every value escaped by format_html)


def _request_row(item: Request, bulk: bool) -> str:
    link = format_html(
        '<a href="{}">{}</a>', reverse("servicedesk:request-detail", args=[item.pk]), item.number
    )
    cells = []
    if bulk:
        checkbox = format_html(
            '<input type="checkbox" name="ids" value="{}" form="sd-bulk-form" aria-label="{}">',
            item.pk,
            item.number,
        )
        cells.append(_cell(checkbox))
    cells += [_cell(link), _cell(item.title, "sd-title"), _cell(item.service.display_name)]
    if bulk:
        cells += [_cell(item.organisation), _cell(item.requester)]
    state = format_html('<span class="badge sd-state-{}">{}</span>', item.state, item.state_label)
    cells += [_cell(state), _cell(sla_badge(item))]
    if bulk:
        cells.append(_cell(item.priority_label))
    cells += [_cell(item.assignee or NO_VALUE), _cell(_local(item.created_at, "%Y-%m-%d %H:%M"))]
    return format_html(
        '<tr class="sd-request-row" data-id="{}">{}</tr>',
        item.pk,
        mark_safe("".join(cells)),  # noqa: S308  (every cell escaped by format_html)
    )


def _cell(value: object, css_class: str = "") -> str:
    if css_class:
        return format_html('<td class="{}">{}</td>', css_class, value)
    return format_html("<td>{}</td>", value)
