"""Queue pages: the list, one queue's history and settings, and importing history files."""

from __future__ import annotations

import json
import zoneinfo
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kezek.accounts.models import User
from kezek.core.http import AuthedRequest, form_errors
from kezek.core.jobs import job_start
from kezek.core.policy import may, may_create, may_view_any, rows
from kezek.wfm import tasks
from kezek.wfm.forms import (
    ForecastForm,
    HistoryImportForm,
    QueueForm,
    SpecialDayForm,
    SpecialDaysImportForm,
)
from kezek.wfm.models import Forecast, HistoryInterval, Queue, SpecialDay
from kezek.wfm.selectors import (
    daily_calls,
    forecasts_for,
    history_imports_for,
    queues_for,
    staffing_plans_for,
)
from kezek.wfm.services.forecasts import forecast_long_range
from kezek.wfm.services.queues import queue_create, queue_update

PAGE_SIZE = 50


@login_required
def queue_list(request: AuthedRequest) -> HttpResponse:
    page = Paginator(queues_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "wfm/queue_list.html",
        {"page_obj": page, "may_add": may_create(request.user, Queue)},
    )


@login_required
def queue_new(request: AuthedRequest) -> HttpResponse:
    organisation = request.user.organisation
    if organisation is None or not may_create(request.user, Queue):
        raise Http404
    form = QueueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            queue = queue_create(organisation=organisation, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Queue %(name)s created.") % {"name": queue.name})
            return redirect("wfm:queue-detail", queue_id=queue.pk)
    return _queue_form(request, form, None, 422 if request.method == "POST" else 200)


@login_required
def queue_edit(request: AuthedRequest, queue_id: int) -> HttpResponse:
    queue = get_object_or_404(queues_for(request.user, action="change"), pk=queue_id)
    has_history = queue.history_intervals.exists()
    form = QueueForm(request.POST or None, instance=queue, has_history=has_history)
    if request.method == "POST" and form.is_valid():
        try:
            queue_update(
                queue=Queue.objects.get(pk=queue.pk),
                opened_version=form.opened_version,
                **form.edited_values(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Queue settings saved."))
            return redirect("wfm:queue-detail", queue_id=queue.pk)
    return _queue_form(request, form, queue, 422 if request.method == "POST" else 200)


def _queue_form(
    request: AuthedRequest, form: QueueForm, queue: Queue | None, status: int
) -> HttpResponse:
    context = {"form": form, "queue": queue, "time_zones": sorted(zoneinfo.available_timezones())}
    return render(request, "wfm/queue_form.html", context, status=status)


@login_required
def queue_detail(request: AuthedRequest, queue_id: int) -> HttpResponse:
    """The queue's history, forecasts and plans, each shown only to those who may see it."""
    queue = get_object_or_404(queues_for(request.user), pk=queue_id)
    may_plan = may(request.user, "change", queue)
    may_see_history = may_view_any(request.user, HistoryInterval)
    may_see_forecasts = may_view_any(request.user, Forecast)
    days = daily_calls(request.user, queue=queue) if may_see_history else []
    growth = _growth(request.GET.get("growth"))
    coming, earlier = _special_days(request.user, queue) if may_plan else ([], [])
    return render(
        request,
        "wfm/queue_detail.html",
        {
            "queue": queue,
            "may_plan": may_plan,
            "may_see_history": may_see_history,
            "may_see_forecasts": may_see_forecasts,
            "growth_percent": round(growth * 100, 1),
            "long_range": _long_range(queue, growth) if may_plan else [],
            "imports": history_imports_for(request.user, queue=queue)[:10],
            "forecasts": forecasts_for(request.user).filter(queue=queue)[:10],
            "daily_json": json.dumps(
                {"day": [d.isoformat() for d, _ in days], "calls": [c for _, c in days]}
            ),
            "import_form": HistoryImportForm(),
            "forecast_form": ForecastForm(
                initial={"origin": timezone.localdate(timezone=_zone(queue)) + timedelta(days=1)}
            ),
            "special_day_form": SpecialDayForm(),
            "special_days_import_form": SpecialDaysImportForm(),
            "special_days": coming,
            "earlier_special_days": earlier,
            "plans": staffing_plans_for(request.user).filter(forecast__queue=queue)[:10],
        },
    )


def _special_days(user: User, queue: Queue) -> tuple[list[SpecialDay], list[SpecialDay]]:
    """The queue's special days from today on, soonest first, and those before, latest first.

    Every declared day still shapes forecasts, so none may drop off the page.
    """
    today = timezone.localdate(timezone=_zone(queue))
    declared = rows(user, SpecialDay).filter(queue=queue)
    return (
        list(declared.filter(day__gte=today).order_by("day")),
        list(declared.filter(day__lt=today).order_by("-day")),
    )


@require_POST
@login_required
def history_import(request: AuthedRequest, queue_id: int) -> HttpResponse:
    """Store the upload and validate and import it in the background, with progress."""
    queue = get_object_or_404(queues_for(request.user, action="change"), pk=queue_id)
    form = HistoryImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("wfm:queue-detail", queue_id=queue.pk)
    upload = form.cleaned_data["file"]
    stored_name = default_storage.save(f"wfm/imports/{queue.pk}/{upload.name}", upload)
    job = job_start(
        task=tasks.history_import,
        name=f"{queue}: {upload.name}",
        started_by=request.user,
        started_from=reverse("wfm:queue-detail", args=[queue.pk]),
        files=[stored_name],
        queue_id=queue.pk,
        stored_name=stored_name,
        file_name=upload.name,
        kind=form.cleaned_data["kind"],
        columns=form.call_time_columns(),
        user_id=request.user.pk,
    )
    return redirect("job-detail", job_id=job.pk)


def _zone(queue: Queue) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(queue.time_zone)


def _growth(text: str | None) -> float:
    """The planner's expected yearly growth, given in per cent (default 0)."""
    try:
        return max(-90.0, min(500.0, float(text or 0))) / 100
    except ValueError:
        return 0.0


def _long_range(queue: Queue, growth: float) -> list[tuple[object, float, float, float]]:
    try:
        return list(forecast_long_range(queue=queue, growth_per_year=growth))
    except ValidationError:
        return []  # too little history for a long-range view; the page says so
