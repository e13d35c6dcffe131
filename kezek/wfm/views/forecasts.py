"""Forecast pages: make one, look at it, override intervals, publish, export."""

from __future__ import annotations

import json
import zoneinfo
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kezek.core.http import AuthedRequest, form_errors
from kezek.core.policy import may
from kezek.wfm.formats import forecast_csv, forecast_workbook
from kezek.wfm.forms import (
    DayScaleForm,
    ForecastForm,
    OverrideForm,
    SpecialDayForm,
    SpecialDaysImportForm,
)
from kezek.wfm.models import ForecastInterval
from kezek.wfm.selectors import (
    forecast_accuracy,
    forecast_chart,
    forecasts_for,
    queues_for,
    read_forecast,
)
from kezek.wfm.services.forecasts import (
    forecast_create,
    forecast_day_scale,
    forecast_interval_override,
)
from kezek.wfm.services.special_days import (
    special_day_remove,
    special_day_set,
    special_days_import,
)
from kezek.wfm.services.staffing import staffing_plan_publish


@require_POST
@login_required
def forecast_new(request: AuthedRequest, queue_id: int) -> HttpResponse:
    queue = get_object_or_404(queues_for(request.user, action="change"), pk=queue_id)
    form = ForecastForm(request.POST)
    if form.is_valid():
        try:
            forecast = forecast_create(
                queue=queue,
                origin=form.cleaned_data["origin"],
                horizon_days=form.cleaned_data["horizon_days"],
                created_by=request.user,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            return redirect("wfm:forecast-detail", forecast_id=forecast.pk)
    else:
        messages.error(request, form_errors(form))
    return redirect("wfm:queue-detail", queue_id=queue.pk)


@require_POST
@login_required
def special_day_new(request: AuthedRequest, queue_id: int) -> HttpResponse:
    queue = get_object_or_404(queues_for(request.user, action="change"), pk=queue_id)
    form = SpecialDayForm(request.POST)
    if form.is_valid():
        special_day_set(queue=queue, **form.cleaned_data)
        messages.success(request, _("Special day saved."))
    else:
        messages.error(request, form_errors(form))
    return redirect("wfm:queue-detail", queue_id=queue.pk)


@require_POST
@login_required
def special_days_paste(request: AuthedRequest, queue_id: int) -> HttpResponse:
    queue = get_object_or_404(queues_for(request.user, action="change"), pk=queue_id)
    form = SpecialDaysImportForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        try:
            count = special_days_import(queue=queue, text=form.cleaned_data["text"])
        except ValidationError as exc:
            messages.error(
                request, _("Nothing saved: %(problems)s") % {"problems": "; ".join(exc.messages)}
            )
        else:
            saved = ngettext("%(count)s special day saved.", "%(count)s special days saved.", count)
            messages.success(request, saved % {"count": count})
    return redirect("wfm:queue-detail", queue_id=queue.pk)


@require_POST
@login_required
def special_day_delete(request: AuthedRequest, queue_id: int, day: str) -> HttpResponse:
    queue = get_object_or_404(queues_for(request.user, action="change"), pk=queue_id)
    try:
        removed = special_day_remove(queue=queue, day=date.fromisoformat(day))
    except ValueError:
        removed = False
    if removed:
        messages.success(request, _("Special day %(day)s removed.") % {"day": day})
    else:
        messages.error(request, _("%(day)s is not a special day of this queue.") % {"day": day})
    return redirect("wfm:queue-detail", queue_id=queue.pk)


@login_required
def forecast_detail(request: AuthedRequest, forecast_id: int) -> HttpResponse:
    forecast = get_object_or_404(forecasts_for(request.user), pk=forecast_id)
    reading = read_forecast(request.user, forecast=forecast)
    day = _chosen_day(request.GET.get("day"), reading.days)
    intervals = reading.intervals_on(day)
    prefetch_related_objects(intervals, "overrides")
    return render(
        request,
        "wfm/forecast_detail.html",
        {
            "forecast": forecast,
            "may_plan": may(request.user, "change", forecast),
            "chart_json": json.dumps(forecast_chart(reading)),
            "accuracy": forecast_accuracy(reading),
            "days": reading.days,
            "day": day,
            "intervals": intervals,
            "day_form": DayScaleForm(initial={"day": day}),
            "zone": zoneinfo.ZoneInfo(forecast.queue.time_zone),
            "plans": forecast.plans.all(),
        },
    )


@require_POST
@login_required
def forecast_override(request: AuthedRequest, interval_id: int) -> HttpResponse:
    interval = get_object_or_404(
        ForecastInterval.objects.filter(
            forecast__in=forecasts_for(request.user, action="change")
        ).select_related("forecast__queue"),
        pk=interval_id,
    )
    form = OverrideForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            forecast_interval_override(
                interval=interval, changed_by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        interval.refresh_from_db()
    else:
        error = form_errors(form)
    zone = zoneinfo.ZoneInfo(interval.forecast.queue.time_zone)
    return render(
        request,
        "wfm/forecast_detail.html#interval-row",
        {"interval": interval, "zone": zone, "may_plan": True, "error": error},
    )


@require_POST
@login_required
def forecast_day_change(request: AuthedRequest, forecast_id: int) -> HttpResponse:
    forecast = get_object_or_404(forecasts_for(request.user, action="change"), pk=forecast_id)
    form = DayScaleForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("wfm:forecast-detail", forecast_id=forecast.pk)
    day = form.cleaned_data["day"]
    try:
        changed = forecast_day_scale(
            forecast=forecast, changed_by=request.user, **form.cleaned_data
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        message = ngettext(
            "%(day)s: %(count)s interval changed by %(percent)s %%.",
            "%(day)s: %(count)s intervals changed by %(percent)s %%.",
            changed,
        )
        percent = f"{form.cleaned_data['percent']:+g}"
        messages.success(request, message % {"day": day, "count": changed, "percent": percent})
    return redirect(f"{reverse('wfm:forecast-detail', args=[forecast.pk])}?day={day.isoformat()}")


@require_POST
@login_required
def forecast_publish(request: AuthedRequest, forecast_id: int) -> HttpResponse:
    forecast = get_object_or_404(forecasts_for(request.user, action="change"), pk=forecast_id)
    try:
        plan = staffing_plan_publish(forecast=forecast, published_by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("wfm:forecast-detail", forecast_id=forecast.pk)
    messages.success(request, _("Staffing requirements published."))
    return redirect("wfm:plan-detail", plan_id=plan.pk)


@login_required
def forecast_export(request: AuthedRequest, forecast_id: int, file_format: str) -> HttpResponse:
    """The forecast as CSV (the columns of ``kezek forecast``) or XLSX, in local time.

    Any other extension is 404: it would name a file whose content it is not.
    """
    if file_format not in ("csv", "xlsx"):
        raise Http404
    forecast = get_object_or_404(forecasts_for(request.user), pk=forecast_id)
    if file_format == "xlsx":
        response = HttpResponse(
            forecast_workbook(forecast),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(forecast_csv(forecast), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="forecast-{forecast.pk}.{file_format}"'
    return response


def _chosen_day(text: str | None, days: list[date]) -> date | None:
    if text:
        try:
            chosen = date.fromisoformat(text)
        except ValueError:
            chosen = None
        if chosen in days:
            return chosen
    return days[0] if days else None
