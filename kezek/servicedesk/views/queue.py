"""The desk's working pages: the queue and its bulk actions, confidential cases, agents, the SLA report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kezek.core.http import AuthedRequest, form_errors, next_url, query_without_page
from kezek.core.policy import require
from kezek.servicedesk import selectors
from kezek.servicedesk.choices import SlaState, State
from kezek.servicedesk.forms import (
    BulkForm,
    HandOverForm,
)
from kezek.servicedesk.models import Request
from kezek.servicedesk.services import assignment
from kezek.servicedesk.services import requests as request_services
from kezek.servicedesk.views.common import PAGE_SIZE, add_errors

QUEUE_COUNT_CAP = 5000


class CappedPaginator(Paginator[Request]):
    """Counts at most ``QUEUE_COUNT_CAP`` rows: an exact count of a 100,000-row queue costs more
    than the page itself, and nobody pages past the first hundred pages of a queue."""

    @cached_property
    def count(self) -> int:
        rows: QuerySet[Request] = self.object_list  # type: ignore[assignment]
        # Unordered, so the planner may count along whichever index is cheapest.
        return rows.order_by()[:QUEUE_COUNT_CAP].count()


def _queue_filter(request: AuthedRequest) -> selectors.QueueFilter:
    def number(name: str) -> int | None:
        value = request.GET.get(name, "")
        return int(value) if value.isdigit() else None

    return selectors.QueueFilter(
        state=request.GET.get("state", "") if request.GET.get("state", "") in State.values else "",
        group=number("group"),
        assignee=request.GET.get("assignee", ""),
        sla=request.GET.get("sla", ""),
        organisation=number("organisation"),
        service=number("service"),
        text=request.GET.get("q", "").strip()[:100],
        sort=request.GET.get("sort", "due"),
    )


@login_required
def queue(request: AuthedRequest) -> HttpResponse:
    """The agents' queue with filters, sorting, SLA badges and bulk actions."""
    require(request.user, "may_work_requests")
    filters = _queue_filter(request)
    page = CappedPaginator(selectors.queue_for(request.user, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page_obj": page,
        "filters": filters,
        "query": query_without_page(request),
        "states": State.choices,
        "sla_states": SlaState.choices,
        "groups": selectors.groups_for(request.user),
        "agents": selectors.agents_for(request.user),
        "capped": page.paginator.count >= QUEUE_COUNT_CAP,
        "cap": QUEUE_COUNT_CAP,
    }
    template = "servicedesk/queue.html#queue-table" if request.htmx else "servicedesk/queue.html"
    return render(request, template, context)


@login_required
@require_POST
def queue_bulk(request: AuthedRequest) -> HttpResponse:
    form = BulkForm(request.POST, agents=selectors.agents_for(request.user))
    if form.is_valid():
        done, skipped = request_services.requests_bulk_update(
            actor=request.user,
            request_ids=form.cleaned_data["ids"],
            assignee=form.cleaned_data.get("assignee"),
            to_state=form.cleaned_data.get("to_state") or "",
            now=timezone.now(),
        )
        messages.success(
            request,
            _("%(done)s requests updated, %(skipped)s skipped.")
            % {"done": done, "skipped": skipped},
        )
    else:
        messages.error(request, form_errors(form))
    return redirect(next_url(request, "servicedesk:queue"))


@login_required
def confidential(request: AuthedRequest) -> HttpResponse:
    page = Paginator(selectors.confidential_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "servicedesk/confidential.html", {"page_obj": page})


@login_required
def agents(request: AuthedRequest) -> HttpResponse:
    """Who is in, who is absent, and handing an absent agent's work to a stand-in."""
    require(request.user, "may_work_desk")
    people = list(selectors.agents_for(request.user))
    form = HandOverForm(request.POST or None, agents=selectors.agents_for(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            moved = assignment.agent_hand_over(
                actor=request.user,
                agent=form.cleaned_data["agent"],
                stand_in=form.cleaned_data["stand_in"],
                now=timezone.now(),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request, _("%(count)s open requests were handed over.") % {"count": moved}
            )
            return redirect("servicedesk:agents")
    loads = selectors.agent_open_loads(request.user, [p.pk for p in people])
    absent = selectors.absent_ids()
    rows = [(p, loads.get(p.pk, 0), p.pk in absent) for p in people]
    return render(request, "servicedesk/agents.html", {"rows": rows, "form": form})


@login_required
def sla_report(request: AuthedRequest) -> HttpResponse:
    by = request.GET.get("by", "client")
    if by not in selectors.REPORT_DIMENSIONS:
        by = "client"
    report = selectors.sla_report_for(request.user, by=by)
    field = selectors.REPORT_DIMENSIONS[by][0]
    lines = [(line[field] or "—", line) for line in report]
    return render(
        request,
        "servicedesk/sla_report.html",
        {"lines": lines, "by": by, "deflection": selectors.deflection_for(request.user)},
    )
